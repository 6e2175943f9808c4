#include "pkengine/simulate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "compile.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "run.hpp"

namespace pkengine {

OutputTimes OutputTimes::uniform(double start_h, double stop_h, double step_h) {
    detail::require_non_negative(start_h, "start_h");
    detail::require_non_negative(stop_h, "stop_h");
    detail::require_positive(step_h, "step_h");
    if (stop_h < start_h) {
        detail::fail("stop_h", stop_h, "must be >= start_h = " + detail::format_value(start_h));
    }
    if (stop_h > kMaxHorizonH) {
        detail::fail("stop_h", stop_h, "is beyond the longest horizon (ten years = 87660 h)");
    }
    // A stop within a millionth of a step of a grid point counts as that grid point.
    const double intervals = std::floor((stop_h - start_h) / step_h + 1e-6);
    if (intervals + 1.0 > static_cast<double>(kMaxOutputPoints)) {
        detail::fail("step_h", step_h,
                     "gives more than " + std::to_string(kMaxOutputPoints) + " output points");
    }
    const auto count = static_cast<std::size_t>(intervals) + 1;
    std::vector<double> times(count);
    for (std::size_t i = 0; i < count; ++i) times[i] = start_h + static_cast<double>(i) * step_h;
    return {std::move(times), step_h};
}

OutputTimes OutputTimes::at(std::vector<double> times_h) {
    if (times_h.size() > kMaxOutputPoints) {
        detail::fail("times_h.size", static_cast<double>(times_h.size()),
                     "is more than the most output points accepted");
    }
    for (std::size_t i = 0; i < times_h.size(); ++i) {
        const std::string field = detail::indexed("times_h", i);
        detail::require_non_negative(times_h[i], field);
        if (times_h[i] > kMaxHorizonH) {
            detail::fail(field, times_h[i], "is beyond the longest horizon (ten years = 87660 h)");
        }
        if (i > 0 && times_h[i] < times_h[i - 1]) {
            detail::fail(field, times_h[i],
                         "output times must be sorted (times_h[" + std::to_string(i - 1) +
                             "] = " + detail::format_value(times_h[i - 1]) + ")");
        }
    }
    return {std::move(times_h), 0.0};
}

int Result::state_index(const std::string& name) const {
    for (std::size_t i = 0; i < state_names.size(); ++i) {
        if (state_names[i] == name) return static_cast<int>(i);
    }
    throw InvalidInput("state = '" + name + "': no such state in this result");
}

namespace {

std::string lower(std::string_view name) {
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::replace(key.begin(), key.end(), '-', '_');
    return key;
}

}  // namespace

std::string_view solver_path_name(SolverPath path) {
    switch (path) {
        case SolverPath::Automatic: return "automatic";
        case SolverPath::Exact: return "exact";
        case SolverPath::Ode: return "ode";
    }
    return "unknown";
}

std::string_view stepper_name(Stepper stepper) {
    switch (stepper) {
        case Stepper::Automatic: return "automatic";
        case Stepper::DormandPrince5: return "dormand_prince5";
        case Stepper::Rosenbrock4: return "rosenbrock4";
        case Stepper::MatrixExponential: return "matrix_exponential";
    }
    return "unknown";
}

SolverPath parse_solver_path(std::string_view name) {
    const std::string key = lower(name);
    for (SolverPath path : {SolverPath::Automatic, SolverPath::Exact, SolverPath::Ode}) {
        if (key == solver_path_name(path)) return path;
    }
    throw InvalidInput("path = '" + std::string(name) +
                       "': unknown solver path (expected automatic, exact or ode)");
}

Stepper parse_stepper(std::string_view name) {
    const std::string key = lower(name);
    for (Stepper stepper : {Stepper::Automatic, Stepper::DormandPrince5, Stepper::Rosenbrock4}) {
        if (key == stepper_name(stepper)) return stepper;
    }
    if (key == "dopri5") return Stepper::DormandPrince5;
    throw InvalidInput("stepper = '" + std::string(name) +
                       "': unknown stepper (expected automatic, dormand_prince5 or rosenbrock4)");
}

void SimulationOptions::validate() const {
    detail::require_enum(bioavailability, FChoice::Nominal, FChoice::High, "bioavailability");
    detail::require_enum(path, SolverPath::Automatic, SolverPath::Ode, "path");
    detail::require_enum(stepper, Stepper::Automatic, Stepper::MatrixExponential, "stepper");
    if (stepper == Stepper::MatrixExponential) {
        throw InvalidInput(
            "stepper = matrix_exponential: the exact path's propagation is not an ODE stepper; "
            "use path = exact");
    }
    detail::require_positive(rtol, "rtol");
    if (rtol >= 1.0) detail::fail("rtol", rtol, "must be in (0, 1)");
    detail::require_positive(atol_mg, "atol_mg");
    if (max_steps < 1) {
        detail::fail("max_steps", static_cast<double>(max_steps), "must be >= 1");
    }
    detail::require_positive(steady_state_rtol, "steady_state_rtol");
    if (steady_state_rtol >= 1.0) {
        detail::fail("steady_state_rtol", steady_state_rtol, "must be in (0, 1)");
    }
    detail::require_positive(steady_state_atol_mg, "steady_state_atol_mg");
    if (steady_state_max_intervals < 1) {
        detail::fail("steady_state_max_intervals", static_cast<double>(steady_state_max_intervals),
                     "must be >= 1");
    }
    detail::require_positive(steady_state_window_h, "steady_state_window_h");
    if (max_actions < 1) detail::fail("max_actions", 0.0, "must be >= 1");
    if (max_output_values < 1) detail::fail("max_output_values", 0.0, "must be >= 1");
}

Result simulate(const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
                const SimulationOptions& options) {
    validate_events(events);
    options.validate();
    detail::check_implied_actions(model, events, options.max_actions);
    const detail::Problem problem = detail::compile(model, events, options.bioavailability);
    return detail::run(problem, times.times(), {}, options);
}

Result simulate(const Model& model, const Regimen& regimen, const OutputTimes& times,
                const SimulationOptions& options) {
    return simulate(model, regimen.events(), times, options);
}

}  // namespace pkengine
