// Custom models: a user functor on the same events and outputs as the built-in models.
// Tolerance against the exact path: that of test_ode_vs_exact.cpp (1e-7 relative, 1e-10 mg).
#include <catch2/catch.hpp>
#include <limits>
#include <pkengine/custom_model.hpp>
#include <string>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {

/// One compartment with first-order absorption, written by hand: depot, central, eliminated.
struct OralOneCompartment {
    double ka = 1.5;  // 1/h
    double k = 0.2;   // 1/h

    void operator()(const CustomState<3>& x, CustomState<3>& dxdt, double /*t*/) const {
        dxdt[0] = -ka * x[0];
        dxdt[1] = ka * x[0] - k * x[1];
        dxdt[2] = k * x[1];
    }
    void jacobian(const CustomState<3>& /*x*/, CustomJacobian<3>& j, double /*t*/,
                  CustomState<3>& dfdt) const {
        j << -ka, 0.0, 0.0, ka, -k, 0.0, 0.0, k, 0.0;
        dfdt = {0.0, 0.0, 0.0};
    }
};

/// Saturable elimination without a Jacobian: runs on Dormand-Prince only.
struct Saturable {
    void operator()(const CustomState<2>& x, CustomState<2>& dxdt, double /*t*/) const {
        const double rate = 10.0 * x[0] / (5.0 + x[0]);
        dxdt[0] = -rate;
        dxdt[1] = rate;
    }
};

/// dx/dt = x^2 from x(0) = 1 blows up at t = 1 h.
struct BlowUp {
    void operator()(const CustomState<1>& x, CustomState<1>& dxdt, double /*t*/) const {
        dxdt[0] = x[0] * x[0];
    }
};

/// Turns non-finite once the state falls below 1 mg (a model error an embedder can make).
struct Broken {
    void operator()(const CustomState<1>& x, CustomState<1>& dxdt, double /*t*/) const {
        dxdt[0] = x[0] < 1.0 ? std::numeric_limits<double>::quiet_NaN() : -0.5 * x[0];
    }
};

/// Indirect response: production kin (mg/h) inhibited by nothing here, loss kout (1/h).
struct Turnover {
    double kin = 4.0;
    double kout = 0.5;
    void operator()(const CustomState<1>& x, CustomState<1>& dxdt, double /*t*/) const {
        dxdt[0] = kin - kout * x[0];
    }
};

SimulationOptions with_stepper(Stepper stepper) {
    SimulationOptions options;
    options.stepper = stepper;
    return options;
}

}  // namespace

TEST_CASE("a custom system reproduces the built-in model on both steppers", "[custom][ode]") {
    STATIC_REQUIRE(CustomModel<OralOneCompartment, 3>::has_jacobian);
    STATIC_REQUIRE_FALSE(CustomModel<Saturable, 2>::has_jacobian);
    const double v = 50.0, f = 0.2, lag = 0.25;
    CustomModel<OralOneCompartment, 3> custom(OralOneCompartment{}, {"depot", "central", "out"}, 1,
                                              v);
    custom.dose_into(Route::Oral, 0, Bioavailability::exactly(f), lag);
    Model builtin(Disposition::one_compartment(0.2 * v, v));
    builtin.set_absorption(Route::Oral, {Bioavailability::exactly(f), 1.5, lag, 0.0});
    // An oral dose, then an IV infusion (into central) that overlaps a second oral dose.
    const Regimen regimen = Regimen::single(Dose::mg(200.0, Route::Oral)) +
                            Regimen::single(Dose::mg(30.0, Route::IvInfusion, 1.2), 5.3) +
                            Regimen::single(Dose::mg(100.0, Route::Oral), 6.0);
    const OutputTimes grid = OutputTimes::uniform(0.0, 36.0, 0.1);
    const Result exact = simulate(builtin, regimen, grid);
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        const Result r = simulate(custom, regimen, grid, with_stepper(stepper));
        INFO(stepper_name(r.stepper));
        CHECK(r.solver == SolverPath::Ode);
        CHECK(r.stepper == stepper);
        CHECK(r.state_names == std::vector<std::string>{"depot", "central", "out"});
        CHECK(r.v1_l == v);
        // Built-in columns: central, depot_oral, eliminated.
        const Eigen::Index order[3] = {1, 0, 2};
        for (Eigen::Index c = 0; c < 3; ++c) {
            const Eigen::ArrayXd e = exact.amounts_mg.col(order[c]).array();
            const Eigen::ArrayXd bound = 1e-7 * e.abs() + 1e-10;
            CHECK(((r.amounts_mg.col(c).array() - e).abs() / bound).maxCoeff() <= 1.0);
        }
        const Eigen::ArrayXd ce = exact.concentration_mg_per_l.array();
        CHECK(((r.concentration_mg_per_l.array() - ce).abs() / (1e-7 * ce.abs() + 1e-10))
                  .maxCoeff() <= 1.0);
    }
}

TEST_CASE("custom models choose and check their stepper", "[custom][ode][validation]") {
    const CustomModel<Saturable, 2> model(Saturable{}, {"central", "eliminated"}, 0, 1.0);
    const Regimen regimen = Regimen::single(Dose::mg(20.0, Route::IvBolus));
    const OutputTimes grid = OutputTimes::uniform(0.0, 10.0, 0.5);
    const Result r = simulate(model, regimen, grid);
    CHECK(r.stepper == Stepper::DormandPrince5);
    // Mass is conserved by the system: central + eliminated = dose, to the rounding of a sum.
    CHECK((r.amounts_mg.rowwise().sum().array() - 20.0).abs().maxCoeff() < 1e-12 * 20.0);
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, with_stepper(Stepper::Rosenbrock4)),
                        Contains("stepper = rosenbrock4 needs the Jacobian"));
    SimulationOptions exact;
    exact.path = SolverPath::Exact;
    REQUIRE_THROWS_WITH(simulate(model, regimen, grid, exact),
                        Contains("path = exact: a custom model has no exact solution"));
    REQUIRE_THROWS_WITH(simulate(model, Regimen::single(Dose::mg(1.0, Route::Oral)), grid),
                        Contains("events[0].route = oral: the model has no dose target"));
}

TEST_CASE("custom model routing is validated", "[custom][validation]") {
    CustomModel<Saturable, 2> model(Saturable{}, {"central", "eliminated"}, 0, 1.0);
    REQUIRE_THROWS_WITH(model.dose_into(Route::Oral, 2),
                        Contains("oral.compartment = 2: must be a state index in [0, 2)"));
    REQUIRE_THROWS_WITH(model.dose_into(Route::IvBolus, 0, Bioavailability::exactly(0.5)),
                        Contains("iv_bolus: IV routes have F = 1 and no lag"));
    REQUIRE_THROWS_WITH(model.dose_into(Route::Oral, 0, Bioavailability::exactly(1.5)),
                        Contains("oral.f.high = 1.5"));
    REQUIRE_THROWS_WITH((CustomModel<Saturable, 2>(Saturable{}, {"a", "b"}, 3, 1.0)),
                        Contains("central = 3"));
    REQUIRE_THROWS_WITH((CustomModel<Saturable, 2>(Saturable{}, {"a", "b"}, 0, 0.0)),
                        Contains("central_volume_l = 0: must be > 0"));
    REQUIRE_THROWS_WITH(model.set_initial_state({std::nan(""), 0.0}),
                        Contains("initial_state[0] = nan"));
}

TEST_CASE("a custom model starts from its initial state", "[custom][ode]") {
    // At baseline kin / kout = 8 the turnover model stays put; a bolus of 4 then decays back:
    // R = 8 + 4 e^{-kout (t - 2)}.
    CustomModel<Turnover, 1> model(Turnover{}, {"response"}, 0, 1.0);
    model.set_initial_state({8.0});
    const Result r = simulate(model, Regimen::single(Dose::mg(4.0, Route::IvBolus), 2.0),
                              OutputTimes::uniform(0.0, 12.0, 0.5));
    for (std::size_t i = 0; i < r.times_h.size(); ++i) {
        const double t = r.times_h[i];
        const double expected = t < 2.0 ? 8.0 : 8.0 + 4.0 * std::exp(-0.5 * (t - 2.0));
        INFO("t = " << t);
        REQUIRE(std::abs(r.amounts_mg(static_cast<Eigen::Index>(i), 0) - expected) <=
                1e-7 * expected);
    }
}

TEST_CASE("a custom system that blows up or turns non-finite raises SolverError",
          "[custom][failure]") {
    SECTION("finite-time blow-up: the step size underflows near t = 1 h") {
        CustomModel<BlowUp, 1> model(BlowUp{}, {"x"}, 0, 1.0);
        model.set_initial_state({1.0});
        const OutputTimes grid = OutputTimes::at({0.5, 2.0});
        try {
            simulate(model, std::vector<DoseEvent>{}, grid);
            FAIL("no SolverError");
        } catch (const SolverError& e) {
            const std::string message = e.what();
            INFO(message);
            REQUIRE_THAT(message, Contains("step size underflow at t = "));
            const double t = std::stod(message.substr(message.find("at t = ") + 7));
            CHECK(std::abs(t - 1.0) < 1e-6);
        }
    }
    SECTION("a non-finite derivative") {
        const CustomModel<Broken, 1> model(Broken{}, {"x"}, 0, 1.0);
        const Regimen regimen = Regimen::single(Dose::mg(10.0, Route::IvBolus));
        REQUIRE_THROWS_AS(simulate(model, regimen, OutputTimes::at({24.0})), SolverError);
        REQUIRE_THROWS_WITH(simulate(model, regimen, OutputTimes::at({24.0})),
                            Contains("ODE path (dormand_prince5)") && Contains(" at t = "));
    }
}

TEST_CASE("a custom model takes steady-state records like the built-in nonlinear model",
          "[custom][steady-state]") {
    // Saturable: 10 x / (5 + x) mg/h from the central amount x; with a central volume of 20 L
    // that is Michaelis-Menten with Vmax = 10 mg/h and Km = 5 mg / 20 L = 0.25 mg/L. Same
    // equations, same stepper (Dormand-Prince) and tolerances, so the two runs differ only by
    // the rounding of the two right-hand sides, carried through the steady-state iteration:
    // 1e-9 relative, far below the 1e-8 stopping tolerance of either steady state.
    const CustomModel<Saturable, 2> custom(Saturable{}, {"central", "eliminated"}, 0, 20.0);
    const Model builtin(Disposition::one_compartment(0.0, 20.0), MichaelisMenten{10.0, 0.25});
    DoseEvent record = DoseEvent::infusion(2.0, 40.0, 3.0);
    record.interval_h = 8.0;
    record.steady_state = SteadyState::Reset;
    record.additional = 1;
    SimulationOptions options;
    options.stepper = Stepper::DormandPrince5;
    const OutputTimes times = OutputTimes::at({2.0, 3.0, 5.0, 9.9, 12.0, 20.0});
    const Result a = simulate(custom, {record}, times, options);
    const Result b = simulate(builtin, {record}, times, options);
    for (Eigen::Index i = 0; i < a.concentration_mg_per_l.size(); ++i) {
        CAPTURE(i);
        CHECK(testing::rel_diff(a.concentration_mg_per_l[i], b.concentration_mg_per_l[i]) < 1e-9);
    }
    // The steady state restarts the eliminated amount from 0 (nothing depends on it).
    CHECK(a.amounts_mg(0, 1) == 0.0);
}
