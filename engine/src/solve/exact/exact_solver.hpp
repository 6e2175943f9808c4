#pragma once
// The exact path: between actions the state obeys x' = A x + b, propagated with e^{Ah} and,
// while an infusion runs, the matrix exponential of the augmented matrix [[A, I], [0, 0]], which
// gives Gamma(h) = integral_0^h e^{As} ds (so the infusion term is Gamma(h) b, and no inversion
// of A is needed). Propagators are cached per step length. Steady states have a closed form.
// The exponentials keep every state to rounding for rate constants of any size up to
// kMaxRateConstantPerH (see compartmental_exp in exact_exponential.cpp).

#include <Eigen/Core>
#include <vector>

#include "compile.hpp"
#include "pkengine/detail/infusions.hpp"
#include "pkengine/detail/outputs.hpp"
#include "pkengine/detail/steady_state.hpp"
#include "pkengine/detail/timeline.hpp"
#include "pkengine/limits.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine::detail {

using ExactVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxExactStates, 1>;
using ExactMatrix =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxExactStates, kMaxExactStates>;

/// e^{Ah} and Gamma(h) = integral_0^h e^{As} ds for one step h (h): the exact propagation
/// x(t + h) = phi x(t) + gamma b under constant input rates b.
void step_matrices(const ExactMatrix& a, double h, ExactMatrix& phi, ExactMatrix& gamma);

/// e^{Ah} alone (h).
void step_matrix(const ExactMatrix& a, double h, ExactMatrix& phi);

/// The states of x' = a x + b that only accumulate (find_accumulating on the linear system).
std::vector<bool> accumulating_states(const ExactMatrix& a);

/// The exact steady state x(t0-) of `spec` under x' = a x + b: (I - Phi)^-1 z over one window,
/// or -A^-1 b for a constant infusion, on the non-accumulating states (accumulators 0). Throws
/// SolverError when the system has no steady state (a singular system).
ExactVector exact_steady_state(const ExactMatrix& a, const SteadyStateSpec& spec);

/// Propagates `x` exactly over one window: out = x((t0 + length)-) from x(t0-) = x.
void exact_window_step(const ExactMatrix& a, const PeriodicWindow& window, const ExactVector& x,
                       ExactVector& out);

/// What run_exact keeps from one run to the next (a population worker's subjects): the systems'
/// matrices at the exact path's size, their central volumes and the input rates. Reused for a
/// problem of the same size, it allocates nothing.
struct ExactWorkspace {
    std::vector<ExactMatrix> systems;
    std::vector<double> central_volumes;
    InputRates rates;
};

/// Runs `problem` through the event loop on the exact propagator: fills the outputs of
/// `result` (sized by prepare_outputs with `map`) and its path, stepper and counters. Throws
/// InvalidInput when the state exceeds kMaxExactStates.
void run_exact(const Problem& problem, const OutputMap& map,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               ExactWorkspace& workspace, Result& result);

}  // namespace pkengine::detail
