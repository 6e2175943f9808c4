// Invariants of every linear simulation: superposition, mass balance, AUC ratio = F.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;
using testing::rel_diff;

namespace {

Model domino_with_routes() {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.0, 0.0});
    model.set_absorption(Route::Intranasal,
                         {Bioavailability::range(0.45, 0.25, 0.5), 2.9, 0.05, 0.0});
    model.set_absorption(Route::Oral, {Bioavailability::range(0.2, 0.1, 0.3), 0.9, 0.3, 0.0});
    model.set_absorption(Route::Sublingual,
                         {Bioavailability::range(0.29, 0.1, 0.3), 1.3, 0.1, 0.0});
    return model;
}

double total_amount(const Result& r, Eigen::Index row) {
    return r.amounts_mg.row(row).sum();
}

}  // namespace

TEST_CASE("superposition: two doses equal the sum of two single-dose runs", "[invariant]") {
    const Model model = domino_with_routes();
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 1.0 / 60.0);
    const Regimen first = Regimen::single(Dose::mg(35.0, Route::Intramuscular), 0.0);
    const Regimen second = Regimen::single(Dose::mg(20.0, Route::IvInfusion, 0.5), 3.25);
    const Result both = simulate(model, first + second, grid);
    const Result a = simulate(model, first, grid);
    const Result b = simulate(model, second, grid);
    const Eigen::VectorXd sum = a.concentration_mg_per_l + b.concentration_mg_per_l;
    // Linear algebra in floating point: agreement to rounding, scaled by the peak.
    const double scale = both.concentration_mg_per_l.maxCoeff();
    CHECK((both.concentration_mg_per_l - sum).cwiseAbs().maxCoeff() < 1e-12 * scale);
}

TEST_CASE("mass balance: all compartments plus eliminated equal F x dose", "[invariant]") {
    const Model model = domino_with_routes();
    for (Route route : kAllRoutes) {
        DYNAMIC_SECTION(route_name(route)) {
            const double duration = route == Route::IvInfusion ? 40.0 / 60.0 : 0.0;
            const double f = model.bioavailability(route).nominal;
            const Result r = simulate(model, Regimen::single(Dose::mg(35.0, route, duration)),
                                      OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0));
            for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
                const double t = r.times_h[static_cast<std::size_t>(i)];
                const double given = duration > 0.0 ? 35.0 * std::min(1.0, t / duration) : 35.0;
                const double lag = is_absorbed(route) ? model.absorption(route).lag_h : 0.0;
                const double expected = t < lag ? 0.0 : f * given;
                REQUIRE(std::abs(total_amount(r, i) - expected) <= 1e-12 * 35.0);
            }
        }
    }
}

TEST_CASE("AUC(route) / AUC(IV) = F for each absorbed route", "[invariant]") {
    // AUC(0-t) is exactly eliminated(t) / CL; at 400 h every route has finished (terminal
    // half-life about 2 h), so the ratio is F to rounding (issue asks for 1e-6). One 400 h step
    // takes about 15 squarings in the Pade scaling-and-squaring exponential, each adding a few
    // ulps: measured 2e-12 relative, so 1e-10 is the stated bound for AUC(IV) itself.
    const Model model = domino_with_routes();
    const OutputTimes end = OutputTimes::at({400.0});
    const auto auc = [&](Route route) {
        const Result r = simulate(model, Regimen::single(Dose::mg(35.0, route)), end);
        return r.amounts_mg(0, r.state_index("eliminated")) / model.disposition().cl();
    };
    const double auc_iv = auc(Route::IvBolus);
    CHECK(auc_iv == Approx(35.0 / model.disposition().cl()).epsilon(1e-10));
    for (Route route : kAbsorbedRoutes) {
        INFO(route_name(route));
        CHECK(std::abs(auc(route) / auc_iv - model.absorption(route).f.nominal) < 1e-6);
    }
}

TEST_CASE("a swallowed fraction follows the oral route", "[invariant]") {
    Model model = domino_with_routes();
    Absorption nasal = model.absorption(Route::Intranasal);
    nasal.fraction_swallowed = 0.3;
    model.set_absorption(Route::Intranasal, nasal);
    const Result r = simulate(model, Regimen::single(Dose::mg(100.0, Route::Intranasal)),
                              OutputTimes::at({0.0, 0.2, 400.0}));
    const double expected = (0.7 * 0.45 + 0.3 * 0.2) * 100.0;  // (1-s) F_in + s F_oral
    CHECK(std::abs(total_amount(r, 2) - expected) < 1e-12 * 100.0);
    // Before the oral lag (0.3 h) nothing has reached the gut depot.
    CHECK(r.amounts_mg(1, r.state_index("depot_oral")) == 0.0);
    CHECK(r.amounts_mg(2, r.state_index("eliminated")) == Approx(expected).epsilon(1e-9));
}

TEST_CASE("a grid output at a bolus time shows the post-dose state", "[events]") {
    const Model model(Disposition::one_compartment(6.0, 30.0));
    const Result r = simulate(model, Regimen::single(Dose::mg(60.0, Route::IvBolus), 2.0),
                              OutputTimes::at({0.0, 2.0}));
    CHECK(r.concentration_mg_per_l[0] == 0.0);
    CHECK(r.concentration_mg_per_l[1] == Approx(2.0).epsilon(1e-15));
}

TEST_CASE("the uniform grid reuses one cached propagator", "[exact]") {
    const Result r =
        simulate(Model(testing::domino_70kg()), Regimen::single(Dose::mg(50.0, Route::IvBolus)),
                 OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0));
    CHECK(r.steps == 2880);
    CHECK(r.propagators_computed == 1);
    CHECK(r.solver == SolverPath::Exact);
}
