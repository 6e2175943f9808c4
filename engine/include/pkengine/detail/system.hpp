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

enum class ActionType { Reset, Bolus, InfusionOn, InfusionOff };

/// One primitive change of the state or of the input rates, at one time.
struct Action {
    double time_h = 0.0;
    long order = 0;  ///< record order: ties at one time apply in this order
    ActionType type = ActionType::Bolus;
    int compartment = 0;
    double amount_mg = 0.0;      ///< Bolus: amount added (after F)
    double rate_mg_per_h = 0.0;  ///< InfusionOn: rate (after F)
    int infusion_id = -1;        ///< pairs InfusionOn with its InfusionOff
};

/// Every action, sorted by (time, order), and the number of distinct infusions.
struct Timeline {
    std::vector<Action> actions;
    int n_infusions = 0;
};

Timeline build_timeline(const Model& model, const Layout& layout,
                        const std::vector<DoseEvent>& events, FChoice choice);

}  // namespace pkengine::detail
