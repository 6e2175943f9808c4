// Doses into any compartment (NONMEM's CMT with F<n>, ALAG<n>, R<n>, D<n>) and NONMEM's library
// models (ADVAN1, 2, 3, 4, 11, 12), against closed forms, the route-named models they equal,
// mass balance and superposition.
//
// Tolerances: 1e-10 relative for closed forms (the exact path is good to a few ulps per step;
// a missing F, lag or wrong target is 1e-2 or larger); 1e-12 relative to the dose for two
// models with the same matrix, where only the state order differs; 1e-6 relative between the
// exact and the ODE path (rtol 1e-10, atol 1e-12 mg: the ODE error is well below that).
#include <catch2/catch.hpp>
#include <map>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::bateman;
using testing::one_cmt_bolus;
using testing::rel_diff;
using testing::tight_ode;
using testing::uniform_times;

namespace {

constexpr double kTol = 1e-10;

double conc(const Result& r, std::size_t i) {
    return r.concentration_mg_per_l[static_cast<Eigen::Index>(i)];
}

}  // namespace

TEST_CASE("library models number their compartments as NONMEM does", "[advan]") {
    const Model a2 = Model::advan(2, {{"CL", 1.1}, {"V", 20.0}, {"KA", 1.5}});
    CHECK(a2.advan() == 2);
    const std::vector<Compartment> c2 = a2.compartments();
    REQUIRE(c2.size() == 2);
    CHECK(c2[0].name == "depot_oral");
    CHECK(c2[1].name == "central");
    CHECK(a2.parameter("cl") == 1.1);
    CHECK(a2.parameter("KA") == 1.5);
    CHECK(a2.parameter_names() == std::vector<std::string>{"CL", "V", "KA"});

    const Model a12 = Model::advan(12, {{"CL", 3.0},
                                        {"V2", 20.0},
                                        {"Q3", 2.0},
                                        {"V3", 30.0},
                                        {"Q4", 1.0},
                                        {"V4", 50.0},
                                        {"KA", 0.8}});
    std::vector<std::string> names;
    for (const Compartment& c : a12.compartments()) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"depot_oral", "central", "peripheral1", "peripheral2"});
    CHECK(a12.disposition().v1() == 20.0);
    CHECK(a12.disposition().q3() == 1.0);
    CHECK(a12.disposition().v3() == 50.0);

    const Model a11 = Model::advan(
        11, {{"CL", 3.0}, {"V1", 20.0}, {"Q2", 2.0}, {"V2", 30.0}, {"Q3", 1.0}, {"V3", 50.0}});
    CHECK(a11.compartments()[2].name == "peripheral2");

    // Route-named models: 1 central, 2-5 the depots, then the peripherals.
    const Model routes(Disposition::two_compartment(5.0, 20.0, 3.0, 40.0));
    CHECK(routes.compartments().size() == 6);
    CHECK(routes.compartment(4).name == "depot_oral");
    CHECK(routes.compartment(6).name == "peripheral1");

    CHECK_THROWS_WITH(Model::advan(6, {}), Contains("ADVAN1, 2, 3, 4, 5, 7, 11, 12"));
    CHECK_THROWS_WITH(Model::advan(2, {{"CL", 1.1}, {"V", 20.0}}),
                      Contains("ADVAN2: parameter KA is missing"));
    CHECK_THROWS_WITH(Model::advan(2, {{"CL", 1.1}, {"V", 20.0}, {"KA", 1.5}, {"V2", 3.0}}),
                      Contains("ADVAN2 has no parameter V2 (its parameters: CL, V, KA)"));
    CHECK_THROWS_WITH(Model::advan(1, {{"CL", -1.0}, {"V", 20.0}}), Contains("CL = -1"));
    CHECK_THROWS_WITH(routes.compartment(7), Contains("the model has no compartment 7"));
}

TEST_CASE("ADVAN2: a bolus into the depot is the Bateman function, F1 and ALAG1 apply",
          "[advan][reference]") {
    const double cl = 1.1, v = 20.0, ka = 1.5, k = cl / v, dose = 100.0;
    Model model = Model::advan(2, {{"CL", cl}, {"V", v}, {"KA", ka}});
    model.set_compartment_dosing(1, {0.6, 0.75, {}});
    const std::vector<double> t = uniform_times(48.0, 0.25);
    const Result r = simulate(model, {DoseEvent::into(1, 0.0, dose)}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(rel_diff(conc(r, i), bateman(dose, 0.6, ka, k, v, 0.75, t[i])) < kTol);
    }
}

TEST_CASE("F and lag on IV doses: F2 and ALAG2 of ADVAN2, F1 and ALAG1 of a route model",
          "[advan][reference]") {
    const double cl = 1.1, v = 20.0, k = cl / v, dose = 100.0;
    Model a2 = Model::advan(2, {{"CL", cl}, {"V", v}, {"KA", 1.5}});
    a2.set_compartment_dosing(2, {0.4, 2.5, {}});
    Model routes(Disposition::one_compartment(cl, v));
    routes.set_compartment_dosing(1, {0.4, 2.5, {}});
    const std::vector<double> t = uniform_times(30.0, 0.5);
    const Result r2 = simulate(a2, {DoseEvent::into(2, 1.0, dose)}, OutputTimes::at(t));
    // By route, as before: an IV bolus takes the central compartment's F and lag.
    const Result r1 = simulate(routes, {DoseEvent::bolus(1.0, dose)}, OutputTimes::at(t));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double expected = one_cmt_bolus(0.4 * dose, v, k, t[i] - 3.5);
        CHECK(rel_diff(conc(r2, i), expected) < kTol);
        CHECK(rel_diff(conc(r1, i), expected) < kTol);
    }
}

TEST_CASE("a zero-order input into the depot: RATE, DUR, R1 and D1", "[advan][reference]") {
    const double cl = 1.1, v = 20.0, ka = 1.5, k = cl / v;
    Model model = Model::advan(2, {{"CL", cl}, {"V", v}, {"KA", ka}});
    // Rate 25 mg/h of 100 mg with F1 = 0.5: 50 mg over 2 h (F changes the duration).
    model.set_compartment_dosing(1, {0.5, 0.0, {25.0, 4.0}});
    DoseEvent by_rate = DoseEvent::into(1, 0.0, 100.0);
    by_rate.rate_source = RateSource::ModelledRate;
    DoseEvent given = DoseEvent::into(1, 0.0, 100.0);
    given.rate_mg_per_h = 25.0;
    DoseEvent by_duration = DoseEvent::into(1, 0.0, 100.0);
    by_duration.rate_source = RateSource::ModelledDuration;  // 50 mg over 4 h
    const std::vector<double> t = uniform_times(24.0, 0.25);
    const Result r1 = simulate(model, {by_rate}, OutputTimes::at(t));
    const Result r2 = simulate(model, {given}, OutputTimes::at(t));
    const Result r3 = simulate(model, {by_duration}, OutputTimes::at(t));
    // Central amount of a zero-order input R over T into a depot: the convolution of the
    // Bateman function, R ka/(ka-k) [(1-e^{-k s})/k - (1-e^{-ka s})/ka] while it runs.
    auto central = [&](double rate, double duration, double s) {
        auto rising = [&](double x) {
            if (x <= 0.0) return 0.0;
            return rate * ka / (ka - k) *
                   ((1.0 - std::exp(-k * x)) / k - (1.0 - std::exp(-ka * x)) / ka);
        };
        return (rising(s) - rising(s - duration)) / v;
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        CHECK(rel_diff(conc(r1, i), central(25.0, 2.0, t[i])) < kTol);
        CHECK(rel_diff(conc(r2, i), central(25.0, 2.0, t[i])) < kTol);
        CHECK(rel_diff(conc(r3, i), central(12.5, 4.0, t[i])) < kTol);
    }
}

TEST_CASE("library models equal the route-named models with the same parameters",
          "[advan][reference]") {
    // ADVAN4 (CL, V2, Q, V3, KA) is the two-compartment model with an oral depot; a dose into
    // CMT 1 is an oral dose, into CMT 2 an IV dose, into CMT 3 a dose into the peripheral.
    const Model a4 =
        Model::advan(4, {{"CL", 3.0}, {"V2", 20.0}, {"Q", 2.0}, {"V3", 30.0}, {"KA", 0.8}});
    Model routes(Disposition::two_compartment(3.0, 20.0, 2.0, 30.0));
    routes.set_absorption(Route::Oral, Absorption{Bioavailability::exactly(1.0), 0.8, 0.0, 0.0});
    std::vector<DoseEvent> advan_events{DoseEvent::into(1, 0.0, 100.0),
                                        DoseEvent::into(2, 5.0, 50.0),
                                        DoseEvent::into(3, 9.0, 30.0)};
    advan_events[1].duration_h = 2.0;
    std::vector<DoseEvent> route_events{DoseEvent::bolus(0.0, 100.0, Route::Oral),
                                        DoseEvent::infusion(5.0, 50.0, 2.0),
                                        DoseEvent::into(6, 9.0, 30.0)};
    const std::vector<double> t = uniform_times(72.0, 0.5);
    const Result a = simulate(a4, advan_events, OutputTimes::at(t));
    const Result b = simulate(routes, route_events, OutputTimes::at(t));
    REQUIRE(a.state_names == b.state_names);
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (Eigen::Index s = 0; s < a.amounts_mg.cols(); ++s) {
            CHECK(std::abs(a.amounts_mg(static_cast<Eigen::Index>(i), s) -
                           b.amounts_mg(static_cast<Eigen::Index>(i), s)) < 1e-12 * 180.0);
        }
    }
}

TEST_CASE("doses into every compartment: mass balance, superposition, ODE path",
          "[advan][invariants]") {
    Model model = Model::advan(12, {{"CL", 3.0},
                                    {"V2", 20.0},
                                    {"Q3", 2.0},
                                    {"V3", 30.0},
                                    {"Q4", 1.0},
                                    {"V4", 50.0},
                                    {"KA", 0.8}});
    model.set_compartment_dosing(1, {0.7, 0.5, {}});
    model.set_compartment_dosing(2, {0.9, 0.25, {}});
    model.set_compartment_dosing(3, {0.8, 1.0, {10.0, 0.0}});
    model.set_compartment_dosing(4, {0.6, 0.0, {0.0, 3.0}});
    std::vector<DoseEvent> each{DoseEvent::into(1, 0.0, 100.0), DoseEvent::into(2, 2.0, 50.0),
                                DoseEvent::into(3, 4.0, 40.0), DoseEvent::into(4, 6.0, 30.0)};
    each[1].rate_mg_per_h = 20.0;
    each[2].rate_source = RateSource::ModelledRate;
    each[3].rate_source = RateSource::ModelledDuration;
    const double fraction[] = {0.7, 0.9, 0.8, 0.6};
    const std::vector<double> t = uniform_times(96.0, 0.5);
    const Result all = simulate(model, each, OutputTimes::at(t));
    const Result all_ode = simulate(model, each, OutputTimes::at(t), tight_ode());
    std::vector<Result> single;
    for (const DoseEvent& e : each) single.push_back(simulate(model, {e}, OutputTimes::at(t)));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        double given = 0.0;
        for (std::size_t d = 0; d < each.size(); ++d) {
            if (t[i] > each[d].time_h + 6.0) given += fraction[d] * each[d].amount_mg;
        }
        if (t[i] > 12.0) CHECK(std::abs(all.amounts_mg.row(row).sum() - given) < 1e-10 * given);
        double sum = 0.0;
        for (const Result& r : single) sum += conc(r, i);
        CHECK(std::abs(conc(all, i) - sum) <= 1e-12 * std::max(1.0, sum));
        CHECK(std::abs(conc(all_ode, i) - conc(all, i)) <=
              1e-6 * all.concentration_mg_per_l.maxCoeff());
    }
}

TEST_CASE("records the model cannot take name the record", "[advan][validation]") {
    const Model a2 = Model::advan(2, {{"CL", 1.1}, {"V", 20.0}, {"KA", 1.5}});
    CHECK_THROWS_WITH(simulate(a2, {DoseEvent::into(3, 0.0, 10.0)}, OutputTimes::at({1.0})),
                      Contains("events[0].compartment = 3: the model has no compartment 3 (its "
                               "compartments: 1 depot_oral, 2 central)"));
    const Model a3 = Model::advan(3, {{"CL", 1.0}, {"V1", 10.0}, {"Q", 2.0}, {"V2", 20.0}});
    DoseEvent modelled = DoseEvent::into(2, 0.0, 10.0);
    modelled.rate_source = RateSource::ModelledRate;
    CHECK_THROWS_WITH(simulate(a3, {modelled}, OutputTimes::at({1.0})),
                      Contains("events[0].rate_source = modelled rate (RATE = -1): compartment 2 "
                               "has no modelled rate"));
    DoseEvent negative = DoseEvent::into(1, 0.0, 10.0);
    negative.compartment = -1;
    CHECK_THROWS_WITH(simulate(a3, {negative}, OutputTimes::at({1.0})),
                      Contains("events[0].compartment = -1"));
    Model copy = a3;
    CHECK_THROWS_WITH(copy.set_parameter("KA", 1.0), Contains("ADVAN3 has no parameter KA"));
    CHECK_THROWS_WITH(copy.set_compartment_dosing(3, {}), Contains("no compartment 3"));
    Model routes(Disposition::one_compartment(1.0, 10.0));
    CHECK_THROWS_WITH(routes.set_compartment_dosing(4, {}),
                      Contains("no absorption parameters for the oral route"));
    CHECK_THROWS_WITH(routes.set_parameter("V", 3.0), Contains("route-named"));
}

TEST_CASE("datasets: CMT by the model's numbering, F<n> ALAG<n> R<n> D<n> columns",
          "[advan][dataset]") {
    const double cl = 1.1, v = 20.0, ka = 1.5, k = cl / v;
    const Model a2 = Model::advan(2, {{"CL", cl}, {"V", v}, {"KA", ka}});
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,EVID,F1,ALAG1,F2,ALAG2,V\n"
        "1,0,100,1,1,0.5,0.5,1,0,20\n"
        "1,4,.,2,0,.,.,.,.,.\n"
        "2,0,100,2,1,1,0,0.25,1.5,40\n"
        "2,4,.,2,0,.,.,.,.,.\n",
        "nm.csv");
    const std::vector<SubjectResult> r = simulate_dataset(a2, data);
    CHECK(rel_diff(r[0].concentration_mg_per_l[1], bateman(100.0, 0.5, ka, k, v, 0.5, 4.0)) < kTol);
    CHECK(rel_diff(r[1].concentration_mg_per_l[1],
                   one_cmt_bolus(25.0, 40.0, cl / 40.0, 4.0 - 1.5)) < kTol);

    auto error_of = [](const Model& model, const std::string& text) {
        try {
            simulate_dataset(model, Dataset::parse_csv(text, "nm.csv"));
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of(a2, "ID,TIME,AMT,CMT\n1,0,100,3\n"),
               Contains("nm.csv:2: CMT = 3: the model has no compartment 3 (its compartments: 1 "
                        "depot_oral, 2 central)"));
    CHECK_THAT(error_of(a2, "ID,TIME,AMT,CMT,V2\n1,0,100,1,3\n"),
               Contains("nm.csv:2: V2 = 3: ADVAN2 has no parameter V2"));
    CHECK_THAT(error_of(a2, "ID,TIME,AMT,CMT,F1,F_ORAL\n1,0,100,1,0.5,0.5\n"),
               Contains("nm.csv: columns F1 and F_ORAL both set the F of compartment 1 "
                        "(depot_oral)"));
    const Model routes(Disposition::one_compartment(cl, v));
    CHECK_THAT(error_of(routes, "ID,TIME,AMT,CMT,KA\n1,0,100,1,3\n"),
               Contains("nm.csv:2: KA = 3: not a parameter of this model (a route-named model"));
    CHECK_THAT(error_of(routes, "ID,TIME,AMT,CMT\n1,0,100,9\n"),
               Contains("nm.csv:2: CMT = 9: the model has no compartment 9"));
    CHECK_THAT(error_of(a2, "ID,TIME,AMT,CMT,RATE\n1,0,100,2,-1\n"),
               Contains("nm.csv:2: RATE = -1: compartment 2 has no modelled rate"));
    // R2: a modelled rate into the central compartment (an IV infusion).
    const Dataset modelled = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,RATE,R2\n1,0,100,2,-1,50\n1,1,.,2,.,.\n1,2,.,2,.,.\n", "nm.csv");
    const SubjectResult m = simulate_dataset(a2, modelled)[0];
    CHECK(rel_diff(m.concentration_mg_per_l[2], testing::one_cmt_infusion(50.0, 2.0, cl, v, 2.0)) <
          kTol);
}

TEST_CASE("cmt_table(model) lists the model's numbering", "[advan][dataset]") {
    const Model a4 =
        Model::advan(4, {{"CL", 3.0}, {"V2", 20.0}, {"Q", 2.0}, {"V3", 30.0}, {"KA", 0.8}});
    const std::vector<CmtEntry> table = cmt_table(a4);
    REQUIRE(table.size() == 3);
    CHECK(table[0].compartment == "depot_oral");
    CHECK(table[1].routes == "iv_bolus (no RATE, no DUR); iv_infusion (RATE or DUR given)");
    CHECK(table[2].compartment == "peripheral1");
}

TEST_CASE("route-named models: F1 and ALAG1 on IV doses, CMT 6 doses the peripheral",
          "[advan][dataset]") {
    const Model model(Disposition::two_compartment(5.0, 20.0, 3.0, 40.0));
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,F1,ALAG1\n1,0,100,1,0.5,1\n1,2,50,6,.,.\n1,3,.,1,.,.\n1,12,.,1,.,.\n",
        "routes.csv");
    const SubjectResult r = simulate_dataset(model, data)[0];
    Model same = model;
    same.set_compartment_dosing(1, {0.5, 1.0, {}});
    const Result expected =
        simulate(same, {DoseEvent::bolus(0.0, 100.0), DoseEvent::into(6, 2.0, 50.0)},
                 OutputTimes::at({0.0, 2.0, 3.0, 12.0}));
    for (Eigen::Index i = 0; i < 4; ++i) {
        CHECK(rel_diff(r.concentration_mg_per_l[i], expected.concentration_mg_per_l[i]) < kTol);
    }
    // Mass: 50 mg of F1 0.5 x 100 mg and the 50 mg into the peripheral, nothing before the lag.
    CHECK(r.amounts_mg.row(0).sum() == 0.0);
    CHECK(std::abs(r.amounts_mg.row(3).sum() - 100.0) < 1e-12 * 100.0);
}
