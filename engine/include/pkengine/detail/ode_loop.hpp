#pragma once
// The ODE path's event loop, shared by the built-in models and by custom systems: integrate
// piecewise between the actions of the timeline (boluses, infusion starts and stops, resets),
// never across them, restart the stepper after each, and fill the outputs by dense-output
// interpolation. The loop is a template over a stepper driver (see ode_dopri5.hpp and
// ode_rosenbrock4.hpp); it allocates only before the first step.

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "../errors.hpp"
#include "../simulate.hpp"
#include "outputs.hpp"
#include "system.hpp"
#include "validate.hpp"

namespace pkengine::detail {

/// Tolerances and step limit of one ODE run (validated by SimulationOptions::validate).
struct OdeControl {
    double rtol = kDefaultRtol;
    double atol = kDefaultAtolMg;
    long max_steps = kDefaultMaxSteps;
};

/// OdeControl from validated options.
inline OdeControl ode_control(const SimulationOptions& options) {
    return {options.rtol, options.atol_mg, options.max_steps};
}

/// The infusions running now and the rate vector (mg/h by state) they sum to. The right-hand
/// sides read the vector through rates(), whose address never changes.
class InfusionTable {
public:
    InfusionTable(int n_states, int n_infusions)
        : m_rates(static_cast<std::size_t>(n_states), 0.0),
          m_active(static_cast<std::size_t>(n_infusions), 0.0),
          m_compartment(static_cast<std::size_t>(n_infusions), -1) {}

    void start(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        m_active[id] = action.rate_mg_per_h;
        m_compartment[id] = action.compartment;
        recompute();
    }
    void stop(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_active[id] == 0.0) return;  // already stopped by a reset
        m_active[id] = 0.0;
        recompute();
    }
    void clear() {
        std::fill(m_active.begin(), m_active.end(), 0.0);
        recompute();
    }
    const double* rates() const { return m_rates.data(); }

private:
    // Summing afresh (rather than adding and subtracting) makes a rate exactly 0 once every
    // infusion into its state has stopped.
    void recompute() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        for (std::size_t i = 0; i < m_active.size(); ++i) {
            if (m_active[i] != 0.0)
                m_rates[static_cast<std::size_t>(m_compartment[i])] += m_active[i];
        }
    }
    std::vector<double> m_rates;
    std::vector<double> m_active;
    std::vector<int> m_compartment;
};

/// Counters of one ODE run.
struct OdeStats {
    long accepted = 0;  ///< accepted steps
    long rejected = 0;  ///< steps rejected by the error control
};

/// Formats a time for an error message ("2.5 h").
inline std::string at_time(double t_h) {
    return format_value(t_h) + " h";
}

/// One run of the event loop. Driver requirements (D a driver, x a D::State, t and dt in h):
///   D::State, d.zero_state(), d.initialize(x, t, dt), d.do_step() (throws SolverError),
///   d.calc_state(t, x), d.current_state(), d.current_time(), d.current_dt(),
///   d.derivative(x, dxdt, t), d.attempts(), d.name(), D::data(x) -> const double* (the
///   contiguous values of x).
template <class Driver>
class OdeRun {
public:
    using State = typename Driver::State;

    /// A run from state `initial` at t = 0 (a reset action sets every state to 0).
    OdeRun(Driver& driver, InfusionTable& infusions, const Timeline& timeline,
           const OdeControl& control, const OutputMap& map, const State& initial, int n_states)
        : m_driver(driver),
          m_infusions(infusions),
          m_actions(timeline.actions),
          m_control(control),
          m_map(map),
          m_n(n_states),
          m_x(initial),
          m_scratch(driver.zero_state()),
          m_slope(driver.zero_state()) {}

    /// Fills the output rows of `result` (sized by prepare_outputs) and returns the counters.
    OdeStats run(const std::vector<double>& output_times, const std::vector<long>& output_order,
                 Result& result) {
        if (output_times.empty()) return {};
        m_last_output = output_times.back();
        for (std::size_t i = 0; i < output_times.size(); ++i) {
            const double t_out = output_times[i];
            const long order =
                output_order.empty() ? std::numeric_limits<long>::max() : output_order[i];
            while (m_next < m_actions.size() &&
                   (m_actions[m_next].time_h < t_out ||
                    (m_actions[m_next].time_h == t_out && m_actions[m_next].order < order))) {
                advance_to_action(m_actions[m_next].time_h);
                apply(m_actions[m_next]);
                ++m_next;
            }
            record(t_out, static_cast<Eigen::Index>(i), result);
        }
        m_stats.rejected = std::max(0L, m_driver.attempts() - m_stats.accepted);
        return m_stats;
    }

private:
    /// The time up to which the current right-hand side holds: the next action, or the end.
    double segment_end() const {
        return m_next < m_actions.size() ? std::min(m_actions[m_next].time_h, m_last_output)
                                         : m_last_output;
    }

    static double time_tolerance(double t) {
        return 4.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t));
    }

    void advance_to_action(double t_action) {
        if (!m_live && m_t == t_action) return;
        reach(t_action);
        // The stepper stopped at the action time (clamped there): its state is the state then.
        m_x = m_driver.current_state();
        m_t = t_action;
        m_live = false;
    }

    void apply(const Action& action) {
        switch (action.type) {
            case ActionType::Reset:
                for (int i = 0; i < m_n; ++i) m_x[i] = 0.0;
                m_infusions.clear();
                break;
            case ActionType::Bolus: m_x[action.compartment] += action.amount_mg; break;
            case ActionType::InfusionOn: m_infusions.start(action); break;
            case ActionType::InfusionOff: m_infusions.stop(action); break;
            case ActionType::SteadyState:
            case ActionType::SwitchSystem:
                // simulate() rejects these before the run (steady states and parameter changes
                // take the exact path); reaching one here is a bug, not bad input.
                throw std::logic_error("ODE path: unexpected steady-state or system-switch action");
        }
    }

    void record(double t_out, Eigen::Index row, Result& result) {
        // Not live: the state is exact at m_t; an output there (or within rounding of it) needs
        // no step, and a fresh stepper has nothing to interpolate yet.
        if (!m_live && std::abs(t_out - m_t) <= time_tolerance(t_out)) {
            record_outputs(m_map, Driver::data(m_x), row, result);
            return;
        }
        reach(t_out);
        m_driver.calc_state(t_out, m_scratch);
        record_outputs(m_map, Driver::data(m_scratch), row, result);
    }

    /// Steps until the stepper's time reaches `target` (within rounding), never beyond the end
    /// of the current segment, (re)starting the stepper from (m_x, m_t) if needed.
    void reach(double target) {
        const double end = segment_end();
        if (!m_live) start(end);
        while (m_driver.current_time() < target - time_tolerance(target)) {
            const double t = m_driver.current_time();
            if (t + m_driver.current_dt() > end) {
                // Land exactly on the segment end rather than step across a discontinuity.
                m_scratch = m_driver.current_state();
                m_driver.initialize(m_scratch, t, end - t);
            }
            m_driver.do_step();
            check_step(t);
        }
    }

    void start(double end) {
        m_driver.initialize(m_x, m_t, initial_step(end - m_t));
        m_live = true;
        m_segment_start = m_t;
        m_segment_steps = 0;
    }

    /// A first step from the scaled sizes of the state and its derivative (Hairer, Norsett and
    /// Wanner, Solving ODEs I, II.4): 1% of the time the state takes to change by its own
    /// size, or 1e-6 h when either is negligible; at most the segment.
    double initial_step(double span) {
        m_driver.derivative(m_x, m_slope, m_t);
        double d0 = 0.0, d1 = 0.0;
        for (int i = 0; i < m_n; ++i) {
            const double scale = m_control.atol + m_control.rtol * std::abs(m_x[i]);
            d0 += (m_x[i] / scale) * (m_x[i] / scale);
            d1 += (m_slope[i] / scale) * (m_slope[i] / scale);
        }
        if (!std::isfinite(d1)) fail("non-finite derivative", m_t);
        d0 = std::sqrt(d0 / m_n);
        d1 = std::sqrt(d1 / m_n);
        const double h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        return std::min(h, span);
    }

    void check_step(double t_before) {
        const double t = m_driver.current_time();
        ++m_stats.accepted;
        if (++m_segment_steps > m_control.max_steps) {
            const bool explicit_stepper = std::string(m_driver.name()) == "dormand_prince5";
            fail("more than max_steps = " + std::to_string(m_control.max_steps) +
                     " steps after the discontinuity at t = " + at_time(m_segment_start) +
                     "; stopped",
                 t,
                 explicit_stepper ? " (if the problem is stiff use stepper rosenbrock4, or raise "
                                    "max_steps)"
                                  : " (raise max_steps)");
        }
        if (!(t - t_before > time_tolerance(t_before))) fail("step size underflow", t_before);
        const State& x = m_driver.current_state();
        for (int i = 0; i < m_n; ++i) {
            if (!std::isfinite(x[i])) fail("non-finite state " + std::to_string(i), t);
        }
    }

    [[noreturn]] void fail(const std::string& what, double t, const std::string& hint = "") const {
        throw SolverError(std::string("ODE path (") + m_driver.name() + "): " + what +
                          " at t = " + at_time(t) + hint);
    }

    Driver& m_driver;
    InfusionTable& m_infusions;
    const std::vector<Action>& m_actions;
    const OdeControl& m_control;
    const OutputMap& m_map;
    int m_n;
    State m_x;        // the state at m_t when the stepper is not live
    State m_scratch;  // interpolated outputs, restarts
    State m_slope;    // derivative for the initial step
    double m_t = 0.0;
    bool m_live = false;  // the stepper holds the solution
    double m_last_output = 0.0;
    std::size_t m_next = 0;  // next action to apply
    double m_segment_start = 0.0;
    long m_segment_steps = 0;
    OdeStats m_stats;
};

}  // namespace pkengine::detail
