"""``pkengine drugs``: the drugs found, with their models, routes, presets, protocols and bands."""

from __future__ import annotations

import argparse
import textwrap
from typing import List

from ..drugs import available_drugs, load_drug
from ..textfmt import significant, text_table
from ..units import mg_per_l_to_ng_per_ml

NAME = "drugs"
HELP = "list the drugs found (PKENGINE_DRUG_PATH, then the package) with models, routes, protocols"
DESCRIPTION = """\
Describe drugs: their disposition models (ids for --model), routes with F ranges and ka, route
alternatives (ids for --alternative), protocols (ids for pkengine protocol), concentration bands
(ng/mL), the integration window. Without DRUG: every drug found (PKENGINE_DRUG_PATH, then the
package)."""
EXAMPLES = """\
examples:
  pkengine drugs
  pkengine drugs ketamine --references"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="DRUG", help="drug names or JSON paths (default: every drug found)")
    parser.add_argument("--references", action="store_true", help="also list every reference")


def _ka_text(drug, route_name: str, spec, alternative: str = "") -> str:
    if spec is None:
        return "-"
    ka = drug.ka(route_name, alternative=alternative or None)
    if spec.method == "derived_from_tmax":
        # The Tmax is the input the ka was solved from, not a result to compare with data.
        return f"{significant(ka)} /h (derived from an input Tmax of {spec.tmax * 60:.3g} min)"
    if spec.method == "derived_from_half_life":
        return f"{significant(ka)} /h (from t1/2 {spec.half_life * 60:.3g} min)"
    if spec.method == "fitted":
        return f"{significant(ka)} /h (fitted to {len(spec.fitted_to)} observations)"
    return f"{significant(ka)} /h (published)"


def _transit_text(route) -> str:
    if route.transit is None:
        return "-"
    t = route.transit
    return f"{t.n + 1} x MTT {t.mtt * 60:.3g} min"


def _f_text(f) -> str:
    if f.low == f.high == f.nominal:
        return f"{f.nominal:.2f}"
    return f"{f.nominal:.2f} [{f.low:.2f}-{f.high:.2f}]"


def describe(drug, references: bool = False) -> str:
    """A plain-text overview of a loaded drug."""
    out: List[str] = [f"{drug.name}  ({drug.source})"]
    out += textwrap.wrap(drug.description, 100, initial_indent="  ", subsequent_indent="  ")
    out.append("")
    out.append(f"  models (default {drug.default_model}):")
    rows = []
    for m in drug.models.values():
        rows.append(
            [m.id, f"{m.compartments}-cmt", m.parameterisation, m.weight_scaling, m.enantiomer, m.model_kind, m.title]
        )
    out.append(
        text_table(["id", "cmt", "parameters", "scaling", "enantiomer", "kind", "title"], rows, "    ", "lllllll")
    )
    if not drug.routes:
        out += ["", "  routes: each model's own (general linear models: compartments, F, ka, zero-order input)"]
    else:
        out += ["", f"  routes (ka with {drug.default_model}; Tmax-derived ka depend on the model):"]
        rows = []
        for name, r in drug.routes.items():
            rows.append(
                [
                    name,
                    _f_text(r.f),
                    _ka_text(drug, name, r.ka),
                    _transit_text(r),
                    f"{r.lag * 60:g} min" if r.ka else "-",
                    f"{r.fraction_swallowed:g}" if r.ka else "-",
                ]
            )
        out.append(
            text_table(["route", "F nominal [low-high]", "ka", "transit", "lag", "swallowed"], rows, "    ", "llllrr")
        )
    out += ["", "  route alternatives (replace the route's F, and ka when given):"]
    rows = []
    for a in drug.route_alternatives.values():
        route = a.route.label
        rows.append([a.id, route, _f_text(a.f), _ka_text(drug, route, a.ka, a.id) if a.ka else "route's", a.title])
    out.append(text_table(["id", "route", "F", "ka", "title"], rows, "    ", "lllll"))
    out += ["", "  protocols (doses per administration; mg/kg x body weight):"]
    rows = []
    for p in drug.protocols.values():
        doses = "; ".join(
            f"{a.dose:g} {'mg/kg' if a.dose_per_kg else 'mg'} {a.route.label}"
            + (f" over {a.duration * 60:g} min" if a.duration else "")
            + f" x{len(a.times)}"
            for a in p.administrations
        )
        rows.append([p.id, p.context, p.enantiomer, doses, p.title])
    out.append(text_table(["id", "context", "enantiomer", "doses", "title"], rows, "    ", "lllll"))
    out += ["", "  concentration bands (ng/mL):"]
    rows = []
    for b in drug.bands:
        if b.shape == "range":
            extent = f"{significant(float(mg_per_l_to_ng_per_ml(b.low)))}-{significant(float(mg_per_l_to_ng_per_ml(b.high)))}"
        elif b.shape == "above":
            extent = f">= {significant(float(mg_per_l_to_ng_per_ml(b.low)))}"
        else:
            extent = f"= {significant(float(mg_per_l_to_ng_per_ml(b.nominal)))}"
        if b.spread is not None:
            extent += f" (SD {significant(float(mg_per_l_to_ng_per_ml(b.spread)))})"
        kind = b.kind + (f" after {b.regimen}" if b.regimen else "")
        rows.append([b.name, b.enantiomer, kind, extent, b.meaning])
    out.append(text_table(["name", "enantiomer", "kind", "ng/mL", "meaning"], rows, "    ", "lllrl"))
    out += ["", f"  integration window: {drug.integration_window_h:g} h after each administration"]
    out.append(f"  dose basis: {drug.dose_basis}")
    if references:
        out += ["", "  references:"]
        for ref in drug.references.values():
            out.append(f"    [{ref.id}] ({ref.status}) {ref.citation}")
            out.append(f"        read: {ref.where_read}")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    names = args.names or available_drugs()
    if not names:
        print("no drug files found (set PKENGINE_DRUG_PATH)")
        return 1
    drugs = [load_drug(name) for name in names]  # every name found before anything is printed
    print(f"{len(names)} drug(s): {', '.join(names)}\n")
    for drug in drugs:
        print(describe(drug, references=args.references))
        print()
    return 0
