"""Transit compartments in the CMT numbering (doses into them by number), and compartments turned
off by a negative CMT on an EVID 2 record, from Python, from a dataset and from the command line.

Tolerances: 1e-10 relative against closed forms written here (the exact path is good to a few ulps
per step; a route F or lag wrongly applied, or an emptying missed, is 1e-2 or larger); 1e-12 of the
dose for mass balance."""

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import pkengine as pk
from pkengine.cli import main

CL, V, KA = 1.1, 20.0, 1.5
K = CL / V


def chain_model(n, ktr, f=0.5, lag=0.75):
    """One compartment, oral absorption (F and lag that a dose into the chain must not take)."""
    model = pk.Model(pk.Disposition.one_compartment(cl=CL, v1=V))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(f), ka=KA, lag=lag))
    model.set_transit("oral", pk.TransitAbsorption(n=n, mtt=(n + 1) / ktr))
    return model


def chain_amount(dose, rates, t):
    """Amount in the last of a chain of first-order compartments (distinct rates) after a bolus."""
    prefactor = dose * math.prod(rates[:-1])
    return prefactor * sum(math.exp(-k * t) / math.prod(other - k for other in rates if other != k) for k in rates)


def turn_off(number, time):
    return pk.DoseEvent(time, kind=pk.EventKind.OTHER, compartment=-number)


def test_cmt_table_numbers_peripherals_then_transit_then_metabolite():
    model = pk.Model(pk.Disposition.two_compartment(cl=5.0, v1=20.0, q2=3.0, v2=40.0))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(1.0), ka=1.0))
    model.set_absorption("im", pk.Absorption(pk.Bioavailability(1.0), ka=1.0))
    model.set_transit("oral", pk.TransitAbsorption(n=2, mtt=3.0))
    model.set_transit("im", pk.TransitAbsorption(n=1, mtt=1.0))
    model.set_metabolite(pk.Metabolite(fm=0.4, cl=2.0, v=10.0, q=1.0, vp=30.0))
    table = pk.cmt_table(model)
    assert table["CMT"].tolist() == list(range(1, 14))
    assert table["compartment"].tolist() == [
        "central",
        "depot_im",
        "depot_intranasal",
        "depot_oral",
        "depot_sublingual",
        "peripheral1",
        "transit_im_0",
        "transit_im_1",
        "transit_oral_0",
        "transit_oral_1",
        "transit_oral_2",
        "metabolite_central",
        "metabolite_peripheral",
    ]
    transit = model.compartments()[8]
    assert transit.kind == pk.CompartmentKind.TRANSIT
    assert transit.route == model.compartments()[3].route  # the oral route
    assert "oral route's transit chain" in table["routes"].iloc[8]


def test_a_dose_into_a_transit_compartment_takes_its_own_f_not_the_routes():
    ktr, dose = 2.0, 100.0
    model = chain_model(1, ktr)  # 6 transit_oral_0, 7 transit_oral_1
    model.set_compartment_dosing(7, pk.CompartmentDosing(f=0.8))
    times = np.arange(0.0, 24.0, 0.25)
    result = pk.simulate(model, [pk.DoseEvent(0.0, dose, compartment=7)], times)
    expected = [chain_amount(0.8 * dose, [ktr, KA, K], t) / V for t in times]
    np.testing.assert_allclose(result.concentration, expected, rtol=0, atol=1e-10 * max(expected))
    assert np.max(np.abs(result.amounts.sum(axis=1) - 0.8 * dose)) < 1e-12 * dose
    # The pickled model keeps the chain and the compartment's F.
    copy = pickle.loads(pickle.dumps(model))
    assert copy.compartment_dosing(7).f == 0.8
    again = pk.simulate(copy, [pk.DoseEvent(0.0, dose, compartment=7)], times)
    np.testing.assert_array_equal(again.amounts, result.amounts)


def test_emptying_the_depot_mid_absorption():
    dose, te = 100.0, 1.5
    model = pk.Model(pk.Disposition.one_compartment(cl=CL, v1=V))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(1.0), ka=KA))
    times = np.arange(0.0, 12.0, 0.5)
    result = pk.simulate(model, [pk.DoseEvent(0.0, dose, "oral"), turn_off(4, te)], times)
    absorbed = dose * KA / (KA - K) * (math.exp(-K * te) - math.exp(-KA * te))
    expected = [
        dose * KA / (V * (KA - K)) * (math.exp(-K * t) - math.exp(-KA * t))
        if t < te
        else absorbed / V * math.exp(-K * (t - te))
        for t in times
    ]
    np.testing.assert_allclose(result.concentration, expected, rtol=1e-10, atol=1e-300)
    discarded = result.amounts[:, result.state_index("discarded")]
    assert discarded[-1] == pytest.approx(dose * math.exp(-KA * te), rel=1e-12)
    assert np.max(np.abs(result.amounts.sum(axis=1) - dose)) < 1e-12 * dose
    with pytest.raises(ValueError, match=r"events\[1\]\.compartment = -1: turning compartment 1 \(central\) off"):
        pk.simulate(model, [pk.DoseEvent(0.0, dose, "oral"), turn_off(1, te)], times)


def test_a_dataset_empties_the_depot_and_refuses_a_negative_observation_cmt(tmp_path, capsys):
    data, out = tmp_path / "off.csv", tmp_path / "out.csv"
    data.write_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,1.5,0,-1,2\n1,1.5,.,2,0\n1,6,.,2,0\n")
    argv = ["simulate", str(data), "--advan", "2", "--param", "CL=1.1,V=20,KA=1.5", "--out", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    frame = pd.read_csv(out)
    absorbed = 100.0 * KA / (KA - K) * (math.exp(-K * 1.5) - math.exp(-KA * 1.5))
    last = frame.iloc[-1]
    assert last["concentration_mg_per_l"] == pytest.approx(absorbed / V * math.exp(-K * 4.5), rel=1e-10)
    assert last["depot_oral_mg"] == 0.0
    assert last["discarded_mg"] == pytest.approx(100.0 * math.exp(-KA * 1.5), rel=1e-12)
    same = pk.simulate_dataset(data, pk.advan(2, CL=CL, V=V, KA=KA))
    assert same["discarded_mg"].iloc[-1] == pytest.approx(last["discarded_mg"], rel=1e-15)

    observation = tmp_path / "observation.csv"
    observation.write_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,2,.,-2,0\n")
    assert main(["simulate", str(observation), "--advan", "2", "--param", "CL=1.1,V=20,KA=1.5"]) == 2
    err = capsys.readouterr().err
    assert "observation.csv:3: CMT = '-2': a negative CMT on an observation record" in err
    central = tmp_path / "central.csv"
    central.write_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,2,0,-2,2\n")
    with pytest.raises(ValueError, match=r"central.csv:3: CMT = -2: turning compartment 2 \(central\) off"):
        pk.simulate_dataset(central, pk.advan(2, CL=CL, V=V, KA=KA))
