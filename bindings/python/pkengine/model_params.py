"""A model's parameters by the names of the dataset columns: ``model.params()`` and
``model.with_params(CL=..., KA_ORAL=...)``.

Names and units: ``CL``, ``Q2``, ``Q3`` (L/h); ``V1``, ``V2``, ``V3`` (L); per absorbed route
``KA_<ROUTE>`` (1/h), ``F_<ROUTE>`` (fraction; sets the whole F range, as a dataset column does)
and ``LAG_<ROUTE>`` (h), where ``<ROUTE>`` is ``IM``, ``INTRANASAL`` (``IN``), ``ORAL`` (``PO``)
or ``SUBLINGUAL`` (``SL``).

>>> model = pk.load_drug("ketamine").model(weight=70)
>>> faster = model.with_params(CL=80.0, KA_ORAL=2.0)
>>> round(faster.params()["CL"], 6), faster.params()["KA_ORAL"]
(80.0, 2.0)
>>> round(model.params()["CL"], 1)              # the model itself is unchanged
115.9
"""

from __future__ import annotations

import copy
from typing import Dict

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


def params(model: _core.Model) -> Dict[str, float]:
    """The model's parameters by name: disposition (CL, V1, ...), then KA_, F_, LAG_ per absorbed
    route (F_ is the nominal F). Units: L/h, L, 1/h, fraction, h.

    >>> pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)).params()
    {'CL': 6.0, 'V1': 30.0}
    """
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

__all__ = ["ROUTE_SUFFIXES", "params", "with_params"]
