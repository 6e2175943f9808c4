"""Figures (matplotlib, headless): route comparison, protocol timeline, drug check, a result.

Figures are :class:`Figure` objects (a matplotlib ``Figure`` with the Agg canvas), built without
pyplot, so they need no display and leave the caller's matplotlib state alone; in Jupyter a
figure shows itself when it is a cell's value. Concentrations are shown in ng/mL (converted here,
at the presentation edge). For a projector: Okabe-Ito colours, text of at least 11 pt, bands as
opaque hatched bars on a ruler beside each panel and windows as opaque tints (never stacked
transparency), the ends of F ranges as dashed edges, a line style per reference level.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as _MplFigure

from .units import mg_per_l_to_ng_per_ml

#: Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: One colour per route, the same in every figure.
ROUTE_COLOURS = {
    "iv_bolus": OKABE_ITO["vermillion"],
    "iv_infusion": OKABE_ITO["purple"],
    "im": OKABE_ITO["blue"],
    "intranasal": OKABE_ITO["green"],
    "oral": OKABE_ITO["orange"],
    "sublingual": OKABE_ITO["sky_blue"],
}
#: Concentration bands: an opaque colour each on the band ruler (Okabe-Ito tints, lighter than the
#: route lines) and a hatch, both in the legend.
_BAND_COLOURS = ["#F5CF7F", "#AAD9F4", "#7FCEB9", "#F7F1A1", "#E5BCD3", "#7FB8D8", "#EAAE7F", "#CCCCCC"]
_BAND_HATCHES = ["//", "\\\\", "..", "xx", "--", "||", "oo", "++"]
#: Reference levels: dark grey, each with its own line style.
_LEVEL_STYLES = [(0, (1, 1.5)), (0, (6, 2)), (0, (6, 2, 1, 2)), (0, (3, 1, 1, 1, 1, 1)), (0, (10, 3))]
#: Smallest text of a figure (pt) and the size of axis labels and titles.
TEXT_PT = 11
LABEL_PT = 12


class Figure(_MplFigure):
    """A matplotlib Figure that shows itself in Jupyter (as a PNG) when it is a cell's value,
    without pyplot and whatever the notebook's backend."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()


def new_figure(size_px: Tuple[int, int], dpi: int) -> Figure:
    """A Figure of exactly ``size_px`` pixels when saved at ``dpi`` (Agg canvas attached)."""
    figure = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def save(figure, path: Optional[str]) -> None:
    """Save ``figure`` to ``path`` (no-op for None), PNG, PDF or SVG by the extension, at the
    figure's own size and dpi."""
    if path is not None:
        figure.savefig(path, dpi=figure.dpi)


def style(ax) -> None:
    """Text sizes for a projector: tick labels TEXT_PT, axis labels and title LABEL_PT."""
    ax.tick_params(labelsize=TEXT_PT)
    ax.xaxis.label.set_size(LABEL_PT)
    ax.yaxis.label.set_size(LABEL_PT)
    ax.title.set_size(LABEL_PT)


def _ng(values):
    return mg_per_l_to_ng_per_ml(values)


def _band_extent(band) -> Tuple[float, float]:
    low = float(_ng(band.low))
    return low, (float(_ng(band.high)) if band.shape == "range" else math.inf)


def level_style(i: int):
    """The line style of the i-th reference level."""
    return _LEVEL_STYLES[i % len(_LEVEL_STYLES)]


def band_handles(bands, levels) -> list:
    """Legend handles: one patch per band (its ruler colour and hatch), one line per level (its
    own line style)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for i, band in enumerate(bands):
        low, high = _band_extent(band)
        extent = f"{low:g}-{high:g}" if band.shape == "range" else f">= {low:g}"
        handles.append(
            Patch(
                facecolor=_BAND_COLOURS[i % len(_BAND_COLOURS)],
                edgecolor="0.2",
                hatch=_BAND_HATCHES[i % len(_BAND_HATCHES)],
                label=f"{band.name} ({extent} ng/mL)",
            )
        )
    for i, level in enumerate(levels):
        handles.append(
            Line2D(
                [],
                [],
                color="0.25",
                ls=level_style(i),
                lw=1.6,
                label=f"{level.name} ({float(_ng(level.nominal)):g} ng/mL)",
            )
        )
    return handles


def draw_bands(ax, ruler, bands, levels) -> None:
    """Each band as a bar of its own (opaque colour, hatch, edge) side by side on the narrow
    ``ruler`` axes beside ``ax`` (same y axis): no stacked transparency, so each band keeps its
    own colour, and the curves' panel stays clear. Levels are dark lines across both, a line
    style each. Call after the y limits of ``ax`` are set."""
    y_bottom, y_top = ax.get_ylim()
    for i, band in enumerate(bands):
        low, high = _band_extent(band)
        if low >= y_top:
            continue
        colour = _BAND_COLOURS[i % len(_BAND_COLOURS)]
        ruler.bar(
            i,
            min(high, y_top) - max(low, y_bottom),
            bottom=max(low, y_bottom),
            width=0.8,
            color=colour,
            edgecolor="0.2",
            hatch=_BAND_HATCHES[i % len(_BAND_HATCHES)],
            lw=0.8,
        )
    for i, level in enumerate(levels):
        ax.axhline(float(_ng(level.nominal)), color="0.25", ls=level_style(i), lw=1.6, zorder=1)
        ruler.axhline(float(_ng(level.nominal)), color="0.25", ls=level_style(i), lw=1.6)
    ruler.set_xlim(-0.6, max(len(bands), 1) - 0.4)
    ruler.set_ylim(y_bottom, y_top)
    ruler.tick_params(which="both", left=False, labelleft=False, bottom=False, labelbottom=False)
    for side in ("top", "right", "bottom"):
        ruler.spines[side].set_visible(False)
    ruler.set_title("bands", fontsize=TEXT_PT)


def _f_text(f) -> str:
    return f"F {f.nominal:.2f}" if f.low == f.high else f"F {f.nominal:.2f} [{f.low:.2f}-{f.high:.2f}]"


def _route_lines(ax, comparison, until_h: float, f_range: bool = True, lw: float = 2.0) -> None:
    """Each route's nominal curve, and the ends of its F range as thin dashed lines of its colour
    (edges, not a translucent ribbon: overlapping routes keep their colours)."""
    t = comparison.times
    keep = t <= until_h
    for outcome in comparison.result.routes:
        name = outcome.route.label
        colour = ROUTE_COLOURS[name]
        nominal = _ng(np.asarray(outcome.curve("nominal")))[keep]
        f = outcome.f
        ax.plot(t[keep], nominal, color=colour, lw=lw, label=f"{name} ({_f_text(f)})", zorder=3)
        if f_range and f.low != f.high:
            for choice in ("low", "high"):
                ax.plot(
                    t[keep],
                    _ng(np.asarray(outcome.curve(choice)))[keep],
                    color=colour,
                    lw=1.0,
                    ls=(0, (4, 2)),
                    zorder=2,
                )


def _metabolite_panel(ax, comparison, until_h: float, log: bool) -> None:
    """Each route's metabolite (norketamine) at nominal F, in the route's colour, its own mass;
    no bands (they are the parent's)."""
    t = comparison.times
    keep = t <= until_h
    peaks = []
    for outcome in comparison.result.routes:
        curve = _ng(np.asarray(outcome.metabolite_curve("nominal")))
        peaks.append(float(curve.max()))
        ax.plot(t[keep], curve[keep], color=ROUTE_COLOURS[outcome.route.label], lw=2.0, zorder=3)
    ax.set_xlim(0, until_h)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(10 ** math.floor(math.log10(min(peaks) / 50.0)), 2.0 * max(peaks))
    else:
        ax.set_ylim(0, 1.15 * max(peaks))
    ax.set_xlabel("time after the dose (h)")
    ax.set_ylabel(f"plasma {comparison.metabolite} (ng/mL)")
    ax.grid(alpha=0.3, zorder=0)
    style(ax)


def _bolus_note(ax, comparison, fontsize: float) -> None:
    bolus = next(o for o in comparison.result.routes if o.route.label == "iv_bolus").at("nominal")
    ax.annotate(
        f"iv_bolus off scale: {float(_ng(bolus.cmax)):.0f} ng/mL at {bolus.peak_from * 60:g} min\n"
        f"(C0 {float(_ng(bolus.c0)):.0f} ng/mL: instant mixing)",
        xy=(0.02, 0.97),
        xycoords="axes fraction",
        va="top",
        fontsize=fontsize,
        color=ROUTE_COLOURS["iv_bolus"],
    )


def _linear_limits(comparison) -> Tuple[float, bool]:
    """Top of a linear axis, and whether an IV bolus far above the other routes is cut off."""
    peaks = {o.route.label: float(_ng(o.at("high").cmax)) for o in comparison.result.routes}
    others = [v for k, v in peaks.items() if k != "iv_bolus"]
    clipped = bool("iv_bolus" in peaks and others and peaks["iv_bolus"] > 2.5 * max(others))
    return (1.3 * max(others) if clipped else 1.15 * max(peaks.values())), clipped


def route_figure(
    comparison,
    path: Optional[str] = None,
    size_px=None,
    dpi: int = 100,
    linear_hours: float = 6.0,
    metabolite: bool = True,
):
    """Concentration curves per route (ng/mL) with the ends of each F range and the concentration
    bands.

    Left: linear scale, first ``linear_hours`` h (an IV bolus far above the other routes is cut
    off and its value at 2 min and its C0 written on the panel). Right: log scale over the whole
    horizon. Each panel has a narrow band ruler on its right; the bands' legend is below. With a
    metabolite (norketamine) and ``metabolite=True``, a second row of panels shows it per route
    at nominal F, in its own mass, on the same time axes and without bands (they are the
    parent's). ``size_px`` defaults to 1600 x 760, or 1600 x 1150 with the metabolite row.
    """
    metabolite = bool(metabolite and comparison.metabolite)
    figure = new_figure(size_px or ((1600, 1150) if metabolite else (1600, 760)), dpi)
    # Columns: panel, its band ruler, room for the next panel's y labels, panel, ruler; a second
    # row for the metabolite.
    grid = figure.add_gridspec(
        2 if metabolite else 1,
        5,
        width_ratios=[14, 1.3, 2.2, 14, 1.3],
        height_ratios=[3, 2] if metabolite else [1],
        wspace=0.03,
        hspace=0.32,
        left=0.06,
        right=0.99,
        bottom=0.17 if metabolite else 0.24,
        top=0.93 if metabolite else 0.9,
    )
    ax_lin, ax_log = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 3])
    rulers = figure.add_subplot(grid[0, 1], sharey=ax_lin), figure.add_subplot(grid[0, 4], sharey=ax_log)
    outcomes = comparison.result.routes
    _route_lines(ax_lin, comparison, linear_hours)
    ax_lin.set_xlim(0, linear_hours)
    top, clipped = _linear_limits(comparison)
    ax_lin.set_ylim(0, top)
    if clipped:
        _bolus_note(ax_lin, comparison, TEXT_PT)
    ax_lin.set_title(f"first {linear_hours:g} h (linear scale)")

    horizon = float(comparison.times[-1])
    _route_lines(ax_log, comparison, horizon)
    lowest_peak = min(float(_ng(o.at("low").cmax)) for o in outcomes)
    highest = max(float(_ng(o.at("high").cmax)) for o in outcomes)
    ax_log.set_yscale("log")
    ax_log.set_xlim(0, horizon)
    ax_log.set_ylim(10 ** math.floor(math.log10(lowest_peak / 50.0)), 2.0 * highest)
    ax_log.set_title(f"0-{horizon:g} h (log scale)")
    for ax, ruler in zip((ax_lin, ax_log), rulers):
        draw_bands(ax, ruler, comparison.bands, comparison.levels)
        ax.set_xlabel("time after the dose (h)")
        ax.set_ylabel(f"plasma {comparison.analyte} (ng/mL)")
        ax.grid(alpha=0.3, zorder=0)
        style(ax)
    ax_lin.legend(
        loc="upper right", fontsize=TEXT_PT, title="route (dashed: ends of the F range)", title_fontsize=TEXT_PT
    )
    if metabolite:
        nk_lin, nk_log = figure.add_subplot(grid[1, 0]), figure.add_subplot(grid[1, 3])
        _metabolite_panel(nk_lin, comparison, linear_hours, log=False)
        _metabolite_panel(nk_log, comparison, horizon, log=True)
        nk_lin.set_title(
            f"{comparison.metabolite}, formed from {comparison.analyte} (nominal F; no bands: they are the parent's)",
            fontsize=TEXT_PT,
        )
    figure.legend(
        handles=band_handles(comparison.bands, comparison.levels),
        loc="lower center",
        ncol=3,
        fontsize=TEXT_PT,
        frameon=False,
    )
    figure.suptitle(comparison.header().split("\n")[0], fontsize=LABEL_PT)
    save(figure, path)
    return figure


def teaching_bands(comparison, count: int = 2) -> list:
    """The ``count`` bands the routes spend the most time in (nominal F), in the drug's order."""
    bands = comparison.bands
    totals = [0.0] * len(bands)
    for outcome in comparison.result.routes:
        for i, hours in enumerate(outcome.at("nominal").time_in_band):
            totals[i] += hours
    chosen = sorted(sorted(range(len(bands)), key=lambda i: -totals[i])[:count])
    return [bands[i] for i in chosen]


def teaching_figure(
    comparison, path: Optional[str] = None, size_px=(1280, 800), dpi: int = 100, linear_hours: float = 4.0
):
    """The route comparison for a projector: one panel (linear scale, first ``linear_hours`` h),
    each route's nominal curve labelled at its peak, and the two bands the routes spend the most
    time in. Large text (14 pt and more)."""
    figure = new_figure(size_px, dpi)
    grid = figure.add_gridspec(1, 2, width_ratios=[20, 1.2], wspace=0.02, left=0.09, right=0.98, bottom=0.2, top=0.9)
    ax = figure.add_subplot(grid[0])
    ruler = figure.add_subplot(grid[1], sharey=ax)
    _route_lines(ax, comparison, linear_hours, f_range=False, lw=3.0)
    ax.set_xlim(0, linear_hours)
    top, clipped = _linear_limits(comparison)
    ax.set_ylim(0, top)
    if clipped:
        _bolus_note(ax, comparison, 14)
    bands = teaching_bands(comparison)
    draw_bands(ax, ruler, bands, [])
    ax.set_xlabel("hours after the dose", fontsize=16)
    ax.set_ylabel(f"plasma {comparison.analyte} (ng/mL)", fontsize=16)
    ax.tick_params(labelsize=14)
    ax.grid(alpha=0.3, zorder=0)
    ruler.title.set_size(14)
    ax.legend(loc="upper right", fontsize=14, title="route (nominal F)", title_fontsize=14)
    figure.legend(handles=band_handles(bands, []), loc="lower center", ncol=2, fontsize=14, frameon=False)
    name = comparison.drug.name if comparison.drug is not None else "drug"
    dose = f"{comparison.dose:g} {comparison.dose_unit}"
    figure.suptitle(f"{name} {dose} by each route", fontsize=18)
    save(figure, path)
    return figure


#: Integration windows, alternately: opaque light tints (a later window covers an earlier one where
#: they overlap, so no third colour appears), each window's start a dashed line.
_WINDOW_TINTS = ("#FBE3B0", "#D5EAF7")
_CURVE = OKABE_ITO["blue"]
_SESSION_INSIDE = OKABE_ITO["black"]


def _window_panel(ax, timeline) -> None:
    from matplotlib.patches import Patch

    t = timeline.times
    nominal, low, high = (_ng(timeline.concentration[c]) for c in ("nominal", "low", "high"))
    top = 1.3 * float(high.max())
    for i, w in enumerate(timeline.windows):
        ax.axvspan(w.start / 24, w.end / 24, facecolor=_WINDOW_TINTS[i % 2], lw=0, zorder=0)
        ax.axvline(w.start / 24, color="0.3", lw=0.8, ls="--", zorder=1)
    for curve in (low, high):
        ax.plot(t / 24, curve, color=_CURVE, lw=0.8, ls=(0, (4, 2)), zorder=2)
    ax.plot(t / 24, nominal, color=_CURVE, lw=1.4, zorder=3)
    for s in timeline.sessions:
        colour, ls = (_SESSION_INSIDE, "-") if s.inside else (OKABE_ITO["vermillion"], (0, (2, 1)))
        ax.axvline(s.time / 24, color=colour, lw=2.5, ls=ls, zorder=4)
        ax.annotate(
            "session" if s.inside else "session OUTSIDE",
            xy=(s.time / 24, top * 0.98),
            rotation=90,
            va="top",
            ha="right",
            fontsize=TEXT_PT,
            color=colour,
        )
    ax.set_xlim(0, t[-1] / 24)
    ax.set_ylim(0, top)
    ax.set_xlabel("day of the protocol")
    ax.set_ylabel(_plasma_label(timeline.model))
    from matplotlib.lines import Line2D

    handles = [
        Patch(
            facecolor=_WINDOW_TINTS[0],
            label=f"{timeline.window_hours:g} h integration window of each administration (alternate tints)",
        ),
        Line2D([], [], color=_CURVE, lw=1.4, label="plasma concentration (dashed: ends of the F range)"),
        Line2D([], [], color=_SESSION_INSIDE, lw=2.5, label="session inside a window"),
        Line2D([], [], color=OKABE_ITO["vermillion"], lw=2.5, ls=(0, (2, 1)), label="session outside"),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=TEXT_PT, frameon=False)
    ax.grid(alpha=0.3)
    style(ax)


_ENANTIOMER_TEXT = {"S": "S-ketamine", "racemic": "racemic"}


def _plasma_label(model) -> str:
    """The concentration axis: an S-ketamine model's curves say so (they are not total ketamine)."""
    return "plasma S-ketamine (ng/mL)" if model.enantiomer == "S" else "plasma (ng/mL)"


def timeline_figure(timeline, path: Optional[str] = None, size_px=(1600, 950), dpi: int = 100, zoom_hours: float = 6.0):
    """The protocol in days with each administration's window shaded and sessions marked (black
    solid inside a window, vermillion dashed outside) on top, and the first ``zoom_hours`` h after
    the first administration with the concentration bands below."""
    figure = new_figure(size_px, dpi)
    grid = figure.add_gridspec(
        2,
        2,
        width_ratios=[28, 1.2],
        height_ratios=[3, 2],
        wspace=0.02,
        hspace=0.4,
        left=0.06,
        right=0.99,
        bottom=0.07,
        top=0.86,
    )
    ax_days, ax_zoom = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[1, 0])
    ruler = figure.add_subplot(grid[1, 1], sharey=ax_zoom)
    _window_panel(ax_days, timeline)

    t = timeline.times
    nominal, low, high = (_ng(timeline.concentration[c]) for c in ("nominal", "low", "high"))
    first = timeline.windows[0].start
    keep = (t >= first) & (t <= first + zoom_hours)
    for curve in (low, high):
        ax_zoom.plot(t[keep] - first, curve[keep], color=_CURVE, lw=1.0, ls=(0, (4, 2)), zorder=2)
    ax_zoom.plot(t[keep] - first, nominal[keep], color=_CURVE, lw=2, zorder=3)
    ax_zoom.set_xlim(0, zoom_hours)
    top = 1.3 * float(high[keep].max())
    ax_zoom.set_ylim(0, top)
    drawn = timeline.drug.bands_for_model(timeline.model.id)
    bands = [b for b in drawn if b.shape != "level" and float(_ng(b.low)) < top]
    levels = [b for b in drawn if b.shape == "level" and float(_ng(b.nominal)) < top]
    draw_bands(ax_zoom, ruler, bands, levels)
    ax_zoom.set_xlabel("hours after the first administration")
    ax_zoom.set_ylabel(_plasma_label(timeline.model))
    ax_zoom.legend(
        handles=band_handles(bands, levels),
        loc="upper right",
        fontsize=TEXT_PT,
        # Bands are drawn only on curves of their own enantiomer (Drug.bands_for_model).
        title="concentration bands"
        if drawn
        else f"no {_ENANTIOMER_TEXT[timeline.model.enantiomer]} bands in the drug file",
        title_fontsize=TEXT_PT,
    )
    ax_zoom.grid(alpha=0.3)
    style(ax_zoom)
    figure.suptitle(
        f"{timeline.drug.name}: {timeline.protocol.title} ({timeline.weight:g} kg, model {timeline.model.id})",
        fontsize=LABEL_PT + 1,
    )
    save(figure, path)
    return figure


def result_figure(result, path: Optional[str] = None, size_px=(900, 500), dpi: int = 100, log: bool = False):
    """Plasma concentration (ng/mL) of a Result against time (h), Cmax marked."""
    figure = new_figure(size_px, dpi)
    ax = figure.subplots()
    t = np.asarray(result.times)
    c = _ng(np.asarray(result.concentration))
    ax.plot(t, c, color=_CURVE, lw=2)
    if t.size:
        i = int(np.argmax(c))
        ax.plot([t[i]], [c[i]], "o", color=OKABE_ITO["vermillion"], label=f"Cmax {c[i]:.4g} ng/mL at {t[i]:.3g} h")
        ax.legend(fontsize=TEXT_PT, loc="upper right")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel("time (h)")
    ax.set_ylabel("plasma concentration (ng/mL)")
    span = result.__dict__.get("span")
    if span:
        ax.set_title(span, fontsize=TEXT_PT)
    ax.grid(alpha=0.3)
    style(ax)
    figure.tight_layout()
    save(figure, path)
    return figure


def panels_figure(panels: Sequence[Sequence], title: str, path: Optional[str] = None, dpi: int = 100):
    """One panel per list of curves ``(label, t, c, t_obs, dv_obs)`` (h, ng/mL): simulated lines,
    observations as markers of the line's colour."""
    colours = list(ROUTE_COLOURS.values()) + [OKABE_ITO["black"], OKABE_ITO["yellow"]]
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    figure = new_figure((int((4.6 * cols + 0.6) * dpi), int((3.2 * rows + 0.8) * dpi)), dpi)
    axes = np.atleast_1d(figure.subplots(rows, cols, squeeze=False)).ravel()
    for ax, curves in zip(axes, panels):
        for k, (label, t, c, t_obs, dv) in enumerate(curves):
            colour = colours[k % len(colours)]
            ax.plot(t, c, color=colour, lw=1.6, label=f"{label} simulated")
            if t_obs is not None and len(t_obs):
                ax.plot(t_obs, dv, "o", color=colour, markersize=5, markerfacecolor="none", label=f"{label} observed")
        ax.set_xlabel("time (h)")
        ax.set_ylabel("concentration (ng/mL)")
        ax.grid(alpha=0.3)
        if len(curves) == 1:
            ax.set_title(curves[0][0])
        else:
            ax.legend(fontsize=TEXT_PT)
        style(ax)
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    figure.suptitle(title, fontsize=LABEL_PT + 1)
    figure.tight_layout()
    save(figure, path)
    return figure


#: Marker per route in the goodness-of-fit figure (shape and colour both tell the route).
_ROUTE_MARKERS = {"iv_bolus": "o", "iv_infusion": "s", "im": "D", "intranasal": "^", "oral": "v", "sublingual": "P"}


def _gof_panel(ax, rows, observed: str, predicted: str, label: str) -> None:
    """Predicted against observed on log axes, with the unity line and the 2-fold lines."""
    points = [(getattr(r, observed), getattr(r, predicted), r) for r in rows if getattr(r, observed) is not None]
    if not points:
        ax.set_visible(False)
        return
    values = [float(_ng(v)) for obs, pred, _ in points for v in (obs, pred)]
    low, high = min(values) / 3.0, max(values) * 3.0
    line = np.array([low, high])
    ax.plot(line, line, color="0.2", lw=1.2, label="unity")
    ax.plot(line, 2.0 * line, color="0.5", lw=1.0, ls="--", label="2-fold")
    ax.plot(line, line / 2.0, color="0.5", lw=1.0, ls="--")
    seen = set()
    for obs, pred, r in points:
        route = r.route.label
        colour = ROUTE_COLOURS[route]
        face = colour if r.counts else "none"
        legend = f"{route}" if route not in seen else None
        seen.add(route)
        ax.scatter(
            [float(_ng(obs))],
            [float(_ng(pred))],
            marker=_ROUTE_MARKERS[route],
            s=70,
            facecolors=face,
            edgecolors=colour,
            linewidths=1.5,
            label=legend,
            zorder=3,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.set_xlabel(f"observed {label}", fontsize=LABEL_PT)
    ax.set_ylabel(f"predicted {label}", fontsize=LABEL_PT)
    ax.tick_params(labelsize=TEXT_PT)
    ax.grid(True, which="major", color="0.9")


def check_figure(check, path: Optional[str] = None, size_px=(1300, 680), dpi: int = 100):
    """Goodness of fit of a drug check: predicted vs observed Cmax (ng/mL) and AUC (ng.h/mL), log
    axes, unity and 2-fold lines, one marker per route; counted observations filled, the others
    (children, another analyte, secondary status) hollow."""
    from matplotlib.lines import Line2D

    figure = new_figure(size_px, dpi)
    rows = list(check.result.rows)
    cmax_ax, auc_ax = figure.subplots(1, 2)
    _gof_panel(cmax_ax, rows, "cmax_observed", "cmax_predicted", "Cmax (ng/mL)")
    _gof_panel(auc_ax, rows, "auc_observed", "auc_predicted", "AUC (ng.h/mL)")
    handles, labels = cmax_ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], marker="o", color="0.3", ls="", markerfacecolor="0.3", label="counted"),
        Line2D([], [], marker="o", color="0.3", ls="", markerfacecolor="none", label="shown, not counted"),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=5, fontsize=11, frameon=False)
    gmfe = "n/a" if math.isnan(check.gmfe) else f"{check.gmfe:.2f}"
    figure.suptitle(
        f"{check.result.drug} ({check.model}): predicted at nominal F vs published observations; "
        f"GMFE of counted Cmax {gmfe}",
        fontsize=13,
    )
    figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.2, wspace=0.15)
    save(figure, path)
    return figure


@dataclass
class _PopulationBand:
    """A population's band in the form draw_bands() takes (mg/L)."""

    name: str
    low: float
    high: float

    @property
    def shape(self) -> str:
        return "range" if math.isfinite(self.high) else "above"


def population_figure(panels, path: Optional[str] = None, size_px=(1000, 560), dpi: int = 100, log: bool = False):
    """Percentile ribbons of populations, one panel per (title, PopulationResult) pair, side by
    side: 5-95 % and 25-75 % as opaque tints of one colour, the median as a line, the mean
    dashed (ng/mL), and the bands on a ruler beside each panel with their legend below."""
    n = len(panels)
    figure = new_figure((size_px[0] * max(n, 1) if n > 1 else size_px[0], size_px[1]), dpi)
    grid = figure.add_gridspec(1, 2 * n, width_ratios=[12, 1] * n, wspace=0.08)
    colour = OKABE_ITO["blue"]
    bands = []
    top = 0.0
    axes = []
    for k, (title, result) in enumerate(panels):
        ax = figure.add_subplot(grid[0, 2 * k])
        ruler = figure.add_subplot(grid[0, 2 * k + 1], sharey=ax)
        axes.append((ax, ruler))
        t = result.times
        summary = result.summary
        p = {level: summary[f"p{level:g}_ng_per_ml"].to_numpy() for level in (5, 25, 50, 75, 95)}
        ax.fill_between(t, p[5], p[95], color="#C6DBEF", lw=0, label="5-95 %")
        ax.fill_between(t, p[25], p[75], color="#6BAED6", lw=0, label="25-75 %")
        ax.plot(t, p[50], color=colour, lw=2.2, label="median")
        ax.plot(t, summary["mean_ng_per_ml"].to_numpy(), color=OKABE_ITO["black"], lw=1.4, ls="--", label="mean")
        top = max(top, float(np.max(p[95])) if t.size else 0.0)
        ax.set_xlabel("time (h)")
        if k == 0:
            ax.set_ylabel("plasma concentration (ng/mL)")
        ax.set_title(f"{title} (n = {result.n})" if title else f"n = {result.n}")
        ax.grid(alpha=0.3)
        bands = [_PopulationBand(*b) for b in result.core.bands]
    for ax, ruler in axes:
        if log:
            ax.set_yscale("log")
        else:
            ax.set_ylim(0, top * 1.05 if top > 0 else 1.0)
        draw_bands(ax, ruler, bands, [])
        style(ax)
    handles, _ = axes[0][0].get_legend_handles_labels() if axes else ([], None)
    handles = handles + band_handles(bands, [])
    figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4), fontsize=TEXT_PT, frameon=False)
    figure.subplots_adjust(bottom=0.3 if bands else 0.22, top=0.9, left=0.08, right=0.97)
    save(figure, path)
    return figure
