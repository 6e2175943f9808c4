// Turning a compartment off (NONMEM: a negative CMT on an EVID 2 record): a compartment that
// receives no drug from another is emptied at the record's time, its amount counted in the
// "discarded" state and its infusions stopped; every other compartment is refused.
//
// Tolerances: 1e-10 relative for closed forms (the exact path is good to a few ulps per step;
// an emptying applied at the wrong time or not at all is 1e-2 or larger); 1e-12 of the dose for
// mass balance and superposition on the exact path; 1e-6 relative to the peak between the exact
// and the ODE path (rtol 1e-10, atol 1e-12 mg).
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

constexpr double kCl = 1.1, kV = 20.0, kKa = 1.5, kK = kCl / kV;

Model oral_model() {
    Model model(Disposition::one_compartment(kCl, kV));
    Absorption oral;
    oral.ka_per_h = kKa;
    model.set_absorption(Route::Oral, oral);
    return model;
}

/// An other-type record (EVID 2) with CMT = -number: compartment `number` turned off.
DoseEvent turn_off(int number, double time_h) {
    DoseEvent e;
    e.kind = EventKind::Other;
    e.time_h = time_h;
    e.compartment = -number;
    return e;
}

double amount(const Result& r, Eigen::Index row, const std::string& state) {
    return r.amounts_mg(row, r.state_index(state));
}

std::string error_of(const Model& model, const std::vector<DoseEvent>& events) {
    try {
        simulate(model, events, OutputTimes::at({1.0, 5.0}));
    } catch (const InvalidInput& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("emptying the depot mid-absorption: the central amount decays from what was absorbed",
          "[turn_off][cmt][reference]") {
    const double dose = 100.0, te = 1.5;
    const Model model = oral_model();  // CMT 4 is depot_oral
    const std::vector<double> t = uniform_times(24.0, 0.25);
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, dose, Route::Oral), turn_off(4, te)};
    const Result r = simulate(model, events, OutputTimes::at(t));
    REQUIRE(r.state_names.back() == "discarded");
    // Closed form: the Bateman function up to te; then no input, the central amount decays.
    const double absorbed = dose * kKa / (kKa - kK) * (std::exp(-kK * te) - std::exp(-kKa * te));
    const double in_depot = dose * std::exp(-kKa * te);
    // Superposition: the same as the full dose less a dose of what the depot held, given at te.
    const Result full =
        simulate(model, {DoseEvent::bolus(0.0, dose, Route::Oral)}, OutputTimes::at(t));
    const Result held =
        simulate(model, {DoseEvent::bolus(te, in_depot, Route::Oral)}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CAPTURE(t[i]);
        const double central = t[i] < te ? testing::bateman(dose, 1.0, kKa, kK, kV, 0.0, t[i]) * kV
                                         : absorbed * std::exp(-kK * (t[i] - te));
        CHECK(rel_diff(amount(r, row, "central"), central) < 1e-10);
        CHECK(std::abs(amount(r, row, "central") - (amount(full, row, "central") -
                                                    amount(held, row, "central"))) < 1e-12 * dose);
        if (t[i] >= te) {
            CHECK(amount(r, row, "depot_oral") == 0.0);
            CHECK(rel_diff(amount(r, row, "discarded"), in_depot) < 1e-12);
        } else {
            CHECK(amount(r, row, "discarded") == 0.0);
        }
        CHECK(std::abs(r.amounts_mg.row(row).sum() - dose) < 1e-12 * dose);
    }
    // The ODE path empties at the same moment.
    const Result ode = simulate(model, events, OutputTimes::at(t), tight_ode());
    const double peak = r.concentration_mg_per_l.maxCoeff();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(std::abs(ode.concentration_mg_per_l[row] - r.concentration_mg_per_l[row]) <=
              1e-6 * peak);
        CHECK(std::abs(amount(ode, row, "discarded") - amount(r, row, "discarded")) <= 1e-6 * dose);
    }
    // A later dose turns the depot back on: it is absorbed as usual.
    std::vector<DoseEvent> again = events;
    again.push_back(DoseEvent::bolus(6.0, dose, Route::Oral));
    const Result on = simulate(model, again, OutputTimes::at(t));
    const Result second =
        simulate(model, {DoseEvent::bolus(6.0, dose, Route::Oral)}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(std::abs(amount(on, row, "central") -
                       (amount(r, row, "central") + amount(second, row, "central"))) <
              1e-12 * dose);
    }
}

TEST_CASE("emptying stops the infusion into the compartment; a positive CMT changes nothing",
          "[turn_off][cmt][reference]") {
    const double rate = 25.0, te = 2.0;
    const Model model = oral_model();
    DoseEvent infusion = DoseEvent::infusion_at_rate(0.0, 100.0, rate, Route::Oral);
    const std::vector<double> t = uniform_times(12.0, 0.5);
    const Result r = simulate(model, {infusion, turn_off(4, te)}, OutputTimes::at(t));
    // Before te the infusion ran: rate te mg entered; after it nothing enters any more.
    const Result ran =
        simulate(model, {DoseEvent::infusion_at_rate(0.0, rate * te, rate, Route::Oral)},
                 OutputTimes::at(t));
    const Result ode =
        simulate(model, {infusion, turn_off(4, te)}, OutputTimes::at(t), tight_ode());
    const double peak = r.concentration_mg_per_l.maxCoeff();
    const auto at_te = static_cast<Eigen::Index>(4);  // t[4] = 2 h
    REQUIRE(t[4] == te);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        const double entered = std::min(t[i], te) * rate;
        CHECK(std::abs(r.amounts_mg.row(row).sum() - entered) < 1e-12 * 100.0);
        if (t[i] <= te) {
            // Up to te the two are one infusion; at te the depot's content is discarded.
            CHECK(std::abs(amount(r, row, "central") - amount(ran, row, "central")) <
                  1e-12 * 100.0);
            CHECK(std::abs(amount(r, row, "depot_oral") + amount(r, row, "discarded") -
                           amount(ran, row, "depot_oral")) < 1e-12 * 100.0);
        } else {
            // Nothing enters the central compartment any more: it only decays.
            CHECK(amount(r, row, "depot_oral") == 0.0);
            CHECK(rel_diff(amount(r, row, "central"),
                           amount(r, at_te, "central") * std::exp(-kK * (t[i] - te))) < 1e-10);
        }
        CHECK(std::abs(ode.concentration_mg_per_l[row] - r.concentration_mg_per_l[row]) <=
              1e-6 * peak);
    }
    // CMT = 4 on an other record turns the depot on: nothing changes.
    DoseEvent on = turn_off(4, te);
    on.compartment = 4;
    const Result same = simulate(model, {infusion, on}, OutputTimes::at(t));
    const Result plain = simulate(model, {infusion}, OutputTimes::at(t));
    CHECK(same.amounts_mg == plain.amounts_mg);
    CHECK(same.state_names == plain.state_names);
}

TEST_CASE("emptying the first transit compartment; a steady-state dose around it",
          "[turn_off][cmt][transit][reference]") {
    const double dose = 50.0, te = 0.5, ktr = 3.0;
    Model model = oral_model();
    model.set_transit(Route::Oral, {2, 3.0 / ktr});  // transit_oral_0 is CMT 6
    REQUIRE(model.compartment(6).name == "transit_oral_0");
    const std::vector<double> t = uniform_times(24.0, 0.25);
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, dose, Route::Oral), turn_off(6, te)};
    const Result r = simulate(model, events, OutputTimes::at(t));
    const Result ode = simulate(model, events, OutputTimes::at(t), tight_ode());
    const double peak = r.concentration_mg_per_l.maxCoeff();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        if (t[i] >= te) {
            CHECK(amount(r, row, "transit_oral_0") == 0.0);
            CHECK(rel_diff(amount(r, row, "discarded"), dose * std::exp(-ktr * te)) < 1e-12);
        }
        CHECK(std::abs(r.amounts_mg.row(row).sum() - dose) < 1e-12 * dose);
        CHECK(std::abs(ode.concentration_mg_per_l[row] - r.concentration_mg_per_l[row]) <=
              1e-6 * peak);
    }

    // SS 1 at t = 0 (every 12 h), the depot emptied at 1 h: from then on the central amount
    // only decays, from the steady state carried to 1 h.
    const Model plain = oral_model();
    DoseEvent ss = DoseEvent::bolus(0.0, dose, Route::Oral);
    ss.steady_state = SteadyState::Reset;
    ss.interval_h = 12.0;
    const std::vector<double> grid = uniform_times(11.0, 0.5);
    const Result s = simulate(plain, {ss, turn_off(4, 1.0)}, OutputTimes::at(grid));
    const Result s_ode =
        simulate(plain, {ss, turn_off(4, 1.0)}, OutputTimes::at(grid), tight_ode());
    const auto at_te = static_cast<Eigen::Index>(2);  // grid[2] = 1 h
    for (std::size_t i = 2; i < grid.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        CHECK(rel_diff(amount(s, row, "central"),
                       amount(s, at_te, "central") * std::exp(-kK * (grid[i] - 1.0))) < 1e-10);
        CHECK(std::abs(s_ode.concentration_mg_per_l[row] - s.concentration_mg_per_l[row]) <=
              1e-6 * s.concentration_mg_per_l.maxCoeff());
    }
}

TEST_CASE("a general linear model empties a compartment without inflow", "[turn_off][cmt][advan]") {
    // ADVAN5: compartment 1 empties into 2 (K12), which is eliminated (K20).
    const Model model = Model::advan(5, {{"K12", 1.5}, {"K20", 0.05}, {"V2", 20.0}});
    const double dose = 100.0, te = 1.0;
    const std::vector<double> t = uniform_times(12.0, 0.5);
    const Result r =
        simulate(model, {DoseEvent::into(1, 0.0, dose), turn_off(1, te)}, OutputTimes::at(t));
    const double absorbed =
        dose * 1.5 / (1.5 - 0.05) * (std::exp(-0.05 * te) - std::exp(-1.5 * te));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        if (t[i] < te) continue;
        CHECK(amount(r, row, "compartment1") == 0.0);
        CHECK(rel_diff(amount(r, row, "compartment2"), absorbed * std::exp(-0.05 * (t[i] - te))) <
              1e-10);
        CHECK(std::abs(r.amounts_mg.row(row).sum() - dose) < 1e-12 * dose);
    }
    CHECK_THAT(error_of(model, {DoseEvent::into(1, 0.0, dose), turn_off(2, te)}),
               Contains("events[1].compartment = -2: turning compartment 2 (compartment2) off is "
                        "not supported: pkengine keeps a compartment that receives drug from "
                        "another on (its flows would have to be removed from the model)"));
}

TEST_CASE("turning off a compartment with inflow, or none, is refused naming the record",
          "[turn_off][cmt][validation]") {
    Model model(Disposition::two_compartment(5.0, 20.0, 3.0, 40.0));
    Absorption a;
    a.ka_per_h = 1.0;
    model.set_absorption(Route::Oral, a);
    model.set_absorption(Route::Intramuscular, a);
    model.set_transit(Route::Oral, {1, 2.0});
    model.set_metabolite({0.4, 2.0, 10.0, 0.0, 0.0});
    // 1 central, 2-5 depots, 6 peripheral1, 7-8 transit_oral, 9 metabolite_central.
    const std::vector<DoseEvent> dose{DoseEvent::bolus(0.0, 10.0, Route::Oral)};
    auto refused = [&](int number, const std::string& name) {
        std::vector<DoseEvent> events = dose;
        events.push_back(turn_off(number, 1.0));
        CHECK_THAT(error_of(model, events),
                   Contains("events[1].compartment = -" + std::to_string(number) +
                            ": turning compartment " + std::to_string(number) + " (" + name +
                            ") off is not supported: pkengine keeps a compartment that receives "
                            "drug from another on"));
    };
    refused(1, "central");
    refused(4, "depot_oral");  // its transit chain feeds it
    refused(6, "peripheral1");
    refused(8, "transit_oral_1");
    refused(9, "metabolite_central");
    CHECK_THAT(error_of(model, {turn_off(12, 1.0)}),
               Contains("events[0].compartment = -12: the model has no compartment 12 to turn off "
                        "(its compartments: 1 central, 2 depot_im"));
    // The IM depot (no chain) and the first transit compartment can be emptied.
    CHECK(error_of(model, {turn_off(2, 1.0), turn_off(7, 1.0)}) == "no error");

    DoseEvent observation;
    observation.kind = EventKind::Observation;
    observation.compartment = -1;
    CHECK_THAT(error_of(model, {observation}),
               Contains("events[0].compartment = -1: a negative CMT on an observation record "
                        "turns NONMEM's output compartment off, and pkengine numbers no output "
                        "compartment (to empty a depot, give an other-type record, EVID 2, with "
                        "this CMT)"));
    DoseEvent reset = turn_off(2, 1.0);
    reset.kind = EventKind::Reset;
    CHECK_THAT(error_of(model, {reset}), Contains("events[0].compartment = -2: must be >= 1"));
}

TEST_CASE("datasets: a negative CMT on EVID 2 empties the depot, on EVID 0 it is refused",
          "[turn_off][cmt][dataset]") {
    const Model a2 = Model::advan(2, {{"CL", kCl}, {"V", kV}, {"KA", kKa}});  // 1 depot, 2 central
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,1.5,0,-1,2\n1,1.5,.,2,0\n1,6,.,2,0\n", "nm.csv");
    const SubjectResult r = simulate_dataset(a2, data)[0];
    const double absorbed = 100.0 * kKa / (kKa - kK) * (std::exp(-kK * 1.5) - std::exp(-kKa * 1.5));
    const Eigen::Index last = r.concentration_mg_per_l.size() - 1;
    CHECK(rel_diff(r.concentration_mg_per_l[last], absorbed * std::exp(-kK * 4.5) / kV) < 1e-10);
    CHECK(std::abs(r.amounts_mg.row(last).sum() - 100.0) < 1e-12 * 100.0);

    auto error_of_text = [&](const std::string& text) {
        try {
            simulate_dataset(a2, Dataset::parse_csv(text, "nm.csv"));
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,2,.,-2,0\n"),
               Contains("nm.csv:3: CMT = '-2': a negative CMT on an observation record turns "
                        "NONMEM's output compartment off"));
    CHECK_THAT(error_of_text("ID,TIME,AMT,CMT,EVID\n1,0,100,1,1\n1,2,0,-2,2\n"),
               Contains("nm.csv:3: CMT = -2: turning compartment 2 (central) off is not "
                        "supported"));
}

TEST_CASE("emptying the oral depot empties the presystemic copy of the oral chain with it",
          "[turn_off][cmt][metabolite]") {
    const double dose = 100.0, te = 1.0;
    Model model(Disposition::one_compartment(kCl, kV));
    Absorption oral;
    oral.f = Bioavailability::exactly(0.7);
    oral.ka_per_h = kKa;
    model.set_absorption(Route::Oral, oral);
    Metabolite m{0.5, 2.0, 10.0, 0.0, 0.0};
    m.presystemic[static_cast<std::size_t>(absorbed_index(Route::Oral))] = 0.2;
    model.set_metabolite(m);
    const std::vector<double> t{0.5, te, 6.0};
    const std::vector<DoseEvent> dosed{DoseEvent::bolus(0.0, dose, Route::Oral)};
    std::vector<DoseEvent> emptied = dosed;
    emptied.push_back(turn_off(4, te));
    const Result before = simulate(model, dosed, OutputTimes::at(t));
    const Result r = simulate(model, emptied, OutputTimes::at(t));
    // At te both depots held what had not been absorbed: e^{-ka te} of 0.7 and of 0.2 dose.
    CHECK(rel_diff(amount(r, 1, "discarded"),
                   amount(before, 1, "depot_oral") + amount(before, 1, "presystemic_depot_oral")) <
          1e-12);
    CHECK(rel_diff(amount(r, 1, "discarded"), 0.9 * dose * std::exp(-kKa * te)) < 1e-12);
    CHECK(amount(r, 2, "depot_oral") == 0.0);
    CHECK(amount(r, 2, "presystemic_depot_oral") == 0.0);
    for (Eigen::Index row = 0; row < 3; ++row) {
        CHECK(std::abs(r.amounts_mg.row(row).sum() - 0.9 * dose) < 1e-12 * dose);
    }
}
