// The ODE path against the exact path on every linear model and route: the Torsten cross-check.
//
// Tolerance: |ode - exact| <= 1e-7 |exact| + 1e-10 for every amount (mg) and the effect site
// (mg/L), at the default rtol 1e-8 and atol 1e-12. Each step holds its local error below
// atol + rtol |x|; the global error is those local errors carried along the curve (the
// disposition is contractive, so they do not grow) plus the dense-output interpolation error of
// the same order. Ten times the tolerances bounds that: 10 rtol = 1e-7 relative, and
// 100 atol = 1e-10 absolute where an amount is so small (below atol / rtol = 1e-4 mg) that the
// absolute tolerance governs. Measured worst over these cases: a quarter of the bound, with
// Rosenbrock 4 on the models with a metabolite, an effect site and a transit chain.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;

namespace {

constexpr double kRelTol = 1e-7;
constexpr double kAbsTol = 1e-10;

Model with_routes(const Disposition& disposition) {
    Model model(disposition);
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.0, 0.0});
    model.set_absorption(Route::Intranasal,
                         {Bioavailability::range(0.45, 0.25, 0.5), 2.9, 0.05, 0.3});
    model.set_absorption(Route::Oral, {Bioavailability::range(0.2, 0.1, 0.3), 0.9, 0.3, 0.0});
    model.set_absorption(Route::Sublingual,
                         {Bioavailability::range(0.29, 0.1, 0.3), 1.3, 0.1, 0.25});
    return model;
}

std::vector<Disposition> dispositions() {
    return {Disposition::one_compartment(6.0, 30.0),
            Disposition::two_compartment(6.0, 12.0, 14.4, 36.0), testing::domino_70kg()};
}

/// The largest |ode - exact| / (kRelTol |exact| + kAbsTol) over every output and state; <= 1
/// passes.
double worst_ratio(const Result& ode, const Result& exact) {
    REQUIRE(ode.amounts_mg.rows() == exact.amounts_mg.rows());
    REQUIRE(ode.amounts_mg.cols() == exact.amounts_mg.cols());
    const auto bound = [](const auto& e) { return kRelTol * e.cwiseAbs().array() + kAbsTol; };
    double worst =
        ((ode.amounts_mg - exact.amounts_mg).cwiseAbs().array() / bound(exact.amounts_mg))
            .maxCoeff();
    const Eigen::VectorXd& ce = exact.effect_site_concentration_mg_per_l;
    if (ce.size() > 0) {
        const Eigen::VectorXd diff = ode.effect_site_concentration_mg_per_l - ce;
        worst = std::max(worst, (diff.cwiseAbs().array() / bound(ce)).maxCoeff());
    }
    return worst;
}

void check_both_steppers(const Model& model, const Regimen& regimen, const OutputTimes& times) {
    const Result exact = simulate(model, regimen, times);
    REQUIRE(exact.solver == SolverPath::Exact);
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = stepper;
        const Result ode = simulate(model, regimen, times, options);
        INFO("stepper " << stepper_name(ode.stepper) << ", " << ode.steps << " steps");
        CHECK(ode.solver == SolverPath::Ode);
        CHECK(ode.stepper == stepper);
        CHECK(worst_ratio(ode, exact) <= 1.0);
    }
}

}  // namespace

TEST_CASE("the ODE path reproduces the exact path for every route and model", "[ode][exact]") {
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 1.0 / 12.0);
    for (const Disposition& disposition : dispositions()) {
        const Model model = with_routes(disposition);
        for (Route route : kAllRoutes) {
            DYNAMIC_SECTION(disposition.compartments() << " compartments, " << route_name(route)) {
                // The infusion ends at 0.7 h, between two outputs; two doses 6 h apart.
                const double duration = route == Route::IvInfusion ? 0.7 : 0.0;
                check_both_steppers(
                    model, Regimen::repeated(Dose::mg(35.0, route, duration), 6.0, 2), grid);
            }
        }
    }
}

TEST_CASE("the ODE path reproduces the exact path with metabolite effect site and transit",
          "[ode][exact]") {
    const OutputTimes grid = OutputTimes::uniform(0.0, 36.0, 1.0 / 12.0);
    for (const Disposition& disposition : dispositions()) {
        Model model = with_routes(disposition);
        model.set_metabolite({0.8, 20.0, 60.0, 30.0, 90.0});
        model.set_effect_compartment({4.0, SigmoidEmax{0.0, 100.0, 0.2, 2.5}});
        model.set_transit(Route::Oral, {4, 1.5});
        DYNAMIC_SECTION(disposition.compartments() << " compartments") {
            const Regimen regimen = Regimen::single(Dose::mg(20.0, Route::IvInfusion, 0.5)) +
                                    Regimen::single(Dose::mg(60.0, Route::Oral), 2.0) +
                                    Regimen::single(Dose::mg(25.0, Route::Intranasal), 7.5);
            check_both_steppers(model, regimen, grid);
        }
    }
}

TEST_CASE("the ODE path honours the low end of a bioavailability range", "[ode][exact]") {
    const Model model = with_routes(testing::domino_70kg());
    SimulationOptions low;
    low.bioavailability = FChoice::Low;
    const Regimen regimen = Regimen::single(Dose::mg(40.0, Route::Sublingual));
    const OutputTimes grid = OutputTimes::uniform(0.0, 12.0, 0.1);
    const Result exact = simulate(model, regimen, grid, low);
    low.path = SolverPath::Ode;
    CHECK(worst_ratio(simulate(model, regimen, grid, low), exact) <= 1.0);
}

TEST_CASE("a dataset on the ODE path reproduces the exact path, with the stepper asked for",
          "[ode][exact][dataset]") {
    // Parameter changes (CL at 10 h, V1 at 20 h), a modelled-rate infusion, an SS 1 record, a
    // reset and dose, and same-time records: every dataset feature on one linear model.
    const Model model = with_routes(testing::domino_70kg());
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,EVID,RATE,II,SS,CL,V1,R_IV\n"
        "1,0,30,3,1,0,8,1,.,.,.\n"
        "1,0,0,1,0,0,0,0,.,.,.\n"
        "1,2,50,2,1,0,0,0,.,.,.\n"
        "1,6,40,1,1,-1,0,0,.,.,20\n"
        "1,10,0,1,2,0,0,0,90,.,.\n"
        "1,14,25,4,4,0,0,0,.,.,.\n"
        "1,20,0,1,2,0,0,0,.,5,.\n"
        "1,30,0,1,0,0,0,0,.,.,.\n",
        "ode.csv");
    DatasetOptions options;
    options.grid_step_h = 0.25;
    const SubjectResult exact = simulate_subject(model, data, 0, options);
    REQUIRE(exact.solver == SolverPath::Exact);
    REQUIRE(exact.stepper == Stepper::MatrixExponential);
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        options.simulation.path = SolverPath::Ode;
        options.simulation.stepper = stepper;
        const SubjectResult ode = simulate_subject(model, data, 0, options);
        INFO(stepper_name(stepper) << ", " << ode.steps << " steps");
        CHECK(ode.solver == SolverPath::Ode);
        CHECK(ode.stepper == stepper);
        Result a, b;  // worst_ratio compares Results
        a.amounts_mg = ode.amounts_mg;
        b.amounts_mg = exact.amounts_mg;
        CHECK(worst_ratio(a, b) <= 1.0);
    }
    SECTION("the options are checked") {
        options.simulation.rtol = 2.0;
        REQUIRE_THROWS_AS(simulate_dataset(model, data, options), InvalidInput);
    }
}
