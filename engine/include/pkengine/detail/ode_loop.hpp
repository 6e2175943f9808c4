#pragma once
// The ODE path's event loop, shared by the built-in models and by custom systems: integrate
// piecewise between the actions of the timeline (boluses, infusion starts and stops, resets,
// steady states, changes of system), never across them, restart the stepper after each, and
// fill the outputs by dense-output interpolation. A steady-state record is solved by
// integrating its periodic pattern interval after interval from zero until the state stops
// changing (iterate_to_steady_state). The loop is a template over a stepper driver (see
// ode_dopri5.hpp and ode_rosenbrock4.hpp); it allocates only before the first step and, once,
// at each steady-state record (the record's window of events).

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "../errors.hpp"
#include "../simulate.hpp"
#include "infusions.hpp"
#include "outputs.hpp"
#include "steady_state.hpp"
#include "system.hpp"
#include "validate.hpp"

namespace pkengine::detail {

/// Tolerances and step limit of one ODE run (validated by SimulationOptions::validate).
struct OdeControl {
    double rtol = kDefaultRtol;
    double atol = kDefaultAtolMg;
    long max_steps = kDefaultMaxSteps;
    SteadyStateTolerance steady_state{kDefaultSteadyStateRtol, kDefaultSteadyStateAtolMg,
                                      kDefaultSteadyStateMaxIntervals, kDefaultSteadyStateWindowH};
};

/// OdeControl from validated options.
inline OdeControl ode_control(const SimulationOptions& options) {
    return {options.rtol,
            options.atol_mg,
            options.max_steps,
            {options.steady_state_rtol, options.steady_state_atol_mg,
             options.steady_state_max_intervals, options.steady_state_window_h}};
}

/// The systems a run switches between (SwitchSystem actions, a dataset's parameter changes):
/// the right-hand side reads `current`; central_volume_l[k] is the central volume (L) of
/// system k, which the concentrations use from its switch on.
struct SystemChoice {
    int current = 0;
    std::vector<double> central_volume_l;
};

/// The infusions running now and the rate vector (mg/h by state) they sum to. The right-hand
/// sides read the vector through rates(), whose address never changes.
class InfusionTable {
public:
    InfusionTable(int n_states, int n_infusions)
        : m_rates(static_cast<std::size_t>(n_states), 0.0), m_running(n_infusions) {}

    void start(const Action& action) {
        m_running.start(action);
        recompute();
    }
    void stop(const Action& action) {
        if (m_running.stop(action)) recompute();
    }
    void clear() {
        m_running.clear();
        recompute();
    }
    /// Sets every rate to 0 without stopping the infusions (a steady-state window then drives
    /// the rates with add_rate until restore()).
    void suspend() { std::fill(m_rates.begin(), m_rates.end(), 0.0); }
    /// Adds `delta_mg_per_h` to the rate into state `compartment` (mg/h).
    void add_rate(int compartment, double delta_mg_per_h) {
        m_rates[static_cast<std::size_t>(compartment)] += delta_mg_per_h;
    }
    /// The rates of the running infusions again, after suspend().
    void restore() { recompute(); }
    const double* rates() const { return m_rates.data(); }

private:
    void recompute() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        m_running.sum_into([this](int compartment, double rate) {
            m_rates[static_cast<std::size_t>(compartment)] += rate;
        });
    }
    std::vector<double> m_rates;
    RunningInfusions m_running;
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

    /// A run from state `initial` at t = 0 (a reset action sets every state to 0). The driver's
    /// system reads its rates from `infusions` and its system number from `systems`.
    OdeRun(Driver& driver, InfusionTable& infusions, SystemChoice& systems,
           const Timeline& timeline, const OdeControl& control, const OutputMap& map,
           const State& initial, int n_states)
        : m_driver(driver),
          m_infusions(infusions),
          m_systems(systems),
          m_timeline(timeline),
          m_actions(timeline.actions),
          m_control(control),
          m_map(map),
          m_n(n_states),
          m_x(initial),
          m_scratch(driver.zero_state()),
          m_slope(driver.zero_state()),
          m_ss(driver.zero_state()),
          m_ss_next(driver.zero_state()),
          m_accumulating(static_cast<std::size_t>(n_states), false) {}

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
        const auto index = static_cast<std::size_t>(action.index);
        switch (action.type) {
            case ActionType::Reset:
                for (int i = 0; i < m_n; ++i) m_x[i] = 0.0;
                m_infusions.clear();
                break;
            case ActionType::Bolus: m_x[action.compartment] += action.amount_mg; break;
            case ActionType::InfusionOn: m_infusions.start(action); break;
            case ActionType::InfusionOff: m_infusions.stop(action); break;
            case ActionType::SteadyState:
                apply_steady_state(m_timeline.steady_states.at(index));
                break;
            case ActionType::SwitchSystem:
                // The stepper restarts after every action, so the new right-hand side holds
                // from this time on and no step spans the change.
                m_systems.current = action.index;
                m_map.central_volume_l = m_systems.central_volume_l.at(index);
                break;
        }
    }

    /// SS 1 sets the state to the steady state of the record's pattern and stops every
    /// infusion; SS 2 adds it to the state, running infusions going on (as the exact path).
    /// States that only accumulate (the eliminated amounts) are 0 in a steady state.
    void apply_steady_state(const SteadyStateSpec& spec) {
        const PeriodicWindow window =
            periodic_window(spec, m_control.steady_state.constant_infusion_window_h);
        find_accumulating();
        for (int i = 0; i < m_n; ++i) m_ss[i] = 0.0;
        iterate_to_steady_state(
            [this, &window, &spec](const State& in, State& out) {
                window_step(window, spec.time_h, in, out);
            },
            m_ss, m_ss_next, m_accumulating, m_control.steady_state, spec.time_h);
        m_infusions.restore();
        if (spec.mode == SteadyState::Reset) {
            m_infusions.clear();
            for (int i = 0; i < m_n; ++i) m_x[i] = m_ss[i];
        } else {
            for (int i = 0; i < m_n; ++i) m_x[i] += m_ss[i];
        }
    }

    /// Integrates one window of a periodic pattern from t0: out = x((t0 + length)-) from
    /// x(t0-) = in, the rates driven by the window's events alone.
    void window_step(const PeriodicWindow& window, double t0, const State& in, State& out) {
        out = in;
        m_infusions.suspend();
        double phase = 0.0;
        for (const WindowEvent& event : window.events) {
            integrate(out, t0 + phase, t0 + event.phase_h);
            phase = std::max(phase, event.phase_h);
            out[event.compartment] += event.bolus_mg;
            m_infusions.add_rate(event.compartment, event.rate_change_mg_per_h);
        }
        integrate(out, t0 + phase, t0 + window.length_h);
    }

    /// Integrates x from `from` to `to` (h) on a fresh stepper, landing exactly on `to`.
    void integrate(State& x, double from, double to) {
        if (!(to - from > time_tolerance(to))) return;
        start_at(x, from, to);
        step_to(to, to);
        x = m_driver.current_state();
    }

    /// A state accumulates when nothing depends on it: a unit amount in it leaves every
    /// derivative unchanged (the eliminated amounts; in a linear model its column of A is 0).
    /// Probed on the system in effect, at the zero state.
    void find_accumulating() {
        for (int i = 0; i < m_n; ++i) m_ss[i] = 0.0;
        m_driver.derivative(m_ss, m_slope, m_t);
        for (int j = 0; j < m_n; ++j) {
            m_ss[j] = 1.0;
            m_driver.derivative(m_ss, m_scratch, m_t);
            m_ss[j] = 0.0;
            bool unchanged = true;
            for (int i = 0; i < m_n; ++i) unchanged = unchanged && m_scratch[i] == m_slope[i];
            m_accumulating[static_cast<std::size_t>(j)] = unchanged;
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
        if (!m_live) {
            start_at(m_x, m_t, end);
            m_live = true;
        }
        step_to(target, end);
    }

    void start_at(const State& x, double t, double end) {
        m_driver.initialize(x, t, initial_step(x, t, end - t));
        m_segment_start = t;
        m_segment_steps = 0;
    }

    /// Steps the live stepper until its time reaches `target` (within rounding), never beyond
    /// `end`, the end of the segment.
    void step_to(double target, double end) {
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

    /// A first step from the scaled sizes of the state and its derivative (Hairer, Norsett and
    /// Wanner, Solving ODEs I, II.4): 1% of the time the state takes to change by its own
    /// size, or 1e-6 h when either is negligible; at most the segment.
    double initial_step(const State& x, double t, double span) {
        m_driver.derivative(x, m_slope, t);
        double d0 = 0.0, d1 = 0.0;
        for (int i = 0; i < m_n; ++i) {
            const double scale = m_control.atol + m_control.rtol * std::abs(x[i]);
            d0 += (x[i] / scale) * (x[i] / scale);
            d1 += (m_slope[i] / scale) * (m_slope[i] / scale);
        }
        if (!std::isfinite(d1)) fail("non-finite derivative", t);
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
    SystemChoice& m_systems;
    const Timeline& m_timeline;
    const std::vector<Action>& m_actions;
    const OdeControl& m_control;
    OutputMap m_map;  // its central volume follows the system in effect
    int m_n;
    State m_x;        // the state at m_t when the stepper is not live
    State m_scratch;  // interpolated outputs, restarts
    State m_slope;    // derivative for the initial step
    State m_ss;       // steady-state iterate
    State m_ss_next;  // its image one window later
    std::vector<bool> m_accumulating;
    double m_t = 0.0;
    bool m_live = false;  // the stepper holds the solution
    double m_last_output = 0.0;
    std::size_t m_next = 0;  // next action to apply
    double m_segment_start = 0.0;
    long m_segment_steps = 0;
    OdeStats m_stats;
};

}  // namespace pkengine::detail
