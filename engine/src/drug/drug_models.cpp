// Disposition models of a drug file (format §6): reading, unit checks, weight scaling.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>

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

namespace {

struct Scales {
    double volume = 1.0;
    double clearance = 1.0;
};

Scales weight_scales(const DrugModel& model, double weight_kg) {
    detail::require_weight(weight_kg);
    Scales scales;
    if (model.weight_scaling == WeightScaling::PerKg) {
        scales.volume = scales.clearance = weight_kg;
    } else if (model.weight_scaling == WeightScaling::Allometric) {
        const double ratio = weight_kg / *model.reference_weight_kg;
        scales.volume = ratio;
        scales.clearance = std::pow(ratio, kAllometricClearanceExponent);
    }
    return scales;
}

}  // namespace

LinearStructure DrugModel::linear_structure(double weight_kg) const {
    if (!linear) {
        throw InvalidInput("model = '" + id +
                           "': a mammillary model (structure one_, two_ or three_compartment), "
                           "not a general linear one");
    }
    const Scales scales = weight_scales(*this, weight_kg);
    LinearStructure s = *linear;
    for (LinearCompartment& c : s.compartments) c.volume_l *= scales.volume;
    for (LinearTransfer& t : s.transfers) {
        if (t.clearance) t.value *= scales.clearance;
    }
    return s;
}

const DrugParameter& DrugMetabolite::parameter(const std::string& parameter_name) const {
    for (const DrugParameter& p : parameters) {
        if (p.name == parameter_name) return p;
    }
    throw InvalidInput("parameter = '" + parameter_name + "': metabolite '" + name +
                       "' has no such parameter");
}

Metabolite DrugModel::metabolite_at(double weight_kg) const {
    if (!metabolite) throw InvalidInput("model = '" + id + "': it has no metabolite");
    const Scales scales = weight_scales(*this, weight_kg);
    const DrugMetabolite& m = *metabolite;
    Metabolite out;
    out.fm = m.parameter("fm").value;
    out.cl_l_per_h = m.parameter("CL").value * scales.clearance;
    out.v_l = m.parameter("V").value * scales.volume;
    for (const DrugParameter& p : m.parameters) {
        if (p.name == "Q") out.q_l_per_h = p.value * scales.clearance;
        if (p.name == "Vp") out.vp_l = p.value * scales.volume;
    }
    out.molar_mass_ratio = m.molar_mass_ratio;
    for (const DrugPresystemic& p : m.presystemic) out.set_presystemic(p.route, p.fraction);
    return out;
}

Disposition DrugModel::disposition(double weight_kg) const {
    if (linear) return Model(linear_structure(weight_kg)).disposition();
    const Scales scales = weight_scales(*this, weight_kg);
    const double volume_scale = scales.volume, clearance_scale = scales.clearance;
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

/// What a quantity of a model is: a rate constant, a volume or a clearance.
enum class Dimension { Rate, Volume, Clearance };

/// Reads a rate constant, volume or clearance of a model: the units allowed depend on what it
/// is and on the weight scaling (format §6.3).
Quantity read_scaled(const Node& node, Dimension dimension, const DrugModel& model, Sign sign,
                     const Words& extra_keys) {
    const WeightScaling s = model.weight_scaling;
    Quantity q;
    if (dimension == Dimension::Rate) {
        q = read_quantity(node, rate_units(), {"1/h", "1/min"}, sign, extra_keys);
    } else if (dimension == Dimension::Volume) {
        q = s == WeightScaling::PerKg
                ? read_quantity(node, volume_units(), {"L/kg"}, sign, extra_keys)
            : s == WeightScaling::Allometric
                ? read_quantity(node, volume_units(), {"L", "L/70kg"}, sign, extra_keys)
                : read_quantity(node, volume_units(), {"L"}, sign, extra_keys);
    } else {
        q = s == WeightScaling::PerKg
                ? read_quantity(node, clearance_units(), {"L/h/kg", "L/min/kg", "mL/min/kg"}, sign,
                                extra_keys)
            : s == WeightScaling::Allometric
                ? read_quantity(node, clearance_units(), {"L/h", "L/min", "L/h/70kg"}, sign,
                                extra_keys)
                : read_quantity(node, clearance_units(), {"L/h", "L/min"}, sign, extra_keys);
    }
    const bool per_70kg = q.unit.size() > 5 && q.unit.substr(q.unit.size() - 5) == "/70kg";
    if (per_70kg && *model.reference_weight_kg != 70.0) {
        node.at("unit").fail_value("a '/70kg' unit needs reference_weight_kg = 70 (this model: " +
                                   format_value(*model.reference_weight_kg) + " kg)");
    }
    return q;
}

/// Reads a parameter's `bsv` {"value", "unit": "%", "ref"} and its optional "eta", the name of
/// a random effect it shares with other parameters (format §6.5).
/// A `bsv` (format §6.5): a CV in % (log-normal), or for a fraction (a general linear model's
/// route target F) the SD of logit F (unit sd_logit, logit-normal).
DrugVariability read_bsv(const Node& node, const std::string& parameter, bool fraction = false) {
    if (node.has("unit")) {
        const std::string unit = node.at("unit").string();
        if (fraction && unit == "%") {
            node.at("unit").fail_value(
                "a fraction's bsv is the SD of logit F (unit sd_logit): a log-normal CV would "
                "take F above 1");
        }
        if (!fraction && unit == "sd_logit") {
            node.at("unit").fail_value(
                "an SD on the logit scale is a fraction's bsv (a route target's f): give a CV "
                "in %");
        }
    }
    const Quantity q = read_quantity(node, percent_units(), {fraction ? "sd_logit" : "%"},
                                     Sign::Positive, {"eta"});
    DrugVariability v{parameter, fraction ? 0.0 : q.value, parameter, q.refs};
    if (fraction) v.sd_logit = q.value;
    if (const auto eta = node.find("eta")) v.eta = eta->id();
    return v;
}

/// Reads one parameter; the units allowed depend on what it is and on the weight scaling.
DrugParameter read_parameter(const Node& node, const std::string& name, DrugModel& model) {
    const Dimension dimension = name[0] == 'k'   ? Dimension::Rate
                                : name[0] == 'V' ? Dimension::Volume
                                                 : Dimension::Clearance;
    const Quantity q = read_scaled(node, dimension, model, Sign::Positive, {"bsv"});
    DrugParameter p{name, q.value, q.file_value, q.unit, std::nullopt, q.refs};
    if (const auto bsv = node.find("bsv")) {
        model.variability.push_back(read_bsv(*bsv, name));
        p.bsv_percent = model.variability.back().cv_percent;
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

/// A `bsv` of a general linear model's quantity, named once the structure is known (its NONMEM
/// name needs the compartment numbers).
struct PendingBsv {
    enum class Of { Volume, Transfer, OwnDepotKa, OwnDepotF } of;
    std::size_t index;  // compartment or transfer
    Node node;
    std::pair<std::size_t, std::size_t> target{};  // OwnDepotKa, OwnDepotF: (route, target)
};

/// The compartments of a general linear model (format §6.6).
void read_linear_compartments(const Node& node, const DrugModel& model, LinearStructure& s,
                              std::vector<PendingBsv>& bsv) {
    const std::vector<Node> elements = node.elements();
    if (elements.empty()) node.fail("at least one compartment is needed");
    for (const Node& c : elements) {
        c.expect_keys({"id"}, {"volume"});
        const std::string id = c.at("id").id();
        if (id == "out") c.at("id").fail_value("'out' is reserved: a transfer to 'out' eliminates");
        double volume = 0.0;
        if (const auto v = c.find("volume")) {
            volume = read_scaled(*v, Dimension::Volume, model, Sign::Positive, {"bsv"}).value;
            if (const auto b = v->find("bsv")) {
                bsv.push_back({PendingBsv::Of::Volume, s.compartments.size(), *b});
            }
        }
        s.compartments.push_back({id, volume});
    }
}

void read_linear_transfers(const Node& node, const DrugModel& model, LinearStructure& s,
                           std::vector<PendingBsv>& bsv) {
    for (const Node& t : node.elements()) {
        t.expect_keys({"from", "to"}, {"k", "cl"});
        if (t.has("k") == t.has("cl")) t.fail("give exactly one of 'k' (1/h) and 'cl' (L/h)");
        LinearTransfer transfer;
        transfer.from = t.at("from").id();
        transfer.to = t.at("to").id();
        if (transfer.to == "out") transfer.to.clear();
        transfer.clearance = t.has("cl");
        const Node value = t.at(transfer.clearance ? "cl" : "k");
        transfer.value =
            read_scaled(value, transfer.clearance ? Dimension::Clearance : Dimension::Rate, model,
                        Sign::NonNegative, {"bsv"})
                .value;
        if (const auto b = value.find("bsv")) {
            bsv.push_back({PendingBsv::Of::Transfer, s.transfers.size(), *b});
        }
        s.transfers.push_back(transfer);
    }
}

/// Parameters that share a random effect share its variance: the same CV.
void check_shared_etas(const Node& node, const DrugModel& model) {
    const std::vector<DrugVariability>& v = model.variability;
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (v[i].parameter == v[j].parameter) {
                node.fail("bsv: parameter " + v[i].parameter + " has two");
            }
            if (v[i].eta == v[j].eta && v[i].sd_logit != v[j].sd_logit) {
                node.fail("bsv: " + v[j].parameter + " and " + v[i].parameter + " share eta '" +
                          v[i].eta + "' but give different spreads");
            }
            if (v[i].eta == v[j].eta && v[i].cv_percent != v[j].cv_percent) {
                node.fail("bsv: " + v[j].parameter + " and " + v[i].parameter + " share eta '" +
                          v[i].eta + "' but give different CVs (" + format_value(v[j].cv_percent) +
                          " % and " + format_value(v[i].cv_percent) + " %)");
            }
        }
    }
}

/// A number of a covariate effect, {"value", "unit", "ref"}: any sign, a unit of `units` (engine
/// units: a covariate in years or kg, a parameter in L, L/h or 1/h, so every factor is 1).
double read_effect_number(const Node& node, const Words& units, RefIds& refs) {
    node.expect_keys({"value", "unit", "ref"});
    node.at("unit").one_of(units);
    const RefIds own = node.at("ref").refs();
    refs.insert(refs.end(), own.begin(), own.end());
    return node.at("value").number();
}

/// The covariate effects of a model (format §6.8): each names a covariate (upper case), one of
/// the model's parameters (`names`), how it acts, and its numbers with their sources.
void read_covariate_effects(const Node& node, const std::vector<std::string>& names,
                            DrugModel& model) {
    for (const Node& e : node.elements()) {
        e.expect_keys({"covariate", "parameter", "effect", "coefficient"}, {"reference"});
        CovariateEffect c;
        c.covariate = e.at("covariate").string();
        const bool upper_name =
            !c.covariate.empty() && std::isupper(static_cast<unsigned char>(c.covariate[0])) &&
            std::all_of(c.covariate.begin(), c.covariate.end(), [](unsigned char ch) {
                return std::isupper(ch) || std::isdigit(ch) || ch == '_';
            });
        if (!upper_name) {
            e.at("covariate").fail_value("a covariate is named in upper case (AGE, ASIAN)");
        }
        c.parameter = e.at("parameter").string();
        if (std::find(names.begin(), names.end(), c.parameter) == names.end()) {
            std::string list;
            for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
            e.at("parameter")
                .fail_value("not a parameter of this model (its parameters: " + list + ")");
        }
        const std::string kind = e.at("effect").one_of({"linear_above", "factor", "power"});
        c.kind = kind == "linear_above" ? CovariateEffectKind::LinearAbove
                 : kind == "factor"     ? CovariateEffectKind::Factor
                                        : CovariateEffectKind::Power;
        const Words coefficient_units = c.kind == CovariateEffectKind::Factor ? Words{"factor"}
                                        : c.kind == CovariateEffectKind::Power
                                            ? Words{"exponent"}
                                            : Words{"L/h/y", "L/h/kg", "L/y", "L/kg", "1/h/y"};
        c.coefficient = read_effect_number(e.at("coefficient"), coefficient_units, c.refs);
        if (c.kind == CovariateEffectKind::Factor) {
            if (e.has("reference")) e.at("reference").fail("a factor takes no reference");
            if (!(c.coefficient > 0.0)) {
                e.at("coefficient").at("value").fail_value("a factor must be > 0");
            }
        } else {
            c.reference = read_effect_number(e.at("reference"), {"y", "kg"}, c.refs);
            if (c.kind == CovariateEffectKind::Power && !(c.reference > 0.0)) {
                e.at("reference").at("value").fail_value("a power's reference must be > 0");
            }
        }
        model.covariate_effects.push_back(c);
    }
}

/// The named variability of a validated structure's quantities, in file order.
void name_linear_bsv(const LinearStructure& s, const std::vector<PendingBsv>& pending,
                     DrugModel& model) {
    const auto depots = s.own_depots();
    for (const PendingBsv& p : pending) {
        std::string name;
        switch (p.of) {
            case PendingBsv::Of::Volume: name = "V" + std::to_string(p.index + 1); break;
            case PendingBsv::Of::Transfer: name = s.transfer_name(p.index); break;
            case PendingBsv::Of::OwnDepotKa: {
                const auto d = std::find(depots.begin(), depots.end(), p.target) - depots.begin();
                name = s.own_depot_ka_name(static_cast<std::size_t>(d));
                break;
            }
            case PendingBsv::Of::OwnDepotF: {
                const auto d = std::find(depots.begin(), depots.end(), p.target) - depots.begin();
                name = s.own_depot_f_name(static_cast<std::size_t>(d));
                break;
            }
        }
        model.variability.push_back(read_bsv(p.node, name, p.of == PendingBsv::Of::OwnDepotF));
    }
}

void read_linear_routes(const Node& node, LinearStructure& s, std::vector<PendingBsv>& bsv) {
    node.expect_object();
    for (const auto& [key, targets] : node.members()) {
        if (key == "note") {
            targets.string();
            continue;
        }
        Route route = Route::IvBolus;
        try {
            route = parse_route(key);
        } catch (const InvalidInput&) {
            targets.fail("not a route (iv_bolus, iv_infusion, im, intranasal, oral, sublingual)");
        }
        LinearRoute mapped{route, {}};
        for (const Node& t : targets.elements()) {
            t.expect_keys({"compartment", "f"}, {"lag", "ka", "duration"});
            LinearRouteTarget target;
            target.compartment = t.at("compartment").id();
            const Node f = t.at("f");
            if (f.has("remainder_of")) {
                // What another target of the route leaves, times a factor (format §6.6):
                // computed from that target's f whenever it changes.
                f.expect_keys({"remainder_of", "times"});
                target.remainder_of = f.at("remainder_of").id();
                target.remainder_times =
                    read_quantity(f.at("times"), fraction_units(), {}, Sign::Positive).value;
            } else if (f.has("nominal")) {
                // A range, as a route's bioavailability (§7): simulate's "low" and "high" take
                // its ends.
                RefIds refs;
                const Bioavailability range = read_fraction_range(f, refs);
                target.f = range.nominal;
                target.f_low = range.low;
                target.f_high = range.high;
            } else {
                target.f = read_quantity(f, fraction_units(), {}, Sign::Positive, {"bsv"}).value;
                if (const auto b = f.find("bsv")) {
                    if (!t.has("ka")) {
                        b->fail(
                            "variability of f is taken by the name of the target's own depot "
                            "(F<depot>): give the target a ka");
                    }
                    bsv.push_back({PendingBsv::Of::OwnDepotF,
                                   0,
                                   *b,
                                   {s.routes.size(), mapped.targets.size()}});
                }
            }
            if (const auto lag = t.find("lag")) {
                target.lag_h =
                    read_quantity(*lag, time_units(), {"h", "min"}, Sign::NonNegative).value;
            }
            if (const auto ka = t.find("ka")) {
                target.ka_per_h =
                    read_quantity(*ka, rate_units(), {"1/h", "1/min"}, Sign::Positive, {"bsv"})
                        .value;
                if (const auto b = ka->find("bsv")) {
                    bsv.push_back({PendingBsv::Of::OwnDepotKa,
                                   0,
                                   *b,
                                   {s.routes.size(), mapped.targets.size()}});
                }
            }
            if (const auto d = t.find("duration")) {
                target.duration_h =
                    read_quantity(*d, time_units(), {"h", "min"}, Sign::Positive).value;
            }
            mapped.targets.push_back(target);
        }
        s.routes.push_back(std::move(mapped));
    }
}

/// A general linear model (format §6.6), validated at the weight a derived ka would use.
DrugModel read_linear_model(const Node& node, DrugModel model) {
    node.expect_keys({"title", "population", "enantiomer", "sampling", "model_kind", "structure",
                      "weight_scaling", "compartments", "transfers", "routes", "ref"},
                     {"reference_weight_kg", "observed", "metabolite", "covariates"});
    read_scaling(node, model);
    LinearStructure s;
    std::vector<PendingBsv> bsv;
    read_linear_compartments(node.at("compartments"), model, s, bsv);
    read_linear_transfers(node.at("transfers"), model, s, bsv);
    read_linear_routes(node.at("routes"), s, bsv);
    if (const auto observed = node.find("observed")) s.observed = observed->id();
    if (const auto metabolite = node.find("metabolite")) s.metabolite = metabolite->id();
    model.compartments = static_cast<int>(s.compartments.size());
    try {
        s.resolve_remainders();
    } catch (const InvalidInput& e) {
        node.at("routes").fail(e.what());
    }
    model.linear = s;
    try {
        model.linear_structure(model.derivation_weight_kg()).validate();
    } catch (const InvalidInput& e) {
        node.fail(e.what());
    }
    name_linear_bsv(s, bsv, model);
    check_shared_etas(node, model);
    if (const auto covariates = node.find("covariates")) {
        read_covariate_effects(*covariates, Model(s).parameter_names(), model);
    }
    model.refs = node.at("ref").refs();
    model.note = node.note();
    return model;
}

DrugModel read_model(const std::string& id, const Node& node) {
    DrugModel model;
    model.id = id;
    const std::string structure =
        node.at("structure")
            .one_of({"one_compartment", "two_compartment", "three_compartment", "linear"});
    if (structure == "linear") {
        model.title = node.at("title").string();
        model.population = node.at("population").string();
        model.enantiomer = node.at("enantiomer").one_of({"racemic", "S"});
        model.sampling = node.at("sampling").one_of({"arterial", "venous", "unknown"});
        model.model_kind = node.at("model_kind").one_of({"published", "approximation"});
        return read_linear_model(node, model);
    }
    node.expect_keys({"title", "population", "enantiomer", "sampling", "model_kind", "structure",
                      "parameterisation", "weight_scaling", "parameters", "ref"},
                     {"reference_weight_kg", "metabolite"});  // read by read_metabolites
    model.id = id;
    model.title = node.at("title").string();
    model.population = node.at("population").string();
    model.enantiomer = node.at("enantiomer").one_of(kEnantiomers);
    model.sampling = node.at("sampling").one_of({"arterial", "venous", "unknown"});
    model.model_kind = node.at("model_kind").one_of({"published", "approximation"});
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

/// A fitted_to list of a metabolite quantity, added to `all` (each id once).
void add_fitted_to(const Node& node, const DrugData& data, std::vector<std::string>& all,
                   std::vector<std::string>* own = nullptr) {
    const auto fitted = node.find("fitted_to");
    if (!fitted) return;
    for (const std::string& id : read_fitted_to(*fitted, data)) {
        if (own != nullptr) own->push_back(id);
        if (std::find(all.begin(), all.end(), id) == all.end()) all.push_back(id);
    }
}

void read_metabolite_parameters(const Node& node, const DrugModel& model, const DrugData& data,
                                DrugMetabolite& m) {
    node.expect_keys({"fm", "CL", "V"}, {"Q", "Vp"});
    if (node.has("Q") != node.has("Vp")) node.fail("give both 'Q' and 'Vp', or neither");
    const Node fm = node.at("fm");
    const Quantity f = read_quantity(fm, fraction_units(), {}, Sign::Positive, {"fitted_to"});
    m.parameters.push_back({"fm", f.value, f.file_value, f.unit, std::nullopt, f.refs});
    add_fitted_to(fm, data, m.fitted_to);
    for (const char* name : {"CL", "V", "Q", "Vp"}) {
        const auto p = node.find(name);
        if (!p) continue;
        const Dimension dimension = name[0] == 'V' ? Dimension::Volume : Dimension::Clearance;
        const Quantity q = read_scaled(*p, dimension, model, Sign::Positive, {"fitted_to"});
        m.parameters.push_back({name, q.value, q.file_value, q.unit, std::nullopt, q.refs});
        add_fitted_to(*p, data, m.fitted_to);
    }
}

void read_presystemic(const Node& node, const DrugData& data, DrugMetabolite& m) {
    node.expect_object();
    for (const auto& [key, entry] : node.members()) {
        if (key == "note") {
            entry.string();
            continue;
        }
        DrugPresystemic p;
        try {
            p.route = parse_route(key);
        } catch (const InvalidInput&) {
            entry.fail("not a route that is partly swallowed (intranasal, oral, sublingual)");
        }
        if (!is_absorbed(p.route)) {
            entry.fail("an IV dose reaches plasma directly: nothing forms before it");
        }
        const Quantity q =
            read_quantity(entry, fraction_units(), {}, Sign::NonNegative, {"fitted_to"});
        p.fraction = q.value;
        p.refs = q.refs;
        add_fitted_to(entry, data, m.fitted_to, &p.fitted_to);
        m.presystemic.push_back(p);
    }
}

DrugMetabolite read_metabolite(const Node& node, const DrugModel& model, const DrugData& data) {
    node.expect_keys({"name", "analyte", "molar_mass_ratio", "parameters"}, {"presystemic"});
    DrugMetabolite m;
    m.name = node.at("name").id();
    m.analyte = node.at("analyte").id();
    if (m.analyte == data.analyte) {
        node.at("analyte").fail_value("is the parent's analyte: name the metabolite's own");
    }
    const Quantity ratio =
        read_quantity(node.at("molar_mass_ratio"), fraction_units(), {}, Sign::Positive);
    m.molar_mass_ratio = ratio.value;
    m.molar_mass_refs = ratio.refs;
    read_metabolite_parameters(node.at("parameters"), model, data, m);
    if (const auto p = node.find("presystemic")) read_presystemic(*p, data, m);
    m.note = node.note();
    return m;
}

}  // namespace

void read_metabolites(const Node& models, DrugData& data) {
    for (DrugModel& model : data.models) {
        // A general linear model's "metabolite" names one of its compartments (format §6.6).
        if (model.linear) continue;
        const auto node = models.at(model.id).find("metabolite");
        if (!node) continue;
        model.metabolite = read_metabolite(*node, model, data);
        try {
            Model check(model.disposition(model.derivation_weight_kg()));
            check.set_metabolite(model.metabolite_at(model.derivation_weight_kg()));
        } catch (const InvalidInput& e) {
            node->fail(e.what());
        }
    }
}

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
