"""NCA per subject (pk.nca.by_subject) against hand-computed values, and against the exact AUC of
simulated curves."""

import math

import numpy as np
import pandas as pd
import pytest

import pkengine as pk

# Subject 1: rises linearly, then halves every 2 h from t = 2 h (60 -> 30 -> 15 -> 7.5).
T1 = [0, 0.5, 1, 2, 4, 6, 8]
C1 = [0, 50, 80, 60, 30, 15, 7.5]
LN2 = math.log(2)
# Hand sums: linear trapezoids while rising, log trapezoids (c1 - c2) dt / ln(c1/c2) while falling.
AUC_0_T = 12.5 + 32.5 + 20 / math.log(80 / 60) + (60 - 30) * 2 / LN2 + (30 - 15) * 2 / LN2 + (15 - 7.5) * 2 / LN2
LAMBDA_Z = LN2 / 2  # the points 2..8 h (after Cmax) lie exactly on one exponential
AUC_0_INF = AUC_0_T + 7.5 / LAMBDA_Z
AUC_LINEAR = 12.5 + 32.5 + (80 + 60) / 2 + (60 + 30) + (30 + 15) + (15 + 7.5)


def frame():
    rows = [{"ID": 1, "TIME": t, "DV": c, "EVID": 0} for t, c in zip(T1, C1)]
    rows.insert(0, {"ID": 1, "TIME": 0, "DV": ".", "EVID": 1})  # a dose record, skipped
    rows += [{"ID": "B", "TIME": t, "DV": 2 * c, "EVID": 0} for t, c in zip(T1, C1)]
    return pd.DataFrame(rows).astype(str)


def test_hand_computed_metrics():
    table = pk.nca.by_subject(frame(), thresholds=[50], bands=[("mid", 20, 60)])
    one = table.set_index("ID").loc["1"]
    assert one["n_obs"] == 7
    assert one["cmax_ng_per_ml"] == 80 and one["tmax_h"] == 1
    # Sums of a handful of terms: agreement to a few ulps.
    assert one["auc_0_t_ng_h_per_ml"] == pytest.approx(AUC_0_T, rel=1e-13)
    assert one["lambda_z_per_h"] == pytest.approx(LAMBDA_Z, rel=1e-12)
    assert one["lambda_z_points"] == 4
    assert one["half_life_h"] == pytest.approx(2.0, rel=1e-12)
    assert one["auc_0_inf_ng_h_per_ml"] == pytest.approx(AUC_0_INF, rel=1e-13)
    assert one["auc_extrapolated_pct"] == pytest.approx(100 * (7.5 / LAMBDA_Z) / AUC_0_INF, rel=1e-12)
    # Above 50: from 0.5 h (the sample is exactly 50) to the crossing between (2, 60) and (4, 30).
    assert one["time_above_50_ng_per_ml_h"] == pytest.approx(2 + 2 * 10 / 30 - 0.5, rel=1e-14)
    # In [20, 60] (linear interpolation): rising through 20 at 0.2 h and 60 at 0.5 + 0.5 * 10/30 h;
    # back at 60 at 2 h, then below 20 between (4, 30) and (6, 15) at 4 + 2 * 10/15 h.
    up_20, up_60 = 0.5 * 20 / 50, 0.5 + 0.5 * (60 - 50) / 30
    down_20 = 4 + 2 * (30 - 20) / (30 - 15)
    assert one["time_in_mid_h"] == pytest.approx((up_60 - up_20) + (down_20 - 2), rel=1e-14)
    two = table.set_index("ID").loc["B"]
    assert two["auc_0_inf_ng_h_per_ml"] == pytest.approx(2 * AUC_0_INF, rel=1e-13)


def test_linear_method_minutes_and_mg_per_l():
    data = frame()
    data["TIME"] = [str(float(t) * 60) for t in data["TIME"]]
    table = pk.nca.by_subject(data, time_unit="min", conc_unit="mg/L", method="linear")
    one = table.set_index("ID").loc["1"]
    assert one["auc_0_t_mg_h_per_l"] == pytest.approx(AUC_LINEAR, rel=1e-13)
    assert one["tmax_h"] == 1
    assert table.attrs == {"conc_unit": "mg/L", "method": "linear"}


def test_drug_bands_and_csv(tmp_path):
    path = tmp_path / "obs.csv"
    frame().to_csv(path, index=False)
    table = pk.nca.by_subject(str(path), drug="ketamine")
    band_columns = [c for c in table.columns if c.startswith("time_in_")]
    assert band_columns == [
        "time_in_analgesia_h",
        "time_in_analgesia_threshold_h",
        "time_in_bowdle1998_target_range_h",
        "time_in_dissociation_h",
        "time_in_general_anaesthesia_h",
    ]
    one = table.set_index("ID").loc["1"]
    # Above 100 ng/mL never (Cmax 80); in [70, 160] from 0.5 + 0.5*(70-50)/30 h to (1, 80)->(2, 60) at 70.
    assert one["time_in_analgesia_threshold_h"] == 0
    assert one["time_in_analgesia_h"] == pytest.approx((1.5) - (0.5 + 0.5 * 20 / 30), rel=1e-14)


def test_nca_of_a_simulated_curve_matches_the_exact_auc():
    # One-compartment IV bolus: log-down trapezoids are exact on an exponential, so NCA equals
    # dose/CL to the exact path's accuracy (1e-9, docs/design.md, "Reference case").
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    r = pk.simulate(model, pk.Dose(100.0, "iv_bolus"), t_end=24.0, dt=0.5)
    m = pk.nca.compute(r.times, r.concentration)
    assert m.auc_0_inf == pytest.approx(100.0 / 6.0, rel=1e-9)
    assert m.lambda_z.lambda_z == pytest.approx(0.2, rel=1e-9)


def test_nca_of_ketamine_im_converges_to_f_dose_over_cl():
    drug = pk.load_drug("ketamine")
    model = drug.model(weight=70)
    exact = 0.93 * 35.0 / model.disposition.cl

    def nca_auc(dt):
        r = pk.simulate(model, pk.Dose(35.0, "im"), t_end=48.0, dt=dt)
        return pk.nca.compute(r.times, r.concentration).auc_0_inf

    fine, coarse, coarser = nca_auc(1 / 60), nca_auc(2 / 60), nca_auc(4 / 60)
    # Richardson with the observed order p (the trapezoids are not yet in their asymptotic
    # second-order regime around the peak): error(h) ~ (A(2h) - A(h)) / (2^p - 1). Allow 1.5 times
    # that estimate, and require the estimate itself to be small (0.1 % of the AUC at 1 min).
    order = math.log2((coarser - coarse) / (coarse - fine))
    assert 1.0 < order < 2.5
    estimate = abs(coarse - fine) / (2**order - 1)
    assert estimate < 1e-3 * exact
    assert abs(fine - exact) <= 1.5 * estimate
    # Over the last 4 h (240 points) the curve is the slowest disposition exponential alone
    # (the others have half-lives of minutes and absorption 42 min): lambda_z is that
    # eigenvalue of the micro-constant matrix (docs/design.md, "Ketamine reference values"), to the exact path's 1e-9
    # accuracy amplified by the regression (1e-7).
    k10, k12, k21, k13, k31 = (60 * k for k in (0.4381, 0.5921, 0.2470, 0.5900, 0.0146))
    a = np.array([[-(k10 + k12 + k13), k21, k31], [k12, -k21, 0], [k13, 0, -k31]])
    slowest = -max(np.linalg.eigvals(a).real)
    r = pk.simulate(model, pk.Dose(35.0, "im"), t_end=48.0, dt=1 / 60)
    terminal = pk.nca.compute(r.times, r.concentration, lambda_z_options=pk.nca.LambdaZOptions(max_points=240))
    assert terminal.lambda_z.lambda_z == pytest.approx(slowest, rel=1e-7)
    assert abs(terminal.half_life * 60 - 115) <= 0.5  # the sheet prints 115 min


def test_bad_data_names_the_line_and_id():
    bad = frame()
    bad.loc[3, "DV"] = "abc"
    with pytest.raises(ValueError, match=r"line 5: DV = 'abc': concentration must be a number"):
        pk.nca.by_subject(bad.assign(LINE=np.arange(2, len(bad) + 2)))
    unsorted = frame()
    unsorted.loc[4, "TIME"] = "0.1"
    with pytest.raises(ValueError, match=r"ID 1: TIME = 0.1 does not increase \(previous sample 1\)"):
        pk.nca.by_subject(unsorted)
    with pytest.raises(ValueError, match=r"column 'CONC': not in the data"):
        pk.nca.by_subject(frame(), conc="CONC")
    with pytest.raises(ValueError, match=r"conc_unit = 'ug/L'"):
        pk.nca.by_subject(frame(), conc_unit="ug/L")
    single = frame().iloc[:2]
    with pytest.raises(ValueError, match=r"ID 1: 1 observation\(s\); NCA needs at least 2"):
        pk.nca.by_subject(single)
