#pragma once
// Running a compiled problem: the one place where the solver path is chosen.

#include <vector>

#include "compile.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine::detail {

struct ExactWorkspace;  // exact_solver.hpp

/// The path a problem takes: linear problems whose state fits the exact path take it unless
/// asked otherwise; nonlinear ones must take the ODE path (asking for the exact path throws
/// InvalidInput).
SolverPath choose_path(const Problem& problem, SolverPath asked);

/// The actions `events` imply on `model` (doses x ADDL repeats x inputs, x 2 for infusions),
/// counted from the records alone. Throws InvalidInput, saying what to change, when there are
/// more than `max_actions`.
void check_implied_actions(const Model& model, const std::vector<DoseEvent>& events,
                           std::size_t max_actions);

/// Throws InvalidInput, saying what to change, when `points` x `states` (what the result of a
/// run holds, or of every ID of a dataset) is more than `max_output_values`.
void check_output_values(std::size_t points, std::size_t states, std::size_t max_output_values);

/// Runs `problem` at output `times` (sorted; `order` places each among same-time records, see
/// EventLoop::run, and may be empty) with validated `options`: the path chosen once, the
/// outputs, the derived quantities (metabolite concentration, effect), the path, stepper and
/// counters. Throws InvalidInput when the outputs would hold more than
/// options.max_output_values values, SolverError, naming the output and time, when any output
/// is not finite.
Result run(const Problem& problem, std::vector<double> times, const std::vector<long>& order,
           const SimulationOptions& options);

/// run(), written into `result` with `workspace`'s buffers: a population worker runs every
/// subject into one Result, which keeps its capacity, so a subject on the exact path allocates
/// nothing once both have grown (the ODE path still allocates per run).
void run_into(const Problem& problem, const std::vector<double>& times,
              const std::vector<long>& order, const SimulationOptions& options,
              ExactWorkspace& workspace, Result& result);

}  // namespace pkengine::detail
