#pragma once
// The right-hand side and Jacobian of a compiled built-in model for the ODE path:
// dx/dt = A x + b(t) - m(x), with A the linear system matrix (stored as its non-zero entries
// by row),
// b the infusion rates of the current segment and m the Michaelis-Menten elimination.

#include <Eigen/Core>
#include <array>
#include <utility>
#include <vector>

#include "compile.hpp"

namespace pkengine::detail {

/// Michaelis-Menten elimination from the central amount into the eliminated state.
struct SaturableElimination {
    int central = -1;  ///< -1: the model has none
    int eliminated = -1;
    double vmax_mg_per_h = 0.0;
    double km_mg_per_l = 1.0;
    double v1_l = 1.0;

    bool active() const { return central >= 0; }
    /// Elimination rate (mg/h) at central amount `a` (mg): none from a non-positive amount (a
    /// step may overshoot below 0 by its error; with Km near 0 the formula would then remove
    /// mass that is not there, Km + C changing sign).
    double rate(double a) const {
        if (!(a > 0.0)) return 0.0;
        const double c = a / v1_l;
        return vmax_mg_per_h * c / (km_mg_per_l + c);
    }
    /// Its derivative with respect to the central amount (1/h); 0 where the rate is 0.
    double slope(double a) const {
        if (!(a > 0.0)) return 0.0;
        const double c = a / v1_l;
        return vmax_mg_per_h * km_mg_per_l / (v1_l * (km_mg_per_l + c) * (km_mg_per_l + c));
    }
    template <class State>
    void add_to(const State& x, State& dxdt) const {
        const double r = rate(x[central]);
        dxdt[central] -= r;
        dxdt[eliminated] += r;
    }
};

/// The built-in model as an Odeint system of any size. Holds a pointer to the infusion rates,
/// which the event loop updates between segments; all storage is sized on construction.
class PkSystem {
public:
    /// The compiled `system` in `layout` (its matrix as the layout made it); `rates` (mg/h by
    /// state) must outlive it.
    PkSystem(const CompiledSystem& system, const Layout& layout, const double* rates);

    /// dxdt = f(x) (amounts in mg, rates in mg/h; the effect site in mg/L and mg/L/h).
    template <class State>
    void operator()(const State& x, State& dxdt, double /*t*/) const {
        // Row by row over the non-zeros of A (compressed rows), summing in a register.
        for (int r = 0; r < m_n; ++r) {
            double sum = m_rates[r];
            const auto end = m_row_start[static_cast<std::size_t>(r) + 1];
            for (auto k = m_row_start[static_cast<std::size_t>(r)]; k < end; ++k) {
                sum += m_values[k] * x[m_columns[k]];
            }
            dxdt[r] = sum;
        }
        if (m_saturable.active()) m_saturable.add_to(x, dxdt);
    }

    /// J = df/dx (1/h) and df/dt = 0 (the system is autonomous within a segment).
    template <class State, class Matrix>
    void jacobian(const State& x, Matrix& j, double /*t*/, State& dfdt) const {
        for (int r = 0; r < m_n; ++r) {
            for (int c = 0; c < m_n; ++c) j(r, c) = dense(r, c);
            dfdt[r] = 0.0;
        }
        if (m_saturable.active()) {
            const double slope = m_saturable.slope(x[m_saturable.central]);
            j(m_saturable.central, m_saturable.central) -= slope;
            j(m_saturable.eliminated, m_saturable.central) += slope;
        }
    }

    /// Number of states.
    int size() const { return m_n; }
    /// Entry (r, c) of the linear system matrix A (1/h).
    double dense(int r, int c) const { return m_dense[static_cast<std::size_t>(r * m_n + c)]; }
    /// The infusion rates (mg/h by state) the system reads.
    const double* rates() const { return m_rates; }
    /// The Michaelis-Menten elimination (inactive for a linear model).
    const SaturableElimination& saturable() const { return m_saturable; }
    /// The Jacobian at the zero state (1/h): the linear part plus the steepest Michaelis-Menten
    /// slope Vmax / (Km V1), the fastest the model can ever be.
    Eigen::MatrixXd linearisation() const;

private:
    int m_n = 0;
    std::vector<std::size_t> m_row_start;  // non-zeros of row r: [m_row_start[r], [r + 1])
    std::vector<int> m_columns;
    std::vector<double> m_values;
    std::vector<double> m_dense;  // A, row-major
    const double* m_rates;
    SaturableElimination m_saturable;
};

/// The same system with its size N fixed at compile time: A dense in a fixed array, so that the
/// right-hand side unrolls on a std::array state (the common small models run this way).
template <int N>
class FixedPkSystem {
public:
    explicit FixedPkSystem(const PkSystem& system)
        : m_rates(system.rates()), m_saturable(system.saturable()) {
        for (int r = 0; r < N; ++r) {
            for (int c = 0; c < N; ++c)
                m_a[static_cast<std::size_t>(r * N + c)] = system.dense(r, c);
        }
    }

    template <class State>
    void operator()(const State& x, State& dxdt, double /*t*/) const {
        for (int r = 0; r < N; ++r) {
            double sum = m_rates[r];
            for (int c = 0; c < N; ++c) sum += m_a[static_cast<std::size_t>(r * N + c)] * x[c];
            dxdt[r] = sum;
        }
        if (m_saturable.active()) m_saturable.add_to(x, dxdt);
    }

private:
    std::array<double, static_cast<std::size_t>(N* N)> m_a{};
    const double* m_rates;
    SaturableElimination m_saturable;
};

/// Systems of one layout of which one applies at a time (a dataset's parameter changes):
/// the system number is read through `current`, which the event loop sets at each
/// SwitchSystem action (the stepper restarts there, so no step spans a change).
template <class System>
class SwitchedSystem {
public:
    /// `current` must outlive the object and index into `systems`.
    SwitchedSystem(std::vector<System> systems, const int* current)
        : m_systems(std::move(systems)), m_current(current) {}

    template <class State>
    void operator()(const State& x, State& dxdt, double t) const {
        active()(x, dxdt, t);
    }

    /// The Jacobian of the system in effect (for Rosenbrock 4).
    template <class State, class Matrix>
    void jacobian(const State& x, Matrix& j, double t, State& dfdt) const {
        active().jacobian(x, j, t, dfdt);
    }

private:
    const System& active() const { return m_systems[static_cast<std::size_t>(*m_current)]; }

    std::vector<System> m_systems;
    const int* m_current;
};

}  // namespace pkengine::detail
