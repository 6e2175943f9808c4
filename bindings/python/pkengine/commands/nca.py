"""``pkengine nca``: non-compartmental metrics per subject of an observed-data CSV."""

from __future__ import annotations

import argparse

from .. import _core
from ..nca import by_subject, read_observations
from ..textfmt import significant, text_table

NAME = "nca"
HELP = "NCA per subject of observed data (CSV with ID, TIME, DV): Cmax, Tmax, AUC, lambda_z, time in band"


def _band(text: str) -> tuple:
    try:
        low, high = (float(x) for x in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"band '{text}': expected LOW:HIGH, e.g. 70:160") from None
    return (f"{low:g}_{high:g}", low, high)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", help="CSV, one row per sample; dose rows (EVID != 0) and DV '.' are skipped")
    parser.add_argument("--id", default="ID", help="subject column (default: ID)")
    parser.add_argument("--time", default="TIME", help="time column (default: TIME)")
    parser.add_argument("--conc", default="DV", help="concentration column (default: DV)")
    parser.add_argument("--time-unit", choices=["h", "min"], default="h", help="unit of the time column (default: h)")
    parser.add_argument("--conc-unit", choices=["ng/mL", "mg/L"], default="ng/mL",
                        help="unit of the concentration column (default: ng/mL)")
    parser.add_argument("--threshold", type=float, action="append", default=[], metavar="C",
                        help="time above this concentration (conc unit); repeatable")
    parser.add_argument("--band", type=_band, action="append", default=[], metavar="LOW:HIGH",
                        help="time inside this band (conc unit); repeatable")
    parser.add_argument("--drug", default=None, help="add the time in each band of this drug (e.g. ketamine)")
    parser.add_argument("--method", choices=["linear_up_log_down", "linear"], default="linear_up_log_down",
                        help="AUC method (default: linear_up_log_down)")
    parser.add_argument("--out", default=None, metavar="CSV", help="write the full per-subject table here")


def run(args: argparse.Namespace) -> int:
    try:
        frame = read_observations(args.data)
    except FileNotFoundError:
        raise _core.InvalidInput(f"{args.data}: no such file") from None
    table = by_subject(frame, id=args.id, time=args.time, conc=args.conc, time_unit=args.time_unit,
                       conc_unit=args.conc_unit, thresholds=args.threshold, bands=args.band, drug=args.drug,
                       method=args.method)
    unit = args.conc_unit
    print(f"NCA of {args.data}: {len(table)} subject(s); times in h, concentrations in {unit}, "
          f"AUC {args.method.replace('_', '-')} ({unit}.h), lambda_z by best adjusted R2")
    shown = [c for c in table.columns if c not in ("clast_ng_per_ml", "clast_mg_per_l", "tlast_h", "lambda_z_r2_adj")]
    rows = [[str(v) if c in ("ID", "n_obs", "lambda_z_points") else significant(float(v)) for c, v in row.items()]
            for row in table[shown].to_dict("records")]
    print(text_table(shown, rows))
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"\ntable: {args.out}")
    return 0
