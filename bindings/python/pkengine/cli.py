"""The ``pkengine`` command line: ``pkengine <command> [options]``.

Each command is one module of the package :mod:`pkengine.commands`, found automatically (a new
command is a new module; this file does not change). A command module defines::

    NAME = "compare"                      # the sub-command
    HELP = "one line for pkengine --help"
    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...   # the exit status

Errors of the input (``ValueError``, e.g. pkengine.InvalidInput) are printed as one line on
stderr, ``pkengine <command>: error: <message>``, with exit status 2; no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from typing import List, Optional

from . import __version__, commands


def command_modules() -> list:
    """The command modules of :mod:`pkengine.commands`, sorted by command name."""
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda module: module.NAME)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="pkengine",
        description="Pharmacokinetic simulation: routes, drugs, protocols, NCA "
        "(units: h, mg, L, L/h, 1/h, kg; concentrations shown in ng/mL).",
    )
    parser.add_argument("--version", action="version", version=f"pkengine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ValueError as error:
        print(f"pkengine {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (e.g. `pkengine drugs | head`): stop quietly, as Python's docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
