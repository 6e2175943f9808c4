"""``pkengine compare``: one dose of a drug by every route: a summary table, a CSV and a figure."""

from __future__ import annotations

import argparse

from ..compare import compare_routes
from . import _options as opt

NAME = "compare"
HELP = "simulate one dose by every route (F range as envelope): Cmax, Tmax, AUC, time in band, figure"
DESCRIPTION = """\
Simulate one dose of a drug by every route, at each route's nominal bioavailability and at both
ends of its range. Prints Cmax, Tmax, AUC and the time in each concentration band per route;
--out writes every column (CSV), --figure the route figure (--teaching: one panel, few bands)."""
EXAMPLES = """\
examples:
  pkengine compare ketamine --dose 0.5mg/kg --weight 70 --figure routes.png --out routes.csv
  pkengine compare ketamine --dose 50mg --routes intranasal,sublingual --model clements1981
  pkengine compare ketamine --dose 0.5mg/kg --teaching --figure class.png"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", metavar="DRUG", help="drug name (see pkengine drugs) or drug file (.json)")
    parser.add_argument(
        "--dose",
        type=opt.dose,
        required=True,
        help="the dose by each route, e.g. 35mg or 0.5mg/kg (a bare number is in mg)",
    )
    opt.add_weight(parser)
    parser.add_argument(
        "--routes",
        type=opt.names,
        default=None,
        help="comma-separated routes (default: iv_bolus,iv_infusion,im,intranasal,oral,sublingual)",
    )
    opt.add_model(parser)
    parser.add_argument(
        "--alternative",
        action="append",
        default=[],
        metavar="ID",
        help="route alternative (literature preset) replacing a route's F and ka; repeatable",
    )
    parser.add_argument("--bands", type=opt.names, default=None, help="comma-separated band names (default: all)")
    parser.add_argument(
        "--t-end", type=opt.quantity("time"), default=24.0, help="simulated horizon, e.g. 24h or 2d (default: 24 h)"
    )
    parser.add_argument(
        "--dt", type=opt.quantity("time"), default=1.0 / 60.0, help="output step, e.g. 1min (default: 1 min)"
    )
    parser.add_argument(
        "--duration",
        type=opt.quantity("time"),
        default=None,
        help="iv_infusion duration, e.g. 40min (default: the drug's infusion-therapy protocol)",
    )
    opt.add_out(parser, "every column of the table")
    opt.add_figure(parser, "the route figure")
    parser.add_argument(
        "--teaching", action="store_true", help="the figure for a projector: one panel, the nominal curves, few bands"
    )
    opt.retire(parser, "--dose-unit", "give the unit with the dose, e.g. --dose 0.5mg/kg")
    opt.retire(parser, "--hours", "use --t-end, e.g. --t-end 24h")
    opt.retire(parser, "--step-min", "use --dt, e.g. --dt 1min")
    opt.retire(parser, "--infusion-min", "use --duration, e.g. --duration 40min")


def run(args: argparse.Namespace) -> int:
    opt.check_writable(args.out, "--out")
    opt.check_writable(args.figure, "--figure", figure=True)
    value, unit = args.dose
    comparison = compare_routes(
        args.drug,
        dose=value,
        dose_unit=unit,
        weight=args.weight,
        routes=args.routes,
        model=args.model,
        alternatives=args.alternative,
        bands=args.bands,
        hours=args.t_end,
        step_minutes=args.dt * 60.0,
        infusion_minutes=None if args.duration is None else args.duration * 60.0,
    )
    text = comparison.to_text()
    figure = comparison.plot(teaching=args.teaching) if args.figure else None
    if args.out:
        comparison.table_full.to_csv(args.out, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    print(text + opt.written(args.out, args.figure))
    return 0
