"""The command line: every command runs, prints what it says, and reports bad input in one line."""

import subprocess
import sys

import pytest

from pkengine import cli


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_commands_are_discovered():
    names = [module.NAME for module in cli.command_modules()]
    assert "drugs" in names
    assert names == sorted(names)


def test_drugs_lists_models_routes_protocols_and_bands(capsys):
    status, out, _ = run(capsys, "drugs")
    assert status == 0
    assert out.startswith("1 drug(s): ketamine")
    for word in ["domino1984", "flint2017_s_ketamine", "intranasal_singh2022", "kit_series_murrough2013",
                 "esketamine_induction_84mg", "antidepressant_peak", "0.13 [0.11-0.50]",
                 "0.982 /h (derived from an input Tmax of 15 min)", "29.4 /h (fitted to 3 observations)",
                 "7 x MTT 14.3 min", "threshold", "observed_peak after 0.5 mg/kg IV over 40 min",
                 "integration window: 48 h"]:
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
    status, out, _ = run(capsys, "compare", "ketamine", "--dose", "0.5", "--dose-unit", "mg/kg", "--weight", "70",
                         "--figure", str(figure), "--csv", str(table))
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
    status, out, _ = run(capsys, "compare", "--dose", "25", "--dose-unit", "mg", "--routes", "sublingual,oral",
                         "--alternative", "sublingual_rolan2014", "--model", "kamp2020_one_compartment", "--hours", "12")
    assert status == 0
    assert "sublingual  0.29 [0.27-0.31]" in out and "iv_bolus" not in out
    status, _, err = run(capsys, "compare", "--dose", "1", "--routes", "rectal")
    assert status == 2 and "route = 'rectal': unknown route" in err


def test_protocol_lists_windows_and_sessions(capsys, tmp_path):
    figure = tmp_path / "kit.png"
    status, out, _ = run(capsys, "protocol", "kit_series_murrough2013", "--weight", "70",
                         "--sessions", "1d,150h,12.5d", "--figure", str(figure))
    assert status == 0
    assert "series of six 0.5 mg/kg infusions" in out
    assert "OUTSIDE" in out and f"figure: {figure}" in out and figure.exists()
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["protocol", "kit_series_murrough2013", "--sessions", "tomorrow"])
    assert excinfo.value.code == 2
    assert "argument --sessions: session = 'tomorrow': expected a number" in capsys.readouterr().err


def test_nca_on_a_csv(capsys, tmp_path):
    data = tmp_path / "obs.csv"
    data.write_text("ID,TIME,DV,EVID\n1,0,.,1\n1,0,0,0\n1,0.5,50,0\n1,1,80,0\n1,2,60,0\n1,4,30,0\n1,6,15,0\n1,8,7.5,0\n"
                    "2,0,0,0\n2,1,100,0\n2,2,60,0\n2,4,30,0\n2,8,7.5,0\n", encoding="utf-8")
    out_csv = tmp_path / "nca.csv"
    status, out, _ = run(capsys, "nca", str(data), "--threshold", "50", "--band", "20:60", "--drug", "ketamine",
                         "--out", str(out_csv))
    assert status == 0
    assert "2 subject(s)" in out and "time_above_50_ng_per_ml_h" in out and "time_in_dissociation_h" in out
    import pandas as pd

    table = pd.read_csv(out_csv)
    # Subject 2: linear up 0-1 h, log down after (hand sums): 50 + 40/ln(5/3) + 60/ln 2 + 90/ln 4.
    import math

    expected = 50 + 40 / math.log(100 / 60) + 60 / math.log(2) + 90 / math.log(4)
    assert table.loc[1, "auc_0_t_ng_h_per_ml"] == pytest.approx(expected, rel=1e-12)
    status, _, err = run(capsys, "nca", str(tmp_path / "missing.csv"))
    assert status == 2 and "missing.csv: no such file" in err
