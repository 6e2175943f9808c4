#pragma once
// Shared helpers of the C++ tests: closed-form solutions written independently of the engine,
// and the reference model of docs/design.md ("Reference case").

#include <cmath>
#include <pkengine/pkengine.hpp>
#include <vector>

namespace testing {

/// Relative difference |a - b| / |b| (|a - b| when b == 0).
inline double rel_diff(double a, double b) {
    return b == 0.0 ? std::abs(a - b) : std::abs(a - b) / std::abs(b);
}

/// One-compartment IV bolus: C = D/V e^{-kt} (mg/L).
inline double one_cmt_bolus(double dose, double v, double k, double t) {
    return t < 0.0 ? 0.0 : dose / v * std::exp(-k * t);
}

/// One-compartment first-order absorption with F and lag (Bateman function), mg/L.
inline double bateman(double dose, double f, double ka, double k, double v, double lag, double t) {
    const double s = t - lag;
    if (s <= 0.0) return 0.0;
    if (ka == k) return f * dose * k * s * std::exp(-k * s) / v;
    return f * dose * ka / (v * (ka - k)) * (std::exp(-k * s) - std::exp(-ka * s));
}

/// One-compartment zero-order infusion of `rate` (mg/h) over `duration` (h), mg/L.
inline double one_cmt_infusion(double rate, double duration, double cl, double v, double t) {
    const double k = cl / v;
    if (t <= 0.0) return 0.0;
    if (t <= duration) return rate / cl * (1.0 - std::exp(-k * t));
    return rate / cl * (1.0 - std::exp(-k * duration)) * std::exp(-k * (t - duration));
}

/// Two-compartment IV bolus: C = A e^{-alpha t} + B e^{-beta t}, mg/L.
inline double two_cmt_bolus(double dose, double v1, double k10, double k12, double k21, double t) {
    const double sum = k10 + k12 + k21;
    const double disc = std::sqrt(sum * sum - 4.0 * k10 * k21);
    const double alpha = 0.5 * (sum + disc);
    const double beta = 0.5 * (sum - disc);
    const double a = dose / v1 * (alpha - k21) / (alpha - beta);
    const double b = dose / v1 * (k21 - beta) / (alpha - beta);
    return a * std::exp(-alpha * t) + b * std::exp(-beta * t);
}

/// The reference disposition (docs/design.md, "Reference case"): Domino 1984 at 70 kg,
/// micro-constants per minute converted to per hour, V1 = 0.063 L/kg x 70 kg.
inline pkengine::Disposition domino_70kg() {
    using pkengine::units::per_minute_to_per_hour;
    const pkengine::MicroConstants k{per_minute_to_per_hour(0.4381), per_minute_to_per_hour(0.5921),
                                     per_minute_to_per_hour(0.2470), per_minute_to_per_hour(0.5900),
                                     per_minute_to_per_hour(0.0146)};
    return pkengine::Disposition::from_micro_constants(3, k, 0.063 * 70.0);
}

/// Output times 0, step, 2 step, ... up to `end` (h), `end` included within rounding.
inline std::vector<double> uniform_times(double end, double step) {
    std::vector<double> t;
    for (double x = 0.0; x <= end + 1e-9; x += step) t.push_back(x);
    return t;
}

/// The ODE path at tolerances tight enough to compare with exact solutions: rtol 1e-10,
/// atol 1e-12 mg.
inline pkengine::SimulationOptions tight_ode() {
    pkengine::SimulationOptions o;
    o.path = pkengine::SolverPath::Ode;
    o.rtol = 1e-10;
    o.atol_mg = 1e-12;
    return o;
}

}  // namespace testing
