// The population workload of docs/design.md ("Reference case") as simulate_population runs it:
// subjects of the reference model with between-subject variability on CL, V1 and ka, 15 doses,
// 241 output times (the doses and times of BM_PopulationWorkload, which times the bare simulate()
// calls), summaries only (no curves, no per-subject table), on 1 and 2 threads. The counters give
// the time per subject and the peak resident memory, which must not grow with the subjects.
#include <sys/resource.h>

#include "cases.hpp"

namespace {

/// 50 mg into the depot every 12 h, 15 doses; variability CL 30 %, V1 25 %, ka 40 % (CV).
pkengine::Population population_workload() {
    pkengine::Population p(
        bench::reference_model(),
        pkengine::Regimen::repeated(pkengine::Dose::mg(50.0, bench::kReferenceRoute), 12.0, 15));
    p.variability = pkengine::Variability::from_cv({{"CL", 0.30}, {"V1", 0.25}, {"KA_IM", 0.40}});
    return p;
}

/// Every 30 min from 0 to 120 h: 241 output times.
pkengine::OutputTimes population_grid() {
    return pkengine::OutputTimes::uniform(0.0, 120.0, 0.5);
}

/// CPU time of the process, every thread (s).
double process_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_VirtualPopulation(benchmark::State& state) {
    const pkengine::Population p = population_workload();
    const pkengine::OutputTimes times = population_grid();
    pkengine::PopulationOptions options;
    options.seed = 1;
    options.threads = static_cast<unsigned>(state.range(1));
    options.keep_nca = false;
    const auto n = static_cast<std::size_t>(state.range(0));
    const double cpu_before = process_cpu_s();
    for (auto _ : state) {
        const pkengine::PopulationResult r = pkengine::simulate_population(p, n, times, options);
        benchmark::DoNotOptimize(r.mean_mg_per_l.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["per_subject"] =
        benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    // CPU seconds per subject summed over the workers: what a subject costs on an idle core,
    // whatever else shares the machine.
    state.counters["cpu_per_subject"] =
        (process_cpu_s() - cpu_before) / static_cast<double>(state.iterations() * state.range(0));
    state.counters["peak_rss_MB"] = peak_rss_mb();
}

}  // namespace

// Subjects x threads. Real time: the work runs on other threads than the benchmark's.
BENCHMARK(BM_VirtualPopulation)
    ->ArgsProduct({{10'000, 100'000}, {1, 2}})
    ->ArgNames({"subjects", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
