"""Every boundary check reaches Python as a ValueError whose message names the field."""

import math

import numpy as np
import pytest

import pkengine as pk

NAN = math.nan


@pytest.fixture
def model():
    return pk.Model(pk.Disposition.one_compartment(cl=5.0, v1=10.0))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: pk.Disposition.one_compartment(cl=NAN, v1=10.0), "CL = nan: must be a finite number"),
        (lambda: pk.Disposition.one_compartment(cl=5.0, v1=-1.0), "V1 = -1: must be > 0"),
        (lambda: pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=1.0)), "CL = 0: must be > 0 in a model without"),
        (lambda: pk.Disposition.two_compartment(cl=5, v1=10, q2=math.inf, v2=20), "Q2 = inf"),
        (lambda: pk.Bioavailability(1.5), "f.high = 1.5: bioavailability must be in (0, 1]"),
        (lambda: pk.Bioavailability(0.0), "f.low = 0: bioavailability must be in (0, 1]"),
        (lambda: pk.Bioavailability(0.5, 0.1, 0.3), "f.nominal = 0.5: must lie in [low, high]"),
        (lambda: pk.Dose(-5.0, "oral"), "dose.amount_mg = -5: must be >= 0"),
        (lambda: pk.Dose(5.0, "iv_infusion").at(0.0), "zero-length infusion"),
        (lambda: pk.Dose.per_kg(0.5, NAN, "im"), "weight_kg = nan"),
        (lambda: pk.OutputTimes.at(np.array([0.0, 2.0, 1.0])), "times_h[2] = 1: output times must be sorted"),
        (lambda: pk.OutputTimes.uniform(0.0, 1e7, 1.0), "stop_h = 10000000: is beyond the longest horizon"),
        (lambda: pk.Route("rectal"), "route = 'rectal': unknown route"),
        (
            lambda: pk.DoseEvent(time=0.0, amount=1.0, rate=2.0, duration=1.0, route="iv_infusion"),
            "an infusion is given by rate or by duration, not both",
        ),
    ],
)
def test_invalid_input_raises_value_error(make, message):
    with pytest.raises(ValueError) as excinfo:
        make()
    assert message in str(excinfo.value)
    assert isinstance(excinfo.value, pk.InvalidInput)


def test_absorption_fields_are_named(model):
    with pytest.raises(ValueError, match=r"oral\.ka_per_h = -1"):
        model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2), ka=-1.0))
    with pytest.raises(ValueError, match=r"im\.lag_h = nan"):
        model.set_absorption("im", pk.Absorption(pk.Bioavailability(0.9), ka=1.0, lag=NAN))
    with pytest.raises(ValueError, match="IV routes have no absorption parameters"):
        model.set_absorption("iv_bolus", pk.Absorption(pk.Bioavailability(0.9), ka=1.0))


def test_event_lists_are_checked(model):
    with pytest.raises(ValueError, match=r"events\[1\]\.time_h = 1: events must be sorted"):
        pk.simulate(model, [pk.DoseEvent(time=2.0, amount=1.0), pk.DoseEvent(time=1.0, amount=1.0)])
    with pytest.raises(ValueError, match=r"events\[0\]\.route = oral: the model has no absorption"):
        pk.simulate(model, pk.Dose(1.0, "oral"))
    with pytest.raises(ValueError, match=r"bioavailability = 'median'"):
        pk.simulate(model, pk.Dose(1.0, "iv_bolus"), bioavailability="median")
    with pytest.raises(ValueError, match=r"event\.amount_mg = -1"):
        pk.DoseEvent(time=0.0, amount=-1.0)


def test_enum_values_outside_the_enum_are_rejected(model):
    # pybind11 enums accept any integer; the engine checks the value at every entry.
    with pytest.raises(ValueError, match=r"route = 10000000: not a route"):
        model.set_modelled_infusion(pk.Route(10**7), pk.ModelledInfusion(rate=20.0, duration=0.0))
    with pytest.raises(ValueError, match=r"route = 99: not a route"):
        model.set_absorption(pk.Route(99), pk.Absorption(pk.Bioavailability(0.5), ka=1.0))
    assert model.disposition.cl == 5.0 and model.disposition.v1 == 10.0
    with pytest.raises(ValueError, match=r"dose\.route = 99: not a route"):
        pk.Dose(1.0, pk.Route(99))
    with pytest.raises(ValueError, match=r"event\.route = 7: not a route"):
        pk.DoseEvent(time=0.0, amount=1.0, route=pk.Route(7))
    with pytest.raises(ValueError, match=r"event\.kind = 9: not a valid value"):
        pk.DoseEvent(time=0.0, amount=1.0, kind=pk.EventKind(9))
    with pytest.raises(ValueError, match=r"event\.steady_state = 5"):
        pk.DoseEvent(time=0.0, amount=1.0, ss=pk.SteadyState(5))


def test_an_overflowing_simulation_raises_instead_of_returning_nan(model):
    # CL/V1 overflows to infinity: rejected before any work as a rate above the maximum.
    extreme = pk.Model(pk.Disposition.one_compartment(cl=1e300, v1=1e-300))
    with pytest.raises(ValueError, match=r"from 'central' to 'eliminated' = inf /h \(CL/V1\)"):
        pk.simulate(extreme, pk.Dose(100.0, "iv_bolus"))
    two = [pk.DoseEvent(time=0.0, amount=1e308), pk.DoseEvent(time=0.25, amount=1e308)]
    with pytest.raises(pk.SolverError, match=r"amount of 'central' \(mg\) at t = "):
        pk.simulate(model, two)
