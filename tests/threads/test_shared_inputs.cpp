// Models, regimens and drugs are shared between threads: simulate() only reads them, so threads
// that simulate the same inputs at once get the results of one thread alone, bit for bit. The
// ThreadSanitizer build (`make sanitize`) runs this executable and fails on any data race.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;

namespace {

constexpr int kThreads = 4;
constexpr int kRunsPerThread = 3;

/// Runs `work` on kThreads threads, kRunsPerThread times each, and returns every result.
template <class Work>
std::vector<Result> on_threads(const Work& work) {
    std::vector<Result> results(kThreads * kRunsPerThread);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int r = 0; r < kRunsPerThread; ++r) results[t * kRunsPerThread + r] = work();
        });
    }
    for (std::thread& thread : threads) thread.join();
    return results;
}

void require_identical(const std::vector<Result>& results, const Result& alone) {
    for (const Result& result : results) {
        REQUIRE(result.times_h == alone.times_h);
        REQUIRE(result.amounts_mg.rows() == alone.amounts_mg.rows());
        REQUIRE(result.amounts_mg.cols() == alone.amounts_mg.cols());
        // Bit for bit: the same arithmetic in the same order, whatever the other threads do.
        REQUIRE(result.amounts_mg == alone.amounts_mg);
        REQUIRE(result.concentration_mg_per_l == alone.concentration_mg_per_l);
    }
}

}  // namespace

TEST_CASE("threads simulating one shared linear model get one thread's result", "[threads]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.2), 1.2, 0.25, 0.0});
    Regimen regimen = Regimen::repeated(Dose::mg(100.0, Route::Oral), 12.0, 6);
    regimen.add(Dose::mg(35.0, Route::IvInfusion, 0.5).at(30.0));
    const OutputTimes grid = OutputTimes::uniform(0.0, 96.0, 0.25);

    const Result alone = simulate(model, regimen, grid);
    REQUIRE(alone.solver == SolverPath::Exact);
    require_identical(on_threads([&] { return simulate(model, regimen, grid); }), alone);
}

TEST_CASE("threads simulating one shared nonlinear model get one thread's result", "[threads]") {
    const Model model(Disposition::one_compartment(2.0, 30.0), MichaelisMenten{10.0, 1.5});
    const Regimen regimen = Regimen::repeated(Dose::mg(80.0, Route::IvBolus), 8.0, 4);
    const OutputTimes grid = OutputTimes::uniform(0.0, 48.0, 0.5);

    const Result alone = simulate(model, regimen, grid);
    REQUIRE(alone.solver == SolverPath::Ode);
    require_identical(on_threads([&] { return simulate(model, regimen, grid); }), alone);
}

TEST_CASE("threads building models from one shared drug get one thread's result", "[threads]") {
    const Drug& drug = testing::ketamine();
    const Regimen regimen =
        Regimen::single(Dose::mg_per_kg(0.5, 70.0, Route::IvInfusion, 40.0 / 60));
    const OutputTimes grid = OutputTimes::uniform(0.0, 12.0, 0.1);

    const Result alone = simulate(drug.model(70.0), regimen, grid);
    require_identical(on_threads([&] { return simulate(drug.model(70.0), regimen, grid); }), alone);
}
