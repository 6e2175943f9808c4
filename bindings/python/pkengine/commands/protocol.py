"""``pkengine protocol``: a protocol of a drug over days or weeks, its integration windows, sessions."""

from __future__ import annotations

import argparse
import re

from .. import _core
from ..protocols import protocol_timeline

NAME = "protocol"
HELP = "simulate a named protocol: administrations, integration windows, planned sessions, timeline figure"

_UNITS = {"d": 24.0, "day": 24.0, "days": 24.0, "h": 1.0, "min": 1.0 / 60.0, "": 1.0}


def parse_time_h(text: str) -> float:
    """A time from the protocol start: '36', '36h', '1.5d', '90min' -> hours."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(d|day|days|h|min|)\s*", text)
    if not match:
        raise _core.InvalidInput(f"session = '{text}': expected a number with h, d or min (e.g. 36h, 1.5d)")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _sessions(text: str) -> list:
    try:
        return [parse_time_h(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("protocol", help="protocol id of the drug file (see: pkengine drugs)")
    parser.add_argument("--drug", default="ketamine", help="drug name or JSON path (default: ketamine)")
    parser.add_argument("--weight", type=float, default=70.0, help="body weight in kg (default: 70)")
    parser.add_argument("--model", default=None, help="disposition model id (default: the drug's default)")
    parser.add_argument("--sessions", type=_sessions, default=[],
                        help="planned integration sessions from the protocol start, e.g. 1d,36h,6.5d")
    parser.add_argument("--alternative", action="append", default=None, metavar="ID",
                        help="route alternative replacing the protocol's own presets; repeatable")
    parser.add_argument("--step-min", type=float, default=1.0, help="output step in min (default: 1)")
    parser.add_argument("--figure", default=None, metavar="PNG", help="write the timeline figure here")


def run(args: argparse.Namespace) -> int:
    timeline = protocol_timeline(args.drug, args.protocol, weight=args.weight, model=args.model,
                                 sessions=args.sessions, step_minutes=args.step_min, alternatives=args.alternative)
    print(timeline.to_text())
    if args.figure:
        timeline.plot(args.figure)
        print(f"\nfigure: {args.figure}")
    return 0
