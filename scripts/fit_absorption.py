#!/usr/bin/env python3
"""Fit each absorbed route's absorption (ka and transit chain) to a drug file's observations.

    .venv/bin/python scripts/fit_absorption.py ketamine [--routes intranasal,oral,sublingual]

Prints every candidate structure with its cost and residuals, then the values to write into the
drug file (routes.<route>.ka, routes.<route>.transit). The drug file's fitted values are the
output of this script; tests/python/test_calibration.py checks that they still are.
"""

from __future__ import annotations

import argparse
import json

from pkengine.calibrate import fit_absorption
from pkengine.drugs import load_drug


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drug", help="drug name or JSON path")
    parser.add_argument(
        "--routes", default=None, help="comma-separated absorbed routes (default: those with fitted values)"
    )
    parser.add_argument("--model", default=None, help="disposition model id (default: the drug's default)")
    args = parser.parse_args()
    drug = load_drug(args.drug)
    routes = args.routes.split(",") if args.routes else [name for name, r in drug.routes.items() if r.fitted_to]
    for route in routes:
        fit = fit_absorption(drug, route, model=args.model)
        print(fit.to_text())
        values = {"ka": {"value": float(f"{fit.ka:.4g}"), "unit": "1/h"}}
        if fit.transit_count is not None:
            values["transit"] = {
                "count": fit.transit_count,
                "mean_transit_time": {"value": float(f"{fit.mtt:.4g}"), "unit": "h"},
            }
        print(f"  drug file values: {json.dumps(values)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
