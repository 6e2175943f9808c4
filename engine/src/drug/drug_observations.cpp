// Reading a drug file's published observations (format §12) and the `fitted_to` lists that
// name them.
#include <algorithm>
#include <cmath>
#include <limits>

#include "drug_data.hpp"
#include "drug_json.hpp"

namespace pkengine::detail {

namespace {

const Words kObservationRoutes{"iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual"};
const Words kPopulations{"healthy_adults", "adult_patients", "adults", "children", "icu"};
const Words kSamplings{"arterial", "venous", "unknown"};
const Words kObservationStatuses{"D", "D-2", "S", "U"};

DispersionKind parse_dispersion_kind(const Node& node) {
    const std::string kind = node.one_of({"sd", "sem", "gsd", "unstated", "range", "iqr", "ci"});
    if (kind == "sd") return DispersionKind::Sd;
    if (kind == "sem") return DispersionKind::Sem;
    if (kind == "gsd") return DispersionKind::Gsd;
    if (kind == "unstated") return DispersionKind::Unstated;
    if (kind == "range") return DispersionKind::Range;
    if (kind == "iqr") return DispersionKind::Iqr;
    return DispersionKind::Ci;
}

/// Reads {"kind", "value" | "low" + "high", "ref"} into `v`; bounds and spreads share the
/// unit of the value they describe (factor `factor`), a GSD is a dimensionless factor.
void read_dispersion(const Node& node, double factor, ObservedValue& v) {
    node.expect_object();
    v.dispersion = parse_dispersion_kind(node.at("kind"));
    const bool bounds = v.dispersion == DispersionKind::Range ||
                        v.dispersion == DispersionKind::Iqr || v.dispersion == DispersionKind::Ci;
    if (bounds) {
        node.expect_keys({"kind", "low", "high", "ref"});
        v.low = node.at("low").number() * factor;
        v.high = node.at("high").number() * factor;
        if (!(v.low >= 0.0 && v.low <= v.value && v.value <= v.high)) {
            node.fail("must satisfy 0 <= low <= value <= high");
        }
    } else {
        node.expect_keys({"kind", "value", "ref"});
        const Node spread = node.at("value");
        const double number = spread.number();
        if (v.dispersion == DispersionKind::Gsd) {
            if (!(number >= 1.0)) spread.fail_value("a geometric SD is a factor >= 1");
            v.spread = number;
        } else {
            if (!(number >= 0.0)) spread.fail_value("must be >= 0");
            v.spread = number * factor;
        }
    }
    node.at("ref").refs();
}

/// Reads an observed Cmax, Tmax or AUC: a quantity with an optional "dispersion" (and any of
/// `extra_keys`, read by the caller).
ObservedValue read_observed(const Node& node, const UnitKind& kind, const Words& allowed,
                            Words extra_keys = {}) {
    extra_keys.push_back("dispersion");
    const Quantity q = read_quantity(node, kind, allowed, Sign::Positive, extra_keys);
    ObservedValue v;
    v.value = q.value;
    v.unit = q.unit;
    v.refs = q.refs;
    if (const auto d = node.find("dispersion")) read_dispersion(*d, q.value / q.file_value, v);
    return v;
}

/// Reads an AUC's "interval" (and "t" with "0-t") into `interval` and `end_h`.
void read_auc_interval(const Node& node, AucInterval& interval, double& end_h) {
    const std::string name = node.at("interval").one_of({"0-t", "0-24", "0-inf"});
    if (name == "0-t") {
        interval = AucInterval::ZeroToT;
        end_h = read_quantity(node.at("t"), time_units(), {"h", "min"}, Sign::Positive).value;
    } else {
        if (node.has("t")) node.at("t").fail("only a 0-t interval has a t");
        interval = name == "0-24" ? AucInterval::ZeroTo24 : AucInterval::ZeroToInf;
        end_h = name == "0-24" ? 24.0 : std::numeric_limits<double>::infinity();
    }
}

void read_auc(const Node& node, Observation& o) {
    o.auc = read_observed(node, auc_units(), {}, {"interval", "t"});
    read_auc_interval(node, o.auc_interval, o.auc_end_h);
}

void read_auc_ratio(const Node& node, Observation& o) {
    o.auc_ratio = read_observed(node, ratio_units(), {"ratio"}, {"interval", "t"});
    read_auc_interval(node, o.auc_ratio_interval, o.auc_ratio_end_h);
}

void read_dose(const Node& node, Observation& o) {
    const Quantity dose =
        read_quantity(node.at("dose"), dose_units(), {"mg", "mg/kg"}, Sign::Positive);
    o.dose = dose.value;
    o.dose_per_kg = dose.unit == "mg/kg";
    // Every observation names its body weight: a mg/kg dose scales with it, and so do the
    // volumes of a per-kg or allometric model whatever the dose unit.
    o.weight_kg = read_quantity(node.at("weight"), weight_units(), {"kg"}, Sign::Positive).value;
    if (o.weight_kg > 500.0) node.at("weight").at("value").fail_value("must be <= 500 kg");
    if (o.route == Route::IvInfusion) {
        o.duration_h =
            read_quantity(node.at("duration"), time_units(), {"h", "min"}, Sign::Positive).value;
    } else if (node.has("duration")) {
        node.at("duration").fail("only an iv_infusion observation has a duration");
    }
    if (const auto times = node.find("times")) read_time_array(*times, o.times_h);
    if (o.times_h.front() != 0.0) node.at("times").fail("the first dose is at time 0");
}

Observation read_observation(const std::string& id, const Node& node,
                             const std::string& data_analyte) {
    node.expect_keys(
        {"route", "dose", "weight", "population", "analyte", "sampling", "status", "ref"},
        {"duration", "times", "n", "cmax", "tmax", "auc", "auc_ratio", "half_life", "f",
         "not_counted"});
    Observation o;
    o.id = id;
    o.route = parse_route(node.at("route").one_of(kObservationRoutes));
    read_dose(node, o);
    o.population = node.at("population").one_of(kPopulations);
    o.analyte = node.at("analyte").id();
    o.sampling = node.at("sampling").one_of(kSamplings);
    o.status = node.at("status").one_of(kObservationStatuses);
    if (const auto n = node.find("n")) {
        const double subjects =
            read_quantity(*n, count_units(), {"subjects"}, Sign::Positive).value;
        if (subjects != std::floor(subjects)) n->at("value").fail_value("must be a whole number");
        o.n = static_cast<int>(subjects);
    }
    if (const auto c = node.find("cmax")) o.cmax = read_observed(*c, concentration_units(), {});
    if (const auto t = node.find("tmax")) o.tmax = read_observed(*t, time_units(), {"h", "min"});
    if (const auto a = node.find("auc")) read_auc(*a, o);
    if (const auto r = node.find("auc_ratio")) {
        if (o.analyte == data_analyte) {
            r->fail(
                "only an observation of a metabolite (an analyte other than the drug's) has an "
                "AUC ratio to the parent");
        }
        read_auc_ratio(*r, o);
    }
    if (const auto h = node.find("half_life")) {
        o.half_life = read_observed(*h, time_units(), {"h", "min"});
    }
    if (!o.cmax && !o.tmax && !o.auc && !o.auc_ratio && !o.half_life) {
        node.fail("an observation needs a cmax, tmax, auc, auc_ratio or half_life");
    }
    if (const auto why = node.find("not_counted")) {
        o.not_counted = why->string();
        if (o.not_counted.empty()) why->fail_value("must say why the observation does not count");
    }
    if (const auto f = node.find("f")) {
        o.study_f = read_quantity(*f, fraction_units(), {"fraction"}, Sign::Positive).value;
        if (*o.study_f > 1.0) f->at("value").fail_value("must be <= 1");
    }
    o.refs = node.at("ref").refs();
    o.note = node.note();
    return o;
}

}  // namespace

void read_observations(const Node& node, DrugData& data) {
    for (const auto& [id, entry] : node.members()) {
        if (id == "note") {
            entry.string();
            continue;
        }
        if (!is_id(id)) entry.fail("observation id is not an id (^[a-z][a-z0-9_]*$)");
        data.observations.push_back(read_observation(id, entry, data.analyte));
    }
}

std::vector<std::string> read_fitted_to(const Node& node, const DrugData& data) {
    const std::vector<Node> elements = node.elements();
    if (elements.empty()) node.fail_value("must name at least one observation");
    std::vector<std::string> ids;
    for (const Node& element : elements) {
        const std::string id = element.id();
        const bool known = std::any_of(data.observations.begin(), data.observations.end(),
                                       [&id](const Observation& o) { return o.id == id; });
        if (!known) element.fail_value("no such observation (not a key of observations)");
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
            element.fail_value("observation listed twice");
        }
        ids.push_back(id);
    }
    return ids;
}

}  // namespace pkengine::detail
