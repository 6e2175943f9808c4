"""esketamine.json: the Perez-Ruixo 2021 model as a general linear model, its Table 4 typical values
(a reproduction test, not evidence), the label's Tmax window and half-life in `pkengine check`, the
Spravato protocols (each 28 mg device 5 min after the previous one) and their enantiomer.

Tolerances: Table 4 esketamine Cmax and AUC0-24 and noresketamine Cmax within 10 % (the engine is within
1.3 %); the noresketamine AUC0-24 of the transcribed parameters is 1.41-1.46 x Table 4 (docs/drug-file-format.md
§17) and is pinned within 2 % so that a change is noticed. AUC by the trapezoid rule on a 30 s grid: within
1e-4 of the exact area for these smooth curves."""

import numpy as np
import pytest
from cli_support import run

import pkengine as pk

SESSION_MODELS = {1: "perezruixo2021", 2: "perezruixo2021_56mg_session", 3: "perezruixo2021_84mg_session"}
# Perez-Ruixo 2021 Table 4 (Caucasian, 18-60 y): esketamine Cmax, AUC0-24; noresketamine Cmax, AUC0-24.
TABLE4 = {1: (43.8, 147.3, 59.1, 274.4), 2: (72.5, 254.7, 119.7, 516.3), 3: (101.0, 362.2, 180.0, 758.0)}
NK_AUC_RATIO = {1: 1.410, 2: 1.445, 3: 1.457}


@pytest.fixture(scope="module")
def esketamine():
    return pk.load_drug("esketamine")


def session(drug, devices):
    model = drug.model(70, SESSION_MODELS[devices])
    regimen = pk.Regimen.series(pk.Dose(28.0, "intranasal"), [5.0 * k / 60.0 for k in range(devices)])
    result = pk.simulate(model, regimen, t_end=24.0, dt=0.5 / 60.0)
    t = np.asarray(result.times)
    c = np.asarray(result.concentration) * 1000
    nk = np.asarray(result.metabolite_concentration) * 1000
    return t, c, nk


def test_the_drug_loads_as_s_ketamine(esketamine):
    assert esketamine.analyte == "s_ketamine" and esketamine.default_model == "perezruixo2021"
    assert all(m.enantiomer == "S" and m.linear is not None for m in esketamine.models.values())
    assert esketamine.routes == {} and esketamine.bands_for_model() == []
    assert "esketamine" in pk.available_drugs()


@pytest.mark.parametrize("devices", [1, 2, 3])
def test_perez_ruixo_table4_is_reproduced(esketamine, devices):
    t, c, nk = session(esketamine, devices)
    cmax, auc, nk_cmax, nk_auc = TABLE4[devices]
    assert c.max() == pytest.approx(cmax, rel=0.10)
    assert np.trapezoid(c, t) == pytest.approx(auc, rel=0.10)
    assert nk.max() == pytest.approx(nk_cmax, rel=0.10)
    assert np.trapezoid(nk, t) / nk_auc == pytest.approx(NK_AUC_RATIO[devices], rel=0.02)


@pytest.mark.parametrize("devices", [1, 2, 3])
def test_tmax_is_20_to_40_min_after_the_last_spray(esketamine, devices):
    t, c, _ = session(esketamine, devices)
    after_last = (t[np.argmax(c)] - 5.0 * (devices - 1) / 60.0) * 60
    assert 20 <= after_last <= 40


def test_check_prints_the_label_rows(esketamine, capsys):
    check = pk.check_drug(esketamine)
    table = check.table.set_index("observation")
    label = table.loc["spravato_label_28mg"]
    assert label.counts and label.passes
    assert 7 <= label.half_life_pred_h <= 12 and 20 <= label.tmax_pred_min <= 40
    huge = table.loc["huge2010_in_0_2mgkg"]
    assert not huge.counts and huge.not_counted_because == "formulation"
    assert check.passes and check.counted == 1
    status, out, _ = run(capsys, "check", "esketamine")
    assert status == 0
    assert "no (formulation)" in out and "9.5 [7-12] / 11" in out
    assert "No counted Cmax; 0 of 1 counted observations miss" in out


def test_protocols_give_each_device_5_min_apart(esketamine):
    regimen = esketamine.protocol("esketamine_induction_84mg", weight=80)
    times = sorted(e.time for e in regimen.events)
    assert len(times) == 2 + 7 * 3 and all(e.amount == 28.0 for e in regimen.events)
    assert times[1] - times[0] == pytest.approx(5 / 60, rel=1e-12)
    assert times[4] - times[2] == pytest.approx(10 / 60, rel=1e-12)
    assert esketamine.protocols["esketamine_induction_84mg"].model == "perezruixo2021_84mg_session"


def test_mass_balance_of_a_dose(esketamine):
    model = esketamine.model(70)
    nasal, swallowed = model.linear_structure.routes[pk.Route("intranasal")]
    result = pk.simulate(model, pk.Regimen.single(pk.Dose(28.0, "intranasal")), t_end=240.0, dt=1.0)
    totals = np.asarray(result.amounts).sum(axis=1)
    assert np.allclose(totals[1:], 28.0 * (nasal.f + swallowed.f), rtol=1e-9, atol=0)


def test_a_protocol_of_the_other_enantiomer_is_refused(tmp_path, esketamine):
    text = pk.drugs.Path(esketamine.source).read_text(encoding="utf-8")
    text = text.replace(
        '"enantiomer": "S",\n   "model": "perezruixo2021_56mg_session"',
        '"enantiomer": "racemic",\n   "model": "perezruixo2021_56mg_session"',
    )
    (tmp_path / "esketamine.json").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"protocols.esketamine_induction_56mg.enantiomer = 'racemic': protocol"):
        pk.load_drug(str(tmp_path / "esketamine.json"))


def test_a_quick_curve_covers_five_terminal_half_lives(esketamine, capsys):
    # Slowest rate of the general linear model: esketamine's terminal half-life, 11.0 h.
    model = esketamine.model(70)
    assert np.log(2) / pk.simulation.slowest_rate(model, [pk.Route("intranasal")]) == pytest.approx(11.03, abs=0.01)
    status, out, _ = run(
        capsys, "simulate", "--drug", "esketamine", "--route", "intranasal", "--dose", "28mg", "--weight", "70kg"
    )
    assert status == 0
    assert "last dose at 0.53 h + 5 half-lives of 11 h" in out and "Cmax 43.93 ng/mL" in out


def test_population_samples_the_published_variability_and_refuses_an_f_range(capsys):
    status, out, _ = run(
        capsys, "population", "esketamine", "--route", "intranasal", "--dose", "28mg", "--n", "5", "--seed", "1"
    )
    assert status == 0 and "[published (perezruixo2021, perezruixo2021_table3, perezruixo2021_table4)]" in out
    with pytest.raises(
        ValueError, match="f_uniform_in_range: a general linear model's route targets are not drawn within"
    ):
        pk.simulate_population(
            "esketamine", pk.Dose(28.0, "intranasal"), 5, [0.0, 1.0], 1, f_range=True, progress=False
        )


def test_the_timeline_figure_says_s_ketamine_and_draws_no_racemic_band():
    figure = pk.protocol_timeline("esketamine", "esketamine_induction_56mg", weight=70, step_minutes=5).plot()
    days, zoom = figure.axes[0], figure.axes[1]
    assert days.get_ylabel() == zoom.get_ylabel() == "plasma S-ketamine (ng/mL)"
    assert zoom.get_legend().get_title().get_text() == "no S-ketamine bands in the drug file"


def test_the_route_comparison_refuses_a_general_linear_model_and_says_what_to_do(capsys):
    with pytest.raises(ValueError, match=r"model = 'perezruixo2021' of drug 'esketamine': a general linear model"):
        pk.compare_routes("esketamine", dose=56, dose_unit="mg", routes=["intranasal"])
    status, _, err = run(capsys, "compare", "esketamine", "--dose", "56mg")
    assert status == 2 and "pkengine protocol esketamine PROTOCOL" in err


def test_the_swallowed_share_follows_frn_set_by_name(esketamine):
    # F7, the F of the nasal target's own depot, is FRn; the liver target is its remainder x Fgut.
    model = esketamine.model(70)
    nasal, swallowed = model.linear_structure.routes[pk.Route("intranasal")]
    assert model.parameter("F7") == 0.54 and swallowed.remainder_of == "central" and swallowed.times == 0.64
    assert swallowed.f == pytest.approx(0.2944, rel=1e-15)
    moved = model.with_params(F7=0.7)
    nasal, swallowed = moved.linear_structure.routes[pk.Route("intranasal")]
    assert nasal.f == 0.7 and swallowed.f == pytest.approx((1 - 0.7) * 0.64, rel=1e-15)
    assert swallowed.f == pytest.approx(0.192, rel=1e-15)
    # The same curve as the model built by hand with the fractions fixed at 0.7 and 0.192 (1e-12 of the
    # peak: the same system matrix and inputs).
    structure = model.linear_structure
    routes = dict(structure.routes)
    routes[pk.Route("intranasal")] = [
        pk.LinearRouteTarget("central", f=0.7, ka=2.93),
        pk.LinearRouteTarget("liver", f=0.192, ka=1.45, duration=0.53),
    ]
    by_hand = pk.Model(
        pk.LinearStructure(
            structure.compartments,
            structure.transfers,
            routes,
            observed=structure.observed,
            metabolite=structure.metabolite,
        )
    )
    dose = pk.Dose(28.0, "intranasal")
    a = pk.simulate(moved, dose, t_end=24.0, dt=0.1).concentration_ng_per_ml
    b = pk.simulate(by_hand, dose, t_end=24.0, dt=0.1).concentration_ng_per_ml
    np.testing.assert_allclose(a, b, rtol=0.0, atol=1e-12 * b.max())
    with pytest.raises(ValueError, match=r"F8 = 0.3: the fraction of the intranasal target 'liver' is the remainder"):
        model.with_params(F8=0.3)


def test_japanese_race_is_frn_times_1_34(esketamine):
    for spec in esketamine.models.values():
        japanese = spec.covariate_effects[-1]
        assert (japanese.covariate, japanese.parameter, japanese.kind) == ("JAPANESE", "F7", "factor")
    assert 0.54 * 1.34 < 1
    dose, times = pk.Dose(28.0, "intranasal"), np.arange(0.0, 24.01, 0.25)
    result = pk.simulate_population(
        esketamine, dose, 2, times, 1, omega={"V1": 0.0}, covariates={"JAPANESE": [0, 1]}, curves=True, progress=False
    )
    typical = esketamine.model()
    own = pk.simulate(typical.with_params(F7=0.7236), dose, times).concentration_ng_per_ml
    np.testing.assert_allclose(result.curves[1], own, rtol=0.0, atol=1e-12 * own.max())
    plain = pk.simulate(typical, dose, times).concentration_ng_per_ml
    np.testing.assert_allclose(result.curves[0], plain, rtol=0.0, atol=1e-12 * own.max())


def _edited(tmp_path, esketamine, old, new):
    text = pk.drugs.Path(esketamine.source).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "esketamine.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"remainder_of": "central"',
            '"remainder_of": "peripheral1"',
            r"remainder_of = 'peripheral1': the intranasal route has no target entering it "
            r"\(its other targets: central\)",
        ),
        ('"times": {\n        "value": 0.64,', '"times": {\n        "value": 1.5,', None),
        (
            '"remainder_of": "central"',
            '"remainder_of": "liver"',
            r"remainder_of = 'liver': a target cannot be the remainder of itself",
        ),
    ],
)
def test_a_remainder_target_is_checked(tmp_path, esketamine, old, new, message):
    if message is None:
        message = r"remainder_times = 1.5: the factor on a remainder must be in \(0, 1\]"
    with pytest.raises(ValueError, match=r"models.perezruixo2021.routes: .*" + message):
        pk.load_drug(_edited(tmp_path, esketamine, old, new))


def test_a_remainder_of_a_remainder_is_refused():
    base = dict(
        compartments=["gut", "portal", ("central", 10.0)],
        transfers=[("gut", "central", 1.0), ("portal", "central", 1.0), ("central", None, 0.2)],
    )
    routes = {
        "oral": [
            pk.LinearRouteTarget("central", f=0.5, ka=1.0),
            pk.LinearRouteTarget("gut", remainder_of="central", times=0.5),
            pk.LinearRouteTarget("portal", remainder_of="gut", times=0.5),
        ]
    }
    with pytest.raises(ValueError, match=r"remainder_of = 'gut': that target is itself the remainder of 'central'"):
        pk.linear_model(routes=routes, **base)


def test_a_cv_on_a_fraction_is_refused(tmp_path, esketamine):
    path = _edited(
        tmp_path, esketamine, '"value": 0.708,\n        "unit": "sd_logit"', '"value": 70.8,\n        "unit": "%"'
    )
    with pytest.raises(ValueError, match=r"a fraction's bsv is the SD of logit F \(unit sd_logit\)"):
        pk.load_drug(path)
