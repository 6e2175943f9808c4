"""Ketamine from Python: 0.5 mg/kg by every route, one literature preset, the KIT series timeline,
and the check of the defaults against published observations.

Usage: python examples/python/ketamine_routes.py [OUTPUT_DIR]   (figures are written there; default: out)

Everything comes from the drug file engine/data/drugs/ketamine.json: the Domino 1984 disposition
(the default model), each route's bioavailability with its literature range, absorption fitted to
published human observations (IM: derived from a Tmax), the protocols, the concentration bands
and the observations themselves, each with its reference.
"""

import sys
from pathlib import Path

import pkengine as pk


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    drug = pk.load_drug("ketamine")

    comparison = pk.compare_routes(drug, dose=0.5, dose_unit="mg/kg", weight=70)
    print(comparison.to_text())
    comparison.plot(str(out_dir / "ketamine_routes_python.png"))

    # The intranasal route with Yanagihara's bioavailability instead of the default (Singh 2022).
    preset = pk.compare_routes(
        drug, dose=50, dose_unit="mg", routes=["intranasal"], alternatives=["intranasal_yanagihara2003"]
    )
    row = preset.table.iloc[0]
    print(
        f"\nintranasal 50 mg, {drug.route_alternatives['intranasal_yanagihara2003'].title}: "
        f"Cmax {row['cmax_ng_per_ml']:.1f} ng/mL [{row['cmax_ng_per_ml_f_low']:.1f}-{row['cmax_ng_per_ml_f_high']:.1f}]"
    )

    timeline = pk.protocol_timeline(drug, "kit_series_murrough2013", weight=70, sessions=[24, 150])
    print()
    print(timeline.to_text())
    timeline.plot(str(out_dir / "ketamine_kit_series_python.png"))

    check = drug.check()
    print(f"\n{check.verdict()}")
    print(f"\nfigures: {out_dir / 'ketamine_routes_python.png'}, {out_dir / 'ketamine_kit_series_python.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
