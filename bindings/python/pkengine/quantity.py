"""Quantities written with their unit: ``35mg``, ``0.5mg/kg``, ``40min``, ``36h``, ``2d``, ``1.1L/h``.

The one parser of the command line (and of anything else that reads a quantity from text). A
number with a unit becomes the engine unit (mg, h, kg, L, L/h, 1/h, mg/L); a bare number is
already in the engine unit.

>>> pk.parse_quantity("40min", "time")
0.6666666666666666
>>> pk.parse_quantity("2d", "time")
48.0
>>> pk.parse_quantity("36", "time")
36.0
>>> pk.parse_dose("0.5mg/kg")
(0.5, 'mg/kg')
"""

from __future__ import annotations

import re
from typing import Dict, Tuple

from . import _core

#: For each kind of quantity: its engine unit, and every unit accepted with its factor to that unit.
UNITS: Dict[str, Tuple[str, Dict[str, float]]] = {
    "amount": ("mg", {"mg": 1.0, "g": 1000.0, "ug": 1e-3, "µg": 1e-3}),
    "time": ("h", {"h": 1.0, "min": 1.0 / 60.0, "s": 1.0 / 3600.0, "d": 24.0, "day": 24.0, "days": 24.0}),
    "weight": ("kg", {"kg": 1.0, "g": 1e-3}),
    "volume": ("L", {"L": 1.0, "mL": 1e-3}),
    "clearance": ("L/h", {"L/h": 1.0, "L/min": 60.0, "mL/min": 0.06}),
    "rate_constant": ("1/h", {"1/h": 1.0, "/h": 1.0, "1/min": 60.0, "/min": 60.0}),
    "concentration": ("mg/L", {"mg/L": 1.0, "ug/mL": 1.0, "µg/mL": 1.0, "ng/mL": 1e-3}),
}

#: Examples shown in error messages, per kind.
EXAMPLES = {
    "amount": "35mg",
    "time": "40min, 36h or 2d",
    "weight": "70kg",
    "volume": "4.4L",
    "clearance": "1.1L/h",
    "rate_constant": "0.9/h",
    "concentration": "100ng/mL",
}

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*([^\s0-9.][^\s]*)?\s*$")


def _split(text: str) -> Tuple[float, str]:
    match = _NUMBER_UNIT.match(str(text))
    if not match:
        raise ValueError
    return float(match.group(1)), (match.group(2) or "")


def parse_quantity(text: str, kind: str, *, name: str = "value") -> float:
    """A quantity of ``kind`` ("amount", "time", "weight", "volume", "clearance",
    "rate_constant", "concentration") in the engine unit (mg, h, kg, L, L/h, 1/h, mg/L).

    Args:
        text: a number and a unit (``"40min"``, ``"1.5 d"``) or a bare number (engine unit).
        kind: which kind of quantity; see :data:`UNITS`.
        name: what the quantity is, for the error message (e.g. ``"--duration"``).

    Raises:
        ValueError (pkengine.InvalidInput) naming ``name``, the text and the units accepted.

    >>> pk.parse_quantity("1.1L/h", "clearance")
    1.1
    >>> pk.parse_quantity("90s", "time")
    0.025
    >>> pk.parse_quantity("40 minutes", "time", name="--duration")
    Traceback (most recent call last):
    ...
    pkengine._core.InvalidInput: --duration = '40 minutes': expected a time with its unit, e.g. 40min, 36h or 2d (units: h, min, s, d; a bare number is in h)
    """
    engine_unit, units = UNITS[kind]
    try:
        value, unit = _split(text)
        factor = {u.lower(): f for u, f in units.items()}[unit.lower()] if unit else 1.0
    except (ValueError, KeyError):
        accepted = ", ".join(u for u in units if u not in ("day", "days") and "µ" not in u)
        raise _core.InvalidInput(
            f"{name} = '{text}': expected a {kind.replace('_', ' ')} with its unit, e.g. {EXAMPLES[kind]} "
            f"(units: {accepted}; a bare number is in {engine_unit})"
        ) from None
    return value * factor


def parse_dose(text: str, *, name: str = "dose") -> Tuple[float, str]:
    """A dose as ``(value, unit)`` with unit "mg" or "mg/kg": ``"35mg"``, ``"0.5mg/kg"``, ``"1g"``
    (a bare number is in mg).

    >>> pk.parse_dose("35")
    (35.0, 'mg')
    >>> pk.parse_dose("1g")
    (1000.0, 'mg')
    """
    try:
        value, unit = _split(text)
    except ValueError:
        value, unit = float("nan"), "?"
    if unit.lower() == "mg/kg":
        return value, "mg/kg"
    if unit.lower() not in UNITS["amount"][1] and unit != "":
        raise _core.InvalidInput(
            f"{name} = '{text}': expected a dose with its unit, e.g. 35mg or 0.5mg/kg (a bare number is in mg)"
        )
    return parse_quantity(text, "amount", name=name), "mg"


__all__ = ["EXAMPLES", "UNITS", "parse_dose", "parse_quantity"]
