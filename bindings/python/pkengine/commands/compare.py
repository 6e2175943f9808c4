"""``pkengine compare``: one dose of a drug by every route: table (and CSV) and figure."""

from __future__ import annotations

import argparse

from ..compare import compare_routes

NAME = "compare"
HELP = "simulate one dose by every route (F range as envelope): Cmax, Tmax, AUC, time in band, figure"


def _names(text: str) -> list:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", nargs="?", default="ketamine", help="drug name or JSON path (default: ketamine)")
    parser.add_argument("--dose", type=float, required=True, help="the dose, in --dose-unit")
    parser.add_argument("--dose-unit", choices=["mg/kg", "mg"], default="mg/kg", help="default: mg/kg")
    parser.add_argument("--weight", type=float, default=70.0, help="body weight in kg (default: 70)")
    parser.add_argument("--routes", type=_names, default=None,
                        help="comma-separated routes (default: iv_bolus,iv_infusion,im,intranasal,oral,sublingual)")
    parser.add_argument("--model", default=None, help="disposition model id of the drug file (default: its default)")
    parser.add_argument("--alternative", action="append", default=[], metavar="ID",
                        help="route alternative (literature preset) replacing a route's F and ka; repeatable")
    parser.add_argument("--bands", type=_names, default=None, help="comma-separated band names (default: all)")
    parser.add_argument("--hours", type=float, default=24.0, help="simulated horizon in h (default: 24)")
    parser.add_argument("--step-min", type=float, default=1.0, help="output step in min (default: 1)")
    parser.add_argument("--infusion-min", type=float, default=None,
                        help="iv_infusion duration in min (default: the drug's infusion-therapy protocol)")
    parser.add_argument("--figure", default=None, metavar="PNG", help="write the route figure here")
    parser.add_argument("--csv", default=None, metavar="CSV", help="write the full table here")


def run(args: argparse.Namespace) -> int:
    comparison = compare_routes(
        args.drug,
        dose=args.dose,
        dose_unit=args.dose_unit,
        weight=args.weight,
        routes=args.routes,
        model=args.model,
        alternatives=args.alternative,
        bands=args.bands,
        hours=args.hours,
        step_minutes=args.step_min,
        infusion_minutes=args.infusion_min,
    )
    print(comparison.to_text())
    if args.csv:
        comparison.table.to_csv(args.csv, index=False)
        print(f"\ntable: {args.csv}")
    if args.figure:
        comparison.plot(args.figure)
        print(f"{'' if args.csv else chr(10)}figure: {args.figure}")
    return 0
