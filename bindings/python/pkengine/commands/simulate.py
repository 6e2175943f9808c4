"""``pkengine simulate``: a NONMEM-format dataset, or one quick dose, to a CSV and a figure."""

from __future__ import annotations

import argparse
import math
import os
from typing import Callable, Dict, Optional

from .. import _core
from ..dataset import cmt_table, plot_dataset, read_dataset, simulate_dataset
from ..drugs import available_drugs, load_drug
from ..simulation import simulate
from ..textfmt import significant
from . import _options as opt

NAME = "simulate"
HELP = "simulate a NONMEM-format dataset (CSV) or one dose of a drug; write a CSV and a figure"
DESCRIPTION = """\
Simulate every ID of a NONMEM-format dataset with a drug's model at the ID's body weight (the WT
column of its first record, kg); parameter columns of the dataset (CL, V1, KA_IM, ...) change it
from their record on. Or simulate a dataset written for NONMEM with one of NONMEM's library models
(--advan N --param CL=...,V=...; CMT, F<n>, ALAG<n>, R<n>, D<n> as NONMEM numbers them). Or simulate
one dose of a drug (--route, --dose, --weight).

The terminal gets a summary; --out writes the rows (CSV, with concentration_mg_per_l and
concentration_ng_per_ml, and the metabolite's, metabolite_concentration_mg_per_l and _ng_per_ml,
where the model has one), --figure the curves with the observations (DV, in --dv-unit).
Units: a bare number is in h, mg or kg; give a unit otherwise (40min, 0.5mg/kg, 2d)."""
EXAMPLES = """\
examples:
  pkengine simulate ketamine_study --drug ketamine --grid 15min --out result.csv --figure result.png
  pkengine simulate --drug ketamine --route im --dose 0.5mg/kg --weight 70 --figure im.png
  pkengine simulate --drug ketamine --route iv_infusion --dose 35mg --duration 40min --out kit.csv
  pkengine simulate nm.csv --advan 2 --param CL=1.1,V=20,KA=1.5 --out nm_out.csv
  pkengine simulate --cmt-table
  pkengine simulate --cmt-table --advan 4 --param CL=3,V2=20,Q=2,V3=30,KA=0.8
  pkengine simulate nm.csv --advan 5 --param K12=1.5,K20=0.055,V2=20 --out nm_out.csv

DATA is a CSV file, or the name of a sample shipped with pkengine (ketamine_study,
ketamine_observed)."""


class CommandError(ValueError):
    """A command-line mistake: printed as one line by the command line, exit status 2."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``pkengine simulate``."""
    p.add_argument("data", nargs="?", metavar="DATA", help="NONMEM-format CSV (ID, TIME, AMT, CMT or ROUTE, ...)")
    p.add_argument("--drug", help="drug name (e.g. ketamine) or drug file (.json)")
    opt.add_model(p)
    opt.add_weight(p, default=None)
    p.add_argument("--route", help="route of the quick dose (iv_bolus, iv_infusion, im, intranasal, oral, sublingual)")
    p.add_argument("--dose", type=opt.dose, help="quick dose, e.g. 35mg or 0.5mg/kg (a bare number is in mg)")
    p.add_argument(
        "--duration", type=opt.quantity("time"), default=0.0, help="infusion duration of the quick dose, e.g. 40min"
    )
    p.add_argument(
        "--t-end",
        type=opt.quantity("time"),
        default=None,
        help="end of the quick curve, e.g. 24h (default: the dose plus five half-lives)",
    )
    p.add_argument(
        "--dt", type=opt.quantity("time"), default=1.0 / 60.0, help="output step of the quick curve (default: 1min)"
    )
    p.add_argument(
        "--grid", type=opt.quantity("time"), help="dataset: also report every GRID (e.g. 15min) as EVID 2 rows"
    )
    p.add_argument(
        "--grid-end",
        type=opt.quantity("time"),
        help="dataset: end of the grid (default: each ID's last dose, ADDL included, plus five half-lives)",
    )
    p.add_argument(
        "--bioavailability", choices=["nominal", "low", "high"], default="nominal", help="end of each F range used"
    )
    opt.add_dv_unit(p)
    opt.add_out(p, "the rows")
    opt.add_figure(p, "the curves (and the observations of a dataset)")
    opt.add_solver(p)
    p.add_argument(
        "--advan",
        type=int,
        choices=[1, 2, 3, 4, 5, 7, 11, 12],
        help="dataset: simulate with NONMEM's library model ADVAN N (CMT numbered as NONMEM's) instead of a drug; "
        "5 and 7 (general linear) take their structure from --param K<m><n>,V<n> (0 = out)",
    )
    p.add_argument(
        "--param",
        default="",
        metavar="NAME=VALUE,...",
        help="--advan: the model's parameters by NONMEM's names, e.g. CL=1.1,V=20,KA=1.5 "
        "(a bare number is in L/h, L or 1/h; or with its unit: 1.1L/h, 20L, 1.5/h), and F<n>, ALAG<n>, R<n>, D<n>",
    )
    p.add_argument(
        "--cmt-table",
        action="store_true",
        help="print the CMT numbering (of the --advan model or the --drug's model, if given) and exit",
    )


#: The kind of quantity of each NONMEM parameter, by the first letters of its name.
_PARAMETER_KINDS = (
    ("CL", "clearance"),
    ("KA", "rate_constant"),
    ("ALAG", "time"),
    ("Q", "clearance"),
    ("K", "rate_constant"),  # ADVAN5/7: K<m><n>
)


def _parameters(text: str) -> Dict[str, float]:
    """``CL=1.1,V=20L,KA=1.5/h`` to {name: value in engine units}."""
    from ..quantity import parse_quantity

    values: Dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip():
            raise CommandError(f"--param: '{item}': expected NAME=VALUE (e.g. CL=1.1)")
        kind = next((k for prefix, k in _PARAMETER_KINDS if name.startswith(prefix)), None)
        if kind is None:
            kind = {"V": "volume", "F": None, "R": None, "D": "time"}.get(name[0], None)
        if kind:
            values[name] = parse_quantity(value, kind, name=f"--param {name}")
            continue
        try:
            values[name] = float(value)
        except ValueError:
            raise CommandError(f"--param {name} = '{value}': expected a number") from None
    return values


def drug_model(drug: str, weight_kg: float, model: Optional[str] = None) -> _core.Model:
    """A drug's Model (by name or drug file) at a body weight (kg)."""
    return load_drug(drug).model(weight=weight_kg, model=model)


def _is_drug(name: str) -> bool:
    return name.endswith(".json") or name in available_drugs()


def run(args: argparse.Namespace) -> int:
    """Runs ``pkengine simulate``; returns the exit status."""
    if args.param and not args.advan:
        raise CommandError("--param sets the parameters of a --advan model; give --advan N")
    if args.cmt_table:
        model = None
        if args.advan:
            model = _advan_model(args)
        elif args.drug:  # the numbering does not depend on the weight
            model = drug_model(args.drug, args.weight or 70.0, args.model)
        print(cmt_table(model).to_string(index=False))
        return 0
    if args.model and not args.drug and _is_drug(args.model):
        raise CommandError(
            f"--model {args.model}: --model is a disposition model id now; give the drug with --drug {args.model}"
        )
    opt.check_writable(args.out, "--out")
    opt.check_writable(args.figure, "--figure", figure=True)
    if args.data and (args.route or args.dose):
        raise CommandError("give a dataset (DATA --drug DRUG) or a quick dose (--drug --route --dose), not both")
    if args.advan:
        if args.drug or not args.data:
            raise CommandError("--advan simulates a dataset with NONMEM's model: give DATA and no --drug")
        return _run_dataset(args)
    if not args.drug:
        raise CommandError("which drug? give --drug DRUG (e.g. --drug ketamine)")
    if args.data:
        return _run_dataset(args)
    return _run_quick(args)


def _weight_model(args: argparse.Namespace, data_source: str) -> Callable[[Dict[str, object]], _core.Model]:
    cache: Dict[float, _core.Model] = {}

    def model_for(subject: Dict[str, object]) -> _core.Model:
        weight = subject.get("WT")
        if weight is None or not isinstance(weight, float) or math.isnan(weight):
            raise CommandError(
                f"{data_source}: ID {subject['ID']}: the model of {args.drug} needs a body weight; add a WT column (kg)"
            )
        if weight not in cache:
            cache[weight] = drug_model(args.drug, weight, args.model)
        return cache[weight]

    return model_for


def _advan_model(args: argparse.Namespace) -> _core.Model:
    """The --advan model with the --param values (all structural parameters are required)."""
    from ..model_params import advan

    return advan(args.advan, **_parameters(args.param))


def _run_dataset(args: argparse.Namespace) -> int:
    from ..samples import sample_path

    model = _advan_model(args) if args.advan else None
    data = read_dataset(sample_path(args.data))
    frame = simulate_dataset(
        data,
        model if model is not None else _weight_model(args, data.source),
        grid=args.grid,
        grid_end=args.grid_end,
        bioavailability=args.bioavailability,
        path=args.path,
        stepper=args.stepper,
        rtol=args.rtol,
        atol=args.atol,
        max_actions=args.max_actions,
        max_output_values=args.max_output_values,
    )
    title = f"ADVAN{args.advan}" if args.advan else _name(args.drug)
    figure = None
    if args.figure:
        figure = plot_dataset(frame, args.dv_unit, title=f"{title}: {_name(data.source)}")
    if args.out:
        frame.to_csv(args.out, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    ids = frame["ID"].unique()
    observed = int(((frame["EVID"] == 0) & frame["DV"].notna()).sum())
    paths = sorted({(frame.attrs["solver"][i], frame.attrs["stepper"][i]) for i in frame.attrs["solver"]})
    how = "; ".join(f"{solver} path, {stepper}" for solver, stepper in paths)
    lines = [
        f"{title}: simulated {len(ids)} ID(s) of {args.data} ({how}): {len(frame)} rows "
        f"(TIME {frame['TIME'].min():g}-{frame['TIME'].max():g} h), {observed} observations (DV in {args.dv_unit})."
    ]
    peaks = frame.groupby("ID", sort=False)["concentration_ng_per_ml"].max()
    shown = ", ".join(f"ID {i} {significant(v)}" for i, v in list(peaks.items())[:12])
    lines.append(f"Cmax (ng/mL): {shown}" + (", ..." if len(peaks) > 12 else ""))
    if not args.out and not args.figure:
        lines.append("Nothing written: --out FILE writes the rows (CSV), --figure FILE the curves.")
    print("\n".join(lines) + opt.written(args.out, args.figure))
    return 0


def _run_quick(args: argparse.Namespace) -> int:
    if not args.route or not args.dose:
        raise CommandError("a quick curve needs --drug, --route, --dose and --weight")
    if args.weight is None:
        raise CommandError("a quick curve needs --weight (e.g. 70kg): drug models scale with body weight")
    value, unit = args.dose
    amount = value * args.weight if unit == "mg/kg" else value
    model = drug_model(args.drug, args.weight, args.model)
    route = _core.Route(args.route)
    dose = _core.Dose(amount, route, duration=args.duration)
    result = simulate(
        model,
        dose,
        t_end=args.t_end,
        dt=args.dt,
        bioavailability=args.bioavailability,
        path=args.path,
        stepper=args.stepper,
        rtol=args.rtol,
        atol=args.atol,
        max_actions=args.max_actions,
        max_output_values=args.max_output_values,
    )
    figure = result.plot() if args.figure else None
    if args.out:
        result.to_dataframe(wide=True).to_csv(args.out, index=False)
    if figure is not None:
        figure.savefig(args.figure, dpi=figure.dpi)
    metrics = _core.nca.compute(result.times, result.concentration_ng_per_ml)
    dose_text = f"{value:g} mg/kg x {args.weight:g} kg = {amount:.4g} mg" if unit == "mg/kg" else f"{amount:g} mg"
    at_weight = "" if unit == "mg/kg" else f" at {args.weight:g} kg"
    lines = [
        f"{_name(args.drug)} {dose_text} {route.label}"
        + (f" over {args.duration * 60:g} min" if args.duration else "")
        + f"{at_weight}; simulated {result.span}, every {args.dt * 60:g} min ({len(result.times)} points).",
        f"Cmax {metrics.cmax:.4g} ng/mL at {metrics.tmax:.3g} h; AUC(0-{result.times[-1]:g} h) "
        f"{metrics.auc_0_t:.4g} ng.h/mL.",
    ]
    if not args.out and not args.figure:
        lines.append("Nothing written: --out FILE writes the curve (CSV), --figure FILE the figure.")
    print("\n".join(lines) + opt.written(args.out, args.figure))
    return 0


def _name(spec: str) -> str:
    """A drug or file name for titles: the file name without its directory and extension."""
    return os.path.splitext(os.path.basename(spec))[0]


__all__ = ["HELP", "NAME", "CommandError", "add_arguments", "drug_model", "run"]
