#pragma once
// The ODE path for built-in models, and the stiffness test that picks its stepper. The Odeint
// templates are instantiated in two translation units, one per stepper (ode_dopri5.cpp and
// ode_rosenbrock4.cpp), so that the heavy headers compile in parallel and only once.

#include <Eigen/Core>
#include <vector>

#include "../simulate.hpp"
#include "ode_loop.hpp"
#include "pk_system.hpp"
#include "system.hpp"

namespace pkengine::detail {

/// Runs the ODE path for a compiled model: picks the stepper (options.stepper, or by the
/// stiffness test when Automatic), fills the outputs of `result` (sized by prepare_outputs)
/// and its solver, stepper and step counters.
void run_ode(const Model& model, const Layout& layout, const Timeline& timeline,
             const std::vector<double>& output_times, const std::vector<long>& output_order,
             const SimulationOptions& options, Result& result);

/// run_ode for a timeline built with several models of one layout (a dataset's parameter
/// changes): models[0] applies first, SwitchSystem actions select the others. The Automatic
/// stepper is judged on the stiffest of them.
void run_ode(const std::vector<const Model*>& models, const Layout& layout,
             const Timeline& timeline, const std::vector<double>& output_times,
             const std::vector<long>& output_order, const SimulationOptions& options,
             Result& result);

/// The built-in systems on Dormand-Prince 5(4); `choice.current` selects the one in effect.
OdeStats run_pk_dopri5(const std::vector<PkSystem>& systems, InfusionTable& infusions,
                       SystemChoice& choice, const Timeline& timeline,
                       const std::vector<double>& output_times,
                       const std::vector<long>& output_order, const OdeControl& control,
                       const OutputMap& map, Result& result);

/// The built-in systems on Rosenbrock 4; `choice.current` selects the one in effect.
OdeStats run_pk_rosenbrock4(const std::vector<PkSystem>& systems, InfusionTable& infusions,
                            SystemChoice& choice, const Timeline& timeline,
                            const std::vector<double>& output_times,
                            const std::vector<long>& output_order, const OdeControl& control,
                            const OutputMap& map, Result& result);

/// The fastest decay rate of a linear(ised) system: the largest |Re(lambda)| over the
/// eigenvalues lambda of `jacobian` (1/h).
double fastest_rate(const Eigen::MatrixXd& jacobian);

/// The Automatic stepper choice, a cost model measured on the reference case (DESIGN section 11)
/// and on stiff two-compartment models. Dormand-Prince is stable only for steps below about
/// 3.3 / lambda on a mode decaying at rate lambda, so over a horizon T it needs at least
/// lambda_max T / 3.3 steps whatever the tolerance: its stability floor (1 505 on the reference
/// case, which took 1 586 steps). Rosenbrock 4 is stable at any step; its steps follow accuracy
/// alone, about 900 to 1 400 for a curve at rtol 1e-8 (fewer as rtol^(-1/4) at looser
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
