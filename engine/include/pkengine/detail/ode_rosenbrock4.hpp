#pragma once
// The Rosenbrock 4 driver of the ODE event loop: Boost.Odeint's dense-output rosenbrock4 (an
// L-stable linearly implicit method of order 4 with an embedded order-3 error estimate) on
// uBLAS vectors and matrices, which is what that stepper is written for.

// The factory templates first: the generation headers specialise them.
#include <boost/numeric/odeint/stepper/generation/make_controlled.hpp>
#include <boost/numeric/odeint/stepper/generation/make_dense_output.hpp>

#include <boost/numeric/odeint/stepper/generation/generation_rosenbrock4.hpp>

#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_controller.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_dense_output.hpp>
#include <boost/numeric/odeint/util/odeint_error.hpp>
#include <string>
#include <utility>

#include "../errors.hpp"
#include "ode_loop.hpp"

namespace pkengine::detail {

/// State and Jacobian types of the Rosenbrock stepper.
using UblasState = boost::numeric::ublas::vector<double>;
using UblasMatrix = boost::numeric::ublas::matrix<double>;

/// Drives Odeint's dense-output Rosenbrock 4 for the event loop. `System` provides
/// system(x, dxdt, t) and system.jacobian(x, J, t, dfdt) (J = df/dx, dfdt = df/dt) on uBLAS
/// types; the driver keeps a pointer to it, so the system must outlive the driver.
template <class System>
class Rosenbrock4Driver {
public:
    using State = UblasState;

    Rosenbrock4Driver(const System& system, const OdeControl& control, int n_states)
        : m_system(&system),
          m_stepper(boost::numeric::odeint::make_dense_output(
              control.atol, control.rtol, boost::numeric::odeint::rosenbrock4<double>())),
          m_zero(static_cast<std::size_t>(n_states), 0.0) {}

    State zero_state() const { return m_zero; }
    static const double* data(const State& x) { return &x.data()[0]; }
    const char* name() const { return "rosenbrock4"; }

    void initialize(const State& x, double t, double dt) { m_stepper.initialize(x, t, dt); }

    void do_step() {
        try {
            m_stepper.do_step(std::make_pair(Rhs{m_system}, Jacobian{m_system, &m_jacobians}));
        } catch (const boost::numeric::odeint::odeint_error& e) {
            throw SolverError(std::string("ODE path (rosenbrock4): ") + e.what() +
                              " at t = " + at_time(m_stepper.current_time()));
        }
    }

    void calc_state(double t, State& x) { m_stepper.calc_state(t, x); }
    const State& current_state() const { return m_stepper.current_state(); }
    double current_time() const { return m_stepper.current_time(); }
    double current_dt() const { return m_stepper.current_time_step(); }
    void derivative(const State& x, State& dxdt, double t) const { (*m_system)(x, dxdt, t); }
    /// Steps attempted: the stepper evaluates the Jacobian once per attempt.
    long attempts() const { return m_jacobians; }

private:
    struct Rhs {
        const System* system;
        void operator()(const State& x, State& dxdt, double t) const { (*system)(x, dxdt, t); }
    };
    struct Jacobian {
        const System* system;
        long* calls;
        void operator()(const State& x, UblasMatrix& j, double t, State& dfdt) const {
            ++*calls;
            system->jacobian(x, j, t, dfdt);
        }
    };

    using Stepper = decltype(boost::numeric::odeint::make_dense_output(
        1.0, 1.0, boost::numeric::odeint::rosenbrock4<double>()));

    const System* m_system;
    Stepper m_stepper;
    State m_zero;
    long m_jacobians = 0;
};

}  // namespace pkengine::detail
