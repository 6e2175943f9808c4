"""Plain-text presentation shared by the command line and reprs: tables and number formats."""

from __future__ import annotations

import math
from typing import Callable, Iterable, List, Optional, Sequence


def text_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], indent: str = "", align: Optional[str] = None
) -> str:
    """Columns padded to their widest cell.

    ``align`` has one letter per column, ``l`` (left) or ``r`` (right); by default the first
    column is left-aligned and the others right-aligned (numbers).
    """
    rows = [list(map(str, row)) for row in rows]
    align = align or "l" + "r" * (len(header) - 1)
    widths = [max([len(str(h))] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.ljust(widths[i]) if align[i] == "l" else c.rjust(widths[i]) for i, c in enumerate(map(str, cells))]
        return (indent + "  ".join(parts)).rstrip()

    out: List[str] = [line(header), indent + "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def significant(value: Optional[float], digits: int = 3) -> str:
    """``value`` to ``digits`` significant figures, without an exponent for everyday magnitudes."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if math.isinf(value):
        return "inf"
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))
    return f"{value:.{decimals}f}"


def with_range(
    nominal: float, low: float, high: float, digits: int = 3, fmt: Optional[Callable[[float], str]] = None
) -> str:
    """``nominal [min-max]`` of the values at the ends of a range, or ``nominal`` when they agree.

    Numbers are written with ``fmt`` (default: ``digits`` significant figures).
    """
    fmt = fmt or (lambda x: significant(x, digits))
    lo, hi = min(low, high, nominal), max(low, high, nominal)
    text = fmt(nominal)
    if fmt(lo) == text and fmt(hi) == text:
        return text
    return f"{text} [{fmt(lo)}-{fmt(hi)}]"
