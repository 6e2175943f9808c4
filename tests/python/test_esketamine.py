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
