"""Virtual populations: between-subject variability, covariates, residual error, all cores.

Each subject i draws from its own random streams, derived from (seed, i) with the counter-based
generator Philox4x32-10 and the project's own normal quantile (Wichura's AS 241), so a
population is the same, bit for bit, whatever the thread count, the chunking or the machines
(:mod:`pkengine.distributed` runs chunks on Dask). Summaries are exact integer sums: a mean in
fixed point (2^-40 mg/L) and, per output time, a histogram of fixed log-spaced bins (64 per
octave) whose percentiles lie within 1/128 (0.78 %) of the exact ones; with ``curves=True`` the
percentiles are exact. A percentile is the nearest-rank one: the k-th smallest of n values,
k = ceil(p n / 100).

Variability: ``P_i = theta exp(eta_i)`` for positive parameters (log-normal), ``logit P_i =
logit theta + eta_i`` for fractions (F, logit-normal), ``P_i = theta + eta_i`` where asked
(additive); eta ~ N(0, Omega). A CV given as a percentage converts by omega^2 = ln(1 + CV^2), the
exact CV of a log-normal parameter.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from .units import mg_per_l_to_ng_per_ml

#: Percentiles of every summary (percent).
PERCENTILES = (5, 25, 50, 75, 95)
#: Default body weights when a drug's model scales with weight and none are given: everyone 70 kg.
DEFAULT_WEIGHT_KG = 70.0

OmegaLike = Union[None, Mapping[str, Any], Tuple[Sequence[str], Any], Any]
CovariatesLike = Union[None, float, Mapping[str, Any], Sequence[float], np.ndarray, str, os.PathLike, Any]


@dataclass(frozen=True)
class Distribution:
    """How a covariate other than weight is drawn for each subject (from the subject's own stream,
    so a population stays the same whatever its threads or chunks). Build one with
    :func:`Normal`, :func:`LogNormal`, :func:`Uniform` or :func:`Bernoulli`, or write it as text:
    ``"normal(45, 15, 18, 86)"``, ``"log_normal(100, 30%)"``, ``"uniform(18, 65)"``,
    ``"bernoulli(0.2)"``."""

    kind: str
    a: float
    b: float = 0.0
    min: float = -math.inf
    max: float = math.inf

    def core(self, name: str) -> "_core.CovariateDistribution":
        return _core.CovariateDistribution(name, self.kind, self.a, self.b, self.min, self.max)

    def __str__(self) -> str:
        bounds = [] if (self.min, self.max) == (-math.inf, math.inf) else [self.min, self.max]
        args = {"bernoulli": [self.a], "uniform": [self.a, self.b]}.get(self.kind, [self.a, self.b, *bounds])
        return f"{self.kind}({', '.join(f'{x:g}' for x in args)})"


def Normal(mean: float, sd: float, min: float = -math.inf, max: float = math.inf) -> Distribution:  # noqa: A002
    """A normal covariate (mean, SD), redrawn until it lies in [min, max] (e.g. AGE)."""
    return Distribution("normal", float(mean), float(sd), float(min), float(max))


def LogNormal(median: float, cv, min: float = 0.0, max: float = math.inf) -> Distribution:  # noqa: A002
    """A log-normal covariate (median, CV as ``"30%"`` or 0.3), redrawn until it lies in [min, max]."""
    return Distribution("log_normal", float(median), parse_cv(cv), float(min), float(max))


def Uniform(low: float, high: float) -> Distribution:
    """A covariate uniform on [low, high)."""
    return Distribution("uniform", float(low), float(high))


def Bernoulli(p: float) -> Distribution:
    """An indicator: 1 with probability p, else 0 (e.g. ASIAN)."""
    return Distribution("bernoulli", float(p))


_DISTRIBUTION = re.compile(r"^\s*([A-Za-z_-]+)\s*\((.*)\)\s*$")


def parse_distribution(text: str) -> Distribution:
    """A distribution written as text: ``normal(mean, sd[, min, max])``, ``log_normal(median, cv[,
    min, max])``, ``uniform(low, high)`` or ``bernoulli(p)``."""
    match = _DISTRIBUTION.match(str(text))
    makers = {
        "normal": Normal,
        "log_normal": LogNormal,
        "lognormal": LogNormal,
        "uniform": Uniform,
        "bernoulli": Bernoulli,
    }
    kind = match.group(1).lower().replace("-", "_") if match else ""
    if kind not in makers:
        raise _core.InvalidInput(
            f"distribution '{text}': expected normal(mean, sd[, min, max]), log_normal(median, cv[, min, max]), "
            "uniform(low, high) or bernoulli(p)"
        )
    args = [a.strip() for a in match.group(2).split(",") if a.strip()]
    try:
        values = [a if a.endswith("%") else float(a) for a in args]
        return makers[kind](*values)
    except (TypeError, ValueError):
        raise _core.InvalidInput(f"distribution '{text}': wrong arguments for {kind}") from None


def _as_distribution(value) -> Optional[Distribution]:
    """The distribution a covariate mapping's value names, or None for values."""
    if isinstance(value, Distribution):
        return value
    if isinstance(value, str) and "(" in value:
        return parse_distribution(value)
    return None


def parse_cv(text: str) -> float:
    """A coefficient of variation as a fraction from ``"30%"`` (percent) or ``"0.3"``."""
    s = str(text).strip()
    try:
        value = float(s[:-1]) / 100.0 if s.endswith("%") else float(s)
    except ValueError:
        raise _core.InvalidInput(f"cv = '{text}': expected a percentage such as 30%") from None
    if not (math.isfinite(value) and value >= 0.0):
        raise _core.InvalidInput(f"cv = '{text}': must be a finite percentage >= 0")
    return value


#: Fractions, logit-normal unless told otherwise: F_<ROUTE>, and NONMEM's F<n> (on a general linear
#: model's own depot, its route target's fraction: esketamine's FRn is F7).
_FRACTION = re.compile(r"^(F_.+|F[1-9][0-9]*)$", re.IGNORECASE)


def _scale_of(name: str, scales: Mapping[str, str]) -> "_core.EtaScale":
    if name in scales:
        return _core.EtaScale.__members__[_scale_name(scales[name])]
    return _core.EtaScale.logit_normal if _FRACTION.match(name) else _core.EtaScale.log_normal


def _scale_name(name: str) -> str:
    key = str(name).lower().replace("-", "_")
    if key not in _core.EtaScale.__members__:
        raise _core.InvalidInput(f"omega_scales = '{name}': expected log_normal, logit_normal or additive")
    return key


def omega_matrix(omega: OmegaLike, scales: Optional[Mapping[str, str]] = None) -> Tuple[list, np.ndarray]:
    """The random effects and their Omega from ``omega``:

    - a mapping ``{"CL": "30%", "V1": 0.0625}``: a CV (a string ending in %, diagonal,
      omega^2 = ln(1 + CV^2); for F, the SD of logit F) or a variance omega^2 (a number);
    - a pandas DataFrame with the parameter names as index and columns (a full Omega);
    - a pair ``(names, matrix)`` (a full Omega).

    ``scales`` overrides the scale of a parameter (log_normal; logit_normal for F_<ROUTE> and F<n>).
    """
    scales = dict(scales or {})
    if omega is None:
        return [], np.zeros((0, 0))
    if hasattr(omega, "columns") and hasattr(omega, "index"):
        names = [str(n) for n in omega.columns]
        if [str(n) for n in omega.index] != names:
            raise _core.InvalidInput("omega: the DataFrame's index and columns must name the same parameters")
        matrix = np.asarray(omega, dtype=float)
    elif isinstance(omega, Mapping):
        names = [str(n) for n in omega]
        matrix = np.zeros((len(names), len(names)))
        for i, name in enumerate(names):
            value = omega[name]
            if isinstance(value, str):
                cv = parse_cv(value)
                scale = _scale_of(name, scales)
                if scale == _core.EtaScale.additive:
                    raise _core.InvalidInput(
                        f"omega['{name}'] = '{value}': an additive effect takes a variance in the parameter's unit, not a CV"
                    )
                matrix[i, i] = cv * cv if scale == _core.EtaScale.logit_normal else _core.omega_squared_from_cv(cv)
            else:
                matrix[i, i] = float(value)
    elif isinstance(omega, tuple) and len(omega) == 2:
        names = [str(n) for n in omega[0]]
        matrix = np.asarray(omega[1], dtype=float)
    else:
        raise _core.InvalidInput("omega: expected a mapping {name: CV% or variance}, a DataFrame or (names, matrix)")
    if matrix.ndim != 2:
        raise _core.InvalidInput("omega: expected a square matrix")
    return [(n, _scale_of(n, scales)) for n in names], matrix


def drug_omega(drug: _core.Drug, model_id: Optional[str] = None) -> Optional[Tuple[list, np.ndarray]]:
    """The published between-subject variability of a drug model (its ``bsv`` fields) as an
    ``omega`` pair ``(names, matrix)``: log-normal, omega^2 = ln(1 + CV^2) (a fraction given as an SD
    on the logit scale, ``DrugVariability.sd_logit``: logit-normal, omega^2 = SD^2, as F<n> is taken),
    parameters that share an eta (``DrugVariability.eta``) correlated 1. None when the source
    publishes none.

    >>> names, matrix = drug_omega(pk.load_drug("esketamine"))
    >>> names[:5], round(float(matrix[4, 5]), 4)
    (['V1', 'V2', 'V4', 'V5', 'CL14'], 0.0524)
    """
    spec = drug.models[model_id or drug.default_model]
    if not spec.variability:
        return None
    names, matrix = _core.published_variability(spec)
    return list(names), np.asarray(matrix)


def variability_text(spec: "_core.DrugModel") -> str:
    """The published variability of a drug model in one line: ``CL 38.1%, V1 64%``, parameters
    that share an eta joined by ``=`` (``CL14 = CL41 23.2%``), a fraction's SD on the logit scale as
    ``F7 SD 0.708 (logit)``."""
    groups: Dict[str, list] = {}
    for v in spec.variability:
        groups.setdefault(v.eta, []).append(v)

    def spread(v) -> str:
        return f" SD {v.sd_logit:g} (logit)" if v.sd_logit > 0 else f" {v.cv_percent:g}%"

    return ", ".join(" = ".join(v.parameter for v in group) + spread(group[0]) for group in groups.values())


def _read_table(path: Union[str, os.PathLike]):
    """A covariate table from a CSV file, or an error naming the file."""
    import pandas as pd

    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as error:
        raise _core.InvalidInput(f"covariates = '{path}': cannot read the table ({error})") from None


def _weights_from_table(table: Any, n: int) -> np.ndarray:
    import pandas as pd

    if isinstance(table, (str, os.PathLike)):
        table = _read_table(table)
    columns = {str(c).lower(): c for c in table.columns}
    column = columns.get("weight") or columns.get("wt") or columns.get("weight_kg")
    if column is None:
        raise _core.InvalidInput("covariates: the table has no weight column (WT, weight or weight_kg, in kg)")
    weights = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    if weights.size < n:
        raise _core.InvalidInput(f"covariates: the table has {weights.size} rows for n = {n} subjects")
    bad = np.flatnonzero(~np.isfinite(weights[:n]))
    if bad.size:
        raise _core.InvalidInput(f"covariates: row {int(bad[0]) + 1} has no numeric weight")
    return weights[:n]


def _other_covariates(
    covariates: CovariatesLike, effects: list, n: int
) -> Tuple[list, Optional[np.ndarray], list, Any]:
    """The covariates beside weight that the model's effects use (AGE, ASIAN, JAPANESE): their names and
    values (n x names), those drawn from a distribution ((name, Distribution) pairs), and what is
    left for the weights. From a table (a DataFrame or a CSV path: columns matched
    case-insensitively) or a mapping ``{"AGE": 72, "ASIAN": [0, 1, ...], "AGE": Normal(45, 15)}``
    (a number for everyone, one value per subject, or a distribution)."""
    used = list(dict.fromkeys(e.covariate for e in effects))
    drawn: list = []
    if isinstance(covariates, (str, os.PathLike)):
        covariates = _read_table(covariates)
    columns: Dict[str, np.ndarray] = {}
    if hasattr(covariates, "columns"):
        import pandas as pd

        by_name = {str(c).upper(): c for c in covariates.columns}
        for name in used:
            if name in by_name:
                values = pd.to_numeric(covariates[by_name[name]], errors="coerce").to_numpy(dtype=float)
                if values.size < n:
                    raise _core.InvalidInput(f"covariates: the table has {values.size} rows for n = {n} subjects")
                columns[name] = values[:n]
    elif isinstance(covariates, Mapping):
        rest = {}
        for key, value in covariates.items():
            name = str(key).upper()
            if str(key).lower() == "weight":
                rest["weight"] = value
            elif name in used and _as_distribution(value) is not None:
                drawn.append((name, _as_distribution(value)))
            elif name in used:
                values = (
                    np.broadcast_to(np.asarray(value, dtype=float), (n,))
                    if np.ndim(value) == 0
                    else np.asarray(value, dtype=float)
                )
                if values.shape != (n,):
                    raise _core.InvalidInput(f"covariates['{key}']: {values.size} values for n = {n} subjects")
                columns[name] = values
            else:
                known = ", ".join(["weight", *used])
                raise _core.InvalidInput(f"covariates: unknown '{key}' (this model uses {known})")
        covariates = rest or None
    for name, values in columns.items():
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise _core.InvalidInput(f"covariates: {name} of subject {int(bad[0])} is not a number")
    names = list(columns)
    matrix = np.column_stack([columns[name] for name in names]) if names else None
    return names, matrix, drawn, covariates


def _set_covariates(population: "_core.Population", covariates: CovariatesLike, n: int) -> None:
    if covariates is None:
        return
    if isinstance(covariates, (int, float)) and not isinstance(covariates, bool):
        population.weight_distribution = _core.WeightDistribution(
            median=float(covariates), cv=0.0, min=float(covariates), max=float(covariates)
        )
        return
    if isinstance(covariates, Mapping):
        unknown = set(covariates) - {"weight"}
        if unknown:
            raise _core.InvalidInput(f"covariates: unknown {sorted(unknown)} (the models here use weight only)")
        spec = covariates["weight"]
        if isinstance(spec, Mapping):
            population.weight_distribution = _core.WeightDistribution(
                median=float(spec.get("median", DEFAULT_WEIGHT_KG)),
                cv=parse_cv(spec.get("cv", 0.0)),
                min=float(spec.get("min", 40.0)),
                max=float(spec.get("max", 150.0)),
            )
        else:
            population.weights = [float(w) for w in np.asarray(spec, dtype=float)[:n]]
        return
    if isinstance(covariates, (str, os.PathLike)) or hasattr(covariates, "columns"):
        population.weights = list(_weights_from_table(covariates, n))
        return
    population.weights = [float(w) for w in np.asarray(covariates, dtype=float)]


class TextProgress:
    """A progress bar on stderr for runs longer than a second: subjects done, rate, time left."""

    def __init__(self, total: int, stream=None, after_s: float = 1.0):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.after_s = after_s
        self.shown = False

    def __call__(self, completed: int, started: int) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed < self.after_s and not self.shown:
            return
        self.shown = True
        fraction = completed / self.total if self.total else 1.0
        bar = "#" * int(30 * fraction)
        rate = completed / elapsed if elapsed > 0 else 0.0
        left = (self.total - completed) / rate if rate > 0 else float("inf")
        self.stream.write(f"\r[{bar:<30}] {completed}/{self.total} subjects, {rate:,.0f}/s, {left:.0f} s left ")
        if completed >= self.total:
            self.stream.write("\n")
        self.stream.flush()


@dataclass
class PopulationSpec:
    """Everything a population run needs, picklable (sent to Dask workers)."""

    model: _core.Model
    regimen: _core.Regimen
    dose_per_kg: bool
    weight_scaling: str
    reference_weight: float
    effects: list
    omega: np.ndarray
    residual: Tuple[float, float]
    bands: list
    covariates: Any
    f_uniform_in_range: bool
    options: Dict[str, Any]
    covariate_names: list = None
    covariate_values: Optional[np.ndarray] = None
    covariate_effects: list = None
    covariate_distributions: list = None

    def population(self, first: int, n: int) -> "_core.Population":
        population = _core.Population(self.model, self.regimen)
        population.dose_per_kg = self.dose_per_kg
        population.weight_scaling = self.weight_scaling
        population.reference_weight = self.reference_weight
        population.f_uniform_in_range = self.f_uniform_in_range
        population.set_variability([(name, _core.EtaScale(int(scale))) for name, scale in self.effects], self.omega)
        population.set_residual(*self.residual)
        population.set_bands(self.bands)
        if self.covariate_names:
            values = self.covariate_values[first : first + n]
            population.set_covariates(self.covariate_names, values, self.covariate_effects)
        if self.covariate_distributions:
            if not self.covariate_names:
                population.set_covariates([], np.zeros((n, 0)), self.covariate_effects)
            population.covariate_distributions = [d.core(name) for name, d in self.covariate_distributions]
        covariates = self.covariates
        if isinstance(covariates, np.ndarray):
            population.weights = list(covariates[first : first + n])
        else:
            _set_covariates(population, covariates, n)
        return population


def make_spec(
    model_or_drug,
    regimen,
    n: int,
    omega: OmegaLike = None,
    covariates: CovariatesLike = None,
    *,
    model: Optional[str] = None,
    dose_per_kg: bool = False,
    omega_scales: Optional[Mapping[str, str]] = None,
    residual: Optional[Mapping[str, float]] = None,
    bands: Any = None,
    f_range: bool = False,
    weight_scaling: Optional[str] = None,
    solver_options: Optional[Dict[str, Any]] = None,
) -> PopulationSpec:
    """Checks the arguments of simulate_population and gathers them in a PopulationSpec."""
    from .drugs import load_drug
    from .simulation import as_regimen

    if isinstance(model_or_drug, (str, os.PathLike, _core.Drug)):
        drug = load_drug(model_or_drug)
        spec = drug.models[model or drug.default_model]
        reference = spec.reference_weight_kg or DEFAULT_WEIGHT_KG
        typical = drug.model(weight=reference, model=spec.id)
        scaling = weight_scaling or spec.weight_scaling
        if omega is None:
            omega = drug_omega(drug, spec.id)
            if omega is None:
                raise _core.InvalidInput(
                    f"omega = None: the {drug.name} model {spec.id} publishes no between-subject variability; "
                    "give one, e.g. omega={'CL': '30%', 'V1': '25%'} (on the command line --cv CL=30%,V1=25%)"
                )
        if bands is None:
            bands = [b for b in drug.bands_for_model(spec.id) if b.has_extent]
        covariate_effects = list(spec.covariate_effects)
    elif isinstance(model_or_drug, _core.Model):
        typical = model_or_drug
        reference = DEFAULT_WEIGHT_KG
        scaling = weight_scaling or "none"
        covariate_effects = []
    else:
        raise _core.InvalidInput("model_or_drug: expected a pk.Model, a Drug or a drug name")
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise _core.InvalidInput(f"n = {n!r}: must be a whole number of subjects >= 1")
    effects, matrix = omega_matrix(omega, omega_scales)
    residual = dict(residual or {})
    unknown = set(residual) - {"additive", "proportional"}
    if unknown:
        raise _core.InvalidInput(f"residual: unknown {sorted(unknown)} (expected additive (mg/L) and proportional)")
    band_rows = []
    for band in bands or []:
        if isinstance(band, tuple):
            band_rows.append((str(band[0]), float(band[1]), float(band[2])))
        else:
            band_rows.append((band.name, float(band.lower), float(band.upper)))
    covariate_names, covariate_values, drawn, covariates = _other_covariates(covariates, covariate_effects, n)
    if (
        covariate_names
        and hasattr(covariates, "columns")
        and not any(str(c).lower() in ("weight", "wt", "weight_kg") for c in covariates.columns)
    ):
        covariates = None  # a table of other covariates only: weights as the model's default
    if isinstance(covariates, (str, os.PathLike)) or hasattr(covariates, "columns"):
        covariates = _weights_from_table(covariates, n)
    elif isinstance(covariates, (list, tuple)) or (isinstance(covariates, np.ndarray)):
        covariates = np.asarray(covariates, dtype=float)
    elif isinstance(covariates, Mapping) and not isinstance(covariates.get("weight"), Mapping):
        covariates = np.asarray(covariates.get("weight"), dtype=float)
        if covariates.ndim == 0:
            covariates = np.full(n, float(covariates))  # one weight for everyone
    if isinstance(covariates, np.ndarray) and covariates.shape != (n,):
        raise _core.InvalidInput(f"covariates: {covariates.size} weights for n = {n} subjects")
    spec = PopulationSpec(
        model=typical,
        regimen=as_regimen(regimen),
        dose_per_kg=bool(dose_per_kg),
        weight_scaling=scaling,
        reference_weight=float(reference),
        effects=[(name, int(scale)) for name, scale in effects],
        omega=matrix,
        residual=(float(residual.get("additive", 0.0)), float(residual.get("proportional", 0.0))),
        bands=band_rows,
        covariates=covariates,
        f_uniform_in_range=bool(f_range),
        options=dict(solver_options or {}),
        covariate_names=covariate_names,
        covariate_values=covariate_values,
        covariate_effects=covariate_effects,
        covariate_distributions=drawn,
    )
    spec.population(0, n)  # validates everything once, here
    core_options(spec.options)
    return spec


#: The solver keywords of simulate() that a population takes, with their defaults.
SOLVER_DEFAULTS = {
    "bioavailability": "nominal",
    "path": "automatic",
    "stepper": "automatic",
    "rtol": _core.DEFAULT_RTOL,
    "atol": _core.DEFAULT_ATOL,
    "max_steps": _core.DEFAULT_MAX_STEPS,
    "steady_state_rtol": _core.DEFAULT_STEADY_STATE_RTOL,
    "steady_state_atol": _core.DEFAULT_STEADY_STATE_ATOL,
    "steady_state_max_intervals": _core.DEFAULT_STEADY_STATE_MAX_INTERVALS,
    "steady_state_window": _core.DEFAULT_STEADY_STATE_WINDOW,
    "max_actions": _core.DEFAULT_MAX_ACTIONS,
    "max_output_values": _core.DEFAULT_MAX_OUTPUT_VALUES,
}


def core_options(options: Mapping[str, Any]) -> "_core.SimulationOptions":
    """SimulationOptions from simulate()'s solver keywords (path, stepper, rtol, atol, ...)."""
    from .simulation import simulation_options

    unknown = sorted(set(options) - set(SOLVER_DEFAULTS))
    if unknown:
        raise _core.InvalidInput(
            f"{unknown[0]}: not an argument of simulate_population (solver options: {', '.join(SOLVER_DEFAULTS)})"
        )
    merged = {**SOLVER_DEFAULTS, **options}
    return simulation_options(*(merged[k] for k in SOLVER_DEFAULTS))


def run_chunk(
    spec: PopulationSpec, first: int, n: int, times, seed: int, keep_curves: bool, threads: int, progress=None
):
    """Subjects [first, first + n) of a population, as a C++ PopulationResult (a chunk)."""
    return _core.simulate_population(
        spec.population(first, n),
        n,
        times,
        seed,
        first_subject=first,
        threads=threads,
        keep_curves=keep_curves,
        keep_nca=True,
        options=core_options(spec.options),
        progress=progress,
    )


class PopulationResult:
    """The outcome of :func:`simulate_population`. Concentrations in ng/mL.

    - ``summary``: per output time, the mean and the 5, 25, 50, 75 and 95th percentiles (DataFrame);
    - ``curves``: every subject's curve (subjects x times numpy array, ng/mL) when ``curves=True``;
    - ``nca``: per subject its weight, eta, Cmax, Tmax, AUC and time in each band (DataFrame);
    - ``band_probability``: per band, the fraction of subjects whose concentration reached it;
    - ``plot()``: percentile ribbons with the bands.

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> omega = {"CL": "30%", "V1": "20%"}
    >>> result = pk.simulate_population(model, pk.Dose(100.0, "iv_bolus"), 1000, [0.0, 2.0, 4.0], 1, omega, curves=True)
    >>> result
    PopulationResult(1000 subjects, 3 times, percentiles exact; peak median 3326 ng/mL at 0 h)
    >>> result.nca.head(2).round(3)
       subject  weight_kg  eta_CL  eta_V1  cmax_ng_per_ml  tmax_h  auc_ng_h_per_ml
    0        0       70.0   0.360   0.043        3193.393     0.0         7749.993
    1        1       70.0  -0.564  -0.151        3876.905     0.0        12039.399
    """

    def __init__(self, core: "_core.PopulationResult", title: str = ""):
        self.core = core
        self.title = title

    @property
    def n(self) -> int:
        return int(self.core.n_subjects)

    @property
    def times(self) -> np.ndarray:
        return np.asarray(self.core.times)

    @property
    def exact_percentiles(self) -> bool:
        """True when the percentiles come from the curves (exact); else from the histogram."""
        return bool(self.core.exact_percentiles)

    @property
    def summary(self):
        import pandas as pd

        data = {"time_h": self.times, "mean_ng_per_ml": mg_per_l_to_ng_per_ml(np.asarray(self.core.mean))}
        percentiles = mg_per_l_to_ng_per_ml(np.asarray(self.core.percentiles))
        for k, level in enumerate(self.core.percentile_levels):
            data[f"p{level:g}_ng_per_ml"] = percentiles[:, k]
        return pd.DataFrame(data)

    @property
    def curves(self) -> Optional[np.ndarray]:
        curves = self.core.curves
        return None if curves is None else mg_per_l_to_ng_per_ml(np.asarray(curves))

    @property
    def band_names(self) -> list:
        return [b[0] for b in self.core.bands]

    @property
    def nca(self):
        import pandas as pd

        core = self.core
        data = {
            "subject": np.arange(core.first_subject, core.first_subject + core.n_subjects),
            "weight_kg": np.asarray(core.weight),
        }
        drawn = np.asarray(core.drawn_covariates)
        for k, name in enumerate(core.drawn_covariate_names):
            data[name] = drawn[:, k]
        eta = np.asarray(core.eta)
        for k, name in enumerate(core.effect_names):
            data[f"eta_{name}"] = eta[:, k]
        data["cmax_ng_per_ml"] = mg_per_l_to_ng_per_ml(np.asarray(core.cmax))
        data["tmax_h"] = np.asarray(core.tmax)
        data["auc_ng_h_per_ml"] = mg_per_l_to_ng_per_ml(np.asarray(core.auc))
        in_band = np.asarray(core.time_in_band)
        for k, name in enumerate(self.band_names):
            data[f"time_in_{name}_h"] = in_band[:, k]
        return pd.DataFrame(data)

    @property
    def band_probability(self):
        import pandas as pd

        reached = np.asarray(self.core.band_reached, dtype=float)
        return pd.Series(reached / max(self.n, 1), index=self.band_names, name="probability", dtype=float)

    def plot(self, path: Optional[str] = None, size_px=(1000, 560), dpi: int = 100, log: bool = False):
        """Percentile ribbons (5-95, 25-75), the median and the mean (ng/mL), with the bands."""
        from .plotting import population_figure

        return population_figure([(self.title, self)], path=path, size_px=size_px, dpi=dpi, log=log)

    def __repr__(self) -> str:
        i = int(np.argmax(np.asarray(self.core.percentiles)[:, 2])) if self.times.size else 0
        median = mg_per_l_to_ng_per_ml(float(np.asarray(self.core.percentiles)[i, 2])) if self.times.size else 0.0
        kind = "exact" if self.exact_percentiles else "sketch"
        return f"PopulationResult({self.n} subjects, {self.times.size} times, percentiles {kind}; peak median {median:.4g} ng/mL at {self.times[i]:.3g} h)"

    def _repr_html_(self) -> str:
        from .display import html_table

        probability = self.band_probability
        rows = [(name, f"{100 * probability[name]:.1f} %") for name in probability.index]
        summary = self.summary
        peak = summary.iloc[int(np.argmax(summary["p50_ng_per_ml"].to_numpy()))] if len(summary) else None
        head = f"<p><b>Population</b> {self.title} — {self.n} subjects, {self.times.size} output times, percentiles {'exact' if self.exact_percentiles else 'from the histogram (within 0.78 %)'}.</p>"
        if peak is not None:
            head += (
                f"<p>Peak of the median: {peak['p50_ng_per_ml']:.4g} ng/mL at {peak['time_h']:.3g} h "
                f"(5-95 %: {peak['p5_ng_per_ml']:.4g}-{peak['p95_ng_per_ml']:.4g} ng/mL)</p>"
            )
        return head + (html_table(["band", "subjects reaching it"], rows) if rows else "")


def simulate_population(
    model_or_drug,
    regimen,
    n: int,
    times,
    seed: int,
    omega: OmegaLike = None,
    covariates: CovariatesLike = None,
    curves: bool = False,
    threads: Optional[int] = None,
    progress: Union[bool, Callable[[int, int], None]] = True,
    *,
    model: Optional[str] = None,
    dose_per_kg: bool = False,
    omega_scales: Optional[Mapping[str, str]] = None,
    residual: Optional[Mapping[str, float]] = None,
    bands: Any = None,
    f_range: bool = False,
    weight_scaling: Optional[str] = None,
    **solver_options,
) -> PopulationResult:
    """Simulate ``n`` virtual subjects on every core (the GIL released).

    Args:
        model_or_drug: a ``pk.Model`` (the typical subject), or a Drug or drug name (its model
            ``model``, default the drug's, at its reference weight; its bands; its published
            variability when ``omega`` is None, and an error naming what to give when it has none).
        regimen: dose records (``pk.Dose``, ``pk.Regimen``); amounts in mg/kg of each subject's
            weight when ``dose_per_kg``.
        n: number of subjects. times: output times (h), an array or ``pk.OutputTimes``.
        seed: the population's seed (subject i's draws depend on (seed, i) only).
        omega: between-subject variability: ``{"CL": "30%", "V1": "25%"}`` (CV, diagonal), variances
            ``{"CL": 0.09}``, or a full Omega as a DataFrame or ``(names, matrix)``. Parameter names as
            in datasets: CL, V1, Q2, V2, Q3, V3, KA_<ROUTE>, F_<ROUTE>, LAG_<ROUTE>.
        covariates: body weights (kg): one number for all, an array of n, a table (DataFrame or CSV
            path with a WT/weight column), or ``{"weight": {"median": 70, "cv": "20%", "min": 40,
            "max": 150}}`` (log-normal, redrawn within [min, max]). Clearances and volumes scale
            with weight as the drug's model says (``weight_scaling``: per_kg, allometric, none).
            The other covariates a drug model uses (its ``covariate_effects``, e.g. esketamine's
            AGE, ASIAN and JAPANESE) come from the same table's columns or mapping keys (``{"AGE": 72}``,
            one value or one per subject), or are drawn per subject from a distribution
            (``{"AGE": Normal(45, 15, min=18, max=86), "ASIAN": "bernoulli(0.2)"}``: see
            :class:`Distribution`; the drawn values are columns of ``.nca``); one not given
            leaves the typical value.
        curves: keep every curve (then the percentiles are exact). threads: None = every core.
        progress: a progress bar on stderr for runs over a second (True), none (False), or a
            callable(completed, started). Ctrl-C stops the workers and raises KeyboardInterrupt.
        residual: ``{"additive": mg/L SD, "proportional": fraction SD}`` (combined when both).
        f_range: draw each absorbed route's F uniformly within its published range.
        solver_options: ``path``, ``stepper``, ``rtol``, ``atol``, ... as in ``simulate``.

    Example (100 mg IV bolus, one compartment, CL 6 L/h with a CV of 30 %, V1 30 L with 20 %):

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> omega = {"CL": "30%", "V1": "20%"}
    >>> result = pk.simulate_population(model, pk.Dose(100.0, "iv_bolus"), 1000, [0.0, 2.0, 4.0], 1, omega, curves=True)
    >>> result.summary.round(1)
       time_h  mean_ng_per_ml  p5_ng_per_ml  p25_ng_per_ml  p50_ng_per_ml  p75_ng_per_ml  p95_ng_per_ml
    0     0.0          3388.2        2382.8         2881.4         3325.8         3793.0         4586.3
    1     2.0          2213.1        1642.2         1954.2         2189.3         2439.6         2878.1
    2     4.0          1477.8         924.3         1229.5         1469.1         1707.6         2063.4
    """
    from .simulation import as_output_times

    spec = make_spec(
        model_or_drug,
        regimen,
        n,
        omega,
        covariates,
        model=model,
        dose_per_kg=dose_per_kg,
        omega_scales=omega_scales,
        residual=residual,
        bands=bands,
        f_range=f_range,
        weight_scaling=weight_scaling,
        solver_options=solver_options,
    )
    output = as_output_times(times, 0.0, 0.0, 1.0)
    if progress is True:
        progress = TextProgress(int(n))
    elif progress is False:
        progress = None
    core = run_chunk(spec, 0, int(n), output, int(seed), bool(curves), _threads(threads), progress)
    return PopulationResult(core, title=_title(model_or_drug))


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return 0
    if not isinstance(threads, (int, np.integer)) or threads < 1:
        raise _core.InvalidInput(f"threads = {threads!r}: must be a whole number >= 1 (None: every core)")
    return int(threads)


def _title(model_or_drug) -> str:
    if isinstance(model_or_drug, _core.Drug):
        return model_or_drug.name
    return str(model_or_drug) if isinstance(model_or_drug, (str, os.PathLike)) else ""
