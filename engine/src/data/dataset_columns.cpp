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

}  // namespace

std::optional<ParameterColumn> parse_parameter_column(std::string_view name) {
    const std::string key = detail::upper(name);
    for (const auto& [column, kind] : kDispositionColumns) {
        if (key == column) return ParameterColumn{kind, Route::IvInfusion, std::string(name)};
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

Model with_parameter(const Model& model, const ParameterColumn& column, double value,
                     const std::string& field) {
    detail::require_finite(value, field);
    Model changed = model;
    switch (column.kind) {
        case ParameterKind::Cl:
        case ParameterKind::V1:
        case ParameterKind::Q2:
        case ParameterKind::V2:
        case ParameterKind::Q3:
        case ParameterKind::V3:
            changed.set_disposition(
                with_disposition_value(model.disposition(), column.kind, value, field));
            return changed;
        case ParameterKind::Ka:
        case ParameterKind::F:
        case ParameterKind::Lag:
        case ParameterKind::Swallowed: {
            const Absorption a = with_absorption_value(model, column, value, field);
            try {
                changed.set_absorption(column.route, a);
            } catch (const InvalidInput& e) {
                detail::fail(field, value, e.what());
            }
            return changed;
        }
        case ParameterKind::ModelledRate:
        case ParameterKind::ModelledDuration: {
            ModelledInfusion m = model.modelled_infusion(column.route);
            (column.kind == ParameterKind::ModelledRate ? m.rate_mg_per_h : m.duration_h) = value;
            detail::require_non_negative(value, field);
            changed.set_modelled_infusion(column.route, m);
            return changed;
        }
    }
    return changed;
}

}  // namespace pkengine
