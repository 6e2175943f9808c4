"""The ``pkengine`` command line: ``pkengine <command> [options]``.

Each command is one module of the package :mod:`pkengine.commands`, found automatically (a new
command is a new module; this file does not change). A command module defines::

    NAME = "compare"                      # the sub-command
    HELP = "one line for pkengine --help"
    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...   # the exit status

Errors of the input (a wrong option, or a ``ValueError`` such as pkengine.InvalidInput) are
printed as one line on stderr, ``pkengine <command>: error: <message>``, with exit status 2; no
traceback, and no file is written. The terminal gets a summary; data go to files (``--out``,
``--figure``, ``--curves``).
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


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit status 2), without the usage."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = Parser(
        prog="pkengine",
        description="Pharmacokinetic simulation: routes, drugs, protocols, NCA. Quantities take their "
        "unit (35mg, 0.5mg/kg, 40min, 36h, 2d, 70kg); a bare number is in the engine unit (mg, h, kg, "
        "L, L/h, 1/h). Concentrations are shown in ng/mL.",
    )
    parser.add_argument("--version", action="version", version=f"pkengine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        command = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=getattr(module, "EXAMPLES", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


#: Limits the engine's messages name by their Python spelling, with the option that sets them.
_LIMIT_OPTIONS = {"max_actions": "--max-actions", "max_output_values": "--max-output-values"}


def _with_option_names(message: str, args: argparse.Namespace) -> str:
    """The message with "raise max_actions" spelt as the command's option, where it has one."""
    for name, option in _LIMIT_OPTIONS.items():
        if hasattr(args, name):
            message = message.replace(f"raise {name}", f"raise {name} ({option})")
    return message


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ValueError as error:
        print(f"pkengine {args.command}: error: {_with_option_names(str(error), args)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (e.g. `pkengine drugs | head`): stop quietly, as Python's docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
