"""Writes examples/data/ketamine_observed.csv: synthetic observed ketamine concentrations.

Simulated with the drug file's default model at nominal F, times 15 % log-normal proportional
noise (seed 14). Run it again after a change of the ketamine defaults:

    .venv/bin/python scripts/make_observed_sample.py
"""

from pathlib import Path

import numpy as np

import pkengine as pk

OUT = Path(__file__).resolve().parents[1] / "examples" / "data" / "ketamine_observed.csv"
TIMES = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8]
#: ID, body weight (kg), route, dose (mg), infusion duration (h), CMT
SUBJECTS = [
    (1, 70.0, "iv_infusion", 35.0, 40 / 60, 1),
    (2, 80.0, "im", 40.0, 0.0, 2),
    (3, 65.0, "intranasal", 50.0, 0.0, 3),
]


def main() -> None:
    drug = pk.load_drug("ketamine")
    rng = np.random.default_rng(14)
    lines = [
        "# Observed ketamine concentrations for pkengine nca and for setting a simulation against data.",
        f"# SYNTHETIC: simulated with the drug file's default model ({drug.default_model}, nominal F) and 15 %",
        "# log-normal proportional noise (seed 14; scripts/make_observed_sample.py); not measured in anyone.",
        "# DV in ng/mL; TIME h; AMT mg; DUR h; WT kg.",
        "# ID 1: 35 mg IV infusion over 40 min at 70 kg; ID 2: 40 mg IM at 80 kg; ID 3: 50 mg intranasal at 65 kg.",
        "ID,TIME,AMT,CMT,DUR,EVID,DV,WT",
    ]
    for subject, weight, route, amount, duration, cmt in SUBJECTS:
        result = pk.simulate(drug.model(weight=weight), pk.Dose(amount, route, duration=duration), times=TIMES)
        noisy = np.asarray(result.concentration_ng_per_ml) * np.exp(rng.normal(0.0, 0.15, len(TIMES)))
        lines.append(f"{subject},0,{amount:g},{cmt},{duration:.6g},1,.,{weight:g}")
        lines += [f"{subject},{t:g},0,1,0,0,{float(f'{c:.3g}'):g},{weight:g}" for t, c in zip(TIMES, noisy)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
