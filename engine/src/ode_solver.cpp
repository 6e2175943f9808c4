#include "pkengine/detail/ode_solver.hpp"

#include <algorithm>

namespace pkengine::detail {

PkSystem::PkSystem(const Model& model, const Layout& layout, const double* rates)
    : m_n(layout.n_states), m_rates(rates) {
    const Eigen::MatrixXd a = system_matrix(model, layout);
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
    if (const auto& mm = model.michaelis_menten()) {
        m_saturable = {layout.central, layout.eliminated, mm->vmax_mg_per_h, mm->km_mg_per_l,
                       model.disposition().v1()};
    }
}

Eigen::MatrixXd PkSystem::linearisation() const {
    Eigen::MatrixXd j(m_n, m_n);
    Eigen::VectorXd zero = Eigen::VectorXd::Zero(m_n);
    Eigen::VectorXd dfdt(m_n);
    jacobian(zero, j, 0.0, dfdt);
    return j;
}

void run_ode(const std::vector<const Model*>& models, const Layout& layout,
             const Timeline& timeline, const std::vector<double>& output_times,
             const std::vector<long>& output_order, const SimulationOptions& options,
             Result& result) {
    InfusionTable infusions(layout.n_states, timeline.n_infusions);
    std::vector<PkSystem> systems;
    SystemChoice choice;
    double fastest = 0.0;
    for (const Model* model : models) {
        systems.emplace_back(*model, layout, infusions.rates());
        choice.central_volume_l.push_back(model->disposition().v1());
        fastest = std::max(fastest, fastest_rate(systems.back().linearisation()));
    }
    Stepper stepper = options.stepper;
    if (stepper == Stepper::Automatic) {
        const double horizon = output_times.empty() ? 0.0 : output_times.back();
        stepper = choose_stepper(fastest, horizon, options.rtol);
    }
    const OutputMap map = output_map(layout, choice.central_volume_l.front());
    prepare_outputs(map, static_cast<Eigen::Index>(output_times.size()), result);
    const OdeControl control = ode_control(options);
    const OdeStats stats =
        stepper == Stepper::Rosenbrock4
            ? run_pk_rosenbrock4(systems, infusions, choice, timeline, output_times, output_order,
                                 control, map, result)
            : run_pk_dopri5(systems, infusions, choice, timeline, output_times, output_order,
                            control, map, result);
    result.solver = "ode";
    result.stepper = std::string(stepper_name(stepper));
    result.steps = stats.accepted;
    result.rejected_steps = stats.rejected;
}

void run_ode(const Model& model, const Layout& layout, const Timeline& timeline,
             const std::vector<double>& output_times, const std::vector<long>& output_order,
             const SimulationOptions& options, Result& result) {
    run_ode(std::vector<const Model*>{&model}, layout, timeline, output_times, output_order,
            options, result);
}

}  // namespace pkengine::detail
