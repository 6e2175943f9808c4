#pragma once
// The Dormand-Prince 5(4) driver of the ODE event loop: Boost.Odeint's dense-output dopri5 with
// its standard error control, for any state type Odeint's algebras handle (std::vector for the
// built-in models, std::array for fixed-size custom systems).

// The factory templates first: the generation headers specialise them.
#include <boost/numeric/odeint/stepper/generation/make_controlled.hpp>
#include <boost/numeric/odeint/stepper/generation/make_dense_output.hpp>

#include <boost/numeric/odeint/stepper/generation/generation_controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation/generation_dense_output_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation/generation_runge_kutta_dopri5.hpp>

#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/dense_output_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>
#include <boost/numeric/odeint/util/odeint_error.hpp>
#include <string>

#include "../errors.hpp"
#include "ode_propagator.hpp"

namespace pkengine::detail {

/// Drives Odeint's dense-output Dormand-Prince 5(4) for the event loop. `System` is called as
/// system(x, dxdt, t) with x, dxdt of type `StateT`; the driver keeps a pointer to it, so the
/// system must outlive the driver and is never copied per step. The stepper runs on local time
/// (time since the origin set by set_origin); the system sees absolute time.
template <class StateT, class System>
class Dopri5Driver {
public:
    using State = StateT;

    Dopri5Driver(const System& system, const OdeControl& control, State zero)
        : m_system(&system),
          m_stepper(boost::numeric::odeint::make_dense_output(
              control.atol, control.rtol, boost::numeric::odeint::runge_kutta_dopri5<State>())),
          m_zero(std::move(zero)) {}

    State zero_state() const { return m_zero; }
    static const double* data(const State& x) { return x.data(); }
    const char* name() const { return "dormand_prince5"; }
    Stepper stepper() const { return Stepper::DormandPrince5; }

    /// Local time 0 is absolute time `t0_h` from now on.
    void set_origin(double t0_h) { m_origin = t0_h; }

    void initialize(const State& x, double t, double dt) {
        m_stepper.initialize(x, t, dt);
        m_fresh = true;
    }

    void do_step() {
        const long before = m_calls;
        try {
            m_stepper.do_step(Counting{m_system, &m_calls, m_origin});
        } catch (const boost::numeric::odeint::odeint_error& e) {
            throw SolverError(std::string("ODE path (dormand_prince5): ") + e.what() +
                              " at t = " + at_time(m_origin + m_stepper.current_time()));
        }
        // Each attempt (accepted or rejected) costs six evaluations; a fresh start costs one
        // more for the first derivative (the FSAL property then carries it from step to step).
        m_attempts += (m_calls - before - (m_fresh ? 1 : 0)) / 6;
        m_fresh = false;
    }

    void calc_state(double t, State& x) const { m_stepper.calc_state(t, x); }
    const State& current_state() const { return m_stepper.current_state(); }
    double current_time() const { return m_stepper.current_time(); }
    double current_dt() const { return m_stepper.current_time_step(); }
    /// The system's derivative at absolute time t.
    void derivative(const State& x, State& dxdt, double t) const { (*m_system)(x, dxdt, t); }
    long attempts() const { return m_attempts; }

private:
    /// The system seen by the stepper: forwards to the model at absolute time and counts
    /// evaluations.
    struct Counting {
        const System* system;
        long* calls;
        double origin;
        void operator()(const State& x, State& dxdt, double t) const {
            ++*calls;
            (*system)(x, dxdt, origin + t);
        }
    };

    using DenseStepper = decltype(boost::numeric::odeint::make_dense_output(
        1.0, 1.0, boost::numeric::odeint::runge_kutta_dopri5<State>()));

    const System* m_system;
    DenseStepper m_stepper;
    State m_zero;
    double m_origin = 0.0;
    long m_calls = 0;
    long m_attempts = 0;
    bool m_fresh = true;
};

}  // namespace pkengine::detail
