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

/// The fastest first-order rate constant accepted (1/h): the sum of the rate constants out of
/// any state (ka, ktr, CL/V1 + Q/V1, Q/Vp, the metabolite's, ke0). Up to it both paths keep the
/// mass and every state to 1e-9 of the dose (the exact path to rounding); a faster one is an
/// error naming the state and the rate.
inline constexpr double kMaxRateConstantPerH = 1e12;
/// Default bound on the actions one simulation implies (SimulationOptions::max_actions), counted
/// from the records before any work: every dose of a record and of its ADDL repeats is one
/// action per input (two when part of an intranasal or sublingual dose is swallowed), twice for
/// an infusion (its start and its end). Ten million actions hold about 0.6 GB.
inline constexpr std::size_t kDefaultMaxActions = 10'000'000;
/// Default bound on the values one simulation returns (SimulationOptions::max_output_values):
/// output points x states (for a dataset, summed over its IDs), checked before any work. A
/// hundred million amounts take 0.8 GB.
inline constexpr std::size_t kDefaultMaxOutputValues = 100'000'000;
/// The shortest infusion given as an infusion (h): 1e-6 h (3.6 ms). An infusion shorter than
/// that (after F) is given as a bolus of its amount at its start, and the result counts it
/// (Result::infusions_as_bolus): at such lengths the start and the end of an infusion are no
/// longer apart in double precision late in a ten-year horizon.
inline constexpr double kMinInfusionDurationH = 1e-6;
/// The most states the exact (matrix-exponential) path takes with stack-only storage: room for
/// a three-compartment model with every route, a metabolite with a peripheral compartment, an
/// effect site and transit chains of about a dozen compartments. A general linear model
/// (LinearStructure) may not need more.
inline constexpr int kMaxExactStates = 32;

}  // namespace pkengine
