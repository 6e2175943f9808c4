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
    for word in ["domino1984", "flint2017_s_ketamine", "intranasal_2022_device", "kit_series_murrough2013",
                 "esketamine_induction_84mg", "antidepressant_peak", "0.45 [0.25-0.50]",
                 "0.982 /h (from Tmax 15 min)", "integration window: 48 h"]:
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
