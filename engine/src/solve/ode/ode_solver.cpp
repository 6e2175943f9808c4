#include "ode_solver.hpp"

#include <algorithm>

namespace pkengine::detail {

PkSystem::PkSystem(const CompiledSystem& system, const Layout& layout, const double* rates)
    : m_n(layout.n_states), m_rates(rates) {
    const Eigen::MatrixXd& a = system.a;
    m_dense.resize(static_cast<std::size_t>(m_n) * static_cast<std::size_t>(m_n));
    m_row_start.push_back(0);
    for (int r = 0; r < m_n; ++r) {
        for (int c = 0; c < m_n; ++c) {
            m_dense[static_cast<std::size_t>(r * m_n + c)] = a(r, c);
            if (a(r, c) == 0.0) continue;
            m_columns.push_back(c);
            m_values.push_back(a(r, c));
        }
        m_row_start.push_back(m_values.size());
    }
    if (const auto& mm = system.michaelis_menten) {
        m_saturable = {layout.central, layout.eliminated, mm->vmax_mg_per_h, mm->km_mg_per_l,
                       system.v1_l};
    }
}

Eigen::MatrixXd PkSystem::linearisation() const {
    Eigen::MatrixXd j(m_n, m_n);
    Eigen::VectorXd zero = Eigen::VectorXd::Zero(m_n);
    Eigen::VectorXd dfdt(m_n);
    jacobian(zero, j, 0.0, dfdt);
    return j;
}

void run_ode(const Problem& problem, const OutputMap& map, const std::vector<double>& output_times,
             const std::vector<long>& output_order, const SimulationOptions& options,
             Result& result) {
    InputRates rates(problem.layout.n_states, problem.timeline.n_infusions);
    std::vector<PkSystem> systems;
    double fastest = 0.0;
    for (const CompiledSystem& system : problem.systems) {
        systems.emplace_back(system, problem.layout, rates.data());
        fastest = std::max(fastest, fastest_rate(systems.back().linearisation()));
    }
    Stepper stepper = options.stepper;
    if (stepper == Stepper::Automatic) {
        const double horizon = output_times.empty() ? 0.0 : output_times.back();
        stepper = choose_stepper(fastest, horizon, options.rtol);
    }
    const std::vector<double> v1 = problem.central_volumes();
    const OdeControl control = ode_control(options);
    const OdeRunInputs in{systems, rates,        problem.timeline, map,
                          v1,      output_times, output_order,     control};
    if (stepper == Stepper::Rosenbrock4) {
        run_pk_rosenbrock4(in, result);
    } else {
        run_pk_dopri5(in, result);
    }
}

}  // namespace pkengine::detail
