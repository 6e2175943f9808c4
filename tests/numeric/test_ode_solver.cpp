// The ODE path as a solver: the choice of path and stepper, stiffness, step limits and failures,
// and mass balance on the nonlinear and metabolite models.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {

SimulationOptions ode(Stepper stepper) {
    SimulationOptions options;
    options.path = SolverPath::Ode;
    options.stepper = stepper;
    return options;
}

/// The reference case of docs/design.md ("Reference case"): Domino 1984 at 70 kg plus a depot with
/// ka = 3 /h.
Model reference_model() {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 3.0, 0.0, 0.0});
    return model;
}

/// A stiff model: distribution 300 /h in and 30 /h out, elimination 0.05 /h (half-life 14 h
/// from the central compartment, about six days overall).
Model stiff_model() {
    return Model(Disposition::from_micro_constants(2, {0.05, 300.0, 30.0, 0.0, 0.0}, 10.0));
}

}  // namespace

TEST_CASE("linear models take the exact path unless asked otherwise", "[ode][path]") {
    const Model model(Disposition::one_compartment(6.0, 30.0));
    const Regimen regimen = Regimen::single(Dose::mg(10.0, Route::IvBolus));
    const OutputTimes grid = OutputTimes::at({0.0, 1.0});
    CHECK(simulate(model, regimen, grid).solver == SolverPath::Exact);
    const Result r = simulate(model, regimen, grid, ode(Stepper::Automatic));
    CHECK(r.solver == SolverPath::Ode);
    CHECK(r.stepper == Stepper::DormandPrince5);
    CHECK(r.steps > 0);
    CHECK(r.rejected_steps >= 0);
}

TEST_CASE("nonlinear models take the ODE path and refuse the exact one", "[ode][path]") {
    const Model model(Disposition::one_compartment(2.0, 30.0), MichaelisMenten{10.0, 1.5});
    const Regimen regimen = Regimen::single(Dose::mg(10.0, Route::IvBolus));
    const OutputTimes grid = OutputTimes::at({0.0, 1.0});
    CHECK(simulate(model, regimen, grid).solver == SolverPath::Ode);
    SimulationOptions exact;
    exact.path = SolverPath::Exact;
    REQUIRE_THROWS_AS(simulate(model, regimen, grid, exact), InvalidInput);
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, exact),
                        Contains("path = exact") && Contains("nonlinear"));
}

TEST_CASE("ODE options are checked", "[ode][validation]") {
    const Model model(Disposition::one_compartment(6.0, 30.0));
    const Regimen regimen = Regimen::single(Dose::mg(10.0, Route::IvBolus));
    const OutputTimes grid = OutputTimes::at({1.0});
    SimulationOptions o = ode(Stepper::Automatic);
    o.rtol = 0.0;
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, o), Contains("rtol = 0: must be > 0"));
    o.rtol = 1.5;
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, o), Contains("rtol = 1.5"));
    o.rtol = 1e-8;
    o.atol_mg = std::nan("");
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, o), Contains("atol_mg = nan"));
    o.atol_mg = 1e-12;
    o.max_steps = 0;
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, o), Contains("max_steps = 0"));
    CHECK(parse_stepper("Dopri5") == Stepper::DormandPrince5);
    CHECK(parse_solver_path("ODE") == SolverPath::Ode);
    REQUIRE_THROWS_WITH(parse_stepper("euler"), Contains("stepper = 'euler'"));
    REQUIRE_THROWS_WITH(parse_solver_path("fast"), Contains("path = 'fast'"));
}

TEST_CASE("too many steps raise SolverError naming the time", "[ode][failure]") {
    SimulationOptions o = ode(Stepper::DormandPrince5);
    o.max_steps = 10;
    const Regimen regimen = Regimen::single(Dose::mg(50.0, Route::Intramuscular));
    const OutputTimes grid = OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0);
    REQUIRE_THROWS_AS(simulate(reference_model(), regimen, grid, o), SolverError);
    REQUIRE_THROWS_WITH(simulate(reference_model(), regimen, grid, o),
                        Contains("max_steps = 10") && Contains("stopped at t = ") &&
                            Contains("after the discontinuity at t = 0 h"));
}

TEST_CASE("a stiff multi-dose problem: Rosenbrock 4 takes far fewer steps and both agree",
          "[ode][stiff]") {
    const Model model = stiff_model();
    const Regimen regimen = Regimen::repeated(Dose::mg(100.0, Route::IvBolus), 24.0, 10);
    const OutputTimes grid = OutputTimes::uniform(0.0, 240.0, 0.25);
    const Result exact = simulate(model, regimen, grid);
    const Result dp = simulate(model, regimen, grid, ode(Stepper::DormandPrince5));
    const Result rb = simulate(model, regimen, grid, ode(Stepper::Rosenbrock4));
    INFO("Dormand-Prince " << dp.steps << " steps, Rosenbrock " << rb.steps);
    // Stability caps Dormand-Prince's step at about 3.3 / 330 h: some 24 000 steps over 240 h;
    // Rosenbrock's follow accuracy alone (measured about 1 350).
    CHECK(dp.steps > 20'000);
    CHECK(rb.steps * 10 < dp.steps);
    // Both agree with the exact path (tolerance of test_ode_vs_exact.cpp).
    for (const Result* r : {&dp, &rb}) {
        const Eigen::ArrayXd bound = 1e-7 * exact.concentration_mg_per_l.array().abs() + 1e-10;
        CHECK(((r->concentration_mg_per_l - exact.concentration_mg_per_l).array().abs() / bound)
                  .maxCoeff() <= 1.0);
    }
    SECTION("the automatic choice takes Rosenbrock 4 here and Dormand-Prince on the reference") {
        CHECK(simulate(model, regimen, grid, ode(Stepper::Automatic)).stepper ==
              Stepper::Rosenbrock4);
        const Result reference =
            simulate(reference_model(), Regimen::single(Dose::mg(50.0, Route::Intramuscular)),
                     OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0), ode(Stepper::Automatic));
        CHECK(reference.stepper == Stepper::DormandPrince5);
    }
}

TEST_CASE("mass balance with a metabolite: parent, metabolite and both eliminated states",
          "[ode][metabolite][invariant]") {
    // fm = 0.7 of the linear elimination forms metabolite; 0.3 of it and all of the saturable
    // elimination leave to the parent's eliminated state.
    Model model(testing::domino_70kg(), MichaelisMenten{40.0, 0.5});
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.2), 0.9, 0.3, 0.0});
    model.set_metabolite({0.7, 12.0, 80.0, 20.0, 120.0});
    model.set_effect_compartment({2.0, std::nullopt});
    const Regimen regimen = Regimen::single(Dose::mg(35.0, Route::IvInfusion, 0.5)) +
                            Regimen::single(Dose::mg(100.0, Route::Oral), 1.0);
    const Result r = simulate(model, regimen, OutputTimes::uniform(0.0, 96.0, 0.25));
    REQUIRE(r.solver == SolverPath::Ode);
    REQUIRE(r.amounts_mg.cols() == static_cast<Eigen::Index>(r.state_names.size()));
    REQUIRE(r.effect.size() == 0);  // no response model: no effect column
    for (std::size_t i = 0; i < r.times_h.size(); ++i) {
        const double t = r.times_h[i];
        const double infused = 35.0 * std::min(1.0, t / 0.5);
        const double oral = t >= 1.3 ? 20.0 : 0.0;  // F = 0.2 of 100 mg, after the lag
        // Amounts are summed in floating point: agreement to 1e-12 of the dose.
        INFO("t = " << t);
        REQUIRE(std::abs(r.amounts_mg.row(static_cast<Eigen::Index>(i)).sum() - (infused + oral)) <
                1e-12 * 135.0);
    }
    const Eigen::Index last = r.amounts_mg.rows() - 1;
    CHECK(r.amounts_mg(last, r.state_index("metabolite_eliminated")) > 0.0);
    CHECK(r.metabolite_concentration_mg_per_l[last] ==
          Approx(r.amounts_mg(last, r.state_index("metabolite_central")) / 80.0));
}

TEST_CASE("a metabolite takes fm of the linear elimination", "[metabolite][invariant]") {
    // By 400 h every amount has left: eliminated = (1 - fm) D, metabolite eliminated = fm D.
    Model model(Disposition::two_compartment(6.0, 30.0, 10.0, 50.0));
    model.set_metabolite({0.35, 9.0, 45.0, 0.0, 0.0});
    const Result r =
        simulate(model, Regimen::single(Dose::mg(80.0, Route::IvBolus)), OutputTimes::at({400.0}));
    CHECK(r.amounts_mg(0, r.state_index("eliminated")) == Approx(0.65 * 80.0).epsilon(1e-10));
    CHECK(r.amounts_mg(0, r.state_index("metabolite_eliminated")) ==
          Approx(0.35 * 80.0).epsilon(1e-10));
}

TEST_CASE("resets and overlapping infusions on the ODE path match the exact path",
          "[ode][events]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intranasal, {Bioavailability::exactly(0.45), 2.9, 0.05, 0.0});
    std::vector<DoseEvent> events{DoseEvent::infusion(0.0, 30.0, 2.0),
                                  DoseEvent::infusion_at_rate(1.0, 10.0, 40.0),
                                  DoseEvent::bolus(1.5, 20.0, Route::Intranasal)};
    DoseEvent reset;
    reset.time_h = 3.0;
    reset.kind = EventKind::Reset;
    events.push_back(reset);
    events.push_back(DoseEvent::bolus(4.0, 15.0, Route::Intranasal));
    const OutputTimes grid = OutputTimes::uniform(0.0, 8.0, 0.05);
    const Result exact = simulate(model, events, grid);
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        const Result r = simulate(model, events, grid, ode(stepper));
        INFO(stepper_name(r.stepper));
        const Eigen::ArrayXXd bound = 1e-7 * exact.amounts_mg.array().abs() + 1e-10;
        CHECK(((r.amounts_mg - exact.amounts_mg).array().abs() / bound).maxCoeff() <= 1.0);
    }
}

TEST_CASE("a linear model too large for the exact path takes the ODE path", "[ode][path]") {
    // 40 transit compartments: 1 + 41 + 1 depot + 1 eliminated = 44 states, above the exact
    // path's 32. The last transit compartment holds D (ktr t)^40 / 40! e^{-ktr t}.
    const int n = 40;
    const double mtt = 3.0, ktr = (n + 1) / mtt, dose = 10.0;
    Model model(Disposition::one_compartment(6.0, 30.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.0, 0.0, 0.0});
    model.set_transit(Route::Oral, {n, mtt});
    const Regimen regimen = Regimen::single(Dose::mg(dose, Route::Oral));
    const OutputTimes grid = OutputTimes::uniform(0.0, 12.0, 0.05);
    const Result r = simulate(model, regimen, grid);
    CHECK(r.solver == SolverPath::Ode);
    REQUIRE(r.amounts_mg.cols() == 44);
    const int last = r.state_index("transit_oral_40");
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double t = grid.times()[i];
        const double expected =
            dose * std::exp(n * std::log(ktr * t) - std::lgamma(n + 1.0) - ktr * t);
        INFO("t = " << t);
        // Tolerance of test_ode_vs_exact.cpp: 1e-7 relative plus 1e-10 mg.
        REQUIRE(std::abs(r.amounts_mg(static_cast<Eigen::Index>(i), last) - expected) <=
                1e-7 * expected + 1e-10);
    }
    SimulationOptions exact;
    exact.path = SolverPath::Exact;
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, exact), Contains("exceeds"));
}

TEST_CASE("a late infusion keeps its mass on every path and stepper", "[ode][invariant]") {
    // The ODE path lost 3.4e-7 of a 1e-6 h infusion at t = 8760 h (1e-9 at 24 h): a stepper
    // that stopped within the loop's time tolerance of the infusion's end (1.6e-11 h there) took
    // the state there for the state at the end. On local time (since the segment start), with a
    // tolerance of local time, the sum of all states equals the dose to rounding: 1e-12 of it,
    // as for the metabolite's mass balance.
    Model model(testing::domino_70kg());
    for (double start : {0.0, 15.0, 24.0, 8760.0, kMaxHorizonH - 48.0}) {
        for (double duration : {kMinInfusionDurationH, 1e-3, 1.0, 24.0}) {
            const std::vector<DoseEvent> events{DoseEvent::infusion(start, 1.0, duration)};
            const OutputTimes at = OutputTimes::at({start + duration, start + duration + 0.5});
            for (const SimulationOptions& options :
                 {SimulationOptions{}, ode(Stepper::DormandPrince5), ode(Stepper::Rosenbrock4)}) {
                const Result r = simulate(model, events, at, options);
                INFO("start " << start << " h, duration " << duration << " h, "
                              << stepper_name(r.stepper));
                for (Eigen::Index row = 0; row < r.amounts_mg.rows(); ++row) {
                    CHECK(std::abs(r.amounts_mg.row(row).sum() - 1.0) <= 1e-12);
                }
            }
        }
    }
}
