"""Datasets and dosing records from Python, against values computed here (closed forms and sums).

Tolerance 1e-10 relative for closed forms, as in test_foundation.py (the exact path is good to a
few ulps per step); 1e-12 for two exact runs of the same schedule whose steps are split apart
differently (the dataset also reports at its dose records)."""

import math

import numpy as np
import pandas as pd
import pytest

import pkengine as pk

EXACT = 1e-10


def one_compartment(cl=5.0, v=50.0):
    return pk.Model(pk.Disposition.one_compartment(cl=cl, v1=v))


def test_steady_state_record_from_python():
    cl, v, dose, ii = 5.0, 50.0, 100.0, 12.0
    k = cl / v
    record = pk.DoseEvent(time=0.0, amount=dose, interval=ii, additional=1, ss=pk.SteadyState.RESET)
    times = np.array([0.0, 3.0, 11.0, 15.0])
    r = pk.simulate(one_compartment(cl, v), [record], times)
    # Sum over the implied doses at -n*ii (n >= 0) and the repeat at 12 h.
    expected = [sum(dose / v * math.exp(-k * (t % ii + n * ii)) for n in range(400)) for t in times]
    assert np.max(np.abs(r.concentration - expected) / expected) < EXACT


def test_modelled_rate_and_duration():
    model = one_compartment(5.0, 40.0)
    model.set_modelled_infusion("iv_infusion", pk.ModelledInfusion(rate=20.0, duration=4.0))
    assert model.modelled_infusion("iv_infusion").rate == 20.0
    by_rate = pk.DoseEvent(time=0.0, amount=100.0, route="iv_infusion", rate_source=pk.RateSource.MODELLED_RATE)
    by_duration = pk.DoseEvent(time=0.0, amount=100.0, route="iv_infusion", rate_source=pk.RateSource.MODELLED_DURATION)
    t = np.array([1.0, 4.5, 8.0])
    k = 5.0 / 40.0

    def infusion(rate, duration):
        during = rate / 5.0 * (1 - np.exp(-k * np.minimum(t, duration)))
        return during * np.exp(-k * np.maximum(t - duration, 0.0))

    for record, expected in [(by_rate, infusion(20.0, 5.0)), (by_duration, infusion(25.0, 4.0))]:
        assert np.max(np.abs(pk.simulate(model, [record], t).concentration / expected - 1)) < EXACT


def test_records_at_one_time_apply_in_record_order():
    dose, v, k = 100.0, 50.0, 0.1
    model = one_compartment(5.0, v)
    observation = pk.DoseEvent(time=12.0, kind=pk.EventKind.OBSERVATION)
    first, second = pk.DoseEvent(time=0.0, amount=dose), pk.DoseEvent(time=12.0, amount=dose)
    trough = dose / v * math.exp(-k * 12.0)
    before = pk.simulate_records(model, [first, observation, second])
    after = pk.simulate_records(model, [first, second, observation])
    assert before.concentration[1] == pytest.approx(trough, rel=EXACT)
    assert after.concentration[2] == pytest.approx(trough + dose / v, rel=EXACT)


DATA = """ID,TIME,AMT,CMT,RATE,II,ADDL,EVID,DV,WT,CL
1,0,35,2,0,0,0,1,.,70,.
1,0.5,0,1,0,0,0,0,0.12,70,.
1,2,0,1,0,0,0,0,0.05,70,.
2,0,60,1,120,0,0,1,.,82,.
2,1,0,1,0,0,0,0,.,82,.
2,3,0,1,0,0,0,2,.,82,20
2,5,0,1,0,0,0,0,.,82,.
"""


def test_dataset_to_dataframe_with_weights_and_a_parameter_change(tmp_path):
    path = tmp_path / "study.csv"
    path.write_text(DATA)
    cl, v1, ka, f = 10.0, 0.5, 3.0, 0.93

    def model_for(covariates):
        m = pk.Model(pk.Disposition.one_compartment(cl=cl, v1=v1 * covariates["WT"]))
        m.set_absorption("im", pk.Absorption(pk.Bioavailability(f), ka=ka))
        return m

    frame = pk.simulate_dataset(path, model_for)
    assert list(frame.columns[:6]) == ["ID", "TIME", "EVID", "AMT", "DV", "concentration_mg_per_l"]
    assert {"central_mg", "depot_im_mg", "eliminated_mg", "WT", "LINE"} <= set(frame.columns)
    assert list(frame["ID"]) == [1, 1, 1, 2, 2, 2, 2]
    assert list(frame["LINE"]) == [2, 3, 4, 5, 6, 7, 8]

    # ID 1: IM Bateman function at V = 0.5 L/kg x 70 kg.
    v, k = v1 * 70, cl / (v1 * 70)
    bateman = lambda t: f * 35 * ka / (v * (ka - k)) * (math.exp(-k * t) - math.exp(-ka * t))  # noqa: E731
    one = frame[frame["ID"] == 1]
    assert one["concentration_mg_per_l"].iloc[1] == pytest.approx(bateman(0.5), rel=EXACT)
    assert one["concentration_mg_per_l"].iloc[2] == pytest.approx(bateman(2.0), rel=EXACT)
    assert one["DV"].iloc[1] == 0.12 and math.isnan(one["DV"].iloc[0])

    # ID 2: a 0.5 h infusion of 60 mg at 82 kg; CL becomes 20 L/h at t = 3 h.
    v2 = v1 * 82
    k1, k2 = cl / v2, 20.0 / v2
    end = 120 / cl * (1 - math.exp(-k1 * 0.5))
    c3 = end * math.exp(-k1 * 2.5)
    two = frame[frame["ID"] == 2]
    assert two["depot_im_mg"].eq(0).all()
    assert two["concentration_mg_per_l"].iloc[2] == pytest.approx(c3, rel=EXACT)
    assert two["concentration_mg_per_l"].iloc[3] == pytest.approx(c3 * math.exp(-k2 * 2.0), rel=EXACT)
    assert two["WT"].eq(82).all()


def test_malformed_dataset_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,1,0,1,9\n")
    with pytest.raises(ValueError, match=r"bad\.csv:3: EVID = '9': unknown EVID"):
        pk.read_dataset(path)
    with pytest.raises(ValueError, match="cannot be opened"):
        pk.read_dataset(tmp_path / "missing.csv")


def test_no_id_is_simulated_when_any_is_invalid(monkeypatch):
    data = pk.Dataset.parse_csv("ID,TIME,AMT,CMT\n1,0,100,1\n2,0,100,4\n", "two.csv")
    calls = []
    real = pk._core.simulate_subject
    monkeypatch.setattr(pk._core, "simulate_subject", lambda *a: calls.append(a) or real(*a))
    with pytest.raises(ValueError, match=r"two\.csv:3: CMT = 4: the model has no absorption"):
        pk.simulate_dataset(data, one_compartment())
    assert calls == []


def test_regimen_round_trip_through_a_dataset(tmp_path, domino_model):
    ss = pk.DoseEvent(time=0.0, amount=25.0, route="intranasal", interval=8.0, additional=2, ss=pk.SteadyState.RESET)
    regimen = pk.Regimen([ss]) + pk.Regimen.single(pk.Dose(20.0, "iv_infusion", duration=2 / 3), at=30.0)
    times = np.linspace(0.0, 48.0, 97)
    path = tmp_path / "regimen.csv"
    pk.write_dataset(path, regimen, times, id=3, covariates={"WT": 70.0})
    frame = pk.simulate_dataset(path, domino_model)
    observed = frame[frame["EVID"] == 0]
    direct = pk.simulate(domino_model, regimen, times)
    assert np.allclose(observed["TIME"], times, rtol=0, atol=0)
    assert np.max(np.abs(observed["concentration_mg_per_l"].to_numpy() / direct.concentration - 1)) < 1e-12
    assert observed["WT"].eq(70.0).all() and observed["ID"].eq(3).all()
    text = pk.to_nonmem_csv(regimen, [1.0], id="A")
    assert text.splitlines()[0] == "ID,TIME,EVID,AMT,CMT,RATE,DUR,II,ADDL,SS,DV"


def test_cmt_table_is_a_dataframe():
    table = pk.cmt_table()
    assert isinstance(table, pd.DataFrame)
    assert list(table["CMT"]) == [1, 2, 3, 4, 5]
    assert list(table["compartment"])[3] == "depot_oral"


def test_dataset_solver_options_reach_the_solver(domino_model):
    """path, stepper, rtol and atol of simulate_dataset reach the ODE path; on a linear model it
    agrees with the exact path within the ODE tolerance of test_ode.py (1e-6 relative)."""
    model = domino_model
    text = "ID,TIME,AMT,CMT,RATE\n1,0,50,1,0\n1,1,0,1,0\n1,2,40,1,20\n1,6,0,1,0\n2,0,30,1,0\n2,3,0,1,0\n"
    data = pk.Dataset.parse_csv(text, "opts.csv")
    exact = pk.simulate_dataset(data, model, grid=0.5)
    assert set(exact.attrs["solver"].values()) == {"exact"}
    assert set(exact.attrs["stepper"].values()) == {"matrix_exponential"}
    for stepper in ["rosenbrock4", "dormand_prince5"]:
        ode = pk.simulate_dataset(data, model, grid=0.5, path="ode", stepper=stepper, rtol=1e-9, atol=1e-12)
        assert ode.attrs["solver"] == {1: "ode", 2: "ode"}
        assert ode.attrs["stepper"] == {1: stepper, 2: stepper}
        c, e = ode["concentration_mg_per_l"].to_numpy(), exact["concentration_mg_per_l"].to_numpy()
        assert np.all(np.abs(c - e) <= 1e-6 * np.abs(e) + 1e-12)
    with pytest.raises(ValueError, match="rtol"):
        pk.simulate_dataset(data, model, rtol=2.0)
    with pytest.raises(ValueError, match="path = exact"):
        saturable = pk.MichaelisMenten(vmax=10.0, km=1.0)
        nonlinear = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=50.0), saturable)
        pk.simulate_dataset(data, nonlinear, path="exact")


def test_dataset_rows_carry_the_metabolite_where_a_model_has_one(tmp_path):
    # ID 1: 100 mg IV bolus, CL 5 L/h, V 50 L (k 0.1 /h), fm 0.5 into a metabolite with CL 10 L/h,
    # V 40 L (km 0.25 /h): Cm(t) = fm D k / (km - k) (e^-kt - e^-km t) / Vm. ID 2's model has no
    # metabolite: NaN in its rows.
    path = tmp_path / "metabolite.csv"
    path.write_text("ID,TIME,EVID,AMT,CMT,DV\n1,0,1,100,1,.\n1,2,0,0,1,.\n1,6,0,0,1,.\n2,0,1,100,1,.\n2,2,0,0,1,.\n")

    def model_for(covariates):
        m = one_compartment()
        if covariates["ID"] == "1":  # the ID as written
            m.set_metabolite(pk.Metabolite(fm=0.5, cl=10.0, v=40.0))
        return m

    frame = pk.simulate_dataset(path, model_for)
    closed = lambda t: 0.5 * 100 * 0.1 / 0.15 * (math.exp(-0.1 * t) - math.exp(-0.25 * t)) / 40.0  # noqa: E731
    one = frame[frame["ID"] == 1]
    for row, t in ((1, 2.0), (2, 6.0)):
        assert one["metabolite_concentration_mg_per_l"].iloc[row] == pytest.approx(closed(t), rel=EXACT)
        assert one["metabolite_concentration_ng_per_ml"].iloc[row] == pytest.approx(1000 * closed(t), rel=EXACT)
    assert frame[frame["ID"] == 2]["metabolite_concentration_mg_per_l"].isna().all()
    # Without a metabolite in any model, no metabolite columns.
    plain = pk.simulate_dataset(path, lambda c: one_compartment())
    assert not any(c.startswith("metabolite_concentration") for c in plain.columns)
