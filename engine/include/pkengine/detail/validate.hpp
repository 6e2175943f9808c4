#pragma once
// Boundary checks shared by the constructors and builders. Each throws InvalidInput with a
// message that names the field and the value.

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>

#include "../errors.hpp"

namespace pkengine::detail {

inline std::string format_value(double value) {
    std::ostringstream out;
    out.precision(10);
    out << value;
    return out.str();
}

[[noreturn]] inline void fail(std::string_view field, double value, std::string_view why) {
    throw InvalidInput(std::string(field) + " = " + format_value(value) + ": " + std::string(why));
}

inline void require_finite(double value, std::string_view field) {
    if (!std::isfinite(value)) fail(field, value, "must be a finite number");
}

inline void require_positive(double value, std::string_view field) {
    require_finite(value, field);
    if (!(value > 0.0)) fail(field, value, "must be > 0");
}

inline void require_non_negative(double value, std::string_view field) {
    require_finite(value, field);
    if (value < 0.0) fail(field, value, "must be >= 0");
}

/// Throws InvalidInput naming `field` and the value unless `value` (an enum's underlying value)
/// lies in [lowest, highest]: bindings can hand over any integer as an enum.
template <typename Enum>
void require_enum(Enum value, Enum lowest, Enum highest, std::string_view field) {
    const auto v = static_cast<long long>(value);
    if (v >= static_cast<long long>(lowest) && v <= static_cast<long long>(highest)) return;
    throw InvalidInput(std::string(field) + " = " + std::to_string(v) + ": not a valid value");
}

inline std::string indexed(std::string_view name, std::size_t index) {
    return std::string(name) + "[" + std::to_string(index) + "]";
}

}  // namespace pkengine::detail
