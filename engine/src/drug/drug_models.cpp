// Disposition models of a drug file (format §6): reading, unit checks, weight scaling.
#include <cmath>
#include <string>

#include "drug_data.hpp"
#include "drug_json.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

namespace pkengine {

namespace {

constexpr double kAllometricClearanceExponent = 0.75;  // format §6.3, fixed by version 1
constexpr double kPerKgDerivationWeightKg = 70.0;      // format §8, step 1

}  // namespace

void detail::require_weight(double weight_kg) {
    require_positive(weight_kg, "weight_kg");
    if (weight_kg > kMaxWeightKg) fail("weight_kg", weight_kg, "must be <= 500 kg");
}

const DrugParameter& DrugModel::parameter(const std::string& name) const {
    for (const DrugParameter& p : parameters) {
        if (p.name == name) return p;
    }
    throw InvalidInput("parameter = '" + name + "': model '" + id + "' has no such parameter");
}

double DrugModel::derivation_weight_kg() const {
    return weight_scaling == WeightScaling::Allometric ? *reference_weight_kg
                                                       : kPerKgDerivationWeightKg;
}

Disposition DrugModel::disposition(double weight_kg) const {
    detail::require_weight(weight_kg);
    double volume_scale = 1.0, clearance_scale = 1.0;
    if (weight_scaling == WeightScaling::PerKg) {
        volume_scale = clearance_scale = weight_kg;
    } else if (weight_scaling == WeightScaling::Allometric) {
        const double ratio = weight_kg / *reference_weight_kg;
        volume_scale = ratio;
        clearance_scale = std::pow(ratio, kAllometricClearanceExponent);
    }
    auto p = [this](const char* name) { return parameter(name).value; };
    if (parameterisation == Parameterisation::MicroConstants) {
        MicroConstants k;
        k.k10 = p("k10");
        if (compartments >= 2) k.k12 = p("k12"), k.k21 = p("k21");
        if (compartments == 3) k.k13 = p("k13"), k.k31 = p("k31");
        return Disposition::from_micro_constants(compartments, k, p("V1") * volume_scale);
    }
    const double cl = p("CL") * clearance_scale, v1 = p("V1") * volume_scale;
    if (compartments == 1) return Disposition::one_compartment(cl, v1);
    const double q2 = p("Q2") * clearance_scale, v2 = p("V2") * volume_scale;
    if (compartments == 2) return Disposition::two_compartment(cl, v1, q2, v2);
    return Disposition::three_compartment(cl, v1, q2, v2, p("Q3") * clearance_scale,
                                          p("V3") * volume_scale);
}

namespace detail {

namespace {

std::vector<std::string> parameter_names(int compartments, Parameterisation parameterisation) {
    if (parameterisation == Parameterisation::MicroConstants) {
        std::vector<std::string> names{"V1", "k10"};
        if (compartments >= 2) names.insert(names.end(), {"k12", "k21"});
        if (compartments == 3) names.insert(names.end(), {"k13", "k31"});
        return names;
    }
    std::vector<std::string> names{"CL", "V1"};
    if (compartments >= 2) names.insert(names.end(), {"Q2", "V2"});
    if (compartments == 3) names.insert(names.end(), {"Q3", "V3"});
    return names;
}

/// Reads one parameter; the units allowed depend on what it is and on the weight scaling.
DrugParameter read_parameter(const Node& node, const std::string& name, const DrugModel& model) {
    const WeightScaling s = model.weight_scaling;
    Quantity q;
    if (name[0] == 'k') {
        q = read_quantity(node, rate_units(), {"1/h", "1/min"}, Sign::Positive, {"bsv"});
    } else if (name[0] == 'V') {
        q = s == WeightScaling::PerKg
                ? read_quantity(node, volume_units(), {"L/kg"}, Sign::Positive, {"bsv"})
            : s == WeightScaling::Allometric
                ? read_quantity(node, volume_units(), {"L", "L/70kg"}, Sign::Positive, {"bsv"})
                : read_quantity(node, volume_units(), {"L"}, Sign::Positive, {"bsv"});
    } else {
        q = s == WeightScaling::PerKg
                ? read_quantity(node, clearance_units(), {"L/h/kg", "L/min/kg", "mL/min/kg"},
                                Sign::Positive, {"bsv"})
            : s == WeightScaling::Allometric
                ? read_quantity(node, clearance_units(), {"L/h", "L/min", "L/h/70kg"},
                                Sign::Positive, {"bsv"})
                : read_quantity(node, clearance_units(), {"L/h", "L/min"}, Sign::Positive, {"bsv"});
    }
    const bool per_70kg = q.unit.size() > 5 && q.unit.substr(q.unit.size() - 5) == "/70kg";
    if (per_70kg && *model.reference_weight_kg != 70.0) {
        node.at("unit").fail_value("a '/70kg' unit needs reference_weight_kg = 70 (this model: " +
                                   format_value(*model.reference_weight_kg) + " kg)");
    }
    DrugParameter p{name, q.value, q.file_value, q.unit, std::nullopt, q.refs};
    if (const auto bsv = node.find("bsv")) {
        p.bsv_percent = read_quantity(*bsv, percent_units(), {"%"}, Sign::Positive).value;
    }
    return p;
}

void read_scaling(const Node& node, DrugModel& model) {
    const std::string scaling = node.at("weight_scaling").one_of({"per_kg", "allometric", "none"});
    model.weight_scaling = scaling == "per_kg"       ? WeightScaling::PerKg
                           : scaling == "allometric" ? WeightScaling::Allometric
                                                     : WeightScaling::None;
    if (model.weight_scaling == WeightScaling::Allometric) {
        model.reference_weight_kg =
            read_quantity(node.at("reference_weight_kg"), weight_units(), {"kg"}, Sign::Positive)
                .value;
        if (model.parameterisation == Parameterisation::MicroConstants) {
            node.at("weight_scaling")
                .fail_value("micro_constants cannot be scaled allometrically (format §6.3)");
        }
    } else if (node.has("reference_weight_kg")) {
        node.at("reference_weight_kg")
            .fail("only allowed with weight_scaling 'allometric' (this model: '" + scaling + "')");
    }
}

DrugModel read_model(const std::string& id, const Node& node) {
    node.expect_keys({"title", "population", "enantiomer", "sampling", "model_kind", "structure",
                      "parameterisation", "weight_scaling", "parameters", "ref"},
                     {"reference_weight_kg"});
    DrugModel model;
    model.id = id;
    model.title = node.at("title").string();
    model.population = node.at("population").string();
    model.enantiomer = node.at("enantiomer").one_of(kEnantiomers);
    model.sampling = node.at("sampling").one_of({"arterial", "venous", "unknown"});
    model.model_kind = node.at("model_kind").one_of({"published", "approximation"});
    const std::string structure =
        node.at("structure").one_of({"one_compartment", "two_compartment", "three_compartment"});
    model.compartments = structure == "one_compartment"   ? 1
                         : structure == "two_compartment" ? 2
                                                          : 3;
    model.parameterisation =
        node.at("parameterisation").one_of({"micro_constants", "clearances"}) == "micro_constants"
            ? Parameterisation::MicroConstants
            : Parameterisation::Clearances;
    read_scaling(node, model);

    const Node parameters = node.at("parameters");
    const std::vector<std::string> names =
        parameter_names(model.compartments, model.parameterisation);
    parameters.expect_keys(Words(names.begin(), names.end()));
    for (const std::string& name : names) {
        model.parameters.push_back(read_parameter(parameters.at(name), name, model));
    }
    model.refs = node.at("ref").refs();
    model.note = node.note();
    return model;
}

}  // namespace

void read_models(const Node& models, DrugData& data) {
    models.expect_object();
    for (const auto& [key, node] : models.members()) {
        if (key == "note") {
            node.string();
            continue;
        }
        if (!is_id(key)) node.fail("model id is not an id (^[a-z][a-z0-9_]*$)");
        data.models.push_back(read_model(key, node));
    }
    if (data.models.empty()) models.fail("at least one model is needed");
}

}  // namespace detail
}  // namespace pkengine
