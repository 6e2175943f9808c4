// Route comparison: the envelope over the bioavailability range, exact AUCs, the expected
// ordering of routes for ketamine, and time in band against closed-form crossing times.
#include <cmath>
#include <functional>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::ketamine;

namespace {

/// Root of f on [a, b] (f(a), f(b) of opposite signs) by bisection to 1e-13 h.
double bisect(const std::function<double(double)>& f, double a, double b) {
    const bool rising = f(a) < 0.0;
    while (b - a > 1e-13) {
        const double m = 0.5 * (a + b);
        ((f(m) < 0.0) == rising ? a : b) = m;
    }
    return 0.5 * (a + b);
}

/// Bound on the error of a crossing time found by linear interpolation on a grid of step dt:
/// the interpolant is off by at most dt²/8·|C''| in concentration, so the crossing moves by
/// about that over |C'|. Twice the value at the crossing covers C'' varying over one step.
double crossing_bound(double dt, double c1, double c2) {
    return 2.0 * dt * dt / 8.0 * std::abs(c2) / std::abs(c1);
}

}  // namespace

TEST_CASE("time in band matches the crossing times of a one-compartment bolus", "[compare]") {
    const double cl = 6.0, v = 30.0, k = cl / v, dose = 100.0;  // C0 = 3.33 mg/L
    const Model model(Disposition::one_compartment(cl, v));
    Band band;
    band.name = "mid";
    band.low_mg_per_l = 0.5;
    band.high_mg_per_l = 2.0;
    Band above = band;
    above.name = "above";
    above.shape = BandShape::Above;
    CompareOptions options;
    options.t_end_h = 30.0;
    options.step_h = 0.01;
    const RouteComparison r = compare_routes(model, dose, {Route::IvBolus}, {band, above}, options);
    const RouteMetrics& m = r.routes[0].at(FChoice::Nominal);
    // C = C0 e^{-kt} crosses c at t = ln(C0/c)/k; |C''/C'| = k at every crossing.
    const double c0 = dose / v;
    // An IV bolus is read from kBolusMixingTimeH (2 min) on: the band [0.5, 2] is entered at
    // 2.55 h, after it, while the time above 0.5 mg/L loses its first 2 min.
    const double tolerance = 2 * crossing_bound(options.step_h, 1.0, k);
    CHECK(std::abs(m.time_in_band_h[0] - std::log(2.0 / 0.5) / k) <= tolerance);
    CHECK(std::abs(m.time_in_band_h[1] - (std::log(c0 / 0.5) / k - kBolusMixingTimeH)) <=
          tolerance);
    CHECK(m.peak_from_h == kBolusMixingTimeH);
    CHECK(m.c0_mg_per_l == Approx(c0).epsilon(1e-15));
    // The first grid point at or after 2 min: 0.04 h on a 0.01 h grid.
    CHECK(m.tmax_h == Approx(0.04).epsilon(1e-12));
    CHECK(m.cmax_mg_per_l == Approx(c0 * std::exp(-k * 0.04)).epsilon(1e-12));
    CHECK(m.auc_0_inf == Approx(dose / cl).epsilon(1e-15));
    // AUC(0-30 h) = D/CL (1 - e^{-k 30}); the exact path is good to 1e-9 (docs/design.md,
    // "Reference case").
    CHECK(m.auc_0_t == Approx(dose / cl * (1 - std::exp(-k * 30.0))).epsilon(1e-9));
}

TEST_CASE("time in band matches the crossing times of a Bateman curve", "[compare]") {
    const double cl = 10.0, v = 50.0, k = cl / v, ka = 1.5, f = 0.8, dose = 200.0;
    Model model(Disposition::one_compartment(cl, v));
    model.set_absorption(Route::Oral, {Bioavailability::range(f, 0.5, 1.0), ka, 0.0, 0.0});
    Band band;
    band.name = "band";
    band.low_mg_per_l = 0.6;
    band.high_mg_per_l = 1.8;
    CompareOptions options;
    options.t_end_h = 40.0;
    options.step_h = 0.005;
    const RouteComparison r = compare_routes(model, dose, {Route::Oral}, {band}, options);

    auto c = [&](double t) { return testing::bateman(dose, f, ka, k, v, 0.0, t); };
    const double a = f * dose * ka / (v * (ka - k));
    auto c1 = [&](double t) { return a * (-k * std::exp(-k * t) + ka * std::exp(-ka * t)); };
    auto c2 = [&](double t) {
        return a * (k * k * std::exp(-k * t) - ka * ka * std::exp(-ka * t));
    };
    const double tmax = std::log(ka / k) / (ka - k);
    REQUIRE(c(tmax) > 1.8);
    const double t[] = {bisect([&](double x) { return c(x) - 0.6; }, 0.0, tmax),
                        bisect([&](double x) { return c(x) - 1.8; }, 0.0, tmax),
                        bisect([&](double x) { return c(x) - 1.8; }, tmax, 40.0),
                        bisect([&](double x) { return c(x) - 0.6; }, tmax, 40.0)};
    double tolerance = 0.0;
    for (double tc : t) tolerance += crossing_bound(options.step_h, c1(tc), c2(tc));
    const double expected = (t[1] - t[0]) + (t[3] - t[2]);
    CHECK(std::abs(r.routes[0].at(FChoice::Nominal).time_in_band_h[0] - expected) <= tolerance);
    // The grid peak is within one step of the closed-form Tmax.
    CHECK(std::abs(r.routes[0].at(FChoice::Nominal).tmax_h - tmax) <= options.step_h);
}

TEST_CASE("ketamine routes: IV peaks highest and oral latest and AUC follows F",
          "[compare][ketamine]") {
    DrugComparisonRequest request;
    request.dose = 0.5;
    request.weight_kg = 70.0;
    const RouteComparison r = compare_routes(ketamine(), request);
    REQUIRE(r.routes.size() == 6);
    CHECK(r.dose_mg == Approx(35.0).epsilon(1e-15));
    CHECK(r.bands.size() == 5);  // every range and above band of the file
    CHECK(r.times_h.size() == 1441);

    const RouteOutcome& bolus = r.routes[0];
    const RouteOutcome& infusion = r.routes[1];
    CHECK(infusion.duration_h == Approx(40.0 / 60.0).epsilon(1e-15));
    CHECK(infusion.at(FChoice::Nominal).tmax_h == Approx(40.0 / 60.0).epsilon(1e-12));
    for (const RouteOutcome& o : r.routes) {
        const RouteMetrics& m = o.at(FChoice::Nominal);
        INFO(route_name(o.route));
        CHECK(m.auc_0_inf == Approx(o.f.nominal * 35.0 / r.cl_l_per_h).epsilon(1e-15));
        CHECK(m.auc_0_t <= m.auc_0_inf * (1 + 1e-12));
        if (o.route != Route::IvBolus) {
            CHECK(bolus.at(FChoice::Nominal).cmax_mg_per_l > m.cmax_mg_per_l);
        }
        if (is_absorbed(o.route)) {
            CHECK(infusion.at(FChoice::Nominal).cmax_mg_per_l > m.cmax_mg_per_l);
            CHECK(r.routes[4].at(FChoice::Nominal).tmax_h >= m.tmax_h);  // oral is routes[4]
        }
        for (const RouteOutcome& other : r.routes) {
            if (o.f.nominal > other.f.nominal) {
                CHECK(m.auc_0_inf > other.at(FChoice::Nominal).auc_0_inf);
                CHECK(m.auc_0_t > other.at(FChoice::Nominal).auc_0_t);
            }
        }
    }
    // IM peaks at the Tmax its ka was derived from (an input), to one step; oral where its fit
    // to Chong 2006 and Grant 1981 puts it (54 min against the observed 0.96 +/- 0.8 h).
    CHECK(std::abs(r.routes[2].at(FChoice::Nominal).tmax_h - 0.25) <= 1.0 / 60.0);
    CHECK(std::abs(r.routes[4].at(FChoice::Nominal).tmax_h - 0.9) <= 1.0 / 60.0);
}

TEST_CASE("the bioavailability envelope brackets the nominal curve", "[compare][ketamine]") {
    DrugComparisonRequest request;
    request.dose = 50.0;
    request.dose_unit = DoseUnit::Mg;
    request.routes = {Route::Intranasal, Route::Sublingual, Route::Intramuscular};
    request.alternatives = {"intranasal_yanagihara2003", "sublingual_chong2009"};
    const RouteComparison r = compare_routes(ketamine(), request);
    CHECK(r.dose_mg == 50.0);
    for (const RouteOutcome& o : r.routes) {
        const Eigen::VectorXd& low = o.curve(FChoice::Low);
        const Eigen::VectorXd& nominal = o.curve(FChoice::Nominal);
        const Eigen::VectorXd& high = o.curve(FChoice::High);
        CHECK((low.array() <= nominal.array()).all());
        CHECK((nominal.array() <= high.array()).all());
        CHECK(o.at(FChoice::Low).cmax_mg_per_l <= o.at(FChoice::Nominal).cmax_mg_per_l);
        CHECK(o.at(FChoice::High).auc_0_inf ==
              Approx(o.f.high * 50.0 / r.cl_l_per_h).epsilon(1e-15));
    }
    CHECK(r.routes[0].f.low == 0.45);  // a point estimate: the envelope is the curve itself
    CHECK(r.routes[0].curve(FChoice::Low) == r.routes[0].curve(FChoice::High));
    CHECK(r.routes[1].f.low == 0.19);  // the interquartile range of Chong 2009
    CHECK(r.routes[1].f.high == 0.49);
    // With no range (IM 0.93 exactly) the envelope collapses onto the nominal curve.
    CHECK(r.routes[2].curve(FChoice::Low) == r.routes[2].curve(FChoice::High));
}

TEST_CASE("a swallowed fraction counts in the overall bioavailability", "[compare]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Oral, {Bioavailability::range(0.2, 0.1, 0.3), 0.35, 0.0, 0.0});
    model.set_absorption(Route::Sublingual, {Bioavailability::range(0.5, 0.4, 0.6), 1.0, 0.0, 0.4});
    CompareOptions options;
    options.t_end_h = 2000.0;  // long enough for the whole dose to be cleared
    options.step_h = 0.5;
    const RouteComparison r = compare_routes(model, 10.0, {Route::Sublingual}, {}, options);
    const RouteOutcome& o = r.routes[0];
    CHECK(o.f.nominal == Approx(0.6 * 0.5 + 0.4 * 0.2).epsilon(1e-15));
    CHECK(o.f.low == Approx(0.6 * 0.4 + 0.4 * 0.1).epsilon(1e-15));
    // Everything absorbed is eventually eliminated: AUC(0-2000 h) equals F·dose/CL to the
    // exact path's accuracy (1e-9, docs/design.md, "Reference case").
    for (FChoice c : {FChoice::Nominal, FChoice::Low, FChoice::High}) {
        CHECK(o.at(c).auc_0_t == Approx(o.at(c).auc_0_inf).epsilon(1e-9));
    }
}

TEST_CASE("route comparison input is checked", "[compare][errors]") {
    Model model(Disposition::one_compartment(5.0, 10.0));
    CompareOptions options;
    REQUIRE_THROWS_WITH(compare_routes(model, 10.0, {Route::IvInfusion}, {}, options),
                        Contains("routes[0] = iv_infusion: infusion_duration_h is required"));
    REQUIRE_THROWS_WITH(compare_routes(model, 10.0, {Route::IvBolus, Route::IvBolus}, {}, options),
                        Contains("routes[1] = iv_bolus: route listed twice"));
    REQUIRE_THROWS_WITH(compare_routes(model, 10.0, {Route::Oral}, {}, options),
                        Contains("routes[0] = oral: the model has no absorption parameters"));
    REQUIRE_THROWS_WITH(compare_routes(model, 0.0, {Route::IvBolus}, {}, options),
                        Contains("dose_mg = 0: must be > 0"));
    REQUIRE_THROWS_WITH(compare_routes(model, 10.0, {}, {}, options),
                        Contains("routes: at least one route"));
    REQUIRE_THROWS_WITH(
        compare_routes(model, 10.0, {Route::IvBolus}, {ketamine().band("antidepressant_peak")}),
        Contains("bands[0] = 'antidepressant_peak': a level has no time in band"));
    DrugComparisonRequest request;
    request.dose = -1.0;
    REQUIRE_THROWS_WITH(compare_routes(ketamine(), request), Contains("dose = -1: must be > 0"));
    request.dose = 0.5;
    request.bands = {"analgesia", "euphoria"};
    REQUIRE_THROWS_WITH(compare_routes(ketamine(), request),
                        Contains("band = 'euphoria': no such band"));
    CHECK(protocol_infusion_duration_h(ketamine()) == Approx(40.0 / 60.0).epsilon(1e-15));
}

TEST_CASE("an S-ketamine model's curves are never measured against racemic bands",
          "[compare][ketamine]") {
    // Every band of ketamine.json is racemic (total R+S); flint2017_s_ketamine gives S-ketamine.
    DrugComparisonRequest request;
    request.dose = 0.5;
    request.model = "flint2017_s_ketamine";
    const RouteComparison s = compare_routes(ketamine(), request);
    CHECK(s.enantiomer == "S");
    CHECK(s.bands.empty());
    CHECK(ketamine().bands_for_model("flint2017_s_ketamine").empty());
    CHECK(ketamine().bands_for_model().size() == ketamine().bands().size());
    request.bands = {"analgesia"};
    REQUIRE_THROWS_WITH(compare_routes(ketamine(), request),
                        "bands = 'analgesia': its concentrations are racemic (R + S), model "
                        "'flint2017_s_ketamine' gives S-enantiomer concentrations: they cannot be "
                        "compared");
    request.model = "clements1981";
    const RouteComparison racemic = compare_routes(ketamine(), request);
    CHECK(racemic.enantiomer == "racemic");
    REQUIRE(racemic.bands.size() == 1);
    CHECK(racemic.bands[0].enantiomer == "racemic");
}
