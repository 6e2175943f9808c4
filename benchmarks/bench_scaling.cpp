// How cost grows with the work: output grid size, compartment count, and number of curves.
//
// The engine's models are 1-, 2- and 3-compartment mammillary models (the exact path takes at
// most 16 states), so a "100-compartment" model does not exist; the compartment benchmark shows
// 1, 2 and 3 compartments, and the growth in work that large studies bring is shown instead by
// batches of 1, 10 and 100 subjects, each with its own parameters (so its own exponentials).

#include <benchmark/benchmark.h>

#include "cases.hpp"

namespace {

using namespace pkengine;

/// The reference dose on a 48 h grid of state.range(0) points (100, 2881, 100000): separates
/// the fixed cost of a simulation from its cost per output point. Items are output points.
void BM_GridSize(benchmark::State& state) {
    const auto points = static_cast<double>(state.range(0));
    const Model model = bench::reference_model();
    const Regimen regimen = bench::reference_regimen();
    const OutputTimes times = OutputTimes::uniform(0.0, 48.0, 48.0 / (points - 1.0));
    bench::run_counting_faults(state, times.size(), [&] {
        Result result = simulate(model, regimen, times);
        benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        benchmark::ClobberMemory();
    });
}
BENCHMARK(BM_GridSize)->Arg(100)->Arg(2881)->Arg(100000)->Unit(benchmark::kMicrosecond);

/// The reference dose and grid on the first `Compartments` compartments of the reference
/// disposition (central only; central + fast peripheral; all three), plus the depot.
template <int Compartments>
void BM_Compartments(benchmark::State& state) {
    const MicroConstants full = bench::domino_70kg().micro_constants();
    MicroConstants k{full.k10, 0.0, 0.0, 0.0, 0.0};
    if (Compartments >= 2) {
        k.k12 = full.k12;
        k.k21 = full.k21;
    }
    if (Compartments == 3) {
        k.k13 = full.k13;
        k.k31 = full.k31;
    }
    const Model model = bench::with_reference_depot(
        Disposition::from_micro_constants(Compartments, k, bench::domino_70kg().v1()));
    const Regimen regimen = bench::reference_regimen();
    const OutputTimes times = bench::reference_grid();
    bench::run_counting_faults(state, times.size(), [&] {
        Result result = simulate(model, regimen, times);
        benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        benchmark::ClobberMemory();
    });
}
BENCHMARK_TEMPLATE(BM_Compartments, 1)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Compartments, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Compartments, 3)->Unit(benchmark::kMicrosecond);

/// state.range(0) subjects (1, 10, 100) with 30 % variability on every parameter, each
/// simulated on the reference dose and grid, one after the other on one thread. Items are
/// curves, so items/s is subjects per second per core.
void BM_Population(benchmark::State& state) {
    const std::vector<Model> subjects =
        bench::reference_population(static_cast<int>(state.range(0)));
    const Regimen regimen = bench::reference_regimen();
    const OutputTimes times = bench::reference_grid();
    for (auto _ : state) {
        for (const Model& subject : subjects) {
            Result result = simulate(subject, regimen, times);
            benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(subjects.size()));
}
BENCHMARK(BM_Population)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

/// The population workload of docs/design.md ("Reference case") (as in rxode2's published speed
/// test: 15 doses, 241 output times), one subject after another on one thread: 50 mg into the depot
/// every 12 h, outputs every hour from 0 to 240 h, 1000 subjects with 30 % variability. Items are
/// subjects; 100 000 subjects on 2 cores take 50 000 / (items/s) seconds plus the summaries.
void BM_PopulationWorkload(benchmark::State& state) {
    const std::vector<Model> subjects = bench::reference_population(1000);
    const Regimen regimen = Regimen::repeated(Dose::mg(50.0, bench::kReferenceRoute), 12.0, 15);
    const OutputTimes times = OutputTimes::uniform(0.0, 240.0, 1.0);
    for (auto _ : state) {
        for (const Model& subject : subjects) {
            Result result = simulate(subject, regimen, times);
            benchmark::DoNotOptimize(result.concentration_mg_per_l.data());
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(subjects.size()));
}
BENCHMARK(BM_PopulationWorkload)->Unit(benchmark::kMillisecond);

}  // namespace
