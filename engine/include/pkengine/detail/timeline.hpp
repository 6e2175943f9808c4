#pragma once
// The compiled dosing of a run: where each route's doses go, and the timeline of primitive
// actions (bolus jumps, infusion starts and stops, resets, steady states, changes of system)
// that the event loop applies in (time, record order). See docs/design.md, "Dosing semantics".

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "../dose.hpp"
#include "../model.hpp"
#include "../route.hpp"

namespace pkengine::detail {

/// The one time tolerance of the event loop (h): two times closer than this are the same time,
/// a step shorter than this is no step. Eight units in the last place of the larger time (at
/// least of 1 h), so grid times computed as start + i * step still match their step length.
inline double time_tolerance(double t_h) {
    return 8.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t_h));
}

/// Where doses of one route go and how they are scaled and delayed.
struct RouteTarget {
    int compartment = -1;             ///< receiving state; -1: the model cannot take this route
    Bioavailability f;                ///< bioavailability (IV: exactly 1)
    double lag_h = 0.0;               ///< lag time (h)
    double fraction_swallowed = 0.0;  ///< share that follows the oral route instead
};

/// The routing of every route, indexed by the Route enumerator.
using DoseRouting = std::array<RouteTarget, kAllRoutes.size()>;

/// Reset: every amount 0, every infusion stopped. SteadyState: the state set to (SS 1) or
/// increased by (SS 2) the steady state Timeline::steady_states[index]; SS 1 also stops every
/// infusion. SwitchSystem: from now on the system number `index` of the run applies
/// (parameters that change during a dataset's ID). Empty: the amount of state `compartment`
/// moves to state `index` (the discarded amount) and every infusion into it stops: NONMEM's
/// turning off of a compartment that receives no drug from another (a negative CMT on EVID 2).
enum class ActionType { Reset, Bolus, InfusionOn, InfusionOff, SteadyState, SwitchSystem, Empty };

/// One primitive change of the state or of the input rates, at one time.
struct Action {
    double time_h = 0.0;
    long order = 0;  ///< record order: ties at one time apply in this order
    ActionType type = ActionType::Bolus;
    int compartment = 0;
    double amount_mg = 0.0;      ///< Bolus: amount added (after F)
    double rate_mg_per_h = 0.0;  ///< InfusionOn: rate (after F)
    int infusion_id = -1;        ///< pairs InfusionOn with its InfusionOff
    int index = -1;  ///< SteadyState: spec; SwitchSystem: system number; Empty: discarded state
};

/// One input stream of a periodic dosing pattern, relative to the steady-state record's time t0:
/// doses start at t0 + lag_h + n * interval for every integer n (n = 0 is the record's own dose).
struct PeriodicPulse {
    int compartment = 0;
    double amount_mg = 0.0;      ///< bolus amount after F (0 for an infusion)
    double rate_mg_per_h = 0.0;  ///< infusion rate after F (0 for a bolus)
    double duration_h = 0.0;     ///< infusion duration after F (0 for a bolus)
    double lag_h = 0.0;          ///< delay of the doses after their nominal times (h)
};

/// The dosing pattern of one steady-state record. interval_h == 0: a constant infusion (each
/// pulse's rate, forever).
struct SteadyStateSpec {
    SteadyState mode = SteadyState::Reset;
    double time_h = 0.0;  ///< t0, the record's time
    double interval_h = 0.0;
    std::vector<PeriodicPulse> pulses;
};

/// Every action, sorted by (time, order), the number of distinct infusions and the steady
/// states the SteadyState actions refer to.
struct Timeline {
    std::vector<Action> actions;
    int n_infusions = 0;
    std::vector<SteadyStateSpec> steady_states;
    /// Infusions shorter than kMinInfusionDurationH, given as a bolus at their start.
    long infusions_as_bolus = 0;
};

/// The timeline of a custom model's events dosed through `routing`. Throws InvalidInput naming
/// the record whose route has no target, or that asks for a modelled rate or duration.
Timeline build_timeline(const DoseRouting& routing, const std::vector<DoseEvent>& events,
                        FChoice choice);

}  // namespace pkengine::detail
