"""``pkengine population``: a virtual population given one dose by one or more routes: percentile
summaries, the fraction of subjects reaching each band, every curve, a figure."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from .. import _core
from ..drugs import load_drug
from ..population import (
    PERCENTILES,
    TextProgress,
    _read_table,
    drug_omega,
    parse_cv,
    parse_distribution,
    simulate_population,
    variability_text,
)
from . import _options as opt

NAME = "population"
HELP = "simulate a virtual population (variability, weights): percentiles, band probabilities, curves"
DESCRIPTION = """\
Simulate N virtual subjects given one dose by each route, with the between-subject variability the
drug model publishes (its bsv fields) or the one --cv gives (CV %, log-normal: omega^2 =
ln(1 + CV^2); for F_<ROUTE> the SD of logit F). Subject i draws from its own random stream of
(seed, i): the same seed gives the same population, bit for bit, on any number of threads or
machines. Prints per route the peak of the median with its 5-95 % range, Cmax and the fraction of
subjects reaching each band; --out writes the summary (mean and the 5, 25, 50, 75, 95th
percentiles per time, ng/mL), --curves every curve, --figure percentile ribbons, a panel per
route. Weights: --weight (everyone) or --covariates (a CSV with a WT or weight column, kg, one
row per subject, beside the other covariates the model uses: esketamine's AGE, ASIAN and JAPANESE);
clearances and volumes scale with weight as the drug model says. --draw-covariates draws the
model's other covariates for each subject instead, from its own stream: normal(mean, sd[, min,
max]) and log_normal(median, cv[, min, max]) redrawn within [min, max], uniform(low, high),
bernoulli(p)."""
EXAMPLES = """\
examples:
  pkengine population ketamine --model herd2007 --route iv_bolus --dose 1mg/kg --n 10000 --seed 1
  pkengine population ketamine --route im,intranasal --dose 0.5mg/kg --n 5000 --seed 7 \\
      --cv CL=30%,V1=25%,KA_IM=40%,KA_INTRANASAL=40% --figure population.png --out summary.csv
  pkengine population ketamine --model herd2007 --route iv_bolus --dose 1mg/kg --n 54 --seed 3 \\
      --covariates weights.csv --curves curves.csv
  pkengine population esketamine --route intranasal --dose 28mg --n 2000 --seed 1 \\
      --draw-covariates "AGE=normal(45,15,18,86),ASIAN=bernoulli(0.2)"
"""


def distribution_list(text: str) -> dict:
    """``AGE=normal(45,15,18,86),ASIAN=bernoulli(0.2)`` as {name: Distribution} (commas inside the
    parentheses belong to the distribution)."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    out = {}
    for item in items:
        name, sep, dist = item.partition("=")
        name = name.strip().upper()
        if not sep or not name:
            raise argparse.ArgumentTypeError(
                f"'{item.strip()}': expected NAME=DISTRIBUTION, e.g. AGE=normal(45,15,18,86)"
            )
        if name in out:
            raise argparse.ArgumentTypeError(f"{name} given twice")
        try:
            out[name] = parse_distribution(dist.strip())
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return out


def _covariates(args, spec) -> object:
    """What simulate_population takes as covariates: a table, a weight, or (with drawn covariates) a
    mapping of the weight(s), the table's columns the model uses and the distributions."""
    if not args.draw_covariates:
        return args.covariates if args.covariates is not None else (args.weight or 70.0)
    used = {e.covariate for e in spec.covariate_effects}
    mapping: dict = {"weight": float(args.weight or 70.0)}
    if args.covariates is not None:
        table = _read_table(args.covariates)
        for column in table.columns:
            name = str(column)
            if name.lower() in ("wt", "weight", "weight_kg"):
                mapping["weight"] = table[column].to_numpy(dtype=float)[: args.n]
            elif name.upper() in used:
                if name.upper() in args.draw_covariates:
                    raise _core.InvalidInput(
                        f"covariate {name.upper()}: given both in {args.covariates} and by --draw-covariates (keep one)"
                    )
                mapping[name.upper()] = table[column].to_numpy(dtype=float)[: args.n]
    mapping.update(args.draw_covariates)
    return mapping


def cv_list(text: str) -> dict:
    """``CL=30%,V1=25%`` as {name: "30%"}."""
    out = {}
    for part in opt.names(text):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise argparse.ArgumentTypeError(f"'{part}': expected NAME=CV%, e.g. CL=30%")
        try:
            parse_cv(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        out[name.strip()] = value.strip()
    return out


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}': expected a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}': must be >= 1")
    return value


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}': expected a whole number from 0 to 2^64 - 1") from None
    if not 0 <= value < 2**64:
        raise argparse.ArgumentTypeError(f"'{text}': expected a whole number from 0 to 2^64 - 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drug", metavar="DRUG", help="drug name (see pkengine drugs) or drug file (.json)")
    parser.add_argument("--route", type=opt.names, required=True, help="route(s), comma-separated, e.g. im,intranasal")
    parser.add_argument(
        "--dose",
        type=opt.dose,
        required=True,
        help="the dose by each route, e.g. 35mg or 0.5mg/kg (a bare number is in mg)",
    )
    parser.add_argument("--n", type=count, required=True, help="number of subjects")
    parser.add_argument("--seed", type=seed, required=True, help="seed of the population (a whole number)")
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument(
        "--weight", type=opt.quantity("weight"), default=None, help="every subject's weight, e.g. 70kg (default: 70 kg)"
    )
    weights.add_argument(
        "--covariates",
        default=None,
        metavar="CSV",
        help="a table with one row per subject: a WT (or weight) column in kg and the other covariates the model uses (esketamine: AGE, ASIAN, JAPANESE)",
    )
    parser.add_argument(
        "--draw-covariates",
        type=distribution_list,
        default=None,
        metavar="NAME=DIST,...",
        help="draw the model's other covariates per subject, e.g. AGE=normal(45,15,18,86),ASIAN=bernoulli(0.2)",
    )
    parser.add_argument(
        "--cv",
        type=cv_list,
        default=None,
        metavar="NAME=CV%,...",
        help="between-subject variability, e.g. CL=30%%,V1=25%%,KA_IM=40%% (default: what the model publishes)",
    )
    opt.add_model(parser)
    parser.add_argument(
        "--t-end", type=opt.quantity("time"), default=24.0, help="simulated horizon, e.g. 24h (default: 24 h)"
    )
    parser.add_argument("--dt", type=opt.quantity("time"), default=0.1, help="output step, e.g. 6min (default: 6 min)")
    parser.add_argument(
        "--duration",
        type=opt.quantity("time"),
        default=40.0 / 60.0,
        help="iv_infusion duration, e.g. 40min (default: 40 min)",
    )
    parser.add_argument("--threads", type=count, default=None, help="worker threads (default: every core)")
    opt.add_out(parser, "the summary per route and time (mean, 5-95th percentiles, ng/mL)")
    parser.add_argument(
        "--curves", default=None, metavar="CSV", help="write every curve here (CSV, long format, ng/mL)"
    )
    opt.add_figure(parser, "percentile ribbons, a panel per route")
    opt.add_solver(parser)


def _regimen(route: str, dose, duration_h: float):
    value, unit = dose
    parsed = _core.parse_route(route)
    duration = duration_h if parsed == _core.Route.IV_INFUSION else 0.0
    return _core.Regimen.single(_core.Dose(value, parsed, duration=duration)), unit == "mg/kg"


def run(args: argparse.Namespace) -> int:
    opt.check_writable(args.out, "--out")
    opt.check_writable(args.curves, "--curves")
    opt.check_writable(args.figure, "--figure", figure=True)
    drug = load_drug(args.drug)
    model_id = args.model or drug.default_model
    if model_id not in drug.models:
        raise _core.InvalidInput(f"--model {model_id}: no such model of {drug.name} (known: {', '.join(drug.models)})")
    spec = drug.models[model_id]
    omega = args.cv if args.cv is not None else drug_omega(drug, spec.id)
    if not omega:
        raise _core.InvalidInput(
            f"--cv: the {drug.name} model {spec.id} publishes no between-subject variability; "
            "give it, e.g. --cv CL=30%,V1=25%"
        )
    covariates = _covariates(args, spec)
    times = _core.OutputTimes.uniform(0.0, args.t_end, args.dt)
    solver = {
        "path": args.path,
        "stepper": args.stepper,
        "rtol": args.rtol,
        "atol": args.atol,
        "max_actions": args.max_actions,
        "max_output_values": args.max_output_values,
    }
    regimens = [(route, *_regimen(route, args.dose, args.duration)) for route in args.route]
    results = []
    try:
        for route, regimen, per_kg in regimens:
            progress = TextProgress(args.n) if sys.stderr.isatty() else False
            result = simulate_population(
                drug,
                regimen,
                args.n,
                times,
                args.seed,
                omega=omega,
                covariates=covariates,
                curves=args.curves is not None,
                threads=args.threads,
                progress=progress,
                model=spec.id,
                dose_per_kg=per_kg,
                **solver,
            )
            result.title = route
            results.append((route, result))
    except KeyboardInterrupt:
        print("pkengine population: cancelled; nothing written", file=sys.stderr)
        return 130
    figure = None
    if args.figure:
        from ..plotting import population_figure

        figure = population_figure(results)
    text = _text(drug, spec, omega, args, results)
    if args.out:
        _summary_frame(results).to_csv(args.out, index=False)
    if args.curves:
        _curves_frame(results).to_csv(args.curves, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    files = [f"curves: {args.curves}"] if args.curves else []
    print(text + opt.written(args.out, args.figure) + ("\n" + "\n".join(files) if files else ""))
    return 0


def _summary_frame(results):
    import pandas as pd

    frames = []
    for route, result in results:
        frame = result.summary
        frame.insert(0, "route", route)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _curves_frame(results):
    import pandas as pd

    frames = []
    for route, result in results:
        curves = result.curves
        n, m = curves.shape
        frames.append(
            pd.DataFrame(
                {
                    "route": route,
                    "subject": np.repeat(np.arange(n), m),
                    "time_h": np.tile(result.times, n),
                    "concentration_ng_per_ml": curves.reshape(-1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _text(drug, spec, omega, args, results) -> str:
    value, unit = args.dose
    if args.cv is not None:
        source = "--cv"
        cv = ", ".join(f"{name} {value}" for name, value in omega.items())
    else:
        source = f"published ({', '.join(spec.refs)})"
        cv = variability_text(spec)
    weight = f"weights from {args.covariates}" if args.covariates else f"{(args.weight or 70.0):g} kg"
    if args.draw_covariates:
        weight += "; drawn: " + ", ".join(f"{name} {dist}" for name, dist in args.draw_covariates.items())
    lines = [
        f"{drug.name}, model {spec.id}: {args.n} subjects, seed {args.seed}, {value:g} {unit}, {weight}",
        f"variability (CV): {cv} [{source}]",
        "",
    ]
    for route, result in results:
        summary = result.summary
        i = int(np.argmax(summary["p50_ng_per_ml"].to_numpy()))
        row = summary.iloc[i]
        nca = result.nca
        cmax = np.percentile(nca["cmax_ng_per_ml"].to_numpy(), [5, 50, 95], method="inverted_cdf")
        lines.append(
            f"{route}: median peak {row['p50_ng_per_ml']:.4g} ng/mL at {row['time_h']:.3g} h "
            f"(5-95 %: {row['p5_ng_per_ml']:.4g}-{row['p95_ng_per_ml']:.4g}); "
            f"Cmax median {cmax[1]:.4g} ng/mL (5-95 %: {cmax[0]:.4g}-{cmax[2]:.4g})"
        )
        probability = result.band_probability
        for name in probability.index:
            lines.append(f"  reaches {name}: {100 * probability[name]:.1f} % of subjects")
    lines.append("")
    lines.append(f"percentiles: {', '.join(f'{p}' for p in PERCENTILES)} (nearest rank)")
    return "\n".join(lines)
