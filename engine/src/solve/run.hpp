#pragma once
// Running a compiled problem: the one place where the solver path is chosen.

#include <vector>

#include "compile.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine::detail {

/// The path a problem takes: linear problems whose state fits the exact path take it unless
/// asked otherwise; nonlinear ones must take the ODE path (asking for the exact path throws
/// InvalidInput).
SolverPath choose_path(const Problem& problem, SolverPath asked);

/// Runs `problem` at output `times` (sorted; `order` places each among same-time records, see
/// EventLoop::run, and may be empty) with validated `options`: the path chosen once, the
/// outputs, the derived quantities (metabolite concentration, effect), the path, stepper and
/// counters. Throws SolverError, naming the output and time, when any output is not finite.
Result run(const Problem& problem, std::vector<double> times, const std::vector<long>& order,
           const SimulationOptions& options);

}  // namespace pkengine::detail
