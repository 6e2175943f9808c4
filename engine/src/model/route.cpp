#include "pkengine/route.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine {

std::string_view route_name(Route route) {
    switch (route) {
        case Route::IvBolus: return "iv_bolus";
        case Route::IvInfusion: return "iv_infusion";
        case Route::Intramuscular: return "im";
        case Route::Intranasal: return "intranasal";
        case Route::Oral: return "oral";
        case Route::Sublingual: return "sublingual";
    }
    return "unknown";
}

void validate_route(Route route, std::string_view field) {
    if (is_valid_route(route)) return;
    throw InvalidInput(std::string(field) + " = " + std::to_string(static_cast<int>(route)) +
                       ": not a route (expected iv_bolus, iv_infusion, im, intranasal, oral or "
                       "sublingual)");
}

Route parse_route(std::string_view name, std::string_view field) {
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::replace(key.begin(), key.end(), '-', '_');
    for (Route route : kAllRoutes) {
        if (key == route_name(route)) return route;
    }
    if (key == "iv") return Route::IvBolus;
    if (key == "intramuscular") return Route::Intramuscular;
    if (key == "in" || key == "nasal") return Route::Intranasal;
    if (key == "po") return Route::Oral;
    if (key == "sl" || key == "buccal") return Route::Sublingual;
    throw InvalidInput(std::string(field) + " = '" + std::string(name) +
                       "': unknown route (expected iv_bolus, iv_infusion, im, intranasal, oral "
                       "or sublingual)");
}

void Bioavailability::validate(std::string_view field) const {
    const std::string f(field);
    detail::require_finite(nominal, f + ".nominal");
    detail::require_finite(low, f + ".low");
    detail::require_finite(high, f + ".high");
    if (!(low > 0.0)) detail::fail(f + ".low", low, "bioavailability must be in (0, 1]");
    if (high > 1.0) detail::fail(f + ".high", high, "bioavailability must be in (0, 1]");
    if (nominal < low || nominal > high) {
        detail::fail(f + ".nominal", nominal,
                     "must lie in [low, high] = [" + detail::format_value(low) + ", " +
                         detail::format_value(high) + "]");
    }
}

void Absorption::validate(Route route) const {
    validate_route(route);
    const std::string prefix(route_name(route));
    f.validate(prefix + ".f");
    detail::require_positive(ka_per_h, prefix + ".ka_per_h");
    detail::require_non_negative(lag_h, prefix + ".lag_h");
    detail::require_non_negative(fraction_swallowed, prefix + ".fraction_swallowed");
    if (fraction_swallowed >= 1.0) {
        detail::fail(prefix + ".fraction_swallowed", fraction_swallowed, "must be in [0, 1)");
    }
    const bool can_swallow = route == Route::Intranasal || route == Route::Sublingual;
    if (!can_swallow && fraction_swallowed != 0.0) {
        detail::fail(prefix + ".fraction_swallowed", fraction_swallowed,
                     "only intranasal and sublingual doses can be partly swallowed");
    }
}

}  // namespace pkengine
