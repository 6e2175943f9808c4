"""The peer comparison script's own parts that need no peer installed: its independent exact
solution (which pkengine's exact path must match) and the SBML model it hands libRoadRunner."""

import importlib.util
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "compare_peers.py"


@pytest.fixture(scope="module")
def peers():
    spec = importlib.util.spec_from_file_location("compare_peers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize("case_name", ["reference", "kit"])
def test_exact_path_matches_the_scripts_closed_form(peers, case_name):
    case = next(c for c in peers.CASES if c.name == case_name)
    exact = peers.exact_concentration(case)
    run = peers.pkengine_engine("pkengine exact", "", peers.EXACT_BOUND, "exact").prepare(case)
    relative, scaled = peers.errors(np.asarray(run()), exact)
    assert relative < peers.EXACT_BOUND
    assert scaled < 1e-12


def test_closed_form_conserves_the_kit_dose(peers):
    # After the last infusion has long ended almost everything is eliminated; during the first
    # infusion the central amount stays below the dose given so far.
    case = next(c for c in peers.CASES if c.name == "kit")
    concentration = peers.exact_concentration(case)
    start, stop, rate = case.infusions[0]
    during = (case.times_h > start) & (case.times_h <= stop)
    given = rate * (case.times_h[during] - start)
    assert np.all(concentration[during] * peers.V1_L <= given * (1 + 1e-12))
    assert concentration[-1] < 1e-3 * concentration.max()


@pytest.mark.parametrize("case_name, events", [("reference", 1), ("kit", 12)])
def test_sbml_model_is_well_formed(peers, case_name, events):
    case = next(c for c in peers.CASES if c.name == case_name)
    root = ElementTree.fromstring(peers.sbml_model(case))
    namespace = {"sbml": "http://www.sbml.org/sbml/level3/version2/core"}
    assert len(root.findall(".//sbml:event", namespace)) == events
    assert len(root.findall(".//sbml:rateRule", namespace)) == 4
