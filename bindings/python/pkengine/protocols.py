"""Protocols over days or weeks: integration windows, planned sessions, and the timeline.

Each administration opens an integration window (the drug file's ``integration_window_h``, 48 h
for ketamine: a protocol annotation from the literature, not a pharmacokinetic parameter).

>>> regimen = pk.load_drug("ketamine").protocol("kit_series_murrough2013", weight=70)
>>> pk.check_sessions(regimen, [24, 150], hours=48)   # is each session (h) inside a window?
   session_h  inside  administration  hours_since_administration
0       24.0    True               0                        24.0
1      150.0   False            <NA>                         NaN
>>> timeline = pk.protocol_timeline("ketamine", "kit_series_murrough2013", weight=70, sessions=[24, 150])
>>> timeline.plot()                                   # .plot("kit.png") writes a file
<Figure size 1600x950 with 3 Axes>
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

import numpy as np

from . import _core
from .drugs import load_drug
from .simulation import simulate
from .textfmt import significant, text_table
from .units import mg_per_l_to_ng_per_ml


def _windows(regimen: _core.Regimen, hours: float) -> list:
    return _core.integration_windows(regimen, hours)


def integration_windows(regimen: _core.Regimen, hours: float = 48.0):
    """The window each administration of ``regimen`` opens (pandas DataFrame).

    Columns: ``administration`` (0 = first, in time order; ADDL repeats included), ``route``,
    ``amount_mg``, ``start_h`` (the administration time), ``end_h`` (start + ``hours``).

    >>> regimen = pk.Regimen.repeated(pk.Dose(35.0, "im"), every=72.0, count=2)
    >>> pk.integration_windows(regimen, hours=48)
       administration route  amount_mg  start_h  end_h
    0               0    im       35.0      0.0   48.0
    1               1    im       35.0     72.0  120.0
    """
    import pandas as pd

    rows = [
        {
            "administration": w.administration,
            "route": w.route.label,
            "amount_mg": w.amount,
            "start_h": w.start,
            "end_h": w.end,
        }
        for w in _windows(regimen, hours)
    ]
    return pd.DataFrame(rows, columns=["administration", "route", "amount_mg", "start_h", "end_h"])


def check_sessions(regimen: _core.Regimen, sessions: Iterable[float], hours: float = 48.0):
    """Whether each planned session (time in h from the protocol start) falls inside a window.

    Returns a pandas DataFrame with ``session_h``, ``inside`` (start <= session <= end of at
    least one window), ``administration`` (the most recent administration whose window holds the
    session; <NA> when outside) and ``hours_since_administration`` (NaN when outside).

    >>> regimen = pk.Regimen.single(pk.Dose(35.0, "im"))
    >>> pk.check_sessions(regimen, [24, 60], hours=48)["inside"].tolist()
    [True, False]
    """
    import pandas as pd

    checks = _core.check_sessions(_windows(regimen, hours), [float(s) for s in sessions])
    return pd.DataFrame(
        {
            "session_h": [c.time for c in checks],
            "inside": [c.inside for c in checks],
            "administration": pd.array([c.administration for c in checks], dtype="Int64"),
            "hours_since_administration": [c.hours_since_administration for c in checks],
        }
    )


class ProtocolTimeline:
    """A protocol simulated over its whole span plus one window, with windows and sessions.

    >>> pk.protocol_timeline("ketamine", "kit_single_infusion", weight=70, sessions=[24])
    ProtocolTimeline(ketamine kit_single_infusion at 70 kg: 1 administrations, 1 sessions)

    Attributes:
        drug, protocol (the Protocol of the drug file), weight (kg), model (DrugModel).
        regimen: the dose records; windows: one IntegrationWindow per administration.
        sessions: SessionCheck per planned session (h).
        times: output grid (h); concentration: dict 'nominal'/'low'/'high' -> mg/L arrays.
    """

    def __init__(self, drug, protocol, weight, model, regimen, windows, sessions, times, concentration):
        self.drug = drug
        self.protocol = protocol
        self.weight = weight
        self.model = model
        self.regimen = regimen
        self.windows = windows
        self.sessions = sessions
        self.times = times
        self.concentration = concentration

    @property
    def window_hours(self) -> float:
        """Length of each integration window (h)."""
        return self.drug.integration_window_h

    def peaks_ng_per_ml(self) -> np.ndarray:
        """Peak concentration (ng/mL, nominal F) between each administration and the next. After an
        IV bolus the peak is read from 2 min after it (``BOLUS_MIXING_TIME``): the model's value at
        the dose itself, C0 = dose/V1, is instant mixing that no blood sample shows."""
        starts = [w.start for w in self.windows] + [float(self.times[-1]) + 1.0]
        delays = [_core.BOLUS_MIXING_TIME if w.route == _core.Route.IV_BOLUS else 0.0 for w in self.windows]
        c = self.concentration["nominal"]
        return np.array(
            [
                float(mg_per_l_to_ng_per_ml(c[(self.times >= a + delay - 1e-12) & (self.times < b)].max()))
                for a, b, delay in zip(starts, starts[1:], delays)
            ]
        )

    def to_text(self) -> str:
        """Administrations with their windows and peaks, then the sessions checked."""
        head = (
            f"{self.drug.name}: {self.protocol.title}\n"
            f"{self.protocol.id} at {self.weight:g} kg, model {self.model.id}; each administration opens a "
            f"{self.window_hours:g} h integration window (an annotation, not PK)."
        )
        peaks = self.peaks_ng_per_ml()
        rows = [
            [
                str(w.administration),
                f"{w.start / 24:g}",
                f"{w.start:g}",
                w.route.label,
                significant(w.amount),
                f"{w.start / 24:g}-{w.end / 24:g}",
                significant(p),
            ]
            for w, p in zip(self.windows, peaks)
        ]
        out = [
            head,
            "",
            text_table(["#", "day", "h", "route", "mg", "window (days)", "peak ng/mL"], rows, align="lrrlrrr"),
        ]
        if any(w.route == _core.Route.IV_BOLUS for w in self.windows):
            out.append(
                f"IV bolus peaks are read from {_core.BOLUS_MIXING_TIME * 60:g} min after the dose (C0 = dose/V1 is "
                "instant mixing)."
            )
        if self.sessions:
            rows = [
                [
                    f"{s.time / 24:g}",
                    f"{s.time:g}",
                    "inside" if s.inside else "OUTSIDE",
                    "-" if s.administration is None else str(s.administration),
                    "-" if not s.inside else f"{s.hours_since_administration:g}",
                ]
                for s in self.sessions
            ]
            out += [
                "",
                "Planned sessions:",
                text_table(["day", "h", "window", "after #", "h after"], rows, align="rrllr"),
            ]
        return "\n".join(out)

    @property
    def table(self):
        """One row per administration (pandas DataFrame): ``administration``, ``day``, ``time_h``,
        ``route``, ``amount_mg``, ``window_start_h``, ``window_end_h``, ``peak_ng_per_ml``."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "administration": w.administration,
                    "day": w.start / 24.0,
                    "time_h": w.start,
                    "route": w.route.label,
                    "amount_mg": w.amount,
                    "window_start_h": w.start,
                    "window_end_h": w.end,
                    "peak_ng_per_ml": peak,
                }
                for w, peak in zip(self.windows, self.peaks_ng_per_ml())
            ]
        )

    def __repr__(self) -> str:
        return (
            f"ProtocolTimeline({self.drug.name} {self.protocol.id} at {self.weight:g} kg: {len(self.windows)} "
            f"administrations, {len(self.sessions)} sessions)"
        )

    def _repr_html_(self) -> str:
        import html

        return f"<div><b>Protocol timeline</b><pre>{html.escape(self.to_text())}</pre></div>"

    def plot(self, path: Optional[str] = None, *, size_px=(1600, 950), dpi: int = 100, zoom_hours: float = 6.0):
        """The timeline figure: concentration over the protocol in days with each administration's
        window shaded and the sessions marked (top), and the first administration in hours (bottom).
        Saved to ``path`` (PNG of ``size_px`` pixels) when given; returns the matplotlib Figure."""
        from .plotting import timeline_figure

        return timeline_figure(self, path=path, size_px=size_px, dpi=dpi, zoom_hours=zoom_hours)


def protocol_timeline(
    drug="ketamine",
    protocol: str = "kit_series_murrough2013",
    weight: float = 70.0,
    model: Optional[str] = None,
    sessions: Sequence[float] = (),
    step_minutes: float = 1.0,
    alternatives: Optional[Sequence[str]] = None,
) -> ProtocolTimeline:
    """Simulate a drug's protocol with its route alternatives, from the first administration to the
    end of the last window, at nominal F and at both ends of each F range.

    Args:
        drug: drug name, path or Drug. protocol: protocol id of the drug file.
        weight: body weight (kg). model: disposition model id (default: the protocol's own
            model if it names one, else the drug's).
        sessions: planned integration sessions, hours from the protocol start.
        step_minutes: output grid step (min).
        alternatives: route alternatives to use instead of the protocol's own (None: the
            protocol's).

    >>> timeline = pk.protocol_timeline("ketamine", "kit_series_murrough2013", weight=70, sessions=[24, 156])
    >>> [s.inside for s in timeline.sessions]
    [True, False]
    >>> timeline.table["peak_ng_per_ml"].round(0).tolist()
    [240.0, 240.0, 240.0, 240.0, 240.0, 240.0]
    """
    loaded = load_drug(drug)
    spec = loaded.protocols.get(protocol)
    regimen = loaded.protocol(protocol, weight)  # raises ValueError naming an unknown protocol
    if alternatives is None:
        engine_model = loaded.protocol_model(protocol, weight, model)
    else:
        engine_model = loaded.model(weight, model, list(alternatives))
    windows = _windows(regimen, loaded.integration_window_h)
    t_end = max(w.end for w in windows)
    curves = {}
    for choice in ("nominal", "low", "high"):
        result = simulate(engine_model, regimen, t_end=t_end, dt=step_minutes / 60.0, bioavailability=choice)
        curves[choice] = np.array(result.concentration)
    times = np.array(result.times)
    checks = _core.check_sessions(windows, [float(s) for s in sessions])
    model_id = model or (spec.model if alternatives is None else None) or None
    return ProtocolTimeline(loaded, spec, weight, loaded.model_spec(model_id), regimen, windows, checks, times, curves)
