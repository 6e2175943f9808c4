// A model's numbered compartments (NONMEM's CMT), their dose settings (F<n>, ALAG<n>, R<n>,
// D<n>) and NONMEM's library models (ADVAN1, 2, 3, 4, 11, 12, and the general linear ADVAN5/7).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "layout.hpp"
#include "linear.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/model.hpp"

namespace pkengine {

namespace {

/// Where a library model's parameter lives.
enum class Slot { Cl, V1, Q2, V2, Q3, V3, Ka };

struct AdvanParameter {
    const char* name;
    Slot slot;
};

struct AdvanSpec {
    int number;
    int compartments;  // of the disposition
    bool depot;        // first-order absorption from compartment 1
    std::vector<AdvanParameter> parameters;
};

const std::vector<AdvanSpec>& advan_specs() {
    static const std::vector<AdvanSpec> specs{
        {1, 1, false, {{"CL", Slot::Cl}, {"V", Slot::V1}}},
        {2, 1, true, {{"CL", Slot::Cl}, {"V", Slot::V1}, {"KA", Slot::Ka}}},
        {3, 2, false, {{"CL", Slot::Cl}, {"V1", Slot::V1}, {"Q", Slot::Q2}, {"V2", Slot::V2}}},
        {4,
         2,
         true,
         {{"CL", Slot::Cl}, {"V2", Slot::V1}, {"Q", Slot::Q2}, {"V3", Slot::V2}, {"KA", Slot::Ka}}},
        {11,
         3,
         false,
         {{"CL", Slot::Cl},
          {"V1", Slot::V1},
          {"Q2", Slot::Q2},
          {"V2", Slot::V2},
          {"Q3", Slot::Q3},
          {"V3", Slot::V3}}},
        {12,
         3,
         true,
         {{"CL", Slot::Cl},
          {"V2", Slot::V1},
          {"Q3", Slot::Q2},
          {"V3", Slot::V2},
          {"Q4", Slot::Q3},
          {"V4", Slot::V3},
          {"KA", Slot::Ka}}},
    };
    return specs;
}

const AdvanSpec* find_spec(int number) {
    for (const AdvanSpec& spec : advan_specs()) {
        if (spec.number == number) return &spec;
    }
    return nullptr;
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string parameter_list(const AdvanSpec& spec) {
    std::string list;
    for (const AdvanParameter& p : spec.parameters)
        list += (list.empty() ? "" : ", ") + std::string(p.name);
    return list;
}

const AdvanParameter& find_parameter(const AdvanSpec& spec, const std::string& name, double value) {
    const std::string key = upper(name);
    for (const AdvanParameter& p : spec.parameters) {
        if (key == p.name) return p;
    }
    detail::fail(name, value,
                 "ADVAN" + std::to_string(spec.number) + " has no parameter " + name +
                     " (its parameters: " + parameter_list(spec) + ")");
}

double slot_value(const Model& model, Slot slot) {
    const Disposition& d = model.disposition();
    switch (slot) {
        case Slot::Cl: return d.cl();
        case Slot::V1: return d.v1();
        case Slot::Q2: return d.q2();
        case Slot::V2: return d.v2();
        case Slot::Q3: return d.q3();
        case Slot::V3: return d.v3();
        case Slot::Ka: return model.absorption(Route::Oral).ka_per_h;
    }
    return 0.0;
}

/// Library model parameter `index` (of its spec's list). Throws InvalidInput out of range.
const AdvanParameter& advan_parameter(int advan, std::size_t index) {
    const AdvanSpec* spec = find_spec(advan);
    if (spec == nullptr) {
        throw InvalidInput("parameter index " + std::to_string(index) +
                           ": this model is route-named (its parameters are its dataset columns)");
    }
    if (index >= spec->parameters.size()) {
        throw InvalidInput("parameter index " + std::to_string(index) + ": ADVAN" +
                           std::to_string(advan) + " has " +
                           std::to_string(spec->parameters.size()) + " parameters");
    }
    return spec->parameters[index];
}

Disposition make_disposition(int compartments, const std::array<double, 6>& v);

/// Sets a library model's parameter in `slot` (the messages name it `name`).
void set_slot(Model& model, Slot slot, double value, std::string_view name) {
    detail::require_positive(value, name);
    if (slot == Slot::Ka) {
        Absorption a = model.absorption(Route::Oral);
        a.ka_per_h = value;
        model.set_absorption(Route::Oral, a);
        return;
    }
    const Disposition& d = model.disposition();
    std::array<double, 6> v{d.cl(), d.v1(), d.q2(), d.v2(), d.q3(), d.v3()};
    v[static_cast<std::size_t>(slot)] = value;
    model.set_disposition(make_disposition(d.compartments(), v));
}

Disposition make_disposition(int compartments, const std::array<double, 6>& v) {
    if (compartments == 1) return Disposition::one_compartment(v[0], v[1]);
    if (compartments == 2) return Disposition::two_compartment(v[0], v[1], v[2], v[3]);
    return Disposition::three_compartment(v[0], v[1], v[2], v[3], v[4], v[5]);
}

/// NONMEM's general linear models: the structure is read from the parameter names.
bool is_general_advan(int number) {
    return number == 5 || number == 7;
}

constexpr const char* kGeneralParameters =
    "K<m><n> from compartment m to n (0 = out; K<m>T<n> when m or n has two digits), V<n>";

/// A compartment number of a general model's parameter name ("12" of V12); 0 when `digits` is
/// not a number of 1 or 2 digits.
int compartment_number(const std::string& digits) {
    if (digits.empty() || digits.size() > 2) return 0;
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    }
    return std::stoi(digits);
}

/// One parameter of a general model: a transfer K<m><n> (to = 0: out) or a volume V<n>.
struct GeneralParameter {
    bool volume = false;
    int from = 0;  // or the compartment of a volume
    int to = 0;
};

GeneralParameter parse_general_parameter(int number, const std::string& name, double value) {
    const std::string key = upper(name);
    auto unknown = [&]() {
        detail::fail(name, value,
                     "ADVAN" + std::to_string(number) + " has no parameter " + name +
                         " (its parameters: " + kGeneralParameters + ")");
    };
    if (key.size() >= 2 && key[0] == 'V') {
        const int n = compartment_number(key.substr(1));
        if (n == 0) unknown();
        return {true, n, 0};
    }
    if (key.size() < 3 || key[0] != 'K') unknown();
    const std::string rest = key.substr(1);
    const std::size_t t = rest.find('T');
    int from = 0;
    int to = -1;
    if (t == std::string::npos) {
        if (rest.size() != 2 || !std::isdigit(static_cast<unsigned char>(rest[0])) ||
            !std::isdigit(static_cast<unsigned char>(rest[1]))) {
            unknown();
        }
        from = rest[0] - '0';
        to = rest[1] - '0';
    } else {
        from = compartment_number(rest.substr(0, t));
        const std::string target = rest.substr(t + 1);
        to = target == "0" ? 0 : compartment_number(target);
        if (to == 0 && target != "0") to = -1;
    }
    if (from == 0 || to < 0) unknown();
    if (from == to) detail::fail(name, value, "a transfer from a compartment to itself");
    return {false, from, to};
}

std::string general_compartment_name(int n) {
    return "compartment" + std::to_string(n);
}

/// ADVAN5/7: compartments 1 to the highest number a parameter names, a transfer per K, a
/// volume per V; the observed compartment is the first with a volume.
LinearStructure general_advan_structure(int number,
                                        const std::map<std::string, double>& parameters) {
    std::vector<std::pair<std::string, GeneralParameter>> parsed;
    int n = 0;
    for (const auto& [name, value] : parameters) {
        const GeneralParameter p = parse_general_parameter(number, name, value);
        for (const auto& [other, q] : parsed) {
            if (q.volume == p.volume && q.from == p.from && q.to == p.to) {
                detail::fail(name, value, "given twice (also as " + other + ")");
            }
        }
        parsed.emplace_back(name, p);
        n = std::max({n, p.from, p.to});
    }
    const std::string model = "ADVAN" + std::to_string(number);
    if (std::none_of(parsed.begin(), parsed.end(),
                     [](const auto& e) { return !e.second.volume; })) {
        throw InvalidInput(model + ": no transfer given (its parameters: " + kGeneralParameters +
                           ")");
    }
    if (std::none_of(parsed.begin(), parsed.end(), [](const auto& e) { return e.second.volume; })) {
        throw InvalidInput(model +
                           ": no volume given; the observed compartment is the first with a "
                           "volume V<n>");
    }
    LinearStructure s;
    for (int c = 1; c <= n; ++c) s.compartments.push_back({general_compartment_name(c), 0.0});
    for (const auto& [name, p] : parsed) {
        const double value = parameters.at(name);
        detail::require_non_negative(value, name);
        if (p.volume) {
            detail::require_positive(value, name);
            s.compartments[static_cast<std::size_t>(p.from - 1)].volume_l = value;
        } else {
            s.transfers.push_back(LinearTransfer::rate(
                general_compartment_name(p.from),
                p.to == 0 ? std::string() : general_compartment_name(p.to), value));
        }
    }
    return s;
}

}  // namespace

std::string detail::compartment_list(const std::vector<Compartment>& table) {
    std::string list;
    for (const Compartment& c : table) {
        list += (list.empty() ? "" : ", ") + std::to_string(c.number) + " " + c.name;
    }
    return list;
}

void CompartmentDosing::validate(const std::string& prefix) const {
    detail::require_positive(f, prefix + "f");
    detail::require_non_negative(lag_h, prefix + "lag_h");
    detail::require_non_negative(modelled.rate_mg_per_h, prefix + "modelled_rate_mg_per_h");
    detail::require_non_negative(modelled.duration_h, prefix + "modelled_duration_h");
}

Model Model::advan(int number, const std::map<std::string, double>& parameters) {
    if (is_general_advan(number)) {
        Model model(general_advan_structure(number, parameters));
        model.m_advan = number;
        return model;
    }
    const AdvanSpec* spec = find_spec(number);
    if (spec == nullptr) {
        detail::fail("advan", number,
                     "NONMEM library models available: ADVAN1, 2, 3, 4, 5, 7, 11, 12");
    }
    std::array<double, 7> values{};
    std::array<bool, 7> given{};
    for (const auto& [name, value] : parameters) {
        const AdvanParameter& p = find_parameter(*spec, name, value);
        const auto slot = static_cast<std::size_t>(p.slot);
        if (given[slot]) detail::fail(name, value, "given twice");
        detail::require_positive(value, name);
        values[slot] = value;
        given[slot] = true;
    }
    for (const AdvanParameter& p : spec->parameters) {
        if (!given[static_cast<std::size_t>(p.slot)]) {
            throw InvalidInput("ADVAN" + std::to_string(number) + ": parameter " + p.name +
                               " is missing (it needs " + parameter_list(*spec) + ")");
        }
    }
    Model model(make_disposition(
        spec->compartments, {values[0], values[1], values[2], values[3], values[4], values[5]}));
    if (spec->depot) {
        Absorption absorption;
        absorption.ka_per_h = values[static_cast<std::size_t>(Slot::Ka)];
        model.set_absorption(Route::Oral, absorption);
    }
    model.m_advan = number;
    return model;
}

std::vector<std::string> Model::parameter_names() const {
    if (m_linear) return detail::linear_parameter_names(*m_linear);
    std::vector<std::string> names;
    if (const AdvanSpec* spec = find_spec(m_advan)) {
        for (const AdvanParameter& p : spec->parameters) names.emplace_back(p.name);
    }
    return names;
}

std::size_t Model::parameter_index(const std::string& name) const {
    if (m_linear) return detail::linear_parameter_index(*m_linear, name);
    const AdvanSpec* spec = find_spec(m_advan);
    if (spec == nullptr) {
        throw InvalidInput(name +
                           ": not a library model (ADVAN) parameter; this model is route-named");
    }
    return static_cast<std::size_t>(&find_parameter(*spec, name, 0.0) - spec->parameters.data());
}

double Model::parameter(std::size_t index) const {
    if (m_linear) return detail::linear_parameter(*m_linear, index);
    return slot_value(*this, advan_parameter(m_advan, index).slot);
}

Model& Model::set_parameter(std::size_t index, double value) {
    if (m_linear) {
        detail::set_linear_parameter(*m_linear, index, value);
        m_disposition = detail::linear_observed_disposition(*m_linear);
        return *this;
    }
    const AdvanParameter& p = advan_parameter(m_advan, index);
    set_slot(*this, p.slot, value, p.name);
    return *this;
}

double Model::parameter(const std::string& name) const {
    if (m_linear) return detail::linear_parameter(*m_linear, name);
    const AdvanSpec* spec = find_spec(m_advan);
    if (spec == nullptr) {
        throw InvalidInput(name +
                           ": not a library model (ADVAN) parameter; this model is route-named");
    }
    return slot_value(*this, find_parameter(*spec, name, 0.0).slot);
}

Model& Model::set_parameter(const std::string& name, double value) {
    if (m_linear) {
        const std::size_t index = detail::linear_parameter_index(*m_linear, name, value);
        detail::set_linear_parameter(*m_linear, index, value, name);
        m_disposition = detail::linear_observed_disposition(*m_linear);
        return *this;
    }
    const AdvanSpec* spec = find_spec(m_advan);
    if (spec == nullptr) {
        detail::fail(name, value,
                     "not a parameter of this model (a route-named model; NONMEM's names belong to "
                     "Model::advan models)");
    }
    set_slot(*this, find_parameter(*spec, name, value).slot, value, name);
    return *this;
}

std::vector<Compartment> Model::compartments() const {
    std::vector<Compartment> table;
    auto add = [&table](std::string name, CompartmentKind kind, Route route = Route::IvBolus) {
        table.push_back({static_cast<int>(table.size()) + 1, std::move(name), kind, route});
    };
    if (m_linear) {
        for (const LinearCompartment& c : m_linear->compartments) {
            add(c.name, CompartmentKind::Declared);
        }
        for (const auto& [r, j] : m_linear->own_depots()) {
            const LinearRoute& route = m_linear->routes[r];
            add("depot_" + std::string(route_name(route.route)) + "_" +
                    route.targets[j].compartment,
                CompartmentKind::Declared, route.route);
        }
        return table;
    }
    if (const AdvanSpec* spec = find_spec(m_advan); spec != nullptr) {
        if (spec->depot) add("depot_oral", CompartmentKind::Depot, Route::Oral);
        add("central", CompartmentKind::Central);
    } else {
        add("central", CompartmentKind::Central);
        for (Route route : kAbsorbedRoutes) {
            add("depot_" + std::string(route_name(route)), CompartmentKind::Depot, route);
        }
    }
    for (int p = 1; p < m_disposition.compartments(); ++p) {
        add("peripheral" + std::to_string(p), CompartmentKind::Peripheral);
    }
    // The layout's names: a dose of the route enters transit_<route>_0.
    for (Route route : kAbsorbedRoutes) {
        const auto& chain = m_transit[static_cast<std::size_t>(absorbed_index(route))];
        if (!chain) continue;
        for (int k = 0; k <= chain->count; ++k) {
            add("transit_" + std::string(route_name(route)) + "_" + std::to_string(k),
                CompartmentKind::Transit, route);
        }
    }
    if (m_metabolite) {
        add("metabolite_central", CompartmentKind::MetaboliteCentral);
        if (m_metabolite->has_peripheral()) {
            add("metabolite_peripheral", CompartmentKind::MetabolitePeripheral);
        }
    }
    return table;
}

Compartment Model::compartment(int number, const std::string& field) const {
    const std::vector<Compartment> table = compartments();
    if (number < 1 || number > static_cast<int>(table.size())) {
        throw InvalidInput(field + " = " + std::to_string(number) +
                           ": the model has no compartment " + std::to_string(number) +
                           " (its compartments: " + detail::compartment_list(table) + ")");
    }
    return table[static_cast<std::size_t>(number - 1)];
}

Model& Model::set_compartment_dosing(int number, const CompartmentDosing& dosing) {
    const Compartment c = compartment(number);
    const std::string prefix = "compartment " + std::to_string(number) + " (" + c.name + ").";
    dosing.validate(prefix);
    if (c.kind == CompartmentKind::Depot) {
        if (!has_route(c.route)) {
            throw InvalidInput(prefix.substr(0, prefix.size() - 1) +
                               ": the model has no absorption parameters for the " +
                               std::string(route_name(c.route)) + " route");
        }
        Absorption a = absorption(c.route);
        if (dosing.f > 1.0) {
            detail::fail(prefix + "f", dosing.f, "the F of a depot must be in (0, 1]");
        }
        a.f = Bioavailability::exactly(dosing.f);
        a.lag_h = dosing.lag_h;
        set_absorption(c.route, a);
        return set_modelled_infusion(c.route, dosing.modelled);
    }
    m_compartment_dosing[c.name] = dosing;
    if (c.kind == CompartmentKind::Central)
        set_modelled_infusion(Route::IvInfusion, dosing.modelled);
    return *this;
}

CompartmentDosing Model::compartment_dosing(int number) const {
    return compartment_dosing(compartment(number));
}

CompartmentDosing Model::compartment_dosing(const Compartment& c) const {
    if (c.kind == CompartmentKind::Depot) {
        CompartmentDosing d;
        if (has_route(c.route)) {
            d.f = absorption(c.route).f.nominal;
            d.lag_h = absorption(c.route).lag_h;
        }
        d.modelled = modelled_infusion(c.route);
        return d;
    }
    const auto found = m_compartment_dosing.find(c.name);
    CompartmentDosing d = found != m_compartment_dosing.end() ? found->second : CompartmentDosing{};
    if (c.kind == CompartmentKind::Central) d.modelled = modelled_infusion(Route::IvInfusion);
    return d;
}

}  // namespace pkengine
