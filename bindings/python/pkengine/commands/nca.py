"""``pkengine nca``: non-compartmental metrics per subject of an observed-data CSV."""

from __future__ import annotations

import argparse

from .. import _core
from ..nca import by_subject, read_observations
from ..samples import sample_path
from ..textfmt import significant, text_table
from . import _options as opt

NAME = "nca"
HELP = "NCA per subject of observed data (CSV with ID, TIME, DV): Cmax, Tmax, AUC, lambda_z, time in band"
DESCRIPTION = """\
Non-compartmental analysis of observed concentrations, one row per subject: Cmax, Tmax, AUC(0-t)
and AUC(0-inf) (linear-up/log-down), lambda_z and half-life (best adjusted R2), MRT, time above
each threshold and inside each band. Dose records (EVID != 0) and a DV of '.' are skipped.
Concentrations are read in --dv-unit (default ng/mL); --threshold and --band take that unit too
(or a unit of their own: 100ng/mL, 0.1mg/L)."""
EXAMPLES = """\
examples:
  pkengine nca ketamine_observed --drug ketamine
  pkengine nca data.csv --dv-unit mg/L --threshold 0.1 --band 70ng/mL:160ng/mL --out nca.csv

DATA is a CSV file, or the name of a sample shipped with pkengine (ketamine_observed)."""


def _concentration(text: str):
    """A concentration as typed: (value, unit or None for a bare number in --dv-unit)."""
    from ..quantity import parse_quantity

    text = text.strip()
    for unit in ("ng/mL", "mg/L"):
        if text.lower().endswith(unit.lower()):
            parse_quantity(text, "concentration")  # checks the number
            return float(text[: -len(unit)]), unit
    try:
        return float(text), None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}': expected a concentration, e.g. 100 (in --dv-unit), 100ng/mL or 0.1mg/L"
        ) from None


def _band(text: str) -> tuple:
    try:
        low, high = (_concentration(x) for x in text.split(":"))
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError(f"'{text}': expected LOW:HIGH, e.g. 70:160 (in --dv-unit)") from None
    return (low, high)


def _in_unit(value, unit: str) -> float:
    """A concentration typed as (value, unit or None) in ``unit`` (ng/mL or mg/L)."""
    number, typed = value
    if typed is None or typed == unit:
        return number
    return number * (1000.0 if typed == "mg/L" else 1e-3)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data", metavar="DATA", help="CSV, one row per sample (or a shipped sample's name: ketamine_observed)"
    )
    parser.add_argument("--id", default="ID", help="subject column (default: ID)")
    parser.add_argument("--time", default="TIME", help="time column (default: TIME)")
    parser.add_argument("--conc", default="DV", help="concentration column (default: DV)")
    parser.add_argument("--time-unit", choices=["h", "min"], default="h", help="unit of the time column (default: h)")
    opt.add_dv_unit(parser)
    parser.add_argument(
        "--threshold",
        type=_concentration,
        action="append",
        default=[],
        metavar="C",
        help="time above this concentration (a bare number is in --dv-unit); repeatable",
    )
    parser.add_argument(
        "--band",
        type=_band,
        action="append",
        default=[],
        metavar="LOW:HIGH",
        help="time inside this band (bare numbers in --dv-unit); repeatable",
    )
    opt.retire(parser, "--conc-unit", "use --dv-unit (ng/mL or mg/L), the same in every command")
    parser.add_argument("--drug", default=None, help="add the time in each band of this drug (e.g. ketamine)")
    parser.add_argument(
        "--method",
        choices=["linear_up_log_down", "linear"],
        default="linear_up_log_down",
        help="AUC method (default: linear_up_log_down)",
    )
    opt.add_out(parser, "the full per-subject table")


def run(args: argparse.Namespace) -> int:
    opt.check_writable(args.out, "--out")
    try:
        frame = read_observations(sample_path(args.data))
    except FileNotFoundError:
        raise _core.InvalidInput(f"{args.data}: no such file") from None
    unit = args.dv_unit
    thresholds = [_in_unit(t, unit) for t in args.threshold]
    bands = []
    for low, high in args.band:
        low, high = _in_unit(low, unit), _in_unit(high, unit)
        bands.append((f"{low:g}_{high:g}", low, high))
    table = by_subject(
        frame,
        id=args.id,
        time=args.time,
        conc=args.conc,
        time_unit=args.time_unit,
        conc_unit=unit,
        thresholds=thresholds,
        bands=bands,
        drug=args.drug,
        method=args.method,
    )
    print(
        f"NCA of {args.data}: {len(table)} subject(s); times in h, concentrations in {unit}, "
        f"AUC {args.method.replace('_', '-')} ({unit}.h), lambda_z by best adjusted R2"
    )
    shown = [c for c in table.columns if c not in ("clast_ng_per_ml", "clast_mg_per_l", "tlast_h", "lambda_z_r2_adj")]
    rows = [
        [str(v) if c in ("ID", "n_obs", "lambda_z_points") else significant(float(v)) for c, v in row.items()]
        for row in table[shown].to_dict("records")
    ]
    if args.out:
        table.to_csv(args.out, index=False)
    print(text_table(shown, rows) + opt.written(args.out))
    return 0
