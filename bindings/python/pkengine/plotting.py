"""Figures (matplotlib, headless): the route comparison and the protocol timeline.

Figures are built with ``matplotlib.figure.Figure`` and the Agg canvas, never with pyplot, so
they need no display and leave the caller's matplotlib state alone. Concentrations are shown in
ng/mL (converted here, at the presentation edge).
"""

from __future__ import annotations

import math
from typing import Optional, Tuple

import numpy as np

from .units import mg_per_l_to_ng_per_ml

#: One colour per route, the same in every figure.
ROUTE_COLOURS = {
    "iv_bolus": "#d62728",
    "iv_infusion": "#9467bd",
    "im": "#1f77b4",
    "intranasal": "#2ca02c",
    "oral": "#8c564b",
    "sublingual": "#ff7f0e",
}
_BAND_COLOURS = ["#fdd49e", "#c6dbef", "#d9f0a3", "#fcbba1", "#dadaeb", "#c7e9c0", "#fee391", "#d4b9da"]


def new_figure(size_px: Tuple[int, int], dpi: int):
    """A Figure of exactly ``size_px`` pixels when saved at ``dpi`` (Agg canvas attached)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def save(figure, path: Optional[str]) -> None:
    """Save ``figure`` as PNG to ``path`` (no-op for None), at the figure's own size and dpi."""
    if path is not None:
        figure.savefig(path, dpi=figure.dpi, format="png")


def _ng(values):
    return mg_per_l_to_ng_per_ml(values)


def _band_extent(band) -> Tuple[float, float]:
    low = float(_ng(band.low))
    return low, (float(_ng(band.high)) if band.shape == "range" else math.inf)


def band_handles(bands, levels) -> list:
    """Legend handles: one patch per band (its colour), one dotted line per level."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for i, band in enumerate(bands):
        low, high = _band_extent(band)
        extent = f"{low:g}-{high:g}" if band.shape == "range" else f">= {low:g}"
        handles.append(Patch(color=_BAND_COLOURS[i % len(_BAND_COLOURS)], label=f"{band.name} ({extent} ng/mL)"))
    for level in levels:
        handles.append(Line2D([], [], color="0.3", ls=":", lw=1.2, label=f"{level.name} ({float(_ng(level.nominal)):g} ng/mL)"))
    return handles


def draw_bands(ax, ruler, bands, levels) -> None:
    """Shade each band lightly on ``ax`` and as a bar on the narrow ``ruler`` axes beside it (same
    y axis), so overlapping bands stay readable; levels are dotted lines. Call after the y limits
    of ``ax`` are set."""
    y_bottom, y_top = ax.get_ylim()
    for i, band in enumerate(bands):
        low, high = _band_extent(band)
        if low >= y_top:
            continue
        colour = _BAND_COLOURS[i % len(_BAND_COLOURS)]
        ax.axhspan(low, min(high, y_top), color=colour, alpha=0.18, lw=0, zorder=0)
        ruler.bar(i, min(high, y_top) - max(low, y_bottom), bottom=max(low, y_bottom), width=0.8, color=colour)
    for level in levels:
        ax.axhline(float(_ng(level.nominal)), color="0.3", ls=":", lw=1.2, zorder=1)
        ruler.axhline(float(_ng(level.nominal)), color="0.3", ls=":", lw=1.2)
    ruler.set_xlim(-0.6, max(len(bands), 1) - 0.4)
    ruler.set_ylim(y_bottom, y_top)
    ruler.tick_params(which="both", left=False, labelleft=False, bottom=False, labelbottom=False)
    for side in ("top", "right", "bottom"):
        ruler.spines[side].set_visible(False)
    ruler.set_title("bands", fontsize=8)


def _route_lines(ax, comparison, until_h: float) -> None:
    t = comparison.times
    keep = t <= until_h
    for outcome in comparison.result.routes:
        name = outcome.route.label
        colour = ROUTE_COLOURS[name]
        low, nominal, high = (_ng(np.asarray(outcome.curve(c)))[keep] for c in ("low", "nominal", "high"))
        f = outcome.f
        f_text = f"F {f.nominal:.2f}" if f.low == f.high else f"F {f.nominal:.2f} [{f.low:.2f}-{f.high:.2f}]"
        ax.plot(t[keep], nominal, color=colour, lw=2, label=f"{name} ({f_text})", zorder=3)
        if f.low != f.high:
            ax.fill_between(t[keep], low, high, color=colour, alpha=0.2, lw=0, zorder=2)


def route_figure(comparison, path: Optional[str] = None, size_px=(1600, 700), dpi: int = 100, linear_hours: float = 6.0):
    """Concentration curves per route (ng/mL) with F-range ribbons and concentration bands.

    Left: linear scale, first ``linear_hours`` h (an IV bolus far above the other routes is cut
    off and its value at 2 min and its C0 written on the panel). Right: log scale over the whole horizon. Each panel has
    a narrow band ruler on its right; the bands' legend is below.
    """
    figure = new_figure(size_px, dpi)
    # Columns: panel, its band ruler, room for the next panel's y labels, panel, ruler.
    grid = figure.add_gridspec(1, 5, width_ratios=[14, 0.8, 2.0, 14, 0.8], wspace=0.03,
                               left=0.05, right=0.99, bottom=0.2, top=0.88)
    ax_lin, ax_log = figure.add_subplot(grid[0]), figure.add_subplot(grid[3])
    rulers = figure.add_subplot(grid[1], sharey=ax_lin), figure.add_subplot(grid[4], sharey=ax_log)
    outcomes = comparison.result.routes
    peaks = {o.route.label: float(_ng(o.at("high").cmax)) for o in outcomes}
    others = [v for k, v in peaks.items() if k != "iv_bolus"]
    clipped = bool("iv_bolus" in peaks and others and peaks["iv_bolus"] > 2.5 * max(others))
    _route_lines(ax_lin, comparison, linear_hours)
    ax_lin.set_xlim(0, linear_hours)
    ax_lin.set_ylim(0, 1.3 * max(others) if clipped else 1.15 * max(peaks.values()))
    if clipped:
        bolus = next(o for o in outcomes if o.route.label == "iv_bolus").at("nominal")
        ax_lin.annotate(f"iv_bolus off scale: {float(_ng(bolus.cmax)):.0f} ng/mL at {bolus.peak_from * 60:g} min\n"
                        f"(C0 {float(_ng(bolus.c0)):.0f} ng/mL: instant mixing)", xy=(0.02, 0.97),
                        xycoords="axes fraction", va="top", fontsize=9, color=ROUTE_COLOURS["iv_bolus"])
    ax_lin.set_title(f"first {linear_hours:g} h (linear scale)")

    horizon = float(comparison.times[-1])
    _route_lines(ax_log, comparison, horizon)
    lowest_peak = min(float(_ng(o.at("low").cmax)) for o in outcomes)
    ax_log.set_yscale("log")
    ax_log.set_xlim(0, horizon)
    ax_log.set_ylim(10 ** math.floor(math.log10(lowest_peak / 50.0)), 2.0 * max(peaks.values()))
    ax_log.set_title(f"0-{horizon:g} h (log scale)")
    for ax, ruler in zip((ax_lin, ax_log), rulers):
        draw_bands(ax, ruler, comparison.bands, comparison.levels)
        ax.set_xlabel("time after the dose (h)")
        ax.set_ylabel(f"plasma {comparison.drug.name if comparison.drug else ''} (ng/mL)")
        ax.grid(alpha=0.3, zorder=0)
    ax_lin.legend(loc="upper right", fontsize=9, title="route (ribbon: F range)", title_fontsize=9)
    figure.legend(handles=band_handles(comparison.bands, comparison.levels), loc="lower center", ncol=4,
                  fontsize=8, frameon=False)
    figure.suptitle(comparison.header().split("\n")[0], fontsize=11)
    save(figure, path)
    return figure


def _window_panel(ax, timeline) -> None:
    t = timeline.times
    nominal, low, high = (_ng(timeline.concentration[c]) for c in ("nominal", "low", "high"))
    top = 1.3 * float(high.max())
    colour = "#1f4e79"
    for i, w in enumerate(timeline.windows):
        ax.axvspan(w.start / 24, w.end / 24, color="#fdae6b" if i % 2 == 0 else "#9ecae1", alpha=0.3, lw=0, zorder=0,
                   label=f"{timeline.window_hours:g} h integration window of each administration" if i == 0 else None)
        ax.axvline(w.start / 24, color=colour, lw=0.6, ls="--", zorder=1)
    ax.fill_between(t / 24, low, high, color=colour, alpha=0.2, lw=0, zorder=2)
    ax.plot(t / 24, nominal, color=colour, lw=1.2, zorder=3, label="plasma concentration (ribbon: F range)")
    for s in timeline.sessions:
        marker = "#238b45" if s.inside else "#cb181d"
        ax.axvline(s.time / 24, color=marker, lw=2, zorder=4)
        ax.annotate("session" if s.inside else "session outside", xy=(s.time / 24, top * 0.98), rotation=90,
                    va="top", ha="right", fontsize=8, color=marker)
    ax.set_xlim(0, t[-1] / 24)
    ax.set_ylim(0, top)
    ax.set_xlabel("day of the protocol")
    ax.set_ylabel("plasma (ng/mL)")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9, frameon=False)
    ax.grid(alpha=0.3)


def timeline_figure(timeline, path: Optional[str] = None, size_px=(1600, 900), dpi: int = 100, zoom_hours: float = 6.0):
    """The protocol in days with each administration's window shaded and sessions marked (green
    inside a window, red outside) on top, and the first ``zoom_hours`` h after the first
    administration with the concentration bands below."""
    figure = new_figure(size_px, dpi)
    grid = figure.add_gridspec(2, 2, width_ratios=[28, 0.8], height_ratios=[3, 2], wspace=0.02, hspace=0.32,
                               left=0.05, right=0.99, bottom=0.07, top=0.88)
    ax_days, ax_zoom = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[1, 0])
    ruler = figure.add_subplot(grid[1, 1], sharey=ax_zoom)
    _window_panel(ax_days, timeline)

    t = timeline.times
    nominal, low, high = (_ng(timeline.concentration[c]) for c in ("nominal", "low", "high"))
    first = timeline.windows[0].start
    keep = (t >= first) & (t <= first + zoom_hours)
    colour = "#1f4e79"
    ax_zoom.fill_between(t[keep] - first, low[keep], high[keep], color=colour, alpha=0.2, lw=0, zorder=2)
    ax_zoom.plot(t[keep] - first, nominal[keep], color=colour, lw=2, zorder=3)
    ax_zoom.set_xlim(0, zoom_hours)
    top = 1.3 * float(high[keep].max())
    ax_zoom.set_ylim(0, top)
    bands = [b for b in timeline.drug.bands if b.shape != "level" and float(_ng(b.low)) < top]
    levels = [b for b in timeline.drug.bands if b.shape == "level" and float(_ng(b.nominal)) < top]
    draw_bands(ax_zoom, ruler, bands, levels)
    ax_zoom.set_xlabel("hours after the first administration")
    ax_zoom.set_ylabel("plasma (ng/mL)")
    ax_zoom.legend(handles=band_handles(bands, levels), loc="upper right", fontsize=8, title="concentration bands",
                   title_fontsize=9)
    ax_zoom.grid(alpha=0.3)
    figure.suptitle(
        f"{timeline.drug.name}: {timeline.protocol.title} ({timeline.weight:g} kg, model {timeline.model.id})", fontsize=11
    )
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
        ax.scatter([float(_ng(obs))], [float(_ng(pred))], marker=_ROUTE_MARKERS[route], s=70, facecolors=face,
                   edgecolors=colour, linewidths=1.5, label=legend, zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.set_xlabel(f"observed {label}", fontsize=12)
    ax.set_ylabel(f"predicted {label}", fontsize=12)
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
    handles += [Line2D([], [], marker="o", color="0.3", ls="", markerfacecolor="0.3", label="counted"),
                Line2D([], [], marker="o", color="0.3", ls="", markerfacecolor="none", label="shown, not counted")]
    figure.legend(handles=handles, loc="lower center", ncol=5, fontsize=11, frameon=False)
    gmfe = "n/a" if math.isnan(check.gmfe) else f"{check.gmfe:.2f}"
    figure.suptitle(f"{check.result.drug} ({check.model}): predicted at nominal F vs published observations; "
                    f"GMFE of counted Cmax {gmfe}", fontsize=13)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.2, wspace=0.15)
    save(figure, path)
    return figure
