"""NONMEM's library models (``pk.advan``), doses into any compartment and the ``--advan`` command
line, against closed forms written here.

Tolerance 1e-10 relative against closed forms (the exact path is good to a few ulps per step; a
missing F, lag or a wrong target is 1e-2 or larger)."""

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import pkengine as pk
from pkengine.cli import main

CL, V, KA = 1.1, 20.0, 1.5
K = CL / V


def bateman(dose, f, lag, t):
    s = t - lag
    if s <= 0:
        return 0.0
    return f * dose * KA / (V * (KA - K)) * (math.exp(-K * s) - math.exp(-KA * s))


def test_advan_models_number_their_compartments_as_nonmem():
    model = pk.advan(2, CL=CL, V=V, KA=KA)
    assert [c.name for c in model.compartments()] == ["depot_oral", "central"]
    assert [c.number for c in model.compartments()] == [1, 2]
    assert model.advan_number == 2
    assert model.params() == {"CL": 1.1, "V": 20.0, "KA": 1.5}
    four = pk.advan(4, CL=3, V2=20, Q=2, V3=30, KA=0.8)
    assert pk.cmt_table(four)["compartment"].tolist() == ["depot_oral", "central", "peripheral1"]
    assert four.disposition.v1 == 20.0 and four.disposition.v2 == 30.0
    assert four.with_params(V3=40).disposition.v2 == 40.0
    eleven = pk.advan(11, CL=3, V1=10, Q2=2, V2=30, Q3=1, V3=50)
    assert eleven.disposition.compartments == 3
    with pytest.raises(ValueError, match="ADVAN2: parameter KA is missing"):
        pk.advan(2, CL=CL, V=V)
    with pytest.raises(ValueError, match="ADVAN2 has no parameter V2"):
        pk.advan(2, CL=CL, V=V, KA=KA, V2=3)
    with pytest.raises(ValueError, match="ADVAN1, 2, 3, 4, 5, 7, 11, 12"):
        pk.advan(6, CL=CL)
    with pytest.raises(ValueError, match=r"ADVAN5 has no parameter CL \(its parameters: K<m><n>"):
        pk.advan(5, CL=CL)


def test_advan5_and_7_take_their_structure_from_nonmem_names(tmp_path, capsys):
    # ADVAN2 written as NONMEM's general model: K12 = KA, K20 = CL/V, S2 = V.
    times = np.arange(0.0, 24.0, 0.5)
    for number in (5, 7):
        model = pk.advan(number, K12=KA, K20=K, V2=V, F1=0.6, ALAG1=0.75)
        assert model.advan_number == number
        assert [c.name for c in model.compartments()] == ["compartment1", "compartment2"]
        assert model.params() == {"K12": KA, "K20": K, "V2": V}
        result = pk.simulate(model, [pk.DoseEvent(0.0, 100.0, compartment=1)], times)
        expected = [bateman(100.0, 0.6, 0.75, t) for t in times]
        np.testing.assert_allclose(result.concentration, expected, rtol=1e-10, atol=1e-300)
        again = pickle.loads(pickle.dumps(model))
        assert again.advan_number == number and again.params() == model.params()
    with pytest.raises(ValueError, match=r"K12 = 2: given twice \(also as k12\)"):
        pk.advan(5, K12=1.0, k12=2.0, V2=V)
    with pytest.raises(ValueError, match="no volume given"):
        pk.advan(5, K12=1.0)
    # The command line: the same dataset under --advan 2 and --advan 5 gives the same rows.
    data = tmp_path / "nm.csv"
    data.write_text("ID,TIME,AMT,CMT\n1,0,100,1\n1,2,.,2\n1,6,.,2\n")
    rows = {}
    for number, param in ((2, "CL=1.1,V=20,KA=1.5"), (5, f"K12=1.5/h,K20={K!r},V2=20L")):
        out = tmp_path / f"advan{number}.csv"
        assert main(["simulate", str(data), "--advan", str(number), "--param", param, "--out", str(out)]) == 0
        rows[number] = pd.read_csv(out)["concentration_mg_per_l"].to_numpy()
    capsys.readouterr()
    np.testing.assert_allclose(rows[5], rows[2], rtol=1e-12)
    assert rows[5][1] == pytest.approx(bateman(100.0, 1.0, 0.0, 2.0), rel=1e-10)


def test_f_and_lag_per_compartment_and_doses_by_number():
    model = pk.advan(2, CL=CL, V=V, KA=KA, F1=0.6, ALAG1=0.75)
    assert model.compartment_dosing(1).f == 0.6
    times = np.arange(0.0, 24.0, 0.5)
    result = pk.simulate(model, [pk.DoseEvent(0.0, 100.0, compartment=1)], times)
    expected = [bateman(100.0, 0.6, 0.75, t) for t in times]
    np.testing.assert_allclose(result.concentration, expected, rtol=1e-10, atol=1e-300)
    # F and lag on IV doses: F2 and ALAG2 of ADVAN2.
    iv = pk.advan(2, CL=CL, V=V, KA=KA, F2=0.4, ALAG2=2.0)
    result = pk.simulate(iv, [pk.DoseEvent(1.0, 100.0, compartment=2)], times)
    expected = [0.0 if t < 3.0 else 40.0 / V * math.exp(-K * (t - 3.0)) for t in times]
    np.testing.assert_allclose(result.concentration, expected, rtol=1e-10, atol=1e-300)
    with pytest.raises(ValueError, match=r"events\[0\].compartment = 3: the model has no compartment 3"):
        pk.simulate(iv, [pk.DoseEvent(0.0, 10.0, compartment=3)], times)


def test_library_models_and_compartment_doses_pickle_whole():
    """A pickled model keeps its ADVAN number, parameters and every compartment's F, lag, R and D;
    a pickled regimen keeps each record's CMT (what Dask and multiprocessing move)."""
    model = pk.advan(4, CL=3.0, V2=20.0, Q=2.0, V3=30.0, KA=0.8, F1=0.6, ALAG1=0.25, F2=0.4, ALAG2=1.0)
    model = model.with_params(F3=0.5, D3=2.0)
    records = [
        pk.DoseEvent(0.0, 100.0, compartment=1),
        pk.DoseEvent(1.0, 50.0, compartment=2),
        pk.DoseEvent(2.0, 30.0, compartment=3, rate_source=pk.RateSource.MODELLED_DURATION),
    ]
    regimen = pk.Regimen(records)
    copy, regimen_copy = pickle.loads(pickle.dumps((model, regimen)))
    assert copy.advan_number == 4 and copy.params() == model.params()
    assert [e.compartment for e in regimen_copy.events] == [1, 2, 3]
    times = np.arange(0.0, 24.0, 0.25)
    expected = pk.simulate(model, regimen, times).amounts
    np.testing.assert_array_equal(pk.simulate(copy, regimen_copy, times).amounts, expected)
    # Route-named model: F and lag of IV doses live on the central compartment.
    named = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)).with_params(F1=0.5, ALAG1=2.0)
    assert pickle.loads(pickle.dumps(named)).params() == named.params()


def test_dataset_with_nonmem_columns(tmp_path):
    path = tmp_path / "nm.csv"
    path.write_text("ID,TIME,AMT,CMT,F1,ALAG1\n1,0,100,1,0.5,0.5\n1,4,.,2,.,.\n1,8,.,2,.,.\n")
    frame = pk.simulate_dataset(path, pk.advan(2, CL=CL, V=V, KA=KA))
    observed = frame[frame["EVID"] == 0]
    expected = [bateman(100.0, 0.5, 0.5, t) for t in observed["TIME"]]
    np.testing.assert_allclose(observed["concentration_mg_per_l"], expected, rtol=1e-10)
    twice = tmp_path / "twice.csv"
    twice.write_text("ID,TIME,AMT,CMT,F1,F_ORAL\n1,0,100,1,0.5,0.5\n")
    with pytest.raises(ValueError, match="columns F1 and F_ORAL both set the F of compartment 1"):
        pk.simulate_dataset(twice, pk.advan(2, CL=CL, V=V, KA=KA))


def test_command_line_advan(tmp_path, capsys):
    data, out = tmp_path / "nm.csv", tmp_path / "out.csv"
    data.write_text("ID,TIME,AMT,CMT,F2,ALAG2\n1,0,100,2,0.5,1\n1,3,.,2,.,.\n")
    assert main(["simulate", str(data), "--advan", "2", "--param", "CL=1.1L/h,V=20L,KA=1.5/h", "--out", str(out)]) == 0
    assert "ADVAN2: simulated 1 ID(s)" in capsys.readouterr().out
    frame = pd.read_csv(out)
    assert frame["concentration_mg_per_l"].iloc[1] == pytest.approx(50.0 / V * math.exp(-K * 2.0), rel=1e-10)

    assert main(["simulate", "--cmt-table", "--advan", "4", "--param", "CL=3,V2=20,Q=2,V3=30,KA=0.8"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [["1", "depot_oral"], ["2", "central"], ["3", "peripheral1"]]

    bad = tmp_path / "bad.csv"
    for argv, message in [
        (["--param", "CL=1.1,V=20"], "ADVAN2: parameter KA is missing"),
        (["--param", "CL=1.1,V=20,KA=1.5,V4=3"], "ADVAN2 has no parameter V4"),
        (["--param", "CL=1.1,V=20L/h,KA=1.5"], "V = '20L/h': expected a volume"),
    ]:
        status = main(["simulate", str(data), "--advan", "2", *argv, "--out", str(bad)])
        assert status == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1
        assert not bad.exists()


def test_cmt_table_of_a_drug_model_numbers_its_peripherals(capsys):
    assert main(["simulate", "--cmt-table", "--drug", "ketamine"]) == 0
    rows = [line.split()[:2] for line in capsys.readouterr().out.splitlines()[1:]]
    model = pk.load_drug("ketamine").model(weight=70.0)
    names = [c.name for c in model.compartments()]
    assert rows == [[str(i + 1), name] for i, name in enumerate(names)]
    assert names[:6] == ["central", "depot_im", "depot_intranasal", "depot_oral", "depot_sublingual", "peripheral1"]


def test_a_parameter_by_its_position_as_a_loop_sets_it():
    four = pk.advan(4, CL=3, V2=20, Q=2, V3=30, KA=0.8)
    index = four.parameter_index("v2")
    assert four.parameter_names[index] == "V2" and four.parameter(index) == 20.0
    four.set_parameter(index, 25.0)
    assert four.parameter("V2") == 25.0 and four.disposition.v1 == 25.0
    with pytest.raises(ValueError, match="V2 = -1: must be > 0"):
        four.set_parameter(index, -1.0)
    assert four.parameter("V2") == 25.0
    with pytest.raises(ValueError, match="parameter index 9: ADVAN4 has 5 parameters"):
        four.parameter(9)
