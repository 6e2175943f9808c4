"""``pkengine check``: a drug's defaults against its published observations (table, GMFE, figure)."""

from __future__ import annotations

import argparse

from ..check import check_drug

NAME = "check"
HELP = "simulate each published observation of a drug with its study's design: fold errors, GMFE, figure"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", help="drug name or JSON path")
    parser.add_argument("--model", default=None, metavar="ID", help="disposition model id (default: the drug's default)")
    parser.add_argument("--out", default=None, metavar="CSV", help="write the full table here")
    parser.add_argument("--figure", default=None, metavar="PNG", help="write the goodness-of-fit figure here")


def run(args: argparse.Namespace) -> int:
    """Print the check; exit status 0 when the drug meets its targets, 1 when it does not."""
    check = check_drug(args.drug, model=args.model)
    print(check.to_text())
    if args.out:
        check.table.to_csv(args.out, index=False)
        print(f"\ntable: {args.out}")
    if args.figure:
        check.plot(args.figure)
        print(f"{'' if args.out else chr(10)}figure: {args.figure}")
    return 0 if check.passes else 1
