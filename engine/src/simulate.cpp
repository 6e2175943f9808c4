#include "pkengine/simulate.hpp"

#include <cmath>
#include <string>

#include "pkengine/detail/exact_solver.hpp"
#include "pkengine/detail/system.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

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

Result simulate(const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
                const SimulationOptions& options) {
    validate_events(events);
    const detail::Layout layout = detail::make_layout(model, events);
    const detail::Timeline timeline =
        detail::build_timeline(model, layout, events, options.bioavailability);
    const Eigen::MatrixXd a = detail::system_matrix(model, layout);

    Result result;
    result.times_h = times.times();
    result.state_names = layout.names;
    result.v1_l = model.disposition().v1();
    result.solver = "exact";
    result.stepper = "matrix_exponential";
    detail::run_exact(a, layout, timeline, result.times_h, {}, result.v1_l, result);
    return result;
}

Result simulate(const Model& model, const Regimen& regimen, const OutputTimes& times,
                const SimulationOptions& options) {
    return simulate(model, regimen.events(), times, options);
}

}  // namespace pkengine
