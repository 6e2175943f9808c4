// NONMEM-format datasets: reading, the error of each kind of malformed record (naming file, line
// and column), record order at one time, parameters changing within an ID, and the round trip
// through the writer.
//
// Tolerances: 1e-10 relative against closed forms (as in the reference suite: the exact path is
// good to a few ulps per step). The round trip compares two exact runs whose steps are split
// differently (the dataset also reports at dose records): 1e-12 relative.
#include <catch2/catch.hpp>
#include <cmath>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::rel_diff;

namespace {

constexpr double kTol = 1e-10;

std::string errors_of(const std::string& text) {
    try {
        Dataset::parse_csv(text, "doses.csv");
    } catch (const InvalidInput& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a dataset is read with its IDs and covariates and parameter columns", "[dataset]") {
    const Dataset data = Dataset::parse_csv(
        "# comment line\n"
        "ID,TIME,AMT,CMT,RATE,EVID,II,ADDL,SS,DV,WT,CL\n"
        "1,0,100,1,0,1,12,2,0,.,70,\n"
        "1,1.5,0,.,0,0,0,0,0,2.5,70,\n"
        "2,0,50,4,0,1,0,0,0,.,82.5,4.5\r\n"
        "\n"
        "2,4,0,1,0,0,0,0,0,NA,82.5,\n",
        "doses.csv");
    REQUIRE(data.subjects().size() == 2);
    CHECK(data.subjects()[0].id == "1");
    REQUIRE(data.subjects()[1].records.size() == 2);
    CHECK(data.covariate_names() == std::vector<std::string>{"WT"});
    REQUIRE(data.parameter_columns().size() == 1);
    CHECK(data.parameter_columns()[0].kind == ParameterKind::Cl);
    const DatasetRecord& first = data.subjects()[0].records[0];
    CHECK(first.line == 3);
    CHECK(first.event.additional == 2);
    CHECK(first.event.route == Route::IvBolus);
    CHECK(std::isnan(first.parameters[0]));
    CHECK(data.subjects()[0].records[1].dv == 2.5);
    CHECK(data.subjects()[0].records[1].event.kind == EventKind::Observation);
    const DatasetRecord& oral = data.subjects()[1].records[0];
    CHECK(oral.event.route == Route::Oral);
    CHECK(oral.line == 5);
    CHECK(oral.covariates[0] == 82.5);
    CHECK(oral.parameters[0] == 4.5);
    CHECK(std::isnan(data.subjects()[1].records[1].dv));
}

TEST_CASE("malformed datasets name the file line and column", "[dataset][validation]") {
    const std::string header = "ID,TIME,AMT,CMT,RATE,DUR,EVID,II,ADDL,SS\n";
    const std::string good = "1,0,100,1,0,0,1,0,0,0\n";
    CHECK_THAT(errors_of(header + good + "1,1,0,1,0,0,7,0,0,0\n"),
               Contains("doses.csv:3: EVID = '7': unknown EVID"));
    CHECK_THAT(errors_of(header + good + "1,1,-5,1,0,0,1,0,0,0\n"),
               Contains("doses.csv:3: AMT = '-5': must be >= 0"));
    CHECK_THAT(errors_of(header + good + "1,1,100,1,0,0,1,0,0,1\n"),
               Contains("doses.csv:3: SS = '1': SS needs II > 0"));
    CHECK_THAT(errors_of(header + good + "1,1,100,1,50,2,1,0,0,0\n"),
               Contains("doses.csv:3: DUR = '2': RATE and DUR are both set (RATE = 50)"));
    CHECK_THAT(errors_of(header + "1,5,100,1,0,0,1,0,0,0\n1,3,0,1,0,0,0,0,0,0\n"),
               Contains("doses.csv:3: TIME = '3': times must not decrease within ID 1 (line 2 "
                        "has TIME = 5)"));
    CHECK_THAT(errors_of("ID,AMT,CMT\n1,100,1\n"),
               Contains("doses.csv:1: TIME: missing required column"));
    CHECK_THAT(errors_of("ID,TIME,AMT\n1,0,100\n"),
               Contains("doses.csv:1: CMT: missing required column (CMT or ROUTE)"));
    CHECK_THAT(errors_of(header + good + "1,1,abc,1,0,0,1,0,0,0\n"),
               Contains("doses.csv:3: AMT = 'abc': not a number"));
    CHECK_THAT(errors_of(header + good + "1,1,100,0,0,0,1,0,0,0\n"),
               Contains("doses.csv:3: CMT = '0': a dose needs a compartment number >= 1"));
    CHECK_THAT(errors_of(header + good + "1,1,100,1,0,0,1,0,2,0\n"),
               Contains("doses.csv:3: ADDL = '2': additional doses need II > 0"));
    CHECK_THAT(errors_of(header + good + "1,1,100,1,0,0,0,0,0,0\n"),
               Contains("doses.csv:3: AMT = '100': an EVID 0 record carries no dose items"));
    CHECK_THAT(errors_of(header + good + "2,0,1,1,0,0,1,0,0,0\n1,2,1,1,0,0,1,0,0,0\n"),
               Contains("doses.csv:4: ID = '1': the records of an ID must be contiguous"));
    CHECK_THAT(errors_of(header + good + "1,1,100,1\n"), Contains("doses.csv:3: record"));
    CHECK_THAT(errors_of("ID,TIME,AMT,CMT,KA_RECTAL\n"), Contains("KA_RECTAL"));

    SECTION("every error of the file is reported, and nothing is returned") {
        const std::string report =
            errors_of(header + good + "1,1,-5,1,0,0,1,0,0,0\n" + "2,0,100,1,0,0,9,0,0,0\n");
        CHECK_THAT(report, Contains("2 error(s) in doses.csv (nothing was simulated)"));
        CHECK_THAT(report, Contains("doses.csv:3: AMT") && Contains("doses.csv:4: EVID"));
    }
}

TEST_CASE("model-dependent errors are found for every ID before any is simulated",
          "[dataset][validation]") {
    const Model model(Disposition::one_compartment(5.0, 50.0));
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,RATE,Q3\n"
        "1,0,100,1,0,.\n"
        "2,0,100,4,0,.\n",
        "doses.csv");
    REQUIRE_NOTHROW(check_subject(model, data, 0));
    REQUIRE_THROWS_WITH(simulate_dataset(model, data),
                        Contains("doses.csv:3: CMT = 4: the model has no absorption parameters "
                                 "for the oral route"));
    const Dataset modelled = Dataset::parse_csv("ID,TIME,AMT,CMT,RATE\n1,0,100,1,-1\n", "m.csv");
    REQUIRE_THROWS_WITH(simulate_dataset(model, modelled),
                        Contains("m.csv:2: RATE = -1: compartment 1 has no modelled rate"));
    const Dataset q3 = Dataset::parse_csv("ID,TIME,AMT,CMT,Q3\n1,0,100,1,5\n", "q.csv");
    REQUIRE_THROWS_WITH(simulate_dataset(model, q3),
                        Contains("q.csv:2: Q3 = 5: the model has 1 compartment(s)"));
}

TEST_CASE("records at one time apply in record order", "[dataset][records]") {
    const double cl = 5.0, v = 50.0, k = cl / v, dose = 100.0;
    const Model model(Disposition::one_compartment(cl, v));
    DoseEvent observation;
    observation.time_h = 12.0;
    observation.kind = EventKind::Observation;
    const DoseEvent first = DoseEvent::bolus(0.0, dose);
    const DoseEvent second = DoseEvent::bolus(12.0, dose);
    const double trough = dose / v * std::exp(-k * 12.0);
    // Observation before the dose: the trough; after it: trough + D / V.
    const Result before = simulate_records(model, {first, observation, second});
    const Result after = simulate_records(model, {first, second, observation});
    CHECK(rel_diff(before.concentration_mg_per_l[1], trough) < kTol);
    CHECK(rel_diff(after.concentration_mg_per_l[2], trough + dose / v) < kTol);
    // A dose record itself reports the state after its dose.
    CHECK(rel_diff(before.concentration_mg_per_l[2], trough + dose / v) < kTol);
    CHECK(rel_diff(before.concentration_mg_per_l[0], dose / v) < kTol);

    SECTION("the same from a dataset, with an SS record") {
        const Dataset data = Dataset::parse_csv(
            "ID,TIME,AMT,CMT,EVID,II,SS\n"
            "1,24,0,1,0,0,0\n"
            "1,24,100,1,1,12,1\n"
            "1,24,0,1,0,0,0\n",
            "ss.csv");
        const SubjectResult r = simulate_subject(model, data, 0);
        CHECK(r.concentration_mg_per_l[0] == 0.0);  // before the SS record: nothing yet
        const double peak = dose / v / (1.0 - std::exp(-k * 12.0));
        CHECK(rel_diff(r.concentration_mg_per_l[1], peak) < kTol);
        CHECK(rel_diff(r.concentration_mg_per_l[2], peak) < kTol);
        CHECK(r.evid == std::vector<int>{0, 1, 0});
        CHECK(r.line == std::vector<long>{2, 3, 4});
    }
}

TEST_CASE("parameter columns change the model from their record on", "[dataset][records]") {
    const double dose = 100.0, cl1 = 5.0, cl2 = 10.0, v1 = 50.0, v1_new = 25.0;
    const Model model(Disposition::one_compartment(cl1, v1));
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT,EVID,CL,V1,WT\n"
        "1,0,100,1,1,.,.,70\n"
        "1,4,0,1,0,.,.,70\n"
        "1,10,0,1,2,10,.,71\n"
        "1,16,0,1,0,.,.,71\n"
        "1,20,0,1,2,.,25,72\n"
        "1,22,0,1,0,.,.,72\n",
        "p.csv");
    DatasetOptions options;
    options.grid_step_h = 5.0;
    const SubjectResult r = simulate_subject(model, data, 0, options);
    auto row_at = [&](double t, int evid) {
        for (std::size_t i = 0; i < r.times_h.size(); ++i) {
            if (r.times_h[i] == t && r.evid[i] == evid) return static_cast<Eigen::Index>(i);
        }
        FAIL("no row at t = " << t);
        return Eigen::Index{0};
    };
    // The amount is continuous across each change; the rate constant and the volume change.
    const double a10 = dose * std::exp(-cl1 / v1 * 10.0);
    const double a20 = a10 * std::exp(-cl2 / v1 * 10.0);
    CHECK(rel_diff(r.concentration_mg_per_l[row_at(4.0, 0)],
                   dose / v1 * std::exp(-cl1 / v1 * 4.0)) < kTol);
    CHECK(rel_diff(r.concentration_mg_per_l[row_at(16.0, 0)],
                   a10 * std::exp(-cl2 / v1 * 6.0) / v1) < kTol);
    CHECK(rel_diff(r.concentration_mg_per_l[row_at(20.0, 2)], a20 / v1_new) < kTol);
    CHECK(rel_diff(r.concentration_mg_per_l[row_at(22.0, 0)],
                   a20 * std::exp(-cl2 / v1_new * 2.0) / v1_new) < kTol);
    // Grid rows (every 5 h) carry the covariates of the last record at or before them.
    CHECK(r.covariates(row_at(15.0, 2), 0) == 71.0);
    CHECK(r.covariates(row_at(20.0, 2), 0) == 72.0);
    CHECK(r.line[static_cast<std::size_t>(row_at(15.0, 2))] == 0);
}

TEST_CASE("a regimen written as a dataset reads back into the same simulation", "[dataset]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.1, 0.0});
    model.set_absorption(Route::Oral, {Bioavailability::range(0.2, 0.1, 0.3), 0.9, 0.5, 0.0});
    model.set_modelled_infusion(Route::IvInfusion, {0.0, 0.75});
    DoseEvent ss_oral = DoseEvent::bolus(0.0, 150.0, Route::Oral);
    ss_oral.interval_h = 12.0;
    ss_oral.additional = 3;
    ss_oral.steady_state = SteadyState::Reset;
    DoseEvent modelled = DoseEvent::bolus(30.0, 20.0, Route::IvInfusion);
    modelled.rate_source = RateSource::ModelledDuration;
    DoseEvent reset;
    reset.time_h = 70.0;
    reset.kind = EventKind::Reset;
    const std::vector<DoseEvent> events{ss_oral,
                                        DoseEvent::bolus(5.0 / 3.0, 35.0, Route::Intramuscular),
                                        DoseEvent::infusion(20.0, 40.0, 2.0 / 3.0),
                                        DoseEvent::infusion_at_rate(24.0, 10.0, 7.0),
                                        modelled,
                                        reset,
                                        DoseEvent::bolus(72.0, 1.0 / 3.0)};
    const std::vector<double> obs{0.0, 0.1, 1.0 / 3.0, 12.0, 20.0, 24.0, 30.5, 69.0, 71.0, 80.0};
    const std::string text = to_nonmem_csv({{"7", events, obs, {{"WT", 70.0}}}});
    const Dataset data = Dataset::parse_csv(text, "roundtrip.csv");
    REQUIRE(data.subjects().size() == 1);
    std::vector<DoseEvent> back;
    for (const DatasetRecord& r : data.subjects()[0].records) {
        if (r.event.kind != EventKind::Observation) back.push_back(r.event);
    }
    REQUIRE(back.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(back[i].time_h == events[i].time_h);  // numbers are written to read back exactly
        CHECK(back[i].amount_mg == events[i].amount_mg);
        CHECK(back[i].route == events[i].route);
        CHECK(back[i].rate_mg_per_h == events[i].rate_mg_per_h);
        CHECK(back[i].duration_h == events[i].duration_h);
        CHECK(back[i].rate_source == events[i].rate_source);
        CHECK(back[i].steady_state == events[i].steady_state);
        CHECK(back[i].kind == events[i].kind);
    }
    const Result direct = simulate(model, events, OutputTimes::at(obs));
    const SubjectResult read = simulate_subject(model, data, 0);
    std::size_t k = 0;
    for (std::size_t i = 0; i < read.times_h.size(); ++i) {
        if (read.evid[i] != 0) continue;
        CAPTURE(read.times_h[i]);
        const double expected = direct.concentration_mg_per_l[static_cast<Eigen::Index>(k++)];
        const double got = read.concentration_mg_per_l[static_cast<Eigen::Index>(i)];
        CHECK(std::abs(got - expected) <= 1e-12 * std::abs(expected));
    }
    CHECK(k == obs.size());
    CHECK(read.covariates(0, 0) == 70.0);
}

TEST_CASE("the CMT table maps numbers to routes", "[dataset]") {
    CHECK(cmt_table().size() == 5);
    CHECK(route_for_cmt(1, false, "CMT") == Route::IvBolus);
    CHECK(route_for_cmt(1, true, "CMT") == Route::IvInfusion);
    CHECK(route_for_cmt(4, false, "CMT") == Route::Oral);
    for (const CmtEntry& entry : cmt_table()) {
        CHECK(cmt_for_route(route_for_cmt(entry.cmt, entry.cmt == 1, "CMT")) == entry.cmt);
    }
    REQUIRE_THROWS_WITH(route_for_cmt(0, false, "CMT"), Contains("CMT = 0: unknown CMT"));
    const auto ka = parse_parameter_column("ka_po");
    REQUIRE(ka);
    CHECK(ka->kind == ParameterKind::Ka);
    CHECK(ka->route == Route::Oral);
    CHECK(parse_parameter_column("R_IV")->route == Route::IvInfusion);
    CHECK_FALSE(parse_parameter_column("WT"));
    REQUIRE_THROWS_WITH(parse_parameter_column("F_IV"), Contains("IV routes have no absorption"));
}

TEST_CASE("a subject's result carries the metabolite's concentration", "[dataset][metabolite]") {
    // 100 mg IV bolus, CL 5 L/h, V 50 L (k 0.1 /h); fm 0.5 into a metabolite with CL 10 L/h,
    // V 40 L (km 0.25 /h): Cm(t) = fm D k / (km - k) (e^-kt - e^-km t) / Vm.
    const Dataset data =
        Dataset::parse_csv("ID,TIME,EVID,AMT,CMT\n1,0,1,100,1\n1,2,0,0,1\n1,6,0,0,1\n", "m.csv");
    Model model(Disposition::one_compartment(5.0, 50.0));
    const SubjectResult plain = simulate_subject(model, data, 0);
    CHECK(plain.metabolite_concentration_mg_per_l.size() == 0);
    model.set_metabolite({0.5, 10.0, 40.0, 0.0, 0.0});
    const SubjectResult r = simulate_subject(model, data, 0);
    REQUIRE(r.metabolite_concentration_mg_per_l.size() == 3);
    for (int row : {1, 2}) {
        const double t = r.times_h[static_cast<std::size_t>(row)];
        const double closed =
            0.5 * 100.0 * 0.1 / 0.15 * (std::exp(-0.1 * t) - std::exp(-0.25 * t)) / 40.0;
        CHECK(rel_diff(r.metabolite_concentration_mg_per_l[row], closed) < kTol);
    }
}
