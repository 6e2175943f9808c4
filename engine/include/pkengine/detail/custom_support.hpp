#pragma once
// The non-template parts of custom models (compiled into the library): validation, dose
// routing, the solver choice and the result's frame.

#include <Eigen/Core>
#include <string>
#include <vector>

#include "../simulate.hpp"
#include "outputs.hpp"
#include "timeline.hpp"

namespace pkengine::detail {

/// Throws InvalidInput unless `central` is a state index below `n_states` and the volume is > 0.
void validate_custom_frame(int n_states, int central, double central_volume_l);

/// The routing of a custom model before any dose_into: both IV routes into `central`.
DoseRouting default_custom_routing(int central);

/// Validates and returns the target of `route` into state `compartment` of an `n_states`
/// system. IV routes take F = 1 and no lag (anything else throws InvalidInput).
RouteTarget custom_target(Route route, int compartment, int n_states, const Bioavailability& f,
                          double lag_h);

/// The stepper a custom model runs. Validates `options` and throws InvalidInput for the exact
/// path (a custom system has no exact solution) or for Rosenbrock 4 without a Jacobian.
/// `jacobian_at_zero` is the system's Jacobian at the zero state and t = 0 (empty without one);
/// Automatic then picks by stiffness, and Dormand-Prince when there is no Jacobian.
Stepper custom_stepper(const SimulationOptions& options, const Eigen::MatrixXd& jacobian_at_zero,
                       bool has_jacobian, double horizon_h);

/// Fills the frame of a custom result (times, names, volume) and sizes its outputs.
void prepare_custom_result(const std::vector<std::string>& state_names, const OutputMap& map,
                           const std::vector<double>& times, Result& result);

}  // namespace pkengine::detail
