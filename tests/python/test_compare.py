"""pk.compare_routes: one dose by every route, with the bioavailability range as an envelope."""

import math

import numpy as np
import pytest

import pkengine as pk


@pytest.fixture(scope="module")
def comparison():
    return pk.compare_routes("ketamine", dose=0.5, dose_unit="mg/kg", weight=70)


def nominal(comparison, column):
    return dict(zip(comparison.table_full["route"], comparison.table_full[column]))


def test_defaults_cover_every_route(comparison):
    table = comparison.table_full
    assert list(table["route"]) == ["iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual"]
    assert comparison.dose_mg == pytest.approx(35.0, rel=1e-15)
    assert table.loc[1, "duration_min"] == pytest.approx(40.0, rel=1e-12)  # the KIT infusion
    assert table.attrs["model"] == "domino1984" and table.attrs["t_end_h"] == 24.0
    assert list(table["ka_source"]) == ["-", "-", "derived_from_tmax (Tmax input 15 min)"] + ["fitted"] * 3
    assert comparison.times.shape == (1441,)


def test_auc_follows_f_and_is_exact(comparison):
    auc = nominal(comparison, "auc_0_inf_ng_h_per_ml")
    f = nominal(comparison, "f")
    cl = comparison.result.cl
    for route in auc:
        # AUC(0-inf) = F dose / CL, converted once to ng.h/mL (a product of three numbers).
        assert auc[route] == pytest.approx(f[route] * 35.0 / cl * 1000, rel=1e-14)
    order_by_f = sorted(f, key=f.get)
    assert sorted(auc, key=auc.get) == order_by_f
    auc_t = nominal(comparison, "auc_0_t_ng_h_per_ml")
    assert all(auc_t[r] <= auc[r] * (1 + 1e-12) for r in auc)


def test_iv_peaks_highest_and_oral_latest(comparison):
    cmax = nominal(comparison, "cmax_ng_per_ml")
    tmax = nominal(comparison, "tmax_min")
    assert max(cmax, key=cmax.get) == "iv_bolus"
    # An IV bolus is read from 2 min after the dose; C0 = dose / V1 is a column of its own.
    c0 = nominal(comparison, "c0_ng_per_ml")
    assert c0["iv_bolus"] == pytest.approx(35.0 / 4.41 * 1000, rel=1e-12)
    assert np.isnan(c0["oral"])
    assert tmax["iv_bolus"] == 2.0 and nominal(comparison, "peak_from_min")["iv_bolus"] == 2.0
    assert cmax["iv_bolus"] < c0["iv_bolus"] / 10  # Domino's 0.4-min distribution phase
    absorbed = ["im", "intranasal", "oral", "sublingual"]
    assert all(cmax["iv_infusion"] > cmax[r] for r in absorbed)
    assert max(tmax, key=tmax.get) == "oral"
    # IM peaks at the Tmax its ka was derived from (an input); the fitted routes where their fit
    # to the published observations puts them (docs/ketamine-calibration.md), on the 1-min grid.
    for route, minutes in [("im", 15), ("intranasal", 16), ("sublingual", 45), ("oral", 54)]:
        assert abs(tmax[route] - minutes) <= 1.0
    # docs/design.md, "Ketamine reference values": Domino predicts about 240 ng/mL at the end of the 40-min infusion.
    assert abs(cmax["iv_infusion"] - 240) < 1.0


def test_envelope_brackets_the_nominal_curve(comparison):
    for route in ["intranasal", "oral", "sublingual", "im"]:
        low, mid, high = (comparison.curve_ng_per_ml(route, c) for c in ("low", "nominal", "high"))
        assert np.all(low <= mid) and np.all(mid <= high)
    row = comparison.table_full.set_index("route").loc["intranasal"]
    assert row["cmax_ng_per_ml_f_low"] < row["cmax_ng_per_ml"] < row["cmax_ng_per_ml_f_high"]
    # Linear model: the curve scales with F, so Cmax at F low is Cmax x 0.11 / 0.13 exactly.
    assert row["cmax_ng_per_ml_f_low"] == pytest.approx(row["cmax_ng_per_ml"] * 0.11 / 0.13, rel=1e-9)


def test_time_in_band_of_the_infusion(comparison):
    row = comparison.table_full.set_index("route").loc["iv_infusion"]
    dissociation = row["time_in_dissociation_h"]
    # The curve is in [100, 250] ng/mL from its rise through 100 until it falls below 100 after
    # the end of the infusion: less than the infusion plus a few minutes, more than half of it.
    assert 0.5 < dissociation < 40 / 60 + 0.1
    low = pk.load_drug("ketamine").band("dissociation").low
    t, c = comparison.times, comparison.curve_ng_per_ml("iv_infusion") / 1000
    assert dissociation == pytest.approx(pk.nca.time_in_band(t, c, low, 0.25), rel=1e-15)


def test_routes_model_alternatives_and_text():
    c = pk.compare_routes(
        "ketamine",
        dose=50,
        dose_unit="mg",
        routes=["intranasal", "sublingual"],
        model="clements1981",
        alternatives=["intranasal_singh2022"],
        bands=["analgesia"],
        hours=12,
        step_minutes=2,
        infusion_minutes=30,
    )
    table = c.table_full
    assert list(table["route"]) == ["intranasal", "sublingual"]
    assert list(table["f"]) == [0.13, 0.29]
    assert [col for col in table.columns if col.startswith("time_in")] == [
        "time_in_analgesia_h",
        "time_in_analgesia_h_f_low",
        "time_in_analgesia_h_f_high",
    ]
    assert c.times[-1] == 12 and c.times[1] == pytest.approx(2 / 60, rel=1e-15)
    text = c.to_text()
    assert "ketamine 50 mg by each route; model clements1981" in text
    assert "intranasal  0.13 [0.11-0.17]" in text
    assert "Time in band (h) [ng/mL: analgesia 70-160]" in text


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError, match=r"dose_unit = 'mg/m2': expected 'mg/kg' or 'mg'"):
        pk.compare_routes(dose=1, dose_unit="mg/m2")
    with pytest.raises(ValueError, match=r"route = 'rectal': unknown route"):
        pk.compare_routes(dose=1, routes=["rectal"])
    with pytest.raises(ValueError, match=r"band = 'euphoria': no such band"):
        pk.compare_routes(dose=1, bands=["euphoria"])
    with pytest.raises(ValueError, match=r"weight_kg = 0"):
        pk.compare_routes(dose=1, weight=0)
    with pytest.raises(ValueError, match=r"not in this comparison"):
        pk.compare_routes(dose=1, routes=["im"]).curve_ng_per_ml("oral")
    assert math.isnan(pk.compare_routes(dose=1, routes=["iv_bolus"]).table_full.loc[0, "ka_per_h"])


def test_an_s_ketamine_model_shows_no_racemic_band(tmp_path):
    # ketamine.json's bands are all racemic; the S-ketamine model's table and figure leave them out
    # and say so, and its axis says S-ketamine.
    comparison = pk.compare_routes("ketamine", dose=0.5, model="flint2017_s_ketamine")
    assert comparison.result.enantiomer == "S"
    assert comparison.bands == [] and comparison.levels == []
    assert comparison.analyte == "S-ketamine"
    assert "Concentrations are S-ketamine: the drug's racemic bands are not shown." in comparison.to_text()
    figure = comparison.plot()
    assert figure.axes[0].get_ylabel() == "plasma S-ketamine (ng/mL)"
    racemic = pk.compare_routes("ketamine", dose=0.5)
    assert racemic.analyte == "racemic ketamine"
    levels = [
        "psychotomimetic_schizophrenia",
        "antidepressant_peak",
        "awakening",
        "anaesthesia_ec50",
        "anaesthesia_steady_state",
    ]
    assert [b.name for b in racemic.levels] == levels
    with pytest.raises(ValueError, match="bands = 'analgesia': its concentrations are racemic"):
        pk.compare_routes("ketamine", dose=0.5, model="flint2017_s_ketamine", bands=["analgesia"])
