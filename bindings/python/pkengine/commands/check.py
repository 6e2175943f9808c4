"""``pkengine check``: a drug's defaults against its published observations (table, GMFE, figure)."""

from __future__ import annotations

import argparse

from ..check import check_drug
from . import _options as opt

NAME = "check"
HELP = "simulate each published observation of a drug with its study's design: fold errors, GMFE, figure"
DESCRIPTION = """\
Simulate each published observation of a drug file with its study's design (route, dose, body
weight, infusion duration) at the route's nominal F, and set predicted Cmax, Tmax and AUC against
the observed ones. Exit status 0 when the drug meets its targets, 1 when it does not; --out
writes every column (CSV), --figure the goodness-of-fit figure."""
EXAMPLES = """\
examples:
  pkengine check ketamine --out check.csv --figure check.png
  pkengine check ketamine --model clements1981"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", metavar="DRUG", help="drug name (see pkengine drugs) or drug file (.json)")
    opt.add_model(parser)
    opt.add_out(parser, "every column of the table")
    opt.add_figure(parser, "the goodness-of-fit figure")


def run(args: argparse.Namespace) -> int:
    """Print the check; exit status 0 when the drug meets its targets, 1 when it does not."""
    opt.check_writable(args.out, "--out")
    opt.check_writable(args.figure, "--figure", figure=True)
    check = check_drug(args.drug, model=args.model)
    text = check.to_text()
    figure = check.plot() if args.figure else None
    if args.out:
        check.table.to_csv(args.out, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    print(text + opt.written(args.out, args.figure))
    return 0 if check.passes else 1
