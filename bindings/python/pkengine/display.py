"""How the engine's objects show themselves: text ``repr`` and Jupyter's ``_repr_html_``.

Each shows what a user needs at a glance, with units: a Result its model, regimen, Cmax, Tmax,
AUC and a small curve; a Model its parameters (by their dataset column names) and routes; a
Regimen its dose records; the NCA metrics their values.

>>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
>>> model
Model(1-compartment: CL 6 L/h, V1 30 L; routes: iv)
>>> pk.Regimen.repeated(pk.Dose(50.0, "oral"), every=12.0, count=4)
Regimen(4 records: 50 mg oral at 0, 12, 24, 36 h)
"""

from __future__ import annotations

import html
import math
from typing import Iterable, List, Sequence

import numpy as np

from . import _core
from .model_params import params
from .textfmt import significant
from .units import mg_per_l_to_ng_per_ml

_STYLE = "border-collapse:collapse;font-size:90%"
_CELL = "padding:2px 8px;text-align:left;border-bottom:1px solid #ddd"


def html_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A small HTML table (text escaped)."""
    head = "".join(f'<th style="{_CELL}">{html.escape(str(h))}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{html.escape(str(c))}</td>' for c in row) + "</tr>" for row in rows
    )
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def sparkline(times, values, width: int = 220, height: int = 50) -> str:
    """An inline SVG of a curve (no axes): the shape of a concentration-time profile."""
    t = np.asarray(times, dtype=float)
    c = np.asarray(values, dtype=float)
    if t.size < 2 or not np.isfinite(c).any() or t[-1] <= t[0]:
        return ""
    step = max(1, t.size // 400)
    t, c = t[::step], c[::step]
    top = float(np.nanmax(c)) or 1.0
    x = (t - t[0]) / (t[-1] - t[0]) * (width - 2) + 1
    y = height - 1 - np.nan_to_num(c) / top * (height - 2)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))
    return (
        f'<svg width="{width}" height="{height}" style="vertical-align:middle">'
        f'<polyline fill="none" stroke="#0072B2" stroke-width="1.5" points="{points}"/></svg>'
    )


def _routes(model: _core.Model) -> List[str]:
    return [r.label for r in _core.ALL_ROUTES if r.is_absorbed and model.has_route(r)]


def _linear_summary(model: _core.Model) -> str:
    s = model.linear_structure
    names = ", ".join(name for name, _ in s.compartments)
    kind = f"general linear: {len(s.compartments)} compartments ({names}), observed {s.observed}"
    if s.metabolite is not None:
        kind += f", metabolite {s.metabolite}"
    if model.effect_compartment is not None:
        kind += f" + effect site (ke0 {significant(model.effect_compartment.ke0)} /h)"
    units = {"K": "/h", "C": "L/h", "V": "L"}
    values = ", ".join(f"{k} {v:.4g} {units[k[0]]}" for k, v in params(model).items())
    routes = ", ".join(["iv"] + _routes(model))
    return f"{kind}; {values}; routes: {routes}"


def model_summary(model: _core.Model) -> str:
    """One line: the disposition's parameters (column names, units) and the routes."""
    if model.linear_structure is not None:
        return _linear_summary(model)
    p = params(model)
    units = {"CL": "L/h", "Q2": "L/h", "Q3": "L/h", "V1": "L", "V2": "L", "V3": "L"}
    disposition = ", ".join(f"{k} {v:.4g} {units[k]}" for k, v in p.items() if k in units)
    kind = f"{model.disposition.compartments}-compartment"
    if model.michaelis_menten is not None:
        kind += f" + Michaelis-Menten (Vmax {significant(model.michaelis_menten.vmax)} mg/h, Km {significant(model.michaelis_menten.km)} mg/L)"
    if model.metabolite is not None:
        kind += f" + metabolite (fm {significant(model.metabolite.fm)})"
    if model.effect_compartment is not None:
        kind += f" + effect site (ke0 {significant(model.effect_compartment.ke0)} /h)"
    routes = ", ".join(["iv"] + _routes(model))
    return f"{kind}: {disposition}; routes: {routes}"


def _model_repr(self: _core.Model) -> str:
    return f"Model({model_summary(self)})"


def _model_html(self: _core.Model) -> str:
    p = params(self)
    rows = []
    for route in [] if self.linear_structure is not None else _routes(self):
        key = route.upper()
        a = self.absorption(_core.Route(route))
        f = a.f
        f_text = (
            significant(f.nominal)
            if f.low == f.high
            else f"{significant(f.nominal)} [{significant(f.low)}-{significant(f.high)}]"
        )
        transit = self.transit(_core.Route(route))
        rows.append(
            [
                route,
                f_text,
                significant(p[f"KA_{key}"]),
                significant(p[f"LAG_{key}"]),
                "-" if transit is None else f"{transit.n} x MTT {significant(transit.mtt)} h",
            ]
        )
    routes = html_table(["route", "F_ (fraction)", "KA_ (1/h)", "LAG_ (h)", "transit"], rows) if rows else ""
    return f"<div><b>Model</b> {html.escape(model_summary(self))}{routes}</div>"


def _event_text(e: _core.DoseEvent) -> str:
    text = f"{e.amount:.4g} mg {e.route.label}"
    if e.duration > 0:
        text += f" over {e.duration * 60:.4g} min"
    return text


def regimen_summary(regimen: _core.Regimen) -> str:
    """One line: how many records, what is given, when (h)."""
    events = list(regimen.events)
    if not events:
        return "no dose"
    kinds = {_event_text(e) for e in events}
    times = [e.time for e in events]
    shown = ", ".join(f"{t:g}" for t in times[:8]) + (", ..." if len(times) > 8 else "")
    what = kinds.pop() if len(kinds) == 1 else f"{len(kinds)} kinds of dose"
    addl = sum(e.additional for e in events)
    extra = f" (+{addl} ADDL repeats)" if addl else ""
    return f"{len(events)} record{'s' if len(events) != 1 else ''}: {what} at {shown} h{extra}"


def _regimen_repr(self: _core.Regimen) -> str:
    return f"Regimen({regimen_summary(self)})"


def _regimen_html(self: _core.Regimen) -> str:
    rows = [
        [f"{e.time:g}", significant(e.amount), e.route.label, f"{e.duration:g}", f"{e.interval:g}", e.additional]
        for e in self.events
    ]
    table = html_table(["time (h)", "amount (mg)", "route", "duration (h)", "II (h)", "ADDL"], rows[:50])
    more = f"<p>... {len(rows) - 50} more records</p>" if len(rows) > 50 else ""
    return f"<div><b>Regimen</b> {html.escape(regimen_summary(self))}{table}{more}</div>"


# Below zero by at most this fraction of the peak, a concentration is the ODE path's rounding
# near zero (its absolute tolerance, 1e-12 mg by default, over V1 is about 1e-13 mg/L, some
# 1e-11 of a typical peak) and counts as 0 in summaries; a deeper dip is reported by nca.compute.
ROUNDING_BELOW_ZERO = 1e-9


def result_metrics(result: _core.Result):
    """The NCA metrics of a Result's plasma curve in ng/mL (``pk.nca.compute``).

    Concentrations below zero by no more than ``ROUNDING_BELOW_ZERO`` of the peak (the ODE path's
    rounding near zero) count as 0."""
    c = mg_per_l_to_ng_per_ml(np.asarray(result.concentration))
    peak = float(np.max(np.abs(c))) if c.size else 0.0
    c = np.where((c < 0.0) & (c >= -ROUNDING_BELOW_ZERO * peak), 0.0, c)
    return _core.nca.compute(np.asarray(result.times), c)


def _result_repr(self: _core.Result) -> str:
    t = np.asarray(self.times)
    if t.size == 0:
        return "Result(no output time)"
    m = result_metrics(self)
    return (
        f"Result({t[0]:g}-{t[-1]:g} h, {t.size} points, {self.solver} path; Cmax {significant(m.cmax)} ng/mL "
        f"at {m.tmax:g} h, AUC0-t {significant(m.auc_0_t)} ng.h/mL)"
    )


def _result_html(self: _core.Result) -> str:
    t = np.asarray(self.times)
    if t.size == 0:
        return "<div><b>Result</b> with no output time</div>"
    m = result_metrics(self)
    info = self.__dict__
    rows = []
    if "model" in info:
        rows.append(["model", model_summary(info["model"])])
    if "regimen" in info:
        rows.append(["regimen", regimen_summary(info["regimen"])])
    rows.append(["span", info.get("span", f"{t[0]:g}-{t[-1]:g} h")])
    rows += [
        ["Cmax", f"{significant(m.cmax)} ng/mL at {m.tmax:g} h (Tmax, on the grid)"],
        ["AUC0-t", f"{significant(m.auc_0_t)} ng.h/mL"],
        ["points", f"{t.size}, {self.solver} path ({self.stepper})"],
    ]
    curve = sparkline(t, self.concentration)
    return f"<div><b>Result</b> {curve}{html_table(['', ''], rows)}</div>"


def _metrics_repr(self) -> str:
    return (
        f"Metrics(cmax={significant(self.cmax)}, tmax={self.tmax:g} h, auc_0_t={significant(self.auc_0_t)}, "
        f"auc_0_inf={significant(self.auc_0_inf)}, half_life={significant(self.half_life)} h)"
    )


def _metrics_html(self) -> str:
    names = [
        ("cmax", "Cmax", "conc"),
        ("tmax", "Tmax", "h"),
        ("auc_0_t", "AUC0-t", "conc.h"),
        ("auc_0_inf", "AUC0-inf", "conc.h"),
        ("half_life", "terminal half-life", "h"),
        ("mrt", "MRT", "h"),
    ]
    rows = []
    for attr, label, unit in names:
        value = getattr(self, attr, None)
        if value is None:
            continue
        rows.append(
            [label, significant(float(value)) if isinstance(value, float) and not math.isnan(value) else "-", unit]
        )
    note = "<p>conc = the unit of the concentrations given (ng/mL for pk.nca.compute of a Result's ng/mL curve)</p>"
    return f"<div><b>NCA metrics</b>{html_table(['metric', 'value', 'unit'], rows)}{note}</div>"


def _fields_repr(*fields: str):
    """A ``__repr__`` showing the given attributes as keyword arguments (numbers to 6 s.f.)."""

    def text(value) -> str:
        if isinstance(value, float):
            return f"{value:.6g}"
        return repr(value)

    def method(self) -> str:
        shown = ", ".join(f"{name}={text(getattr(self, name))}" for name in fields)
        return f"{type(self).__name__}({shown})"

    return method


def _output_times_repr(self: _core.OutputTimes) -> str:
    t = self.times
    if not t:
        return "OutputTimes(none)"
    if len(t) <= 6:
        return f"OutputTimes({', '.join(f'{v:g}' for v in t)} h)"
    return f"OutputTimes({len(t)} times, {t[0]:g}-{t[-1]:g} h)"


def _simulation_options_repr(self: _core.SimulationOptions) -> str:
    return (
        f"SimulationOptions(path={self.path.name.lower()}, stepper={self.stepper.name.lower()}, "
        f"rtol={self.rtol:g}, atol={self.atol:g} mg, bioavailability={self.bioavailability.name.lower()})"
    )


def _dataset_repr(self: _core.Dataset) -> str:
    subjects = self.subjects
    records = sum(len(s.records) for s in subjects)
    columns = list(self.parameter_names) + list(self.covariate_names)
    extra = f"; columns beyond NONMEM's: {', '.join(columns)}" if columns else ""
    return f"Dataset({len(subjects)} ID{'s' if len(subjects) != 1 else ''}, {records} records{extra})"


def _subject_result_repr(self: _core.SubjectResult) -> str:
    t = np.asarray(self.times)
    span = f"{t[0]:g}-{t[-1]:g} h" if t.size else "no record"
    return f"SubjectResult(ID {self.id}: {t.size} rows, {span}, {self.solver} path)"


def install() -> None:
    """Give the compiled classes their text and HTML representations."""
    _core.MicroConstants.__repr__ = _fields_repr("k10", "k12", "k21", "k13", "k31")
    _core.CompartmentDosing.__repr__ = _fields_repr("f", "lag", "rate", "duration")
    _core.SigmoidEmax.__repr__ = _fields_repr("emax", "ec50", "hill", "e0")
    _core.EffectCompartment.__repr__ = _fields_repr("ke0", "response")
    _core.Metabolite.__repr__ = _fields_repr("fm", "cl", "v", "q", "vp")
    _core.TransitAbsorption.__repr__ = _fields_repr("n", "mtt", "ktr")
    _core.ModelledInfusion.__repr__ = _fields_repr("rate", "duration")
    _core.OutputTimes.__repr__ = _output_times_repr
    _core.SimulationOptions.__repr__ = _simulation_options_repr
    _core.Dataset.__repr__ = _dataset_repr
    _core.SubjectResult.__repr__ = _subject_result_repr
    _core.Model.__repr__ = _model_repr
    _core.Model._repr_html_ = _model_html
    _core.Regimen.__repr__ = _regimen_repr
    _core.Regimen._repr_html_ = _regimen_html
    _core.Result.__repr__ = _result_repr
    _core.Result._repr_html_ = _result_html
    _core.nca.Metrics.__repr__ = _metrics_repr
    _core.nca.Metrics._repr_html_ = _metrics_html


__all__ = ["html_table", "install", "model_summary", "regimen_summary", "result_metrics", "sparkline"]
