// The stiffness test of the Automatic stepper choice (kept apart: the eigenvalue solver is the
// slowest header of the library to compile).
#include <Eigen/Eigenvalues>
#include <cmath>

#include "ode_solver.hpp"

namespace pkengine::detail {

double fastest_rate(const Eigen::MatrixXd& jacobian) {
    if (jacobian.size() == 0) return 0.0;
    const Eigen::EigenSolver<Eigen::MatrixXd> solver(jacobian, false);
    if (solver.info() != Eigen::Success) {
        // No spectrum: fall back on the infinity norm, an upper bound of every |lambda|.
        return jacobian.cwiseAbs().rowwise().sum().maxCoeff();
    }
    return solver.eigenvalues().real().cwiseAbs().maxCoeff();
}

Stepper choose_stepper(double fastest_rate_per_h, double horizon_h, double rtol) {
    const double floor = fastest_rate_per_h * horizon_h / 3.3;
    const double bound = kStiffFloorSteps * std::pow(1e-8 / rtol, 0.25);
    return floor > bound ? Stepper::Rosenbrock4 : Stepper::DormandPrince5;
}

}  // namespace pkengine::detail
