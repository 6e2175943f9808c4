// Michaelis-Menten elimination at its limits: a Km near 0 (elimination at Vmax whenever there is
// drug) keeps the mass on every stepper and never eliminates from a non-positive amount.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;

TEST_CASE("Michaelis-Menten with Km near 0 conserves mass on every stepper", "[ode][mm]") {
    const double km = GENERATE(1e-8, 1e-12, 1e-300);
    const Stepper stepper =
        GENERATE(Stepper::Automatic, Stepper::DormandPrince5, Stepper::Rosenbrock4);
    // Vmax 40 mg/h on 100 mg: zero-order elimination empties the body at 2.5 h.
    const Model model(Disposition::one_compartment(0.0, 20.0), MichaelisMenten{40.0, km});
    SimulationOptions options;
    options.stepper = stepper;
    const Result r = simulate(model, Regimen::single(Dose::mg(100.0, Route::IvBolus)),
                              OutputTimes::uniform(0.0, 24.0, 0.25), options);
    INFO("Km " << km << ", stepper " << stepper_name(r.stepper));
    const int central = r.state_index("central");
    const int eliminated = r.state_index("eliminated");
    for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
        // The sum of the states changes only by the doses (a linear invariant of every step).
        REQUIRE(r.amounts_mg.row(i).sum() == Approx(100.0).epsilon(1e-9));
        // atol 1e-12 mg: a step ends at most its error below 0, and nothing is eliminated there.
        REQUIRE(r.amounts_mg(i, central) >= -1e-9);
        REQUIRE(r.amounts_mg(i, eliminated) <= 100.0 * (1.0 + 1e-9));
    }
    // At 1 h, 40 mg are gone (zero order: the concentration is far above Km); by 3 h all of it.
    CHECK(r.amounts_mg(4, central) == Approx(60.0).epsilon(1e-5));
    CHECK(r.amounts_mg(12, eliminated) == Approx(100.0).epsilon(1e-6));
}
