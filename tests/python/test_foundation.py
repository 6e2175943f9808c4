"""The exact path from Python against closed forms and invariants (same cases as the C++ suite).

Tolerance 1e-10 relative for closed forms (the issue's bound; the Pade exponential is good to a few
ulps per step)."""

import math

import numpy as np
import pytest
from conftest import max_rel_error

import pkengine as pk

EXACT = 1e-10


def test_one_compartment_iv_bolus():
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    r = pk.simulate(model, pk.Dose(100.0, "iv_bolus"), t_end=48.0, dt=1 / 60)
    assert r.times.shape == (2881,)
    assert r.concentration[0] == pytest.approx(100 / 30, rel=1e-15)
    assert max_rel_error(r.concentration, 100 / 30 * np.exp(-0.2 * r.times)) < EXACT


def test_oral_bateman_with_f_and_lag():
    model = pk.Model(pk.Disposition.one_compartment(cl=10.0, v1=50.0))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2, 0.1, 0.3), ka=1.5, lag=0.25))
    r = pk.simulate(model, pk.Dose(200.0, "oral"), t_end=48.0, dt=1 / 60)
    s = np.clip(r.times - 0.25, 0.0, None)
    expected = 0.2 * 200 * 1.5 / (50 * (1.5 - 0.2)) * (np.exp(-0.2 * s) - np.exp(-1.5 * s))
    assert max_rel_error(r.concentration, expected) < EXACT
    high = pk.simulate(model, pk.Dose(200.0, "oral"), [5.0], bioavailability="high")
    assert high.concentration[0] == pytest.approx(expected[300] * 0.3 / 0.2, rel=EXACT)


def test_two_compartment_biexponential():
    k10, k12, k21, v1 = 0.3, 1.2, 0.4, 12.0
    model = pk.Model(pk.Disposition.from_micro_constants(2, pk.MicroConstants(k10, k12, k21), v1))
    r = pk.simulate(model, pk.Dose(50.0, "iv_bolus"), t_end=48.0, dt=1 / 60)
    total = k10 + k12 + k21
    disc = math.sqrt(total**2 - 4 * k10 * k21)
    alpha, beta = (total + disc) / 2, (total - disc) / 2
    a = 50 / v1 * (alpha - k21) / (alpha - beta)
    b = 50 / v1 * (k21 - beta) / (alpha - beta)
    assert max_rel_error(r.concentration, a * np.exp(-alpha * r.times) + b * np.exp(-beta * r.times)) < EXACT


def test_infusion_during_and_after():
    cl, v = 5.0, 40.0
    k = cl / v
    model = pk.Model(pk.Disposition.one_compartment(cl=cl, v1=v))
    duration = 40 / 60
    r = pk.simulate(model, pk.Dose(35.0, "iv_infusion", duration=duration), t_end=24.0, dt=7 / 60)
    rate = 35.0 / duration
    t = r.times
    during = rate / cl * (1 - np.exp(-k * t))
    after = rate / cl * (1 - np.exp(-k * duration)) * np.exp(-k * (t - duration))
    assert max_rel_error(r.concentration, np.where(t <= duration, during, after)) < EXACT


def test_superposition(domino_model):
    first = pk.Regimen.single(pk.Dose(35.0, "im"))
    second = pk.Regimen.single(pk.Dose(20.0, "iv_infusion", duration=0.5), at=3.25)
    both = pk.simulate(domino_model, first + second, t_end=24.0)
    a = pk.simulate(domino_model, first, t_end=24.0)
    b = pk.simulate(domino_model, second, t_end=24.0)
    scale = both.concentration.max()
    assert np.max(np.abs(both.concentration - (a.concentration + b.concentration))) < 1e-12 * scale


@pytest.mark.parametrize("route", ["iv_bolus", "im", "intranasal", "oral", "sublingual"])
def test_mass_balance(domino_model, route):
    r = pk.simulate(domino_model, pk.Dose(35.0, route), t_end=48.0)
    f = domino_model.bioavailability(pk.Route(route)).nominal
    lag = domino_model.absorption(pk.Route(route)).lag if route != "iv_bolus" else 0.0
    expected = np.where(r.times < lag, 0.0, f * 35.0)
    assert np.max(np.abs(r.amounts.sum(axis=1) - expected)) <= 1e-12 * 35.0


@pytest.mark.parametrize("route", ["im", "intranasal", "oral", "sublingual"])
def test_auc_ratio_is_f(domino_model, route):
    # AUC(0-t) = eliminated(t) / CL exactly; at 400 h every route has finished.
    def auc(r):
        res = pk.simulate(domino_model, pk.Dose(35.0, r), [400.0])
        return res.amounts[0, res.state_index("eliminated")] / domino_model.disposition.cl

    f = domino_model.bioavailability(pk.Route(route)).nominal
    assert abs(auc(route) / auc("iv_bolus") - f) < 1e-6


def test_arrays_are_read_only_views():
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    r = pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1.0, dt=0.5)
    assert not r.concentration.flags.writeable
    assert r.amounts.flags.c_contiguous and r.amounts.shape == (3, 2)
    assert r.state_names == ["central", "eliminated"]
    with pytest.raises(ValueError):
        r.concentration[0] = 1.0
    assert np.allclose(r.concentration_ng_per_ml, r.concentration * 1000.0)


def test_dataframe_long_and_wide():
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    r = pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1.0, dt=0.5)
    long = r.to_dataframe()
    assert list(long.columns) == ["time_h", "quantity", "value", "unit"]
    assert len(long) == 3 * 4
    assert set(long.loc[long["quantity"] == "concentration_ng_per_ml", "unit"]) == {"ng/mL"}
    wide = r.to_dataframe(wide=True)
    assert list(wide.columns) == [
        "time_h",
        "concentration_mg_per_l",
        "concentration_ng_per_ml",
        "central_mg",
        "eliminated_mg",
    ]
    assert (wide["concentration_ng_per_ml"] == 1000 * wide["concentration_mg_per_l"]).all()
