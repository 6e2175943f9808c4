#pragma once
// The workloads of the benchmark suite, shared by its files. The reference case is the one of
// docs/design.md ("Reference case"), so every figure is comparable with the peer comparison script.

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <pkengine/pkengine.hpp>
#include <random>
#include <vector>

namespace bench {

/// Domino 1984 three-compartment ketamine model at 70 kg (docs/design.md, "Reference case"):
/// micro-constants per minute converted to per hour, V1 = 0.063 L/kg x 70 kg.
inline pkengine::Disposition domino_70kg() {
    using pkengine::units::per_minute_to_per_hour;
    const pkengine::MicroConstants k{per_minute_to_per_hour(0.4381), per_minute_to_per_hour(0.5921),
                                     per_minute_to_per_hour(0.2470), per_minute_to_per_hour(0.5900),
                                     per_minute_to_per_hour(0.0146)};
    return pkengine::Disposition::from_micro_constants(3, k, 0.063 * 70.0);
}

/// The reference depot: first order with ka = 3 /h and F = 1 (docs/design.md, "Reference case").
/// The depot is the intramuscular one; any absorbed route gives the same system.
inline constexpr pkengine::Route kReferenceRoute = pkengine::Route::Intramuscular;

/// The reference disposition (or a 1- or 2-compartment cut of it) plus the reference depot.
inline pkengine::Model with_reference_depot(const pkengine::Disposition& disposition) {
    pkengine::Model model(disposition);
    model.set_absorption(kReferenceRoute, {pkengine::Bioavailability::exactly(1.0), 3.0, 0.0, 0.0});
    return model;
}

/// The reference model: three compartments plus one depot.
inline pkengine::Model reference_model() {
    return with_reference_depot(domino_70kg());
}

/// 50 mg into the depot at t = 0.
inline pkengine::Regimen reference_regimen() {
    return pkengine::Regimen::single(pkengine::Dose::mg(50.0, kReferenceRoute));
}

/// Every minute from 0 to 48 h: 2881 points.
inline pkengine::OutputTimes reference_grid() {
    return pkengine::OutputTimes::uniform(0.0, 48.0, pkengine::units::minutes_to_hours(1.0));
}

/// Ketamine infusion treatment series: 0.5 mg/kg at 70 kg over 40 min on days 0, 2, 4, 7, 9, 11
/// (the library's kit_series_murrough2013 protocol).
inline pkengine::Regimen kit_series() {
    using pkengine::units::minutes_to_hours;
    const pkengine::Dose dose =
        pkengine::Dose::mg_per_kg(0.5, 70.0, pkengine::Route::IvInfusion, minutes_to_hours(40.0));
    return pkengine::Regimen::on_days(dose, {0.0, 2.0, 4.0, 7.0, 9.0, 11.0});
}

/// Every minute until the 48 h window of the last infusion closes (day 11 + 48 h = 312 h):
/// 18721 points.
inline pkengine::OutputTimes kit_grid() {
    return pkengine::OutputTimes::uniform(0.0, pkengine::units::days_to_hours(11.0) + 48.0,
                                          pkengine::units::minutes_to_hours(1.0));
}

/// The reference disposition with the library's oral route: F = 0.2, ka for a single-dose
/// peak at 0.96 h (Chong 2006), no lag.
inline pkengine::Model oral_model() {
    const pkengine::Disposition disposition = domino_70kg();
    pkengine::Model model(disposition);
    model.set_absorption(pkengine::Route::Oral,
                         {pkengine::Bioavailability::exactly(0.2),
                          pkengine::ka_for_tmax(disposition, 0.96), 0.0, 0.0});
    return model;
}

/// 50 mg by mouth every 12 h for 28 days: 56 doses.
inline pkengine::Regimen oral_regimen() {
    return pkengine::Regimen::repeated(pkengine::Dose::mg(50.0, pkengine::Route::Oral), 12.0, 56);
}

/// Every minute over the 28 days: 40321 points.
inline pkengine::OutputTimes oral_grid() {
    return pkengine::OutputTimes::uniform(0.0, pkengine::units::days_to_hours(28.0),
                                          pkengine::units::minutes_to_hours(1.0));
}

/// `n` subjects of the reference model, each with CL, V1, Q2, V2, Q3, V3 and ka scaled by
/// exp(eta), eta ~ N(0, 0.3^2), subject i drawing from the engine's stream of (seed, i): the same
/// population on every platform and standard library (a population with 30 % variability).
inline std::vector<pkengine::Model> reference_population(int n) {
    const pkengine::Disposition typical = domino_70kg();
    std::vector<pkengine::Model> subjects;
    subjects.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        pkengine::SubjectStream eta(20240601, static_cast<std::uint64_t>(i),
                                    pkengine::DrawPurpose::Eta);
        auto draw = [&](double typical_value) {
            return typical_value * std::exp(0.3 * eta.normal());
        };
        const auto disposition = pkengine::Disposition::three_compartment(
            draw(typical.cl()), draw(typical.v1()), draw(typical.q2()), draw(typical.v2()),
            draw(typical.q3()), draw(typical.v3()));
        pkengine::Model model(disposition);
        model.set_absorption(kReferenceRoute,
                             {pkengine::Bioavailability::exactly(1.0), draw(3.0), 0.0, 0.0});
        subjects.push_back(model);
    }
    return subjects;
}

/// Minor page faults of this process so far.
inline long minor_faults() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

/// Runs `body` once per iteration and reports output points per second and the page faults per
/// iteration: when glibc hands the memory of freed results back to the system (heap trimming),
/// the next result's first touch faults, which can cost as much as the computation. Whether it
/// happens depends on the process's heap layout, so the counter says which numbers include it.
template <class Body>
void run_counting_faults(benchmark::State& state, std::size_t points, Body&& body) {
    const long faults_before = minor_faults();
    for (auto _ : state) body();
    const long faults = minor_faults() - faults_before;
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points));
    state.counters["faults"] =
        benchmark::Counter(static_cast<double>(faults), benchmark::Counter::kAvgIterations);
}

}  // namespace bench
