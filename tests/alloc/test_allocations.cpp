// The hot loop allocates nothing per step or per output point: a simulation of 100 000 points
// allocates exactly as often as one of 100 points (allocations per simulation are fine). The
// allocation tests have an executable of their own, whose allocation functions counting.cpp
// replaces.

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <pkengine/pkengine.hpp>
#include <vector>

#include "counting.hpp"
#include "support.hpp"

namespace {

using namespace pkengine;

/// Allocations made while simulating (the inputs are built before counting starts).
long allocations_of(const Model& model, const Regimen& regimen, const OutputTimes& times,
                    const SimulationOptions& options = {}) {
    const long before = allocation_count();
    const Result result = simulate(model, regimen, times, options);
    const long after = allocation_count();
    REQUIRE(result.times_h.size() == times.size());
    return after - before;
}

/// `points` output times over 0..hours h, uniform or with every interval a different length
/// (so an irregular grid computes a new propagator at every step).
OutputTimes grid(std::size_t points, double hours, bool uniform) {
    if (uniform) return OutputTimes::uniform(0.0, hours, hours / static_cast<double>(points - 1));
    std::vector<double> times(points);
    const double base = hours / static_cast<double>(points - 1);
    for (std::size_t i = 0; i < points; ++i) {
        const double wobble = i == 0 || i + 1 == points ? 0.0 : 0.3 * base * std::sin(1.7 * i);
        times[i] = static_cast<double>(i) * base + wobble;
    }
    return OutputTimes::at(std::move(times));
}

Model reference_model() {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 3.0, 0.0, 0.0});
    return model;
}

}  // namespace

TEST_CASE("the allocation counter sees operator new and Eigen's heap", "[allocation]") {
    const long before = allocation_count();
    {
        auto boxed = std::make_unique<double>(1.0);
        Eigen::VectorXd heap(1000);
        heap.setZero();
        REQUIRE(heap.sum() == 0.0);
    }
#if defined(__GLIBC__)
    CHECK(allocation_count() - before == 2);
#else
    CHECK(allocation_count() - before >= 1);
#endif
}

TEST_CASE("exact path: allocations do not grow with the number of output points", "[allocation]") {
    const Model model = reference_model();
    const Regimen depot_dose = Regimen::single(Dose::mg(50.0, Route::Intramuscular));
    const Regimen kit = Regimen::on_days(Dose::mg_per_kg(0.5, 70.0, Route::IvInfusion, 2.0 / 3.0),
                                         {0.0, 2.0, 4.0, 7.0, 9.0, 11.0});
    for (const bool uniform : {true, false}) {
        DYNAMIC_SECTION((uniform ? "uniform grid" : "irregular grid")) {
            const long few = allocations_of(model, depot_dose, grid(100, 48.0, uniform));
            const long many = allocations_of(model, depot_dose, grid(100'000, 48.0, uniform));
            CHECK(few > 0);
            CHECK(many == few);
            const long kit_few = allocations_of(model, kit, grid(100, 312.0, uniform));
            const long kit_many = allocations_of(model, kit, grid(100'000, 312.0, uniform));
            CHECK(kit_many == kit_few);
        }
    }
}

TEST_CASE("ODE path: allocations do not grow with the number of output points or steps",
          "[allocation]") {
    const Model model = reference_model();
    const Regimen depot_dose = Regimen::single(Dose::mg(50.0, Route::Intramuscular));
    const Regimen kit = Regimen::on_days(Dose::mg_per_kg(0.5, 70.0, Route::IvInfusion, 2.0 / 3.0),
                                         {0.0, 2.0, 4.0, 7.0, 9.0, 11.0});
    for (const Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = stepper;
        DYNAMIC_SECTION(stepper_name(stepper)) {
            const long few = allocations_of(model, depot_dose, grid(100, 48.0, true), options);
            const long many = allocations_of(model, depot_dose, grid(100'000, 48.0, true), options);
            CHECK(few > 0);
            CHECK(many == few);
            // Tighter tolerances take several times more steps: still no more allocations.
            SimulationOptions tight = options;
            tight.rtol = 1e-10;
            CHECK(allocations_of(model, depot_dose, grid(100, 48.0, true), tight) == few);
            const long kit_few = allocations_of(model, kit, grid(100, 312.0, false), options);
            const long kit_many = allocations_of(model, kit, grid(100'000, 312.0, false), options);
            CHECK(kit_many == kit_few);
        }
    }
}
