// The model extensions against closed forms written independently of the engine: Michaelis-Menten
// elimination (Lambert W), a metabolite, an effect compartment, a transit chain, and the kink of
// an infusion that stops between two outputs.
//
// Tolerances. The exact path: 1e-10 relative, as the foundation's closed-form tests (Pade
// exponential, a few ulps per step). The ODE path at its defaults (rtol 1e-8, atol 1e-12 mg):
// 1e-7 relative plus 1e-10 in the unit of the quantity (ten times rtol, a hundred times atol;
// see test_ode_vs_exact.cpp for the reasoning), except where a case states otherwise.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "support.hpp"

using namespace pkengine;

namespace {

constexpr double kExactTol = 1e-10;
constexpr double kOdeRel = 1e-7;
constexpr double kOdeAbs = 1e-10;

/// Principal branch of the Lambert W function for x >= 0 (w e^w = x), by Halley's iteration
/// from log1p(x), which is above the root and converges monotonically; to machine precision.
double lambert_w(double x) {
    double w = std::log1p(x);
    for (int i = 0; i < 100; ++i) {
        const double e = std::exp(w);
        const double f = w * e - x;
        const double step = f / (e * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0));
        w -= step;
        if (std::abs(step) <= 1e-16 * (1.0 + std::abs(w))) break;
    }
    return w;
}

/// One-compartment IV bolus with Michaelis-Menten elimination only (mg/L):
/// C(t) = Km W((C0/Km) exp((C0 - Vmax t / V) / Km)).
double michaelis_menten_bolus(double c0, double vmax, double km, double v, double t) {
    return km * lambert_w(c0 / km * std::exp((c0 - vmax / v * t) / km));
}

SimulationOptions ode(Stepper stepper) {
    SimulationOptions options;
    options.path = SolverPath::Ode;
    options.stepper = stepper;
    return options;
}

bool within(double actual, double expected, double rel, double abs) {
    return std::abs(actual - expected) <= rel * std::abs(expected) + abs;
}

}  // namespace

TEST_CASE("the Lambert W of the test solves w e^w = x", "[closed-form]") {
    for (double x : {0.0, 1e-8, 0.5, 1.0, std::exp(1.0), 40.0, 1e6}) {
        const double w = lambert_w(x);
        CHECK(w * std::exp(w) == Approx(x).epsilon(1e-14).margin(1e-300));
    }
    CHECK(lambert_w(std::exp(1.0)) == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("Michaelis-Menten elimination of an IV bolus follows the Lambert W solution",
          "[ode][closed-form][michaelis-menten]") {
    // C0 = 10 mg/L, five times Km: elimination starts near its maximum (zero order) and turns
    // first order (k = Vmax / (Km V) = 0.75 /h) as C falls below Km.
    const double v = 20.0, vmax = 30.0, km = 2.0, dose = 200.0;
    const Model model(Disposition::one_compartment(0.0, v), MichaelisMenten{vmax, km});
    REQUIRE_FALSE(model.is_linear());
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 1.0 / 12.0);
    for (Stepper stepper : {Stepper::Automatic, Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        const Result r =
            simulate(model, Regimen::single(Dose::mg(dose, Route::IvBolus)), grid, ode(stepper));
        INFO(stepper_name(r.stepper));
        CHECK(r.solver == SolverPath::Ode);
        for (std::size_t i = 0; i < r.times_h.size(); ++i) {
            const double expected = michaelis_menten_bolus(dose / v, vmax, km, v, r.times_h[i]);
            INFO("t = " << r.times_h[i]);
            REQUIRE(within(r.concentration_mg_per_l[static_cast<Eigen::Index>(i)], expected,
                           kOdeRel, kOdeAbs));
        }
        // Mass balance: what left the central compartment is in the eliminated state.
        const Eigen::VectorXd total = r.amounts_mg.rowwise().sum();
        CHECK((total.array() - dose).abs().maxCoeff() < 1e-9 * dose);
    }
}

TEST_CASE("Michaelis-Menten far below Km is linear elimination with CL = Vmax / Km",
          "[ode][closed-form][michaelis-menten]") {
    // From the implicit solution, ln(C_mm / C_linear) = (C0 - C_mm) / Km exactly: with
    // C0 / Km = 1e-4 the two curves differ by less than 1e-4 relative, and by that much.
    const double v = 30.0, dose = 100.0, c0 = dose / v, km = 1e4 * c0, vmax = 6.0 * km;
    const Model saturable(Disposition::one_compartment(0.0, v), MichaelisMenten{vmax, km});
    const Model linear(Disposition::one_compartment(vmax / km, v));
    const Regimen regimen = Regimen::single(Dose::mg(dose, Route::IvBolus));
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 0.25);
    const Result mm = simulate(saturable, regimen, grid);
    const Result lin = simulate(linear, regimen, grid);
    CHECK(mm.solver == SolverPath::Ode);
    CHECK(lin.solver == SolverPath::Exact);
    for (std::size_t i = 1; i < grid.size(); ++i) {
        const auto k = static_cast<Eigen::Index>(i);
        const double c = mm.concentration_mg_per_l[k];
        const double log_ratio = std::log(c / lin.concentration_mg_per_l[k]);
        INFO("t = " << mm.times_h[i]);
        REQUIRE(log_ratio > 0.0);      // saturable elimination is never faster
        REQUIRE(log_ratio < c0 / km);  // and stays within the bound
        // The exact relation, to the ODE tolerance (1e-7 on ln C is 1e-7 relative on C).
        REQUIRE(std::abs(log_ratio - (c0 - c) / km) < kOdeRel);
    }
}

TEST_CASE("a metabolite of a one-compartment parent follows the Bateman function",
          "[closed-form][metabolite]") {
    // Parent k = CL/V = 0.2 /h; metabolite km = CLm/Vm = 0.5 /h; formed from fm of the
    // parent's elimination: M(t) = fm k D / (Vm (km - k)) (e^{-kt} - e^{-km t}).
    const double dose = 100.0, fm = 0.6, k = 0.2, km = 0.5, vm = 40.0;
    Model model(Disposition::one_compartment(6.0, 30.0));
    model.set_metabolite({fm, km * vm, vm, 0.0, 0.0});
    const OutputTimes grid = OutputTimes::uniform(0.0, 48.0, 0.25);
    const Regimen regimen = Regimen::single(Dose::mg(dose, Route::IvBolus));
    for (SolverPath path : {SolverPath::Exact, SolverPath::Ode}) {
        SimulationOptions options;
        options.path = path;
        const Result r = simulate(model, regimen, grid, options);
        INFO(solver_path_name(r.solver));
        REQUIRE(r.metabolite_concentration_mg_per_l.size() ==
                static_cast<Eigen::Index>(grid.size()));
        const double rel = path == SolverPath::Exact ? kExactTol : kOdeRel;
        const double abs = path == SolverPath::Exact ? 0.0 : kOdeAbs;
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const double t = grid.times()[i];
            const double expected =
                fm * k * dose / (vm * (km - k)) * (std::exp(-k * t) - std::exp(-km * t));
            INFO("t = " << t);
            REQUIRE(within(r.metabolite_concentration_mg_per_l[static_cast<Eigen::Index>(i)],
                           expected, rel, abs));
        }
    }
}

TEST_CASE("an effect compartment lags plasma by the exact first-order relation",
          "[closed-form][effect]") {
    // 1-compartment IV bolus: Ce = C0 ke0 / (ke0 - k) (e^{-kt} - e^{-ke0 t}), and the sigmoid
    // Emax response computed here from that Ce.
    const double dose = 50.0, v = 25.0, k = 0.3, ke0 = 1.7;
    const SigmoidEmax response{10.0, -8.0, 0.4, 2.2};
    Model model(Disposition::one_compartment(k * v, v));
    model.set_effect_compartment({ke0, response});
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 1.0 / 12.0);
    for (SolverPath path : {SolverPath::Exact, SolverPath::Ode}) {
        SimulationOptions options;
        options.path = path;
        const Result r =
            simulate(model, Regimen::single(Dose::mg(dose, Route::IvBolus)), grid, options);
        INFO(solver_path_name(r.solver));
        CHECK(r.state_names == std::vector<std::string>{"central", "eliminated"});
        const double rel = path == SolverPath::Exact ? kExactTol : kOdeRel;
        const double abs = path == SolverPath::Exact ? 0.0 : kOdeAbs;
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const double t = grid.times()[i];
            const auto row = static_cast<Eigen::Index>(i);
            const double ce = dose / v * ke0 / (ke0 - k) * (std::exp(-k * t) - std::exp(-ke0 * t));
            const double x = std::pow(ce / 0.4, 2.2);
            INFO("t = " << t);
            REQUIRE(within(r.effect_site_concentration_mg_per_l[row], ce, rel, abs));
            // The response has slope at most |Emax| h / (4 EC50) ~ 11 per mg/L: the Ce
            // tolerance scaled by that bounds the effect's.
            REQUIRE(within(r.effect[row], 10.0 - 8.0 * x / (1.0 + x), 0.0,
                           11.0 * (rel * ce + abs) + 1e-12));
        }
        // The effect site peaks after plasma, at ln(ke0/k)/(ke0 - k) = 1.2741 h.
        Eigen::Index peak = 0;
        r.effect_site_concentration_mg_per_l.maxCoeff(&peak);
        CHECK(std::abs(grid.times()[static_cast<std::size_t>(peak)] -
                       std::log(ke0 / k) / (ke0 - k)) <= 1.0 / 24.0);
    }
}

TEST_CASE("a transit chain delivers an Erlang-shaped input", "[closed-form][transit]") {
    // Transit compartment j (0..n) holds F D (ktr s)^j / j! e^{-ktr s}, s = t - lag; at s = 0
    // the output shows the dose just arrived (post-dose state).
    const int n = 3;
    const double mtt = 2.0, ktr = (n + 1) / mtt, dose = 80.0, f = 0.6, lag = 0.4;
    Model model(Disposition::one_compartment(6.0, 30.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(f), 1.1, lag, 0.0});
    model.set_transit(Route::Oral, {n, mtt});
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 0.1);
    for (SolverPath path : {SolverPath::Exact, SolverPath::Ode}) {
        SimulationOptions options;
        options.path = path;
        const Result r =
            simulate(model, Regimen::single(Dose::mg(dose, Route::Oral)), grid, options);
        INFO(solver_path_name(r.solver));
        const double rel = path == SolverPath::Exact ? kExactTol : kOdeRel;
        const double abs = path == SolverPath::Exact ? 1e-13 : kOdeAbs;
        for (int j = 0; j <= n; ++j) {
            const int col = r.state_index("transit_oral_" + std::to_string(j));
            for (std::size_t i = 0; i < grid.size(); ++i) {
                const double s = grid.times()[i] - lag;
                const double expected = s < 0.0 ? 0.0
                                                : f * dose * std::pow(ktr * s, j) /
                                                      std::tgamma(j + 1.0) * std::exp(-ktr * s);
                INFO("compartment " << j << ", t = " << grid.times()[i]);
                REQUIRE(
                    within(r.amounts_mg(static_cast<Eigen::Index>(i), col), expected, rel, abs));
            }
        }
    }
}

TEST_CASE("an infusion that stops between two outputs shows the exact kink",
          "[ode][closed-form][events]") {
    // 1-compartment, 36 mg over 0.7 h (rate 51.43 mg/h); outputs 1e-4 h either side of the
    // stop. The slope drops by rate/V there; finite differences over 1e-4 h see it.
    const double cl = 5.0, v = 40.0, duration = 0.7, rate = 36.0 / duration, h = 1e-4;
    const Model model(Disposition::one_compartment(cl, v));
    const std::vector<double> times{0.35,         duration - 2 * h, duration - h,
                                    duration + h, duration + 2 * h, 1.5};
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        const Result r =
            simulate(model, Regimen::single(Dose::mg(36.0, Route::IvInfusion, duration)),
                     OutputTimes::at(times), ode(stepper));
        INFO(stepper_name(r.stepper));
        const Eigen::VectorXd& c = r.concentration_mg_per_l;
        for (std::size_t i = 0; i < times.size(); ++i) {
            const double expected = testing::one_cmt_infusion(rate, duration, cl, v, times[i]);
            REQUIRE(within(c[static_cast<Eigen::Index>(i)], expected, kOdeRel, kOdeAbs));
        }
        // The slope jump is rate/V = 1.286 mg/L/h; each finite difference is off its one-sided
        // derivative by the curvature k (rate/V) h/2 ~ 1e-5 and by 2e-7/h ~ 2e-3 from the
        // value tolerance, so 5e-3 bounds the comparison.
        const double before = (c[2] - c[1]) / h;
        const double after = (c[4] - c[3]) / h;
        CHECK(std::abs((before - after) - rate / v) < 5e-3);
    }
}
