// Steady-state records (NONMEM SS 1 / SS 2) and changes of system on the ODE path: the
// interval-by-interval steady state against the exact path's closed form on linear models, a
// Michaelis-Menten model against a long run of explicit doses and against its linear limit,
// the iteration cap, and a dataset with a nonlinear model changing parameters mid-subject.
//
// Tolerance of the ODE path against the exact path: |ode - exact| <= 5e-7 |exact| + 1e-9 on
// every amount (mg). Three errors add up. (1) Each window is integrated with a global error of
// at most 10 rtol = 1e-7 relative (the bound of test_ode_vs_exact.cpp); the fixed point of the
// integrated map is off the true one by that error times 1 / (1 - rho), rho the decay of the
// slowest mode over one interval, at most 0.55 in these cases (a factor 2.2): 2.2e-7.
// (2) The iteration stops with at most steady_state_rtol = 1e-8 left. (3) The curve after the
// record is integrated once more: 1e-7. Sum 3.3e-7, rounded up to 5e-7; 1e-9 mg absolute (10
// times the 1e-10 of test_ode_vs_exact.cpp) for amounts below 2e-3 mg, where the relative bound
// is not meaningful (a depot emptied to a few micrograms before the next dose). Measured worst
// over these cases and both steppers: 0.012 of the bound (about 6e-9 relative).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::rel_diff;

namespace {

constexpr double kRelTol = 5e-7;
constexpr double kAbsTol = 1e-9;

DoseEvent ss_record(DoseEvent e, double interval, SteadyState mode = SteadyState::Reset,
                    int additional = 0) {
    e.interval_h = interval;
    e.steady_state = mode;
    e.additional = additional;
    return e;
}

/// The largest |ode - exact| / (kRelTol |exact| + kAbsTol) over every output and amount.
double worst_ratio(const Result& ode, const Result& exact) {
    REQUIRE(ode.amounts_mg.rows() == exact.amounts_mg.rows());
    REQUIRE(ode.amounts_mg.cols() == exact.amounts_mg.cols());
    const auto bound = kRelTol * exact.amounts_mg.cwiseAbs().array() + kAbsTol;
    return ((ode.amounts_mg - exact.amounts_mg).cwiseAbs().array() / bound).maxCoeff();
}

/// The ODE path, with each stepper, against the exact path on the same records.
void check_against_exact(const Model& model, const std::vector<DoseEvent>& events,
                         const OutputTimes& times) {
    const Result exact = simulate(model, events, times);
    REQUIRE(exact.solver == SolverPath::Exact);
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = stepper;
        const Result ode = simulate(model, events, times, options);
        REQUIRE(ode.solver == SolverPath::Ode);
        const double worst = worst_ratio(ode, exact);
        INFO("stepper " << stepper_name(ode.stepper) << ", " << ode.steps << " steps, worst "
                        << worst);
        CHECK(worst <= 1.0);
    }
}

OutputTimes after(double t0, std::initializer_list<double> offsets) {
    std::vector<double> times;
    for (double s : offsets) times.push_back(t0 + s);
    return OutputTimes::at(times);
}

}  // namespace

TEST_CASE("ODE steady state of boluses with ADDL and a lag equals the exact one",
          "[ode][steady-state]") {
    // Slowest mode 0.1 /h (beta of the two-compartment model), interval 12 h: rho = 0.30.
    const Model one(Disposition::one_compartment(5.0, 50.0));
    check_against_exact(one,
                        {ss_record(DoseEvent::bolus(24.0, 100.0), 12.0, SteadyState::Reset, 2)},
                        after(24.0, {0.0, 0.5, 3.0, 11.9, 12.0, 17.0, 30.5, 40.0}));
    for (const double lag : {2.5, 14.0}) {
        CAPTURE(lag);
        Model two(Disposition::two_compartment(6.0, 12.0, 14.4, 36.0));
        two.set_absorption(Route::Oral, {Bioavailability::exactly(0.4), 1.5, lag, 0.0});
        check_against_exact(two, {ss_record(DoseEvent::bolus(5.0, 200.0, Route::Oral), 12.0)},
                            after(5.0, {0.0, 0.7, 2.5, 4.0, 11.99, 13.0, 16.0, 30.0}));
    }
}

TEST_CASE("ODE steady state of infusions shorter and longer than the interval equals the exact one",
          "[ode][steady-state]") {
    // k = 0.1 /h, interval 8 h: rho = 0.45.
    const Model model(Disposition::one_compartment(4.0, 40.0));
    for (const double duration : {2.0, 8.0, 20.0}) {
        CAPTURE(duration);
        check_against_exact(model, {ss_record(DoseEvent::infusion(10.0, 120.0, duration), 8.0)},
                            after(10.0, {0.0, 1.0, 2.0, 5.5, 7.999, 14.0, 35.0}));
    }
}

TEST_CASE("ODE SS 2 adds to the state and a constant infusion reaches its steady state",
          "[ode][steady-state]") {
    // Slowest mode of the micro-constants below about 0.067 /h, interval 24 h: rho = 0.20.
    const Model model(Disposition::from_micro_constants(2, {0.3, 0.8, 0.25, 0.0, 0.0}, 12.0));
    DoseEvent running = DoseEvent::infusion(10.0, 40.0, 4.0);  // runs across the SS 2 record
    check_against_exact(model,
                        {ss_record(DoseEvent::bolus(0.0, 100.0), 24.0, SteadyState::Reset), running,
                         ss_record(DoseEvent::bolus(12.0, 50.0), 24.0, SteadyState::Add)},
                        OutputTimes::at({0.0, 6.0, 11.5, 12.0, 13.0, 18.0, 23.9, 30.0, 47.0}));
    // A constant infusion into the oral depot (slowest mode 0.04 /h over the 24 h stretches:
    // rho = 0.38), after an earlier infusion that the SS 1 record stops.
    Model oral(Disposition::two_compartment(6.0, 20.0, 3.0, 60.0));
    oral.set_absorption(Route::Oral, {Bioavailability::exactly(0.3), 0.8, 1.5, 0.0});
    DoseEvent constant = DoseEvent::infusion_at_rate(5.0, 0.0, 30.0, Route::Oral);
    constant.steady_state = SteadyState::Reset;
    const DoseEvent cancelled = DoseEvent::infusion(0.0, 500.0, 10.0);  // stopped at 5 h
    check_against_exact(oral, {cancelled, constant}, OutputTimes::at({5.0, 6.0, 30.0, 100.0}));
}

TEST_CASE("Michaelis-Menten SS 1 trough is where explicit repeated doses converge",
          "[ode][steady-state]") {
    // Vmax 20 mg/h, Km 2 mg/L, V 50 L, 100 mg every 12 h: the mean concentration (about
    // 1.4 mg/L) is near Km, so the elimination is far from linear.
    const double ii = 12.0, dose = 100.0;
    const Model model(Disposition::one_compartment(0.0, 50.0), MichaelisMenten{20.0, 2.0});
    const int doses = 80;  // the trough's slowest decay, about 0.07 /h, over 960 h: e^-65
    DoseEvent explicit_doses = DoseEvent::bolus(0.0, dose);
    explicit_doses.interval_h = ii;
    explicit_doses.additional = doses - 1;
    const Result run = simulate(model, {explicit_doses}, OutputTimes::at({doses * ii}));
    const Result ss =
        simulate(model, {ss_record(DoseEvent::bolus(0.0, dose), ii)}, OutputTimes::at({0.0, ii}));
    REQUIRE(ss.solver == SolverPath::Ode);
    // Both runs are ODE integrations: each within 10 rtol / (1 - rho) = 2e-7 of the true
    // trough (rho = e^{-0.07 * 12} = 0.43, the damping of earlier errors per interval), plus
    // the steady state's 1e-8 stopping tolerance: 1e-6 bounds their difference with margin.
    CHECK(rel_diff(ss.concentration_mg_per_l[1], run.concentration_mg_per_l[0]) < 1e-6);
    // The peak is the trough plus the dose: the trough is one more iterate of the interval, so
    // within the stopping tolerance steady_state_rtol = 1e-8 of the state set at the record.
    CHECK(rel_diff(ss.concentration_mg_per_l[0], ss.concentration_mg_per_l[1] + dose / 50.0) <
          1e-8);
    // Saturation shows: the linear model with CL = Vmax / Km = 10 L/h has a trough three
    // times lower.
    const Model linear(Disposition::one_compartment(10.0, 50.0));
    const Result lin =
        simulate(linear, {ss_record(DoseEvent::bolus(0.0, dose), ii)}, OutputTimes::at({ii}));
    CHECK(ss.concentration_mg_per_l[1] > 2.0 * lin.concentration_mg_per_l[0]);
}

TEST_CASE("Michaelis-Menten steady state far below Km is the linear one with CL = Vmax / Km",
          "[ode][steady-state]") {
    // Km = 1e6 mg/L, Vmax = 5e6 mg/h: CL = Vmax / Km = 5 L/h, and the rate Vmax C / (Km + C)
    // falls short of CL C by the factor 1 / (1 + C / Km), C / Km < 5e-6 here. The steady
    // trough's relative sensitivity to CL is k ii / (1 - e^{-k ii}) = 1.7 (k = 0.1 /h,
    // ii = 12 h), so the models differ by < 1e-5; with the ODE error (5e-7) 2e-5 bounds it.
    const double v = 50.0, ii = 12.0;
    const Model mm(Disposition::one_compartment(0.0, v), MichaelisMenten{5e6, 1e6});
    const Model linear(Disposition::one_compartment(5.0, v));
    const std::vector<DoseEvent> events{
        ss_record(DoseEvent::infusion(0.0, 200.0, 2.0), ii, SteadyState::Reset, 1)};
    const OutputTimes times = OutputTimes::at({0.0, 1.0, 2.0, 6.0, 11.9, 12.0, 20.0});
    const Result a = simulate(mm, events, times);
    const Result b = simulate(linear, events, times);
    REQUIRE(a.solver == SolverPath::Ode);
    REQUIRE(b.solver == SolverPath::Exact);
    for (Eigen::Index i = 0; i < b.concentration_mg_per_l.size(); ++i) {
        CAPTURE(i);
        CHECK(rel_diff(a.concentration_mg_per_l[i], b.concentration_mg_per_l[i]) < 2e-5);
    }
    // And the trough by hand: 200 mg over 2 h every 12 h, k = 0.1 /h.
    const double k = 0.1, rate = 100.0;
    const double end = rate / 5.0 * (1.0 - std::exp(-k * 2.0)) / (1.0 - std::exp(-k * ii));
    CHECK(rel_diff(a.concentration_mg_per_l[0], end * std::exp(-k * 10.0)) < 2e-5);
}

TEST_CASE("an ODE steady state that does not converge within the cap names the record time",
          "[ode][steady-state]") {
    const Model model(Disposition::one_compartment(0.0, 50.0), MichaelisMenten{20.0, 2.0});
    SimulationOptions options;
    options.steady_state_max_intervals = 2;
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, 10.0),
                                        ss_record(DoseEvent::bolus(36.5, 100.0), 12.0)};
    const OutputTimes times = OutputTimes::uniform(0.0, 48.0, 1.0);
    CHECK_THROWS_AS(simulate(model, events, times, options), SolverError);
    CHECK_THROWS_WITH(simulate(model, events, times, options),
                      Contains("record at t = 36.5 h not reached after 2 intervals"));
    // The steady-state options are validated at the boundary.
    SimulationOptions bad;
    bad.steady_state_window_h = 0.0;
    CHECK_THROWS_AS(simulate(model, events, times, bad), InvalidInput);
    CHECK_THROWS_WITH(simulate(model, events, times, bad), Contains("steady_state_window_h = 0"));
    bad = SimulationOptions{};
    bad.steady_state_rtol = 1.0;
    CHECK_THROWS_WITH(simulate(model, events, times, bad), Contains("steady_state_rtol = 1"));
    bad = SimulationOptions{};
    bad.steady_state_max_intervals = 0;
    CHECK_THROWS_WITH(simulate(model, events, times, bad),
                      Contains("steady_state_max_intervals = 0"));
}

TEST_CASE("a dataset with a Michaelis-Menten model changing parameters takes the ODE path",
          "[ode][dataset]") {
    // CL goes from 0 (saturable elimination only) to 3 L/h at t = 8 h, V1 from 40 to 60 L at
    // t = 20 h; the state carries across each change. By hand: simulate() piece by piece, each
    // piece starting with the central amount the previous one ended with (a bolus of it).
    const double vmax = 30.0, km = 1.5;
    const Model m0(Disposition::one_compartment(0.0, 40.0), MichaelisMenten{vmax, km});
    const Model m1(Disposition::one_compartment(3.0, 40.0), MichaelisMenten{vmax, km});
    const Model m2(Disposition::one_compartment(3.0, 60.0), MichaelisMenten{vmax, km});
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,RATE,EVID,CL,V1\n"
        "1,0,200,1,100,1,.,.\n"
        "1,6,0,1,0,0,.,.\n"
        "1,8,150,1,0,1,3,.\n"
        "1,14,0,1,0,0,.,.\n"
        "1,20,0,1,0,2,.,60\n"
        "1,30,0,1,0,0,.,.\n",
        "mm.csv");
    const SubjectResult r = simulate_subject(m0, data, 0);
    REQUIRE(r.times_h.size() == 6);

    const int central = 0;
    const Result p0 =
        simulate(m0, {DoseEvent::infusion_at_rate(0.0, 200.0, 100.0)}, OutputTimes::at({6.0, 8.0}));
    const double a8 = p0.amounts_mg(1, central);
    const Result p1 =
        simulate(m1, {DoseEvent::bolus(0.0, a8 + 150.0)}, OutputTimes::at({6.0, 12.0}));
    const double a20 = p1.amounts_mg(1, central);
    const Result p2 = simulate(m2, {DoseEvent::bolus(0.0, a20)}, OutputTimes::at({10.0}));
    // Two ODE runs that step differently, each within 10 rtol = 1e-7 of the true curve
    // (test_ode_vs_exact.cpp), compounded over up to three pieces: 5e-7 relative.
    const double tol = 5e-7;
    CHECK(rel_diff(r.concentration_mg_per_l[1], p0.concentration_mg_per_l[0]) < tol);
    CHECK(rel_diff(r.concentration_mg_per_l[2], (a8 + 150.0) / 40.0) < tol);
    CHECK(rel_diff(r.concentration_mg_per_l[3], p1.concentration_mg_per_l[0]) < tol);
    CHECK(rel_diff(r.concentration_mg_per_l[4], a20 / 60.0) < tol);
    CHECK(rel_diff(r.concentration_mg_per_l[5], p2.concentration_mg_per_l[0]) < tol);
    // The linear part alone (the exact path, as before) would miss the saturable elimination.
    CHECK(r.concentration_mg_per_l[1] < 0.9 * 200.0 / 40.0);
}
