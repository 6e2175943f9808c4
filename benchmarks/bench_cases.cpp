// The dosing scenarios of the suite, one curve per iteration, on each solver path (exact, and the
// ODE path with each stepper): the reference case of docs/design.md ("Reference case"), the
// ketamine infusion series and a 28-day oral regimen. Items are output points, so items/s is the
// rate at which a path fills a curve.

#include <benchmark/benchmark.h>

#include "cases.hpp"

namespace {

using namespace pkengine;

/// The exact path: matrix-exponential propagation.
struct Exact {
    static SimulationOptions options() {
        SimulationOptions options;
        options.path = SolverPath::Exact;
        return options;
    }
};

/// The ODE path with Dormand-Prince 5(4) (dense output), at the default tolerances
/// (rtol 1e-8, atol 1e-12 mg).
struct DormandPrince5 {
    static SimulationOptions options() {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = Stepper::DormandPrince5;
        return options;
    }
};

/// The ODE path with Rosenbrock 4 (analytic Jacobian), at the default tolerances.
struct Rosenbrock4 {
    static SimulationOptions options() {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = Stepper::Rosenbrock4;
        return options;
    }
};

/// Runs one simulation per iteration and reports points per second and page faults per
/// iteration, plus the solver's own counters (steps taken, matrix exponentials computed) from
/// one extra run outside the timing.
void run_case(benchmark::State& state, const Model& model, const Regimen& regimen,
              const OutputTimes& times, const SimulationOptions& options) {
    bench::run_counting_faults(state, times.size(), [&] {
        Result result = simulate(model, regimen, times, options);
        benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        benchmark::ClobberMemory();
    });
    const Result once = simulate(model, regimen, times, options);
    state.counters["points"] = static_cast<double>(times.size());
    state.counters["steps"] = static_cast<double>(once.steps);
    state.counters["rejected"] = static_cast<double>(once.rejected_steps);
    state.counters["propagators"] = static_cast<double>(once.propagators_computed);
}

/// Reference case: three compartments plus depot, 50 mg at t = 0, 1-minute outputs over 48 h.
template <class Solver>
void BM_Reference(benchmark::State& state) {
    run_case(state, bench::reference_model(), bench::reference_regimen(), bench::reference_grid(),
             Solver::options());
}
BENCHMARK_TEMPLATE(BM_Reference, Exact)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Reference, DormandPrince5)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Reference, Rosenbrock4)->Unit(benchmark::kMicrosecond);

/// Six 40-minute infusions of 0.5 mg/kg at 70 kg, 1-minute outputs over 312 h.
template <class Solver>
void BM_KitSeries(benchmark::State& state) {
    run_case(state, Model(bench::domino_70kg()), bench::kit_series(), bench::kit_grid(),
             Solver::options());
}
BENCHMARK_TEMPLATE(BM_KitSeries, Exact)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_KitSeries, DormandPrince5)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_KitSeries, Rosenbrock4)->Unit(benchmark::kMicrosecond);

/// 56 oral doses every 12 h, 1-minute outputs over 28 days.
template <class Solver>
void BM_Oral28Days(benchmark::State& state) {
    run_case(state, bench::oral_model(), bench::oral_regimen(), bench::oral_grid(),
             Solver::options());
}
BENCHMARK_TEMPLATE(BM_Oral28Days, Exact)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Oral28Days, DormandPrince5)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Oral28Days, Rosenbrock4)->Unit(benchmark::kMicrosecond);

/// The reference curve as `pk.simulate(model, dose, t_end=48, dt=1/60)` asks for it from
/// Python: the regimen and the grid are built in each call. The peer comparison script
/// subtracts this time from the Python call's to get the binding overhead.
void BM_ReferenceAsPythonCalls(benchmark::State& state) {
    const Model model = bench::reference_model();
    const Dose dose = Dose::mg(50.0, bench::kReferenceRoute);
    bench::run_counting_faults(state, 1, [&] {
        Result result = simulate(model, Regimen::single(dose),
                                 OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0), SimulationOptions{});
        benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        benchmark::ClobberMemory();
    });
}
BENCHMARK(BM_ReferenceAsPythonCalls)->Unit(benchmark::kMicrosecond);

}  // namespace
