"""A drug's defaults against what was measured: ``drug.check()`` and ``pkengine check DRUG``.

>>> drug = pk.load_drug("ketamine")
>>> check = drug.check()            # or pk.check_drug("ketamine", model="clements1981")
>>> len(check.table)                # one row per published observation (ng/mL, min, ng.h/mL)
26
>>> round(check.gmfe, 2), check.passes   # geometric mean fold error of the counted Cmax values
(1.22, True)
>>> check.plot()                    # predicted vs observed; .plot("gof.png") writes a file
<Figure size 1300x680 with 2 Axes>

Each observation of the drug file is simulated with the study's design (route, dose, body weight,
infusion duration) at the route's nominal bioavailability; the table also gives the prediction
at the study's own F where the study reports one. A row counts towards the verdict when the
study is in adults, measured the drug's analyte, and has status D or D-2. The drug passes when
every counted Cmax and AUC is within 2-fold, every counted Tmax inside its observed interval
(range, IQR or CI where given, else the central value +/- its spread, else within 1.5x), at most
two counted observations miss, and the GMFE of the counted Cmax values is at most 1.5.
"""

from __future__ import annotations

import math
from typing import Optional, Union

from . import _core
from .drugs import load_drug
from .textfmt import text_table
from .units import mg_per_l_to_ng_per_ml

FOLD_LIMIT = _core.CHECK_FOLD_LIMIT
TMAX_FACTOR = _core.CHECK_TMAX_FACTOR
GMFE_LIMIT = _core.CHECK_GMFE_LIMIT
MISSES_ALLOWED = _core.CHECK_MISSES_ALLOWED


def _ng(value: Optional[float]) -> float:
    return float("nan") if value is None else float(mg_per_l_to_ng_per_ml(value))


def _min(value: Optional[float]) -> float:
    return float("nan") if value is None else value * 60.0


def _num(value: Optional[float]) -> float:
    return float("nan") if value is None else float(value)


class DrugCheck:
    """The outcome of :func:`check_drug`: a table, the GMFE, the verdict and a figure.

    >>> pk.check_drug("ketamine").misses
    2

    Attributes:
        drug: the Drug checked.
        result: the compiled ``DrugCheck`` (mg/L, h, mg.h/L).
    """

    def __init__(self, drug, result):
        self.drug = drug
        self.result = result

    @property
    def model(self) -> str:
        """Id of the disposition model checked."""
        return self.result.model

    @property
    def gmfe(self) -> float:
        """Geometric mean fold error of the counted Cmax values, 10**mean(|log10(pred/obs)|)."""
        return self.result.gmfe_cmax

    @property
    def passes(self) -> bool:
        """True when the GMFE and the number of counted misses are within the targets."""
        return self.result.passes

    @property
    def counted(self) -> int:
        """Observations that count towards the verdict."""
        return self.result.counted

    @property
    def misses(self) -> int:
        """Counted observations with a metric outside its target."""
        return self.result.counted_misses

    @property
    def table(self):
        """One row per observation (pandas DataFrame; ng/mL, min, ng.h/mL).

        Columns: ``observation``, ``route``, ``dose_mg``, ``weight_kg``, ``population``,
        ``analyte``, ``sampling``, ``status``, ``n``, ``counts``, ``not_counted_because``,
        ``f_nominal`` (overall nominal F simulated), ``study_f``; ``cmax_obs_ng_per_ml``,
        ``cmax_pred_ng_per_ml``, ``cmax_pred_at_study_f_ng_per_ml``, ``cmax_fold`` (pred/obs),
        ``cmax_passes``, ``peak_from_min`` (2 after an IV bolus: Cmax and Tmax read from then
        on); ``tmax_obs_min``, ``tmax_low_min``, ``tmax_high_min``, ``tmax_interval`` (what the
        accepted interval is made of), ``tmax_pred_min``, ``tmax_passes``; ``auc_interval``,
        ``auc_obs_ng_h_per_ml``, ``auc_pred_ng_h_per_ml``, ``auc_pred_at_study_f_ng_h_per_ml``,
        ``auc_fold``, ``auc_passes``; ``auc_ratio_interval``, ``auc_ratio_obs``, ``auc_ratio_pred``,
        ``auc_ratio_fold``, ``auc_ratio_passes`` (a metabolite's AUC over the parent's, each in its
        own mass, over one interval); ``half_life_obs_h``, ``half_life_low_h``, ``half_life_high_h``,
        ``half_life_pred_h`` (terminal half-life of the predicted curve, 48-72 h after the last dose),
        ``half_life_passes``; ``passes``. Missing values are NaN (numbers) or None.
        """
        import pandas as pd

        rows = []
        for r in self.result.rows:
            rows.append(
                {
                    "observation": r.observation,
                    "route": r.route.label,
                    "dose_mg": r.dose,
                    "weight_kg": r.weight,
                    "population": r.population,
                    "analyte": r.analyte,
                    "sampling": r.sampling,
                    "status": r.status,
                    "n": r.n,
                    "counts": r.counts,
                    "not_counted_because": r.not_counted_because,
                    "f_nominal": r.f_nominal,
                    "study_f": _num(r.study_f),
                    "cmax_obs_ng_per_ml": _ng(r.cmax_observed),
                    "cmax_pred_ng_per_ml": _ng(r.cmax_predicted),
                    "cmax_pred_at_study_f_ng_per_ml": _ng(r.cmax_predicted_at_study_f),
                    "cmax_fold": _num(r.cmax_fold),
                    "cmax_passes": r.cmax_passes,
                    "peak_from_min": _core.BOLUS_MIXING_TIME * 60.0 if r.peak_after_mixing else 0.0,
                    "tmax_obs_min": _min(r.tmax_observed),
                    "tmax_low_min": _min(r.tmax_low),
                    "tmax_high_min": _min(r.tmax_high),
                    "tmax_interval": r.tmax_interval or None,
                    "tmax_pred_min": _min(r.tmax_predicted),
                    "tmax_passes": r.tmax_passes,
                    "auc_interval": r.auc_interval if r.auc_observed is not None else None,
                    "auc_obs_ng_h_per_ml": _ng(r.auc_observed),
                    "auc_pred_ng_h_per_ml": _ng(r.auc_predicted),
                    "auc_pred_at_study_f_ng_h_per_ml": _ng(r.auc_predicted_at_study_f),
                    "auc_fold": _num(r.auc_fold),
                    "auc_passes": r.auc_passes,
                    "auc_ratio_interval": r.auc_ratio_interval if r.auc_ratio_observed is not None else None,
                    "auc_ratio_obs": _num(r.auc_ratio_observed),
                    "auc_ratio_pred": _num(r.auc_ratio_predicted),
                    "auc_ratio_fold": _num(r.auc_ratio_fold),
                    "auc_ratio_passes": r.auc_ratio_passes,
                    "half_life_obs_h": _num(r.half_life_observed),
                    "half_life_low_h": _num(r.half_life_low),
                    "half_life_high_h": _num(r.half_life_high),
                    "half_life_pred_h": _num(r.half_life_predicted),
                    "half_life_passes": r.half_life_passes,
                    "passes": r.passes,
                }
            )
        frame = pd.DataFrame(rows)
        frame.attrs.update(drug=self.result.drug, model=self.model, gmfe_cmax=self.gmfe, passes=self.passes)
        return frame

    def verdict(self) -> str:
        """One line: GMFE, misses, and whether the drug meets its targets."""
        gmfe = "n/a" if math.isnan(self.gmfe) else f"{self.gmfe:.3g}"
        state = "meets" if self.passes else "does NOT meet"
        if self.result.counted_cmax == 0:
            # Label-type observations only (a Tmax window, a half-life range): every one must pass.
            return (
                f"No counted Cmax; {self.misses} of {self.counted} counted observations miss (none allowed "
                f"without a Cmax): {self.result.drug} with {self.model} {state} its targets."
            )
        metabolite = ""
        if self.result.counted_cmax_metabolite:
            metabolite = (
                f"metabolite: GMFE of its {self.result.counted_cmax_metabolite} counted Cmax values "
                f"{self.result.gmfe_cmax_metabolite:.3g}; "
            )
        return (
            f"GMFE of the {self.result.counted_cmax} counted Cmax values: {gmfe} (target <= {GMFE_LIMIT:g}); "
            f"{metabolite}"
            f"{self.misses} of {self.counted} counted observations miss (at most {MISSES_ALLOWED} allowed): "
            f"{self.result.drug} with {self.model} {state} its targets."
        )

    def to_text(self) -> str:
        """The table as plain text, with the verdict and how to read it."""

        def fold(value, ok) -> str:
            if value is None:
                return "-"
            return f"{value:.2f}" + ("" if ok else " !")

        def number(x: float) -> str:
            return f"{x:.0f}" if abs(x) >= 1000 else f"{x:.3g}"

        def ratio_text(r) -> str:
            if r.auc_ratio_observed is None:
                return "-"
            if r.auc_ratio_predicted is None:
                return f"{r.auc_ratio_observed:.3g} / -"
            return f"{r.auc_ratio_observed:.3g} / {r.auc_ratio_predicted:.3g} ({r.auc_ratio_fold:.2f})" + (
                "" if r.auc_ratio_passes else " !"
            )

        def obs_pred(obs, pred) -> str:
            if obs is None:
                return "-"
            return f"{number(_ng(obs))} / {number(_ng(pred))}"

        with_half_life = any(r.half_life_observed is not None for r in self.result.rows)
        with_ratio = any(r.auc_ratio_observed is not None for r in self.result.rows)
        rows = []
        for r in self.result.rows:
            half_life = "-"
            if r.half_life_observed is not None:
                predicted = "-" if r.half_life_predicted is None else f"{r.half_life_predicted:.3g}"
                half_life = (
                    f"{r.half_life_observed:.3g} [{r.half_life_low:.3g}-{r.half_life_high:.3g}] / {predicted}"
                    + ("" if r.half_life_passes else " !")
                )
            tmax = "-"
            if r.tmax_observed is not None:
                tmax = (
                    f"{_min(r.tmax_observed):.3g} [{_min(r.tmax_low):.3g}-{_min(r.tmax_high):.3g}] / "
                    f"{_min(r.tmax_predicted):.3g}" + ("" if r.tmax_passes else " !")
                )
            rows.append(
                [
                    r.observation + (" *" if r.peak_after_mixing else ""),
                    r.status,
                    "yes" if r.counts else f"no ({r.not_counted_because})",
                    obs_pred(r.cmax_observed, r.cmax_predicted),
                    fold(r.cmax_fold, r.cmax_passes),
                    tmax,
                    obs_pred(r.auc_observed, r.auc_predicted),
                    fold(r.auc_fold, r.auc_passes),
                    *([ratio_text(r)] if with_ratio else []),
                    *([half_life] if with_half_life else []),
                    "pass" if r.passes else "MISS",
                ]
            )
        table = text_table(
            [
                "observation",
                "status",
                "counts",
                "Cmax obs/pred ng/mL",
                "fold",
                "Tmax obs [accepted] / pred min",
                "AUC obs/pred ng.h/mL",
                "fold",
                *(["AUC ratio obs/pred (fold)"] if with_ratio else []),
                *(["t1/2 obs [accepted] / pred h"] if with_half_life else []),
                "",
            ],
            rows,
            align="lllrrlrr" + ("r" if with_ratio else "") + ("l" if with_half_life else "") + "l",
        )
        head = (
            f"{self.result.drug}: model {self.model}, each observation simulated with its study's design at the "
            "route's nominal F. Fold = predicted / observed; '!' marks a metric outside its target "
            f"(Cmax{', AUC and AUC ratio' if with_ratio else ' and AUC'} within {FOLD_LIMIT:g}-fold; Tmax{' and t1/2' if with_half_life else ''} inside the "
            "accepted interval)."
        )
        notes = []
        if any(r.peak_after_mixing for r in self.result.rows):
            notes.append(f"* IV bolus: Cmax and Tmax read from {_core.BOLUS_MIXING_TIME * 60:g} min after the dose.")
        if with_half_life:
            notes.append("t1/2: terminal half-life of the predicted curve, 48-72 h after the last dose.")
        if with_ratio:
            notes.append(
                "AUC ratio: the metabolite's AUC over the parent's over the study's interval, each in its own "
                f"mass; it passes within {FOLD_LIMIT:g}-fold."
            )
        return "\n".join([head, "", table, "", *notes, self.verdict()])

    def __repr__(self) -> str:
        return f"DrugCheck({self.verdict()})"

    def _repr_html_(self) -> str:
        import html

        columns = [
            "observation",
            "route",
            "dose_mg",
            "counts",
            "cmax_obs_ng_per_ml",
            "cmax_pred_ng_per_ml",
            "cmax_fold",
            "tmax_obs_min",
            "tmax_pred_min",
            "auc_fold",
            "passes",
        ]
        table = self.table[columns].to_html(index=False, float_format=lambda x: f"{x:.3g}", na_rep="-")
        return (
            f"<div><b>Drug check</b> {html.escape(self.verdict())}{table}"
            "<p>Units: ng/mL, min; fold = predicted / observed. Every column: <code>.table</code>; "
            "figure: <code>.plot()</code></p></div>"
        )

    def plot(self, path: Optional[str] = None, *, size_px=(1300, 680), dpi: int = 100):
        """Goodness of fit: predicted vs observed Cmax and AUC (log axes), unity and 2-fold lines,
        one marker per route; counted observations filled, the others hollow. Saved to ``path``
        (PNG) when given. Returns the matplotlib Figure."""
        from .plotting import check_figure

        return check_figure(self, path=path, size_px=size_px, dpi=dpi)


def check_drug(drug: Union[str, "_core.Drug"] = "ketamine", model: Optional[str] = None) -> DrugCheck:
    """Check a drug's defaults against its published observations.

    Args:
        drug: a drug name, a path to a drug file, or a loaded Drug.
        model: disposition model id (default: the drug's default model).

    Returns:
        DrugCheck with ``table``, ``gmfe``, ``passes``, ``to_text()`` and ``plot()``.

    >>> pk.check_drug("ketamine").verdict()
    'GMFE of the 8 counted Cmax values: 1.22 (target <= 1.5); metabolite: GMFE of its 5 counted Cmax values 1.05; 2 of 16 counted observations miss (at most 2 allowed): ketamine with domino1984 meets its targets.'
    """
    loaded = load_drug(drug)
    return DrugCheck(loaded, _core.check_drug(loaded, model))


def _drug_check(self, model: Optional[str] = None) -> DrugCheck:
    """This drug's defaults against its published observations (see :func:`check_drug`)."""
    return check_drug(self, model)


_core.Drug.check = _drug_check
