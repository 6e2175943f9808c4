"""compare_routes(): one dose of a drug by every route, with the bioavailability range as an envelope.

>>> comparison = pk.compare_routes("ketamine", dose=0.5, dose_unit="mg/kg", weight=70)
>>> comparison.table.columns.tolist()     # compact; comparison.table_full has every column
['route', 'f', 'f_low', 'f_high', 'cmax_ng_per_ml', 'cmax_ng_per_ml_f_low', 'cmax_ng_per_ml_f_high', 'tmax_min', 'auc_0_inf_ng_h_per_ml', 'norketamine_cmax_ng_per_ml', 'norketamine_tmax_min']
>>> comparison.plot()                     # shown in Jupyter; .plot("routes.png") writes a file
<Figure size 1600x1150 with 6 Axes>

Each route is simulated three times: at its nominal bioavailability and at both ends of its range
(``FChoice`` low and high). Cmax and Tmax are read on the output grid (1 min by default); AUC is
exact: AUC(0-inf) = F.dose/CL and AUC(0-t) = amount eliminated by t / CL.

An IV bolus is mixed into the central volume at once in the model, so its curve starts at
C0 = dose/V1, a number no blood sample shows: its Cmax, Tmax and time in band are read from
2 min after the dose (``BOLUS_MIXING_TIME``), and C0 is a column of its own.
"""

from __future__ import annotations

import math
from typing import Iterable, List, Optional, Sequence, Union

import numpy as np

from . import _core
from .drugs import load_drug
from .textfmt import significant, text_table, with_range
from .units import mg_per_l_to_ng_per_ml

CHOICES = ("nominal", "low", "high")
_COLUMN_SUFFIX = {"nominal": "", "low": "_f_low", "high": "_f_high"}


def _ng(mg_per_l: float) -> float:
    """mg/L -> ng/mL for one number."""
    return float(mg_per_l_to_ng_per_ml(mg_per_l))


def _band_extent_text(band) -> str:
    low = f"{_ng(band.low):.4g}"
    if band.shape == "above":
        return f">={low}"
    return f"{low}-{_ng(band.high):.4g}"


class RouteComparison:
    """The outcome of :func:`compare_routes`: a table per route, the curves, a figure.

    >>> comparison = pk.compare_routes("ketamine", dose=35, dose_unit="mg", routes=["im"])
    >>> comparison
    RouteComparison(ketamine 35 mg by each route; model domino1984 (Domino et al. 1984, three-compartment model (TCI convention)); body weight 70 kg)
    >>> round(float(comparison.curve_ng_per_ml("im").max()), 1)      # ng/mL
    99.0

    Attributes:
        drug: the Drug compared.
        model: the DrugModel used (disposition).
        weight: body weight (kg).
        dose, dose_unit: the dose as asked ("mg/kg" or "mg"); ``dose_mg`` the amount (mg).
        result: the compiled ``RouteComparison`` (times in h, curves in mg/L).
        levels: the drug's reference levels (bands of shape "level") of the model's enantiomer,
            drawn as lines.
    """

    def __init__(self, drug, model, weight: float, dose: float, dose_unit: str, result, step_h: float):
        self.drug = drug
        self.model = model
        self.weight = weight
        self.dose = dose
        self.dose_unit = dose_unit
        self.result = result
        self.step_h = step_h
        self.levels = [b for b in drug.bands_for_model(model.id) if b.shape == "level"] if drug is not None else []

    @property
    def analyte(self) -> str:
        """What the curves are, for labels: e.g. "racemic ketamine", or "S-ketamine" for a model
        of the S-enantiomer on a racemic drug (its bands and levels are then the S ones only)."""
        if self.drug is None:
            return ""
        name = self.drug.name
        if self.result.enantiomer == "S":
            return name if self.drug.analyte.startswith("s_") else f"S-{name}"
        return f"racemic {name}"

    @property
    def dose_mg(self) -> float:
        """Amount given by each route (mg)."""
        return self.result.dose

    @property
    def times(self) -> np.ndarray:
        """Output grid (h)."""
        return np.asarray(self.result.times)

    @property
    def bands(self) -> list:
        """Bands with a time-in-band column (range and above)."""
        return list(self.result.bands)

    def curve_ng_per_ml(self, route: Union[str, _core.Route], choice: str = "nominal") -> np.ndarray:
        """Concentration (ng/mL) of one route on :attr:`times` at 'nominal', 'low' or 'high' F."""
        wanted = _core.Route(route) if isinstance(route, str) else route
        for outcome in self.result.routes:
            if outcome.route == wanted:
                return mg_per_l_to_ng_per_ml(outcome.curve(choice))
        raise _core.InvalidInput(f"route = '{wanted.label}': not in this comparison")

    #: Columns of the compact :attr:`table`.
    COMPACT_COLUMNS = [
        "route",
        "f",
        "f_low",
        "f_high",
        "cmax_ng_per_ml",
        "cmax_ng_per_ml_f_low",
        "cmax_ng_per_ml_f_high",
        "tmax_min",
        "auc_0_inf_ng_h_per_ml",
    ]

    @property
    def metabolite(self) -> str:
        """The metabolite the comparison also reports ("norketamine"), or "" without one."""
        return self.result.metabolite

    @property
    def table(self):
        """One row per route, the columns to read at a glance (pandas DataFrame): ``route``, F
        (``f``, ``f_low``, ``f_high``), Cmax (ng/mL) at nominal F and at both ends of the F range,
        Tmax (min) and AUC(0-inf) (ng.h/mL) at nominal F; with a metabolite (norketamine), its
        ``<name>_cmax_ng_per_ml`` and ``<name>_tmax_min`` at nominal F. Every column:
        :attr:`table_full`."""
        full = self.table_full
        columns = list(self.COMPACT_COLUMNS)
        if self.metabolite:
            columns += [f"{self.metabolite}_cmax_ng_per_ml", f"{self.metabolite}_tmax_min"]
        compact = full[columns].copy()
        compact.attrs.update(full.attrs)
        return compact

    @property
    def table_full(self):
        """One row per route, every column (pandas DataFrame).

        Columns: ``route``, ``f``, ``f_low``, ``f_high``, ``ka_per_h`` (NaN for IV), ``ka_source``
        ("fitted", "published", "derived_from_tmax (Tmax input ... min)", ...), ``dose_mg``,
        ``duration_min``, ``c0_ng_per_ml`` (IV bolus: dose/V1 with instant mixing; NaN otherwise),
        ``peak_from_min`` (2 for an IV bolus: Cmax, Tmax and time in band are read from then on;
        0 otherwise); then, each at nominal F and with suffixes ``_f_low`` and
        ``_f_high`` at the ends of the F range: ``cmax_ng_per_ml``, ``tmax_min`` (on the grid),
        ``auc_0_t_ng_h_per_ml`` (exact, t = the horizon), ``auc_0_inf_ng_h_per_ml`` (exact,
        F.dose/CL), with a metabolite its ``<name>_cmax_ng_per_ml``, ``<name>_tmax_min`` and
        ``<name>_auc_0_t_ng_h_per_ml`` (in its own mass) and ``<name>_auc_ratio`` (its AUC(0-t) over
        the parent's, each in its own mass), and ``time_in_<band>_h`` for each band. ``DataFrame.attrs`` records the drug,
        model, weight, dose, horizon and grid.
        """
        import pandas as pd

        rows = []
        for outcome in self.result.routes:
            row = {
                "route": outcome.route.label,
                "f": outcome.f.nominal,
                "f_low": outcome.f.low,
                "f_high": outcome.f.high,
                "ka_per_h": outcome.ka,
                "ka_source": self._ka_source(outcome.route),
                "dose_mg": outcome.dose,
                "duration_min": outcome.duration * 60.0,
                "c0_ng_per_ml": _ng(outcome.at("nominal").c0),
                "peak_from_min": outcome.at("nominal").peak_from * 60.0,
            }
            for choice in CHOICES:
                m = outcome.at(choice)
                suffix = _COLUMN_SUFFIX[choice]
                row[f"cmax_ng_per_ml{suffix}"] = _ng(m.cmax)
                row[f"tmax_min{suffix}"] = m.tmax * 60.0
                row[f"auc_0_t_ng_h_per_ml{suffix}"] = _ng(m.auc_0_t)
                row[f"auc_0_inf_ng_h_per_ml{suffix}"] = _ng(m.auc_0_inf)
                if self.metabolite:
                    name = self.metabolite
                    row[f"{name}_cmax_ng_per_ml{suffix}"] = _ng(m.metabolite_cmax)
                    row[f"{name}_tmax_min{suffix}"] = m.metabolite_tmax * 60.0
                    row[f"{name}_auc_0_t_ng_h_per_ml{suffix}"] = _ng(m.metabolite_auc_0_t)
                    row[f"{name}_auc_ratio{suffix}"] = m.metabolite_auc_0_t / m.auc_0_t
                for band, hours in zip(self.result.bands, m.time_in_band):
                    row[f"time_in_{band.name}_h{suffix}"] = hours
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame.attrs.update(
            drug=self.drug.name if self.drug is not None else None,
            model=self.model.id if self.model is not None else None,
            weight_kg=self.weight,
            dose_mg=self.dose_mg,
            t_end_h=float(self.times[-1]),
            step_h=self.step_h,
            auc="exact: AUC(0-inf) = F*dose/CL, AUC(0-t) = eliminated(t)/CL",
        )
        return frame

    def _ka_source(self, route) -> str:
        if not route.is_absorbed or self.drug is None:
            return "-"
        spec = self.drug.routes[route.label].ka
        if spec is None:
            return "-"
        if spec.method == "derived_from_tmax":
            # The Tmax is what the ka was solved from: an input, not a result of the model.
            return f"derived_from_tmax (Tmax input {spec.tmax * 60:.4g} min)"
        return spec.method

    def header(self) -> str:
        """Two lines saying what was compared and how."""
        dose = f"{self.dose:g} {self.dose_unit}"
        if self.dose_unit == "mg/kg":
            dose += f" x {self.weight:g} kg = {self.dose_mg:.4g} mg"
        name = self.drug.name if self.drug is not None else "drug"
        model = f"model {self.model.id} ({self.model.title})" if self.model is not None else ""
        grid = f"{self.step_h * 60:.4g}"
        return (
            f"{name} {dose} by each route; {model}; body weight {self.weight:g} kg\n"
            f"Simulated 0-{float(self.times[-1]):.4g} h every {grid} min. Values: nominal F "
            f"[range over F low..F high]. Cmax, Tmax on the {grid}-min grid; AUC exact (F*dose/CL)."
        )

    def _bands_of_the_other_enantiomer(self) -> str:
        """'racemic' or 'S' when the drug has bands that the model's curves are not measured
        against (they are of the other enantiomer); '' otherwise."""
        if self.drug is None:
            return ""
        other = {b.enantiomer for b in self.drug.bands} - {self.result.enantiomer}
        return ", ".join(sorted(other))

    def _has_bolus(self) -> bool:
        return any(o.route == _core.Route.IV_BOLUS for o in self.result.routes)

    def to_text(self) -> str:
        """The table as plain text: the header, the metrics per route, the time in each band."""
        rows, band_rows = [], []
        for o in self.result.routes:
            n, lo, hi = (o.at(c) for c in CHOICES)
            f_text = (
                f"{o.f.nominal:.2f}" if o.f.low == o.f.high else f"{o.f.nominal:.2f} [{o.f.low:.2f}-{o.f.high:.2f}]"
            )
            bolus = o.route == _core.Route.IV_BOLUS
            rows.append(
                [
                    o.route.label + (f" ({o.duration * 60:.4g} min)" if o.duration else "") + (" *" if bolus else ""),
                    f_text,
                    "-" if math.isnan(o.ka) else significant(o.ka),
                    f"{_ng(n.c0):.4g}" if bolus else "-",
                    with_range(_ng(n.cmax), _ng(lo.cmax), _ng(hi.cmax)),
                    with_range(n.tmax * 60, lo.tmax * 60, hi.tmax * 60, fmt=lambda x: f"{x:.4g}"),
                    with_range(_ng(n.auc_0_inf), _ng(lo.auc_0_inf), _ng(hi.auc_0_inf)),
                ]
                + (
                    [
                        with_range(_ng(n.metabolite_cmax), _ng(lo.metabolite_cmax), _ng(hi.metabolite_cmax)),
                        f"{n.metabolite_tmax * 60:.4g}",
                    ]
                    if self.metabolite
                    else []
                )
            )
            band_rows.append(
                [o.route.label]
                + [
                    with_range(n.time_in_band[i], lo.time_in_band[i], hi.time_in_band[i], 2)
                    for i in range(len(self.result.bands))
                ]
            )
        headers = ["route", "F", "ka /h", "C0 ng/mL", "Cmax ng/mL", "Tmax min", "AUC0-inf ng.h/mL"]
        if self.metabolite:
            headers += [f"{self.metabolite} Cmax ng/mL", f"{self.metabolite} Tmax min"]
        metrics = text_table(headers, rows, align="llrrlll" + "lr" * bool(self.metabolite))
        out = [self.header(), "", metrics]
        if self.metabolite:
            out.append(
                f"{self.metabolite}: formed from the parent's clearance and, after absorbed routes, before the "
                f"parent reaches plasma; its own mass (ng/mL), at nominal F [range over the parent's F]."
            )
        if self._has_bolus():
            out.append(
                f"* IV bolus: Cmax, Tmax and time in band from {_core.BOLUS_MIXING_TIME * 60:g} min after the dose; "
                "C0 = dose/V1 is the model's instant mixing, not a measurable peak."
            )
        other = self._bands_of_the_other_enantiomer()
        if other:
            out += ["", f"Concentrations are {self.analyte}: the drug's {other} bands are not shown."]
        if self.result.bands:
            legend = ", ".join(f"{b.name} {_band_extent_text(b)}" for b in self.result.bands)
            out += ["", f"Time in band (h) [ng/mL: {legend}]:"]
            out.append(
                text_table(
                    ["route"] + [b.name for b in self.result.bands], band_rows, align="l" * (1 + len(self.result.bands))
                )
            )
        return "\n".join(out)

    def plot(
        self,
        path: Optional[str] = None,
        *,
        teaching: bool = False,
        size_px=None,
        dpi: int = 100,
        linear_hours: Optional[float] = None,
        metabolite: bool = True,
    ):
        """The route figure: curves in ng/mL per route, the ends of each F range, the bands, and
        with ``metabolite`` a second row with the metabolite's curves (norketamine; route figure
        only).

        Left panel: linear scale over the first ``linear_hours`` h (default 6); right: log scale
        over the whole horizon. ``teaching=True``: one panel for a projector, nominal curves and
        the two bands the routes spend the most time in (first 4 h by default). Saved to ``path``
        (PNG, PDF or SVG, ``size_px`` pixels at ``dpi``) when given. Returns the matplotlib Figure,
        shown in Jupyter when it is a cell's value (no pyplot needed).
        """
        from .plotting import route_figure, teaching_figure

        if teaching:
            return teaching_figure(
                self, path=path, size_px=size_px or (1280, 800), dpi=dpi, linear_hours=linear_hours or 4.0
            )
        return route_figure(
            self,
            path=path,
            size_px=size_px,
            dpi=dpi,
            linear_hours=linear_hours or 6.0,
            metabolite=metabolite,
        )

    def __repr__(self) -> str:
        return f"RouteComparison({self.header().splitlines()[0]})"

    def _repr_html_(self) -> str:
        import html

        head = html.escape(self.header()).replace("\n", "<br>")
        table = self.table.to_html(index=False, float_format=lambda x: significant(x))
        return f"<div><b>Route comparison</b><br>{head}{table}<p>Every column: <code>.table_full</code>; figure: <code>.plot()</code></p></div>"


def compare_routes(
    drug="ketamine",
    dose: float = 0.5,
    dose_unit: str = "mg/kg",
    weight: float = 70.0,
    routes: Optional[Iterable[Union[str, _core.Route]]] = None,
    model: Optional[str] = None,
    alternatives: Sequence[str] = (),
    bands: Optional[Sequence[str]] = None,
    hours: float = 24.0,
    step_minutes: float = 1.0,
    infusion_minutes: Optional[float] = None,
) -> RouteComparison:
    """Simulate one dose by every route (or the routes asked for) with the F range as an envelope.

    Args:
        drug: a drug name ("ketamine"), a path to a drug file, or a loaded Drug.
        dose: the dose, in ``dose_unit``.
        dose_unit: "mg/kg" (times ``weight``) or "mg".
        weight: body weight (kg).
        routes: route names (default: all six, in the order iv_bolus, iv_infusion, im,
            intranasal, oral, sublingual).
        model: disposition model id of the drug file (default: the drug's default model).
        alternatives: route alternatives (literature presets) replacing a route's F and ka.
        bands: band names for the time-in-band columns (default: every range and above band).
        hours: simulated horizon (h).
        step_minutes: output grid step (min): the resolution of Cmax, Tmax and time in band.
        infusion_minutes: duration of the iv_infusion route (min); default: the drug's
            ketamine-infusion-therapy protocol (40 min for ketamine).

    Returns:
        RouteComparison with ``table`` (DataFrame), ``to_text()``, ``plot(path)``.

    >>> c = pk.compare_routes("ketamine", dose=0.5, dose_unit="mg/kg", weight=70, routes=["iv_infusion", "oral"])
    >>> c.table[["route", "cmax_ng_per_ml", "tmax_min"]].round(1)
             route  cmax_ng_per_ml  tmax_min
    0  iv_infusion           240.3      40.0
    1         oral            36.4      54.0

    Raises:
        ValueError (pkengine.InvalidInput) naming the offending argument.
    """
    loaded = load_drug(drug)
    route_list: List[_core.Route] = (
        [] if routes is None else [_core.Route(r) if isinstance(r, str) else r for r in routes]
    )
    result = _core.compare_routes_drug(
        loaded,
        dose,
        dose_unit=dose_unit,
        weight=weight,
        routes=route_list,
        model=model,
        alternatives=list(alternatives),
        bands=list(bands or []),
        t_end=hours,
        step=step_minutes / 60.0,
        infusion_duration=None if infusion_minutes is None else infusion_minutes / 60.0,
    )
    return RouteComparison(loaded, loaded.model_spec(model), weight, dose, dose_unit, result, step_minutes / 60.0)
