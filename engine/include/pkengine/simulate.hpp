#pragma once
/// @file simulate.hpp
/// Output times, simulation options, results, and the simulate() entry point.

#include <Eigen/Core>
#include <string>
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
    Automatic,  ///< exact for linear models
    Exact,      ///< matrix-exponential propagation (linear models only)
};

/// Options of a simulation.
struct SimulationOptions {
    FChoice bioavailability = FChoice::Nominal;  ///< which end of each F range is used
    SolverPath path = SolverPath::Automatic;     ///< solver path
};

/// Row-major matrix type of results: one row per output time, one column per state.
using ResultMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The outcome of one simulation.
struct Result {
    std::vector<double> times_h;             ///< output times (h)
    Eigen::VectorXd concentration_mg_per_l;  ///< plasma (central) concentration (mg/L)
    ResultMatrix amounts_mg;                 ///< amount in each state (mg), times x states
    std::vector<std::string> state_names;    ///< column names of amounts_mg: "central",
                                             ///< "peripheral1", "peripheral2", "depot_<route>",
                                             ///< "eliminated" (cumulative amount eliminated)
    double v1_l = 0.0;                       ///< central volume used for concentrations (L)
    std::string solver;                      ///< "exact"
    std::string stepper;                     ///< "matrix_exponential"
    long steps = 0;                          ///< number of propagation steps taken
    long propagators_computed = 0;           ///< matrix exponentials evaluated

    /// Column of a named state. Throws InvalidInput for an unknown name.
    int state_index(const std::string& name) const;
};

/// Simulates `events` (sorted by time) on `model` and reports at `times`. Throws InvalidInput
/// for invalid events, a route the model lacks, or an unsupported combination.
Result simulate(const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
                const SimulationOptions& options = {});

/// Simulates a regimen (see the overload on events).
Result simulate(const Model& model, const Regimen& regimen, const OutputTimes& times,
                const SimulationOptions& options = {});

}  // namespace pkengine
