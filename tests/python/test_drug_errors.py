"""Each kind of bad drug file raises ValueError naming the file and the JSON key (from Python)."""

import json

import pytest

import pkengine as pk


@pytest.fixture(scope="module")
def document():
    with open(pk.load_drug("ketamine").source, encoding="utf-8") as f:
        return json.load(f)


def load_edited(tmp_path, document, edit, name="ketamine.json"):
    doc = json.loads(json.dumps(document))
    edit(doc)
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return str(path)


def set_unit(doc):
    doc["models"]["domino1984"]["parameters"]["V1"]["unit"] = "L/lb"


def drop_k31(doc):
    del doc["models"]["domino1984"]["parameters"]["k31"]


def bad_ref(doc):
    doc["routes"]["im"]["f"]["ref"] = ["seed", "primidi2"]


def f_too_high(doc):
    doc["route_alternatives"]["oral_chong2009"]["f"]["high"] = 1.2


def bad_structure(doc):
    doc["models"]["hijazi2003"]["structure"] = "two_compartments"


def per_kg_unit_in_allometric_model(doc):
    doc["models"]["kamp2020_one_compartment"]["parameters"]["CL"]["unit"] = "mL/min/kg"


def swallowed_one(doc):
    doc["routes"]["sublingual"]["fraction_swallowed"]["value"] = 1


def infusion_without_duration(doc):
    del doc["protocols"]["kit_single_infusion"]["administrations"][0]["duration"]


@pytest.mark.parametrize(
    "edit, message",
    [
        (set_unit, "models.domino1984.parameters.V1.unit = 'L/lb': unknown volume unit"),
        (drop_k31, "models.domino1984.parameters.k31: missing required key"),
        (bad_ref, "routes.im.f.ref[1] = 'primidi2': no such reference"),
        (f_too_high, "route_alternatives.oral_chong2009.f.high = 1.2: bioavailability must be in (0, 1]"),
        (bad_structure, "models.hijazi2003.structure = 'two_compartments': must be one of one_compartment"),
        (
            per_kg_unit_in_allometric_model,
            "models.kamp2020_one_compartment.parameters.CL.unit = 'mL/min/kg': unit not allowed here",
        ),
        (swallowed_one, "routes.sublingual.fraction_swallowed.value = 1: must be < 1"),
        (infusion_without_duration, "protocols.kit_single_infusion.administrations[0].duration: missing required key"),
    ],
)
def test_bad_file_names_file_and_key(tmp_path, document, edit, message):
    path = load_edited(tmp_path, document, edit)
    with pytest.raises(ValueError) as excinfo:
        pk.load_drug(path)
    assert str(excinfo.value).startswith(f"{path}: {message}")
    assert isinstance(excinfo.value, pk.InvalidInput)


def test_duplicate_keys_and_syntax(tmp_path, document):
    path = tmp_path / "ketamine.json"
    text = json.dumps(document).replace(
        '"default_model": "domino1984"', '"default_model": "domino1984", "default_model": "x"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"ketamine\.json: default_model: duplicate key"):
        pk.Drug.load_file(str(path))
    path.write_text(json.dumps(document)[:-1], encoding="utf-8")
    with pytest.raises(ValueError, match=r"ketamine\.json: JSON syntax error"):
        pk.Drug.load_file(str(path))


def test_file_name_must_match_the_drug(tmp_path, document):
    path = load_edited(tmp_path, document, lambda doc: None, name="ketamine_copy.json")
    with pytest.raises(
        ValueError, match=r"drug = 'ketamine': must equal the file name without \.json \('ketamine_copy'\)"
    ):
        pk.load_drug(path)


def test_out_of_range_number_long_id_and_deep_nesting(tmp_path, document):
    path = tmp_path / "ketamine.json"
    text = json.dumps(document, indent=1)
    v1 = '"V1": {\n     "value": 0.063,'
    assert text.count(v1) == 1
    path.write_text(text.replace(v1, '"V1": {\n     "value": 1e400,'), encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"ketamine\.json: models\.domino1984\.parameters\.V1\.value: number out of range"
    ):
        pk.Drug.load_file(str(path))
    path.write_text(text.replace('"domino1984": {', '"' + "a" * 30000 + '!": {', 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"model id is not an id"):
        pk.Drug.load_file(str(path))
    path.write_text("[" * 300000 + "]" * 300000, encoding="utf-8")
    with pytest.raises(ValueError, match=r"ketamine\.json: (\[0\])+: JSON nested deeper than 64 levels"):
        pk.Drug.load_file(str(path))
