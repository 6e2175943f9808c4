#pragma once
/// @file simulate.hpp
/// Output times, simulation options, results, and the simulate() entry point.

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "dose.hpp"
#include "limits.hpp"
#include "model.hpp"
#include "regimen.hpp"

namespace pkengine {

/// The times (h) at which results are reported: a uniform grid or any sorted list.
/// An output time reports the state after every event at that time (a bolus at t = 0 shows
/// C0 = dose / V1).
class OutputTimes {
public:
    /// start_h, start_h + step_h, ... up to stop_h inclusive (h). Requires 0 <= start <= stop,
    /// step > 0, stop <= kMaxHorizonH and at most kMaxOutputPoints points.
    static OutputTimes uniform(double start_h, double stop_h, double step_h);
    /// Explicit times (h): finite, >= 0, non-decreasing, <= kMaxHorizonH.
    static OutputTimes at(std::vector<double> times_h);

    const std::vector<double>& times() const { return m_times; }
    std::size_t size() const { return m_times.size(); }
    /// True for a uniform grid (the solver then caches one propagator for the whole grid).
    bool is_uniform() const { return m_step > 0.0; }
    /// Grid step (h) of a uniform grid, 0 otherwise.
    double step() const { return m_step; }

private:
    OutputTimes(std::vector<double> times, double step) : m_times(std::move(times)), m_step(step) {}
    std::vector<double> m_times;
    double m_step = 0.0;
};

/// Which solver path runs.
enum class SolverPath {
    Automatic,  ///< exact for linear models (whose state fits the exact path), ODE otherwise
    Exact,      ///< matrix-exponential propagation (linear models only)
    Ode,        ///< numerical integration (Boost.Odeint), for any model
};

/// Which integrator the ODE path uses (and, in a Result, how the state was carried).
enum class Stepper {
    Automatic,          ///< Rosenbrock 4 when the problem is stiff, Dormand-Prince 5(4) otherwise
    DormandPrince5,     ///< explicit Runge-Kutta 5(4), dense output (non-stiff problems)
    Rosenbrock4,        ///< linearly implicit Rosenbrock 4(3), analytic Jacobian (stiff problems)
    MatrixExponential,  ///< the exact path's propagation (reported only, never an option)
};

/// Canonical names: "automatic", "exact", "ode".
std::string_view solver_path_name(SolverPath path);
/// Canonical names: "automatic", "dormand_prince5", "rosenbrock4", "matrix_exponential".
std::string_view stepper_name(Stepper stepper);
/// Parses "automatic", "exact" or "ode" (case-insensitive). Throws InvalidInput naming `path`.
SolverPath parse_solver_path(std::string_view name);
/// Parses "automatic", "dormand_prince5" (alias "dopri5"), "rosenbrock4" (case-insensitive).
/// Throws InvalidInput naming `stepper`.
Stepper parse_stepper(std::string_view name);

/// Default relative tolerance of the ODE path. With it, the ODE path reproduces the exact path
/// to about 1e-6 relative: the local error per step is held below rtol, and the global error
/// grows to a few hundred times that over a curve (measured in the test suite).
inline constexpr double kDefaultRtol = 1e-8;
/// Default absolute tolerance of the ODE path (mg, on every amount; mg/L on the effect site):
/// one picogram, nine orders below a 1 ng/mL assay limit in a litre, so the relative tolerance
/// governs every amount above atol / rtol = 1e-4 mg and the absolute one only a negligible tail.
inline constexpr double kDefaultAtolMg = 1e-12;
/// Default limit on the accepted steps between two discontinuities (doses, infusion starts and
/// stops): far above what a non-stiff segment needs (a few hundred steps), low enough that a
/// stiff problem forced onto Dormand-Prince fails within a fraction of a second, not hours.
inline constexpr long kDefaultMaxSteps = 100'000;

/// Default relative tolerance of the ODE path's steady states (SS records): the interval-by-
/// interval iteration stops when the last change of every state, and the change still to come
/// (extrapolated geometrically), are within steady_state_rtol * |x| + steady_state_atol_mg. It
/// equals kDefaultRtol: each interval is integrated to that tolerance, so asking the fixed point
/// for more would only chase the integration error.
inline constexpr double kDefaultSteadyStateRtol = 1e-8;
/// Default absolute tolerance of the ODE path's steady states (mg): that of the integration.
inline constexpr double kDefaultSteadyStateAtolMg = 1e-12;
/// Default cap on the intervals the ODE path integrates to reach a steady state. The iteration
/// gains a factor 2 every half-life, so from zero it needs about 27 half-lives to reach 1e-8:
/// the cap admits half-lives of up to about 370 dosing intervals (or constant-infusion windows).
inline constexpr int kDefaultSteadyStateMaxIntervals = 10'000;
/// Default length of the stretches the ODE path integrates a steady-state constant infusion
/// (an SS record without an interval) over, until the state stops changing (h): one day.
inline constexpr double kDefaultSteadyStateWindowH = 24.0;

/// Options of a simulation.
struct SimulationOptions {
    FChoice bioavailability = FChoice::Nominal;  ///< which end of each F range is used
    SolverPath path = SolverPath::Automatic;     ///< solver path
    Stepper stepper = Stepper::Automatic;        ///< ODE path: which integrator
    double rtol = kDefaultRtol;                  ///< ODE path: relative tolerance, in (0, 1)
    double atol_mg = kDefaultAtolMg;             ///< ODE path: absolute tolerance (mg), > 0
    long max_steps = kDefaultMaxSteps;           ///< ODE path: most accepted steps between two
                                                 ///< discontinuities, >= 1; more raises SolverError
    /// ODE path, SS records: relative tolerance of the steady state, in (0, 1)
    double steady_state_rtol = kDefaultSteadyStateRtol;
    /// ODE path, SS records: absolute tolerance of the steady state (mg), > 0
    double steady_state_atol_mg = kDefaultSteadyStateAtolMg;
    /// ODE path, SS records: most intervals integrated, >= 1; more raises SolverError naming
    /// the record's time
    int steady_state_max_intervals = kDefaultSteadyStateMaxIntervals;
    /// ODE path, SS constant infusions: length of each integrated stretch (h), > 0
    double steady_state_window_h = kDefaultSteadyStateWindowH;
    /// Most actions the records may imply (doses x ADDL repeats x inputs, x 2 for infusions),
    /// >= 1; more raise InvalidInput before any work (see kDefaultMaxActions)
    std::size_t max_actions = kDefaultMaxActions;
    /// Most values the result may hold (output points x states; a dataset: summed over its
    /// IDs), >= 1; more raise InvalidInput before any work (see kDefaultMaxOutputValues)
    std::size_t max_output_values = kDefaultMaxOutputValues;

    /// Throws InvalidInput naming the field when a value is out of range.
    void validate() const;
};

/// Row-major matrix type of results: one row per output time, one column per state.
using ResultMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The outcome of one simulation.
struct Result {
    std::vector<double> times_h;             ///< output times (h)
    Eigen::VectorXd concentration_mg_per_l;  ///< plasma (central) concentration (mg/L)
    ResultMatrix amounts_mg;                 ///< amount in each state (mg), times x states
    std::vector<std::string> state_names;    ///< column names of amounts_mg: "central",
                                             ///< "peripheral1", "peripheral2",
                                             ///< "transit_<route>_<k>", "depot_<route>",
                                             ///< "eliminated" (cumulative amount eliminated),
                                             ///< "metabolite_central", "metabolite_peripheral",
                                             ///< "metabolite_eliminated", "discarded" (what
                                             ///< records turning a compartment off emptied,
                                             ///< cumulative). Only amounts: the
                                             ///< effect site (a concentration) is not a column,
                                             ///< so a row sums to the mass in the system.
    double v1_l = 0.0;                       ///< central volume used for concentrations (L)
    /// Metabolite concentration in its central compartment (mg/L), in the metabolite's own mass
    /// (Metabolite::molar_mass_ratio; parent-equivalents when it is 1); empty when the model has
    /// no metabolite.
    Eigen::VectorXd metabolite_concentration_mg_per_l;
    /// Effect-site concentration Ce (mg/L); empty without an effect compartment.
    Eigen::VectorXd effect_site_concentration_mg_per_l;
    /// Effect E(Ce) (in the unit of E0 and Emax); empty without a response model.
    Eigen::VectorXd effect;
    SolverPath solver = SolverPath::Automatic;  ///< the path that ran: Exact or Ode
    Stepper stepper = Stepper::Automatic;       ///< MatrixExponential (exact path),
                                                ///< DormandPrince5 or Rosenbrock4 (ODE path)
    long steps = 0;                 ///< propagation steps (exact) or accepted steps (ODE,
                                    ///< those of steady-state iterations included)
    long rejected_steps = 0;        ///< ODE path: steps rejected by the error control
    long propagators_computed = 0;  ///< matrix exponentials evaluated (exact path)
    /// Infusions shorter than kMinInfusionDurationH, given as a bolus at their start.
    long infusions_as_bolus = 0;

    /// Column of a named state. Throws InvalidInput for an unknown name.
    int state_index(const std::string& name) const;
};

/// Simulates `events` (sorted by time) on `model` and reports at `times`. Throws InvalidInput
/// for invalid events or options, a route the model lacks, or an unsupported combination (the
/// exact path asked for a nonlinear model); throws SolverError when the ODE path cannot finish
/// (too many steps, step-size underflow, a non-finite state, a steady-state record not reached
/// within steady_state_max_intervals), naming the time (h).
Result simulate(const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
                const SimulationOptions& options = {});

/// Simulates a regimen (see the overload on events).
Result simulate(const Model& model, const Regimen& regimen, const OutputTimes& times,
                const SimulationOptions& options = {});

}  // namespace pkengine
