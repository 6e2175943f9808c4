#pragma once
// The Rosenbrock 4 driver of the ODE event loop: Boost.Odeint's rosenbrock4_dense_output and
// rosenbrock4_controller (an L-stable linearly implicit method of order 4 with an embedded
// order-3 error estimate, Hairer and Wanner's coefficients) on uBLAS vectors and matrices.
//
// The single step is pkengine's Rosenbrock4Stepper rather than odeint::rosenbrock4: the same
// stages and coefficients, but the iteration matrix I/(gamma h) - J is formed in place and
// factorised by a small LU without temporaries, where odeint::rosenbrock4 allocates a uBLAS
// temporary at every step (its `matrix += scalar * identity` builds one).

// The factory templates first: the generation headers specialise them.
#include <algorithm>
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_controller.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_dense_output.hpp>
#include <boost/numeric/odeint/util/odeint_error.hpp>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "../errors.hpp"
#include "ode_propagator.hpp"

namespace pkengine::detail {

/// State and Jacobian types of the Rosenbrock stepper.
using UblasState = boost::numeric::ublas::vector<double>;
using UblasMatrix = boost::numeric::ublas::matrix<double>;

/// One Rosenbrock 4 step with its error estimate and dense-output coefficients, with the
/// interface odeint::rosenbrock4_controller and odeint::rosenbrock4_dense_output expect of
/// odeint::rosenbrock4. The system is a pair (f, jacobian) as for odeint::rosenbrock4. Storage
/// is sized on the first step; no step allocates.
class Rosenbrock4Stepper {
public:
    using value_type = double;
    using state_type = UblasState;
    using deriv_type = UblasState;
    using time_type = double;
    using matrix_type = UblasMatrix;
    using resizer_type = boost::numeric::odeint::initially_resizer;
    using stepper_category = boost::numeric::odeint::stepper_tag;
    using order_type = unsigned short;
    using wrapped_state_type = boost::numeric::odeint::state_wrapper<state_type>;
    using wrapped_deriv_type = boost::numeric::odeint::state_wrapper<deriv_type>;
    using coefficients = boost::numeric::odeint::default_rosenbrock_coefficients<double>;
    static constexpr order_type stepper_order = coefficients::stepper_order;
    static constexpr order_type error_order = coefficients::error_order;

    order_type order() const { return stepper_order; }

    /// One step of size dt from (x, t): xout the solution, xerr the error estimate.
    template <class System>
    void do_step(System system, const state_type& x, time_type t, state_type& xout, time_type dt,
                 state_type& xerr) {
        const std::size_t n = x.size();
        resize(n);
        system.first(x, m_dxdt, t);
        system.second(x, m_w, t, m_dfdt);
        factorise(dt);
        const coefficients& c = m_coef;
        for (std::size_t i = 0; i < n; ++i) m_g1[i] = m_dxdt[i] + dt * c.d1 * m_dfdt[i];
        solve(m_g1);
        for (std::size_t i = 0; i < n; ++i) m_xtmp[i] = x[i] + c.a21 * m_g1[i];
        system.first(m_xtmp, m_dxdtnew, t + c.c2 * dt);
        for (std::size_t i = 0; i < n; ++i) {
            m_g2[i] = m_dxdtnew[i] + dt * c.d2 * m_dfdt[i] + c.c21 * m_g1[i] / dt;
        }
        solve(m_g2);
        for (std::size_t i = 0; i < n; ++i) m_xtmp[i] = x[i] + c.a31 * m_g1[i] + c.a32 * m_g2[i];
        system.first(m_xtmp, m_dxdtnew, t + c.c3 * dt);
        for (std::size_t i = 0; i < n; ++i) {
            m_g3[i] =
                m_dxdtnew[i] + dt * c.d3 * m_dfdt[i] + (c.c31 * m_g1[i] + c.c32 * m_g2[i]) / dt;
        }
        solve(m_g3);
        for (std::size_t i = 0; i < n; ++i) {
            m_xtmp[i] = x[i] + c.a41 * m_g1[i] + c.a42 * m_g2[i] + c.a43 * m_g3[i];
        }
        system.first(m_xtmp, m_dxdtnew, t + c.c4 * dt);
        for (std::size_t i = 0; i < n; ++i) {
            m_g4[i] = m_dxdtnew[i] + dt * c.d4 * m_dfdt[i] +
                      (c.c41 * m_g1[i] + c.c42 * m_g2[i] + c.c43 * m_g3[i]) / dt;
        }
        solve(m_g4);
        last_stages(system, x, t, xout, dt, xerr);
    }

    /// The dense-output polynomial of the last step.
    void prepare_dense_output() {
        const coefficients& c = m_coef;
        for (std::size_t i = 0; i < m_n; ++i) {
            m_cont3[i] = c.d21 * m_g1[i] + c.d22 * m_g2[i] + c.d23 * m_g3[i] + c.d24 * m_g4[i] +
                         c.d25 * m_g5[i];
            m_cont4[i] = c.d31 * m_g1[i] + c.d32 * m_g2[i] + c.d33 * m_g3[i] + c.d34 * m_g4[i] +
                         c.d35 * m_g5[i];
        }
    }

    /// The state at t in [t_old, t_new] from the last step's dense output.
    void calc_state(time_type t, state_type& x, const state_type& x_old, time_type t_old,
                    const state_type& x_new, time_type t_new) const {
        const time_type s = (t - t_old) / (t_new - t_old);
        const time_type s1 = 1.0 - s;
        for (std::size_t i = 0; i < m_n; ++i) {
            x[i] = x_old[i] * s1 + s * (x_new[i] + s1 * (m_cont3[i] + s * m_cont4[i]));
        }
    }

    template <class StateType>
    void adjust_size(const StateType& x) {
        resize(x.size());
    }

private:
    template <class System>
    void last_stages(System& system, const state_type& x, time_type t, state_type& xout,
                     time_type dt, state_type& xerr) {
        const coefficients& c = m_coef;
        const std::size_t n = m_n;
        for (std::size_t i = 0; i < n; ++i) {
            m_xtmp[i] =
                x[i] + c.a51 * m_g1[i] + c.a52 * m_g2[i] + c.a53 * m_g3[i] + c.a54 * m_g4[i];
        }
        system.first(m_xtmp, m_dxdtnew, t + dt);
        for (std::size_t i = 0; i < n; ++i) {
            m_g5[i] = m_dxdtnew[i] +
                      (c.c51 * m_g1[i] + c.c52 * m_g2[i] + c.c53 * m_g3[i] + c.c54 * m_g4[i]) / dt;
        }
        solve(m_g5);
        for (std::size_t i = 0; i < n; ++i) m_xtmp[i] += m_g5[i];
        system.first(m_xtmp, m_dxdtnew, t + dt);
        for (std::size_t i = 0; i < n; ++i) {
            xerr[i] = m_dxdtnew[i] + (c.c61 * m_g1[i] + c.c62 * m_g2[i] + c.c63 * m_g3[i] +
                                      c.c64 * m_g4[i] + c.c65 * m_g5[i]) /
                                         dt;
        }
        solve(xerr);
        for (std::size_t i = 0; i < n; ++i) xout[i] = m_xtmp[i] + xerr[i];
    }

    void resize(std::size_t n) {
        if (n == m_n) return;
        m_n = n;
        for (state_type* v : {&m_dxdt, &m_dfdt, &m_dxdtnew, &m_xtmp, &m_g1, &m_g2, &m_g3, &m_g4,
                              &m_g5, &m_cont3, &m_cont4}) {
            v->resize(n, false);
        }
        m_w.resize(n, n, false);
        m_pivot.assign(n, 0);
    }

    /// W = I / (gamma dt) - J in place of J, then its LU factorisation with partial pivoting
    /// (rows swapped whole, LAPACK getrf style): W = P^T L U, L unit lower, U upper. Works on
    /// the row-major storage of the uBLAS matrix directly.
    void factorise(time_type dt) {
        const std::size_t n = m_n;
        double* w = &m_w.data()[0];
        const double diagonal = 1.0 / (m_coef.gamma * dt);
        for (std::size_t i = 0; i < n * n; ++i) w[i] = -w[i];
        for (std::size_t r = 0; r < n; ++r) w[r * n + r] += diagonal;
        for (std::size_t k = 0; k < n; ++k) {
            std::size_t p = k;
            for (std::size_t r = k + 1; r < n; ++r) {
                if (std::abs(w[r * n + k]) > std::abs(w[p * n + k])) p = r;
            }
            m_pivot[k] = p;
            if (p != k) std::swap_ranges(w + k * n, w + k * n + n, w + p * n);
            const double pivot = w[k * n + k];
            if (!(std::abs(pivot) > 0.0)) {
                throw boost::numeric::odeint::step_adjustment_error(
                    "singular Rosenbrock iteration matrix");
            }
            for (std::size_t r = k + 1; r < n; ++r) {
                const double l = w[r * n + k] / pivot;
                w[r * n + k] = l;
                for (std::size_t c = k + 1; c < n; ++c) w[r * n + c] -= l * w[k * n + c];
            }
        }
    }

    /// b := W^-1 b from the factorisation.
    void solve(state_type& b_vector) const {
        const std::size_t n = m_n;
        const double* w = &m_w.data()[0];
        double* b = &b_vector.data()[0];
        for (std::size_t k = 0; k < n; ++k) {
            if (m_pivot[k] != k) std::swap(b[k], b[m_pivot[k]]);
        }
        for (std::size_t r = 1; r < n; ++r) {
            double sum = b[r];
            for (std::size_t c = 0; c < r; ++c) sum -= w[r * n + c] * b[c];
            b[r] = sum;
        }
        for (std::size_t r = n; r-- > 0;) {
            double sum = b[r];
            for (std::size_t c = r + 1; c < n; ++c) sum -= w[r * n + c] * b[c];
            b[r] = sum / w[r * n + r];
        }
    }

    coefficients m_coef;
    std::size_t m_n = 0;
    UblasMatrix m_w;  // the Jacobian, then the factorised iteration matrix
    std::vector<std::size_t> m_pivot;
    state_type m_dxdt, m_dfdt, m_dxdtnew, m_xtmp;
    state_type m_g1, m_g2, m_g3, m_g4, m_g5;
    state_type m_cont3, m_cont4;
};

/// Odeint's dense output and step-size control around Rosenbrock4Stepper.
using Rosenbrock4DenseOutput = boost::numeric::odeint::rosenbrock4_dense_output<
    boost::numeric::odeint::rosenbrock4_controller<Rosenbrock4Stepper>>;

/// Drives Odeint's dense-output Rosenbrock 4 for the event loop. `System` provides
/// system(x, dxdt, t) and system.jacobian(x, J, t, dfdt) (J = df/dx, dfdt = df/dt) on uBLAS
/// types; the driver keeps a pointer to it, so the system must outlive the driver. The stepper
/// runs on local time (time since the origin set by set_origin); the system sees absolute time.
template <class System>
class Rosenbrock4Driver {
public:
    using State = UblasState;

    Rosenbrock4Driver(const System& system, const OdeControl& control, int n_states)
        : m_system(&system),
          m_stepper(boost::numeric::odeint::rosenbrock4_controller<Rosenbrock4Stepper>(
              control.atol, control.rtol)),
          m_zero(static_cast<std::size_t>(n_states), 0.0) {}

    State zero_state() const { return m_zero; }
    static const double* data(const State& x) { return &x.data()[0]; }
    const char* name() const { return "rosenbrock4"; }
    Stepper stepper() const { return Stepper::Rosenbrock4; }

    /// Local time 0 is absolute time `t0_h` from now on.
    void set_origin(double t0_h) { m_origin = t0_h; }

    void initialize(const State& x, double t, double dt) { m_stepper.initialize(x, t, dt); }

    void do_step() {
        try {
            m_stepper.do_step(std::make_pair(Rhs{m_system, m_origin},
                                             Jacobian{m_system, &m_jacobians, m_origin}));
        } catch (const boost::numeric::odeint::odeint_error& e) {
            throw SolverError(std::string("ODE path (rosenbrock4): ") + e.what() +
                              " at t = " + at_time(m_origin + m_stepper.current_time()));
        }
    }

    void calc_state(double t, State& x) { m_stepper.calc_state(t, x); }
    const State& current_state() const { return m_stepper.current_state(); }
    double current_time() const { return m_stepper.current_time(); }
    double current_dt() const { return m_stepper.current_time_step(); }
    /// The system's derivative at absolute time t.
    void derivative(const State& x, State& dxdt, double t) const { (*m_system)(x, dxdt, t); }
    /// Steps attempted: the stepper evaluates the Jacobian once per attempt.
    long attempts() const { return m_jacobians; }

private:
    // The system at absolute time.
    struct Rhs {
        const System* system;
        double origin;
        void operator()(const State& x, State& dxdt, double t) const {
            (*system)(x, dxdt, origin + t);
        }
    };
    struct Jacobian {
        const System* system;
        long* calls;
        double origin;
        void operator()(const State& x, UblasMatrix& j, double t, State& dfdt) const {
            ++*calls;
            system->jacobian(x, j, origin + t, dfdt);
        }
    };

    const System* m_system;
    Rosenbrock4DenseOutput m_stepper;
    State m_zero;
    double m_origin = 0.0;
    long m_jacobians = 0;
};

}  // namespace pkengine::detail
