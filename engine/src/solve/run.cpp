#include "run.hpp"

#include <cmath>
#include <string>

#include "exact_solver.hpp"
#include "ode_solver.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

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
/// (Empty when the problem has none: a Result may be reused from another run.)
void finish_outputs(const Problem& problem, Result& result) {
    if (problem.metabolite_v_l) {
        result.metabolite_concentration_mg_per_l =
            result.amounts_mg.col(problem.layout.metabolite_central) *
            (problem.metabolite_mass_ratio / *problem.metabolite_v_l);
    } else {
        result.metabolite_concentration_mg_per_l.resize(0);
    }
    if (problem.response) {
        const SigmoidEmax& response = *problem.response;
        result.effect = result.effect_site_concentration_mg_per_l.unaryExpr(
            [&response](double ce) { return response(ce); });
    } else {
        result.effect.resize(0);
    }
}

/// Throws SolverError naming the first output (and its time) that is not finite.
void require_finite_column(const Result& result, const Eigen::Ref<const Eigen::VectorXd>& column,
                           const std::string& name) {
    if (column.allFinite()) return;
    Eigen::Index row = 0;
    while (row < column.size() && std::isfinite(column[row])) ++row;
    throw SolverError(name +
                      " at t = " + format_value(result.times_h[static_cast<std::size_t>(row)]) +
                      " h is " + format_value(column[row]) +
                      ": the simulation overflowed double precision (doses, amounts or parameters "
                      "too extreme); no result is returned");
}

/// No NaN or infinity leaves the engine: one check per simulation, after it.
void require_finite_outputs(const Result& result) {
    if (result.amounts_mg.allFinite() && result.concentration_mg_per_l.allFinite() &&
        result.metabolite_concentration_mg_per_l.allFinite() &&
        result.effect_site_concentration_mg_per_l.allFinite() && result.effect.allFinite()) {
        return;
    }
    for (Eigen::Index j = 0; j < result.amounts_mg.cols(); ++j) {
        require_finite_column(
            result, result.amounts_mg.col(j),
            "amount of '" + result.state_names[static_cast<std::size_t>(j)] + "' (mg)");
    }
    require_finite_column(result, result.concentration_mg_per_l, "concentration (mg/L)");
    require_finite_column(result, result.metabolite_concentration_mg_per_l,
                          "metabolite concentration (mg/L)");
    require_finite_column(result, result.effect_site_concentration_mg_per_l,
                          "effect-site concentration (mg/L)");
    require_finite_column(result, result.effect, "effect");
}

/// The parameter behind the transfer from state `from` to state `to`, by the states' names.
std::string rate_source(const Layout& layout, int from, int to) {
    const std::string& source = layout.names[static_cast<std::size_t>(from)];
    const std::string& target = layout.names[static_cast<std::size_t>(to)];
    if (source.rfind("depot_", 0) == 0) return "ka of the " + source.substr(6) + " route";
    if (source.rfind("presystemic_depot_", 0) == 0) {
        return "ka of the " + source.substr(18) + " route (presystemic metabolite)";
    }
    if (source.rfind("transit_", 0) == 0 || source.rfind("presystemic_transit_", 0) == 0) {
        return "ktr";
    }
    if (source == "central") {
        if (target == "eliminated") return "CL/V1";
        if (target == "metabolite_central") return "fm CL/V1";
        return "Q/V1";
    }
    if (source.rfind("peripheral", 0) == 0) return "Q/V of the peripheral compartment";
    if (source == "metabolite_central") {
        return target == "metabolite_eliminated" ? "the metabolite's CL/V" : "the metabolite's Q/V";
    }
    if (source == "metabolite_peripheral") return "the metabolite's Q/Vp";
    return "a transfer rate constant";
}

[[noreturn]] void fail_rate(const std::string& what, double rate, const std::string& source) {
    throw InvalidInput(what + " = " + format_value(rate) + " /h (" + source +
                       ") is more than the fastest rate constant accepted, kMaxRateConstantPerH "
                       "= " +
                       format_value(kMaxRateConstantPerH) +
                       " /h: such a process is over within 1e-11 h; model it as instantaneous "
                       "(dose into the next compartment) or check the units");
}

/// Throws InvalidInput naming the transfer (or ke0) and its value when a first-order rate
/// constant of a system is more than kMaxRateConstantPerH.
void check_rate_constants(const Problem& problem) {
    const Layout& layout = problem.layout;
    for (const CompiledSystem& system : problem.systems) {
        const auto n = static_cast<int>(system.a.rows());
        for (int j = 0; j < n; ++j) {
            if (j == layout.effect_site) {
                // dCe/dt = ke0 (C - Ce): its diagonal is -ke0 (ke0/V1 feeds it: not a rate).
                const double ke0 = -system.a(j, j);
                if (ke0 > kMaxRateConstantPerH) fail_rate("ke0", ke0, "effect site");
                continue;
            }
            for (int i = 0; i < n; ++i) {
                if (i == j || i == layout.effect_site) continue;
                const double rate = system.a(i, j);
                if (!(rate > kMaxRateConstantPerH)) continue;
                fail_rate("the rate constant from '" + layout.names[static_cast<std::size_t>(j)] +
                              "' to '" + layout.names[static_cast<std::size_t>(i)] + "'",
                          rate, rate_source(layout, j, i));
            }
        }
    }
}

}  // namespace

void check_implied_actions(const Model& model, const std::vector<DoseEvent>& events,
                           std::size_t max_actions) {
    // In double: ADDL up to a million on millions of records must not overflow the count.
    double actions = 0.0;
    for (const DoseEvent& e : events) {
        const bool doses = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
        if (!doses) {
            actions += 1.0;
            continue;
        }
        // A record into a numbered compartment is one input; a route's may split into several.
        const int per_dose = e.compartment > 0 ? (e.is_infusion() ? 2 : 1)
                                               : dose_actions(model, e.route, e.is_infusion());
        actions += (e.additional + 1.0) * per_dose;
    }
    if (actions <= static_cast<double>(max_actions)) return;
    throw InvalidInput("the records imply " + format_value(actions) +
                       " actions (each dose and ADDL repeat, infusions twice: start and end), "
                       "more than max_actions = " +
                       std::to_string(max_actions) +
                       ": use fewer records or repeats (ADDL), or raise max_actions");
}

void check_output_values(std::size_t points, std::size_t states, std::size_t max_output_values) {
    const double values = static_cast<double>(points) * static_cast<double>(states);
    if (values <= static_cast<double>(max_output_values)) return;
    throw InvalidInput(
        "the result would hold " + std::to_string(points) + " output points x " +
        std::to_string(states) + " states = " + format_value(values) +
        " values, more than max_output_values = " + std::to_string(max_output_values) +
        ": use fewer output times (a coarser grid or a shorter span), or raise "
        "max_output_values");
}

Result run(const Problem& problem, std::vector<double> times, const std::vector<long>& order,
           const SimulationOptions& options) {
    Result result;
    ExactWorkspace workspace;
    result.times_h = std::move(times);
    run_into(problem, result.times_h, order, options, workspace, result);
    return result;
}

void run_into(const Problem& problem, const std::vector<double>& times,
              const std::vector<long>& order, const SimulationOptions& options,
              ExactWorkspace& workspace, Result& result) {
    const SolverPath path = choose_path(problem, options.path);
    check_rate_constants(problem);
    check_output_values(times.size(), static_cast<std::size_t>(problem.layout.n_states),
                        options.max_output_values);
    if (&result.times_h != &times) result.times_h = times;
    result.state_names = problem.layout.names;
    result.v1_l = problem.systems.front().v1_l;
    result.infusions_as_bolus = problem.timeline.infusions_as_bolus;
    result.rejected_steps = 0;
    const OutputMap map = problem.output_map();
    prepare_outputs(map, static_cast<Eigen::Index>(result.times_h.size()), result);
    if (path == SolverPath::Exact) {
        run_exact(problem, map, result.times_h, order, workspace, result);
    } else {
        run_ode(problem, map, result.times_h, order, options, result);
    }
    finish_outputs(problem, result);
    require_finite_outputs(result);
}

}  // namespace pkengine::detail
