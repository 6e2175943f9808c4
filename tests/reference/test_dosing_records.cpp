// NONMEM record semantics other than steady state, against closed forms and superposition sums
// computed here: ADDL with infusions, resets (EVID 3 and 4) in the middle of a regimen, F on
// rate- and duration-given infusions, modelled rates and durations (RATE = -1 / -2).
//
// Tolerance 1e-10 relative, as in test_closed_forms.cpp: the exact path is good to a few ulps
// per step; any semantic error (a missing or extra dose, a wrong duration) is 1e-2 or larger.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;
using testing::rel_diff;

namespace {

constexpr double kTol = 1e-10;

/// Depot amount of a zero-order input `rate` (mg/h) over `duration` (h) from t = 0 into a depot
/// emptied at ka (1/h): rate/ka (1 - e^{-ka t}) while it runs, then first-order decay.
double depot_infusion(double rate, double duration, double ka, double t) {
    if (t <= 0.0) return 0.0;
    if (t <= duration) return rate / ka * (1.0 - std::exp(-ka * t));
    return rate / ka * (1.0 - std::exp(-ka * duration)) * std::exp(-ka * (t - duration));
}

double at(const Result& r, std::size_t i) {
    return r.concentration_mg_per_l[static_cast<Eigen::Index>(i)];
}

}  // namespace

TEST_CASE("ADDL repeats an infusion every interval", "[records][reference]") {
    const double cl = 5.0, v = 40.0, ii = 12.0, duration = 4.0, amount = 100.0;
    const Model model(Disposition::one_compartment(cl, v));
    DoseEvent record = DoseEvent::infusion(2.0, amount, duration);
    record.interval_h = ii;
    record.additional = 3;  // infusions at 2, 14, 26, 38
    const std::vector<double> times{0.0, 2.0, 3.0, 6.0, 13.0, 15.5, 30.0, 40.0, 42.0, 60.0};
    const Result r = simulate(model, {record}, OutputTimes::at(times));
    for (std::size_t i = 0; i < times.size(); ++i) {
        double expected = 0.0;
        for (int n = 0; n <= 3; ++n) {
            expected += testing::one_cmt_infusion(amount / duration, duration, cl, v,
                                                  times[i] - 2.0 - n * ii);
        }
        CAPTURE(times[i]);
        if (expected == 0.0) {
            CHECK(at(r, i) == 0.0);
        } else {
            CHECK(rel_diff(at(r, i), expected) < kTol);
        }
    }

    SECTION("rate-given infusions with ADDL into a depot keep their rate under F") {
        Model oral(Disposition::one_compartment(cl, v));
        oral.set_absorption(Route::Oral, {Bioavailability::exactly(0.5), 0.7, 1.0, 0.0});
        DoseEvent by_rate = DoseEvent::infusion_at_rate(0.0, 60.0, 20.0, Route::Oral);
        by_rate.interval_h = 10.0;
        by_rate.additional = 2;  // starts 0, 10, 20 (+1 h lag); 20 mg/h for 0.5*60/20 = 1.5 h
        const std::vector<double> t{0.5, 1.5, 2.0, 2.6, 11.7, 12.5, 25.0};
        const Result rr = simulate(oral, {by_rate}, OutputTimes::at(t));
        for (std::size_t i = 0; i < t.size(); ++i) {
            double expected = 0.0;
            for (int n = 0; n <= 2; ++n) {
                expected += depot_infusion(20.0, 1.5, 0.7, t[i] - 1.0 - n * 10.0);
            }
            CAPTURE(t[i]);
            const double depot =
                rr.amounts_mg(static_cast<Eigen::Index>(i), rr.state_index("depot_oral"));
            if (expected == 0.0) {
                CHECK(depot == 0.0);
            } else {
                CHECK(rel_diff(depot, expected) < kTol);
            }
        }
    }
}

TEST_CASE("resets in the middle of a regimen", "[records][reference]") {
    const double cl = 6.0, v = 30.0, k = cl / v;
    const Model model(Disposition::one_compartment(cl, v));
    DoseEvent regimen = DoseEvent::bolus(0.0, 100.0);
    regimen.interval_h = 12.0;
    regimen.additional = 5;  // 0, 12, ..., 60: the repeats after the reset are cancelled
    DoseEvent reset;
    reset.time_h = 30.0;
    reset.kind = EventKind::Reset;
    DoseEvent reset_and_dose = DoseEvent::bolus(40.0, 50.0);
    reset_and_dose.kind = EventKind::ResetAndDose;
    reset_and_dose.interval_h = 12.0;
    reset_and_dose.additional = 2;  // 40, 52, 64: resets once, at 40
    const std::vector<double> times{11.0, 25.0, 30.0, 36.0, 39.9, 40.0, 51.0, 53.0, 70.0};
    const Result r = simulate(model, {regimen, reset, reset_and_dose}, OutputTimes::at(times));
    auto expected = [&](double t) {
        double c = 0.0;
        if (t < 30.0) {
            for (double d : {0.0, 12.0, 24.0}) c += testing::one_cmt_bolus(100.0, v, k, t - d);
        }
        for (double d : {40.0, 52.0, 64.0}) c += testing::one_cmt_bolus(50.0, v, k, t - d);
        return c;
    };
    for (std::size_t i = 0; i < times.size(); ++i) {
        CAPTURE(times[i]);
        if (expected(times[i]) == 0.0) {
            CHECK(at(r, i) == 0.0);
        } else {
            CHECK(rel_diff(at(r, i), expected(times[i])) < kTol);
        }
    }
    // A reset empties "eliminated" as well.
    CHECK(r.amounts_mg(3, r.state_index("eliminated")) == 0.0);

    SECTION("a reset stops a running infusion and cancels a lagged dose not yet given") {
        Model lagged(Disposition::one_compartment(cl, v));
        lagged.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 2.0, 3.0, 0.0});
        DoseEvent stop;
        stop.time_h = 5.0;
        stop.kind = EventKind::Reset;
        const Result rr = simulate(lagged,
                                   {DoseEvent::infusion(0.0, 100.0, 10.0),
                                    DoseEvent::bolus(4.0, 100.0, Route::Intramuscular), stop},
                                   OutputTimes::at({4.9, 5.0, 8.0, 20.0}));
        CHECK(at(rr, 0) > 0.0);
        CHECK(at(rr, 1) == 0.0);
        CHECK(at(rr, 2) == 0.0);  // the IM dose (due at 4 + 3 = 7 h) never arrives
        CHECK(at(rr, 3) == 0.0);
    }
}

TEST_CASE("F changes the duration of a rate-given infusion and the rate of a duration-given one",
          "[records][reference]") {
    const double ka = 1.2, f = 0.6, amount = 90.0;
    Model model(Disposition::one_compartment(5.0, 50.0));
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(f), ka, 0.0, 0.0});
    const std::vector<double> t{0.5, 1.5, 1.8, 2.5, 3.0, 4.0};
    const int depot = 1;

    // By rate: 45 mg/h kept, duration F * 90 / 45 = 1.2 h.
    const Result by_rate =
        simulate(model, {DoseEvent::infusion_at_rate(0.0, amount, 45.0, Route::Intramuscular)},
                 OutputTimes::at(t));
    // By duration: 3 h kept, rate F * 90 / 3 = 18 mg/h.
    const Result by_duration = simulate(
        model, {DoseEvent::infusion(0.0, amount, 3.0, Route::Intramuscular)}, OutputTimes::at(t));
    REQUIRE(by_rate.state_names[depot] == "depot_im");
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(rel_diff(by_rate.amounts_mg(row, depot), depot_infusion(45.0, 1.2, ka, t[i])) < kTol);
        CHECK(rel_diff(by_duration.amounts_mg(row, depot), depot_infusion(18.0, 3.0, ka, t[i])) <
              kTol);
    }
}

TEST_CASE("modelled rates and durations (RATE = -1 and -2)", "[records][reference]") {
    const double cl = 5.0, v = 40.0, amount = 100.0;
    Model model(Disposition::one_compartment(cl, v));
    model.set_modelled_infusion(Route::IvInfusion, {20.0, 4.0});
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.5), 0.9, 0.0, 0.0});
    model.set_modelled_infusion(Route::Intramuscular, {20.0, 0.0});
    const std::vector<double> t{1.0, 3.9, 4.5, 5.0, 8.0};

    DoseEvent modelled_rate = DoseEvent::bolus(0.0, amount, Route::IvInfusion);
    modelled_rate.rate_source = RateSource::ModelledRate;  // 20 mg/h for 5 h
    DoseEvent modelled_duration = modelled_rate;
    modelled_duration.rate_source = RateSource::ModelledDuration;  // 25 mg/h for 4 h
    const Result r1 = simulate(model, {modelled_rate}, OutputTimes::at(t));
    const Result r2 = simulate(model, {modelled_duration}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(rel_diff(at(r1, i), testing::one_cmt_infusion(20.0, 5.0, cl, v, t[i])) < kTol);
        CHECK(rel_diff(at(r2, i), testing::one_cmt_infusion(25.0, 4.0, cl, v, t[i])) < kTol);
    }

    // Into a depot, F halves the amount: 20 mg/h for 0.5 * 100 / 20 = 2.5 h.
    DoseEvent im = DoseEvent::bolus(0.0, amount, Route::Intramuscular);
    im.rate_source = RateSource::ModelledRate;
    const Result r3 = simulate(model, {im}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(rel_diff(r3.amounts_mg(static_cast<Eigen::Index>(i), r3.state_index("depot_im")),
                       depot_infusion(20.0, 2.5, 0.9, t[i])) < kTol);
    }

    using Catch::Matchers::Contains;
    im.rate_source = RateSource::ModelledDuration;
    REQUIRE_THROWS_WITH(simulate(model, {im}, OutputTimes::at(t)),
                        Contains("events[0].rate_source = modelled duration (RATE = -2): route "
                                 "im has no modelled duration"));
    REQUIRE_THROWS_WITH(model.set_modelled_infusion(Route::IvBolus, {1.0, 0.0}),
                        Contains("iv_bolus"));
    REQUIRE_THROWS_WITH(model.set_modelled_infusion(Route::Oral, {-1.0, 0.0}),
                        Contains("oral.modelled_rate_mg_per_h = -1"));
    DoseEvent both = modelled_rate;
    both.duration_h = 2.0;
    REQUIRE_THROWS_WITH(simulate(model, {both}, OutputTimes::at(t)),
                        Contains("events[0].duration_h = 2: must be 0 with RATE = -1"));
}
