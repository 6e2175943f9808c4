"""Fitting a route's absorption to published observations (how the drug files' fitted values are made).

    fit = pk.calibrate.fit_absorption("ketamine", "oral")
    fit.ka, fit.transit_count, fit.mtt      # 1/h, compartments after the dosing one, h
    print(fit.to_text())                    # every candidate structure and its residuals

For one absorbed route, with the drug's disposition model and the route's nominal F (both kept
as the drug file gives them), the absorption shape is fitted to the Cmax and Tmax of the route's
observations: by least squares on the log scale, residuals log(predicted / observed), every
observation and metric weighted alike. The predictions are those of :func:`pkengine.check_drug`
(the study's design, Tmax refined between grid points), so a fit and a check can never disagree.

The shape is first-order absorption (ka) behind a chain of transit compartments (Savic 2007: a
dosing compartment and ``n`` more, each emptying with ktr = (n + 1) / MTT) where one rate cannot
give both the observed peak and its time. Every chain length n = 0 ... ``max_transit`` is fitted
(ka and MTT, each from a grid of starting points), and so is plain first-order absorption (ka
alone); the structure kept is the one with the fewest compartments whose cost is within
``tolerance`` (relative) of the best. AUC is not fitted: with F fixed it does not depend on the
absorption shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from .drugs import load_drug

#: Longest transit chain tried (compartments after the dosing one).
MAX_TRANSIT = 6
#: A structure with fewer compartments is kept when its cost is within this fraction of the best.
TOLERANCE = 0.02
_KA_STARTS = (1.0, 5.0, 20.0)  # 1/h
_MTT_STARTS = (0.1, 0.3, 0.8)  # h


@dataclass
class Candidate:
    """One fitted structure: ``transit_count`` None for plain first-order absorption."""

    transit_count: Optional[int]
    ka: float
    mtt: Optional[float]
    cost: float
    residuals: Dict[str, float] = field(default_factory=dict)

    @property
    def compartments(self) -> int:
        """Absorption compartments: the depot plus the transit chain."""
        return 1 if self.transit_count is None else self.transit_count + 2

    def shape(self, route: "_core.Route") -> "_core.AbsorptionShape":
        transit = None if self.transit_count is None else _core.TransitAbsorption(self.transit_count, self.mtt)
        return _core.AbsorptionShape(route, self.ka, 0.0, transit)


@dataclass
class AbsorptionFit:
    """The fit of one route: the structure kept and every candidate tried."""

    drug: str
    model: str
    route: str
    observations: List[str]
    chosen: Candidate
    candidates: List[Candidate]

    @property
    def ka(self) -> float:
        """Absorption rate constant (1/h)."""
        return self.chosen.ka

    @property
    def transit_count(self) -> Optional[int]:
        """Transit compartments after the dosing one (None: no chain)."""
        return self.chosen.transit_count

    @property
    def mtt(self) -> Optional[float]:
        """Mean transit time (h), or None."""
        return self.chosen.mtt

    def to_text(self) -> str:
        """Every candidate, its cost and residuals, and the one kept."""
        lines = [
            f"{self.drug} {self.route} (model {self.model}) fitted to: {', '.join(self.observations)}",
            "  structure         ka /h    MTT min   cost      residuals log(pred/obs)",
        ]
        for c in self.candidates:
            name = "first order" if c.transit_count is None else f"transit n={c.transit_count}"
            mark = "  <- kept" if c is self.chosen else ""
            mtt = "-" if c.mtt is None else f"{c.mtt * 60:.4g}"
            res = ", ".join(f"{k} {v:+.3f}" for k, v in c.residuals.items())
            lines.append(f"  {name:<16}{c.ka:>8.4g}  {mtt:>8}  {c.cost:.3e}  {res}{mark}")
        return "\n".join(lines)


def _residuals(check, ids: Sequence[str]) -> Dict[str, float]:
    rows = {r.observation: r for r in check.rows}
    out = {}
    for obs_id in ids:
        r = rows[obs_id]
        if r.cmax_observed is not None:
            out[f"{obs_id}.cmax"] = math.log(r.cmax_predicted / r.cmax_observed)
        if r.tmax_observed is not None:
            out[f"{obs_id}.tmax"] = math.log(r.tmax_predicted / r.tmax_observed)
    return out


def _fit_one(drug, model, route, ids, transit_count) -> Candidate:
    from scipy.optimize import least_squares

    def unpack(x):
        return math.exp(x[0]), (None if transit_count is None else math.exp(x[1]))

    def fun(x):
        ka, mtt = unpack(x)
        cand = Candidate(transit_count, ka, mtt, 0.0)
        check = _core.check_drug(drug, model, [cand.shape(route)])
        return np.array(list(_residuals(check, ids).values()))

    best = None
    starts: List[Tuple[float, ...]]
    if transit_count is None:
        starts = [(math.log(k),) for k in _KA_STARTS]
    else:
        starts = [(math.log(k), math.log(m)) for k in _KA_STARTS for m in _MTT_STARTS]
    for x0 in starts:
        # Bounds keep ka in [1e-3, 1e3] /h and MTT in [36 s, 10 h]: beyond them the chain or the
        # depot no longer shapes the curve and the optimiser would wander on a flat cost.
        lower = [math.log(1e-3)] + ([] if transit_count is None else [math.log(0.01)])
        upper = [math.log(1e3)] + ([] if transit_count is None else [math.log(10.0)])
        sol = least_squares(fun, x0, bounds=(lower, upper), diff_step=1e-4, xtol=1e-10, ftol=1e-12)
        if best is None or sol.cost < best.cost:
            best = sol
    ka, mtt = unpack(best.x)
    cand = Candidate(transit_count, ka, mtt, float(best.cost))
    cand.residuals = _residuals(_core.check_drug(drug, model, [cand.shape(route)]), ids)
    return cand


def default_observations(drug, route: str) -> List[str]:
    """The observations a route's absorption is fitted to: those the drug file names in its
    ``fitted_to`` lists, else every counted observation of that route with a Cmax or a Tmax."""
    spec = drug.routes[route]
    if spec.fitted_to:
        return list(spec.fitted_to)
    ids = []
    for obs in drug.observations.values():
        if obs.route.label == route and (obs.cmax is not None or obs.tmax is not None):
            if _core.why_not_counted(drug, obs) == "":
                ids.append(obs.id)
    return ids


def fit_absorption(
    drug: Union[str, "_core.Drug"],
    route: str,
    observations: Optional[Sequence[str]] = None,
    model: Optional[str] = None,
    max_transit: int = MAX_TRANSIT,
    tolerance: float = TOLERANCE,
) -> AbsorptionFit:
    """Fit one absorbed route's ka and transit chain to its observations (see the module text).

    Args:
        drug: a drug name, a path to a drug file, or a loaded Drug.
        route: an absorbed route ("im", "intranasal", "oral", "sublingual").
        observations: observation ids (default: :func:`default_observations`).
        model: disposition model id (default: the drug's default).
        max_transit: longest transit chain tried (compartments after the dosing one).
        tolerance: relative cost margin within which the simpler structure is kept.

    Raises:
        ValueError (pkengine.InvalidInput) for an IV route or a route without observations.
    """
    loaded = load_drug(drug)
    core_route = _core.Route(route)
    if not core_route.is_absorbed:
        raise _core.InvalidInput(f"route = '{route}': an IV route has no absorption to fit")
    ids = list(observations) if observations is not None else default_observations(loaded, route)
    if not ids:
        raise _core.InvalidInput(f"route = '{route}': no observations to fit its absorption to")
    for obs_id in ids:
        loaded.observation(obs_id)  # raises InvalidInput naming the known ids
    model_id = loaded.model_spec(model).id
    candidates = [_fit_one(loaded, model_id, core_route, ids, None)]
    candidates += [_fit_one(loaded, model_id, core_route, ids, n) for n in range(max_transit + 1)]
    best_cost = min(c.cost for c in candidates)
    chosen = min(
        (c for c in candidates if c.cost <= best_cost * (1.0 + tolerance) + 1e-12), key=lambda c: c.compartments
    )
    return AbsorptionFit(loaded.name, model_id, route, ids, chosen, candidates)


@dataclass
class MetaboliteFit:
    """The outcome of :func:`fit_metabolite`: the fitted metabolite and its residuals.

    Attributes:
        cl, v: the metabolite's clearance (L/h, kept) and volume (L, fitted) at the fit's weight.
        presystemic: {route name: fraction of a dose formed before plasma}.
        residuals: {"<observation>.<metric>": log(predicted / observed)}.
        cost: half the sum of squared residuals.
    """

    drug: str
    model: str
    weight_kg: float
    cl: float
    v: float
    presystemic: Dict[str, float]
    residuals: Dict[str, float] = field(default_factory=dict)
    cost: float = 0.0

    def to_text(self) -> str:
        """The fitted values and each residual, as plain text."""
        lines = [
            f"{self.drug} with {self.model}: metabolite CL {self.cl:.4g} L/h, V {self.v:.4g} L at "
            f"{self.weight_kg:g} kg; presystemic "
            + ", ".join(f"{r} {f:.3f}" for r, f in self.presystemic.items())
            + f"; cost {self.cost:.4g}"
        ]
        lines += [f"  {k:45s} fold {math.exp(v):.3f}" for k, v in self.residuals.items()]
        return "\n".join(lines)


def _metabolite_residuals(check, ids: Sequence[str]) -> Dict[str, float]:
    rows = {r.observation: r for r in check.rows}
    out = {}
    for obs_id in ids:
        r = rows[obs_id]
        if r.cmax_observed is not None:
            out[f"{obs_id}.cmax"] = math.log(r.cmax_predicted / r.cmax_observed)
        if r.auc_observed is not None:
            out[f"{obs_id}.auc"] = math.log(r.auc_predicted / r.auc_observed)
    return out


def fit_metabolite(
    drug: Union[str, "_core.Drug"], model: Optional[str] = None, observations: Optional[Sequence[str]] = None
) -> MetaboliteFit:
    """Fit a model's metabolite (volume, each route's presystemic fraction) to the metabolite's
    observed Cmax and AUC, by least squares on the log scale; its clearance, fm, the molar-mass
    ratio, the parent and the routes' nominal F stay the drug file's. (The clearance is not
    fitted: with it free, plasma data trade a low clearance against small presystemic fractions,
    and the optimum is an implausible corner.) The predictions are those
    of :func:`pkengine.check_drug`, so a fit and a check cannot disagree.

    Args:
        drug: a drug name, a path to a drug file, or a loaded Drug.
        model: disposition model id (default: the drug's default); it must have a metabolite.
        observations: ids (default: the metabolite's ``fitted_to`` list).

    Raises:
        ValueError (pkengine.InvalidInput) for a model without a metabolite.
    """
    from scipy.optimize import least_squares

    loaded = load_drug(drug)
    spec = loaded.model_spec(model)
    if spec.metabolite is None:
        raise _core.InvalidInput(f"model = '{spec.id}': it has no metabolite to fit")
    weight = spec.derivation_weight_kg
    base = spec.metabolite_at(weight)
    ids = list(observations) if observations is not None else list(spec.metabolite.fitted_to)
    routes = sorted(base.presystemic, key=lambda r: r.label)
    # Each fraction stays below 1 - F(high) of its route: F and the fraction share one dose.
    tops = [1.0 - loaded.routes[r.label].f.high for r in routes]

    def metabolite(x):
        presystemic = {r: top / (1.0 + math.exp(-xi)) for r, top, xi in zip(routes, tops, x[1:])}
        return _core.Metabolite(
            fm=base.fm,
            cl=base.cl,
            v=math.exp(x[0]),
            presystemic=presystemic,
            molar_mass_ratio=base.molar_mass_ratio,
        )

    def fun(x):
        check = _core.check_drug(loaded, spec.id, [], metabolite(x))
        return np.array(list(_metabolite_residuals(check, ids).values()))

    x0 = [math.log(base.v)]
    x0 += [math.log(base.presystemic[r] / (top - base.presystemic[r])) for r, top in zip(routes, tops)]
    sol = least_squares(fun, x0, diff_step=1e-4, xtol=1e-10, ftol=1e-12)
    fitted = metabolite(sol.x)
    check = _core.check_drug(loaded, spec.id, [], fitted)
    return MetaboliteFit(
        loaded.name,
        spec.id,
        weight,
        fitted.cl,
        fitted.v,
        {r.label: f for r, f in fitted.presystemic.items()},
        _metabolite_residuals(check, ids),
        float(sol.cost),
    )
