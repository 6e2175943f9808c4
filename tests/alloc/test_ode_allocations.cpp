// No heap allocation per step or per output point on the ODE path: the number of allocations of
// a simulation must not change with the number of steps (set by rtol) or of output points.
// Counted by the allocation tests' one counter (counting.cpp: operator new, and malloc and its
// relatives on glibc).
#include <catch2/catch.hpp>
#include <cstdlib>

#include "counting.hpp"
#include "support.hpp"

using namespace pkengine;

namespace {

/// Allocations made by one simulation.
long allocations(const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
                 Stepper stepper, double rtol, long* steps) {
    SimulationOptions options;
    options.path = SolverPath::Ode;
    options.stepper = stepper;
    options.rtol = rtol;
    const long before = allocation_count();
    const Result r = simulate(model, events, times, options);
    const long count = allocation_count() - before;
    *steps = r.steps;
    return count;
}

}  // namespace

TEST_CASE("the ODE path allocates nothing per step or per output point", "[ode][allocation]") {
    Model small(testing::domino_70kg());
    small.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 3.0, 0.0, 0.0});
    Model large = small;  // a transit chain makes 12 + states: the dynamic-size state
    large.set_transit(Route::Intramuscular, {10, 0.5});
    const std::vector<DoseEvent> regimen =
        Regimen::repeated(Dose::mg(50.0, Route::Intramuscular), 12.0, 3).events();
    const OutputTimes coarse = OutputTimes::uniform(0.0, 48.0, 0.25);
    const OutputTimes fine = OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0);
    for (const Model* model : {&small, &large}) {
        for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
            long steps_loose = 0, steps_tight = 0, steps_fine = 0;
            const long loose = allocations(*model, regimen, coarse, stepper, 1e-5, &steps_loose);
            const long tight = allocations(*model, regimen, coarse, stepper, 1e-10, &steps_tight);
            const long fine_grid = allocations(*model, regimen, fine, stepper, 1e-5, &steps_fine);
            INFO(stepper_name(stepper)
                 << ": " << steps_loose << " and " << steps_tight << " steps");
            REQUIRE(steps_tight > steps_loose + 500);
            CHECK(tight == loose);
            CHECK(fine_grid == loose);
        }
    }
}

TEST_CASE("an ODE steady state allocates nothing per interval or per step", "[ode][allocation]") {
    // The iteration integrates the record's window tens of times; its allocations (the window's
    // events, once per record) must not depend on how many steps each window takes.
    Model small(testing::domino_70kg());
    small.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 3.0, 0.5, 0.0});
    Model large = small;
    large.set_transit(Route::Intramuscular, {10, 0.5});
    DoseEvent record = DoseEvent::bolus(0.0, 50.0, Route::Intramuscular);
    record.interval_h = 12.0;
    record.additional = 3;
    record.steady_state = SteadyState::Reset;
    const std::vector<DoseEvent> regimen{record};
    const OutputTimes coarse = OutputTimes::uniform(0.0, 48.0, 0.25);
    for (const Model* model : {&small, &large}) {
        for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
            long steps_loose = 0, steps_tight = 0;
            const long loose = allocations(*model, regimen, coarse, stepper, 1e-5, &steps_loose);
            const long tight = allocations(*model, regimen, coarse, stepper, 1e-10, &steps_tight);
            INFO(stepper_name(stepper)
                 << ": " << steps_loose << " and " << steps_tight << " steps");
            // On the stiff transit chain Dormand-Prince is held by stability, not accuracy, and
            // may take more steps at the loose tolerance: only the difference matters here.
            REQUIRE(std::abs(steps_tight - steps_loose) > 500);
            CHECK(tight == loose);
        }
    }
}
