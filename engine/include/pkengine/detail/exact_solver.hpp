#pragma once
// The exact path: between actions the state obeys x' = A x + b, propagated with e^{Ah} and,
// while an infusion runs, the matrix exponential of the augmented matrix [[A, I], [0, 0]], which
// gives Gamma(h) = integral_0^h e^{As} ds (so the infusion term is Gamma(h) b, and no inversion
// of A is needed). Propagators are cached per step length.

#include <Eigen/Core>
#include <vector>

#include "../simulate.hpp"
#include "system.hpp"

namespace pkengine::detail {

/// Largest state the exact path handles with stack-only storage: room for a three-compartment
/// model with every route, a metabolite with a peripheral compartment, an effect site and
/// transit chains of about a dozen compartments.
inline constexpr int kMaxExactStates = 32;

using ExactVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxExactStates, 1>;
using ExactMatrix =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxExactStates, kMaxExactStates>;

/// e^{Ah} and Gamma(h) = integral_0^h e^{As} ds for one step h (h): the exact propagation
/// x(t + h) = phi x(t) + gamma b under constant input rates b.
void step_matrices(const ExactMatrix& a, double h, ExactMatrix& phi, ExactMatrix& gamma);

/// One linear system of a run: x' = a x + b; concentration = x[central] / v1_l.
struct ExactSystem {
    Eigen::MatrixXd a;
    double v1_l = 0.0;
};

/// Runs the timeline and fills `result` (times, amounts, concentrations, counters), starting
/// with systems[0]; SwitchSystem actions change the system in effect.
/// `output_order[i]` (optional, may be empty) places output i among same-time actions: it is
/// recorded after actions whose order is smaller; without it outputs come after every action
/// at their time. Outputs must be sorted by (time, order).
void run_exact(const std::vector<ExactSystem>& systems, const Layout& layout,
               const Timeline& timeline, const std::vector<double>& output_times,
               const std::vector<long>& output_order, Result& result);

/// run_exact with one system.
void run_exact(const Eigen::MatrixXd& a, const Layout& layout, const Timeline& timeline,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               double v1_l, Result& result);

}  // namespace pkengine::detail
