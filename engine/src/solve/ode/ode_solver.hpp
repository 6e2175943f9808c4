#pragma once
// The ODE path for built-in models, and the stiffness test that picks its stepper. The Odeint
// templates are instantiated in two translation units, one per stepper (ode_dopri5.cpp and
// ode_rosenbrock4.cpp), so that the heavy headers compile in parallel and only once.

#include <Eigen/Core>
#include <vector>

#include "compile.hpp"
#include "pk_system.hpp"
#include "pkengine/detail/infusions.hpp"
#include "pkengine/detail/ode_propagator.hpp"
#include "pkengine/detail/outputs.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine::detail {

/// Runs `problem` through the event loop on the ODE propagator: picks the stepper
/// (options.stepper, or by the stiffness test when Automatic, judged on the stiffest system),
/// fills the outputs of `result` (sized by prepare_outputs with `map`) and its path, stepper
/// and counters.
void run_ode(const Problem& problem, const OutputMap& map, const std::vector<double>& output_times,
             const std::vector<long>& output_order, const SimulationOptions& options,
             Result& result);

/// What one ODE run of the built-in systems needs.
struct OdeRunInputs {
    const std::vector<PkSystem>& systems;  ///< they read their rates from `rates`
    InputRates& rates;
    const Timeline& timeline;
    const OutputMap& map;
    const std::vector<double>& central_volume_l;
    const std::vector<double>& times;
    const std::vector<long>& order;
    const OdeControl& control;
};

/// The built-in systems on Dormand-Prince 5(4).
void run_pk_dopri5(const OdeRunInputs& in, Result& result);

/// The built-in systems on Rosenbrock 4.
void run_pk_rosenbrock4(const OdeRunInputs& in, Result& result);

/// The fastest decay rate of a linear(ised) system: the largest |Re(lambda)| over the
/// eigenvalues lambda of `jacobian` (1/h).
double fastest_rate(const Eigen::MatrixXd& jacobian);

/// The Automatic stepper choice, a cost model measured on the reference case (docs/design.md,
/// "Reference case") and on stiff two-compartment models. Dormand-Prince is stable only for steps
/// below about 3.3 / lambda on a mode decaying at rate lambda, so over a horizon T it needs at
/// least lambda_max T / 3.3 steps whatever the tolerance: its stability floor (1 505 on the
/// reference case, which took 1 586 steps). Rosenbrock 4 is stable at any step; its steps follow
/// accuracy alone, about 900 to 1 400 for a curve at rtol 1e-8 (fewer as rtol^(-1/4) at looser
/// tolerances), each costing about four Dormand-Prince steps (a Jacobian, an LU factorisation
/// and six solves beside six right-hand sides). Rosenbrock 4 is chosen when the floor exceeds
/// kStiffFloorSteps (1e-8 / rtol)^(1/4), where the two cost the same: measured on a
/// two-compartment model with ten doses, Dormand-Prince is 2 times faster at a floor of 2 400,
/// even at 4 800, and 5 times slower at 24 000; the reference case stays on Dormand-Prince.
inline constexpr double kStiffFloorSteps = 5'000.0;

/// The stepper the Automatic choice runs for a system whose fastest rate is
/// `fastest_rate_per_h` (1/h), integrated over `horizon_h` (h) at relative tolerance `rtol`.
Stepper choose_stepper(double fastest_rate_per_h, double horizon_h, double rtol);

}  // namespace pkengine::detail
