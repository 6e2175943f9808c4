// General linear models (LinearStructure, NONMEM's ADVAN5/7): written as the 1-, 2- and
// 3-compartment models they reproduce the built-in ones; mass balance, superposition, a
// metabolite formed before the parent reaches plasma against its closed form, a metabolite
// chain, route targets (own depots, zero-order inputs) and every validation error.
//
// Tolerances: 1e-12 relative to the dose between two models with the same system matrix, where
// only the state order differs (the exact path is good to a few ulps per step of e^{Ah}; a
// wrong rate, target or F is 1e-3 or larger); 1e-12 relative to the dose for mass balance and
// superposition (sums of a few exact-path amounts); 1e-10 relative to the peak for closed forms
// (sums of exponentials evaluated in double, cancelling at early times); 1e-6 relative to the
// dose between the exact and the ODE path (rtol 1e-10, atol 1e-12 mg).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::tight_ode;
using testing::uniform_times;

namespace {

SimulationOptions exact() {
    SimulationOptions o;
    o.path = SolverPath::Exact;
    return o;
}

DoseEvent infusion_into(int cmt, double t, double amount, double duration) {
    DoseEvent e = DoseEvent::into(cmt, t, amount);
    e.duration_h = duration;
    return e;
}

void by_time(std::vector<DoseEvent>& events) {
    std::stable_sort(events.begin(), events.end(),
                     [](const DoseEvent& x, const DoseEvent& y) { return x.time_h < y.time_h; });
}

double amount(const Result& r, const std::string& name, std::size_t row) {
    return r.amounts_mg(static_cast<Eigen::Index>(row), r.state_index(name));
}

double total(const Result& r, std::size_t row) {
    return r.amounts_mg.row(static_cast<Eigen::Index>(row)).sum();
}

/// Amount in the last of a chain of first-order steps after a bolus a0 into the first:
/// a0 * prod(transfer rates) * sum_j e^{-l_j t} / prod_{i != j} (l_i - l_j), with l the total
/// loss rates of the compartments along the chain (distinct).
double chain(double a0, double transfers, const std::vector<double>& loss, double t) {
    double sum = 0.0;
    for (std::size_t j = 0; j < loss.size(); ++j) {
        double denominator = 1.0;
        for (std::size_t i = 0; i < loss.size(); ++i) {
            if (i != j) denominator *= loss[i] - loss[j];
        }
        sum += std::exp(-loss[j] * t) / denominator;
    }
    return a0 * transfers * sum;
}

/// NONMEM's ADVAN numbering as a general model: depot (when ka > 0), central, peripherals.
LinearStructure mammillary(int n, double cl, double v1, double q2, double v2, double q3, double v3,
                           double ka) {
    LinearStructure s;
    if (ka > 0.0) s.compartments.push_back({"depot", 0.0});
    s.compartments.push_back({"central", v1});
    s.transfers.push_back(LinearTransfer::by_clearance("central", "", cl));
    if (n >= 2) {
        s.compartments.push_back({"periph1", v2});
        s.transfers.push_back(LinearTransfer::by_clearance("central", "periph1", q2));
        s.transfers.push_back(LinearTransfer::by_clearance("periph1", "central", q2));
    }
    if (n == 3) {
        s.compartments.push_back({"periph2", v3});
        s.transfers.push_back(LinearTransfer::by_clearance("central", "periph2", q3));
        s.transfers.push_back(LinearTransfer::by_clearance("periph2", "central", q3));
    }
    if (ka > 0.0) {
        s.transfers.push_back(LinearTransfer::rate("depot", "central", ka));
        s.routes.push_back({Route::Oral, {{"depot", 0.7, 0.5, 0.0, 0.0}}});
    }
    return s;
}

struct Case {
    int advan;
    int compartments;
    std::map<std::string, double> parameters;
};

}  // namespace

TEST_CASE("a general linear model written as ADVAN1-4, 11, 12 reproduces the library model",
          "[linear][reference]") {
    const double cl = 3.0, v1 = 20.0, q2 = 2.0, v2 = 30.0, q3 = 1.0, v3 = 50.0, ka = 0.8;
    const std::vector<Case> cases{
        {1, 1, {{"CL", cl}, {"V", v1}}},
        {2, 1, {{"CL", cl}, {"V", v1}, {"KA", ka}}},
        {3, 2, {{"CL", cl}, {"V1", v1}, {"Q", q2}, {"V2", v2}}},
        {4, 2, {{"CL", cl}, {"V2", v1}, {"Q", q2}, {"V3", v2}, {"KA", ka}}},
        {11, 3, {{"CL", cl}, {"V1", v1}, {"Q2", q2}, {"V2", v2}, {"Q3", q3}, {"V3", v3}}},
        {12,
         3,
         {{"CL", cl}, {"V2", v1}, {"Q3", q2}, {"V3", v2}, {"Q4", q3}, {"V4", v3}, {"KA", ka}}},
    };
    const double dose = 100.0;
    const std::vector<double> t = uniform_times(72.0, 0.5);
    for (const Case& c : cases) {
        INFO("ADVAN" << c.advan);
        const bool depot = c.parameters.count("KA") != 0;
        Model library = Model::advan(c.advan, c.parameters);
        if (depot) library.set_compartment_dosing(1, {0.7, 0.5, {}});
        Model general(mammillary(c.compartments, cl, v1, q2, v2, q3, v3, depot ? ka : 0.0));
        // F1 and ALAG1 of the library model apply to doses into its depot by CMT too.
        if (depot) general.set_compartment_dosing(1, {0.7, 0.5, {}});
        REQUIRE(general.compartments().size() == library.compartments().size());
        // A bolus and an infusion into every compartment, and (with a depot) oral doses.
        std::vector<DoseEvent> events;
        for (int n = 1; n <= static_cast<int>(library.compartments().size()); ++n) {
            events.push_back(DoseEvent::into(n, 1.0 * n, dose));
            events.push_back(infusion_into(n, 10.0 + n, dose, 2.5));
        }
        if (depot) events.push_back(DoseEvent::bolus(20.0, dose, Route::Oral));
        events.push_back(DoseEvent::infusion(30.0, dose, 4.0));  // IV into central
        by_time(events);
        const Result rl = simulate(library, events, OutputTimes::at(t), exact());
        const Result rg = simulate(general, events, OutputTimes::at(t), exact());
        const Result ro = simulate(general, events, OutputTimes::at(t), tight_ode());
        CHECK(rg.solver == SolverPath::Exact);
        const std::vector<Compartment> names = library.compartments();
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            CHECK(std::abs(rg.concentration_mg_per_l[row] - rl.concentration_mg_per_l[row]) * v1 <
                  1e-12 * dose);
            for (std::size_t n = 0; n < names.size(); ++n) {
                const double a_lib = amount(rl, names[n].name, i);
                const double a_gen = rg.amounts_mg(row, static_cast<Eigen::Index>(n));
                CHECK(std::abs(a_gen - a_lib) < 1e-12 * dose);
                CHECK(std::abs(ro.amounts_mg(row, static_cast<Eigen::Index>(n)) - a_gen) <
                      1e-6 * dose);
            }
            CHECK(std::abs(amount(rg, "eliminated", i) - amount(rl, "eliminated", i)) <
                  1e-12 * dose);
        }
    }
}

TEST_CASE("general linear models: mass balance with doses into every compartment, superposition",
          "[linear][reference]") {
    // A presystemic metabolite and a metabolite chain: gut -> liver -> central, liver ->
    // met1, central -> met1 -> met2 -> out, with an own depot (ka) of the oral route and a
    // zero-order share into the gut.
    LinearStructure s;
    s.compartments = {{"gut", 0.0},     {"liver", 1.5}, {"central", 20.0},
                      {"periph", 40.0}, {"met1", 30.0}, {"met2", 15.0}};
    s.transfers = {LinearTransfer::rate("gut", "liver", 1.2),
                   LinearTransfer::by_clearance("liver", "central", 60.0),
                   LinearTransfer::by_clearance("liver", "met1", 30.0),
                   LinearTransfer::by_clearance("central", "liver", 60.0),
                   LinearTransfer::rate("central", "periph", 0.3),
                   LinearTransfer::rate("periph", "central", 0.15),
                   LinearTransfer::rate("central", "", 0.05),
                   LinearTransfer::by_clearance("met1", "met2", 6.0),
                   LinearTransfer::rate("met2", "", 0.4)};
    s.routes = {{Route::Oral, {{"gut", 0.6, 0.25, 0.0, 2.0}, {"liver", 0.3, 0.0, 2.5, 0.0}}}};
    s.metabolite = "met1";
    CHECK(Model(s).disposition().v1() == 1.5);  // by default the first with a volume: liver
    s.observed = "central";
    const Model model(s);
    CHECK(model.compartments().size() == 7);
    CHECK(model.compartment(7).name == "depot_oral_liver");
    CHECK(model.disposition().v1() == 20.0);
    CHECK(model.disposition().cl() == Approx(0.05 * 20.0).epsilon(1e-15));
    const double dose = 50.0;
    std::vector<DoseEvent> a, b;
    for (int n = 1; n <= 7; ++n) a.push_back(DoseEvent::into(n, 0.5 * n + 0.1, dose));
    b.push_back(DoseEvent::bolus(1.0, dose, Route::Oral));
    b.push_back(infusion_into(3, 2.0, dose, 3.0));
    b.push_back(DoseEvent::bolus(4.0, dose));  // IV into the observed compartment
    std::vector<DoseEvent> both = a;
    both.insert(both.end(), b.begin(), b.end());
    by_time(both);
    const std::vector<double> t = uniform_times(96.0, 0.25);
    const Result ra = simulate(model, a, OutputTimes::at(t));
    const Result rb = simulate(model, b, OutputTimes::at(t));
    const Result rab = simulate(model, both, OutputTimes::at(t));
    CHECK(rab.solver == SolverPath::Exact);
    const double entered_b = 0.9 * dose + dose + dose;  // the oral route's fractions sum to 0.9
    for (std::size_t i = 0; i < t.size(); ++i) {
        double due_a = 0.0;
        for (int n = 1; n <= 7; ++n) due_a += t[i] >= 0.5 * n + 0.1 ? dose : 0.0;
        CHECK(std::abs(total(ra, i) - due_a) < 1e-12 * 7.0 * dose);
        if (t[i] >= 5.0) CHECK(std::abs(total(rb, i) - entered_b) < 1e-12 * 3.0 * dose);
        const auto row = static_cast<Eigen::Index>(i);
        for (Eigen::Index c = 0; c < rab.amounts_mg.cols(); ++c) {
            CHECK(std::abs(rab.amounts_mg(row, c) - ra.amounts_mg(row, c) - rb.amounts_mg(row, c)) <
                  1e-12 * 10.0 * dose);
        }
        CHECK(std::abs(rab.metabolite_concentration_mg_per_l[row] - amount(rab, "met1", i) / 30.0) <
              1e-15 * dose);
    }
    // The metabolites hold mass at the end; the chain ends in eliminated.
    CHECK(amount(rab, "met2", t.size() - 1) > 0.0);
    CHECK(amount(rab, "eliminated", t.size() - 1) > 0.5 * 10.0 * dose);
    // ODE path agrees.
    const Result ro = simulate(model, both, OutputTimes::at(t), tight_ode());
    CHECK((ro.amounts_mg - rab.amounts_mg).cwiseAbs().maxCoeff() < 1e-6 * dose);
}

TEST_CASE("a metabolite formed before the parent reaches plasma: the closed form",
          "[linear][reference]") {
    // Oral depot -> liver -> central, liver -> metabolite; central and metabolite eliminated.
    const double ka = 1.1, kh = 2.0, kf = 0.8, k10 = 0.12, km = 0.35;
    const double vc = 25.0, vm = 12.0, dose = 80.0, f = 0.9;
    LinearStructure s;
    s.compartments = {{"depot", 0.0}, {"liver", 0.0}, {"central", vc}, {"metabolite", vm}};
    s.transfers = {
        LinearTransfer::rate("depot", "liver", ka), LinearTransfer::rate("liver", "central", kh),
        LinearTransfer::rate("liver", "metabolite", kf), LinearTransfer::rate("central", "", k10),
        LinearTransfer::rate("metabolite", "", km)};
    s.routes = {{Route::Oral, {{"depot", f, 0.0, 0.0, 0.0}}}};
    s.observed = "central";
    s.metabolite = "metabolite";
    const Model model(s);
    const std::vector<double> t = uniform_times(48.0, 0.25);
    const Result r =
        simulate(model, {DoseEvent::bolus(0.0, dose, Route::Oral)}, OutputTimes::at(t));
    const Result ro = simulate(model, {DoseEvent::bolus(0.0, dose, Route::Oral)},
                               OutputTimes::at(t), tight_ode());
    const double a0 = f * dose;
    const double kl = kh + kf;
    // Peaks (for the relative tolerance): below a0 / V.
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        const double c = chain(a0, ka * kh, {ka, kl, k10}, t[i]) / vc;
        const double m = chain(a0, ka * kf, {ka, kl, km}, t[i]) / vm;
        CHECK(std::abs(r.concentration_mg_per_l[row] - c) < 1e-10 * a0 / vc);
        CHECK(std::abs(r.metabolite_concentration_mg_per_l[row] - m) < 1e-10 * a0 / vm);
        CHECK(std::abs(amount(r, "liver", i) - chain(a0, ka, {ka, kl}, t[i])) < 1e-10 * a0);
        CHECK(std::abs(ro.concentration_mg_per_l[row] - c) < 1e-6 * a0 / vc);
    }
    // The metabolite appears before the parent: at 0.25 h its share is kf / kh of the parent's.
    CHECK(r.metabolite_concentration_mg_per_l[1] * vm > 0.3 * r.concentration_mg_per_l[1] * vc);
}

TEST_CASE("route targets: an own depot equals a declared one, a zero-order share an infusion",
          "[linear][reference]") {
    const double ka = 0.9, dose = 60.0;
    LinearStructure own;
    own.compartments = {{"gut", 0.0}, {"central", 10.0}};
    own.transfers = {LinearTransfer::rate("gut", "central", 0.5),
                     LinearTransfer::by_clearance("central", "", 2.0)};
    // 60 % swallowed into the gut over 3 h (zero order), 30 % absorbed with ka after a lag.
    own.routes = {
        {Route::Intranasal, {{"gut", 0.6, 0.0, 0.0, 3.0}, {"central", 0.3, 0.4, ka, 0.0}}}};
    LinearStructure declared = own;
    declared.compartments.push_back({"nasal", 0.0});
    declared.transfers.push_back(LinearTransfer::rate("nasal", "central", ka));
    declared.routes.clear();
    const Model a(own);
    Model b(declared);
    b.set_compartment_dosing(3, {1.0, 0.4, {}});  // ALAG3
    CHECK(a.compartment(3).name == "depot_intranasal_central");
    CHECK(a.bioavailability(Route::Intranasal).nominal == Approx(0.9).epsilon(1e-15));
    const std::vector<double> t = uniform_times(24.0, 0.25);
    const Result ra =
        simulate(a, {DoseEvent::bolus(1.0, dose, Route::Intranasal)}, OutputTimes::at(t));
    const Result rb =
        simulate(b, {infusion_into(1, 1.0, 0.6 * dose, 3.0), DoseEvent::into(3, 1.0, 0.3 * dose)},
                 OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (const char* name : {"gut", "central"}) {
            CHECK(std::abs(amount(ra, name, i) - amount(rb, name, i)) < 1e-12 * dose);
        }
        CHECK(std::abs(amount(ra, "depot_intranasal_central", i) - amount(rb, "nasal", i)) <
              1e-12 * dose);
    }
    // Steady state of the split route: the explicit doses' steady states, added (SS 1 + SS 2).
    DoseEvent ss = DoseEvent::bolus(0.0, dose, Route::Intranasal);
    ss.steady_state = SteadyState::Reset;
    ss.interval_h = 12.0;
    DoseEvent ss_gut = infusion_into(1, 0.0, 0.6 * dose, 3.0);
    ss_gut.steady_state = SteadyState::Reset;
    ss_gut.interval_h = 12.0;
    DoseEvent ss_nasal = DoseEvent::into(3, 0.0, 0.3 * dose);
    ss_nasal.steady_state = SteadyState::Add;
    ss_nasal.interval_h = 12.0;
    const Result sa = simulate(a, {ss}, OutputTimes::at(t));
    const Result sb = simulate(b, {ss_gut, ss_nasal}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(std::abs(amount(sa, "central", i) - amount(sb, "central", i)) < 1e-12 * dose);
        CHECK(std::abs(amount(sa, "gut", i) - amount(sb, "gut", i)) < 1e-12 * dose);
    }
}

TEST_CASE("general linear models: parameters by NONMEM's names, the effect compartment",
          "[linear]") {
    LinearStructure s = mammillary(2, 3.0, 20.0, 2.0, 30.0, 0.0, 0.0, 0.8);
    s.transfers.push_back(LinearTransfer::rate("periph1", "", 0.01));
    Model model(s);
    CHECK(model.parameter_names() ==
          std::vector<std::string>{"CL20", "CL23", "CL32", "K12", "K30", "V2", "V3"});
    CHECK(model.parameter("k12") == 0.8);
    model.set_parameter("K12", 1.6).set_parameter("V2", 25.0);
    CHECK(model.linear_structure()->transfers[3].value == 1.6);
    CHECK(model.disposition().v1() == 25.0);
    CHECK(model.disposition().cl() == Approx(3.0).epsilon(1e-15));
    CHECK_THROWS_WITH(model.set_parameter("K21", 1.0),
                      Contains("K21 = 1: not a parameter of this general linear model (its "
                               "parameters: CL20, CL23, CL32, K12, K30, V2, V3)"));
    CHECK_THROWS_WITH(model.set_parameter("K12", -1.0), Contains("K12 = -1: must be >= 0"));

    // Ten compartments or more: K<m>T<n>.
    LinearStructure wide;
    for (int i = 1; i <= 11; ++i) wide.compartments.push_back({"c" + std::to_string(i), 1.0});
    wide.transfers = {LinearTransfer::rate("c11", "", 0.1), LinearTransfer::rate("c1", "c11", 1.0),
                      LinearTransfer::rate("c2", "c3", 1.0)};
    CHECK(Model(wide).parameter_names()[0] == "K11T0");
    CHECK(Model(wide).parameter_names()[1] == "K1T11");
    CHECK(Model(wide).parameter_names()[2] == "K23");

    // The effect compartment follows the observed compartment, as in a built-in model.
    EffectCompartment effect;
    effect.ke0_per_h = 0.7;
    Model general(mammillary(1, 3.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0));
    general.set_effect_compartment(effect);
    Model builtin(Disposition::one_compartment(3.0, 20.0));
    builtin.set_effect_compartment(effect);
    const std::vector<double> t = uniform_times(24.0, 0.5);
    const Result rg = simulate(general, {DoseEvent::bolus(0.0, 10.0)}, OutputTimes::at(t));
    const Result rb = simulate(builtin, {DoseEvent::bolus(0.0, 10.0)}, OutputTimes::at(t));
    CHECK((rg.effect_site_concentration_mg_per_l - rb.effect_site_concentration_mg_per_l)
              .cwiseAbs()
              .maxCoeff() < 1e-12 * 10.0 / 20.0);

    // What a general model declares in its structure is not set as a route model's extension.
    CHECK_THROWS_WITH(general.set_metabolite({0.5, 1.0, 1.0, 0.0, 0.0}),
                      Contains("metabolite (name the metabolite compartment instead): a general "
                               "linear model declares"));
    CHECK_THROWS_WITH(general.set_michaelis_menten({1.0, 1.0}), Contains("michaelis_menten:"));
    CHECK_THROWS_WITH(general.set_transit(Route::Oral, {2, 1.0}), Contains("transit:"));
    CHECK_THROWS_WITH(general.set_absorption(Route::Oral, Absorption{}), Contains("absorption:"));
    CHECK_THROWS_WITH(general.set_disposition(Disposition::one_compartment(1.0, 1.0)),
                      Contains("disposition"));
    CHECK_FALSE(general.has_route(Route::Oral));
    CHECK(general.has_route(Route::IvBolus));
    CHECK_THROWS_WITH(
        simulate(general, {DoseEvent::bolus(0.0, 1.0, Route::Oral)}, OutputTimes::at({1.0})),
        Contains("events[0].route = oral"));
    CHECK_THROWS_WITH(simulate(general, {DoseEvent::into(3, 0.0, 1.0)}, OutputTimes::at({1.0})),
                      Contains("the model has no compartment 3 (its compartments: 1 central)"));
}

TEST_CASE("route targets: an F range is taken by bioavailability low and high",
          "[linear][reference]") {
    LinearStructure s;
    s.compartments = {{"gut", 0.0}, {"central", 10.0}};
    s.transfers = {LinearTransfer::rate("gut", "central", 0.5),
                   LinearTransfer::by_clearance("central", "", 2.0)};
    LinearRouteTarget oral{"gut", 0.5};
    oral.f_low = 0.3;
    oral.f_high = 0.8;
    LinearRouteTarget swallowed{"gut", 0.4, 0.0, 0.0, 1.0};
    swallowed.f_low = 0.2;
    swallowed.f_high = 0.5;
    const LinearRouteTarget nasal{"central", 0.3, 0.0, 2.0, 0.0};  // no range: fixed
    s.routes = {{Route::Oral, {oral}}, {Route::Intranasal, {swallowed, nasal}}};
    const Model model(s);
    const Bioavailability f_oral = model.bioavailability(Route::Oral);
    CHECK((f_oral.nominal == 0.5 && f_oral.low == 0.3 && f_oral.high == 0.8));
    const Bioavailability f_nasal = model.bioavailability(Route::Intranasal);
    CHECK(f_nasal.low == Approx(0.5).epsilon(1e-15));
    CHECK(f_nasal.high == Approx(0.8).epsilon(1e-15));

    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.25);
    const double dose = 40.0;
    SimulationOptions low, high;
    low.bioavailability = FChoice::Low;
    high.bioavailability = FChoice::High;
    // Oral: the system is linear in the amount that enters, so the ends scale the curve.
    const std::vector<DoseEvent> oral_dose{DoseEvent::bolus(0.0, dose, Route::Oral)};
    const Result nominal = simulate(model, oral_dose, times);
    const Result at_low = simulate(model, oral_dose, times, low);
    const Result at_high = simulate(model, oral_dose, times, high);
    const double peak = nominal.concentration_mg_per_l.maxCoeff();
    CHECK((at_low.concentration_mg_per_l - 0.6 * nominal.concentration_mg_per_l)
              .cwiseAbs()
              .maxCoeff() <= 1e-13 * peak);
    CHECK((at_high.concentration_mg_per_l - 1.6 * nominal.concentration_mg_per_l)
              .cwiseAbs()
              .maxCoeff() <= 1e-13 * peak);
    // Intranasal at its low end: the swallowed share at 0.2, the nasal share unchanged.
    LinearStructure fixed = s;
    fixed.routes[1].targets[0] = {"gut", 0.2, 0.0, 0.0, 1.0};
    const std::vector<DoseEvent> nasal_dose{DoseEvent::bolus(0.0, dose, Route::Intranasal)};
    const Result expected = simulate(Model(fixed), nasal_dose, times);
    const Result got = simulate(model, nasal_dose, times, low);
    CHECK((got.concentration_mg_per_l - expected.concentration_mg_per_l).cwiseAbs().maxCoeff() <=
          1e-15 * expected.concentration_mg_per_l.maxCoeff());

    auto fails = [&s](int target, double f_low, double f_high, const std::string& message) {
        LinearStructure bad = s;
        LinearRouteTarget& t = bad.routes[1].targets[static_cast<std::size_t>(target)];
        t.f_low = f_low;
        t.f_high = f_high;
        CHECK_THROWS_WITH(Model(bad), Contains(message));
    };
    fails(0, 0.45, 0.5, "routes[1].targets[0].f_low = 0.45: must be <= f = 0.4");
    fails(0, 0.2, 0.35, "routes[1].targets[0].f_high = 0.35: must be >= f = 0.4");
    fails(0, 0.2, 0.75,
          "routes[1].targets = 1.05: the high ends f_high of a route's targets sum "
          "above 1 (intranasal)");
    fails(1, -0.1, 0.0, "routes[1].targets[1].f_low = -0.1: must be >= 0");
}

TEST_CASE("route targets: a remainder target takes what another leaves, times a factor",
          "[linear][reference][remainder]") {
    // Perez-Ruixo's intranasal split: FRn into the central compartment through an own depot,
    // the swallowed remainder x Fgut into the gut (zero-order). Tolerances: 1e-12 of the peak
    // between models with the same system matrix and inputs.
    LinearStructure s;
    s.compartments = {{"gut", 0.0}, {"central", 10.0}};
    s.transfers = {LinearTransfer::rate("gut", "central", 0.5),
                   LinearTransfer::by_clearance("central", "", 2.0)};
    LinearRouteTarget nasal{"central", 0.54, 0.0, 2.93, 0.0};
    LinearRouteTarget swallowed{"gut", 1.0, 0.0, 1.45, 0.53};
    swallowed.remainder_of = "central";
    swallowed.remainder_times = 0.64;
    s.routes = {{Route::Intranasal, {nasal, swallowed}}};
    const Model model(s);
    const auto targets = [](const Model& m) {
        return m.linear_structure()->route(Route::Intranasal)->targets;
    };
    CHECK(targets(model)[1].f == Approx(0.2944).epsilon(1e-15));
    // Own depots 3 (central) and 4 (gut): F3 names the nasal fraction; F4 is computed.
    const std::vector<std::string> names = model.parameter_names();
    CHECK(std::find(names.begin(), names.end(), "F3") != names.end());
    CHECK(std::find(names.begin(), names.end(), "F4") == names.end());
    Model set = model;
    set.set_parameter("f3", 0.7);
    CHECK(targets(set)[1].f == Approx(0.192).epsilon(1e-15));
    LinearStructure fixed = s;
    fixed.routes[0].targets[0].f = 0.7;
    fixed.routes[0].targets[1] = {"gut", 0.192, 0.0, 1.45, 0.53};
    const Model by_hand(fixed);
    const std::vector<DoseEvent> dose{DoseEvent::bolus(0.0, 28.0, Route::Intranasal)};
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.1);
    const Result a = simulate(set, dose, times);
    const Result b = simulate(by_hand, dose, times);
    CHECK((a.concentration_mg_per_l - b.concentration_mg_per_l).cwiseAbs().maxCoeff() <=
          1e-12 * b.concentration_mg_per_l.maxCoeff());

    // An F range: at the low choice the other target takes its low end and the remainder what
    // that leaves (its largest value), at the high choice the reverse; each choice is one split.
    LinearStructure ranged = s;
    ranged.routes[0].targets[0].f_low = 0.4;
    ranged.routes[0].targets[0].f_high = 0.7;
    const Model range_model(ranged);
    const LinearRouteTarget r = targets(range_model)[1];
    CHECK(r.fraction().low == Approx(0.6 * 0.64).epsilon(1e-15));
    CHECK(r.fraction().high == Approx(0.3 * 0.64).epsilon(1e-15));
    const Bioavailability total = range_model.bioavailability(Route::Intranasal);
    CHECK(total.low == Approx(0.4 + 0.6 * 0.64).epsilon(1e-15));
    CHECK(total.high == Approx(0.7 + 0.3 * 0.64).epsilon(1e-15));
    SimulationOptions low;
    low.bioavailability = FChoice::Low;
    Model at_low = model;
    at_low.set_parameter("F3", 0.4);
    const Result c = simulate(range_model, dose, times, low);
    const Result d = simulate(at_low, dose, times);
    CHECK((c.concentration_mg_per_l - d.concentration_mg_per_l).cwiseAbs().maxCoeff() <=
          1e-12 * d.concentration_mg_per_l.maxCoeff());

    auto fails = [&s](const std::string& of, double times, const std::string& message) {
        LinearStructure bad = s;
        bad.routes[0].targets[1].remainder_of = of;
        bad.routes[0].targets[1].remainder_times = times;
        CHECK_THROWS_WITH(Model(bad), Contains(message));
        CHECK_THROWS_WITH(bad.validate(), Contains(message));
    };
    fails("liver", 0.64,
          "routes[0].targets[1].remainder_of = 'liver': the intranasal route has no target "
          "entering it (its other targets: central)");
    fails("gut", 0.64,
          "routes[0].targets[1].remainder_of = 'gut': a target cannot be the remainder of itself");
    fails("central", 1.5,
          "routes[0].targets[1].remainder_times = 1.5: the factor on a remainder must be in "
          "(0, 1]");
    fails("central", 0.0, "routes[0].targets[1].remainder_times = 0: must be > 0");
    LinearStructure chained = s;
    chained.compartments.push_back({"portal", 0.0});
    chained.transfers.push_back(LinearTransfer::rate("portal", "gut", 1.0));
    LinearRouteTarget third{"portal", 1.0};
    third.remainder_of = "gut";
    chained.routes[0].targets.push_back(third);
    CHECK_THROWS_WITH(Model(chained),
                      Contains("routes[0].targets[2].remainder_of = 'gut': that target is itself "
                               "the remainder of 'central' (a remainder refers to a given "
                               "fraction)"));
    Model whole = model;
    CHECK_THROWS_WITH(whole.set_parameter("F3", 1.0),
                      Contains("F3 = 1: leaves nothing for the remainder target 'gut' (it must be "
                               "below 1)"));
    // Refused before anything changed: the model keeps its fractions.
    CHECK(whole.parameter("F3") == model.parameter("F3"));
    // By position, as a population sets it: the same value, the same refusal.
    const std::size_t f3 = whole.parameter_index("f3");
    CHECK(whole.parameter(f3) == model.parameter("F3"));
    CHECK_THROWS_WITH(whole.set_parameter(f3, 1.0), Contains("F3 = 1: leaves nothing"));
    whole.set_parameter(f3, 0.7);
    CHECK(whole.parameter("F3") == 0.7);
    CHECK(whole.linear_structure()->routes[0].targets[1].f == (1.0 - 0.7) * 0.64);
    CHECK_THROWS_WITH(whole.parameter(99), Contains("parameter index 99: the model has"));
}

TEST_CASE("general linear models: each invalid structure names its field", "[linear]") {
    const LinearStructure base = mammillary(2, 3.0, 20.0, 2.0, 30.0, 0.0, 0.0, 0.8);
    auto fails = [](const LinearStructure& s, const std::string& message) {
        CHECK_THROWS_WITH(Model(s), Contains(message));
    };
    fails(LinearStructure{}, "compartments: a general linear model needs at least one");
    LinearStructure s = base;
    s.compartments[1].name = "depot";
    fails(s, "compartments[1].name = 'depot': declared twice");
    s = base;
    s.compartments[0].name = "";
    fails(s, "compartments[0].name is empty");
    s = base;
    s.compartments[2].volume_l = -1.0;
    fails(s, "compartments[2].volume_l = -1: must be >= 0");
    s = base;
    s.transfers[1].to = "liver";
    fails(s, "transfers[1].to = 'liver': no such compartment (declared: depot, central, periph1)");
    s = base;
    s.transfers[0].from = "gut";
    fails(s, "transfers[0].from = 'gut': no such compartment");
    s = base;
    s.transfers[1].to = "central";
    fails(s, "transfers[1].to = 'central': a transfer from a compartment to itself");
    s = base;
    s.transfers[3].value = -0.5;
    fails(s, "transfers[3].k_per_h = -0.5: must be >= 0");
    s = base;
    s.transfers[0].value = std::nan("");
    fails(s, "transfers[0].cl_l_per_h = nan: must be a finite number");
    s = base;
    s.transfers.push_back(LinearTransfer::by_clearance("depot", "", 1.0));
    fails(s,
          "transfers[4].cl_l_per_h = 1: a clearance needs a volume of its source compartment "
          "'depot'");
    s = base;
    s.observed = "depot";
    fails(s, "observed = 'depot': the observed compartment needs a volume");
    s = base;
    s.observed = "plasma";
    fails(s, "observed = 'plasma': no such compartment");
    s = base;
    s.metabolite = "depot";
    fails(s, "metabolite = 'depot': the observed metabolite compartment needs a volume");
    s = base;
    s.metabolite = "central";
    fails(s, "metabolite = 'central': it is the observed compartment");
    s = base;
    s.compartments[1].volume_l = 0.0;
    s.compartments[2].volume_l = 0.0;
    s.transfers = {LinearTransfer::rate("central", "", 1.0)};
    fails(s, "observed: no compartment has a volume");
    s = base;
    s.routes[0].targets[0].f = 1.5;
    fails(s, "routes[0].targets[0].f = 1.5: a fraction must be in (0, 1]");
    s = base;
    s.routes[0].targets[0].f = 0.0;
    fails(s, "routes[0].targets[0].f = 0: must be > 0");
    s = base;
    s.routes[0].targets.push_back({"central", 0.5, 0.0, 0.0, 0.0});
    fails(s, "routes[0].targets = 1.2: the fractions f of a route's targets sum above 1 (oral)");
    s = base;
    s.routes[0].targets.push_back({"depot", 0.1, 0.0, 0.0, 0.0});
    fails(s, "routes[0].targets[1].compartment = 'depot': the route enters it twice");
    s = base;
    s.routes[0].targets[0].compartment = "stomach";
    fails(s, "routes[0].targets[0].compartment = 'stomach': no such compartment");
    s = base;
    s.routes[0].targets[0].lag_h = -1.0;
    fails(s, "routes[0].targets[0].lag_h = -1: must be >= 0");
    s = base;
    s.routes[0].targets[0].ka_per_h = std::nan("");
    fails(s, "routes[0].targets[0].ka_per_h = nan");
    s = base;
    s.routes[0].targets[0].duration_h = -2.0;
    fails(s, "routes[0].targets[0].duration_h = -2: must be >= 0");
    s = base;
    s.routes.push_back(s.routes[0]);
    fails(s, "routes[1].route = oral: mapped twice");
    s = base;
    s.routes[0].targets.clear();
    fails(s, "routes[0].targets: a route needs a target");
    s = base;
    for (int i = 0; i < kMaxExactStates; ++i)
        s.compartments.push_back({"x" + std::to_string(i), 0.0});
    fails(s,
          "states (compartments, own depots of route targets, eliminated), more than the "
          "exact path takes (32)");
    s = base;
    s.compartments.push_back({"depot_oral_central", 0.0});
    s.routes[0].targets[0] = {"central", 0.5, 0.0, 1.0, 0.0};
    fails(s, "routes[0].targets[0].ka_per_h: its own depot would be called 'depot_oral_central'");
}

namespace {

std::string linear_demo_path() {
    return std::string(PKENGINE_SOURCE_DIR) + "/tests/data/drugs/linear_demo.json";
}

std::string linear_demo_text() {
    std::ifstream in(linear_demo_path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The "presystemic" model of tests/data/drugs/linear_demo.json, written out, at weight w (kg).
LinearStructure presystemic(double w) {
    const double volume = w / 70.0, clearance = std::pow(w / 70.0, 0.75);
    LinearStructure s;
    s.compartments = {{"gut", 0.0},
                      {"liver", 1.5 * volume},
                      {"central", 20.0 * volume},
                      {"metabolite", 30.0 * volume}};
    s.transfers = {LinearTransfer::rate("gut", "liver", 1.2),
                   LinearTransfer::by_clearance("liver", "central", 60.0 * clearance),
                   LinearTransfer::by_clearance("liver", "metabolite", 0.5 * 60.0 * clearance),
                   LinearTransfer::by_clearance("central", "", 6.0 * clearance),
                   LinearTransfer::rate("metabolite", "", 0.2)};
    s.routes = {
        {Route::Oral, {{"gut", 0.9, 0.0, 0.0, 0.5}}},
        {Route::Intranasal, {{"central", 0.5, 0.1, 2.0, 0.0}, {"gut", 0.4, 0.0, 0.0, 0.0}}}};
    s.observed = "central";
    s.metabolite = "metabolite";
    return s;
}

}  // namespace

TEST_CASE("a drug file's general linear model: read, weight-scaled, simulated", "[linear][drug]") {
    const Drug drug = Drug::load_file(linear_demo_path());
    CHECK(drug.default_model() == "presystemic");
    CHECK(drug.model_spec("presystemic").linear.has_value());
    CHECK_FALSE(drug.model_spec("one_cmt").linear.has_value());
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, 100.0, Route::Oral),
                                        DoseEvent::bolus(12.0, 50.0, Route::Intranasal),
                                        DoseEvent::into(4, 20.0, 10.0)};
    const std::vector<double> t = uniform_times(36.0, 0.5);
    for (double w : {70.0, 35.0}) {
        INFO("weight " << w);
        const Model from_file = drug.model(w);
        std::vector<std::string> names;
        for (const Compartment& c : from_file.compartments()) names.push_back(c.name);
        CHECK(names == std::vector<std::string>{"gut", "liver", "central", "metabolite",
                                                "depot_intranasal_central"});
        const Result a = simulate(from_file, events, OutputTimes::at(t));
        const Result b = simulate(Model(presystemic(w)), events, OutputTimes::at(t));
        CHECK((a.amounts_mg - b.amounts_mg).cwiseAbs().maxCoeff() < 1e-12 * 160.0);
        CHECK((a.metabolite_concentration_mg_per_l - b.metabolite_concentration_mg_per_l)
                  .cwiseAbs()
                  .maxCoeff() < 1e-12 * 160.0 / 30.0);
    }
    // The mammillary model of the same file is unchanged.
    CHECK(drug.model(70.0, "one_cmt").disposition().cl() == 6.0);
    CHECK_THROWS_WITH(drug.model(70.0, "presystemic", {"anything"}),
                      Contains("general linear model with routes of its own"));

    // Errors name the file and the key.
    const std::string text = linear_demo_text();
    auto load_edited = [&text](const std::string& from, const std::string& to) {
        return Drug::load_file(
            testing::write_scratch(testing::replaced(text, from, to), "linear_demo.json"));
    };
    CHECK_THROWS_WITH(load_edited("\"to\": \"central\"", "\"to\": \"plasma\""),
                      Contains("models.presystemic: transfers[1].to = 'plasma': no such "
                               "compartment"));
    CHECK_THROWS_WITH(load_edited("\"id\": \"gut\"", "\"id\": \"out\""),
                      Contains("models.presystemic.compartments[0].id = 'out': 'out' is "
                               "reserved"));
    CHECK_THROWS_WITH(
        load_edited("\"cl\": {\n      \"value\": 6,", "\"k\": {\n      \"value\": 6,"),
        Contains("transfers[3].k.unit"));
}

TEST_CASE("ADVAN5 and 7 read their structure from NONMEM's names and reproduce ADVAN4",
          "[linear][reference]") {
    // ADVAN4 (1 depot, 2 central, 3 peripheral) written as NONMEM's general model: K12 = KA,
    // K20 = CL/V2, K23 = Q/V2, K32 = Q/V3, S2 = V2.
    const double cl = 3.0, v = 20.0, q = 2.0, vp = 30.0, ka = 0.8, dose = 100.0;
    const Model library =
        Model::advan(4, {{"CL", cl}, {"V2", v}, {"Q", q}, {"V3", vp}, {"KA", ka}});
    std::vector<DoseEvent> events;
    for (int n = 1; n <= 3; ++n) {
        events.push_back(DoseEvent::into(n, 1.0 * n, dose));
        events.push_back(infusion_into(n, 10.0 + n, dose, 2.5));
    }
    by_time(events);
    const std::vector<double> t = uniform_times(48.0, 0.5);
    const Result rl = simulate(library, events, OutputTimes::at(t), exact());
    for (int number : {5, 7}) {
        INFO("ADVAN" << number);
        const Model general = Model::advan(
            number, {{"K12", ka}, {"K20", cl / v}, {"K23", q / v}, {"k32", q / vp}, {"V2", v}});
        CHECK(general.advan() == number);
        REQUIRE(general.compartments().size() == 3);
        CHECK(general.compartments()[1].name == "compartment2");
        CHECK(general.parameter("K23") == q / v);
        const Result rg = simulate(general, events, OutputTimes::at(t), exact());
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            CHECK(std::abs(rg.concentration_mg_per_l[row] - rl.concentration_mg_per_l[row]) * v <
                  1e-12 * dose);
        }
    }
}

TEST_CASE("ADVAN5: two-digit compartments by K<m>T<n>, and each error names the parameter",
          "[linear][validation]") {
    // A chain of ten compartments, 1 -> 2 -> ... -> 10 -> out, every k 0.5 /h: the amounts sum
    // to the dose (1e-12 of it) and the last is the only one observed.
    std::map<std::string, double> chain{{"V10", 5.0}, {"K10T0", 0.5}, {"K9T10", 0.5}};
    for (int m = 1; m <= 8; ++m) chain["K" + std::to_string(m) + std::to_string(m + 1)] = 0.5;
    const Model model = Model::advan(5, chain);
    REQUIRE(model.compartments().size() == 10);
    const Result r = simulate(model, {DoseEvent::into(1, 0.0, 10.0)}, OutputTimes::at({6.0}));
    CHECK(std::abs(r.amounts_mg.row(0).sum() - 10.0) < 1e-12 * 10.0);
    CHECK(r.concentration_mg_per_l[0] == Approx(amount(r, "compartment10", 0) / 5.0));

    auto error_of = [](const std::map<std::string, double>& p) {
        try {
            (void)Model::advan(5, p);
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK_THAT(error_of({{"KX", 1.0}, {"V1", 2.0}}), Contains("KX") && Contains("K<m><n>"));
    CHECK_THAT(error_of({{"K11", 1.0}, {"V1", 2.0}}), Contains("to itself"));
    CHECK_THAT(error_of({{"K12", 1.0}, {"k12", 2.0}, {"V2", 2.0}}), Contains("given twice"));
    CHECK_THAT(error_of({{"V2", 20.0}}), Contains("no transfer"));
    CHECK_THAT(error_of({{"K12", 1.0}}), Contains("no volume"));
    CHECK_THAT(error_of({{"K12", -1.0}, {"V2", 20.0}}), Contains("K12"));
    CHECK_THAT(error_of({{"K12", 1.0}, {"V2", 0.0}}), Contains("V2"));
    CHECK_THAT(error_of({{"K1T", 1.0}, {"V2", 2.0}}), Contains("K1T"));
}
