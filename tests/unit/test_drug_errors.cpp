// Each kind of bad drug file is rejected with an InvalidInput naming the file and the JSON key.
// Every case edits one spot of the shipped file (the edit must match exactly once).
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using testing::ketamine_text;
using testing::replaced;
using testing::write_scratch;

namespace {

/// Loads the shipped file with one edit and returns the error message ("" if none).
std::string error_after(const std::string& from, const std::string& to) {
    const std::string path = write_scratch(replaced(ketamine_text(), from, to));
    try {
        Drug::load_file(path);
    } catch (const InvalidInput& e) {
        const std::string message = e.what();
        CHECK_THAT(message, StartsWith(path + ": "));
        return message.substr(path.size() + 2);
    }
    return "";
}

const std::string kDominoV1 = R"("V1": {"value": 0.063, "unit": "L/kg", "ref": "domino1984"},)";

}  // namespace

TEST_CASE("drug file: an unknown unit names the file and the key", "[drug][errors]") {
    CHECK(
        error_after(kDominoV1, R"("V1": {"value": 0.063, "unit": "L/lb", "ref": "domino1984"},)") ==
        "models.domino1984.parameters.V1.unit = 'L/lb': unknown volume unit (allowed: L/kg)");
    CHECK_THAT(
        error_after(kDominoV1, R"("V1": {"value": 0.063, "unit": "L", "ref": "domino1984"},)"),
        StartsWith("models.domino1984.parameters.V1.unit = 'L': unit not allowed here "
                   "(allowed: L/kg)"));
    CHECK_THAT(error_after(R"("value": 90,
          "unit": "L/h/70kg")",
                           R"("value": 90,
          "unit": "mL/min/kg")"),
               StartsWith("models.herd2007.parameters.CL.unit = 'mL/min/kg': unit not allowed "
                          "here (allowed: L/h, L/min, L/h/70kg)"));
    CHECK_THAT(
        error_after(R"("reference_weight_kg": {"value": 70, "unit": "kg", "ref": "herd2007"})",
                    R"("reference_weight_kg": {"value": 20, "unit": "kg", "ref": "herd2007"})"),
        StartsWith("models.herd2007.parameters.CL.unit = 'L/h/70kg': a '/70kg' unit needs "
                   "reference_weight_kg = 70 (this model: 20 kg)"));
    CHECK_THAT(error_after(R"("tmax": {
            "value": 15,
            "unit": "min")",
                           R"("tmax": {
            "value": 15,
            "unit": "minutes")"),
               StartsWith("routes.im.ka.derived_from_tmax.tmax.unit = 'minutes': unknown time "
                          "unit (allowed: h, min)"));
}

TEST_CASE("drug file: a missing or unknown key names the key", "[drug][errors]") {
    CHECK(error_after(R"(,
        "k31": {"value": 0.0146, "unit": "1/min", "ref": "domino1984"})",
                      "") == "models.domino1984.parameters.k31: missing required key");
    CHECK(error_after(R"("integration_window_h": {)", R"("integration_window_hours": {)") ==
          "integration_window_hours: unknown key (allowed here: format, drug, description, "
          "analyte, dose_basis, default_model, models, observations, routes, route_alternatives, "
          "protocols, bands, integration_window_h, references, note)");
    CHECK_THAT(
        error_after(kDominoV1,
                    R"("V1": {"value": 0.063, "unit": "L/kg", "ref": "domino1984", "sd": 1},)"),
        StartsWith("models.domino1984.parameters.V1.sd: unknown key"));
    CHECK_THAT(error_after(R"("k31": {"value": 0.0146,)", R"("k14": {"value": 0.0146,)"),
               StartsWith("models.domino1984.parameters.k14: unknown key (allowed here: V1, "
                          "k10, k12, k21, k13, k31, note)"));
    CHECK_THAT(error_after(R"("default_model": "domino1984",)",
                           R"("default_model": "domino1984", "default_model": "herd2007",)"),
               StartsWith("default_model: duplicate key"));
    CHECK_THAT(error_after(R"("V1": {"value": 0.063,)", R"("V1": {"value": 0.063, "value": 1,)"),
               StartsWith("models.domino1984.parameters.V1.value: duplicate key"));
}

TEST_CASE("drug file: a reference that does not resolve names the ref", "[drug][errors]") {
    CHECK_THAT(
        error_after(kDominoV1, R"("V1": {"value": 0.063, "unit": "L/kg", "ref": "domino1948"},)"),
        StartsWith("models.domino1984.parameters.V1.ref = 'domino1948': no such "
                   "reference"));
    CHECK_THAT(error_after(R"("ref": ["singh2022", "yanagihara2003", "malinovsky1996"],)",
                           R"("ref": ["singh2022", "yanagihara2003", "malinovsky"],)"),
               StartsWith("routes.intranasal.f.ref[2] = 'malinovsky': no such reference"));
    CHECK_THAT(error_after(kDominoV1, R"("V1": {"value": 0.063, "unit": "L/kg"},)"),
               StartsWith("models.domino1984.parameters.V1.ref: missing required key"));
    CHECK_THAT(error_after(R"("references": {)", R"("references": {
    "orphan": {"citation": "x", "where_read": "y", "status": "U"},)"),
               StartsWith("references.orphan: reference never cited"));
}

TEST_CASE("drug file: a bioavailability out of range names the bound", "[drug][errors]") {
    CHECK_THAT(error_after(R"("nominal": 0.2,
        "low": 0.1,
        "high": 0.3,)",
                           R"("nominal": 0.2,
        "low": 0.1,
        "high": 1.2,)"),
               StartsWith("routes.oral.f.high = 1.2: bioavailability must be in (0, 1]"));
    CHECK_THAT(error_after(R"("nominal": 0.2,
        "low": 0.1,
        "high": 0.3,)",
                           R"("nominal": 0.2,
        "low": 0,
        "high": 0.3,)"),
               StartsWith("routes.oral.f.low = 0: bioavailability must be in (0, 1]"));
    CHECK_THAT(error_after(R"("nominal": 0.2,
        "low": 0.1,
        "high": 0.3,)",
                           R"("nominal": 0.4,
        "low": 0.1,
        "high": 0.3,)"),
               StartsWith("routes.oral.f.nominal = 0.4: must lie in [low, high]"));
    CHECK_THAT(error_after(R"("iv_bolus": {
      "f": {"nominal": 1, "low": 1,)",
                           R"("iv_bolus": {
      "f": {"nominal": 1, "low": 0.9,)"),
               StartsWith("routes.iv_bolus.f: an IV route's bioavailability must be exactly 1"));
}

TEST_CASE("drug file: an unknown structure or enumeration names the value", "[drug][errors]") {
    CHECK(
        error_after(R"("structure": "three_compartment")", R"("structure": "four_compartment")") ==
        "models.domino1984.structure = 'four_compartment': must be one of one_compartment, "
        "two_compartment, three_compartment, linear");
    CHECK_THAT(error_after(R"("format": "pkengine-drug/1")", R"("format": "pkengine-drug/2")"),
               StartsWith("format = 'pkengine-drug/2': unsupported format"));
    CHECK_THAT(error_after(R"("drug": "ketamine")", R"("drug": "esketamine")"),
               StartsWith("drug = 'esketamine': must equal the file name without .json "
                          "('ketamine')"));
    CHECK_THAT(error_after(R"("weight_scaling": "allometric",
      "reference_weight_kg": {"value": 70, "unit": "kg", "ref": "herd2007"})",
                           R"("weight_scaling": "per_kg",
      "reference_weight_kg": {"value": 70, "unit": "kg", "ref": "herd2007"})"),
               StartsWith("models.herd2007.reference_weight_kg: only allowed with weight_scaling "
                          "'allometric'"));
    CHECK_THAT(error_after(R"("default_model": "domino1984")", R"("default_model": "domino")"),
               StartsWith("default_model = 'domino': no such model"));
    CHECK_THAT(error_after(R"("route": "sublingual",
          "dose": {"value": 100, "unit": "mg", "ref": "ctp_lozenge"},)",
                           R"("route": "sublingual",
          "route_alternative": "oral_chong2009",
          "dose": {"value": 100, "unit": "mg", "ref": "ctp_lozenge"},)"),
               StartsWith("protocols.kap_sublingual_100mg.administrations[0]."
                          "route_alternative = 'oral_chong2009': is an alternative of route "
                          "'oral'"));
    // A protocol is simulated with a model of its own enantiomer: an S-ketamine schedule in a
    // file whose default model is racemic is refused, naming the protocol.
    CHECK_THAT(error_after(R"("context": "kap",
      "enantiomer": "racemic",
      "administrations": [
        {
          "route": "sublingual",
          "dose": {"value": 100,)",
                           R"("context": "kap",
      "enantiomer": "S",
      "administrations": [
        {
          "route": "sublingual",
          "dose": {"value": 100,)"),
               StartsWith("protocols.kap_sublingual_100mg.enantiomer = 'S': protocol "
                          "'kap_sublingual_100mg' gives enantiomer 'S' but its model "
                          "'domino1984' is 'racemic'"));
    // With its own S model (flint2017_s_ketamine) the same protocol loads.
    CHECK(error_after(R"("context": "kap",
      "enantiomer": "racemic",
      "administrations": [
        {
          "route": "sublingual",
          "dose": {"value": 100,)",
                      R"("context": "kap",
      "enantiomer": "S",
      "model": "flint2017_s_ketamine",
      "administrations": [
        {
          "route": "sublingual",
          "dose": {"value": 100,)") == "");
    CHECK_THAT(error_after(R"("value": [0, 2, 4, 7, 9, 11],)", R"("value": [0, 2, 4, 9, 7, 11],)"),
               StartsWith("protocols.kit_series_murrough2013.administrations[0].times.value[4] "
                          "= 7: times must be sorted ascending"));
    CHECK_THAT(error_after(R"("low": {"value": 70, "unit": "ng/mL", "ref": "zanos2018"},)",
                           R"("low": {"value": 70, "unit": "mg/L", "ref": "zanos2018"},)"),
               StartsWith("bands[0].low.unit = 'mg/L': unit not allowed here (allowed: ng/mL)"));
    CHECK_THAT(error_after(R"("name": "analgesia",
      "enantiomer": "racemic",)",
                           R"("name": "analgesia",
      "enantiomer": "R",)"),
               StartsWith("bands[0].enantiomer = 'R'"));
    CHECK_THAT(error_after(R"(as given by aan het Rot 2010).",
      "context": "kit",
      "enantiomer": "racemic",)",
                           R"(as given by aan het Rot 2010).",
      "context": "kit",)"),
               StartsWith("protocols.kit_single_infusion.enantiomer: missing required key"));
}

TEST_CASE("drug file: syntax errors and missing files name the file", "[drug][errors]") {
    CHECK_THAT(error_after(R"("drug": "ketamine",)", R"("drug": "ketamine")"),
               StartsWith("JSON syntax error: parse error at line"));
    REQUIRE_THROWS_WITH(Drug::load_file("no/such/ketamine.json"),
                        "no/such/ketamine.json: cannot open the drug file");
    const std::string bool_value =
        write_scratch(replaced(ketamine_text(), R"("value": 0.063,)", R"("value": true,)"));
    REQUIRE_THROWS_WITH(Drug::load_file(bool_value),
                        Contains("models.domino1984.parameters.V1.value = true: must be a number"));
}

TEST_CASE("drug file: a 30 000-character id is checked without recursion", "[drug][errors]") {
    const std::string models = "\"models\": {\n    \"domino1984\": {";
    const std::string long_id(30'000, 'a');
    CHECK(error_after(models, "\"models\": {\n    \"" + long_id + "!\": {") ==
          "models." + long_id + "!: model id is not an id (^[a-z][a-z0-9_]*$)");
    // A valid long id passes the id check (what refers to the renamed model then fails).
    const std::string renamed = error_after(models, "\"models\": {\n    \"" + long_id + "\": {");
    CHECK_FALSE(renamed.empty());
    CHECK_THAT(renamed, !Contains("not an id"));
}

TEST_CASE("drug file: nesting deeper than 64 levels names the file and the depth",
          "[drug][errors]") {
    const auto nested = [](std::size_t levels) {
        return std::string(levels, '[') + std::string(levels, ']');
    };
    const std::string deep = write_scratch(nested(300'000));
    REQUIRE_THROWS_WITH(Drug::load_file(deep), StartsWith(deep + ": [0]") &&
                                                   Contains(": JSON nested deeper than 64 levels"));
    const std::string limit = write_scratch(nested(65));
    REQUIRE_THROWS_WITH(Drug::load_file(limit), Contains("JSON nested deeper than 64 levels"));
    const std::string within = write_scratch(nested(64));
    REQUIRE_THROWS_WITH(Drug::load_file(within),
                        !Contains("nested") && Contains("must be an object"));
}

TEST_CASE("drug file: a number beyond the range of a double names the key", "[drug][errors]") {
    CHECK(error_after(R"("value": 0.063,)", R"("value": 1e400,)") ==
          "models.domino1984.parameters.V1.value: number out of range (every numeric value must be "
          "a finite double)");
    CHECK_THAT(error_after(R"("value": 0.063,)", R"("value": -1e400,)"),
               StartsWith("models.domino1984.parameters.V1.value: number out of range"));
}
