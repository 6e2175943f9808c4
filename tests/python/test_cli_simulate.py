"""``pkengine simulate`` on the shipped example dataset (several IDs, mixed routes and weights)
and as a quick curve, checked against the Python API and against each other.

Tolerance 1e-12 relative between two exact runs of the same schedule (the dataset also reports at
its records, so the propagation steps are split differently; a few ulps per step)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pkengine as pk
from pkengine.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data" / "ketamine_study.csv"
DRUG = ROOT / "engine" / "data" / "drugs" / "ketamine.json"
SAME = 1e-12


def ketamine(weight, model=None):
    return pk.load_drug("ketamine").model(weight=weight, model=model)


def test_dataset_with_several_ids_routes_and_weights(tmp_path):
    out, figure = tmp_path / "result.csv", tmp_path / "figure.png"
    argv = ["simulate", str(DATA), "--drug", "ketamine", "--out", str(out), "--grid", "30min"]
    status = main([*argv, "--figure", str(figure)])
    assert status == 0
    frame = pd.read_csv(out)
    assert list(frame["ID"].unique()) == [1, 2, 3, 4, 5]
    assert frame.groupby("ID")["WT"].first().to_dict() == {1: 70, 2: 58, 3: 82, 4: 95, 5: 64}
    assert {"depot_im_mg", "depot_intranasal_mg", "depot_sublingual_mg"} <= set(frame.columns)
    assert np.allclose(frame["concentration_ng_per_ml"], 1000 * frame["concentration_mg_per_l"], rtol=1e-15)
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    records = frame[frame["EVID"] != 2]
    # ID 2: 0.5 mg/kg IM at 58 kg, against the Python API with the same drug model.
    id2 = records[records["ID"] == 2]
    direct = pk.simulate(ketamine(58.0), pk.Dose.per_kg(0.5, 58.0, "im"), id2["TIME"].to_numpy())
    got = id2["concentration_mg_per_l"].to_numpy()
    assert np.all(np.abs(got - direct.concentration) <= SAME * direct.concentration)
    # ID 1 (0.5 mg/kg over 40 min at 70 kg, seen 1 h later) and ID 5 (the same per kg at 64 kg
    # after an EVID 4 reset at 24 h, seen at 25 h): Domino's V1 scales with weight, so equal.
    c1 = records[(records["ID"] == 1) & (records["TIME"] == 1.0)]["concentration_mg_per_l"].item()
    c5 = records[(records["ID"] == 5) & (records["TIME"] == 25.0)]["concentration_mg_per_l"].item()
    # 1e-12: exact runs whose times differ by the 24 h shift (its rounding is about 1e-15 h).
    assert c5 == pytest.approx(c1, rel=SAME)
    # The EVID 3 reset at 12 h empties ID 5.
    reset = records[(records["ID"] == 5) & (records["EVID"] == 3)]
    assert reset["concentration_mg_per_l"].item() == 0.0 and reset["eliminated_mg"].item() == 0.0


def test_quick_curve(tmp_path, capsys):
    out = tmp_path / "curve.csv"
    status = main(
        [
            "simulate",
            "--drug",
            "ketamine",
            "--route",
            "im",
            "--dose",
            "0.5mg/kg",
            "--weight",
            "70",
            "--t-end",
            "12",
            "--dt",
            "15min",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    frame = pd.read_csv(out)
    direct = pk.simulate(ketamine(70.0), pk.Dose(35.0, "im"), t_end=12.0, dt=0.25)
    assert np.allclose(frame["time_h"], direct.times, rtol=0, atol=1e-12)
    assert np.allclose(frame["concentration_mg_per_l"], direct.concentration, rtol=SAME, atol=0)
    out_text = capsys.readouterr().out
    assert out_text.startswith("ketamine 0.5 mg/kg x 70 kg = 35 mg im; simulated 0-12 h (as asked)")
    assert "Cmax" in out_text and f"table: {out}" in out_text
    assert "concentration_ng_per_ml" in frame.columns


def test_quick_curve_without_out_prints_a_summary_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main(
        [
            "simulate",
            "--drug",
            "ketamine",
            "--route",
            "iv_infusion",
            "--dose",
            "35mg",
            "--duration",
            "40min",
            "--weight",
            "70kg",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 3 and "Nothing written" in out
    assert "last dose at 0.6667 h + 5 half-lives" in out
    assert list(tmp_path.iterdir()) == []


def test_dataset_figure_reads_dv_in_ng_per_ml_by_default(tmp_path, capsys):
    figure = tmp_path / "obs.png"
    status = main(["simulate", "ketamine_observed", "--drug", "ketamine", "--grid", "5min", "--figure", str(figure)])
    assert status == 0
    out = capsys.readouterr().out
    assert "30 observations (DV in ng/mL)" in out and figure.exists()


def test_quick_curve_from_a_drug_file_with_another_disposition(tmp_path):
    out = tmp_path / "curve.csv"
    status = main(
        [
            "simulate",
            "--drug",
            str(DRUG),
            "--model",
            "clements1981",
            "--route",
            "iv_infusion",
            "--dose",
            "35mg",
            "--duration",
            "30min",
            "--weight",
            "70",
            "--t-end",
            "6",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    frame = pd.read_csv(out)
    dose = pk.Dose(35.0, "iv_infusion", duration=0.5)
    direct = pk.simulate(ketamine(70.0, "clements1981"), dose, t_end=6.0)
    assert np.allclose(frame["concentration_mg_per_l"], direct.concentration, rtol=SAME, atol=0)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--drug", str(DRUG), "--route", "im", "--dose", "0.5mg/kg"], "needs --weight"),
        (["--drug", str(DRUG), "--route", "im", "--dose", "half", "--weight", "70"], "argument --dose: 'half'"),
        (["--drug", "propofol", "--route", "im", "--dose", "1mg", "--weight", "70"], "no drug file"),
        ([str(DATA)], "give --drug DRUG"),
        ([], "which drug?"),
    ],
)
def test_command_line_mistakes(argv, message, capsys):
    try:
        status = main(["simulate", *argv])
    except SystemExit as done:
        status = done.code
    assert status == 2
    assert message in capsys.readouterr().err


def test_bad_dataset_reports_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("ID,TIME,AMT,CMT,WT\n1,0,35,1,70\n1,-1,0,1,70\n")
    assert main(["simulate", str(bad), "--drug", "ketamine"]) == 2
    assert "bad.csv:3: TIME = '-1'" in capsys.readouterr().err
    no_weight = tmp_path / "no_weight.csv"
    no_weight.write_text("ID,TIME,AMT,CMT\n1,0,35,1\n")
    assert main(["simulate", str(no_weight), "--drug", "ketamine"]) == 2
    assert "add a WT column" in capsys.readouterr().err


def test_console_entry_prints_the_cmt_table():
    command = [sys.executable, "-m", "pkengine", "simulate", "--cmt-table"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["CMT", "compartment", "routes"]
    assert lines[4].split()[:2] == ["4", "depot_oral"]


def test_dataset_solver_options_on_the_command_line(tmp_path, capsys):
    """--path, --stepper, --rtol and --atol reach the dataset's solver: the ODE path (reported in
    the summary) agrees with the exact run within the ODE tolerance of test_ode.py (1e-6 relative)."""
    exact_out, ode_out = tmp_path / "exact.csv", tmp_path / "ode.csv"
    assert main(["simulate", str(DATA), "--drug", "ketamine", "--out", str(exact_out)]) == 0
    assert "(exact path, matrix_exponential)" in capsys.readouterr().out
    argv = [
        "simulate",
        str(DATA),
        "--drug",
        "ketamine",
        "--out",
        str(ode_out),
        "--path",
        "ode",
        "--stepper",
        "rosenbrock4",
        "--rtol",
        "1e-9",
        "--atol",
        "1e-12",
    ]
    assert main(argv) == 0
    assert "(ode path, rosenbrock4)" in capsys.readouterr().out
    exact, ode = pd.read_csv(exact_out), pd.read_csv(ode_out)
    c, e = ode["concentration_mg_per_l"].to_numpy(), exact["concentration_mg_per_l"].to_numpy()
    assert np.all(np.abs(c - e) <= 1e-6 * np.abs(e) + 1e-12)
    assert main(["simulate", str(DATA), "--drug", "ketamine", "--rtol", "2"]) == 2
    assert "rtol" in capsys.readouterr().err
