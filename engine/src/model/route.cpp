#include "pkengine/route.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
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

namespace {

/// True when every end of `f` is finite, in (0, 1], and nominal lies within [low, high].
bool in_range(const Bioavailability& f) {
    return std::isfinite(f.nominal) && std::isfinite(f.low) && std::isfinite(f.high) &&
           f.low > 0.0 && f.high <= 1.0 && f.nominal >= f.low && f.nominal <= f.high;
}

}  // namespace

// Field names are formatted only for a failing value: populations set an absorption for every
// subject.
void Bioavailability::validate(std::string_view field) const {
    if (in_range(*this)) return;
    const auto name = [field](const char* member) { return std::string(field) + member; };
    detail::require_finite(nominal, name(".nominal"));
    detail::require_finite(low, name(".low"));
    detail::require_finite(high, name(".high"));
    if (!(low > 0.0)) detail::fail(name(".low"), low, "bioavailability must be in (0, 1]");
    if (high > 1.0) detail::fail(name(".high"), high, "bioavailability must be in (0, 1]");
    detail::fail(name(".nominal"), nominal,
                 "must lie in [low, high] = [" + detail::format_value(low) + ", " +
                     detail::format_value(high) + "]");
}

void Absorption::validate(Route route) const {
    validate_route(route);
    const auto name = [route](const char* member) {
        return std::string(route_name(route)) + member;
    };
    if (!in_range(f)) f.validate(name(".f"));
    if (!(std::isfinite(ka_per_h) && ka_per_h > 0.0)) {
        detail::require_positive(ka_per_h, name(".ka_per_h"));
    }
    if (!(std::isfinite(lag_h) && lag_h >= 0.0))
        detail::require_non_negative(lag_h, name(".lag_h"));
    if (fraction_swallowed == 0.0) return;
    detail::require_non_negative(fraction_swallowed, name(".fraction_swallowed"));
    if (fraction_swallowed >= 1.0) {
        detail::fail(name(".fraction_swallowed"), fraction_swallowed, "must be in [0, 1)");
    }
    const bool can_swallow = route == Route::Intranasal || route == Route::Sublingual;
    if (!can_swallow) {
        detail::fail(name(".fraction_swallowed"), fraction_swallowed,
                     "only intranasal and sublingual doses can be partly swallowed");
    }
}

}  // namespace pkengine
