"""pk.load_drug: the ketamine library from Python (models at a weight, alternatives, protocols, bands).

Expected values come from docs/design.md ("Ketamine reference values") and docs/drug-file-format.md; the
tolerances say why they are what they are.
"""

import math
import os

import numpy as np
import pytest

import pkengine as pk


@pytest.fixture(scope="module")
def ketamine():
    return pk.load_drug("ketamine")


def test_load_by_name_path_and_drug(ketamine):
    assert ketamine.name == "ketamine"
    assert pk.load_drug(ketamine.source).name == "ketamine"
    assert pk.load_drug(ketamine) is ketamine
    assert "ketamine" in pk.available_drugs()
    assert list(ketamine.models)[0] == "domino1984"  # file order
    assert ketamine.default_model == "domino1984"
    assert len(ketamine.routes) == 6 and len(ketamine.protocols) == 8 and len(ketamine.bands) == 10
    with pytest.raises(ValueError, match=r"drug = 'propofol': no drug file 'propofol.json'"):
        pk.load_drug("propofol")


def test_drug_path_environment_variable(tmp_path, monkeypatch, ketamine):
    text = (
        pk.drugs.Path(ketamine.source).read_text(encoding="utf-8").replace('"drug": "ketamine"', '"drug": "ketamine2"')
    )
    (tmp_path / "ketamine2.json").write_text(text, encoding="utf-8")
    monkeypatch.setenv("PKENGINE_DRUG_PATH", os.pathsep.join(["does-not-exist", str(tmp_path)]))
    assert pk.drug_search_path()[:2] == [pk.drugs.Path("does-not-exist"), tmp_path]
    assert pk.available_drugs() == ["esketamine", "ketamine", "ketamine2"]
    assert pk.load_drug("ketamine2").source == str(tmp_path / "ketamine2.json")


def test_domino_micro_constants_and_derived_values(ketamine):
    # docs/design.md, "Ketamine reference values": k10 0.4381 ... per minute; 70 kg: V1 4.41 L, CL ~ 116 L/h (1.93 L/min).
    d = ketamine.model(weight=70).disposition
    k = d.micro_constants()
    for got, per_min in [(k.k10, 0.4381), (k.k12, 0.5921), (k.k21, 0.2470), (k.k13, 0.5900), (k.k31, 0.0146)]:
        assert got == pytest.approx(per_min * 60, rel=1e-12)  # one multiplication
    assert d.v1 == pytest.approx(4.41, rel=1e-12)
    assert abs(d.cl - 116) <= 0.5  # 116 to 3 significant figures
    assert abs(d.v3 - 178) <= 0.5 and abs(d.v2 - 10.6) <= 0.05


@pytest.mark.parametrize(
    "model, ml_min_kg",
    [("clements1981", 19.1), ("hijazi2003", 36.0), ("domino1984", 27.6)],
)
def test_per_kg_clearances_match_the_sheet(ketamine, model, ml_min_kg):
    # The sheet's derived rows (docs/design.md) printed to 0.1 mL/min/kg: half a unit of the last digit.
    weight = 81.0
    cl = ketamine.model_spec(model).disposition(weight).cl
    assert abs(cl / weight / 0.06 - ml_min_kg) <= 0.05


def test_allometric_scaling(ketamine):
    herd = ketamine.models["herd2007"]
    assert herd.weight_scaling == "allometric" and herd.reference_weight_kg == 70
    d = ketamine.model(weight=25, model="herd2007").disposition
    assert d.cl == pytest.approx(90 * (25 / 70) ** 0.75, rel=1e-12)
    assert d.v1 == pytest.approx(38.7 * 25 / 70, rel=1e-12)
    assert herd.parameters["V1"].bsv_percent == 64


def test_derived_and_fitted_ka(ketamine):
    disposition = ketamine.model(weight=70).disposition
    im = ketamine.routes["im"].ka
    # IM: derived from an input Tmax (no adult IM observation to fit it to).
    assert im.method == "derived_from_tmax" and im.tmax == pytest.approx(0.25, rel=1e-15)
    # ka_for_tmax solves to 1e-10 in log(ka); tmax_for_ka is accurate to 1e-9 h.
    assert abs(pk.tmax_for_ka(disposition, ketamine.ka("im")) - 0.25) < 1e-6
    # Independent RK4 figures with Domino, printed to 2 digits (1 %).
    assert ketamine.ka("im") == pytest.approx(0.98, rel=0.01)
    assert ketamine.ka("im", model="clements1981") == pytest.approx(8.1, rel=0.01)
    assert ketamine.ka("intranasal", alternative="intranasal_malinovsky1996_children") == pytest.approx(0.69, rel=0.01)
    for route in ["intranasal", "oral", "sublingual"]:
        spec = ketamine.routes[route]
        assert spec.ka.method == "fitted" and spec.transit is not None
        assert spec.fitted_to and all(obs in ketamine.observations for obs in spec.fitted_to)
        # A fitted ka is the same for every disposition model: it was fitted with the default.
        assert ketamine.ka(route, model="clements1981") == ketamine.ka(route) == spec.ka.ka


def test_alternatives_and_swallowed_fraction(ketamine):
    model = ketamine.model(weight=70, alternatives=["intranasal_yanagihara2003", "oral_children_brunette2011"])
    f = model.bioavailability("intranasal")
    assert (f.nominal, f.low, f.high) == (0.45, 0.45, 0.45)
    # Brunette's own first-order ka replaces the fitted oral absorption, chain included.
    assert model.absorption("oral").ka == pytest.approx(math.log(2) / (59 / 60), rel=1e-12)
    assert model.transit("oral") is None
    # Yanagihara's preset changes F only: the fitted intranasal chain stays.
    assert model.transit("intranasal").n == ketamine.routes["intranasal"].transit.n
    assert model.absorption("intranasal").fraction_swallowed == 0.0
    with pytest.raises(ValueError, match="already takes the alternative"):
        ketamine.model(alternatives=["intranasal_singh2022", "intranasal_yanagihara2003"])


def test_protocols_are_regimens_for_any_weight(ketamine):
    regimen = ketamine.protocol("kit_series_murrough2013", weight=60)
    assert [e.time for e in regimen.events] == [d * 24.0 for d in (0, 2, 4, 7, 9, 11)]
    assert all(e.amount == pytest.approx(30.0, rel=1e-15) for e in regimen.events)
    assert all(e.duration == pytest.approx(40 / 60, rel=1e-15) for e in regimen.events)


def test_esketamine_protocol_runs_with_its_session_model():
    esketamine = pk.load_drug("esketamine")
    spec = esketamine.protocols["esketamine_suicidal_ideation_84mg"]
    assert spec.route_alternatives == [] and spec.model == "perezruixo2021_84mg_session"
    assert spec.enantiomer == "S" and spec.administrations[0].dose_basis == "base"
    model = esketamine.protocol_model("esketamine_suicidal_ideation_84mg", weight=70)
    nasal, swallowed = model.linear_structure.routes[pk.Route("intranasal")]
    assert nasal.f == pytest.approx(0.54 * (1 + 2 * 0.62) / 3, abs=5e-5)  # session mean of FRn
    assert swallowed.f == pytest.approx((1 - nasal.f) * 0.64, abs=5e-5)
    result = pk.simulate(model, esketamine.protocol("esketamine_suicidal_ideation_84mg"), t_end=26 * 24.0, dt=0.25)
    # Mass balance: what entered (nasal + swallowed share past the gut wall) is in the model or eliminated,
    # to the exact path's stated accuracy (docs/design.md, "Reference case": 1e-9 relative).
    assert result.amounts[-1].sum() == pytest.approx(8 * 84 * (nasal.f + swallowed.f), rel=1e-9)


def test_bands_in_mg_per_l(ketamine):
    bands = {b.name: b for b in ketamine.bands}
    assert bands["dissociation"].low == pytest.approx(0.100, rel=1e-15)
    assert bands["dissociation"].high == pytest.approx(0.250, rel=1e-15)
    assert bands["analgesia_threshold"].upper == math.inf
    peak = bands["antidepressant_peak"]
    assert peak.shape == "level" and peak.kind == "observed_peak" and peak.high is None
    assert peak.regimen == "0.5 mg/kg IV over 40 min"
    assert bands["awakening"].kind == "threshold" and pk.ng_per_ml(bands["awakening"].spread) == pytest.approx(214)
    assert bands["bowdle1998_target_range"].kind == "target_range"
    assert ketamine.band("awakening").refs[0] == "idvall1979"
    assert np.isclose(pk.ng_per_ml(bands["general_anaesthesia"].high), 2400)
