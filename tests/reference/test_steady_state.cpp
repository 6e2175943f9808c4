// Steady-state records (NONMEM SS) against values computed independently here: sums of single-dose
// closed forms over the implied doses (superposition; the engine instead solves (I - Phi) x = z
// over one interval), and long runs of explicit doses.
//
// Tolerance 1e-10 relative unless stated: the exact path is good to a few ulps per step and the
// steady-state solve is a well-conditioned linear system (cond(I - Phi) < 10 in these cases), so
// 1e-10 leaves five orders of magnitude of margin while any semantic error (a dose too many, a
// wrong phase) shows up at 1e-2 or more. The superposition sums stop once a term is below 1e-18
// of the total.
#include <catch2/catch.hpp>
#include <functional>

#include "compile.hpp"
#include "exact_solver.hpp"
#include "pkengine/detail/steady_state.hpp"
#include "support.hpp"

using namespace pkengine;
using testing::rel_diff;

namespace {

constexpr double kTol = 1e-10;

/// Sum over n >= 0 of single(s + n * ii): the periodic steady state at time s after a dose.
double superpose(const std::function<double(double)>& single, double s, double ii) {
    double total = 0.0;
    for (int n = 0; n < 100000; ++n) {
        const double term = single(s + n * ii);
        total += term;
        if (n > 10 && std::abs(term) <= 1e-18 * std::abs(total)) break;
    }
    return total;
}

DoseEvent ss_record(DoseEvent e, double interval, SteadyState mode = SteadyState::Reset,
                    int additional = 0) {
    e.interval_h = interval;
    e.steady_state = mode;
    e.additional = additional;
    return e;
}

}  // namespace

TEST_CASE("SS 1 bolus sets the trough then doses and ADDL keeps the steady state",
          "[steady-state][reference]") {
    const double cl = 5.0, v = 50.0, k = cl / v, dose = 100.0, ii = 12.0, t0 = 24.0;
    const Model model(Disposition::one_compartment(cl, v));
    // An earlier dose at t = 1 h and its pending repeats are wiped out by the SS 1 record.
    DoseEvent earlier = DoseEvent::bolus(1.0, 500.0);
    earlier.interval_h = 6.0;
    earlier.additional = 10;
    const std::vector<DoseEvent> events{
        earlier, ss_record(DoseEvent::bolus(t0, dose), ii, SteadyState::Reset, 2)};
    const std::vector<double> s{0.0, 0.5, 3.0, 11.9, 12.0, 17.0, 24.0, 30.5};
    std::vector<double> times;
    for (double si : s) times.push_back(t0 + si);
    const Result r = simulate(model, events, OutputTimes::at(times));
    const auto single = [&](double t) { return testing::one_cmt_bolus(dose, v, k, t); };
    for (std::size_t i = 0; i < s.size(); ++i) {
        // ADDL 2: doses at t0, t0 + 12, t0 + 24; the pattern is periodic through t0 + 36.
        const double phase = std::fmod(s[i], ii);
        const double expected = superpose(single, phase, ii);
        CHECK(rel_diff(r.concentration_mg_per_l[static_cast<Eigen::Index>(i)], expected) < kTol);
    }
    // The closed form of the peak, D / V / (1 - e^{-k ii}), as a second, formula-level check.
    CHECK(rel_diff(r.concentration_mg_per_l[0], dose / v / (1.0 - std::exp(-k * ii))) < kTol);
    // "eliminated" restarts from 0 at the SS 1 record: only the dose given at t0 has left since.
    const int elim = r.state_index("eliminated");
    CHECK(r.amounts_mg(0, elim) == 0.0);
}

TEST_CASE("EVID 4 with SS 1 is SS 1: the reset changes nothing more", "[steady-state][reference]") {
    // NONMEM (as mrgsolve's comparison with it shows): an EVID 4 record at steady state acts as
    // an EVID 1 record at steady state, lag included.
    Model model(Disposition::one_compartment(5.0, 50.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.6), 1.2, 2.0, 0.0});
    DoseEvent before = DoseEvent::bolus(0.0, 300.0);
    DoseEvent ss =
        ss_record(DoseEvent::bolus(10.0, 100.0, Route::Oral), 12.0, SteadyState::Reset, 1);
    DoseEvent reset_ss = ss;
    reset_ss.kind = EventKind::ResetAndDose;
    const OutputTimes times = OutputTimes::at({10.0, 11.0, 12.5, 23.0, 30.0});
    const Result r1 = simulate(model, {before, ss}, times);
    const Result r4 = simulate(model, {before, reset_ss}, times);
    for (Eigen::Index i = 0; i < 5; ++i) {
        CHECK(r4.concentration_mg_per_l[i] == r1.concentration_mg_per_l[i]);
        const double s = times.times()[static_cast<std::size_t>(i)] - 10.0;
        double expected = 0.0;  // doses at 10 + 12 n (n <= 1) reach the depot 2 h later
        for (int n = -1; n < 2000; ++n) {
            expected += testing::bateman(100.0, 0.6, 1.2, 0.1, 50.0, 2.0, s + n * 12.0);
        }
        CHECK(rel_diff(r1.concentration_mg_per_l[i], expected) < kTol);
    }
}

TEST_CASE("SS infusions shorter and longer than the interval", "[steady-state][reference]") {
    const double cl = 4.0, v = 40.0, ii = 12.0, t0 = 10.0, amount = 120.0;
    const Model model(Disposition::one_compartment(cl, v));
    for (const double duration : {2.0, 12.0, 20.0, 31.0}) {
        CAPTURE(duration);
        const double rate = amount / duration;
        const DoseEvent record = ss_record(DoseEvent::infusion(t0, amount, duration), ii);
        const std::vector<double> s{0.0, 1.0, 2.0, 5.5, 11.0, 11.999, 14.0, 35.0};
        std::vector<double> times;
        for (double si : s) times.push_back(t0 + si);
        const Result r = simulate(model, {record}, OutputTimes::at(times));
        for (std::size_t i = 0; i < s.size(); ++i) {
            CAPTURE(s[i]);
            // Implied infusions at t0 - n ii (n >= 1) and the record's own one at t0; none after.
            double expected = 0.0;
            for (int n = 0; n < 2000; ++n) {
                expected += testing::one_cmt_infusion(rate, duration, cl, v, s[i] + n * ii);
            }
            CHECK(rel_diff(r.concentration_mg_per_l[static_cast<Eigen::Index>(i)], expected) <
                  kTol);
        }
    }
}

TEST_CASE("SS with an absorption lag shorter and longer than the interval",
          "[steady-state][reference]") {
    const double cl = 10.0, v = 50.0, k = cl / v, ka = 1.5, f = 0.4, dose = 200.0, ii = 8.0;
    for (const double lag : {0.0, 2.5, 8.0, 11.0}) {
        CAPTURE(lag);
        Model model(Disposition::one_compartment(cl, v));
        model.set_absorption(Route::Oral, {Bioavailability::exactly(f), ka, lag, 0.0});
        const double t0 = 5.0;
        const DoseEvent record = ss_record(DoseEvent::bolus(t0, dose, Route::Oral), ii);
        const std::vector<double> s{0.0, 0.7, 2.5, 4.0, 7.99, 9.0, 13.0, 30.0};
        std::vector<double> times;
        for (double si : s) times.push_back(t0 + si);
        const Result r = simulate(model, {record}, OutputTimes::at(times));
        for (std::size_t i = 0; i < s.size(); ++i) {
            CAPTURE(s[i]);
            // Every dose of the pattern up to the record's own one (at t0 + lag).
            double expected = 0.0;
            for (int n = 0; n < 2000; ++n) {
                expected += testing::bateman(dose, f, ka, k, v, lag, s[i] + n * ii);
            }
            CHECK(rel_diff(r.concentration_mg_per_l[static_cast<Eigen::Index>(i)], expected) <
                  kTol);
        }
    }
}

TEST_CASE("SS 2 adds a second steady state to the first (AM and PM doses)",
          "[steady-state][reference]") {
    const double k10 = 0.3, k12 = 0.8, k21 = 0.25, v1 = 12.0;
    const Model model(Disposition::from_micro_constants(2, {k10, k12, k21, 0.0, 0.0}, v1));
    const double ii = 24.0;
    const std::vector<DoseEvent> events{
        ss_record(DoseEvent::bolus(0.0, 100.0), ii, SteadyState::Reset),
        ss_record(DoseEvent::bolus(12.0, 50.0), ii, SteadyState::Add)};
    const std::vector<double> times{0.0, 6.0, 11.5, 12.0, 18.0, 23.9, 30.0, 47.0};
    const Result r = simulate(model, events, OutputTimes::at(times));
    for (std::size_t i = 0; i < times.size(); ++i) {
        const double t = times[i];
        CAPTURE(t);
        // 100 mg at 0, -24, -48, ... and, from t = 12 on, 50 mg at 12, -12, -36, ...
        double expected = 0.0;
        for (int n = 0; n < 2000; ++n) {
            expected += testing::two_cmt_bolus(100.0, v1, k10, k12, k21, t + n * ii);
            if (t >= 12.0) {
                expected += testing::two_cmt_bolus(50.0, v1, k10, k12, k21, t - 12.0 + n * ii);
            }
        }
        CHECK(rel_diff(r.concentration_mg_per_l[static_cast<Eigen::Index>(i)], expected) < kTol);
    }
}

TEST_CASE("SS 1 constant infusion sets the infusion's steady state without F",
          "[steady-state][reference]") {
    const double cl = 6.0, v1 = 20.0, q2 = 3.0, v2 = 60.0, ka = 0.8, rate = 30.0;
    Model model(Disposition::two_compartment(cl, v1, q2, v2));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.3), ka, 1.5, 0.0});
    DoseEvent record = DoseEvent::infusion_at_rate(5.0, 0.0, rate, Route::Oral);
    record.steady_state = SteadyState::Reset;
    const Result r = simulate(model, {record}, OutputTimes::at({5.0, 6.0, 100.0}));
    // Steady state of a constant input R: depot R / ka, central R / CL (F not applied), and the
    // peripheral compartment at the central concentration times V2. The infusion runs on.
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(rel_diff(r.concentration_mg_per_l[i], rate / cl) < kTol);
        CHECK(rel_diff(r.amounts_mg(i, r.state_index("depot_oral")), rate / ka) < kTol);
        CHECK(rel_diff(r.amounts_mg(i, r.state_index("peripheral1")), rate / cl * v2) < kTol);
    }
    // Eliminated restarts at 0 and then grows at the rate CL * C = R.
    CHECK(r.amounts_mg(0, r.state_index("eliminated")) == 0.0);
    CHECK(rel_diff(r.amounts_mg(2, r.state_index("eliminated")), rate * 95.0) < kTol);
}

TEST_CASE("the SS trough is where a long run of explicit doses converges",
          "[steady-state][reference]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intranasal,
                         {Bioavailability::exactly(0.45), 2.9, 0.3, 0.2});  // 20 % swallowed
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.2), 0.9, 0.5, 0.0});
    const double ii = 8.0;
    const int doses = 150;  // 1200 h: the slowest mode (about 0.2 /h) has decayed by e^-200
    DoseEvent explicit_doses = DoseEvent::bolus(0.0, 25.0, Route::Intranasal);
    explicit_doses.interval_h = ii;
    explicit_doses.additional = doses - 1;
    std::vector<double> tail;  // the interval after the last dose
    for (double s : {0.0, 0.25, 0.4, 1.0, 3.0, 7.999}) tail.push_back((doses - 1) * ii + s);
    const Result run = simulate(model, {explicit_doses}, OutputTimes::at(tail));

    const DoseEvent record = ss_record(DoseEvent::bolus(0.0, 25.0, Route::Intranasal), ii);
    std::vector<double> one;
    for (double s : {0.0, 0.25, 0.4, 1.0, 3.0, 7.999}) one.push_back(s);
    const Result ss = simulate(model, {record}, OutputTimes::at(one));
    for (Eigen::Index i = 0; i < 6; ++i) {
        // Tolerance 1e-10: 150 intervals of exact propagation accumulate about 1e-13.
        CHECK(rel_diff(ss.concentration_mg_per_l[i], run.concentration_mg_per_l[i]) < kTol);
    }
    // The trough: the state one interval after an SS record without repeats.
    const Result trough = simulate(model, {record}, OutputTimes::at({ii}));
    const Result last = simulate(model, {explicit_doses}, OutputTimes::at({doses * ii}));
    CHECK(rel_diff(trough.concentration_mg_per_l[0], last.concentration_mg_per_l[0]) < kTol);
}

TEST_CASE("the iterative steady state converges to the closed form", "[steady-state]") {
    using namespace pkengine::detail;
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.2, 0.0});
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, 50.0, Route::Intramuscular)};
    const Problem problem = compile(model, events, FChoice::Nominal);
    const Layout& layout = problem.layout;
    const ExactMatrix a = problem.systems[0].a;
    const int depot = layout.depot[0];
    const std::vector<SteadyStateSpec> specs{
        {SteadyState::Reset, 0.0, 6.0, {{depot, 46.5, 0.0, 0.0, 0.2}}},
        {SteadyState::Reset, 0.0, 6.0, {{layout.central, 0.0, 5.0, 9.0, 0.0}}},   // dur > ii
        {SteadyState::Reset, 0.0, 0.0, {{layout.central, 0.0, 5.0, 0.0, 0.0}}}};  // constant
    const SteadyStateTolerance tol{1e-13, 1e-15, 100000, 24.0};
    for (const SteadyStateSpec& spec : specs) {
        const PeriodicWindow window = periodic_window(spec, tol.constant_infusion_window_h);
        ExactVector x = ExactVector::Zero(layout.n_states);
        ExactVector scratch(layout.n_states);
        const int intervals = iterate_to_steady_state(
            [&](const ExactVector& in, ExactVector& out) { exact_window_step(a, window, in, out); },
            x, scratch, accumulating_states(a), tol, spec.time_h);
        CHECK(intervals > 1);
        const ExactVector closed = exact_steady_state(a, spec);
        for (Eigen::Index i = 0; i < layout.n_states; ++i) {
            // 1e-10 relative (1e-12 mg absolute): the iteration stops at 1e-13 of each state.
            CHECK(std::abs(x[i] - closed[i]) <= 1e-10 * std::abs(closed[i]) + 1e-12);
        }
    }
    SECTION("a cap on the number of intervals raises SolverError") {
        const PeriodicWindow window = periodic_window(specs[0], 24.0);
        ExactVector x = ExactVector::Zero(layout.n_states);
        ExactVector scratch(layout.n_states);
        const SteadyStateTolerance tight{1e-13, 1e-15, 3, 24.0};
        REQUIRE_THROWS_AS(iterate_to_steady_state(
                              [&](const ExactVector& in, ExactVector& out) {
                                  exact_window_step(a, window, in, out);
                              },
                              x, scratch, accumulating_states(a), tight, 7.0),
                          SolverError);
    }
}

TEST_CASE("steady-state records are validated", "[steady-state][validation]") {
    using Catch::Matchers::Contains;
    const Model model(Disposition::one_compartment(5.0, 50.0));
    const OutputTimes grid = OutputTimes::at({1.0});
    DoseEvent no_interval = DoseEvent::bolus(0.0, 10.0);
    no_interval.steady_state = SteadyState::Reset;
    REQUIRE_THROWS_WITH(simulate(model, {no_interval}, grid),
                        Contains("events[0].interval_h = 0: steady state needs an interval > 0"));
    DoseEvent constant_with_addl = DoseEvent::infusion_at_rate(0.0, 0.0, 5.0);
    constant_with_addl.steady_state = SteadyState::Reset;
    constant_with_addl.additional = 2;
    REQUIRE_THROWS_WITH(simulate(model, {constant_with_addl}, grid),
                        Contains("events[0].additional = 2"));
    DoseEvent constant_ss2 = DoseEvent::infusion_at_rate(0.0, 0.0, 5.0);
    constant_ss2.steady_state = SteadyState::Add;
    REQUIRE_THROWS_WITH(simulate(model, {constant_ss2}, grid), Contains("SS = 1 only"));
    DoseEvent observation;
    observation.kind = EventKind::Observation;
    observation.steady_state = SteadyState::Reset;
    REQUIRE_THROWS_WITH(simulate(model, {observation}, grid),
                        Contains("events[0].steady_state = 1"));
}
