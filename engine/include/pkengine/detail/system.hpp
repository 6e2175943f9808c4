#pragma once
// The compiled form of (model, events) that the solvers run: the state layout, the linear system
// matrix, the dose routing, and the timeline of primitive actions (bolus jumps, infusion on/off,
// resets).

#include <Eigen/Core>
#include <array>
#include <string>
#include <vector>

#include "../dose.hpp"
#include "../model.hpp"

namespace pkengine {
struct Result;
}

namespace pkengine::detail {

/// Where each quantity lives in the state vector. Order: central, peripherals, per used route
/// its transit chain then its depot, eliminated, metabolite (central, peripheral, eliminated),
/// then the effect site. Every state but the effect site is an amount (mg); the effect site is
/// a concentration (mg/L) and comes last so that the amounts are the leading `n_amounts`.
/// Depots exist only for the routes a schedule uses (the oral depot also when an intranasal or
/// sublingual dose swallows a fraction).
struct Layout {
    int n_states = 0;
    int n_amounts = 0;  ///< states that are amounts (mg): all but the effect site
    int central = 0;
    int n_disposition = 1;                                          ///< central + peripherals
    std::array<int, kAbsorbedRoutes.size()> depot{-1, -1, -1, -1};  ///< by absorbed_index
    /// Where a dose of the route lands: the first transit compartment, or the depot.
    std::array<int, kAbsorbedRoutes.size()> entry{-1, -1, -1, -1};
    /// Transit compartments of the route (count + 1 of them, from entry), 0 without a chain.
    std::array<int, kAbsorbedRoutes.size()> n_transit{0, 0, 0, 0};
    int eliminated = -1;  ///< cumulative eliminated amount of the parent
    int metabolite_central = -1;
    int metabolite_peripheral = -1;
    int metabolite_eliminated = -1;
    int effect_site = -1;            ///< effect-site concentration (mg/L), the last state
    std::vector<std::string> names;  ///< names of the amount states
};

Layout make_layout(const Model& model, const std::vector<DoseEvent>& events);

/// A: dx/dt = A x + b for every linear process of the model (Michaelis-Menten elimination is
/// not in it). Columns of amount states sum to zero (mass is conserved); the effect site is fed
/// by ke0/V1 from the central amount and so is outside that balance.
Eigen::MatrixXd system_matrix(const Model& model, const Layout& layout);

/// Where doses of one route go and how they are scaled and delayed.
struct RouteTarget {
    int compartment = -1;             ///< receiving state; -1: the model cannot take this route
    Bioavailability f;                ///< bioavailability (IV: exactly 1)
    double lag_h = 0.0;               ///< lag time (h)
    double fraction_swallowed = 0.0;  ///< share that follows the oral route instead
};

/// The routing of every route, indexed by the Route enumerator.
using DoseRouting = std::array<RouteTarget, kAllRoutes.size()>;

/// The routing of a compiled model: IV routes into central, absorbed ones into their entry.
DoseRouting dose_routing(const Model& model, const Layout& layout);

/// Reset: every amount 0, every infusion stopped. SteadyState: the state set to (SS 1) or
/// increased by (SS 2) the steady state Timeline::steady_states[index]; SS 1 also stops every
/// infusion. SwitchSystem: from now on the system (model) number `index` of the caller's list
/// applies (parameters that change during a dataset's ID).
enum class ActionType { Reset, Bolus, InfusionOn, InfusionOff, SteadyState, SwitchSystem };

/// One primitive change of the state or of the input rates, at one time.
struct Action {
    double time_h = 0.0;
    long order = 0;  ///< record order: ties at one time apply in this order
    ActionType type = ActionType::Bolus;
    int compartment = 0;
    double amount_mg = 0.0;      ///< Bolus: amount added (after F)
    double rate_mg_per_h = 0.0;  ///< InfusionOn: rate (after F)
    int infusion_id = -1;        ///< pairs InfusionOn with its InfusionOff
    int index = -1;              ///< SteadyState: spec; SwitchSystem: system number
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
};

/// The models a timeline is built with: `models[model_of_record[i]]` is in effect from record i
/// on (its F, lag and modelled rates apply to record i's doses, its system from record i's
/// time). A SwitchSystem action marks each change; the run starts with system 0.
struct RecordModels {
    std::vector<const Model*> models;
    std::vector<int> model_of_record;
};

Timeline build_timeline(const Model& model, const Layout& layout,
                        const std::vector<DoseEvent>& events, FChoice choice);

Timeline build_timeline(const RecordModels& models, const Layout& layout,
                        const std::vector<DoseEvent>& events, FChoice choice);

/// The timeline of events dosed through `routing` (a custom model's, or a compiled model's).
/// Throws InvalidInput naming the record whose route has no target.
Timeline build_timeline(const DoseRouting& routing, const std::vector<DoseEvent>& events,
                        FChoice choice);

/// Which parts of a state vector a Result reports.
struct OutputMap {
    int n_amounts = 0;              ///< leading states reported as amounts (mg)
    int central = 0;                ///< state whose amount / central_volume_l is the concentration
    double central_volume_l = 1.0;  ///< volume of the central state (L)
    int effect_site = -1;           ///< effect-site concentration state (mg/L), -1 if none
};

/// The output map of a compiled model.
OutputMap output_map(const Layout& layout, double v1_l);

/// Sizes the per-time arrays of `result` for `n_out` output times (record_outputs, in
/// outputs.hpp, then fills them row by row).
void prepare_outputs(const OutputMap& map, Eigen::Index n_out, Result& result);

}  // namespace pkengine::detail
