"""A model's parameters by the names of the dataset columns: ``model.params()`` and
``model.with_params(CL=..., KA_ORAL=...)``; NONMEM's library models: ``pk.advan(2, CL=..., V=..., KA=...)``.

Names and units: ``CL``, ``Q2``, ``Q3`` (L/h); ``V1``, ``V2``, ``V3`` (L); per absorbed route
``KA_<ROUTE>`` (1/h), ``F_<ROUTE>`` (fraction; sets the whole F range, as a dataset column does)
and ``LAG_<ROUTE>`` (h), where ``<ROUTE>`` is ``IM``, ``INTRANASAL`` (``IN``), ``ORAL`` (``PO``)
or ``SUBLINGUAL`` (``SL``). Every model also takes NONMEM's per-compartment items ``F<n>``,
``ALAG<n>`` (h), ``R<n>`` (mg/h) and ``D<n>`` (h) for compartment n of its numbering
(``model.compartments()``). On library models (``pk.advan``) the structural names are NONMEM's.

>>> model = pk.load_drug("ketamine").model(weight=70)
>>> faster = model.with_params(CL=80.0, KA_ORAL=2.0)
>>> round(faster.params()["CL"], 6), faster.params()["KA_ORAL"]
(80.0, 2.0)
>>> round(model.params()["CL"], 1)              # the model itself is unchanged
115.9
"""

from __future__ import annotations

import copy
import re
from typing import Dict, Mapping, Optional, Sequence, Tuple, Union

from . import _core

#: Route suffixes of the parameter names (the dataset's), to route names.
ROUTE_SUFFIXES = {
    "IM": "im",
    "INTRANASAL": "intranasal",
    "IN": "intranasal",
    "ORAL": "oral",
    "PO": "oral",
    "SUBLINGUAL": "sublingual",
    "SL": "sublingual",
}
_DISPOSITION = {1: ("CL", "V1"), 2: ("CL", "V1", "Q2", "V2"), 3: ("CL", "V1", "Q2", "V2", "Q3", "V3")}


#: NONMEM's per-compartment items, by the prefix of their name (F2, ALAG1, R1, D2).
_COMPARTMENT_ITEMS = re.compile(r"^(F|ALAG|R|D)([1-9][0-9]*)$")


def advan(number: int, **parameters: float) -> _core.Model:
    """NONMEM's library model ADVAN ``number`` (1, 2, 3, 4, 5, 7, 11 or 12) from its parameters
    by NONMEM's names (engine units: L/h, L, 1/h), compartments numbered as NONMEM numbers them.

    ==========  ========================================  ===============================
    model       compartments                              parameters
    ==========  ========================================  ===============================
    ADVAN1      1 central                                 CL, V
    ADVAN2      1 depot, 2 central                        CL, V, KA
    ADVAN3      1 central, 2 peripheral                   CL, V1, Q, V2
    ADVAN4      1 depot, 2 central, 3 peripheral          CL, V2, Q, V3, KA
    ADVAN11     1 central, 2 and 3 peripheral             CL, V1, Q2, V2, Q3, V3
    ADVAN12     1 depot, 2 central, 3 and 4 peripheral    CL, V2, Q3, V3, Q4, V4, KA
    ADVAN5, 7   1 to the highest number named             K<m><n>, V<n>
    ==========  ========================================  ===============================

    ADVAN5 and 7 (general linear; one model here, on the exact path) read their structure from the
    names: ``K<m><n>`` (1/h) moves compartment m's amount to n, 0 = out (``K<m>T<n>`` when m or n
    has two digits, as in NONMEM), ``V<n>`` (L) is compartment n's volume. The compartments are
    ``compartment1``, ``compartment2``, ...; the observed one is the first with a volume, and
    doses enter by CMT (IV routes: the observed compartment). For names of your own, routes with
    their F, lag and ka, or clearances, use :func:`linear_model`.

    F, lag, modelled rate and duration of each compartment (NONMEM's F<n>, ALAG<n>, R<n>, D<n>)
    are given the same way: ``pk.advan(2, CL=1.1, V=20, KA=1.5, F2=0.8, ALAG1=0.5)``.

    Raises:
        ValueError (pkengine.InvalidInput) naming an unknown model, a missing or unknown
        parameter, or an invalid value.

    >>> model = pk.advan(2, CL=1.1, V=20, KA=1.5)
    >>> [c.name for c in model.compartments()]
    ['depot_oral', 'central']
    >>> model.params()
    {'CL': 1.1, 'V': 20.0, 'KA': 1.5}
    >>> general = pk.advan(5, K12=1.5, K20=0.055, V2=20)  # ADVAN2 as a general model
    >>> [c.name for c in general.compartments()], general.advan_number
    (['compartment1', 'compartment2'], 5)
    """
    seen: Dict[str, str] = {}
    for name, value in parameters.items():
        if name.upper() in seen:
            raise _core.InvalidInput(f"{seen[name.upper()]} = {value:g}: given twice (also as {name})")
        seen[name.upper()] = name
    structural = {k.upper(): float(v) for k, v in parameters.items() if not _COMPARTMENT_ITEMS.match(k.upper())}
    model = _core.Model.advan(int(number), structural)
    items = {k: v for k, v in parameters.items() if _COMPARTMENT_ITEMS.match(k.upper())}
    return with_params(model, **items) if items else model


def _target(item) -> _core.LinearRouteTarget:
    if isinstance(item, _core.LinearRouteTarget):
        return item
    if isinstance(item, str):
        return _core.LinearRouteTarget(item)
    if isinstance(item, dict):
        return _core.LinearRouteTarget(**item)
    raise _core.InvalidInput(f"route target {item!r}: expected a compartment name, a dict or pk.LinearRouteTarget")


def _transfer(item) -> _core.LinearTransfer:
    if isinstance(item, _core.LinearTransfer):
        return item
    if isinstance(item, (tuple, list)) and len(item) == 3:
        return _core.LinearTransfer(item[0], item[1], k=float(item[2]))
    raise _core.InvalidInput(f"transfer {item!r}: expected (source, to, k) or pk.LinearTransfer")


def linear_model(
    compartments: Sequence[Union[str, Tuple[str, float]]],
    transfers: Sequence[Union[_core.LinearTransfer, Tuple[str, Optional[str], float]]],
    routes: Optional[Mapping[Union[str, _core.Route], object]] = None,
    observed: Optional[str] = None,
    metabolite: Optional[str] = None,
) -> _core.Model:
    """A general linear model (NONMEM's ADVAN5/7): compartments in CMT order, first-order
    transfers between any two and out of any, routes mapped onto compartments.

    * ``compartments``: names, or ``(name, volume)`` with the volume in L where the compartment
      is observed or a clearance leaves it.
    * ``transfers``: ``pk.LinearTransfer(source, to, k=...)`` (1/h) or ``cl=...`` (L/h, k = CL /
      V_source), or a tuple ``(source, to, k)``; ``to`` None is elimination. Their names as
      parameters are NONMEM's: ``K<m><n>`` (``K<m>T<n>`` past 9, 0 = out), ``CL<m><n>`` for a
      clearance, ``V<n>`` for volumes (``model.params()``, ``model.with_params(K12=...)``).
    * ``routes``: ``{route: targets}``, each target a compartment name, a dict or
      ``pk.LinearRouteTarget(compartment, f=, lag=, ka=, duration=)``; a target with ``ka``
      enters an own depot (``depot_<route>_<compartment>``, numbered after the declared ones),
      one with ``duration`` enters as a zero-order input. IV routes not given enter the
      observed compartment.
    * ``observed``: the plasma compartment (default: the first with a volume);
      ``metabolite``: the compartment whose concentration is the metabolite's.

    Amounts are in mg of parent; every loss goes to one ``eliminated`` state.

    Raises:
        ValueError (pkengine.InvalidInput) naming the field: unknown or duplicate names, a
        transfer to itself, a negative k or CL, CL from a compartment without volume, F outside
        (0, 1], more states than the exact path takes.

    A metabolite formed in the liver before the parent reaches plasma:

    >>> model = pk.linear_model(
    ...     compartments=["gut", ("liver", 1.5), ("central", 20.0), ("metabolite", 30.0)],
    ...     transfers=[("gut", "liver", 1.2),
    ...                pk.LinearTransfer("liver", "central", cl=60.0),      # L/h
    ...                pk.LinearTransfer("liver", "metabolite", cl=30.0),
    ...                pk.LinearTransfer("central", None, cl=6.0),
    ...                ("metabolite", None, 0.2)],                          # 1/h
    ...     routes={"oral": pk.LinearRouteTarget("gut", f=0.9)},
    ...     observed="central", metabolite="metabolite")
    >>> [c.name for c in model.compartments()]
    ['gut', 'liver', 'central', 'metabolite']
    >>> model.params()["K12"], model.params()["CL23"]
    (1.2, 60.0)
    >>> result = pk.simulate(model, pk.Dose(100.0, "oral"), t_end=24.0)
    >>> round(float(result.amounts[-1].sum()), 9)        # mg: F x dose, all accounted for
    90.0
    """
    entries = [(c, 0.0) if isinstance(c, str) else (str(c[0]), float(c[1])) for c in compartments]
    mapped = {}
    for route, targets in (routes or {}).items():
        items = targets if isinstance(targets, (list, tuple)) else [targets]
        mapped[_core.Route(route) if isinstance(route, str) else route] = [_target(t) for t in items]
    structure = _core.LinearStructure(
        entries, [_transfer(t) for t in transfers], mapped, observed=observed, metabolite=metabolite
    )
    return _core.Model(structure)


def _with_compartment_items(model: _core.Model, items: Dict[str, float]) -> _core.Model:
    new = copy.copy(model)
    changes: Dict[int, Dict[str, float]] = {}
    for name, value in items.items():
        prefix, number = _COMPARTMENT_ITEMS.match(name.upper()).groups()
        changes.setdefault(int(number), {})[prefix] = float(value)
    for number, change in changes.items():
        old = new.compartment_dosing(number)
        new.set_compartment_dosing(
            number,
            _core.CompartmentDosing(
                f=change.get("F", old.f),
                lag=change.get("ALAG", old.lag),
                rate=change.get("R", old.rate),
                duration=change.get("D", old.duration),
            ),
        )
    return new


def _target_f(model: _core.Model, name: str) -> bool:
    """True for F<depot> of a general linear model's own depot: its route target's fraction, set by
    name (a remainder target's is refused by name, with the target it follows)."""
    structure = model.linear_structure
    match = _COMPARTMENT_ITEMS.match(name.upper())
    if structure is None or match is None or match.group(1) != "F":
        return False
    depots = sum(1 for targets in structure.routes.values() for t in targets if t.ka > 0)
    first = len(structure.compartments) + 1
    return first <= int(match.group(2)) < first + depots


def params(model: _core.Model) -> Dict[str, float]:
    """The model's parameters by name: disposition (CL, V1, ...), then KA_, F_, LAG_ per absorbed
    route (F_ is the nominal F). Units: L/h, L, 1/h, fraction, h.

    >>> pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)).params()
    {'CL': 6.0, 'V1': 30.0}
    """
    if model.advan_number or model.linear_structure is not None:
        return {name: float(model.parameter(name)) for name in model.parameter_names}
    d = model.disposition
    values = {name: float(getattr(d, name.lower())) for name in _DISPOSITION[d.compartments]}
    for route in _core.ALL_ROUTES:
        if route.is_absorbed and model.has_route(route):
            a = model.absorption(route)
            key = route.label.upper()
            values[f"KA_{key}"] = float(a.ka)
            values[f"F_{key}"] = float(a.f.nominal)
            values[f"LAG_{key}"] = float(a.lag)
    return values


def with_params(model: _core.Model, **values: float) -> _core.Model:
    """A copy of ``model`` with some parameters changed, named as dataset columns (see the module).

    Raises:
        ValueError (pkengine.InvalidInput) naming an unknown parameter, a route the model does
        not have, or an invalid value.

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> model.with_params(V1=40.0).params()
    {'CL': 6.0, 'V1': 40.0}
    >>> model.with_params(Q3=1.0)
    Traceback (most recent call last):
    ...
    pkengine._core.InvalidInput: Q3 = 1: not a parameter of this model (CL, V1; per absorbed route KA_<ROUTE>, F_<ROUTE>, LAG_<ROUTE>)
    """
    items = {k: v for k, v in values.items() if _COMPARTMENT_ITEMS.match(k.upper()) and not _target_f(model, k)}
    values = {k: v for k, v in values.items() if k not in items}
    if items:
        model = _with_compartment_items(model, items)
    if model.advan_number or model.linear_structure is not None:
        new = copy.copy(model)
        for name, value in values.items():
            new.set_parameter(name, float(value))
        return new
    current = params(model)
    disposition_names = _DISPOSITION[model.disposition.compartments]
    new = copy.copy(model)
    changed_disposition = False
    routes: Dict[str, Dict[str, float]] = {}
    for name, value in values.items():
        upper = name.upper()
        if upper in disposition_names:
            current[upper] = float(value)
            changed_disposition = True
            continue
        prefix, _, suffix = upper.partition("_")
        route = ROUTE_SUFFIXES.get(suffix)
        if prefix not in ("KA", "F", "LAG") or route is None:
            raise _core.InvalidInput(
                f"{name} = {value:g}: not a parameter of this model ({', '.join(disposition_names)}; "
                "per absorbed route KA_<ROUTE>, F_<ROUTE>, LAG_<ROUTE>)"
            )
        if not model.has_route(_core.Route(route)):
            raise _core.InvalidInput(f"{name} = {value:g}: the model has no absorption for route '{route}'")
        routes.setdefault(route, {})[prefix] = float(value)
    if changed_disposition:
        args = [current[n] for n in disposition_names]
        factory = {
            1: _core.Disposition.one_compartment,
            2: _core.Disposition.two_compartment,
            3: _core.Disposition.three_compartment,
        }[len(args) // 2]
        new.set_disposition(factory(*args))
    for route, changes in routes.items():
        old = model.absorption(_core.Route(route))
        f = _core.Bioavailability(changes["F"]) if "F" in changes else old.f
        absorption = _core.Absorption(
            f, ka=changes.get("KA", old.ka), lag=changes.get("LAG", old.lag), fraction_swallowed=old.fraction_swallowed
        )
        new.set_absorption(route, absorption)
    return new


_core.Model.params = params
_core.Model.with_params = with_params

__all__ = ["ROUTE_SUFFIXES", "advan", "linear_model", "params", "with_params"]
