#pragma once
/// @file units.hpp
/// pkengine's one unit system: time h, amount mg, volume L, clearance L/h, rate constants 1/h,
/// weight kg, concentration mg/L (= ug/mL). Presentation layers may show ng/mL; the conversion
/// happens here, once.

namespace pkengine::units {

/// ng/mL per mg/L: 1 mg/L = 1 ug/mL = 1000 ng/mL.
inline constexpr double kNgPerMlPerMgPerL = 1000.0;
/// Minutes per hour.
inline constexpr double kMinutesPerHour = 60.0;
/// Hours per day.
inline constexpr double kHoursPerDay = 24.0;

/// Concentration in mg/L -> ng/mL.
constexpr double mg_per_l_to_ng_per_ml(double mg_per_l) {
    return mg_per_l * kNgPerMlPerMgPerL;
}
/// Concentration in ng/mL -> mg/L.
constexpr double ng_per_ml_to_mg_per_l(double ng_per_ml) {
    return ng_per_ml / kNgPerMlPerMgPerL;
}
/// Minutes -> hours.
constexpr double minutes_to_hours(double minutes) {
    return minutes / kMinutesPerHour;
}
/// Days -> hours.
constexpr double days_to_hours(double days) {
    return days * kHoursPerDay;
}
/// A rate constant in 1/min -> 1/h.
constexpr double per_minute_to_per_hour(double k_per_min) {
    return k_per_min * kMinutesPerHour;
}

}  // namespace pkengine::units
