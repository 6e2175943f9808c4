// check_drug against closed forms: a one-compartment drug with an IV bolus, a first-order oral
// dose and an infusion, whose peaks, times of peak and AUCs are known exactly; which rows count;
// the Tmax intervals; the GMFE; and the loader's rules for observations and fitted values.
#include <cmath>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {

// CL 10 L/h, V 50 L (k = 0.2 /h); oral F 0.5 [0.4, 0.6], ka 2 /h; no weight scaling.
const char* kDrug = R"({
  "format": "pkengine-drug/1", "drug": "onecmt", "description": "test drug",
  "analyte": "parent",
  "dose_basis": {"default": "base"},
  "default_model": "m",
  "models": {"m": {"title": "t", "population": "p", "enantiomer": "racemic", "sampling": "unknown",
    "model_kind": "published", "structure": "one_compartment", "parameterisation": "clearances",
    "weight_scaling": "none", "parameters": {
      "CL": {"value": 10, "unit": "L/h", "ref": "r"}, "V1": {"value": 50, "unit": "L", "ref": "r"}},
    "ref": "r"}},
  "observations": {
    "bolus": {"route": "iv_bolus", "dose": {"value": 100, "unit": "mg", "ref": "r"},
      "weight": {"value": 70, "unit": "kg", "ref": "r"}, "population": "healthy_adults", "analyte": "parent", "sampling": "venous",
      "cmax": {"value": 1000, "unit": "ng/mL", "ref": "r"},
      "tmax": {"value": 3, "unit": "min", "ref": "r", "dispersion": {"kind": "sd", "value": 1, "ref": "r"}},
      "auc": {"value": 10, "unit": "mg*h/L", "interval": "0-inf", "ref": "r"},
      "status": "D", "ref": "r"},
    "oral": {"route": "oral", "dose": {"value": 2, "unit": "mg/kg", "ref": "r"},
      "weight": {"value": 50, "unit": "kg", "ref": "r"}, "population": "adult_patients",
      "n": {"value": 12, "unit": "subjects", "ref": "r"}, "analyte": "parent", "sampling": "unknown",
      "cmax": {"value": 400, "unit": "ng/mL", "ref": "r", "dispersion": {"kind": "gsd", "value": 1.5, "ref": "r"}},
      "tmax": {"value": 1.2, "unit": "h", "ref": "r", "dispersion": {"kind": "gsd", "value": 1.5, "ref": "r"}},
      "auc": {"value": 2000, "unit": "ng*h/mL", "interval": "0-t", "t": {"value": 6, "unit": "h", "ref": "r"}, "ref": "r"},
      "f": {"value": 0.6, "unit": "fraction", "ref": "r"},
      "status": "D-2", "ref": "r"},
    "infusion": {"route": "iv_infusion", "dose": {"value": 50, "unit": "mg", "ref": "r"},
      "duration": {"value": 30, "unit": "min", "ref": "r"}, "population": "children",
      "weight": {"value": 20, "unit": "kg", "ref": "r"},
      "analyte": "parent", "sampling": "arterial",
      "cmax": {"value": 0.1, "unit": "mg/L", "ref": "r"},
      "tmax": {"value": 0.5, "unit": "h", "ref": "r"},
      "status": "D", "ref": "r"},
    "other_analyte": {"route": "oral", "dose": {"value": 100, "unit": "mg", "ref": "r"},
      "weight": {"value": 70, "unit": "kg", "ref": "r"}, "population": "healthy_adults", "analyte": "metabolite", "sampling": "unknown",
      "tmax": {"value": 1, "unit": "h", "ref": "r", "dispersion": {"kind": "range", "low": 0.5, "high": 3, "ref": "r"}},
      "status": "D", "ref": "r"},
    "secondary": {"route": "oral", "dose": {"value": 100, "unit": "mg", "ref": "r"},
      "weight": {"value": 70, "unit": "kg", "ref": "r"}, "population": "adults", "analyte": "parent", "sampling": "unknown",
      "cmax": {"value": 700, "unit": "ng/mL", "ref": "r"}, "status": "S", "ref": "r"}
  },
  "routes": {
    "iv_bolus": {"f": {"nominal": 1, "low": 1, "high": 1, "unit": "fraction", "ref": "r"}},
    "iv_infusion": {"f": {"nominal": 1, "low": 1, "high": 1, "unit": "fraction", "ref": "r"}},
    "im": {"f": {"nominal": 1, "low": 1, "high": 1, "unit": "fraction", "ref": "r"},
           "ka": {"value": 3, "unit": "1/h", "ref": "r"}, "lag": {"value": 0, "unit": "h", "ref": "r"}},
    "intranasal": {"f": {"nominal": 0.5, "low": 0.5, "high": 0.5, "unit": "fraction", "ref": "r"},
           "ka": {"value": 3, "unit": "1/h", "ref": "r"}, "lag": {"value": 0, "unit": "h", "ref": "r"},
           "fraction_swallowed": {"value": 0, "unit": "fraction", "ref": "r"}},
    "oral": {"f": {"nominal": 0.5, "low": 0.4, "high": 0.6, "unit": "fraction", "ref": "r"},
           "ka": {"value": 2, "unit": "1/h", "ref": "r", "fitted_to": ["oral"]},
           "lag": {"value": 0, "unit": "h", "ref": "r"}},
    "sublingual": {"f": {"nominal": 0.5, "low": 0.5, "high": 0.5, "unit": "fraction", "ref": "r"},
           "ka": {"value": 3, "unit": "1/h", "ref": "r"}, "lag": {"value": 0, "unit": "h", "ref": "r"},
           "transit": {"count": {"value": 2, "unit": "compartments", "ref": "r", "fitted_to": ["secondary"]},
                       "mean_transit_time": {"value": 30, "unit": "min", "ref": "r", "fitted_to": ["secondary", "oral"]}},
           "fraction_swallowed": {"value": 0, "unit": "fraction", "ref": "r"}}
  },
  "route_alternatives": {}, "protocols": {}, "bands": [],
  "integration_window_h": {"value": 48, "unit": "h", "ref": "r"},
  "references": {"r": {"citation": "c", "where_read": "w", "status": "D"}}
})";

Drug one_compartment_drug() {
    return Drug::load_file(testing::write_scratch(kDrug, "onecmt.json"));
}

const CheckRow& row(const DrugCheck& check, const std::string& id) {
    for (const CheckRow& r : check.rows) {
        if (r.observation == id) return r;
    }
    FAIL("no row " << id);
    throw;
}

}  // namespace

TEST_CASE("observations are read in engine units with their dispersions", "[check][drug]") {
    const Drug drug = one_compartment_drug();
    REQUIRE(drug.observations().size() == 5);
    CHECK(drug.analyte() == "parent");
    const Observation& oral = drug.observation("oral");
    CHECK(oral.route == Route::Oral);
    CHECK(oral.dose_mg() == 100.0);
    CHECK(oral.weight_kg == 50.0);
    CHECK(*oral.n == 12);
    CHECK(oral.cmax->value == Approx(0.4).epsilon(1e-15));
    CHECK(oral.cmax->dispersion == DispersionKind::Gsd);
    CHECK(oral.cmax->spread == 1.5);
    CHECK(oral.auc->value == Approx(2.0).epsilon(1e-15));
    CHECK(oral.auc_interval == AucInterval::ZeroToT);
    CHECK(oral.auc_end_h == 6.0);
    CHECK(*oral.study_f == 0.6);
    CHECK(drug.observation("bolus").tmax->spread == Approx(1.0 / 60.0).epsilon(1e-15));
    CHECK(drug.observation("infusion").duration_h == 0.5);
    CHECK(drug.route(Route::Oral).ka->method == KaMethod::Fitted);
    CHECK(drug.route(Route::Sublingual).transit->count == 2);
    CHECK(drug.route(Route::Sublingual).transit->mtt_h == 0.5);
    CHECK(drug.route(Route::Sublingual).fitted_to() ==
          std::vector<std::string>{"secondary", "oral"});
    CHECK(drug.model(70.0).transit(Route::Sublingual)->count == 2);
}

TEST_CASE("a check reproduces the closed forms of a one-compartment drug", "[check]") {
    const Drug drug = one_compartment_drug();
    const DrugCheck check = check_drug(drug);
    const double k = 0.2, v = 50.0, ka = 2.0, f = 0.5;

    // IV bolus 100 mg: read from 2 min after the dose, C = C0 e^{-k t}; AUC(0-inf) = D/CL.
    const CheckRow& bolus = row(check, "bolus");
    CHECK(bolus.peak_after_mixing);
    CHECK(*bolus.cmax_predicted_mg_per_l == Approx(2.0 * std::exp(-k * 2.0 / 60.0)).epsilon(1e-12));
    CHECK(*bolus.tmax_predicted_h == Approx(2.0 / 60.0).epsilon(1e-12));
    CHECK(*bolus.auc_predicted_mg_h_per_l == Approx(10.0).epsilon(1e-14));
    CHECK(*bolus.cmax_fold == Approx(*bolus.cmax_predicted_mg_per_l / 1.0).epsilon(1e-15));
    CHECK(*bolus.tmax_low_h == Approx(2.0 / 60.0).epsilon(1e-12));  // 3 +/- 1 min
    CHECK(*bolus.tmax_high_h == Approx(4.0 / 60.0).epsilon(1e-12));
    CHECK(bolus.tmax_interval == "sd");
    CHECK(*bolus.tmax_passes);

    // Oral 2 mg/kg x 50 kg at F 0.5: the Bateman curve; Tmax = ln(ka/k)/(ka - k). Tmax is
    // refined by a parabola through the 30-s grid peak (error O(h^2) of the step h = 1/120 h).
    const CheckRow& oral = row(check, "oral");
    const double tmax = std::log(ka / k) / (ka - k);
    const double cmax = testing::bateman(100.0, f, ka, k, v, 0.0, tmax);
    CHECK(oral.f_nominal == 0.5);
    CHECK(std::abs(*oral.tmax_predicted_h - tmax) < 1e-4);
    CHECK(*oral.cmax_predicted_mg_per_l == Approx(cmax).epsilon(1e-4));
    // AUC(0-6 h) of the Bateman curve, exactly: F D/CL (1 - (ka e^{-k t} - k e^{-ka t})/(ka - k)).
    const double auc6 =
        f * 100.0 / 10.0 * (1.0 - (ka * std::exp(-k * 6.0) - k * std::exp(-ka * 6.0)) / (ka - k));
    CHECK(*oral.auc_predicted_mg_h_per_l == Approx(auc6).epsilon(1e-10));
    CHECK(*oral.auc_fold == Approx(auc6 / 2.0).epsilon(1e-10));
    CHECK(*oral.auc_passes);
    // At the study's own F (0.6) a linear model scales by 0.6 / 0.5.
    CHECK(*oral.cmax_predicted_at_study_f_mg_per_l ==
          Approx(*oral.cmax_predicted_mg_per_l * 1.2).epsilon(1e-15));
    CHECK(*oral.auc_predicted_at_study_f_mg_h_per_l == Approx(auc6 * 1.2).epsilon(1e-10));
    CHECK(*oral.tmax_low_h == Approx(0.8).epsilon(1e-15));  // 1.2 h with a GSD of 1.5
    CHECK(*oral.tmax_high_h == Approx(1.8).epsilon(1e-15));
    CHECK(*oral.tmax_passes == (tmax >= 0.8 && tmax <= 1.8));

    // Infusion 50 mg over 30 min: the peak is the end of the infusion (a corner, kept on the grid).
    const CheckRow& infusion = row(check, "infusion");
    // C(T) = R/CL (1 - e^{-kT}) with R = 100 mg/h, CL = 10 L/h, T = 0.5 h.
    const double end = 100.0 / 10.0 * (1.0 - std::exp(-k * 0.5));
    CHECK(*infusion.cmax_predicted_mg_per_l == Approx(end).epsilon(1e-12));
    CHECK(*infusion.tmax_predicted_h == Approx(0.5).epsilon(1e-12));
    CHECK(*infusion.tmax_low_h == Approx(0.5 / 1.5).epsilon(1e-15));  // no spread: within 1.5x
    CHECK(*infusion.tmax_high_h == Approx(0.75).epsilon(1e-15));
    CHECK(infusion.tmax_interval == "factor");
}

TEST_CASE("which observations count, and the verdict", "[check]") {
    const Drug drug = one_compartment_drug();
    const DrugCheck check = check_drug(drug);
    CHECK(row(check, "bolus").counts);
    CHECK(row(check, "oral").counts);
    CHECK(row(check, "infusion").not_counted_because == "children");
    CHECK(row(check, "other_analyte").not_counted_because == "analyte metabolite");
    CHECK(row(check, "secondary").not_counted_because == "status S");
    CHECK(row(check, "other_analyte").tmax_interval == "range");
    REQUIRE(check.counted == 2);
    REQUIRE(check.counted_cmax == 2);
    const double bolus_fold = *row(check, "bolus").cmax_fold;  // about 1.99: passes
    const double oral_fold = *row(check, "oral").cmax_fold;
    const double gmfe =
        std::pow(10.0, (std::abs(std::log10(bolus_fold)) + std::abs(std::log10(oral_fold))) / 2);
    CHECK(check.gmfe_cmax == Approx(gmfe).epsilon(1e-14));
    int misses = 0;
    for (const CheckRow& r : check.rows) {
        if (r.counts && !r.passes) ++misses;
        CHECK(r.passes == (r.cmax_passes.value_or(true) && r.tmax_passes.value_or(true) &&
                           r.auc_passes.value_or(true)));
    }
    CHECK(check.counted_misses == misses);
    CHECK(check.passes == (gmfe <= kCheckGmfeLimit && misses <= kCheckMissesAllowed));
}

TEST_CASE("a check can replace a route's absorption shape", "[check]") {
    const Drug drug = one_compartment_drug();
    CheckOptions options;
    options.absorption = {{Route::Oral, 1.0, 0.0, std::nullopt}};
    const DrugCheck check = check_drug(drug, options);  // the row refers into it
    const CheckRow& slower = row(check, "oral");
    const double k = 0.2, ka = 1.0;
    CHECK(std::abs(*slower.tmax_predicted_h - std::log(ka / k) / (ka - k)) < 1e-4);
    options.absorption = {{Route::IvBolus, 1.0, 0.0, std::nullopt}};
    REQUIRE_THROWS_WITH(check_drug(drug, options),
                        Contains("absorption[0].route = iv_bolus: an IV route has no absorption"));
    options.absorption = {{Route::Oral, -1.0, 0.0, std::nullopt}};
    REQUIRE_THROWS_WITH(check_drug(drug, options), Contains("absorption[0].ka_per_h = -1"));
}

TEST_CASE("the loader rejects malformed observations and fitted values", "[check][drug]") {
    using testing::replaced;
    const std::string text = kDrug;
    auto load = [](const std::string& t) {
        return Drug::load_file(testing::write_scratch(t, "onecmt.json"));
    };
    REQUIRE_THROWS_WITH(
        load(replaced(text, R"("fitted_to": ["oral"])", R"("fitted_to": ["nope"])")),
        Contains("routes.oral.ka.fitted_to[0] = 'nope': no such observation"));
    REQUIRE_THROWS_WITH(
        load(replaced(text, R"("weight": {"value": 50, "unit": "kg", "ref": "r"}, )", "")),
        Contains("observations.oral.weight: missing required key"));
    REQUIRE_THROWS_WITH(
        load(replaced(text, R"("kind": "gsd", "value": 1.5, "ref": "r"}},
      "tmax": {"value": 1.2)",
                      R"("kind": "gsd", "value": 0.5, "ref": "r"}},
      "tmax": {"value": 1.2)")),
        Contains("observations.oral.cmax.dispersion.value = 0.5: a geometric SD is a factor >= 1"));
    REQUIRE_THROWS_WITH(
        load(replaced(text, R"("cmax": {"value": 700, "unit": "ng/mL", "ref": "r"}, )", "")),
        Contains("observations.secondary: an observation needs a cmax, tmax, auc, auc_ratio or "
                 "half_life"));
    REQUIRE_THROWS_WITH(
        load(replaced(text, R"("population": "children")", R"("population": "infants")")),
        Contains("observations.infusion.population = 'infants'"));
    REQUIRE_THROWS_WITH(
        load(replaced(
            text,
            R"("ka": {"value": 3, "unit": "1/h", "ref": "r"}, "lag": {"value": 0, "unit": "h", "ref": "r"},
           "transit")",
            R"("ka": {"derived_from_tmax": {"tmax": {"value": 1, "unit": "h", "ref": "r"}, "method": "m", "ref": "r"}}, "lag": {"value": 0, "unit": "h", "ref": "r"},
           "transit")")),
        Contains("routes.sublingual.ka: a ka derived from a Tmax is for first-order absorption"));
}

TEST_CASE("an AUC ratio row is the metabolite's exact AUC over the parent's",
          "[check][metabolite]") {
    // The one-compartment drug with a metabolite (fm 0.6, CL 5 L/h, V 20 L, molar mass ratio
    // 0.9) and one observation: the metabolite/parent AUC(0-4 h) ratio after a 100 mg IV bolus.
    std::string text = kDrug;
    const auto insert_after = [&text](const std::string& anchor, const std::string& what) {
        const auto at = text.find(anchor);
        REQUIRE(at != std::string::npos);
        text.insert(at + anchor.size(), what);
    };
    insert_after(R"("V1": {"value": 50, "unit": "L", "ref": "r"}},)",
                 R"(
    "metabolite": {"name": "met", "analyte": "metabolite",
      "molar_mass_ratio": {"value": 0.9, "unit": "fraction", "ref": "r"},
      "parameters": {"fm": {"value": 0.6, "unit": "fraction", "ref": "r"},
        "CL": {"value": 5, "unit": "L/h", "ref": "r"}, "V": {"value": 20, "unit": "L", "ref": "r"}}},)");
    insert_after(R"("observations": {)", R"(
    "ratio": {"route": "iv_bolus", "dose": {"value": 100, "unit": "mg", "ref": "r"},
      "weight": {"value": 70, "unit": "kg", "ref": "r"}, "population": "healthy_adults",
      "analyte": "metabolite", "sampling": "unknown",
      "auc_ratio": {"value": 2, "unit": "ratio", "ref": "r", "interval": "0-t", "t": {"value": 4, "unit": "h", "ref": "r"}},
      "status": "D", "ref": "r"},
    "ratio_inf": {"route": "iv_bolus", "dose": {"value": 100, "unit": "mg", "ref": "r"},
      "weight": {"value": 70, "unit": "kg", "ref": "r"}, "population": "healthy_adults",
      "analyte": "metabolite", "sampling": "unknown",
      "auc_ratio": {"value": 0.5, "unit": "ratio", "ref": "r", "interval": "0-inf"},
      "status": "D", "ref": "r"},)");
    const Drug drug = Drug::load_file(testing::write_scratch(text, "onecmt.json"));
    const DrugCheck check = check_drug(drug);

    // Parent: A = D e^{-kt}, k = 0.2 /h, CL 10 L/h. Metabolite formed fm k A, cleared at
    // km = 5/20 = 0.25 /h: Am = fm k D (e^{-kt} - e^{-km t}) / (km - k). What it lost by t is
    // formed - Am; its AUC = lost x molar mass ratio / CL_m.
    const double d = 100.0, k = 0.2, km = 0.25, fm = 0.6, t = 4.0;
    const double parent_auc = d / 10.0 * (1.0 - std::exp(-k * t));
    const double formed = fm * d * (1.0 - std::exp(-k * t));
    const double am = fm * k * d * (std::exp(-k * t) - std::exp(-km * t)) / (km - k);
    const double ratio = (formed - am) * 0.9 / 5.0 / parent_auc;
    const CheckRow& r = row(check, "ratio");
    CHECK(r.metabolite);
    CHECK(*r.auc_ratio_observed == 2.0);
    CHECK(r.auc_ratio_interval == AucInterval::ZeroToT);
    CHECK(r.auc_ratio_end_h == 4.0);
    CHECK(*r.auc_ratio_predicted == Approx(ratio).epsilon(1e-12));
    CHECK(*r.auc_ratio_fold == Approx(ratio / 2.0).epsilon(1e-12));
    CHECK(*r.auc_ratio_passes == (ratio / 2.0 >= 0.5 && ratio / 2.0 <= 2.0));
    // To infinity: fm D 0.9 / CL_m over D / CL = 0.6 x 0.9 x 10 / 5 = 1.08, fold 2.16: a miss.
    const CheckRow& inf = row(check, "ratio_inf");
    CHECK(*inf.auc_ratio_predicted == Approx(1.08).epsilon(1e-14));
    CHECK_FALSE(*inf.auc_ratio_passes);
    CHECK_FALSE(inf.passes);
}

TEST_CASE("an AUC ratio belongs to a metabolite's observation", "[check][drug][errors]") {
    std::string text = kDrug;
    const std::string anchor = R"("cmax": {"value": 700, "unit": "ng/mL", "ref": "r"},)";
    const auto at = text.find(anchor);
    REQUIRE(at != std::string::npos);
    text.insert(at + anchor.size(),
                R"( "auc_ratio": {"value": 2, "unit": "ratio", "ref": "r", "interval": "0-24"},)");
    CHECK_THROWS_WITH(Drug::load_file(testing::write_scratch(text, "onecmt.json")),
                      Contains("observations.secondary.auc_ratio: only an observation of a "
                               "metabolite"));
}
