"""simulate(): one call from a model and a dosing description to numpy arrays."""

from __future__ import annotations

import functools
from typing import Iterable, Sequence, Union

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
    )


def simulate(
    model: _core.Model,
    dosing: DosingLike,
    times: TimesLike = None,
    *,
    t_start: float = 0.0,
    t_end: float = 48.0,
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
) -> _core.Result:
    """Simulate plasma concentration and every compartment's amount.

    Args:
        model: the Model (disposition, route absorption, optional extensions).
        dosing: a Regimen, a Dose (given at t = 0 h), a DoseEvent or a list of DoseEvents.
        times: output times in h (sorted); when None a uniform grid t_start..t_end every dt (h).
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

    Returns:
        Result with ``times`` (h), ``concentration`` (mg/L), ``amounts`` (mg, times x states),
        ``state_names``, and where the model has them ``metabolite_concentration`` (mg/L),
        ``effect_site_concentration`` (mg/L) and ``effect``; numpy arrays are read-only views.
        ``solver``, ``stepper``, ``steps`` and ``rejected_steps`` say how it was computed.

    Raises:
        ValueError (pkengine.InvalidInput) naming the offending field for invalid input, or the
        exact path asked for a nonlinear model.
        RuntimeError (pkengine.SolverError) naming the time (h) when the ODE path cannot finish.
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
    )
    return _core.simulate(model, as_regimen(dosing), as_output_times(times, t_start, t_end, dt), options)


def _concentration_ng_per_ml(self: _core.Result) -> np.ndarray:
    """Plasma concentration in ng/mL (a new array)."""
    return mg_per_l_to_ng_per_ml(self.concentration)


def _to_dataframe(self: _core.Result, *, wide: bool = False):
    """The result as a pandas DataFrame.

    Long (tidy) format by default: one row per time and quantity, columns ``time_h``,
    ``quantity`` ("concentration_mg_per_l", the metabolite and effect-site concentrations and the
    effect where present, then each state's amount in mg), ``value``, ``unit``.
    With ``wide=True``: one row per time, a column per quantity.
    """
    import pandas as pd

    columns = {"concentration_mg_per_l": np.asarray(self.concentration)}
    units = {"concentration_mg_per_l": "mg/L"}
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


_core.Result.concentration_ng_per_ml = property(_concentration_ng_per_ml)
_core.Result.to_dataframe = _to_dataframe
