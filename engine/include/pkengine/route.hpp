#pragma once
/// @file route.hpp
/// Routes of administration and the absorption parameters of the absorbed ones.

#include <array>
#include <string>
#include <string_view>

namespace pkengine {

/// A route of administration. IV routes put the dose straight into the central compartment;
/// the others pass through a depot of their own, so one regimen may mix routes.
enum class Route { IvBolus, IvInfusion, Intramuscular, Intranasal, Oral, Sublingual };

/// Every route, in a fixed order (the order of tables and figures).
inline constexpr std::array<Route, 6> kAllRoutes = {Route::IvBolus,       Route::IvInfusion,
                                                    Route::Intramuscular, Route::Intranasal,
                                                    Route::Oral,          Route::Sublingual};

/// The absorbed routes (those with a depot), in a fixed order.
inline constexpr std::array<Route, 4> kAbsorbedRoutes = {Route::Intramuscular, Route::Intranasal,
                                                         Route::Oral, Route::Sublingual};

/// True for IM, intranasal, oral and sublingual.
constexpr bool is_absorbed(Route route) {
    return route != Route::IvBolus && route != Route::IvInfusion;
}

/// Index of an absorbed route in kAbsorbedRoutes (0..3); -1 for IV routes.
constexpr int absorbed_index(Route route) {
    switch (route) {
        case Route::Intramuscular: return 0;
        case Route::Intranasal: return 1;
        case Route::Oral: return 2;
        case Route::Sublingual: return 3;
        case Route::IvBolus:
        case Route::IvInfusion: return -1;
    }
    return -1;
}

/// Canonical name: "iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual".
std::string_view route_name(Route route);

/// True for the six routes above; false for any other value of the type (a binding can hand one
/// over: pybind11 enums accept any integer).
constexpr bool is_valid_route(Route route) {
    return static_cast<int>(route) >= static_cast<int>(Route::IvBolus) &&
           static_cast<int>(route) <= static_cast<int>(Route::Sublingual);
}

/// Throws InvalidInput naming `field` and the value unless the route is one of the six.
void validate_route(Route route, std::string_view field = "route");

/// Parses a route name. Accepts the canonical names and the aliases "iv", "intramuscular", "in",
/// "nasal", "po", "sl", "buccal" (case-insensitive). Throws InvalidInput naming `field`.
Route parse_route(std::string_view name, std::string_view field = "route");

/// Which value of a bioavailability range a simulation uses.
enum class FChoice { Nominal, Low, High };

/// Bioavailability F (fraction, dimensionless): a nominal value and its range of real
/// uncertainty. Invariant (checked by validate): 0 < low <= nominal <= high <= 1.
struct Bioavailability {
    double nominal = 1.0;  ///< fraction of the dose reaching the systemic circulation
    double low = 1.0;      ///< lower end of the published range
    double high = 1.0;     ///< upper end of the published range

    /// A point value (no range).
    static Bioavailability exactly(double f) { return {f, f, f}; }
    /// A value inside a range.
    static Bioavailability range(double nominal, double low, double high) {
        return {nominal, low, high};
    }
    /// The value for a choice.
    double value(FChoice choice) const {
        return choice == FChoice::Low ? low : choice == FChoice::High ? high : nominal;
    }
    /// Throws InvalidInput naming `field` unless 0 < low <= nominal <= high <= 1.
    void validate(std::string_view field) const;
};

/// First-order absorption from a route's own depot.
struct Absorption {
    Bioavailability f;      ///< bioavailability of the route (fraction)
    double ka_per_h = 1.0;  ///< first-order absorption rate constant (1/h), > 0
    double lag_h = 0.0;     ///< absorption lag time (h), >= 0; shifts the dose in time
    double fraction_swallowed =
        0.0;  ///< intranasal/sublingual: fraction of the dose swallowed,
              ///< which then follows the oral route (its F, ka, lag); [0, 1)

    /// Throws InvalidInput naming the field (prefixed by `route`) when a value is out of range.
    void validate(Route route) const;
};

}  // namespace pkengine
