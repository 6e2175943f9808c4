// Reading a drug file (format pkengine-drug/1): the top level, routes, route alternatives,
// protocols, bands and references. Models are in drug_models.cpp.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "drug_data.hpp"
#include "drug_json.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

const Words kRouteKeys{"iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual"};

std::string file_stem(const std::string& path) {
    std::string name = path.substr(path.find_last_of("/\\") + 1);
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

void read_references(const Node& node, DrugData& data) {
    for (const auto& [id, entry] : node.members()) {
        if (id == "note") {
            entry.string();
            continue;
        }
        if (!is_id(id)) entry.fail("reference id is not an id (^[a-z][a-z0-9_]*$)");
        entry.expect_keys({"citation", "where_read", "status"}, {}, false);
        data.references.push_back({id, entry.at("citation").string(),
                                   entry.at("where_read").string(),
                                   entry.at("status").one_of({"D", "D-2", "S", "I", "U"})});
        node.context().reference_ids.insert(id);
    }
}

KaSpec read_derived_ka(const Node& node, const char* input, KaMethod method) {
    node.expect_keys({input, "method", "ref"});
    KaSpec ka;
    ka.method = method;
    const Quantity q = read_quantity(node.at(input), time_units(), {"h", "min"}, Sign::Positive);
    if (method == KaMethod::FromTmax) {
        ka.tmax_h = q.value;
    } else {
        ka.half_life_h = q.value;
        ka.ka_per_h = std::log(2.0) / q.value;
    }
    node.at("method").string();
    ka.refs = q.refs;
    ka.method_refs = node.at("ref").refs();
    return ka;
}

KaSpec read_ka(const Node& node, const DrugData& data) {
    node.expect_object();
    KaSpec ka;
    if (node.has("derived_from_tmax")) {
        node.expect_keys({"derived_from_tmax"});
        ka = read_derived_ka(node.at("derived_from_tmax"), "tmax", KaMethod::FromTmax);
    } else if (node.has("derived_from_half_life")) {
        node.expect_keys({"derived_from_half_life"});
        ka =
            read_derived_ka(node.at("derived_from_half_life"), "half_life", KaMethod::FromHalfLife);
    } else if (node.has("value")) {
        const Quantity q =
            read_quantity(node, rate_units(), {"1/h", "1/min"}, Sign::Positive, {"fitted_to"});
        ka.ka_per_h = q.value;
        ka.refs = q.refs;
        if (const auto fitted = node.find("fitted_to")) {
            ka.method = KaMethod::Fitted;
            ka.fitted_to = read_fitted_to(*fitted, data);
        }
    } else {
        node.fail(
            "a ka is {value, unit, ref}, {derived_from_tmax: {...}} or "
            "{derived_from_half_life: {...}} (format §8)");
    }
    ka.path = node.path();
    return ka;
}

/// Reads {"count", "mean_transit_time"} (format §7.1): a chain of count compartments after the
/// dosing one (Savic 2007), each quantity optionally with a `fitted_to` list.
void read_transit(const Node& node, DrugRoute& route, const DrugData& data) {
    node.expect_keys({"count", "mean_transit_time"});
    const Node count = node.at("count");
    const double n =
        read_quantity(count, count_units(), {"compartments"}, Sign::NonNegative, {"fitted_to"})
            .value;
    if (n != std::floor(n) || n > TransitAbsorption::kMaxTransit) {
        count.at("value").fail_value("must be a whole number from 0 to " +
                                     std::to_string(TransitAbsorption::kMaxTransit));
    }
    const Node mtt = node.at("mean_transit_time");
    TransitAbsorption transit;
    transit.count = static_cast<int>(n);
    transit.mtt_h =
        read_quantity(mtt, time_units(), {"h", "min"}, Sign::Positive, {"fitted_to"}).value;
    route.transit = transit;
    for (const Node& q : {count, mtt}) {
        if (const auto fitted = q.find("fitted_to")) {
            for (const std::string& id : read_fitted_to(*fitted, data)) {
                const auto& ids = route.transit_fitted_to;
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
                    route.transit_fitted_to.push_back(id);
                }
            }
        }
    }
}

DrugRoute read_route(const std::string& key, const Node& node, const DrugData& data) {
    DrugRoute route;
    route.route = parse_route(key);
    const bool iv = !is_absorbed(route.route);
    const bool swallows = route.route == Route::Intranasal || route.route == Route::Sublingual;
    if (iv) {
        node.expect_keys({"f"});
    } else if (swallows) {
        node.expect_keys({"f", "ka", "lag", "fraction_swallowed"}, {"transit"});
    } else {
        node.expect_keys({"f", "ka", "lag"}, {"transit"});
    }
    route.f = read_fraction_range(node.at("f"), route.f_refs);
    if (iv && (route.f.nominal != 1.0 || route.f.low != 1.0 || route.f.high != 1.0)) {
        node.at("f").fail("an IV route's bioavailability must be exactly 1 (nominal, low, high)");
    }
    route.note = node.note();
    if (iv) return route;
    route.ka = read_ka(node.at("ka"), data);
    const Node lag = node.at("lag");
    route.lag_h =
        read_quantity(lag, time_units(), {"h", "min"}, Sign::NonNegative, {"fitted_to"}).value;
    if (const auto fitted = lag.find("fitted_to"))
        route.lag_fitted_to = read_fitted_to(*fitted, data);
    if (const auto transit = node.find("transit")) {
        read_transit(*transit, route, data);
        if (route.ka->method == KaMethod::FromTmax) {
            node.at("ka").fail(
                "a ka derived from a Tmax is for first-order absorption alone; "
                "a route with a transit chain needs a published or fitted ka");
        }
    }
    if (swallows) {
        const Node fs = node.at("fraction_swallowed");
        route.fraction_swallowed =
            read_quantity(fs, fraction_units(), {"fraction"}, Sign::NonNegative).value;
        if (!(route.fraction_swallowed < 1.0)) fs.at("value").fail_value("must be < 1");
    }
    return route;
}

void read_routes(const Node& node, DrugData& data) {
    // A drug whose models are all general linear models may leave `routes` empty: its models
    // declare their own routes (format §6.6), and the file's routes would be used by none.
    const bool all_linear = std::all_of(data.models.begin(), data.models.end(),
                                        [](const DrugModel& m) { return m.linear.has_value(); });
    if (all_linear && node.members().empty()) return;
    node.expect_keys(kRouteKeys);
    for (Route route : kAllRoutes) {
        const std::string key(route_name(route));
        data.routes.push_back(read_route(key, node.at(key), data));
    }
}

void read_alternatives(const Node& node, DrugData& data) {
    for (const auto& [id, entry] : node.members()) {
        if (id == "note") {
            entry.string();
            continue;
        }
        if (!is_id(id)) entry.fail("route alternative id is not an id (^[a-z][a-z0-9_]*$)");
        entry.expect_keys({"route", "title", "f", "ref"}, {"ka"});
        RouteAlternative alt;
        alt.id = id;
        alt.route =
            parse_route(entry.at("route").one_of({"im", "intranasal", "oral", "sublingual"}));
        alt.title = entry.at("title").string();
        alt.f = read_fraction_range(entry.at("f"), alt.f_refs);
        if (const auto ka = entry.find("ka")) alt.ka = read_ka(*ka, data);
        alt.refs = entry.at("ref").refs();
        alt.note = entry.note();
        data.alternatives.push_back(std::move(alt));
    }
}

DoseBasis parse_basis(const Node& node) {
    const std::string basis = node.one_of({"base", "hydrochloride", "unknown"});
    return basis == "base"            ? DoseBasis::Base
           : basis == "hydrochloride" ? DoseBasis::Hydrochloride
                                      : DoseBasis::Unknown;
}

void read_route_alternative(const Node& node, Administration& a, const DrugData& data) {
    a.route_alternative = node.id();
    for (const RouteAlternative& alt : data.alternatives) {
        if (alt.id != a.route_alternative) continue;
        if (alt.route != a.route) {
            node.fail_value("is an alternative of route '" + std::string(route_name(alt.route)) +
                            "', not of this administration's route '" +
                            std::string(route_name(a.route)) + "'");
        }
        return;
    }
    node.fail_value("no such route alternative (not a key of route_alternatives)");
}

Administration read_administration(const Node& node, const DrugData& data) {
    node.expect_keys({"route", "dose", "times"}, {"route_alternative", "dose_basis", "duration"});
    Administration a;
    a.route = parse_route(node.at("route").one_of(kRouteKeys));
    if (const auto alt = node.find("route_alternative")) read_route_alternative(*alt, a, data);
    a.dose_basis =
        node.has("dose_basis") ? parse_basis(node.at("dose_basis")) : data.default_dose_basis;
    const Quantity dose =
        read_quantity(node.at("dose"), dose_units(), {"mg", "mg/kg"}, Sign::Positive);
    a.dose = dose.value;
    a.dose_per_kg = dose.unit == "mg/kg";
    a.dose_refs = dose.refs;
    if (a.route == Route::IvInfusion) {
        if (!node.has("duration")) {
            node.at("duration");  // fails: an infusion needs its duration
        }
        a.duration_h =
            read_quantity(node.at("duration"), time_units(), {"h", "min"}, Sign::Positive).value;
    } else if (node.has("duration")) {
        node.at("duration").fail("only an iv_infusion administration has a duration");
    }
    read_time_array(node.at("times"), a.times_h);
    a.note = node.note();
    return a;
}

/// A protocol's model (its own `model`, else the file's default) gives the protocol's
/// enantiomer: an S-ketamine schedule is never simulated with a racemic model, nor the reverse.
void read_protocol_model(const Node& entry, Protocol& p, const DrugData& data) {
    if (const auto model = entry.find("model")) {
        p.model = model->id();
        const bool known = std::any_of(data.models.begin(), data.models.end(),
                                       [&](const DrugModel& m) { return m.id == p.model; });
        if (!known) model->fail_value("no such model (not a key of models)");
    }
    const std::string& id = p.model.empty() ? data.default_model : p.model;
    for (const DrugModel& m : data.models) {
        if (m.id == id && m.enantiomer != p.enantiomer) {
            entry.at("enantiomer")
                .fail_value("protocol '" + p.id + "' gives enantiomer '" + p.enantiomer +
                            "' but its model '" + id + "' is '" + m.enantiomer +
                            "': a protocol is simulated with a model of its own enantiomer");
        }
    }
}

void read_protocols(const Node& node, DrugData& data) {
    for (const auto& [id, entry] : node.members()) {
        if (id == "note") {
            entry.string();
            continue;
        }
        if (!is_id(id)) entry.fail("protocol id is not an id (^[a-z][a-z0-9_]*$)");
        entry.expect_keys(
            {"title", "description", "context", "enantiomer", "administrations", "ref"}, {"model"});
        Protocol p;
        p.id = id;
        p.title = entry.at("title").string();
        p.description = entry.at("description").string();
        p.context = entry.at("context").one_of(kProtocolContexts);
        p.enantiomer = entry.at("enantiomer").one_of(kEnantiomers);
        read_protocol_model(entry, p, data);
        const std::vector<Node> administrations = entry.at("administrations").elements();
        if (administrations.empty()) entry.at("administrations").fail("must not be empty");
        for (const Node& a : administrations)
            p.administrations.push_back(read_administration(a, data));
        p.refs = entry.at("ref").refs();
        data.protocols.push_back(std::move(p));
    }
}

Band read_band(const Node& node) {
    node.expect_object();
    Band band;
    const std::string shape = node.at("shape").one_of({"range", "above", "level"});
    band.shape = shape == "range"   ? BandShape::Range
                 : shape == "above" ? BandShape::Above
                                    : BandShape::Level;
    const std::string kind = node.at("kind").one_of({"observed_peak", "target_range", "threshold"});
    band.kind = kind == "observed_peak"  ? BandKind::ObservedPeak
                : kind == "target_range" ? BandKind::TargetRange
                                         : BandKind::Threshold;
    Words keys{"name", "enantiomer", "shape", "kind", "unit", "meaning", "ref"};
    keys.push_back(band.shape == BandShape::Level ? "nominal" : "low");
    if (band.shape == BandShape::Range) keys.push_back("high");
    if (band.kind == BandKind::ObservedPeak) keys.push_back("regimen");
    node.expect_keys(keys, band.kind == BandKind::Threshold ? Words{"spread"} : Words{});
    band.name = node.at("name").id();
    band.enantiomer = node.at("enantiomer").one_of(kEnantiomers);
    band.unit = node.at("unit").one_of({"ng/mL", "mg/L"});
    auto bound = [&](const char* key) {
        return read_quantity(node.at(key), concentration_units(), {band.unit}, Sign::NonNegative)
            .value;
    };
    if (band.shape == BandShape::Level) {
        band.nominal_mg_per_l = bound("nominal");
    } else {
        band.low_mg_per_l = bound("low");
    }
    if (band.shape == BandShape::Range) {
        band.high_mg_per_l = bound("high");
        if (!(*band.high_mg_per_l > *band.low_mg_per_l)) {
            node.at("high").at("value").fail_value("must be above low");
        }
    }
    if (band.kind == BandKind::ObservedPeak) band.regimen = node.at("regimen").string();
    if (node.has("spread")) band.spread_mg_per_l = bound("spread");
    band.meaning = node.at("meaning").string();
    band.refs = node.at("ref").refs();
    return band;
}

void read_bands(const Node& node, DrugData& data) {
    std::set<std::string> names;
    for (const Node& element : node.elements()) {
        Band band = read_band(element);
        if (!names.insert(band.name).second) {
            element.at("name").fail_value("duplicate band name");
        }
        data.bands.push_back(std::move(band));
    }
}

void read_dose_basis(const Node& node, DrugData& data) {
    node.expect_keys({"default"}, {"molar_mass_base", "molar_mass_hydrochloride"});
    data.default_dose_basis = parse_basis(node.at("default"));
    if (const auto m = node.find("molar_mass_base")) {
        data.molar_mass_base =
            read_quantity(*m, molar_mass_units(), {"g/mol"}, Sign::Positive).value;
    }
    if (const auto m = node.find("molar_mass_hydrochloride")) {
        data.molar_mass_hydrochloride =
            read_quantity(*m, molar_mass_units(), {"g/mol"}, Sign::Positive).value;
    }
}

void read_header(const Node& root, DrugData& data) {
    if (root.at("format").string() != "pkengine-drug/1") {
        root.at("format").fail_value("unsupported format (this loader reads 'pkengine-drug/1')");
    }
    data.name = root.at("drug").id();
    const std::string stem = file_stem(data.source);
    if (data.name != stem) {
        root.at("drug").fail_value("must equal the file name without .json ('" + stem + "')");
    }
    data.description = root.at("description").string();
}

void read_default_model(const Node& node, DrugData& data) {
    data.default_model = node.id();
    std::string known;
    for (const DrugModel& m : data.models) {
        if (m.id == data.default_model) return;
        known += (known.empty() ? "" : ", ") + m.id;
    }
    node.fail_value("no such model (models: " + known + ")");
}

void require_all_references_cited(const Node& references) {
    const ReadContext& context = references.context();
    for (const std::string& id : context.reference_ids) {
        if (context.used_refs.count(id) == 0) {
            references.at(id).fail("reference never cited (format §1.1, rule N4)");
        }
    }
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidInput(path + ": cannot open the drug file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

DrugData read_drug_file(const std::string& path) {
    const Json json = parse_drug_json(read_text(path), path);
    ReadContext context{path, {}, {}};
    const Node root(json, "", context);
    root.expect_keys({"format", "drug", "description", "analyte", "dose_basis", "default_model",
                      "models", "observations", "routes", "route_alternatives", "protocols",
                      "bands", "integration_window_h", "references"});
    DrugData data;
    data.source = path;
    read_header(root, data);
    read_references(root.at("references"), data);
    read_dose_basis(root.at("dose_basis"), data);
    read_models(root.at("models"), data);
    read_default_model(root.at("default_model"), data);
    data.analyte = root.at("analyte").id();
    read_observations(root.at("observations"), data);
    read_metabolites(root.at("models"), data);
    read_routes(root.at("routes"), data);
    read_alternatives(root.at("route_alternatives"), data);
    read_protocols(root.at("protocols"), data);
    read_bands(root.at("bands"), data);
    data.integration_window_h =
        read_quantity(root.at("integration_window_h"), time_units(), {"h"}, Sign::Positive).value;
    require_all_references_cited(root.at("references"));
    return data;
}

}  // namespace pkengine::detail
