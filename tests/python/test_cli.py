"""The command line: every command runs, prints what it says, and reports bad input in one line."""

import subprocess
import sys

import pytest
from cli_support import run

from pkengine import cli


def test_commands_are_discovered():
    names = [module.NAME for module in cli.command_modules()]
    assert "drugs" in names
    assert names == sorted(names)


def test_drugs_lists_models_routes_protocols_and_bands(capsys):
    status, out, _ = run(capsys, "drugs")
    assert status == 0
    assert out.startswith("2 drug(s): esketamine, ketamine")
    for word in [
        "domino1984",
        "flint2017_s_ketamine",
        "intranasal_singh2022",
        "kit_series_murrough2013",
        "esketamine_induction_84mg",
        "antidepressant_peak",
        "0.13 [0.11-0.50]",
        "0.982 /h (derived from an input Tmax of 15 min)",
        "29.4 /h (fitted to 3 observations)",
        "7 x MTT 14.3 min",
        "threshold",
        "observed_peak after 0.5 mg/kg IV over 40 min",
        "integration window: 48 h",
    ]:
        assert word in out, word


def test_drugs_references_and_unknown_drug(capsys):
    status, out, _ = run(capsys, "drugs", "ketamine", "--references")
    assert status == 0 and "[domino1984] (S) Domino EF" in out
    status, out, err = run(capsys, "drugs", "propofol")
    assert status == 2
    assert err.startswith("pkengine drugs: error: drug = 'propofol': no drug file")


def test_the_installed_script_and_module_run():
    done = subprocess.run([sys.executable, "-m", "pkengine", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("pkengine ")
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["--help"])
    assert excinfo.value.code == 0


def test_compare_prints_the_table_and_writes_figure_and_csv(capsys, tmp_path):
    figure, table = tmp_path / "routes.png", tmp_path / "routes.csv"
    status, out, _ = run(
        capsys,
        "compare",
        "ketamine",
        "--dose",
        "0.5mg/kg",
        "--weight",
        "70kg",
        "--figure",
        str(figure),
        "--out",
        str(table),
    )
    assert status == 0
    assert out.startswith("ketamine 0.5 mg/kg x 70 kg = 35 mg by each route; model domino1984")
    assert "iv_infusion (40 min)" in out and "AUC0-inf ng.h/mL" in out and "Time in band (h)" in out
    assert f"figure: {figure}" in out and f"table: {table}" in out
    assert figure.stat().st_size > 20_000
    import pandas as pd

    frame = pd.read_csv(table)
    assert list(frame["route"]) == ["iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual"]
    assert abs(frame.loc[1, "cmax_ng_per_ml"] - 240) < 1  # docs/design.md, "Ketamine reference values"


def test_compare_options_and_errors(capsys):
    status, out, _ = run(
        capsys,
        "compare",
        "ketamine",
        "--dose",
        "25",
        "--routes",
        "sublingual,oral",
        "--alternative",
        "sublingual_rolan2014",
        "--model",
        "kamp2020_one_compartment",
        "--t-end",
        "12h",
    )
    assert status == 0
    assert out.startswith("ketamine 25 mg by each route") and "Simulated 0-12 h" in out
    assert "sublingual  0.29 [0.27-0.31]" in out and "iv_bolus" not in out
    status, _, err = run(capsys, "compare", "ketamine", "--dose", "1mg", "--routes", "rectal")
    assert status == 2 and "route = 'rectal': unknown route" in err


def test_compare_teaching_figure_and_quantities(capsys, tmp_path):
    figure = tmp_path / "class.png"
    status, out, _ = run(
        capsys,
        "compare",
        "ketamine",
        "--dose",
        "0.5mg/kg",
        "--routes",
        "iv_infusion,im,intranasal",
        "--duration",
        "40min",
        "--teaching",
        "--figure",
        str(figure),
    )
    assert status == 0 and "iv_infusion (40 min)" in out and figure.exists()


def test_protocol_lists_windows_and_sessions(capsys, tmp_path):
    figure = tmp_path / "kit.png"
    table = tmp_path / "kit.csv"
    status, out, _ = run(
        capsys,
        "protocol",
        "ketamine",
        "kit_series_murrough2013",
        "--weight",
        "70",
        "--sessions",
        "1d,150h,12.5d",
        "--figure",
        str(figure),
        "--out",
        str(table),
    )
    assert status == 0
    assert "series of six 0.5 mg/kg infusions" in out
    assert "OUTSIDE" in out and f"figure: {figure}" in out and figure.exists()
    import pandas as pd

    assert pd.read_csv(table)["peak_ng_per_ml"].round().tolist() == [240.0] * 6
    status, _, err = run(capsys, "protocol", "ketamine", "kit_series_murrough2013", "--sessions", "tomorrow")
    assert status == 2
    assert err.count("\n") == 1
    assert "argument --sessions: 'tomorrow': expected a time with its unit" in err


def test_nca_on_a_csv(capsys, tmp_path):
    data = tmp_path / "obs.csv"
    data.write_text(
        "ID,TIME,DV,EVID\n1,0,.,1\n1,0,0,0\n1,0.5,50,0\n1,1,80,0\n1,2,60,0\n1,4,30,0\n1,6,15,0\n1,8,7.5,0\n"
        "2,0,0,0\n2,1,100,0\n2,2,60,0\n2,4,30,0\n2,8,7.5,0\n",
        encoding="utf-8",
    )
    out_csv = tmp_path / "nca.csv"
    status, out, _ = run(
        capsys,
        "nca",
        str(data),
        "--threshold",
        "50",
        "--band",
        "20:0.06mg/L",
        "--drug",
        "ketamine",
        "--out",
        str(out_csv),
    )
    assert status == 0
    assert "2 subject(s)" in out and "time_above_50_ng_per_ml_h" in out and "time_in_dissociation_h" in out
    assert "time_in_20_60_h" in out
    import pandas as pd

    table = pd.read_csv(out_csv)
    # Subject 2: linear up 0-1 h, log down after (hand sums): 50 + 40/ln(5/3) + 60/ln 2 + 90/ln 4.
    import math

    expected = 50 + 40 / math.log(100 / 60) + 60 / math.log(2) + 90 / math.log(4)
    assert table.loc[1, "auc_0_t_ng_h_per_ml"] == pytest.approx(expected, rel=1e-12)
    status, _, err = run(capsys, "nca", str(tmp_path / "missing.csv"))
    assert status == 2 and "missing.csv: no such file" in err


def test_nca_reads_the_shipped_sample_and_dv_unit(capsys):
    status, out, _ = run(capsys, "nca", "ketamine_observed", "--drug", "ketamine")
    assert status == 0 and "3 subject(s)" in out and "concentrations in ng/mL" in out
    status, out, _ = run(capsys, "nca", "ketamine_observed", "--dv-unit", "mg/L")
    assert status == 0 and "cmax_mg_per_l" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["compare", "ketamine", "--dose", "0.5", "--dose-unit", "mg/kg"],
            "--dose-unit is retired: give the unit with the dose",
        ),
        (["compare", "ketamine", "--dose", "1mg", "--csv", "x.csv"], "--csv is retired: use --out FILE"),
        (["compare", "ketamine", "--dose", "1mg", "--hours", "12"], "--hours is retired: use --t-end"),
        (
            ["protocol", "kit_series_murrough2013", "--drug", "ketamine"],
            "--drug is retired: the drug is the first argument",
        ),
        (["simulate", "--drug", "ketamine", "--plot", "x.png"], "--plot is retired: use --figure FILE"),
        (
            ["simulate", "--drug", "ketamine", "--disposition", "clements1981"],
            "--disposition is retired: use --model ID",
        ),
        (["simulate", "ketamine_study", "--model", "ketamine"], "give the drug with --drug ketamine"),
        (["nca", "ketamine_observed", "--conc-unit", "mg/L"], "--conc-unit is retired: use --dv-unit"),
        (["compare", "ketamine", "--dose", "40 minutes"], "expected a dose with its unit"),
        (
            [
                "simulate",
                "--drug",
                "ketamine",
                "--route",
                "im",
                "--dose",
                "1mg",
                "--weight",
                "70",
                "--duration",
                "40 minutes",
            ],
            "expected a time with its unit, e.g. 40min, 36h or 2d (units: h, min, s, d; a bare number is in h)",
        ),
        (["drugs", "morphine"], "drug = 'morphine': no drug file"),
        (
            ["compare", "ketamine", "--dose", "1mg", "--figure", "no/such/dir/x.png"],
            "--figure no/such/dir/x.png: no directory",
        ),
        (["compare", "ketamine", "--dose", "1mg", "--figure", "x.txt"], "expected a .png, .pdf or .svg file"),
    ],
)
def test_user_errors_are_one_line_with_status_2_and_write_nothing(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"pkengine {argv[0]}: error: "), err
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_help_renders_without_markup(capsys):
    for command in ["compare", "protocol", "simulate", "check", "nca", "drugs"]:
        status, out, _ = run(capsys, command, "--help")
        assert status == 0
        assert "``" not in out and ":func:" not in out, command
        assert "examples:" in out, command
    status, out, _ = run(capsys, "--help")
    assert "a bare number is in the engine unit" in " ".join(out.split())
