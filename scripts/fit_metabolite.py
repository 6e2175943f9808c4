#!/usr/bin/env python3
"""Fit a drug model's metabolite (clearance, volume, presystemic fractions) to its observations.

    .venv/bin/python scripts/fit_metabolite.py ketamine [--model domino1984]

Prints the fitted values (at the fit's body weight, and per kg for a per-kg model) and every
residual. The drug file's fitted metabolite values are the output of this script.
"""

from __future__ import annotations

import argparse

from pkengine.calibrate import fit_metabolite


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drug", help="drug name or JSON path")
    parser.add_argument("--model", default=None, help="disposition model id (default: the drug's default)")
    args = parser.parse_args()
    fit = fit_metabolite(args.drug, model=args.model)
    print(fit.to_text())
    print(f"  per kg: CL {fit.cl / fit.weight_kg:.4g} L/h/kg, V {fit.v / fit.weight_kg:.4g} L/kg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
