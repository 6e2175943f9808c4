"""simulate(): one call from a model and a dosing description to numpy arrays."""

from __future__ import annotations

import copy
import functools
import math
from typing import Iterable, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from .units import mg_per_l_to_ng_per_ml

DosingLike = Union[_core.Regimen, _core.Dose, _core.DoseEvent, Sequence[_core.DoseEvent]]
TimesLike = Union[None, _core.OutputTimes, Iterable[float], np.ndarray]


def as_regimen(dosing: DosingLike) -> _core.Regimen:
    """A Regimen from a Regimen, a Dose (given at t = 0), one DoseEvent or a list of them."""
    if isinstance(dosing, _core.Regimen):
        return dosing
    if isinstance(dosing, _core.Dose):
        return _core.Regimen.single(dosing)
    if isinstance(dosing, _core.DoseEvent):
        return _core.Regimen([dosing])
    return _core.Regimen(list(dosing))


#: How many of the slowest half-lives a default simulation runs past the end of the last dose.
HALF_LIVES_AFTER_LAST_DOSE = 5.0


def slowest_rate(model: _core.Model, routes: Iterable[_core.Route] = ()) -> float:
    """The slowest first-order rate (1/h) that shapes the model's curves after a dose by ``routes``.

    The smallest eigenvalue magnitude of the disposition (its terminal phase), and, for each route
    given, its absorption ka and transit rate (flip-flop kinetics); a metabolite's own
    elimination; Michaelis-Menten elimination counts at low concentration (Vmax / (Km V1)).

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> round(pk.simulation.slowest_rate(model), 3)
    0.2
    """
    import numpy as np

    if model.linear_structure is not None:
        return _linear_slowest_rate(model.linear_structure, routes)
    disposition = model.disposition
    k = disposition.micro_constants()
    k10 = k.k10
    mm = model.michaelis_menten
    if mm is not None and mm.km > 0:
        k10 += mm.vmax / (mm.km * disposition.v1)
    n = disposition.compartments
    a = np.zeros((n, n))
    a[0, 0] = -k10
    for j, (k_out, k_in) in enumerate([(k.k12, k.k21), (k.k13, k.k31)][: n - 1], start=1):
        a[0, 0] -= k_out
        a[0, j] = k_in
        a[j, 0] = k_out
        a[j, j] = -k_in
    # A disposition beyond double precision (rates of 1e300 /h) has no finite eigenvalues: it
    # eliminates at once, and the engine reports the overflow itself.
    rates = [float(min(abs(np.linalg.eigvals(a))))] if np.all(np.isfinite(a)) else [math.inf]
    for route in routes:
        if route.is_absorbed and model.has_route(route):
            rates.append(model.absorption(route).ka)
            transit = model.transit(route)
            if transit is not None:
                rates.append(transit.ktr)
    metabolite = model.metabolite
    if metabolite is not None and metabolite.v > 0:
        rates.append(metabolite.cl / metabolite.v)
    return min(r for r in rates if r >= 0.0)


def _linear_slowest_rate(structure: _core.LinearStructure, routes: Iterable[_core.Route]) -> float:
    """:func:`slowest_rate` of a general linear model: the smallest non-zero eigenvalue magnitude
    of its transfers, and the ka of the routes' own depots."""
    import numpy as np

    names = [name for name, _ in structure.compartments]
    volume = dict(structure.compartments)
    index = {name: i for i, name in enumerate(names)}
    a = np.zeros((len(names), len(names)))
    for t in structure.transfers:
        k = t.k if t.k is not None else t.cl / volume[t.source]
        a[index[t.source], index[t.source]] -= k
        if t.to is not None:
            a[index[t.to], index[t.source]] += k
    # A compartment nothing leaves keeps its amount: it sets no horizon.
    rates = [float(abs(x)) for x in np.linalg.eigvals(a).real if abs(x) > 1e-12]
    targets = structure.routes
    for route in routes:
        rates += [t.ka for t in targets.get(route, []) if t.ka > 0]
    return min(rates) if rates else 0.0


def _route_of(model: _core.Model, event: _core.DoseEvent) -> _core.Route:
    """The route a record doses by: its own, or that of the depot or transit chain its compartment
    number names (a dose into a transit compartment is absorbed by the route's depot)."""
    if event.compartment > 0 and event.compartment <= len(model.compartments()):
        target = model.compartments()[event.compartment - 1]
        if target.kind in (_core.CompartmentKind.DEPOT, _core.CompartmentKind.TRANSIT):
            return target.route
    return event.route


def _dose_end(model: _core.Model, event: _core.DoseEvent) -> float:
    """When the last dose of a record (its ADDL repeats included) is in (h): time, lag, infusion."""
    last = event.time + event.additional * event.interval
    if event.compartment > 0 and event.compartment <= len(model.compartments()):
        last += model.compartment_dosing(event.compartment).lag
    elif model.linear_structure is not None:
        # A general linear model: the latest of the route's targets (lag, then zero-order input).
        targets = model.linear_structure.routes.get(event.route, [])
        last += max((t.lag + t.duration for t in targets), default=0.0)
    elif event.route.is_absorbed and model.has_route(event.route):
        last += model.absorption(event.route).lag
    if event.duration > 0:
        last += event.duration
    elif event.rate > 0 and event.amount > 0:
        last += event.amount / event.rate
    return last


def coverage(model: _core.Model, regimen: _core.Regimen) -> Tuple[float, str]:
    """The end (h) of a simulation that covers the whole regimen, and the rule, in words.

    The end of the last dose (its ADDL repeats, lag and infusion included) plus five of the
    slowest half-lives (:func:`slowest_rate`), rounded up to the hour.

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> pk.simulation.coverage(model, pk.Regimen.repeated(pk.Dose(100.0, "iv_bolus"), every=12.0, count=3))
    (42.0, 'last dose at 24 h + 5 half-lives of 3.47 h')
    """
    return cover_events(model, list(regimen.events))


def cover_events(model: _core.Model, events: Sequence[_core.DoseEvent]) -> Tuple[float, str]:
    """:func:`coverage` of dose records (records without an amount or a rate are left out)."""
    events = [e for e in events if e.amount > 0 or e.rate != 0]
    if not events:
        return 24.0, "no dose: 24 h"
    last = max(_dose_end(model, e) for e in events)
    rate = slowest_rate(model, {_route_of(model, e) for e in events})
    if not rate > 0.0:
        raise _core.InvalidInput("t_end = None: this model has no elimination to cover; give t_end (h)")
    half_life = math.log(2.0) / rate
    end = max(float(math.ceil(last + HALF_LIVES_AFTER_LAST_DOSE * half_life)), last + 1.0)
    return end, f"last dose at {last:.4g} h + {HALF_LIVES_AFTER_LAST_DOSE:g} half-lives of {half_life:.3g} h"


def as_output_times(times: TimesLike, t_start: float, t_end: float, dt: float) -> _core.OutputTimes:
    """OutputTimes from explicit times (h) or, when ``times`` is None, a uniform grid."""
    if times is None:
        return _core.OutputTimes.uniform(t_start, t_end, dt)
    if isinstance(times, _core.OutputTimes):
        return times
    return _core.OutputTimes.at(np.ascontiguousarray(times, dtype=float))


@functools.lru_cache(maxsize=64)
def simulation_options(
    bioavailability: str,
    path: str,
    stepper: str,
    rtol: float,
    atol: float,
    max_steps: int,
    steady_state_rtol: float,
    steady_state_atol: float,
    steady_state_max_intervals: int,
    steady_state_window: float,
    max_actions: int = _core.DEFAULT_MAX_ACTIONS,
    max_output_values: int = _core.DEFAULT_MAX_OUTPUT_VALUES,
) -> _core.SimulationOptions:
    """The validated SimulationOptions of these arguments (see simulate()), made once per distinct
    set: converting and validating them took half of simulate()'s time above the C++ solve on a
    2881-point curve. Options are immutable, so calls share them; invalid arguments raise (and
    are not cached)."""
    return _core.SimulationOptions(
        _core.FChoice(bioavailability),
        _core.SolverPath(path),
        _core.Stepper(stepper),
        rtol,
        atol,
        max_steps,
        steady_state_rtol,
        steady_state_atol,
        steady_state_max_intervals,
        steady_state_window,
        max_actions,
        max_output_values,
    )


def simulate(
    model: _core.Model,
    dosing: DosingLike,
    times: TimesLike = None,
    *,
    t_start: float = 0.0,
    t_end: Optional[float] = None,
    dt: float = 1.0 / 60.0,
    bioavailability: str = "nominal",
    path: str = "automatic",
    stepper: str = "automatic",
    rtol: float = _core.DEFAULT_RTOL,
    atol: float = _core.DEFAULT_ATOL,
    max_steps: int = _core.DEFAULT_MAX_STEPS,
    steady_state_rtol: float = _core.DEFAULT_STEADY_STATE_RTOL,
    steady_state_atol: float = _core.DEFAULT_STEADY_STATE_ATOL,
    steady_state_max_intervals: int = _core.DEFAULT_STEADY_STATE_MAX_INTERVALS,
    steady_state_window: float = _core.DEFAULT_STEADY_STATE_WINDOW,
    max_actions: int = _core.DEFAULT_MAX_ACTIONS,
    max_output_values: int = _core.DEFAULT_MAX_OUTPUT_VALUES,
) -> _core.Result:
    """Simulate plasma concentration and every compartment's amount.

    Args:
        model: the Model (disposition, route absorption, optional extensions).
        dosing: a Regimen, a Dose (given at t = 0 h), a DoseEvent or a list of DoseEvents.
        times: output times in h (sorted); when None a uniform grid t_start..t_end every dt (h).
        t_end: end of the grid (h). By default the simulation covers the whole regimen: the end
            of the last dose (ADDL repeats, lag and infusion included) plus five of the slowest
            half-lives of the model (terminal phase, or absorption when slower), rounded up to
            the hour; ``result.span`` says which rule was used.
        dt: grid step (h; default 1 min).
        bioavailability: "nominal", "low" or "high": which end of each route's F range is used.
        path: "automatic" (exact for linear models, ODE otherwise), "exact" or "ode".
        stepper: ODE path integrator: "automatic" (Rosenbrock 4 when stiff), "dormand_prince5"
            or "rosenbrock4".
        rtol: ODE path relative tolerance (default 1e-8).
        atol: ODE path absolute tolerance in mg (default 1e-12).
        max_steps: ODE path limit on the steps between two discontinuities (doses, infusion
            starts and stops); more raise SolverError.
        steady_state_rtol, steady_state_atol: ODE path, steady-state records (SS 1, SS 2): the
            record's pattern is integrated interval after interval until every state changes by
            less than steady_state_rtol * |x| + steady_state_atol (mg) (defaults 1e-8, 1e-12).
        steady_state_max_intervals: ODE path, most intervals integrated for one steady-state
            record (default 10000); more raise SolverError naming the record's time.
        steady_state_window: ODE path, stretch (h) integrated at a time for a steady-state
            constant infusion (default 24).
        max_actions: most actions the doses may imply (each dose and ADDL repeat, infusions
            twice: start and end; default 10 million), checked before any work.
        max_output_values: most values the result may hold (output times x states; default
            100 million), checked before any work.

    Returns:
        Result with ``times`` (h), ``concentration`` (mg/L), ``amounts`` (mg, times x states),
        ``state_names``, and where the model has them ``metabolite_concentration`` (mg/L),
        ``effect_site_concentration`` (mg/L) and ``effect``; numpy arrays are read-only views.
        ``solver``, ``stepper``, ``steps`` and ``rejected_steps`` say how it was computed, and
        ``infusions_as_bolus`` how many infusions shorter than ``pk.MIN_INFUSION_DURATION`` (h)
        were given as a bolus at their start;
        ``model``, ``regimen`` and ``span`` (the time span, in words) what was simulated.

    Raises:
        ValueError (pkengine.InvalidInput) naming the offending field for invalid input, or the
        exact path asked for a nonlinear model.
        RuntimeError (pkengine.SolverError) naming the time (h) when the ODE path cannot finish.

    Example (100 mg IV bolus into a one-compartment model, CL 6 L/h, V 30 L):

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> result = pk.simulate(model, pk.Dose(100.0, "iv_bolus"))
    >>> result.span
    '0-18 h: last dose at 0 h + 5 half-lives of 3.47 h'
    >>> round(float(result.concentration[0]), 3)        # mg/L at t = 0
    3.333
    """
    options = simulation_options(
        bioavailability,
        path,
        stepper,
        rtol,
        atol,
        max_steps,
        steady_state_rtol,
        steady_state_atol,
        steady_state_max_intervals,
        steady_state_window,
        max_actions,
        max_output_values,
    )
    regimen = as_regimen(dosing)
    if times is None and t_end is None:
        t_end, rule = coverage(model, regimen)
        span = f"{t_start:g}-{t_end:g} h: {rule}"
    elif times is None:
        span = f"{t_start:g}-{t_end:g} h (as asked)"
    else:
        span = "the times asked"
    result = _core.simulate(model, regimen, as_output_times(times, t_start, t_end, dt), options)
    result.model = model
    result.regimen = regimen
    result.span = span
    return result


def _concentration_ng_per_ml(self: _core.Result) -> np.ndarray:
    """Plasma concentration in ng/mL (a new array)."""
    return mg_per_l_to_ng_per_ml(self.concentration)


def _to_dataframe(self: _core.Result, *, wide: bool = False):
    """The result as a pandas DataFrame.

    Long (tidy) format by default: one row per time and quantity, columns ``time_h``,
    ``quantity`` ("concentration_mg_per_l", "concentration_ng_per_ml", the metabolite and effect-site concentrations and the
    effect where present, then each state's amount in mg), ``value``, ``unit``.
    With ``wide=True``: one row per time, a column per quantity.

    >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"), t_end=2.0, dt=1.0)
    >>> result.to_dataframe(wide=True)[["time_h", "concentration_ng_per_ml"]].round(1)
       time_h  concentration_ng_per_ml
    0     0.0                   3333.3
    1     1.0                   2729.1
    2     2.0                   2234.4
    """
    import pandas as pd

    columns = {
        "concentration_mg_per_l": np.asarray(self.concentration),
        "concentration_ng_per_ml": mg_per_l_to_ng_per_ml(self.concentration),
    }
    units = {"concentration_mg_per_l": "mg/L", "concentration_ng_per_ml": "ng/mL"}
    for name in ("metabolite_concentration", "effect_site_concentration"):
        values = getattr(self, name)
        if values is not None:
            columns[f"{name}_mg_per_l"] = np.asarray(values)
            units[f"{name}_mg_per_l"] = "mg/L"
    if self.effect is not None:
        columns["effect"] = np.asarray(self.effect)
        units["effect"] = "effect unit"
    amounts = np.asarray(self.amounts)
    for j, name in enumerate(self.state_names):
        columns[f"{name}_mg"] = amounts[:, j]
        units[f"{name}_mg"] = "mg"
    wide_frame = pd.DataFrame({"time_h": np.asarray(self.times), **columns})
    if wide:
        return wide_frame
    long = wide_frame.melt(id_vars="time_h", var_name="quantity", value_name="value")
    long["unit"] = long["quantity"].map(units)
    return long


def _copy_result(self: _core.Result) -> _core.Result:
    """A copy of the result (its arrays, and what ``simulate`` recorded: model, regimen, span)."""
    twin = self._copy()
    twin.__dict__.update(self.__dict__)
    return twin


def _plot_result(
    self: _core.Result, path: Optional[str] = None, *, size_px=(900, 500), dpi: int = 100, log: bool = False
):
    """Plasma concentration (ng/mL) against time (h): a matplotlib Figure, shown in Jupyter.

    Saved to ``path`` (PNG, PDF or SVG by its extension) when given; ``log=True`` for a log axis.

    >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"))
    >>> result.plot()
    <Figure size 900x500 with 1 Axes>
    """
    from .plotting import result_figure

    return result_figure(self, path=path, size_px=size_px, dpi=dpi, log=log)


_core.Result.concentration_ng_per_ml = property(_concentration_ng_per_ml)
_core.Result.to_dataframe = _to_dataframe
_core.Result.__copy__ = _copy_result
_core.Result.__deepcopy__ = lambda self, memo: _copy_result(self)
_core.Result.copy = _copy_result
_core.Result.plot = _plot_result
_core.Model.copy = lambda self: copy.copy(self)
_core.Model.copy.__doc__ = "A copy of the model, to change without touching this one."
_core.Regimen.copy = lambda self: copy.copy(self)
_core.Regimen.copy.__doc__ = "A copy of the regimen."
