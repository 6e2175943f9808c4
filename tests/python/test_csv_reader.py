"""One CSV reader for every command: byte-order mark, text that is not UTF-8, numbers in decimal
only, numeric IDs by value, grids and covariates checked."""

import math

import pytest
from cli_support import run

import pkengine as pk

HEADER = "ID,TIME,EVID,AMT,CMT,DV\n"
RECORDS = "1,0,1,100,1,.\n1,1,0,0,1,4.5\n1,2,0,0,1,3.1\n1,4,0,0,1,1.9\n1,8,0,0,1,0.7\n"


def model():
    return pk.Model(pk.Disposition.one_compartment(cl=5.0, v1=20.0))


def test_a_byte_order_mark_is_skipped_by_every_reader(tmp_path, capsys):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + RECORDS).encode())
    frame = pk.simulate_dataset(path, model())
    assert len(frame) == 5 and frame["ID"].nunique() == 1
    table = pk.nca.read_observations(path)
    assert list(table.columns) == ["ID", "TIME", "EVID", "AMT", "CMT", "DV", "LINE"]
    assert table["LINE"].tolist() == [2, 3, 4, 5, 6]
    status, out, err = run(capsys, "nca", str(path), "--dv-unit", "mg/L")
    assert status == 0, err
    assert "1 subject(s)" in out


def test_latin1_is_rejected_naming_file_and_line_before_anything_runs(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER.strip() + ",SITE\n").encode() + b"1,0,1,100,1,.,Ber\xe9\n")
    with pytest.raises(ValueError, match=r"latin1\.csv:2: column 18: byte 0xE9 is not UTF-8 text"):
        pk.simulate_dataset(path, model())
    out_csv = tmp_path / "r.csv"
    status, out, err = run(capsys, "simulate", str(path), "--drug", "ketamine", "--out", str(out_csv))
    assert status == 2 and "latin1.csv:2: column 18" in err and "save the file as UTF-8" in err
    assert not out_csv.exists()
    status, _, err = run(capsys, "nca", str(path))
    assert status == 2 and "latin1.csv:2: column 18: byte 0xE9" in err


def test_numeric_ids_are_one_subject_by_value(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text(HEADER + "1,0,1,100,1,.\n1.0,1,0,0,1,4.5\n01,2,0,0,1,3.1\nA,0,1,50,1,.\na,0,1,50,1,.\n")
    data = pk.read_dataset(path)
    assert [s.id for s in data.subjects] == ["1", "A", "a"]
    assert len(data.subjects[0].records) == 3
    frame = pk.simulate_dataset(path, model())
    assert frame["ID"].nunique() == 3


@pytest.mark.parametrize(
    "time, message",
    [
        ("0x10", "TIME = '0x10': not a number: hexadecimal is not read"),
        ("1e-400", "TIME = '1e-400': not a number: too small for a double"),
        ("1e400", "TIME = '1e400': not a number: beyond the range of a double"),
    ],
)
def test_numbers_are_decimal_and_within_a_double(time, message):
    with pytest.raises(ValueError) as excinfo:
        pk.Dataset.parse_csv(HEADER + f"1,{time},1,100,1,.\n", "n.csv")
    assert message in str(excinfo.value)


@pytest.mark.parametrize("grid", [-1.0, math.nan, math.inf])
def test_a_negative_or_non_finite_grid_is_rejected(tmp_path, grid):
    path = tmp_path / "g.csv"
    path.write_text(HEADER + RECORDS)
    with pytest.raises(ValueError, match=r"grid = .*: must be a finite time >= 0"):
        pk.simulate_dataset(path, model(), grid=grid)
    with pytest.raises(ValueError, match=r"grid_end = .*: must be a finite time >= 0"):
        pk.simulate_dataset(path, model(), grid=1.0, grid_end=grid)


def test_nan_covariates_are_not_written(tmp_path):
    regimen = pk.Regimen.single(pk.Dose(35.0, "im"))
    with pytest.raises(ValueError, match=r"covariates\.WT = nan: must be a finite number"):
        pk.write_dataset(tmp_path / "w.csv", regimen, times=[1.0], id=1, covariates={"WT": math.nan})
    assert not (tmp_path / "w.csv").exists()


def test_a_latin1_drug_file_is_a_value_error_naming_file_and_line(tmp_path):
    text = pk.drugs.find_drug_file("ketamine").read_bytes().replace(b'"Racemic ketamine', b'"R\xe9cemic ketamine', 1)
    path = tmp_path / "latin1.json"
    path.write_bytes(text)
    with pytest.raises(ValueError, match=r"latin1\.json: JSON syntax error: parse error at line 6") as excinfo:
        pk.load_drug(path)
    assert "ill-formed UTF-8 byte" in str(excinfo.value) and "save it as UTF-8" in str(excinfo.value)
