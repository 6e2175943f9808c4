#pragma once
// The state layout of a model: where each quantity lives in the state vector, the linear system
// matrix of that layout, and where each route's doses go.

#include <Eigen/Core>
#include <array>
#include <string>
#include <vector>

#include "pkengine/detail/timeline.hpp"
#include "pkengine/model.hpp"

namespace pkengine::detail {

/// A model's compartments as messages list them: "1 central, 2 depot_im, ...".
std::string compartment_list(const std::vector<Compartment>& table);

/// One input stream of a route of a general linear model: the share of a dose that enters
/// `compartment` after lag_h, as a bolus or (zero_order_h > 0) a zero-order input over that time.
struct RoutePart {
    Bioavailability fraction;  // share of the dose, with its range (a route target's f_low, f_high)
    double lag_h = 0.0;
    int compartment = -1;
    double zero_order_h = 0.0;
};

/// How one model takes doses: the routing, and each route's modelled infusion (the rate of a
/// RATE = -1 record, the duration of a RATE = -2 record; none for a custom model).
struct Dosing {
    DoseRouting routing;
    std::array<ModelledInfusion, kAllRoutes.size()> modelled{};
    /// Doses into a numbered compartment that is no route's (a peripheral, the metabolite's),
    /// by compartment number - 1: where they go (-1 for the central compartment and depots,
    /// whose doses are a route's), their F and lag, and their modelled rate and duration.
    std::vector<RouteTarget> direct;
    std::vector<ModelledInfusion> direct_modelled;
    /// A route-named model's presystemic metabolite, by Route enumerator: the fraction of a dose
    /// (`fraction`) entering the copy of the route's chain (`compartment`, -1 for none).
    std::array<RoutePart, kAllRoutes.size()> presystemic{};
    /// A general linear model's routes, by Route enumerator: the inputs a dose splits into
    /// (empty for route-named models and unmapped routes, which go by `routing`).
    std::array<std::vector<RoutePart>, kAllRoutes.size()> parts{};
    /// When records turn compartments off (Layout::discarded): by compartment number - 1, the
    /// states turning it off empties (none for a compartment that receives drug from another,
    /// which cannot be turned off), and the state their amounts go to.
    std::vector<std::vector<int>> emptied;
    int discarded = -1;
};

/// Which absorbed routes get a depot (indexed by absorbed_index).
using UsedRoutes = std::array<bool, kAbsorbedRoutes.size()>;

/// Where each quantity lives in the state vector. Order: central, peripherals, per used route
/// its transit chain then its depot, eliminated, metabolite (central, peripheral, eliminated),
/// a copy of the oral chain and depot for the presystemic metabolite (when a dosed route forms
/// one), the discarded amount (when the records turn a compartment off), then the effect site.
/// Every state but the effect site is an amount (mg); the effect site is a concentration (mg/L) and
/// comes last so that the amounts are the leading `n_amounts`. Depots exist only for the routes a
/// schedule uses (the oral depot also when an intranasal or sublingual dose swallows a fraction).
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
    /// A copy of the oral chain (transit compartments, then a depot emptying into the
    /// metabolite's central compartment) carrying the presystemic metabolite of the doses; set
    /// at the oral route's absorbed_index only, -1 when no dosed route forms one.
    std::array<int, kAbsorbedRoutes.size()> presystemic_entry{-1, -1, -1, -1};
    std::array<int, kAbsorbedRoutes.size()> presystemic_depot{-1, -1, -1, -1};
    int presystemic_transit = 0;  ///< transit compartments of that copy (0 without a chain)
    /// Cumulative amount emptied out of compartments turned off (a negative CMT on an EVID 2
    /// record): it left the system without being eliminated; -1 when no record does that.
    int discarded = -1;
    int effect_site = -1;            ///< effect-site concentration (mg/L), the last state
    std::vector<std::string> names;  ///< names of the amount states
};

/// The layout of `model` with depots for the `used` absorbed routes (which the model has), and
/// the discarded state when `discards` (records turn a compartment off).
Layout make_layout(const Model& model, const UsedRoutes& used, bool discards = false);

/// True when compartment `c` of `model` receives drug from another compartment (a transfer
/// into it). Such a compartment cannot be turned off by emptying it: its inflow would have to
/// be removed from the model. A depot without a transit chain, the first transit compartment
/// of a chain, and a general linear model's compartment without incoming transfer or own depot
/// receive doses only.
bool receives_drug(const Model& model, const Compartment& c);

/// True when doses of `route` form metabolite presystemically (Metabolite::presystemic).
bool forms_presystemic(const Model& model, Route route);

/// True when doses of `route` swallow a fraction that follows the oral route.
bool swallows(const Model& model, Route route);

/// The timeline actions one dose of `route` implies (each input once, an infusion or a
/// zero-order input twice: its start and its end).
int dose_actions(const Model& model, Route route, bool infusion);

/// A: dx/dt = A x + b for every linear process of the model (Michaelis-Menten elimination is
/// not in it). Columns of amount states sum to zero (mass is conserved); the effect site is fed
/// by ke0/V1 from the central amount and so is outside that balance.
Eigen::MatrixXd system_matrix(const Model& model, const Layout& layout);

/// The same, written into `a` (resized to the layout; no allocation when it already has that
/// size: a population worker refills one matrix for every subject).
void system_matrix(const Model& model, const Layout& layout, Eigen::MatrixXd& a);

/// How a compiled model takes doses: IV routes into central (with the central compartment's F
/// and lag), absorbed ones into their entry, with the routes' modelled infusions; doses into
/// the other numbered compartments straight into their state (`numbered`: the records dose some
/// compartment by number; otherwise Dosing::direct stays empty).
Dosing dosing(const Model& model, const Layout& layout, bool numbered);

/// The same, written into `out`, whose lists keep their capacity: refilled for a model of the
/// same structure, it allocates nothing (unless the records turn compartments off).
void dosing(const Model& model, const Layout& layout, bool numbered, Dosing& out);

}  // namespace pkengine::detail
