#pragma once
// The compiled form of (model, events) that the solvers run: the state layout, the linear system
// matrix, and the timeline of primitive actions (bolus jumps, infusion on/off, resets).

#include <Eigen/Core>
#include <array>
#include <string>
#include <vector>

#include "../dose.hpp"
#include "../model.hpp"

namespace pkengine::detail {

/// Where each quantity lives in the state vector. Depots exist only for the routes a schedule
/// uses (the oral depot also when an intranasal or sublingual dose swallows a fraction).
struct Layout {
    int n_states = 0;
    int central = 0;
    int n_disposition = 1;                                          ///< central + peripherals
    std::array<int, kAbsorbedRoutes.size()> depot{-1, -1, -1, -1};  ///< by absorbed_index
    int eliminated = -1;  ///< cumulative eliminated amount
    std::vector<std::string> names;
};

Layout make_layout(const Model& model, const std::vector<DoseEvent>& events);

/// A: dx/dt = A x + b, for the layout (columns sum to zero: mass is conserved).
Eigen::MatrixXd system_matrix(const Model& model, const Layout& layout);

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

}  // namespace pkengine::detail
