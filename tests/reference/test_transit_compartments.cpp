// Transit compartments in the CMT numbering, and doses into them by number: a dose into transit
// compartment k enters that compartment with its own F<n>, ALAG<n>, R<n>, D<n>, not the route's.
//
// Tolerances: 1e-10 relative for closed forms (the exact path is good to a few ulps per step; a
// route F or lag wrongly applied is 1e-1 or larger); 1e-12 of the dose between two models with
// the same transfers, where only the number of states differs; 1e-6 relative between the exact
// and the ODE path (rtol 1e-10, atol 1e-12 mg: the ODE error is well below that).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::rel_diff;
using testing::tight_ode;
using testing::uniform_times;

namespace {

constexpr double kCl = 1.1, kV = 20.0, kKa = 1.5;

/// A one-compartment model with an oral route (F 0.5, lag 0.75 h: neither may touch a dose
/// into a transit compartment) and a chain of `count` + 1 transit compartments of rate ktr.
Model chain_model(int count, double ktr) {
    Model model(Disposition::one_compartment(kCl, kV));
    Absorption oral;
    oral.f = Bioavailability::exactly(0.5);
    oral.ka_per_h = kKa;
    oral.lag_h = 0.75;
    model.set_absorption(Route::Oral, oral);
    model.set_transit(Route::Oral, {count, (count + 1) / ktr});
    return model;
}

/// The amount (mg) at t in the last of a linear chain of first-order compartments with distinct
/// rate constants `k` (1/h), after a bolus `dose` into the first: the sum of exponentials
/// dose k1 ... k(n-1) sum_i e^{-k_i t} / prod_{j != i} (k_j - k_i).
double chain_amount(double dose, const std::vector<double>& k, double t) {
    double prefactor = dose;
    for (std::size_t i = 0; i + 1 < k.size(); ++i) prefactor *= k[i];
    double sum = 0.0;
    for (std::size_t i = 0; i < k.size(); ++i) {
        double denominator = 1.0;
        for (std::size_t j = 0; j < k.size(); ++j) {
            if (j != i) denominator *= k[j] - k[i];
        }
        sum += std::exp(-k[i] * t) / denominator;
    }
    return prefactor * sum;
}

double amount(const Result& r, Eigen::Index row, const std::string& state) {
    return r.amounts_mg(row, r.state_index(state));
}

}  // namespace

TEST_CASE("transit compartments are numbered after the peripherals, before the metabolite",
          "[transit][cmt]") {
    Model model(Disposition::two_compartment(5.0, 20.0, 3.0, 40.0));
    Absorption a;
    a.ka_per_h = 1.0;
    model.set_absorption(Route::Oral, a);
    model.set_absorption(Route::Intramuscular, a);
    model.set_transit(Route::Oral, {2, 3.0});
    model.set_transit(Route::Intramuscular, {1, 1.0});
    model.set_metabolite({0.4, 2.0, 10.0, 1.0, 30.0});
    const std::vector<std::string> expected{"central",
                                            "depot_im",
                                            "depot_intranasal",
                                            "depot_oral",
                                            "depot_sublingual",
                                            "peripheral1",
                                            "transit_im_0",
                                            "transit_im_1",
                                            "transit_oral_0",
                                            "transit_oral_1",
                                            "transit_oral_2",
                                            "metabolite_central",
                                            "metabolite_peripheral"};
    const std::vector<Compartment> table = model.compartments();
    REQUIRE(table.size() == expected.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        CHECK(table[i].number == static_cast<int>(i) + 1);
        CHECK(table[i].name == expected[i]);
    }
    CHECK(table[6].kind == CompartmentKind::Transit);
    CHECK(table[6].route == Route::Intramuscular);
    CHECK(table[10].kind == CompartmentKind::Transit);
    CHECK(table[10].route == Route::Oral);
    CHECK(table[11].kind == CompartmentKind::MetaboliteCentral);
    CHECK(cmt_table(model)[8].routes ==
          "a dose straight into the compartment (the oral route's transit chain; no route F, lag "
          "or swallowed share)");

    // A library model numbers its chain after its NONMEM compartments.
    Model a2 = Model::advan(2, {{"CL", 1.1}, {"V", 20.0}, {"KA", 1.5}});
    a2.set_transit(Route::Oral, {1, 2.0});
    CHECK(a2.compartment(3).name == "transit_oral_0");
    CHECK(a2.compartment(4).name == "transit_oral_1");

    // The settings of a transit compartment go with its chain.
    model.set_compartment_dosing(11, {0.8, 0.5, {}});
    CHECK(model.compartment_dosing(11).f == 0.8);
    model.set_transit(Route::Oral, {1, 3.0});
    model.set_transit(Route::Oral, {2, 3.0});
    CHECK(model.compartment_dosing(11).f == 1.0);
}

TEST_CASE("a bolus into transit compartment k: the closed form, a shorter chain, mass balance",
          "[transit][cmt][reference]") {
    const int count = 3;
    const double ktr = 2.0, dose = 100.0, k = kCl / kV;
    const Model model = chain_model(count, ktr);
    const std::vector<double> t = uniform_times(24.0, 0.25);
    for (int entered = 0; entered <= count; ++entered) {
        CAPTURE(entered);
        // 1 central, 2-5 the depots, then the chain (the model has no peripheral).
        const int cmt = 6 + entered;
        REQUIRE(model.compartment(cmt).name == "transit_oral_" + std::to_string(entered));
        const Result r = simulate(model, {DoseEvent::into(cmt, 0.0, dose)}, OutputTimes::at(t));
        // The chain from compartment k on is a chain of count - k + 1 compartments dosed at its
        // entry, with F 1 and no lag.
        Model shorter = chain_model(count - entered, ktr);
        Absorption oral = shorter.absorption(Route::Oral);
        oral.f = Bioavailability::exactly(1.0);
        oral.lag_h = 0.0;
        shorter.set_absorption(Route::Oral, oral);
        const Result s =
            simulate(shorter, {DoseEvent::bolus(0.0, dose, Route::Oral)}, OutputTimes::at(t));
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            for (const char* state : {"central", "depot_oral", "eliminated"}) {
                CHECK(std::abs(amount(r, row, state) - amount(s, row, state)) < 1e-12 * dose);
            }
            CHECK(std::abs(r.amounts_mg.row(row).sum() - dose) < 1e-12 * dose);
        }
    }
    // Into the last transit compartment: one transit compartment, the depot, the central one.
    const Result last =
        simulate(model, {DoseEvent::into(6 + count, 0.0, dose)}, OutputTimes::at(t));
    const double peak = last.concentration_mg_per_l.maxCoeff();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double expected = chain_amount(dose, {ktr, kKa, k}, t[i]) / kV;
        CHECK(std::abs(last.concentration_mg_per_l[static_cast<Eigen::Index>(i)] - expected) <=
              1e-10 * peak);
    }
}

TEST_CASE("a dose into a transit compartment takes that compartment's F and lag, not the route's",
          "[transit][cmt][reference]") {
    const double ktr = 2.5, dose = 80.0, k = kCl / kV;
    Model model = chain_model(1, ktr);  // transit_oral_0 is CMT 6, transit_oral_1 CMT 7
    model.set_compartment_dosing(7, {0.8, 1.25, {}});
    const std::vector<double> t = uniform_times(30.0, 0.5);
    const Result r = simulate(model, {DoseEvent::into(7, 2.0, dose)}, OutputTimes::at(t));
    const double peak = r.concentration_mg_per_l.maxCoeff();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        const double s = t[i] - 3.25;
        const double expected = s > 0.0 ? chain_amount(0.8 * dose, {ktr, kKa, k}, s) / kV : 0.0;
        CHECK(std::abs(r.concentration_mg_per_l[row] - expected) <= 1e-10 * peak);
        CHECK(std::abs(r.amounts_mg.row(row).sum() - (s > 0.0 ? 0.8 * dose : 0.0)) < 1e-12 * dose);
    }
    // The ODE path agrees.
    const Result ode =
        simulate(model, {DoseEvent::into(7, 2.0, dose)}, OutputTimes::at(t), tight_ode());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(std::abs(ode.concentration_mg_per_l[row] - r.concentration_mg_per_l[row]) <=
              1e-6 * peak);
    }
    // The route's depot number is still a dose of the route: its F, its lag, its whole chain.
    const Result by_cmt = simulate(model, {DoseEvent::into(4, 0.0, dose)}, OutputTimes::at(t));
    const Result by_route =
        simulate(model, {DoseEvent::bolus(0.0, dose, Route::Oral)}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(by_cmt.concentration_mg_per_l[row] == by_route.concentration_mg_per_l[row]);
    }
    CHECK(std::abs(by_cmt.amounts_mg.row(by_cmt.amounts_mg.rows() - 1).sum() - 0.5 * dose) <
          1e-12 * dose);
}

TEST_CASE("an infusion into a transit compartment: given rate, R<n> and a shorter chain",
          "[transit][cmt][reference]") {
    const double ktr = 2.0, dose = 60.0, rate = 20.0;
    Model model = chain_model(2, ktr);  // transit_oral_1 is CMT 7
    model.set_compartment_dosing(7, {1.0, 0.0, {rate, 0.0}});
    DoseEvent given = DoseEvent::into(7, 1.0, dose);
    given.rate_mg_per_h = rate;
    DoseEvent modelled = DoseEvent::into(7, 1.0, dose);
    modelled.rate_source = RateSource::ModelledRate;
    // transit_oral_1 onward is a chain of two compartments, dosed by an infusion at its entry.
    Model shorter = chain_model(1, ktr);
    Absorption oral = shorter.absorption(Route::Oral);
    oral.f = Bioavailability::exactly(1.0);
    oral.lag_h = 0.0;
    shorter.set_absorption(Route::Oral, oral);
    const std::vector<double> t = uniform_times(24.0, 0.25);
    const Result a = simulate(model, {given}, OutputTimes::at(t));
    const Result b = simulate(model, {modelled}, OutputTimes::at(t));
    const Result c = simulate(shorter, {DoseEvent::infusion_at_rate(1.0, dose, rate, Route::Oral)},
                              OutputTimes::at(t));
    const Result ode = simulate(model, {given}, OutputTimes::at(t), tight_ode());
    const double peak = a.concentration_mg_per_l.maxCoeff();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(std::abs(amount(a, row, "central") - amount(c, row, "central")) < 1e-12 * dose);
        CHECK(b.concentration_mg_per_l[row] == a.concentration_mg_per_l[row]);
        CHECK(std::abs(ode.concentration_mg_per_l[row] - a.concentration_mg_per_l[row]) <=
              1e-6 * peak);
        const double infused = std::clamp(t[i] - 1.0, 0.0, dose / rate) * rate;
        CHECK(std::abs(a.amounts_mg.row(row).sum() - infused) < 1e-12 * dose);
    }
}

TEST_CASE("doses into a transit compartment the model cannot take name the record",
          "[transit][cmt][validation]") {
    Model model(Disposition::one_compartment(kCl, kV));
    model.set_transit(Route::Oral, {1, 2.0});  // a chain, but no oral absorption yet
    CHECK_THROWS_WITH(simulate(model, {DoseEvent::into(6, 0.0, 10.0)}, OutputTimes::at({1.0})),
                      Contains("events[0].compartment = 6: transit_oral_0 empties into the oral "
                               "depot, and the model has no absorption parameters for the oral "
                               "route"));
    const Dataset data = Dataset::parse_csv("ID,TIME,AMT,CMT\n1,0,10,7\n1,1,.,7\n", "nm.csv");
    CHECK_THROWS_WITH(simulate_dataset(model, data),
                      Contains("nm.csv:2: CMT = 7: transit_oral_1 empties into the oral depot"));
}

TEST_CASE("datasets dose transit compartments by CMT, with F<n> columns",
          "[transit][cmt][dataset]") {
    const Model model = chain_model(1, 2.0);
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,F7\n1,0,100,7,0.6\n1,2,.,7,.\n1,12,.,7,.\n", "transit.csv");
    const SubjectResult r = simulate_dataset(model, data)[0];
    Model same = model;
    same.set_compartment_dosing(7, {0.6, 0.0, {}});
    const Result expected =
        simulate(same, {DoseEvent::into(7, 0.0, 100.0)}, OutputTimes::at({0.0, 2.0, 12.0}));
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(rel_diff(r.concentration_mg_per_l[i], expected.concentration_mg_per_l[i]) < 1e-12);
    }
    CHECK(std::abs(r.amounts_mg.row(2).sum() - 60.0) < 1e-12 * 100.0);
}
