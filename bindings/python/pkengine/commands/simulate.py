"""``pkengine simulate``: a NONMEM-format dataset, or one quick dose, to a CSV and a figure.

    pkengine simulate DATA.csv --model ketamine --out RESULT.csv [--grid 0.25] [--plot FIG.png]
    pkengine simulate --drug ketamine --route im --dose 0.5mg/kg --weight 70 [--plot FIG.png]
    pkengine simulate --cmt-table

A dataset's IDs each get the drug's model at their body weight (the WT column of their first
record, kg); parameter columns of the dataset (CL, V1, KA_IM, ...) then change it from their
record on. Units: h, mg, mg/L (the CSV also has ng/mL), kg.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import re
import sys
from typing import Callable, Dict, Optional, Sequence

from .. import _core
from ..dataset import cmt_table, read_dataset, simulate_dataset
from ..drugs import load_drug
from ..units import mg_per_l_to_ng_per_ml

NAME = "simulate"
HELP = "simulate a NONMEM-format dataset (CSV) or one dose of a drug; write a CSV and a figure"

#: A dose on the command line: a number and mg or mg/kg ("35mg", "0.5 mg/kg").
_DOSE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(mg/kg|mg)\s*$")


class CommandError(ValueError):
    """A command-line mistake: printed as one line by the command line, exit status 2."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``pkengine simulate``."""
    p.description = __doc__
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("data", nargs="?", help="NONMEM-format CSV (ID, TIME, AMT, CMT or ROUTE, ...)")
    p.add_argument("--model", help="drug name (e.g. ketamine) or drug file (.json) for the dataset")
    p.add_argument("--drug", help="drug name or drug file for a quick curve")
    p.add_argument("--route", help="route of the quick dose (iv_bolus, iv_infusion, im, intranasal, ...)")
    p.add_argument("--dose", help="quick dose: mg or mg/kg, e.g. 35mg or 0.5mg/kg")
    p.add_argument("--duration", type=float, default=0.0, help="infusion duration of the quick dose (h)")
    p.add_argument("--weight", type=float, help="body weight (kg) of the quick dose")
    p.add_argument("--disposition", help="one of the drug's disposition models (default: the drug's default)")
    p.add_argument("--t-end", type=float, default=48.0, help="end of the quick curve (h, default 48)")
    p.add_argument("--dt", type=float, default=1.0 / 60.0, help="output step of the quick curve (h)")
    p.add_argument("--grid", type=float, help="dataset: also report every GRID hours (EVID 2 rows)")
    p.add_argument("--grid-end", type=float, help="dataset: end of the grid (h; default: last record)")
    p.add_argument(
        "--bioavailability", choices=["nominal", "low", "high"], default="nominal", help="end of each F range"
    )
    p.add_argument("--path", choices=["automatic", "exact", "ode"], default="automatic", help="solver path")
    p.add_argument(
        "--stepper",
        choices=["automatic", "dormand_prince5", "rosenbrock4"],
        default="automatic",
        help="ODE path integrator",
    )
    p.add_argument("--rtol", type=float, default=_core.DEFAULT_RTOL, help="ODE path relative tolerance")
    p.add_argument("--atol", type=float, default=_core.DEFAULT_ATOL, help="ODE path absolute tolerance (mg)")
    p.add_argument("--out", help="result CSV (default: standard output)")
    p.add_argument("--plot", help="figure file (PNG, PDF, SVG)")
    p.add_argument("--cmt-table", action="store_true", help="print how CMT numbers map to routes")


def drug_model(drug: str, weight_kg: float, disposition: Optional[str] = None) -> _core.Model:
    """A drug's Model (by name or drug file) at a body weight (kg)."""
    return load_drug(drug).model(weight=weight_kg, model=disposition)


def run(args: argparse.Namespace) -> int:
    """Runs ``pkengine simulate``; returns the exit status."""
    model_loader = functools.partial(drug_model, disposition=args.disposition)
    if args.cmt_table:
        print(cmt_table().to_string(index=False))
        return 0
    if args.data and args.drug:
        raise CommandError("give a dataset (DATA.csv --model MODEL) or a quick dose (--drug ...), not both")
    if args.data:
        return _run_dataset(args, model_loader)
    if args.drug:
        return _run_quick(args, model_loader)
    raise CommandError("nothing to simulate: give DATA.csv --model MODEL, or --drug/--route/--dose")


def _weight_model(
    model_loader: Callable[[str, float], _core.Model], drug: str, data_source: str
) -> Callable[[Dict[str, object]], _core.Model]:
    cache: Dict[float, _core.Model] = {}

    def model_for(subject: Dict[str, object]) -> _core.Model:
        weight = subject.get("WT")
        if weight is None or not isinstance(weight, float) or math.isnan(weight):
            raise CommandError(
                f"{data_source}: ID {subject['ID']}: the model of {drug} needs a body weight; "
                "add a WT column (kg)"
            )
        if weight not in cache:
            cache[weight] = model_loader(drug, weight)
        return cache[weight]

    return model_for


def _run_dataset(args: argparse.Namespace, model_loader) -> int:
    if not args.model:
        raise CommandError("a dataset needs --model (a drug name or a drug file)")
    data = read_dataset(args.data)
    frame = simulate_dataset(
        data,
        _weight_model(model_loader, args.model, data.source),
        grid=args.grid,
        grid_end=args.grid_end,
        bioavailability=args.bioavailability,
        path=args.path,
        stepper=args.stepper,
        rtol=args.rtol,
        atol=args.atol,
    )
    columns = list(frame.columns)
    at = columns.index("concentration_mg_per_l") + 1
    frame.insert(at, "concentration_ng_per_ml", mg_per_l_to_ng_per_ml(frame["concentration_mg_per_l"]))
    _write_csv(frame, args.out)
    ids = frame["ID"].unique()
    paths = sorted({(frame.attrs["solver"][i], frame.attrs["stepper"][i]) for i in frame.attrs["solver"]})
    how = "; ".join(f"{solver}, {stepper}" for solver, stepper in paths)
    print(f"simulated {len(ids)} IDs, {len(frame)} rows from {data.source} ({how})", file=sys.stderr)
    if args.plot:
        _plot_dataset(frame, args.plot, title=f"{_name(args.model)}: {_name(data.source)}")
    return 0


def parse_dose(text: str, weight: Optional[float]) -> float:
    """A command-line dose in mg ("35mg", or "0.5mg/kg" times the weight in kg)."""
    match = _DOSE.match(text or "")
    if not match:
        raise CommandError(f"--dose {text!r}: expected an amount in mg or mg/kg, e.g. 35mg or 0.5mg/kg")
    value, unit = float(match.group(1)), match.group(2)
    if unit == "mg":
        return value
    if weight is None:
        raise CommandError(f"--dose {text}: a dose in mg/kg needs --weight (kg)")
    return _core.Dose.per_kg(value, weight, "iv_bolus").amount


def _run_quick(args: argparse.Namespace, model_loader) -> int:
    if not args.route or not args.dose:
        raise CommandError("a quick curve needs --drug, --route, --dose and --weight")
    if args.weight is None:
        raise CommandError("a quick curve needs --weight (kg): drug models scale with body weight")
    amount = parse_dose(args.dose, args.weight)
    model = model_loader(args.drug, args.weight)
    route = _core.Route(args.route)
    dose = _core.Dose(amount, route, duration=args.duration)
    times = _core.OutputTimes.uniform(0.0, args.t_end, args.dt)
    options = _core.SimulationOptions(
        _core.FChoice(args.bioavailability),
        _core.SolverPath(args.path),
        _core.Stepper(args.stepper),
        args.rtol,
        args.atol,
    )
    result = _core.simulate(model, _core.Regimen.single(dose), times, options)
    frame = result.to_dataframe(wide=True)
    frame.insert(2, "concentration_ng_per_ml", mg_per_l_to_ng_per_ml(frame["concentration_mg_per_l"]))
    _write_csv(frame, args.out)
    metrics = _core.nca.compute(result.times, result.concentration_ng_per_ml)
    print(
        f"{_name(args.drug)} {amount:g} mg {route.label} at {args.weight:g} kg: "
        f"Cmax {metrics.cmax:.4g} ng/mL "
        f"at {metrics.tmax:.3g} h, AUC(0-{args.t_end:g} h) {metrics.auc_0_t:.4g} ng*h/mL",
        file=sys.stderr,
    )
    if args.plot:
        curve = (f"{amount:g} mg {route.label}", result.times, result.concentration_ng_per_ml, None, None)
        _plot_panels([[curve]], args.plot, title=f"{_name(args.drug)}, {args.weight:g} kg")
    return 0


def _name(spec: str) -> str:
    """A drug or file name for titles: the file name without its directory and extension."""
    return os.path.splitext(os.path.basename(spec))[0]


def _write_csv(frame, out: Optional[str]) -> None:
    if out:
        frame.to_csv(out, index=False)
    else:
        frame.to_csv(sys.stdout, index=False)


#: Beyond this many IDs the figure overlays every curve on one panel.
_MAX_PANELS = 12


def _plot_dataset(frame, path: str, title: str) -> None:
    curves = []
    for subject_id, rows in frame.groupby("ID", sort=False):
        observed = rows[rows["DV"].notna() & (rows["EVID"] == 0)]
        curves.append(
            (
                f"ID {subject_id}",
                rows["TIME"].to_numpy(),
                rows["concentration_ng_per_ml"].to_numpy(),
                observed["TIME"].to_numpy(),
                mg_per_l_to_ng_per_ml(observed["DV"].to_numpy()),
            )
        )
    panels = [[c] for c in curves] if len(curves) <= _MAX_PANELS else [curves]
    _plot_panels(panels, path, title)


def _plot_panels(panels: Sequence[Sequence], path: str, title: str) -> None:
    """One panel per list of curves (label, t, c, t_obs, dv_obs); concentrations in ng/mL."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols + 0.6, 2.9 * rows + 0.6), squeeze=False)
    for ax, curves in zip(axes.flat, panels):
        for label, t, c, t_obs, dv in curves:
            line = ax.plot(t, c, label=label)[0]
            if t_obs is not None and len(t_obs):
                ax.plot(t_obs, dv, "o", color=line.get_color(), markersize=4)
        ax.set_xlabel("time (h)")
        ax.set_ylabel("concentration (ng/mL)")
        ax.grid(alpha=0.3)
        if len(curves) == 1:
            ax.set_title(curves[0][0], fontsize="medium")
        else:
            ax.legend(fontsize="small")
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


__all__ = ["HELP", "NAME", "CommandError", "add_arguments", "drug_model", "parse_dose", "run"]
