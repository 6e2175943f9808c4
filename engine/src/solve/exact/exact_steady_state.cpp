// The exact steady states of the exact path: the affine map of one window, solved in closed
// form on the states that do not accumulate.
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <string>

#include "exact_solver.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

std::vector<bool> accumulating_states(const ExactMatrix& a) {
    const auto n = static_cast<int>(a.cols());
    std::vector<bool> accumulating(static_cast<std::size_t>(n));
    ExactVector probe(n);
    ExactVector base(n);
    ExactVector scratch(n);
    find_accumulating(
        n, [&a](const ExactVector& x, ExactVector& dxdt) { dxdt.noalias() = a * x; }, probe, base,
        scratch, accumulating);
    return accumulating;
}

namespace {

/// The affine map of one window, out = phi x + z, propagated segment by segment.
void window_map(const ExactMatrix& a, const PeriodicWindow& window, ExactMatrix& phi_w,
                ExactVector& z) {
    const Eigen::Index n = a.rows();
    ExactMatrix phi(n, n);
    ExactMatrix gamma(n, n);
    ExactVector rates = ExactVector::Zero(n);
    phi_w.setIdentity(n, n);
    z.setZero(n);
    double phase = 0.0;
    auto advance = [&](double to) {
        if (!(to > phase)) return;
        step_matrices(a, to - phase, phi, gamma);
        phi_w = phi * phi_w;
        z = phi * z + gamma * rates;
        phase = to;
    };
    for (const WindowEvent& event : window.events) {
        advance(event.phase_h);
        z[event.compartment] += event.bolus_mg;
        rates[event.compartment] += event.rate_change_mg_per_h;
    }
    advance(window.length_h);
}

/// Solves m x = rhs on the non-accumulating states (x is 0 on the others).
ExactVector solve_free_states(const ExactMatrix& m, const ExactVector& rhs,
                              const std::vector<bool>& accumulating, double time_h) {
    std::vector<Eigen::Index> free;
    for (std::size_t i = 0; i < accumulating.size(); ++i) {
        if (!accumulating[i]) free.push_back(static_cast<Eigen::Index>(i));
    }
    const auto k = static_cast<Eigen::Index>(free.size());
    ExactMatrix sub(k, k);
    ExactVector sub_rhs(k);
    for (Eigen::Index r = 0; r < k; ++r) {
        sub_rhs[r] = rhs[free[static_cast<std::size_t>(r)]];
        for (Eigen::Index c = 0; c < k; ++c) {
            sub(r, c) = m(free[static_cast<std::size_t>(r)], free[static_cast<std::size_t>(c)]);
        }
    }
    const ExactVector solution = Eigen::PartialPivLU<ExactMatrix>(sub).solve(sub_rhs);
    if (!solution.allFinite()) {
        throw SolverError("steady state of the record at t = " + std::to_string(time_h) +
                          " h: the system has no steady state (singular matrix)");
    }
    ExactVector x = ExactVector::Zero(m.rows());
    for (Eigen::Index r = 0; r < k; ++r) x[free[static_cast<std::size_t>(r)]] = solution[r];
    return x;
}

}  // namespace

ExactVector exact_steady_state(const ExactMatrix& a, const SteadyStateSpec& spec) {
    const Eigen::Index n = a.rows();
    const std::vector<bool> accumulating = accumulating_states(a);
    if (spec.interval_h == 0.0) {
        // Constant infusion: 0 = A x + b.
        ExactVector b = ExactVector::Zero(n);
        for (const PeriodicPulse& pulse : spec.pulses) b[pulse.compartment] += pulse.rate_mg_per_h;
        const ExactMatrix minus_a = -a;
        return solve_free_states(minus_a, b, accumulating, spec.time_h);
    }
    ExactMatrix phi_w(n, n);
    ExactVector z(n);
    window_map(a, periodic_window(spec, 0.0), phi_w, z);
    const ExactMatrix i_minus_phi = ExactMatrix::Identity(n, n) - phi_w;
    return solve_free_states(i_minus_phi, z, accumulating, spec.time_h);
}

void exact_window_step(const ExactMatrix& a, const PeriodicWindow& window, const ExactVector& x,
                       ExactVector& out) {
    const Eigen::Index n = a.rows();
    ExactMatrix phi_w(n, n);
    ExactVector z(n);
    window_map(a, window, phi_w, z);
    out = phi_w * x + z;
}

}  // namespace pkengine::detail
