"""pkengine against its peers on the same curves, in one process run.

Two cases (docs/design.md, "Reference case"):
  reference  Domino 1984 three-compartment ketamine model at 70 kg plus a depot (ka 3 /h, F 1),
             50 mg into the depot at t = 0, outputs every minute from 0 to 48 h (2881 points);
  kit        the same disposition, six 0.5 mg/kg infusions over 40 min at 70 kg on days
             0, 2, 4, 7, 9, 11, outputs every minute from 0 to 312 h (18721 points).

Engines: pkengine (the exact path, and the ODE path with each stepper), scipy solve_ivp (LSODA
with the analytic Jacobian at rtol = atol = 1e-8 as in docs/design.md ("Reference case"); DOP853) and
libRoadRunner (CVODE; the model written as SBML by this script, the dose and the infusions as
SBML events). The ODE solvers run at tolerances that put them in one accuracy class (relative
error about 1e-6), so no engine buys speed with accuracy.

First every engine's concentration is checked against an exact solution computed here, by
eigendecomposition of the system matrix (independent of pkengine's matrix exponential): an
engine that misses its accuracy bound stops the run. Then every engine is timed on every case,
interleaved (engine after engine, repetition after repetition), and the medians are printed as a
Markdown table. Last, the cost of calling pk.simulate from Python is measured against the C++
time of the same curve, in this process.

Units: h, mg, L, 1/h, mg/L.

    python benchmarks/compare_peers.py [--repetitions 7] [--block-seconds 0.1]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np

import pkengine as pk

PER_MINUTE_TO_PER_HOUR = 60.0
WEIGHT_KG = 70.0
V1_L = 0.063 * WEIGHT_KG
K10, K12, K21, K13, K31 = (k * PER_MINUTE_TO_PER_HOUR for k in (0.4381, 0.5921, 0.2470, 0.5900, 0.0146))
KA_PER_H = 3.0
REFERENCE_DOSE_MG = 50.0
KIT_DOSE_MG = 0.5 * WEIGHT_KG
KIT_DURATION_H = 40.0 / 60.0
KIT_DAYS = (0.0, 2.0, 4.0, 7.0, 9.0, 11.0)

# Accuracy: relative error where the exact concentration is at least this fraction of its peak
# (below it, every tolerance-driven solver is ruled by its absolute tolerance).
RELATIVE_FLOOR = 1e-3
# Bounds each engine must meet before it is timed: the exact path is held to the 1e-9 of docs/design.md; the
# ODE solvers to one common accuracy class.
EXACT_BOUND = 1e-9
ODE_BOUND = 1e-5


@dataclass(frozen=True)
class Case:
    """One curve to compute: a dosing scenario and its output grid."""

    name: str
    times_h: np.ndarray
    depot_dose_mg: float  # into the depot at t = 0
    infusions: Tuple[Tuple[float, float, float], ...]  # (start h, stop h, rate mg/h)

    def breakpoints(self) -> List[float]:
        """Times where the right-hand side jumps (infusion starts and stops), in order."""
        points = sorted({t for start, stop, _ in self.infusions for t in (start, stop)})
        return [t for t in points if 0.0 < t < self.times_h[-1]]


def minute_grid(stop_h: float) -> np.ndarray:
    count = int(round(stop_h * 60.0)) + 1
    return np.linspace(0.0, stop_h, count)


CASES = (
    Case("reference", minute_grid(48.0), REFERENCE_DOSE_MG, ()),
    Case(
        "kit",
        minute_grid(KIT_DAYS[-1] * 24.0 + 48.0),
        0.0,
        tuple((d * 24.0, d * 24.0 + KIT_DURATION_H, KIT_DOSE_MG / KIT_DURATION_H) for d in KIT_DAYS),
    ),
)


# The system x' = A x + b with x = (central, peripheral1, peripheral2, depot) in mg.
A = np.array(
    [
        [-(K10 + K12 + K13), K21, K31, KA_PER_H],
        [K12, -K21, 0.0, 0.0],
        [K13, 0.0, -K31, 0.0],
        [0.0, 0.0, 0.0, -KA_PER_H],
    ]
)
CENTRAL, DEPOT = 0, 3


def exact_concentration(case: Case) -> np.ndarray:
    """Closed form by eigendecomposition A = V diag(lam) V^-1 (all eigenvalues real, negative,
    distinct): a depot dose x0 gives V e^{lam t} V^-1 x0; an infusion of rate R over [s, e] adds
    V diag((e^{lam (t - s)} - e^{lam (t - min(t, e))}) / lam) V^-1 R e_central for t > s."""
    lam, vectors = np.linalg.eig(A)
    if np.max(np.abs(lam.imag)) != 0.0 or np.max(lam.real) >= 0.0:
        raise RuntimeError("the reference system should have real negative eigenvalues")
    lam = lam.real
    vectors = vectors.real
    inverse = np.linalg.inv(vectors)
    t = case.times_h
    x = np.zeros((4, t.size))
    if case.depot_dose_mg:
        x0 = np.zeros(4)
        x0[DEPOT] = case.depot_dose_mg
        x += vectors @ (np.exp(np.outer(lam, t)) * (inverse @ x0)[:, None])
    for start, stop, rate in case.infusions:
        b = np.zeros(4)
        b[CENTRAL] = rate
        after = t > start
        since_stop = t[after] - np.minimum(t[after], stop)
        # e^{lam (t-s)} - e^{lam (t-e')} = e^{lam (t-e')} (e^{lam (e'-s)} - 1), e' = min(t, e)
        weights = np.exp(np.outer(lam, since_stop)) * np.expm1(np.outer(lam, t[after] - since_stop - start))
        x[:, after] += vectors @ (weights / lam[:, None] * (inverse @ b)[:, None])
    return x[CENTRAL] / V1_L


def check_exact_by_expm(case: Case, exact: np.ndarray) -> float:
    """Cross-checks the closed form against scipy.linalg.expm of the augmented matrix on a
    coarse subset of the grid (stepping exactly from breakpoint to breakpoint)."""
    from scipy.linalg import expm

    t = case.times_h
    picks = np.unique(np.concatenate([np.arange(0, t.size, 97), [t.size - 1]]))
    events = sorted({0.0, *case.breakpoints()})
    worst = 0.0
    for i in picks:
        x = np.zeros(4)
        x[DEPOT] = case.depot_dose_mg
        now = 0.0
        for target in [e for e in events if 0.0 < e < t[i]] + [t[i]]:
            rate = sum(r for s, e, r in case.infusions if s <= now < e)
            m = np.zeros((5, 5))
            m[:4, :4] = A * (target - now)
            m[CENTRAL, 4] = rate * (target - now)
            x = (expm(m) @ np.append(x, 1.0))[:4]
            now = target
        c = x[CENTRAL] / V1_L
        if exact[i] >= RELATIVE_FLOOR * exact.max():
            worst = max(worst, abs(c - exact[i]) / exact[i])
    return worst


def errors(concentration: np.ndarray, exact: np.ndarray) -> Tuple[float, float]:
    """(max relative error where exact >= RELATIVE_FLOOR x peak, max |error| / peak)."""
    peak = exact.max()
    mask = exact >= RELATIVE_FLOOR * peak
    relative = np.max(np.abs(concentration[mask] - exact[mask]) / exact[mask])
    scaled = np.max(np.abs(concentration - exact)) / peak
    return float(relative), float(scaled)


# ------------------------------------------------------------------------------------------ engines


@dataclass
class Engine:
    """A way to compute a case: `prepare(case)` returns a zero-argument callable giving the
    concentration (mg/L) on the case's grid; all set-up that a user would do once is outside it."""

    name: str
    settings: str
    bound: float
    prepare: Callable[[Case], Callable[[], np.ndarray]]


def pkengine_inputs(case: Case):
    model = pk.Model(pk.Disposition.from_micro_constants(3, pk.MicroConstants(K10, K12, K21, K13, K31), V1_L))
    model.set_absorption("im", pk.Absorption(pk.Bioavailability(1.0), ka=KA_PER_H))
    events = []
    if case.depot_dose_mg:
        events.append(pk.DoseEvent(0.0, case.depot_dose_mg, "im"))
    for start, stop, _ in case.infusions:
        events.append(pk.DoseEvent(start, KIT_DOSE_MG, "iv_infusion", duration=stop - start))
    step = case.times_h[1] - case.times_h[0]
    times = pk.OutputTimes.uniform(0.0, float(case.times_h[-1]), step)
    return model, pk.Regimen(events), times


def pkengine_engine(name: str, settings: str, bound: float, solver: str, **options) -> Engine:
    """pk.simulate with prebuilt inputs; `options` are its keyword arguments, and the result must
    report `solver` as the path that ran."""

    def prepare(case: Case) -> Callable[[], np.ndarray]:
        model, regimen, times = pkengine_inputs(case)
        ran = pk.simulate(model, regimen, times, **options).solver
        if ran != solver:
            raise RuntimeError(f"{name}: expected the {solver} path, pkengine ran {ran}")
        return lambda: pk.simulate(model, regimen, times, **options).concentration

    return Engine(name, settings, bound, prepare)


def scipy_engine(method: str, rtol: float, atol: float, jacobian: bool) -> Engine:
    """solve_ivp integrated piecewise between the right-hand side's jumps (infusion starts and
    stops), as a careful scipy user would, with the outputs of each piece by t_eval."""
    from scipy.integrate import solve_ivp

    def prepare(case: Case) -> Callable[[], np.ndarray]:
        t = case.times_h
        edges = [0.0, *case.breakpoints(), float(t[-1])]
        pieces = []
        for start, stop in zip(edges[:-1], edges[1:]):
            lo, hi = np.searchsorted(t, start, "left"), np.searchsorted(t, stop, "left")
            rate = sum(r for s, e, r in case.infusions if s <= start < e)
            b = np.array([rate, 0.0, 0.0, 0.0])
            pieces.append((start, stop, lo, hi, b))
        x0 = np.array([0.0, 0.0, 0.0, case.depot_dose_mg])
        extra = {"jac": lambda _t, _y: A} if jacobian else {}

        def run() -> np.ndarray:
            out = np.empty(t.size)
            x = x0
            for start, stop, lo, hi, b in pieces:
                # The piece's end is always evaluated too: it starts the next piece.
                sol = solve_ivp(
                    lambda _t, y, b=b: A @ y + b,
                    (start, stop),
                    x,
                    method=method,
                    t_eval=np.append(t[lo:hi], stop),
                    rtol=rtol,
                    atol=atol,
                    **extra,
                )
                if not sol.success:
                    raise RuntimeError(f"scipy {method}: {sol.message}")
                out[lo:hi] = sol.y[CENTRAL, : hi - lo]
                x = sol.y[:, -1]
            out[-1] = x[CENTRAL]  # the grid ends where the last piece does
            return out / V1_L

        return run

    jac = ", analytic Jacobian" if jacobian else ""
    return Engine(f"scipy {method}", f"rtol {rtol:g}, atol {atol:g}{jac}", ODE_BOUND, prepare)


MATHML = 'xmlns="http://www.w3.org/1998/Math/MathML"'
SBML_TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>'


def ci(name: str) -> str:
    return f"<ci>{name}</ci>"


def cn(value: float) -> str:
    return f"<cn>{value!r}</cn>"


def apply(op: str, *args: str) -> str:
    return f"<apply><{op}/>{''.join(args)}</apply>"


def sbml_rules() -> List[str]:
    """Rate rules of the four amounts (mg) and C = central / V1 (mg/L)."""

    def rate_rule(variable: str, body: str) -> str:
        return f'<rateRule variable="{variable}"><math {MATHML}>{body}</math></rateRule>'

    def flow(k: str, amount: str) -> str:
        return apply("times", ci(k), ci(amount))

    into_central = apply("plus", flow("ka", "depot"), flow("k21", "periph1"), flow("k31", "periph2"), ci("R"))
    out_of_central = apply("times", apply("plus", ci("k10"), ci("k12"), ci("k13")), ci("central"))
    return [
        rate_rule("depot", apply("minus", flow("ka", "depot"))),
        rate_rule("central", apply("minus", into_central, out_of_central)),
        rate_rule("periph1", apply("minus", flow("k12", "central"), flow("k21", "periph1"))),
        rate_rule("periph2", apply("minus", flow("k13", "central"), flow("k31", "periph2"))),
        f'<assignmentRule variable="C"><math {MATHML}>{apply("divide", ci("central"), ci("V1"))}</math></assignmentRule>',
    ]


def sbml_event(ident: str, at_h: float, variable: str, body: str) -> str:
    """An event at time `at_h` (h) assigning `body` (MathML) to `variable`."""
    trigger = apply("geq", SBML_TIME, cn(at_h))
    return (
        f'<event id="{ident}" useValuesFromTriggerTime="true">'
        f'<trigger initialValue="false" persistent="true"><math {MATHML}>{trigger}</math></trigger>'
        f'<listOfEventAssignments><eventAssignment variable="{variable}"><math {MATHML}>{body}</math>'
        "</eventAssignment></listOfEventAssignments></event>"
    )


def sbml_model(case: Case) -> str:
    """The case as SBML Level 3: amounts as parameters with rate rules, C = central / V1, the
    depot dose and every infusion start and stop as events (R is the infusion rate, mg/h)."""
    constants = {"ka": KA_PER_H, "k10": K10, "k12": K12, "k21": K21, "k13": K13, "k31": K31, "V1": V1_L}
    parameters = [f'<parameter id="{n}" value="{v!r}" constant="true"/>' for n, v in constants.items()]
    variables = ("depot", "central", "periph1", "periph2", "R", "C")
    parameters += [f'<parameter id="{n}" value="0.0" constant="false"/>' for n in variables]
    events = []
    if case.depot_dose_mg:
        events.append(sbml_event("dose", 0.0, "depot", apply("plus", ci("depot"), cn(case.depot_dose_mg))))
    for i, (start, stop, rate) in enumerate(case.infusions):
        events.append(sbml_event(f"infusion{i}_on", start, "R", cn(rate)))
        events.append(sbml_event(f"infusion{i}_off", stop, "R", cn(0.0)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">'
        f'<model id="{case.name}"><listOfParameters>{"".join(parameters)}</listOfParameters>'
        f"<listOfRules>{''.join(sbml_rules())}</listOfRules><listOfEvents>{''.join(events)}</listOfEvents>"
        "</model></sbml>"
    )


def roadrunner_engine(rtol: float, atol: float) -> Engine:
    """libRoadRunner with its default CVODE (stiff, BDF) integrator; each curve is a reset and
    a simulate over the case's grid."""
    import roadrunner

    def prepare(case: Case) -> Callable[[], np.ndarray]:
        runner = roadrunner.RoadRunner(sbml_model(case))
        runner.integrator.relative_tolerance = rtol
        runner.integrator.absolute_tolerance = atol
        runner.timeCourseSelections = ["C"]
        t = case.times_h

        def run() -> np.ndarray:
            runner.reset()
            return np.asarray(runner.simulate(float(t[0]), float(t[-1]), int(t.size)))[:, 0]

        return run

    return Engine(f"libRoadRunner {roadrunner.__version__}", f"CVODE, rtol {rtol:g}, atol {atol:g}", ODE_BOUND, prepare)


def engines() -> List[Engine]:
    # The ODE path at the tolerances that put it in the accuracy class of LSODA at 1e-8 (its
    # defaults, rtol 1e-8 and atol 1e-12 mg, are about 100 times more accurate than that).
    return [
        pkengine_engine("pkengine exact", "matrix exponential", EXACT_BOUND, "exact"),
        pkengine_engine(
            "pkengine ODE dopri5",
            "Dormand–Prince 5(4), rtol 1e-06, atol 1e-10",
            ODE_BOUND,
            "ode",
            path="ode",
            stepper="dormand_prince5",
            rtol=1e-6,
            atol=1e-10,
        ),
        pkengine_engine(
            "pkengine ODE rosenbrock4",
            "Rosenbrock 4, rtol 1e-06, atol 1e-08",
            ODE_BOUND,
            "ode",
            path="ode",
            stepper="rosenbrock4",
            rtol=1e-6,
            atol=1e-8,
        ),
        scipy_engine("LSODA", 1e-8, 1e-8, jacobian=True),
        scipy_engine("DOP853", 1e-10, 1e-12, jacobian=False),
        roadrunner_engine(1e-8, 1e-8),
    ]


# ------------------------------------------------------------------------------------------- timing


def calls_per_block(run: Callable[[], object], block_seconds: float) -> int:
    """How many calls fill about `block_seconds` (so the clock's resolution does not matter)."""
    start = time.perf_counter()
    run()
    once = time.perf_counter() - start
    return max(1, int(block_seconds / max(once, 1e-9)))


def time_block(run: Callable[[], object], calls: int) -> float:
    """Seconds per call over one block of `calls` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def time_interleaved(
    runs: Dict[str, Callable[[], object]], repetitions: int, block_seconds: float
) -> Dict[str, List[float]]:
    """Per-call seconds of every run, one block each per repetition, in turn (so a busy moment
    of the machine falls on every engine alike)."""
    calls = {key: calls_per_block(run, block_seconds) for key, run in runs.items()}
    samples: Dict[str, List[float]] = {key: [] for key in runs}
    for _ in range(repetitions):
        for key, run in runs.items():
            samples[key].append(time_block(run, calls[key]))
    return samples


def format_seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


# --------------------------------------------------------------------------------------------- main


def check_accuracy(
    all_engines: Sequence[Engine], runs: Dict[Tuple[str, str], Callable[[], np.ndarray]], exact: Dict[str, np.ndarray]
) -> Dict[Tuple[str, str], Tuple[float, float]]:
    """Every engine's curve against the exact one; raises SystemExit naming any that misses its bound."""
    measured = {}
    failures = []
    for case in CASES:
        for engine in all_engines:
            first = runs[(engine.name, case.name)]()
            again = runs[(engine.name, case.name)]()  # a second curve: no state carried over
            rel, scaled = max(errors(first, exact[case.name]), errors(again, exact[case.name]))
            measured[(engine.name, case.name)] = (rel, scaled)
            if not rel <= engine.bound:
                failures.append(f"{engine.name} on {case.name}: relative error {rel:.2e} > {engine.bound:.0e}")
    if failures:
        raise SystemExit("accuracy check failed:\n  " + "\n  ".join(failures))
    return measured


def python_overhead(repetitions: int, block_seconds: float) -> Tuple[List[str], float]:
    """pk.simulate from Python against the C++ time of the same curve, both in this process and
    heap. Each repetition times a C++ block and then each Python call; the overhead is the median
    of the per-repetition differences (robust to the machine getting busier or quieter).
    Returns the table and the overhead of pk.simulate with prebuilt inputs (s)."""
    case = CASES[0]
    model, regimen, times = pkengine_inputs(case)
    options = pk.SimulationOptions()
    dose = pk.Dose(REFERENCE_DOSE_MG, "im")
    cpp_key = "C++ simulate(), timed in C++"
    calls = calls_per_block(lambda: pk.simulate(model, regimen, times), block_seconds)
    runs: Dict[str, Callable[[], object]] = {
        "pk._core.simulate(model, regimen, times, options)": lambda: pk._core.simulate(model, regimen, times, options),
        "pk.simulate(model, regimen, times)": lambda: pk.simulate(model, regimen, times),
        "pk.simulate(model, dose, t_end=48, dt=1/60)": lambda: pk.simulate(model, dose, t_end=48.0, dt=1.0 / 60.0),
    }
    samples: Dict[str, List[float]] = {cpp_key: [], **{key: [] for key in runs}}
    above: Dict[str, List[float]] = {key: [] for key in runs}
    for _ in range(repetitions):
        cpp = pk._core._seconds_per_simulate(model, regimen, times, options, calls)
        samples[cpp_key].append(cpp)
        for key, run in runs.items():
            seconds = time_block(run, calls)
            samples[key].append(seconds)
            above[key].append(seconds - cpp)
    lines = ["| call | median per call | above the C++ time (median of pairs) |", "| --- | ---: | ---: |"]
    lines.append(f"| {cpp_key} | {format_seconds(statistics.median(samples[cpp_key]))} | — |")
    for key in runs:
        median = statistics.median(samples[key])
        lines.append(f"| `{key}` | {format_seconds(median)} | {format_seconds(statistics.median(above[key]))} |")
    return lines, statistics.median(above["pk.simulate(model, regimen, times)"])


def targets(engine_names: Sequence[str], samples: Dict[Tuple[str, str], List[float]], overhead: float) -> List[str]:
    """The targets of docs/design.md ("Reference case") this run measures, each met or missed."""
    lines = ["| target (docs/design.md) | measured | |", "| --- | ---: | --- |"]

    def speedup(fast: str, slow: str) -> float:
        return statistics.median(samples[(slow, "reference")]) / statistics.median(samples[(fast, "reference")])

    def row(what: str, measured: float, bound: float) -> None:
        verdict = "met" if measured >= bound else f"missed by {bound / measured:.1f}×"
        lines.append(f"| {what} ≥ {bound:,.0f}× | {measured:,.0f}× | {verdict} |")

    roadrunner = next(name for name in engine_names if name.startswith("libRoadRunner"))
    for name in engine_names:
        if not name.startswith("pkengine"):
            continue
        bound = 1000.0 if name == "pkengine exact" else 100.0
        row(f"{name} vs scipy LSODA, reference case", speedup(name, "scipy LSODA"), bound)
        row(f"{name} vs libRoadRunner, reference case", speedup(name, roadrunner), 10.0)
    verdict = "met" if overhead < 5e-6 else f"missed by {format_seconds(overhead - 5e-6)}"
    lines.append(f"| Python call overhead < 5 µs | {format_seconds(overhead)} | {verdict} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=7, help="timed blocks per engine and case (median reported)")
    parser.add_argument("--block-seconds", type=float, default=0.1, help="about how long one timed block runs")
    args = parser.parse_args(argv)

    exact = {case.name: exact_concentration(case) for case in CASES}
    for case in CASES:
        cross = check_exact_by_expm(case, exact[case.name])
        if cross > 1e-11:
            raise SystemExit(f"closed form and expm disagree on {case.name}: {cross:.1e}")
    all_engines = engines()
    runs = {(engine.name, case.name): engine.prepare(case) for engine in all_engines for case in CASES}
    accuracy = check_accuracy(all_engines, runs, exact)

    samples = time_interleaved(runs, args.repetitions, args.block_seconds)
    import scipy

    print(
        f"pkengine {pk.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}; medians of {args.repetitions} interleaved blocks of about "
        f"{args.block_seconds:g} s.\n"
    )
    print(
        f"Relative error: the largest over points with C ≥ {RELATIVE_FLOOR:g} × Cmax; scaled error: "
        "the largest |error| / Cmax over all points.\n"
    )
    for case in CASES:
        base = statistics.median(samples[(all_engines[0].name, case.name)])
        print(f"**{case.name}** ({case.times_h.size} points)\n")
        print("| engine | settings | median per curve | × pkengine exact | relative error | scaled error |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for engine in all_engines:
            median = statistics.median(samples[(engine.name, case.name)])
            rel, scaled = accuracy[(engine.name, case.name)]
            print(
                f"| {engine.name} | {engine.settings} | {format_seconds(median)} | {median / base:,.0f} | {rel:.1e} | {scaled:.1e} |"
            )
        print()
    print("**Python call overhead** (reference case)\n")
    overhead_lines, overhead = python_overhead(3 * args.repetitions, args.block_seconds)
    print("\n".join(overhead_lines))
    print("\n**Targets**\n")
    print("\n".join(targets([engine.name for engine in all_engines], samples, overhead)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
