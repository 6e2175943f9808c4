#include "pkengine/detail/custom_support.hpp"

#include <string>

#include "ode_solver.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

void validate_custom_frame(int n_states, int central, double central_volume_l) {
    if (central < 0 || central >= n_states) {
        fail("central", central, "must be a state index in [0, " + std::to_string(n_states) + ")");
    }
    require_positive(central_volume_l, "central_volume_l");
}

DoseRouting default_custom_routing(int central) {
    DoseRouting routing;
    for (Route route : {Route::IvBolus, Route::IvInfusion}) {
        routing[static_cast<std::size_t>(route)] = {central, Bioavailability::exactly(1.0), 0.0,
                                                    0.0};
    }
    return routing;
}

RouteTarget custom_target(Route route, int compartment, int n_states, const Bioavailability& f,
                          double lag_h) {
    validate_route(route);
    const std::string prefix(route_name(route));
    if (compartment < 0 || compartment >= n_states) {
        fail(prefix + ".compartment", compartment,
             "must be a state index in [0, " + std::to_string(n_states) + ")");
    }
    f.validate(prefix + ".f");
    require_non_negative(lag_h, prefix + ".lag_h");
    if (!is_absorbed(route) && (f.low != 1.0 || f.high != 1.0 || lag_h != 0.0)) {
        throw InvalidInput(prefix + ": IV routes have F = 1 and no lag");
    }
    return {compartment, f, lag_h, 0.0};
}

Stepper custom_stepper(const SimulationOptions& options, const Eigen::MatrixXd& jacobian_at_zero,
                       bool has_jacobian, double horizon_h) {
    options.validate();
    if (options.path == SolverPath::Exact) {
        throw InvalidInput(
            "path = exact: a custom model has no exact solution; use path = ode or automatic");
    }
    if (options.stepper == Stepper::Rosenbrock4 && !has_jacobian) {
        throw InvalidInput(
            "stepper = rosenbrock4 needs the Jacobian: give the system a member "
            "jacobian(x, J, t, dfdt)");
    }
    if (options.stepper != Stepper::Automatic) return options.stepper;
    if (!has_jacobian) return Stepper::DormandPrince5;
    return choose_stepper(fastest_rate(jacobian_at_zero), horizon_h, options.rtol);
}

void prepare_custom_result(const std::vector<std::string>& state_names, const OutputMap& map,
                           const std::vector<double>& times, Result& result) {
    result.times_h = times;
    result.state_names = state_names;
    result.v1_l = map.central_volume_l;
    prepare_outputs(map, static_cast<Eigen::Index>(times.size()), result);
}

}  // namespace pkengine::detail
