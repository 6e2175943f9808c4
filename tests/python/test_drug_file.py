"""The shipped drug files obey the format's data rules N1-N4 (docs/drug-file-format.md, section 1.1).

The walk below reads the JSON with the standard library only, independently of the loader: every
number in the file must trace to a reference entry.
"""

import json
from pathlib import Path

import pytest

import pkengine as pk

DRUG_DIR = Path(__file__).resolve().parents[2] / "engine" / "data" / "drugs"
DRUG_FILES = sorted(DRUG_DIR.glob("*.json"))
NUMBER_KEYS = {"value", "nominal", "low", "high"}


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def walk(node, path, numbers, refs, holders):
    """Collects (path, holder-has-ref) for every number, every ref, and every number holder."""
    if isinstance(node, dict):
        if NUMBER_KEYS & node.keys():
            holders.append((path, "ref" in node))
        for key, value in node.items():
            child = f"{path}.{key}" if path else key
            if key == "ref":
                refs.append((child, [value] if isinstance(value, str) else value))
            elif is_number(value):
                numbers.append((child, key in NUMBER_KEYS and "ref" in node))
            elif key == "value" and isinstance(value, list) and "ref" in node:
                numbers.extend((f"{child}[{i}]", is_number(v)) for i, v in enumerate(value))
            else:
                walk(value, child, numbers, refs, holders)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            child = f"{path}[{i}]"
            if is_number(value):
                numbers.append((child, False))
            else:
                walk(value, child, numbers, refs, holders)


def test_there_is_a_drug_file():
    assert [p.name for p in DRUG_FILES] == ["esketamine.json", "ketamine.json"]


@pytest.mark.parametrize("path", DRUG_FILES, ids=lambda p: p.name)
def test_every_number_traces_to_a_reference(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    references = document["references"]
    body = {k: v for k, v in document.items() if k != "references"}
    numbers, refs, holders = [], [], []
    walk(body, "", numbers, refs, holders)

    # N1: every number is the value/nominal/low/high of an object with a ref (or in such a value array).
    assert numbers, "the walk found no numbers"
    assert [p for p, ok in numbers if not ok] == []
    # N2: every object holding value/nominal/low/high has a ref.
    assert [p for p, ok in holders if not ok] == []
    # N3: every ref resolves to a reference entry.
    cited = set()
    for where, ids in refs:
        assert isinstance(ids, list) and ids, where
        for ref_id in ids:
            assert ref_id in references, f"{where}: {ref_id!r} is not a reference"
            cited.add(ref_id)
    # N4: every reference entry is cited, and holds no number.
    assert sorted(set(references) - cited) == []
    for ref_id, entry in references.items():
        assert set(entry) == {"citation", "where_read", "status"}, ref_id
        assert entry["status"] in {"D", "D-2", "S", "I", "U"}, ref_id
        assert all(isinstance(v, str) for v in entry.values()), ref_id


@pytest.mark.parametrize("path", DRUG_FILES, ids=lambda p: p.name)
def test_the_walk_catches_an_unreferenced_number(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    model = document["models"][document["default_model"]]
    if "parameters" in model:
        del model["parameters"]["V1"]["ref"]
        expected = f"models.{document['default_model']}.parameters.V1.value"
    else:  # a general linear model: its first compartment's volume
        del model["compartments"][0]["volume"]["ref"]
        expected = f"models.{document['default_model']}.compartments[0].volume.value"
    numbers, refs, holders = [], [], []
    walk({k: v for k, v in document.items() if k != "references"}, "", numbers, refs, holders)
    assert [p for p, ok in numbers if not ok] == [expected]


@pytest.mark.parametrize("path", DRUG_FILES, ids=lambda p: p.name)
def test_the_loader_accepts_the_file_and_the_package_ships_it(path):
    drug = pk.Drug.load_file(str(path))
    assert drug.name == path.stem
    shipped = pk.load_drug(path.stem)
    assert Path(shipped.source).read_bytes() == path.read_bytes()
