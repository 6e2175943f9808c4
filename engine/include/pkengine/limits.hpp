#pragma once
/// @file limits.hpp
/// Bounds beyond which an input is taken for a mistake rather than simulated.

#include <cstddef>

namespace pkengine {

/// The longest simulated horizon accepted (h): ten years. Longer is a units mistake.
inline constexpr double kMaxHorizonH = 10.0 * 365.25 * 24.0;
/// The most output points accepted in one simulation (memory: points x states x 8 bytes).
inline constexpr std::size_t kMaxOutputPoints = 20'000'000;
/// The most additional doses (ADDL) one record may ask for.
inline constexpr int kMaxAdditionalDoses = 1'000'000;
/// The heaviest body weight accepted (kg).
inline constexpr double kMaxWeightKg = 500.0;

}  // namespace pkengine
