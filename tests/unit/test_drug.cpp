// Loading the shipped ketamine file: contents, models at a weight with route alternatives,
// protocols as regimens, bands, and finding drug files by name.
#include <cstdlib>
#include <limits>

#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::ketamine;

TEST_CASE("the ketamine file loads with everything it declares", "[drug]") {
    const Drug& drug = ketamine();
    CHECK(drug.name() == "ketamine");
    CHECK(drug.default_model() == "domino1984");
    CHECK(drug.models().size() == 7);
    CHECK(drug.routes().size() == 6);
    CHECK(drug.route_alternatives().size() == 12);
    CHECK(drug.protocols().size() == 8);
    CHECK(drug.bands().size() == 10);
    CHECK(drug.references().size() == 54);
    CHECK(drug.observations().size() == 26);
    CHECK(drug.analyte() == "racemic_ketamine");
    CHECK(drug.integration_window_h() == 48.0);
    CHECK(drug.default_dose_basis() == DoseBasis::Unknown);
    CHECK(drug.molar_mass_base().value() == 237.73);
    CHECK(drug.models().front().id == "domino1984");  // file order is kept
    CHECK(drug.reference("domino1984").status == "S");
    CHECK(drug.model_spec().weight_scaling == WeightScaling::PerKg);
}

TEST_CASE("routes carry the file's bioavailability, lag and ka source", "[drug]") {
    const Drug& drug = ketamine();
    const DrugRoute& nasal = drug.route(Route::Intranasal);
    CHECK(nasal.f.nominal == 0.13);
    CHECK(nasal.f.low == 0.11);
    CHECK(nasal.f.high == 0.50);
    CHECK(nasal.ka->method == KaMethod::Fitted);
    CHECK(nasal.ka->fitted_to ==
          std::vector<std::string>{"singh2022_in_10mg", "singh2022_in_30mg", "singh2022_in_50mg"});
    CHECK(nasal.transit.has_value());
    CHECK(nasal.fraction_swallowed == 0.0);
    CHECK(!drug.route(Route::IvBolus).ka);
    CHECK(drug.route(Route::Oral).f_refs.size() == 4);
    CHECK(drug.route(Route::Sublingual).f.low == 0.20);
    CHECK(drug.route(Route::Sublingual).f.high == 0.40);
    // IM keeps a ka derived from an input Tmax: no adult IM observation to fit it to.
    CHECK(drug.route(Route::Intramuscular).ka->method == KaMethod::FromTmax);
    CHECK(!drug.route(Route::Intramuscular).transit);

    const Model model = drug.model(70.0);
    CHECK(model.bioavailability(Route::Intramuscular).nominal == 0.93);
    CHECK(model.absorption(Route::Sublingual).f.nominal == 0.29);
    CHECK(model.absorption(Route::Oral).ka_per_h == drug.ka(Route::Oral));
    CHECK(model.has_route(Route::IvInfusion));
}

TEST_CASE("route alternatives replace F and ka of their route only", "[drug]") {
    const Drug& drug = ketamine();
    const Model model = drug.model(80.0, "", {"intranasal_yanagihara2003", "oral_chong2009"});
    const Absorption nasal = model.absorption(Route::Intranasal);
    CHECK(nasal.f.nominal == 0.45);
    CHECK(nasal.f.low == 0.45);
    CHECK(nasal.f.high == 0.45);
    // An alternative without a ka keeps the route's fitted absorption, transit chain included.
    CHECK(nasal.ka_per_h == drug.ka(Route::Intranasal));
    CHECK(model.transit(Route::Intranasal)->mtt_h == drug.route(Route::Intranasal).transit->mtt_h);
    CHECK(model.absorption(Route::Oral).f.nominal == 0.24);
    CHECK(model.absorption(Route::Oral).ka_per_h == drug.ka(Route::Oral));
    CHECK(model.absorption(Route::Intramuscular).f.nominal == 0.93);

    // An alternative with its own ka replaces the absorption shape: first order, no chain.
    const Model children = drug.model(20.0, "", {"intranasal_malinovsky1996_children"});
    CHECK(children.absorption(Route::Intranasal).f.nominal == 0.50);
    CHECK(children.absorption(Route::Intranasal).ka_per_h ==
          drug.ka(Route::Intranasal, "", "intranasal_malinovsky1996_children"));
    CHECK(!children.transit(Route::Intranasal));
    CHECK(children.transit(Route::Oral).has_value());

    REQUIRE_THROWS_WITH(drug.model(70.0, "", {"intranasal_singh2022", "intranasal_yanagihara2003"}),
                        Contains("alternatives[1] = 'intranasal_yanagihara2003'") &&
                            Contains("route intranasal already takes the alternative"));
    REQUIRE_THROWS_WITH(drug.model(70.0, "", {"rectal_x"}),
                        Contains("alternatives[0] = 'rectal_x': no such route alternative"));
    REQUIRE_THROWS_WITH(
        drug.model(70.0, "domino1985"),
        Contains("model = 'domino1985': no such model") && Contains("domino1984, clements1981"));
    REQUIRE_THROWS_WITH(drug.model(0.0), Contains("weight_kg = 0"));
    REQUIRE_THROWS_WITH(drug.model(501.0), Contains("weight_kg = 501"));
    REQUIRE_THROWS_WITH(drug.ka(Route::Oral, "", "intranasal_singh2022"),
                        Contains("an alternative of route intranasal, not of oral"));
}

TEST_CASE("protocols become regimens at any body weight", "[drug][protocol]") {
    const Drug& drug = ketamine();
    const Regimen kit = drug.protocol_regimen("kit_series_murrough2013", 70.0);
    REQUIRE(kit.size() == 6);
    const double days[] = {0, 2, 4, 7, 9, 11};
    for (std::size_t i = 0; i < 6; ++i) {
        const DoseEvent& e = kit.events()[i];
        CHECK(e.time_h == days[i] * 24.0);
        CHECK(e.amount_mg == Approx(35.0).epsilon(1e-15));
        CHECK(e.route == Route::IvInfusion);
        CHECK(e.duration_h == Approx(40.0 / 60.0).epsilon(1e-15));
    }
    CHECK(drug.protocol_regimen("kit_single_infusion", 52.0).events()[0].amount_mg ==
          Approx(26.0).epsilon(1e-15));
    CHECK(drug.protocol("kit_series_murrough2013").span_h() == 11.0 * 24.0);

    CHECK(drug.protocol("kit_series_murrough2013").enantiomer == "racemic");
    CHECK(drug.protocol("kit_series_murrough2013").model.empty());
    // A protocol runs with a model of its own enantiomer only.
    REQUIRE_THROWS_WITH(drug.protocol_model("kit_single_infusion", 70.0, "flint2017_s_ketamine"),
                        Contains("protocol 'kit_single_infusion' gives 'racemic' and model "
                                 "'flint2017_s_ketamine' is 'S'"));
    // The Spravato schedules are esketamine's (test_esketamine.cpp).
    REQUIRE_THROWS_WITH(drug.protocol("esketamine_induction_84mg"), Contains("no such protocol"));

    const Regimen lozenge = drug.protocol_regimen("kap_sublingual_400mg", 45.0);
    CHECK(lozenge.events()[0].amount_mg == 400.0);  // mg doses do not scale with weight
    CHECK(drug.protocol_regimen("anaesthesia_induction_iv", 70.0).events()[0].duration_h ==
          Approx(1.0 / 60.0).epsilon(1e-15));
    REQUIRE_THROWS_WITH(drug.protocol_regimen("kit", 70.0),
                        Contains("protocol = 'kit': no such protocol"));
    REQUIRE_THROWS_WITH(drug.protocol_regimen("kit_single_infusion", -3.0),
                        Contains("weight_kg = -3"));
}

TEST_CASE("bands are converted to mg/L", "[drug]") {
    const Drug& drug = ketamine();
    const Band& analgesia = drug.band("analgesia");
    CHECK(analgesia.shape == BandShape::Range);
    CHECK(analgesia.kind == BandKind::ObservedPeak);
    CHECK(analgesia.regimen == "IV 0.15 mg/kg and other analgesic doses");
    CHECK(*analgesia.low_mg_per_l == Approx(0.070).epsilon(1e-15));
    CHECK(*analgesia.high_mg_per_l == Approx(0.160).epsilon(1e-15));
    CHECK(analgesia.unit == "ng/mL");
    CHECK(analgesia.enantiomer == "racemic");
    const Band& threshold = drug.band("analgesia_threshold");
    CHECK(threshold.shape == BandShape::Above);
    CHECK(threshold.kind == BandKind::Threshold);
    CHECK(threshold.upper_mg_per_l() == std::numeric_limits<double>::infinity());
    const Band& peak = drug.band("antidepressant_peak");
    CHECK(peak.shape == BandShape::Level);
    CHECK(peak.kind == BandKind::ObservedPeak);
    const Band& awakening = drug.band("awakening");
    CHECK(awakening.kind == BandKind::Threshold);
    CHECK(*awakening.nominal_mg_per_l == Approx(0.640).epsilon(1e-15));
    CHECK(*awakening.spread_mg_per_l == Approx(0.214).epsilon(1e-15));
    CHECK(drug.band("bowdle1998_target_range").kind == BandKind::TargetRange);
    CHECK(*peak.nominal_mg_per_l == Approx(0.185).epsilon(1e-15));
    CHECK(!peak.has_extent());
    REQUIRE_THROWS_WITH(peak.lower_mg_per_l(), Contains("a level has no extent"));
}

TEST_CASE("drug files are found by name through PKENGINE_DRUG_PATH", "[drug]") {
    const std::string dir = std::string(PKENGINE_SOURCE_DIR) + "/engine/data/drugs";
#ifdef _WIN32
    _putenv_s("PKENGINE_DRUG_PATH", ("nonexistent;" + dir).c_str());
#else
    setenv("PKENGINE_DRUG_PATH", ("nonexistent:" + dir).c_str(), 1);
#endif
    const std::vector<std::string> path = drug_search_path();
    REQUIRE(path.size() == 3);
    CHECK(path[0] == "nonexistent");
    CHECK(path[1] == dir);
    CHECK(Drug::load("ketamine").name() == "ketamine");
    CHECK(available_drugs(path) == std::vector<std::string>{"esketamine", "ketamine"});
    REQUIRE_THROWS_WITH(Drug::load("propofol"),
                        Contains("drug = 'propofol': no drug file 'propofol.json'") &&
                            Contains("PKENGINE_DRUG_PATH"));
    CHECK(Drug::load(testing::ketamine_path()).models().size() == 7);
#ifdef _WIN32
    _putenv_s("PKENGINE_DRUG_PATH", "");
#else
    unsetenv("PKENGINE_DRUG_PATH");
#endif
}

TEST_CASE("the installation's drug directory follows set_installed_drug_dir", "[drug]") {
    const std::string before = drug_search_path().back();
    const std::string moved = std::string(PKENGINE_SOURCE_DIR) + "/engine/data/drugs";
    CHECK(set_installed_drug_dir(moved));
    CHECK(drug_search_path().back() == moved);
    CHECK(available_drugs({drug_search_path().back()}) ==
          std::vector<std::string>{"esketamine", "ketamine"});
    set_installed_drug_dir(before);
    CHECK(drug_search_path().back() == before);
}

TEST_CASE("the default ketamine model carries norketamine, scaled with weight",
          "[drug][metabolite]") {
    const Drug& drug = ketamine();
    const DrugModel& spec = drug.model_spec();
    REQUIRE(spec.metabolite);
    CHECK(spec.metabolite->name == "norketamine");
    CHECK(spec.metabolite->analyte == "racemic_norketamine");
    CHECK(spec.metabolite->molar_mass_ratio == 0.941);
    // Per-kg model: clearance and volume scale with weight, fractions do not.
    const Metabolite at80 = spec.metabolite_at(80.0);
    CHECK(at80.fm == 0.8);
    CHECK(at80.cl_l_per_h == Approx(0.5721 * 80.0).epsilon(1e-15));
    CHECK(at80.v_l == Approx(spec.metabolite->parameter("V").value * 80.0).epsilon(1e-15));
    CHECK(at80.presystemic_fraction(Route::Oral) > 0.5);  // most of a swallowed dose
    CHECK(at80.presystemic_fraction(Route::Intramuscular) == 0.0);
    const Model model = drug.model(80.0);
    REQUIRE(model.metabolite());
    CHECK(model.metabolite()->cl_l_per_h == at80.cl_l_per_h);
    // Norketamine exceeds ketamine after an oral dose (Chong 2006: 82 against 22.8 ng/mL).
    const Result r = simulate(model, Regimen::single(Dose::mg(25.0, Route::Oral)),
                              OutputTimes::uniform(0.0, 8.0, 1.0 / 60.0));
    CHECK(r.metabolite_concentration_mg_per_l.maxCoeff() >
          2.0 * r.concentration_mg_per_l.maxCoeff());
}
