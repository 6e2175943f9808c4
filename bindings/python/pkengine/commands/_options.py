"""Options shared by the commands, so that one idea has one spelling on the whole command line.

The drug (positional ``DRUG``, or ``--drug`` where the positional is a data file), ``--model``
(a disposition model id of the drug file), ``--out`` (a CSV table), ``--figure`` (a figure),
``--dv-unit`` (observed concentrations), quantities with their unit, the solver options, and the
retired spellings, which fail with a message naming the new one.
"""

from __future__ import annotations

import argparse
import os
from typing import Callable, Optional

from .. import _core
from ..quantity import parse_dose, parse_quantity

#: Figure formats that ``--figure`` writes (by the file's extension).
FIGURE_FORMATS = (".png", ".pdf", ".svg")


def quantity(kind: str) -> Callable[[str], float]:
    """An argparse type reading a quantity of ``kind`` with its unit (see pkengine.quantity)."""

    def parse(text: str) -> float:
        try:
            return parse_quantity(text, kind)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"'{text}': {str(error).split(': ', 1)[1]}") from None

    parse.__name__ = kind
    return parse


def dose(text: str):
    """An argparse type reading a dose: ``35mg``, ``0.5mg/kg`` (a bare number is in mg)."""
    try:
        return parse_dose(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}': {str(error).split(': ', 1)[1]}") from None


def names(text: str) -> list:
    """A comma-separated list of names."""
    return [part.strip() for part in text.split(",") if part.strip()]


class Retired(argparse.Action):
    """An option that is no longer spelt this way: using it is an error naming the new spelling."""

    def __init__(self, option_strings, dest, instead: str = "", **kwargs):
        kwargs.setdefault("nargs", "?")
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **kwargs)
        self.instead = instead

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(f"{option_string} is retired: {self.instead}")


def retire(parser: argparse.ArgumentParser, option: str, instead: str) -> None:
    """Add ``option`` as a retired spelling; ``instead`` says what to write now."""
    parser.add_argument(option, action=Retired, instead=instead, dest=f"retired_{option.strip('-')}")


def add_model(parser: argparse.ArgumentParser) -> None:
    """``--model ID``: a disposition model of the drug file (``--disposition`` retires)."""
    parser.add_argument(
        "--model",
        default=None,
        metavar="ID",
        help="disposition model id of the drug file (default: the drug's default)",
    )
    retire(parser, "--disposition", "use --model ID (a disposition model id of the drug file)")


def add_weight(parser: argparse.ArgumentParser, default: Optional[float] = 70.0) -> None:
    """``--weight``: body weight, kg."""
    text = f" (default: {default:g} kg)" if default is not None else ""
    parser.add_argument(
        "--weight",
        type=quantity("weight"),
        default=default,
        help=f"body weight, e.g. 70kg; a bare number is in kg{text}",
    )


def add_out(parser: argparse.ArgumentParser, what: str = "the table") -> None:
    """``--out FILE``: a CSV table (``--csv`` retires)."""
    parser.add_argument("--out", default=None, metavar="CSV", help=f"write {what} here (CSV)")
    retire(parser, "--csv", "use --out FILE")


def add_figure(parser: argparse.ArgumentParser, what: str = "the figure") -> None:
    """``--figure FILE``: a figure, PNG, PDF or SVG by its extension (``--plot`` retires)."""
    parser.add_argument("--figure", default=None, metavar="PNG", help=f"write {what} here (.png, .pdf or .svg)")
    retire(parser, "--plot", "use --figure FILE")


def add_dv_unit(parser: argparse.ArgumentParser) -> None:
    """``--dv-unit``: the unit of observed concentrations (DV), ng/mL by default."""
    parser.add_argument(
        "--dv-unit",
        choices=["ng/mL", "mg/L"],
        default="ng/mL",
        help="unit of the observed concentrations (DV) (default: ng/mL)",
    )


def add_solver(parser: argparse.ArgumentParser) -> None:
    """``--path``, ``--stepper``, ``--rtol``, ``--atol``: how the engine solves; ``--max-actions`` and
    ``--max-output-values``: the cost limits checked before any work."""
    group = parser.add_argument_group("solver")
    group.add_argument(
        "--path", choices=["automatic", "exact", "ode"], default="automatic", help="solver path (default: automatic)"
    )
    group.add_argument(
        "--stepper",
        choices=["automatic", "dormand_prince5", "rosenbrock4"],
        default="automatic",
        help="ODE integrator (default: automatic)",
    )
    group.add_argument("--rtol", type=float, default=_core.DEFAULT_RTOL, help="ODE relative tolerance (default: 1e-8)")
    group.add_argument(
        "--atol", type=float, default=_core.DEFAULT_ATOL, help="ODE absolute tolerance, mg (default: 1e-12)"
    )
    group.add_argument(
        "--max-actions",
        type=int,
        default=_core.DEFAULT_MAX_ACTIONS,
        help="most actions the doses may imply: each dose and ADDL repeat, infusions twice (default: 10000000)",
    )
    group.add_argument(
        "--max-output-values",
        type=int,
        default=_core.DEFAULT_MAX_OUTPUT_VALUES,
        help="most values a result may hold: output times x states (default: 100000000)",
    )


def check_writable(path: Optional[str], option: str, figure: bool = False) -> None:
    """Raise InvalidInput before anything is computed when ``path`` cannot be written."""
    if path is None:
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise _core.InvalidInput(f"{option} {path}: no directory {directory}")
    if os.path.isdir(path):
        raise _core.InvalidInput(f"{option} {path}: is a directory, give a file name")
    if not os.access(directory, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise _core.InvalidInput(f"{option} {path}: not writable")
    if figure and os.path.splitext(path)[1].lower() not in FIGURE_FORMATS:
        raise _core.InvalidInput(f"{option} {path}: expected a .png, .pdf or .svg file")


def written(table: Optional[str] = None, figure: Optional[str] = None) -> str:
    """The closing lines naming the files written (empty when none)."""
    lines = ([f"table: {table}"] if table else []) + ([f"figure: {figure}"] if figure else [])
    return ("\n\n" + "\n".join(lines)) if lines else ""
