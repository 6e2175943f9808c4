#include "run.hpp"

#include "exact_solver.hpp"
#include "ode_solver.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

SolverPath choose_path(const Problem& problem, SolverPath asked) {
    if (asked == SolverPath::Exact && !problem.linear()) {
        throw InvalidInput(
            "path = exact: the model is nonlinear (Michaelis-Menten elimination) and has no "
            "exact solution; use path = ode or automatic");
    }
    if (asked != SolverPath::Automatic) return asked;
    const bool fits = problem.layout.n_states <= kMaxExactStates;
    return problem.linear() && fits ? SolverPath::Exact : SolverPath::Ode;
}

namespace {

/// The quantities derived from recorded states: metabolite concentration and effect.
void finish_outputs(const Problem& problem, Result& result) {
    if (problem.metabolite_v_l) {
        result.metabolite_concentration_mg_per_l =
            result.amounts_mg.col(problem.layout.metabolite_central) / *problem.metabolite_v_l;
    }
    if (problem.response) {
        const SigmoidEmax& response = *problem.response;
        result.effect = result.effect_site_concentration_mg_per_l.unaryExpr(
            [&response](double ce) { return response(ce); });
    }
}

}  // namespace

Result run(const Problem& problem, std::vector<double> times, const std::vector<long>& order,
           const SimulationOptions& options) {
    const SolverPath path = choose_path(problem, options.path);
    Result result;
    result.times_h = std::move(times);
    result.state_names = problem.layout.names;
    result.v1_l = problem.systems.front().v1_l;
    const OutputMap map = problem.output_map();
    prepare_outputs(map, static_cast<Eigen::Index>(result.times_h.size()), result);
    if (path == SolverPath::Exact) {
        run_exact(problem, map, result.times_h, order, result);
    } else {
        run_ode(problem, map, result.times_h, order, options, result);
    }
    finish_outputs(problem, result);
    return result;
}

}  // namespace pkengine::detail
