"""Ketamine 0.5 mg/kg (70 kg) by each of the six routes: Cmax, Tmax and AUC per route.

Disposition: Domino 1984 three-compartment model (V1 0.063 L/kg; micro-constants per minute),
as transcribed in ketamine.md section 1.1. Bioavailability: the project's founding figures
(IV 1, IM 0.93, intranasal 0.25-0.50, oral and sublingual 0.10-0.30; nominal values from the
literature rows of ketamine.md section 2.1). No adult absorption rate constant is published for
these routes, so each ka is derived from a published Tmax with this disposition model.
"""

import numpy as np

import pkengine as pk

WEIGHT_KG = 70.0
DOSE_MG_PER_KG = 0.5
INFUSION_H = 40.0 / 60.0

# Domino 1984 (ketamine.md 1.1): V1 = 0.063 L/kg; k10, k12, k21, k13, k31 in 1/min.
PER_MIN = 60.0
DOMINO = pk.Disposition.from_micro_constants(
    3,
    pk.MicroConstants(0.4381 * PER_MIN, 0.5921 * PER_MIN, 0.2470 * PER_MIN, 0.5900 * PER_MIN, 0.0146 * PER_MIN),
    0.063 * WEIGHT_KG,
)

# route: (F nominal, low, high, Tmax in h from which ka is derived)
ROUTES = {
    "im": (0.93, 0.93, 0.93, 15 / 60),  # F: seed; Tmax 5-15 min (ketamine.md 2.1, S)
    "intranasal": (0.45, 0.25, 0.50, 20 / 60),  # F: Yanagihara 2003 in seed range; Tmax Malinovsky 1996
    "oral": (0.20, 0.10, 0.30, 0.96),  # F: Yanagihara 2003; Tmax Chong 2006
    "sublingual": (0.29, 0.10, 0.30, 0.75),  # F: Rolan 2014; Tmax Rolan 2014
}


def build_model() -> pk.Model:
    model = pk.Model(DOMINO)
    for route, (f, low, high, tmax) in ROUTES.items():
        ka = pk.ka_for_tmax(DOMINO, tmax)
        model.set_absorption(route, pk.Absorption(pk.Bioavailability(f, low, high), ka=ka))
    return model


def main() -> None:
    model = build_model()
    dose_mg = DOSE_MG_PER_KG * WEIGHT_KG
    print(f"Ketamine {DOSE_MG_PER_KG} mg/kg x {WEIGHT_KG:g} kg = {dose_mg:g} mg, Domino 1984 model")
    print(f"{'route':<12}{'F':>6}{'ka /h':>8}{'Cmax ng/mL':>12}{'Tmax min':>10}{'AUC ng.h/mL':>13}")
    for route in pk.ALL_ROUTES:
        duration = INFUSION_H if route == pk.Route.IV_INFUSION else 0.0
        result = pk.simulate(model, pk.Dose(dose_mg, route, duration=duration), t_end=48.0)
        metrics = pk.nca.compute(result.times, result.concentration_ng_per_ml)
        f = model.bioavailability(route).nominal
        ka = model.absorption(route).ka if route.is_absorbed else float("nan")
        print(
            f"{route.label:<12}{f:>6.2f}{ka:>8.2f}{metrics.cmax:>12.1f}"
            f"{metrics.tmax * 60:>10.1f}{metrics.auc_0_t:>13.1f}"
        )


if __name__ == "__main__":
    main()
