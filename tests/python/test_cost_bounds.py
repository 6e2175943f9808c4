"""Cost bounded before any work, with limits the caller can raise, and infusions too short to
resolve given as a bolus that the result counts."""

import pathlib

import numpy as np
import pytest

import pkengine as pk


@pytest.fixture
def model():
    return pk.Model(pk.Disposition.one_compartment(cl=5.0, v1=10.0))


def test_implied_actions_are_bounded_before_any_work(model):
    huge = [pk.DoseEvent(time=0.0, amount=1.0, interval=0.01, additional=1_000_000)] * 100
    with pytest.raises(ValueError, match=r"imply 100000100 actions .* more than max_actions = 10000000"):
        pk.simulate(model, huge, t_end=10.0)
    small = [pk.DoseEvent(time=0.0, amount=1.0, route="iv_infusion", duration=0.5, interval=1.0, additional=4)] * 3
    with pytest.raises(ValueError, match=r"imply 30 actions"):
        pk.simulate(model, small, t_end=10.0, max_actions=29)
    r = pk.simulate(model, small, [10.0], max_actions=30)
    assert r.amounts.sum() == pytest.approx(15.0, rel=1e-12)


def test_output_values_are_bounded_before_any_work(model):
    with pytest.raises(ValueError, match=r"100001 output points x 2 states = 200002 values"):
        pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1000.0, dt=0.01, max_output_values=200_001)
    assert len(pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1000.0, dt=0.01).times) == 100_001
    assert pk.SimulationOptions().max_output_values == pk._core.DEFAULT_MAX_OUTPUT_VALUES == 100_000_000


@pytest.mark.parametrize("duration", [1e-12, 1e-300, 0.99e-6])
def test_an_infusion_too_short_to_resolve_is_a_bolus_and_counted(model, duration):
    assert pk.MIN_INFUSION_DURATION == 1e-6
    times = np.arange(0.0, 24.0, 0.5)
    bolus = pk.simulate(model, pk.DoseEvent(time=2.0, amount=100.0), times)
    short = pk.simulate(model, pk.DoseEvent(time=2.0, amount=100.0, route="iv_infusion", duration=duration), times)
    assert (bolus.infusions_as_bolus, short.infusions_as_bolus) == (0, 1)
    assert np.array_equal(short.amounts, bolus.amounts)


def test_interleaved_regimens_merge(model):
    even = pk.Regimen.series(pk.Dose(1.0, "iv_bolus"), list(np.arange(100_000) * 0.04))
    odd = pk.Regimen.series(pk.Dose(2.0, "oral"), list(np.arange(100_000) * 0.04 + 0.02))
    merged = even + odd
    times = [e.time for e in merged.events]
    assert len(times) == 200_000 and times == sorted(times)
    assert [e.amount for e in merged.events[:4]] == [1.0, 2.0, 1.0, 2.0]


DATASET = "ID,TIME,AMT,CMT,II,ADDL\n1,0,1,1,1,9\n2,0,1,1,1,4\n3,0,1,1,0,0\n"


def test_simulate_dataset_bounds_actions_and_outputs_of_every_id_first(model):
    data = pk.Dataset.parse_csv(DATASET, "cost.csv")
    with pytest.raises(ValueError, match=r"cost.csv: ID 1: the records imply 10 actions .* max_actions = 9"):
        pk.simulate_dataset(data, model, max_actions=9)
    # Rows: 3 records + 3 x 21 grid points = 66, x 2 states = 132 values, over all IDs (one
    # model per ID here: the Python loop bounds the whole result before simulating any ID).
    per_id = lambda covariates: pk.Model(pk.Disposition.one_compartment(cl=5.0, v1=10.0))  # noqa: E731
    with pytest.raises(ValueError, match=r"cost.csv: the results of its 3 IDs would hold 132 values"):
        pk.simulate_dataset(data, per_id, grid=0.5, grid_end=10.0, max_output_values=131)
    frame = pk.simulate_dataset(data, per_id, grid=0.5, grid_end=10.0, max_output_values=132)
    assert len(frame) == 66


def test_simulate_population_bounds_kept_values_and_actions_first(model):
    times = [0.0, 1.0, 2.0]
    regimen = pk.Dose(10.0, "iv_bolus")
    # 10 subjects x (3 curve points + weight, Cmax, Tmax, AUC) = 70 values.
    with pytest.raises(ValueError, match=r"the population would keep 10 subjects x 7 values .* max_output_values = 69"):
        pk.simulate_population(model, regimen, 10, times, 1, curves=True, progress=False, max_output_values=69)
    r = pk.simulate_population(model, regimen, 10, times, 1, curves=True, progress=False, max_output_values=70)
    assert r.curves.shape == (10, 3)
    repeated = pk.Regimen.repeated(regimen, 1.0, 4)
    with pytest.raises(ValueError, match=r"imply 4 actions .* max_actions = 3"):
        pk.simulate_population(model, repeated, 10, times, 1, progress=False, max_actions=3)


def test_rate_constants_above_the_maximum_are_rejected_naming_them(model):
    assert pk.MAX_RATE_CONSTANT == 1e12
    oral = pk.Model(pk.Disposition.one_compartment(cl=10.0, v1=50.0))
    oral.set_absorption("oral", pk.Absorption(pk.Bioavailability(1.0), ka=1e12))
    r = pk.simulate(oral, pk.Dose(100.0, "oral"), [0.5, 24.0])
    # 1e-12 of the dose: every state to rounding (tests/numeric/test_fast_rates.cpp pins them).
    assert r.amounts[-1].sum() == pytest.approx(100.0, abs=1e-10)
    assert r.amounts[0][list(r.state_names).index("central")] == pytest.approx(90.483741803614054, abs=1e-10)
    oral.set_absorption("oral", pk.Absorption(pk.Bioavailability(1.0), ka=1.01e12))
    with pytest.raises(ValueError, match=r"from 'depot_oral' to 'central' = 1.01e\+12 /h \(ka of the oral route\)"):
        pk.simulate(oral, pk.Dose(100.0, "oral"), [0.5, 24.0])


def test_command_line_limits_one_line_naming_the_option(tmp_path, capsys):
    from pkengine.cli import main

    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "ketamine_study.csv"
    out = tmp_path / "r.csv"
    # The dataset's five IDs with a 1-minute grid: more values than 1000 allow.
    argv = ["simulate", str(data), "--drug", "ketamine", "--grid", "1min", "--out", str(out)]
    assert main([*argv, "--max-output-values", "1000"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "more than max_output_values = 1000" in err[0]
    assert "raise max_output_values (--max-output-values)" in err[0]
    assert not out.exists()
    assert main([*argv, "--max-actions", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "max_actions = 1" in err[0] and "(--max-actions)" in err[0]
    assert not out.exists()
    quick = ["simulate", "--drug", "ketamine", "--route", "im", "--dose", "35mg", "--weight", "70kg"]
    assert main([*quick, "--max-output-values", "10"]) == 2
    assert "(--max-output-values)" in capsys.readouterr().err
    population = ["population", "ketamine", "--route", "im", "--dose", "0.5mg/kg", "--n", "10", "--seed", "1"]
    population += ["--cv", "CL=30%", "--out", str(out)]
    assert main([*population, "--max-output-values", "10"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "(--max-output-values)" in err[0]
    assert not out.exists()
