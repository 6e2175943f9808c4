#pragma once
// The ODE propagator of the event loop, shared by the built-in models and by custom systems:
// integrate piecewise between the actions of the timeline, never across them, restart the
// stepper after each, and fill the outputs by dense-output interpolation. A steady-state record
// is solved by integrating its periodic pattern interval after interval from zero until the
// state stops changing (iterate_to_steady_state). The propagator is a template over a stepper
// driver (see ode_dopri5.hpp and ode_rosenbrock4.hpp); it allocates only before the first step
// and, once, at each steady-state record (the record's window of events).

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
#include "timeline.hpp"
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

/// Formats a time for an error message ("2.5 h").
inline std::string at_time(double t_h) {
    return format_value(t_h) + " h";
}

/// The ODE propagator (see event_loop.hpp for what the loop asks of it). Driver requirements
/// (D a driver, x a D::State, t and dt in h):
///   D::State, d.zero_state(), d.set_origin(t0), d.initialize(x, t, dt), d.do_step() (throws
///   SolverError), d.calc_state(t, x), d.current_state(), d.current_time(), d.current_dt(),
///   d.derivative(x, dxdt, t), d.attempts(), d.name(), d.stepper(), D::data(x) -> const
///   double* (the contiguous values of x).
/// The stepper's times (initialize, calc_state, current_time) are local: time since the origin,
/// which is the start of the current segment; the system and `derivative` see absolute time.
/// Local time keeps a short segment late in a run exact: at t = 8760 h absolute times resolve
/// only 1.6e-11 h (time_tolerance), 1.6e-5 of a 1e-6 h infusion, while local times near the
/// segment start resolve to their own rounding.
/// The driver's system reads its rates from the loop's InputRates (InputRates::data) and its
/// system number from `current_system`, which switch_system sets.
template <class Driver>
class OdePropagator {
public:
    using State = typename Driver::State;

    /// A run from state `initial` at t = 0 (a reset sets every state to 0).
    OdePropagator(Driver& driver, int& current_system, const OdeControl& control,
                  const State& initial, int n_states)
        : m_driver(driver),
          m_current_system(current_system),
          m_control(control),
          m_n(n_states),
          m_x(initial),
          m_scratch(driver.zero_state()),
          m_slope(driver.zero_state()),
          m_ss(driver.zero_state()),
          m_ss_next(driver.zero_state()),
          m_accumulating(static_cast<std::size_t>(n_states), false) {}

    void begin(double t_last) { m_last_output = t_last; }

    /// Carries the state to an action's time (the end of the current segment).
    void advance_to(double t_action) {
        if (!m_live && m_t == t_action) return;
        reach(t_action, t_action);
        // The stepper stopped at the action time (clamped there): its state is the state then.
        m_x = m_driver.current_state();
        m_t = t_action;
        m_live = false;
    }

    template <class Record>
    void observe(double t_out, double limit, Record&& record) {
        // Not live: the state is exact at m_t; an output there (or within rounding of it) needs
        // no step, and a fresh stepper has nothing to interpolate yet.
        if (!m_live && std::abs(t_out - m_t) <= time_tolerance(t_out)) {
            record(m_x);
            return;
        }
        reach(t_out, std::min(limit, m_last_output));
        m_driver.calc_state(t_out - m_origin, m_scratch);
        record(m_scratch);
    }

    /// Dense output fills each output on its own: no stretch.
    template <class Record>
    std::size_t advance_stretch(const std::vector<double>& /*times*/, std::size_t /*first*/,
                                double /*limit*/, Record&& /*record*/) {
        return 0;
    }

    void reset() {
        for (int i = 0; i < m_n; ++i) m_x[i] = 0.0;
    }
    void add(int compartment, double amount_mg) { m_x[compartment] += amount_mg; }
    void empty(int state, int into) {
        m_x[into] += m_x[state];
        m_x[state] = 0.0;
    }
    void switch_system(int k) { m_current_system = k; }

    /// The steady state of `spec`: its window integrated from zero, interval after interval,
    /// until the state stops changing; the rates follow the window's events meanwhile.
    void solve_steady_state(const SteadyStateSpec& spec, InputRates& rates) {
        const PeriodicWindow window =
            periodic_window(spec, m_control.steady_state.constant_infusion_window_h);
        find_accumulating(
            m_n, [this](const State& x, State& dxdt) { m_driver.derivative(x, dxdt, m_t); }, m_ss,
            m_slope, m_scratch, m_accumulating);
        for (int i = 0; i < m_n; ++i) m_ss[i] = 0.0;
        iterate_to_steady_state(
            [this, &window, &spec, &rates](const State& in, State& out) {
                window_step(window, spec.time_h, rates, in, out);
            },
            m_ss, m_ss_next, m_accumulating, m_control.steady_state, spec.time_h);
        rates.restore();
    }
    void set_steady_state() {
        for (int i = 0; i < m_n; ++i) m_x[i] = m_ss[i];
    }
    void add_steady_state() {
        for (int i = 0; i < m_n; ++i) m_x[i] += m_ss[i];
    }

    /// Integrates x from `from` to `to` (h) with the rates held constant, on a fresh stepper,
    /// landing exactly on `to`.
    void integrate(State& x, double from, double to) {
        if (!(to - from > time_tolerance(to))) return;
        start_at(x, from, to);
        step_to(to, to);
        x = m_driver.current_state();
    }

    /// Writes output rows.
    static auto recorder(const OutputMap& map, Result& result) {
        return [&map, &result](std::size_t row, const State& x) {
            record_outputs(map, Driver::data(x), static_cast<Eigen::Index>(row), result);
        };
    }

    void report(Result& result) const {
        result.solver = SolverPath::Ode;
        result.stepper = m_driver.stepper();
        result.steps = m_accepted;
        result.rejected_steps = std::max(0L, m_driver.attempts() - m_accepted);
    }

private:
    /// Integrates one window of a periodic pattern from t0: out = x((t0 + length)-) from
    /// x(t0-) = in, the rates driven by the window's events alone.
    void window_step(const PeriodicWindow& window, double t0, InputRates& rates, const State& in,
                     State& out) {
        out = in;
        rates.suspend();
        double phase = 0.0;
        for (const WindowEvent& event : window.events) {
            integrate(out, t0 + phase, t0 + event.phase_h);
            phase = std::max(phase, event.phase_h);
            out[event.compartment] += event.bolus_mg;
            rates.add_rate(event.compartment, event.rate_change_mg_per_h);
        }
        integrate(out, t0 + phase, t0 + window.length_h);
    }

    /// Steps until the stepper's time reaches `target` (within rounding), never beyond `end`,
    /// the end of the current segment, (re)starting the stepper from (m_x, m_t) if needed.
    void reach(double target, double end) {
        if (!m_live) {
            start_at(m_x, m_t, end);
            m_live = true;
        }
        step_to(target, end);
    }

    /// Starts the stepper from x at absolute time t, the new origin of local time.
    void start_at(const State& x, double t, double end) {
        m_origin = t;
        m_driver.set_origin(t);
        m_driver.initialize(x, 0.0, initial_step(x, t, end - t));
        m_segment_steps = 0;
    }

    /// Steps the live stepper until its time reaches `target` (within rounding), never beyond
    /// `end`, the end of the segment (both absolute).
    void step_to(double target, double end) {
        const double target_local = target - m_origin;
        const double end_local = end - m_origin;
        // Reached within rounding of local time, which is fine near the segment start: a
        // tolerance of the absolute time (1.6e-11 h at 8760 h) would take a stepper that stopped
        // that short of the segment end as having reached it, and lose that much of an infusion.
        const double tolerance = local_time_tolerance(target_local);
        while (m_driver.current_time() < target_local - tolerance) {
            const double t = m_driver.current_time();
            if (t + m_driver.current_dt() > end_local) {
                // Land exactly on the segment end rather than step across a discontinuity.
                m_scratch = m_driver.current_state();
                m_driver.initialize(m_scratch, t, end_local - t);
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

    /// Eight units in the last place of a local time: unlike the loop's time_tolerance, no
    /// floor of 1 h, since a local time is exact to its own size (at t = 24 h, a floor would
    /// take a stepper 1e-15 h short of a 1e-6 h infusion's end as there, 1e-9 of its dose).
    static double local_time_tolerance(double t_local) {
        return 8.0 * std::numeric_limits<double>::epsilon() * std::abs(t_local);
    }

    /// Counts and checks the step just taken from local time t_before.
    void check_step(double t_before_local) {
        const double t_before = m_origin + t_before_local;
        const double t_local = m_driver.current_time();
        const double t = m_origin + t_local;
        ++m_accepted;
        if (++m_segment_steps > m_control.max_steps) {
            const bool explicit_stepper = m_driver.stepper() == Stepper::DormandPrince5;
            fail("more than max_steps = " + std::to_string(m_control.max_steps) +
                     " steps after the discontinuity at t = " + at_time(m_origin) + "; stopped",
                 t,
                 explicit_stepper ? " (if the problem is stiff use stepper rosenbrock4, or raise "
                                    "max_steps)"
                                  : " (raise max_steps)");
        }
        // The floor is the resolution of local time, as for reaching a target.
        if (!(t_local - t_before_local > local_time_tolerance(t_before_local))) {
            fail("step size underflow", t_before);
        }
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
    int& m_current_system;
    const OdeControl& m_control;
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
    double m_origin = 0.0;  // the segment start: absolute time of the stepper's local time 0
    long m_segment_steps = 0;
    long m_accepted = 0;
};

}  // namespace pkengine::detail
