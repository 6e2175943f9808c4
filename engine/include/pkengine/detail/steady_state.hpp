#pragma once
// Steady state of a periodic dosing pattern (NONMEM SS records).
//
// The state a steady-state record sets at its time t0 is x(t0-) of the periodic solution under
// the record's dose repeated every interval forever. Over one interval [t0, t0 + ii) the pattern
// is a "window": boluses and infusion rate changes at fixed phases (an infusion longer than the
// interval overlaps its own repeats; a lag shifts the phase). One window maps x(t0-) to
// x(t0 + ii-); the steady state is the fixed point of that map.
// - Linear models (exact path): the map is affine, x -> Phi x + z, so x_ss = (I - Phi)^-1 z,
//   solved over the states that do not accumulate (solve/exact/exact_steady_state.cpp).
// - Any model: iterate_to_steady_state iterates a "one interval from state x" function until
//   the change is below a tolerance; a propagator only has to integrate one window.
// Both paths find the states that only accumulate by the one rule of find_accumulating.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "../errors.hpp"
#include "timeline.hpp"
#include "validate.hpp"

namespace pkengine::detail {

/// Where a pulse stream (doses at t0 + lag + n * ii) falls relative to t0: its doses at or
/// after t0 are at t0 + phase_h + k * ii (k >= 0), 0 <= phase_h < ii; the first `implied_after`
/// of them are implied doses of the pattern (given explicitly after t0), the next one is the
/// record's own dose. Earlier doses are in the steady state.
struct PulsePhase {
    double phase_h = 0.0;
    int implied_after = 0;
};

/// The phase of a stream with lag `lag_h` (h) and interval `interval_h` (h, > 0).
PulsePhase pulse_phase(double lag_h, double interval_h);

/// One instantaneous change in a window: a bolus and/or a change of an infusion rate.
struct WindowEvent {
    double phase_h = 0.0;  ///< time after the window's start (h), in [0, length)
    int compartment = 0;
    double bolus_mg = 0.0;              ///< amount added (mg)
    double rate_change_mg_per_h = 0.0;  ///< added to the compartment's input rate (mg/h)
};

/// One interval of a periodic pattern, from t0- to (t0 + length)-: events sorted by phase. The
/// input rates are 0 at the start; infusions running across t0 start at phase 0.
struct PeriodicWindow {
    double length_h = 0.0;
    std::vector<WindowEvent> events;
};

/// The window of a steady-state spec. A constant infusion (interval 0) has no natural
/// interval: its window is `constant_window_h` long, the rates on from phase 0.
PeriodicWindow periodic_window(const SteadyStateSpec& spec, double constant_window_h);

/// The one rule for the states that only accumulate (the eliminated amounts): a state
/// accumulates when nothing depends on it, i.e. a unit amount in it leaves every derivative
/// unchanged (for a linear model, its column of A is 0). Such a state has no steady state: it is
/// left out of the solve and of the convergence test, and is 0 in a steady state.
/// `derivative(const State& x, State& dxdt)` evaluates the system in effect; `probe`, `base` and
/// `scratch` are preallocated states of `n` entries (no allocation here); `accumulating` has n
/// entries.
template <class State, class Derivative>
void find_accumulating(int n, Derivative&& derivative, State& probe, State& base, State& scratch,
                       std::vector<bool>& accumulating) {
    for (int i = 0; i < n; ++i) probe[i] = 0.0;
    derivative(probe, base);
    for (int j = 0; j < n; ++j) {
        probe[j] = 1.0;
        derivative(probe, scratch);
        probe[j] = 0.0;
        bool unchanged = true;
        for (int i = 0; i < n; ++i) unchanged = unchanged && scratch[i] == base[i];
        accumulating[static_cast<std::size_t>(j)] = unchanged;
    }
}

/// Stopping rule of the iterative steady state.
struct SteadyStateTolerance {
    double rtol = 1e-10;                       ///< relative tolerance per state
    double atol_mg = 1e-12;                    ///< absolute tolerance per state (mg)
    int max_intervals = 100000;                ///< SolverError beyond this many intervals
    double constant_infusion_window_h = 24.0;  ///< window of a constant infusion (h)
};

/// Iterates x <- one_interval(x) from the given x until the state stops changing, for models
/// without a closed form (the ODE path plugs its "simulate one window" in here).
/// `one_interval(const Vector& in, Vector& out)` writes the state one window after `in`. The
/// iteration converges geometrically with ratio rho (the slowest mode's decay per interval);
/// it stops when the last change and the distance still left, estimated as
/// change * rho / (1 - rho) with rho from successive changes, are both within
/// atol + rtol * |x| on every non-accumulating state. Accumulating states are set to 0 at the
/// end. Returns the number of intervals; throws SolverError after tol.max_intervals.
/// `x` and `scratch` are preallocated by the caller (no allocation in the loop).
template <class Vector, class OneInterval>
int iterate_to_steady_state(OneInterval&& one_interval, Vector& x, Vector& scratch,
                            const std::vector<bool>& accumulating, const SteadyStateTolerance& tol,
                            double time_h) {
    using Index = decltype(x.size());
    double previous = std::numeric_limits<double>::infinity();
    double change = 0.0;
    for (int k = 1; k <= tol.max_intervals; ++k) {
        one_interval(x, scratch);
        change = 0.0;  // largest change, in units of the tolerance
        for (Index i = 0; i < x.size(); ++i) {
            if (accumulating[static_cast<std::size_t>(i)]) continue;
            const double scale = tol.atol_mg + tol.rtol * std::abs(scratch[i]);
            change = std::max(change, std::abs(scratch[i] - x[i]) / scale);
        }
        for (Index i = 0; i < x.size(); ++i) x[i] = scratch[i];
        const double rho = change / previous;
        previous = change;
        const bool settled = change <= 1.0 && rho < 1.0 && change * rho / (1.0 - rho) <= 1.0;
        if (change == 0.0 || settled) {
            for (Index i = 0; i < x.size(); ++i) {
                if (accumulating[static_cast<std::size_t>(i)]) x[i] = 0.0;
            }
            return k;
        }
    }
    throw SolverError("steady state of the record at t = " + format_value(time_h) +
                      " h not reached after " + std::to_string(tol.max_intervals) +
                      " intervals (last change " + format_value(change) + " times the tolerance)");
}

}  // namespace pkengine::detail
