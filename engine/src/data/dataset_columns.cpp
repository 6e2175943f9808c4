#include <array>
#include <string>
#include <utility>

#include "csv.hpp"
#include "pkengine/dataset.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine {

const std::vector<CmtEntry>& cmt_table() {
    static const std::vector<CmtEntry> table{
        {1, "central", "iv_bolus (no RATE, no DUR); iv_infusion (RATE or DUR given)"},
        {2, "depot_im", "im"},
        {3, "depot_intranasal", "intranasal (a swallowed fraction goes on to depot_oral)"},
        {4, "depot_oral", "oral"},
        {5, "depot_sublingual", "sublingual (a swallowed fraction goes on to depot_oral)"}};
    return table;
}

Route route_for_cmt(int cmt, bool infusion, const std::string& field) {
    switch (cmt) {
        case 1: return infusion ? Route::IvInfusion : Route::IvBolus;
        case 2: return Route::Intramuscular;
        case 3: return Route::Intranasal;
        case 4: return Route::Oral;
        case 5: return Route::Sublingual;
        default: break;
    }
    throw InvalidInput(field + " = " + std::to_string(cmt) +
                       ": unknown CMT (1 central, 2 IM depot, 3 intranasal depot, 4 oral depot, "
                       "5 sublingual depot)");
}

namespace {

/// A general linear model's compartment: a dose goes straight in; what observes it, which
/// routes enter it; an own depot names its route.
std::string declared_meaning(const Model& model, const Compartment& c) {
    const LinearStructure& s = *model.linear_structure();
    const auto index = static_cast<std::size_t>(c.number - 1);
    if (index >= s.compartments.size()) {
        return "depot of the " + std::string(route_name(c.route)) + " route (absorbed with ka)";
    }
    std::string meaning = "a dose straight into the compartment";
    if (static_cast<int>(index) == s.observed_index()) {
        meaning += "; observed (plasma); iv_bolus, iv_infusion unless mapped";
    }
    if (s.metabolite == c.name) meaning += "; observed metabolite";
    for (const LinearRoute& r : s.routes) {
        for (const LinearRouteTarget& t : r.targets) {
            if (t.compartment == c.name && !(t.ka_per_h > 0.0)) {
                meaning += "; " + std::string(route_name(r.route)) + " enters it";
            }
        }
    }
    return meaning;
}

}  // namespace

std::vector<CmtEntry> cmt_table(const Model& model) {
    std::vector<CmtEntry> table;
    for (const Compartment& c : model.compartments()) {
        std::string meaning;
        switch (c.kind) {
            case CompartmentKind::Central:
                meaning = "iv_bolus (no RATE, no DUR); iv_infusion (RATE or DUR given)";
                break;
            case CompartmentKind::Depot:
                meaning = std::string(route_name(c.route));
                if (!model.has_route(c.route)) meaning += " (the model has no such route)";
                break;
            case CompartmentKind::Declared: meaning = declared_meaning(model, c); break;
            case CompartmentKind::Transit:
                meaning = "a dose straight into the compartment (the " +
                          std::string(route_name(c.route)) +
                          " route's transit chain; no route F, lag or swallowed share)";
                break;
            default: meaning = "a dose straight into the compartment"; break;
        }
        table.push_back({c.number, c.name, meaning});
    }
    return table;
}

int cmt_for_route(Route route) {
    validate_route(route);
    switch (route) {
        case Route::IvBolus:
        case Route::IvInfusion: return 1;
        case Route::Intramuscular: return 2;
        case Route::Intranasal: return 3;
        case Route::Oral: return 4;
        case Route::Sublingual: return 5;
    }
    return 1;
}

namespace {

constexpr std::array<std::pair<const char*, ParameterKind>, 6> kDispositionColumns = {{
    {"CL", ParameterKind::Cl},
    {"V1", ParameterKind::V1},
    {"Q2", ParameterKind::Q2},
    {"V2", ParameterKind::V2},
    {"Q3", ParameterKind::Q3},
    {"V3", ParameterKind::V3},
}};

constexpr std::array<std::pair<const char*, ParameterKind>, 6> kRouteColumns = {{
    {"KA", ParameterKind::Ka},
    {"F", ParameterKind::F},
    {"LAG", ParameterKind::Lag},
    {"SWALLOWED", ParameterKind::Swallowed},
    {"R", ParameterKind::ModelledRate},
    {"D", ParameterKind::ModelledDuration},
}};

Route column_route(ParameterKind kind, const std::string& suffix, std::string_view name) {
    const std::string column(name);
    Route route;
    try {
        route = parse_route(suffix);
    } catch (const InvalidInput&) {
        throw InvalidInput("column " + column + ": '" + suffix +
                           "' is not a route (IM, INTRANASAL, ORAL, SUBLINGUAL, IV)");
    }
    const bool absorption = kind == ParameterKind::Ka || kind == ParameterKind::F ||
                            kind == ParameterKind::Lag || kind == ParameterKind::Swallowed;
    if (absorption && !is_absorbed(route)) {
        throw InvalidInput("column " + column + ": IV routes have no absorption parameters");
    }
    if (kind == ParameterKind::Swallowed && route != Route::Intranasal &&
        route != Route::Sublingual) {
        throw InvalidInput("column " + column +
                           ": only intranasal and sublingual doses can be partly swallowed");
    }
    return route == Route::IvBolus ? Route::IvInfusion : route;
}

/// F<n>, ALAG<n>, R<n>, D<n> (n >= 1), NONMEM's per-compartment items.
std::optional<ParameterColumn> compartment_column(const std::string& key, std::string_view name) {
    static const std::array<std::pair<const char*, ParameterKind>, 4> items = {{
        {"ALAG", ParameterKind::CompartmentLag},
        {"F", ParameterKind::CompartmentF},
        {"R", ParameterKind::CompartmentRate},
        {"D", ParameterKind::CompartmentDuration},
    }};
    for (const auto& [prefix, kind] : items) {
        const std::string p(prefix);
        if (key.size() <= p.size() || key.compare(0, p.size(), p) != 0) continue;
        const std::string digits = key.substr(p.size());
        if (digits.size() > 3 || digits[0] == '0' ||
            digits.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        return ParameterColumn{kind, Route::IvInfusion, std::string(name), std::stoi(digits)};
    }
    return std::nullopt;
}

/// True for the names of a general linear model's parameters: K<m><n>, K<m>T<n>, CL<m><n>,
/// CL<m>T<n> (transfers) and V<n> (volumes; V1-V3 are the route-named models' already).
bool general_linear_name(const std::string& key) {
    const std::size_t start = key.compare(0, 2, "CL") == 0     ? 2
                              : key[0] == 'K' || key[0] == 'V' ? 1
                                                               : 0;
    if (start == 0 || key.size() <= start) return false;
    const std::string rest = key.substr(start);
    const bool digits_only = rest.find_first_not_of("0123456789") == std::string::npos;
    if (key[0] == 'V') return digits_only && rest[0] != '0';
    const std::size_t t = rest.find('T');
    if (t == std::string::npos) return digits_only && rest.size() >= 2;
    const std::string m = rest.substr(0, t), n = rest.substr(t + 1);
    return !m.empty() && !n.empty() && m.find_first_not_of("0123456789") == std::string::npos &&
           n.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::optional<ParameterColumn> parse_parameter_column(std::string_view name) {
    const std::string key = detail::upper(name);
    for (const auto& [column, kind] : kDispositionColumns) {
        if (key == column) return ParameterColumn{kind, Route::IvInfusion, std::string(name)};
    }
    for (const char* library : {"V", "Q", "Q4", "V4", "KA"}) {
        if (key == library) {
            return ParameterColumn{ParameterKind::Library, Route::IvInfusion, std::string(name)};
        }
    }
    if (auto column = compartment_column(key, name)) return column;
    if (general_linear_name(key)) {
        return ParameterColumn{ParameterKind::Library, Route::IvInfusion, std::string(name)};
    }
    const std::size_t underscore = key.find('_');
    if (underscore == std::string::npos) return std::nullopt;
    const std::string prefix = key.substr(0, underscore);
    for (const auto& [column, kind] : kRouteColumns) {
        if (prefix != column) continue;
        const Route route = column_route(kind, key.substr(underscore + 1), name);
        return ParameterColumn{kind, route, std::string(name)};
    }
    return std::nullopt;
}

namespace {

Disposition with_disposition_value(const Disposition& d, ParameterKind kind, double value,
                                   const std::string& field) {
    double cl = d.cl(), v1 = d.v1(), q2 = d.q2(), v2 = d.v2(), q3 = d.q3(), v3 = d.v3();
    const int needs = kind == ParameterKind::Q3 || kind == ParameterKind::V3   ? 3
                      : kind == ParameterKind::Q2 || kind == ParameterKind::V2 ? 2
                                                                               : 1;
    if (d.compartments() < needs) {
        detail::fail(field, value,
                     "the model has " + std::to_string(d.compartments()) +
                         " compartment(s); this parameter needs " + std::to_string(needs));
    }
    detail::require_positive(value, field);
    switch (kind) {
        case ParameterKind::Cl: cl = value; break;
        case ParameterKind::V1: v1 = value; break;
        case ParameterKind::Q2: q2 = value; break;
        case ParameterKind::V2: v2 = value; break;
        case ParameterKind::Q3: q3 = value; break;
        default: v3 = value; break;
    }
    if (d.compartments() == 1) return Disposition::one_compartment(cl, v1);
    if (d.compartments() == 2) return Disposition::two_compartment(cl, v1, q2, v2);
    return Disposition::three_compartment(cl, v1, q2, v2, q3, v3);
}

Absorption with_absorption_value(const Model& model, const ParameterColumn& column, double value,
                                 const std::string& field) {
    if (!model.has_route(column.route)) {
        detail::fail(field, value,
                     "the model has no " + std::string(route_name(column.route)) +
                         " route to set this parameter on");
    }
    Absorption a = model.absorption(column.route);
    switch (column.kind) {
        case ParameterKind::Ka: a.ka_per_h = value; break;
        case ParameterKind::F: a.f = Bioavailability::exactly(value); break;
        case ParameterKind::Lag: a.lag_h = value; break;
        default: a.fraction_swallowed = value; break;
    }
    return a;
}

}  // namespace

namespace {

void set_compartment_value(Model& model, const ParameterColumn& column, double value,
                           const std::string& field) {
    try {
        CompartmentDosing d = model.compartment_dosing(column.compartment);
        switch (column.kind) {
            case ParameterKind::CompartmentF: d.f = value; break;
            case ParameterKind::CompartmentLag: d.lag_h = value; break;
            case ParameterKind::CompartmentRate: d.modelled.rate_mg_per_h = value; break;
            default: d.modelled.duration_h = value; break;
        }
        model.set_compartment_dosing(column.compartment, d);
    } catch (const InvalidInput& e) {
        detail::fail(field, value, e.what());
    }
}

/// A structural parameter of a library model, by NONMEM's name.
void set_library_value(Model& model, const ParameterColumn& column, double value,
                       const std::string& field) {
    if (model.advan() == 0 && !model.linear_structure()) {
        detail::fail(field, value,
                     "not a parameter of this model (a route-named model: CL, V1, Q2, V2, Q3, V3; "
                     "NONMEM's names " +
                         column.name + " belong to library models: --advan N)");
    }
    model.set_parameter(field, value);  // its messages name the column
}

/// The compartment whose F, lag, rate or duration a column sets; 0 for other columns.
int dosing_compartment(const Model& model, const ParameterColumn& column) {
    switch (column.kind) {
        case ParameterKind::CompartmentF:
        case ParameterKind::CompartmentLag:
        case ParameterKind::CompartmentRate:
        case ParameterKind::CompartmentDuration: return column.compartment;
        case ParameterKind::F:
        case ParameterKind::Lag:
        case ParameterKind::ModelledRate:
        case ParameterKind::ModelledDuration: break;
        default: return 0;
    }
    for (const Compartment& c : model.compartments()) {
        const bool depot = c.kind == CompartmentKind::Depot && c.route == column.route;
        const bool iv = c.kind == CompartmentKind::Central && !is_absorbed(column.route);
        if (depot || iv) return c.number;
    }
    return 0;
}

/// Which item of a compartment a dosing column sets: 0 F, 1 lag, 2 rate, 3 duration.
int dosing_item(ParameterKind kind) {
    switch (kind) {
        case ParameterKind::CompartmentF:
        case ParameterKind::F: return 0;
        case ParameterKind::CompartmentLag:
        case ParameterKind::Lag: return 1;
        case ParameterKind::CompartmentRate:
        case ParameterKind::ModelledRate: return 2;
        default: return 3;
    }
}

}  // namespace

void check_parameter_columns(const Model& model, const std::vector<ParameterColumn>& columns) {
    static const char* items[] = {"F", "lag", "modelled rate", "modelled duration"};
    for (std::size_t a = 0; a < columns.size(); ++a) {
        for (std::size_t b = 0; b < a; ++b) {
            if (detail::upper(columns[a].name) == detail::upper(columns[b].name)) {
                throw InvalidInput("column " + columns[a].name + " is given twice");
            }
            const int ca = dosing_compartment(model, columns[a]);
            if (ca == 0 || ca != dosing_compartment(model, columns[b]) ||
                dosing_item(columns[a].kind) != dosing_item(columns[b].kind)) {
                continue;
            }
            throw InvalidInput("columns " + columns[b].name + " and " + columns[a].name +
                               " both set the " + items[dosing_item(columns[a].kind)] +
                               " of compartment " + std::to_string(ca) + " (" +
                               model.compartment(ca).name + "): keep one");
        }
    }
}

bool sets_by_nonmem_name(const Model& model, const ParameterColumn& column) {
    if (column.kind == ParameterKind::Library) return true;
    if (column.kind == ParameterKind::CompartmentF && model.linear_structure()) {
        // F<depot> of a general linear model's own depot: its route target's fraction.
        const LinearStructure& s = *model.linear_structure();
        const auto first = static_cast<int>(s.compartments.size()) + 1;
        return column.compartment >= first &&
               column.compartment < first + static_cast<int>(s.own_depots().size());
    }
    const bool structural = column.kind == ParameterKind::Cl || column.kind == ParameterKind::V1 ||
                            column.kind == ParameterKind::Q2 || column.kind == ParameterKind::V2 ||
                            column.kind == ParameterKind::Q3 || column.kind == ParameterKind::V3;
    return structural && (model.advan() != 0 || model.linear_structure().has_value());
}

void set_parameter(Model& model, const ParameterColumn& column, double value,
                   const std::string& field) {
    detail::require_finite(value, field);
    if (sets_by_nonmem_name(model, column)) {
        set_library_value(model, column, value, field);
        return;
    }
    switch (column.kind) {
        case ParameterKind::CompartmentF:
        case ParameterKind::CompartmentLag:
        case ParameterKind::CompartmentRate:
        case ParameterKind::CompartmentDuration:
            set_compartment_value(model, column, value, field);
            return;
        case ParameterKind::Library: return;  // handled above
        case ParameterKind::Cl:
        case ParameterKind::V1:
        case ParameterKind::Q2:
        case ParameterKind::V2:
        case ParameterKind::Q3:
        case ParameterKind::V3:
            model.set_disposition(
                with_disposition_value(model.disposition(), column.kind, value, field));
            return;
        case ParameterKind::Ka:
        case ParameterKind::F:
        case ParameterKind::Lag:
        case ParameterKind::Swallowed: {
            const Absorption a = with_absorption_value(model, column, value, field);
            try {
                model.set_absorption(column.route, a);
            } catch (const InvalidInput& e) {
                detail::fail(field, value, e.what());
            }
            return;
        }
        case ParameterKind::ModelledRate:
        case ParameterKind::ModelledDuration: {
            ModelledInfusion m = model.modelled_infusion(column.route);
            (column.kind == ParameterKind::ModelledRate ? m.rate_mg_per_h : m.duration_h) = value;
            detail::require_non_negative(value, field);
            model.set_modelled_infusion(column.route, m);
            return;
        }
    }
}

Model with_parameter(const Model& model, const ParameterColumn& column, double value,
                     const std::string& field) {
    Model changed = model;
    set_parameter(changed, column, value, field);
    return changed;
}

}  // namespace pkengine
