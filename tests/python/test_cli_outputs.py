"""Every output path of a command is checked before any work: after an error nothing is written."""

import pytest
from cli_support import run

SIMULATE = ["simulate", "ketamine_study", "--drug", "ketamine"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (SIMULATE + ["--out", "r.csv", "--figure", "/missing/f.png"], "--figure /missing/f.png: no directory /missing"),
        (SIMULATE + ["--out", ".", "--figure", "f.png"], "--out .: is a directory, give a file name"),
        (["nca", "ketamine_observed", "--out", "/missing/x.csv"], "--out /missing/x.csv: no directory /missing"),
        (["nca", "ketamine_observed", "--out", "."], "--out .: is a directory"),
        (["compare", "ketamine", "--dose", "1mg", "--out", "t.csv", "--figure", "."], "--figure .: is a directory"),
        (["check", "ketamine", "--out", "/missing/c.csv"], "--out /missing/c.csv: no directory"),
    ],
)
def test_an_unwritable_output_fails_before_anything_is_written(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert status == 2, err
    assert out == ""
    assert err.count("\n") == 1 and message in err, err
    assert list(tmp_path.iterdir()) == []
