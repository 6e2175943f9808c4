"""``pkengine protocol``: a protocol of a drug over days or weeks, its integration windows, sessions."""

from __future__ import annotations

import argparse

from ..protocols import protocol_timeline
from ..quantity import parse_quantity
from . import _options as opt

NAME = "protocol"
HELP = "simulate a named protocol: administrations, integration windows, planned sessions, timeline figure"
DESCRIPTION = """\
Simulate a protocol of a drug file (pkengine drugs DRUG lists them) from its first administration
to the end of the last integration window, at nominal F and at both ends of each F range. Prints
each administration with its window and peak, and whether each planned session falls inside a
window; --out writes the administrations (CSV), --figure the timeline."""
EXAMPLES = """\
examples:
  pkengine protocol ketamine kit_series_murrough2013 --weight 70 --sessions 1d,3d,6.5d,12.5d
  pkengine protocol ketamine esketamine_induction_84mg --weight 80 --figure esk.png"""


def parse_time_h(text: str) -> float:
    """A time from the protocol start: '36', '36h', '1.5d', '90min' -> hours."""
    return parse_quantity(text, "time", name="session")


def _sessions(text: str) -> list:
    parse = opt.quantity("time")
    return [parse(part.strip()) for part in text.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", metavar="DRUG", help="drug name (see pkengine drugs) or drug file (.json)")
    parser.add_argument("protocol", metavar="PROTOCOL", help="protocol id of the drug file (see pkengine drugs DRUG)")
    opt.add_weight(parser)
    opt.add_model(parser)
    parser.add_argument(
        "--sessions",
        type=_sessions,
        default=[],
        help="planned integration sessions from the protocol start, e.g. 1d,36h,6.5d (a bare number is in h)",
    )
    parser.add_argument(
        "--alternative",
        action="append",
        default=None,
        metavar="ID",
        help="route alternative replacing the protocol's own presets; repeatable",
    )
    parser.add_argument(
        "--dt", type=opt.quantity("time"), default=1.0 / 60.0, help="output step, e.g. 1min (default: 1 min)"
    )
    opt.add_out(parser, "one row per administration")
    opt.add_figure(parser, "the timeline figure")
    opt.retire(parser, "--drug", "the drug is the first argument: pkengine protocol DRUG PROTOCOL")
    opt.retire(parser, "--step-min", "use --dt, e.g. --dt 1min")


def run(args: argparse.Namespace) -> int:
    opt.check_writable(args.out, "--out")
    opt.check_writable(args.figure, "--figure", figure=True)
    timeline = protocol_timeline(
        args.drug,
        args.protocol,
        weight=args.weight,
        model=args.model,
        sessions=args.sessions,
        step_minutes=args.dt * 60.0,
        alternatives=args.alternative,
    )
    text = timeline.to_text()
    figure = timeline.plot() if args.figure else None
    if args.out:
        timeline.table.to_csv(args.out, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    print(text + opt.written(args.out, args.figure))
    return 0
