#include "pkengine/detail/steady_state.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

namespace pkengine::detail {

PulsePhase pulse_phase(double lag_h, double interval_h) {
    // The doses at or after t0 are those with lag - n * ii >= 0 (n >= 0 counts back from the
    // record's own dose). The same rounding decides here and in the window, so a dose whose
    // time rounds to t0 is either in the steady state or given after it, never both.
    auto offset = [&](int n) { return lag_h - static_cast<double>(n) * interval_h; };
    int m = static_cast<int>(std::floor(lag_h / interval_h));
    while (m > 0 && offset(m) < 0.0) --m;
    while (offset(m + 1) >= 0.0) ++m;
    return {offset(m), m};
}

namespace {

void add_infusion_copies(const PeriodicPulse& pulse, double phase, double interval,
                         std::vector<WindowEvent>& events) {
    // Copy j started at phase - j * ii; it runs in the window where its interval overlaps it.
    for (int j = 0;; ++j) {
        const double start = phase - static_cast<double>(j) * interval;
        const double end = start + pulse.duration_h;
        if (end <= 0.0) break;
        events.push_back({std::max(0.0, start), pulse.compartment, 0.0, pulse.rate_mg_per_h});
        if (end < interval) {
            events.push_back({end, pulse.compartment, 0.0, -pulse.rate_mg_per_h});
        }
    }
}

}  // namespace

PeriodicWindow periodic_window(const SteadyStateSpec& spec, double constant_window_h) {
    PeriodicWindow window;
    if (spec.interval_h == 0.0) {
        window.length_h = constant_window_h;
        for (const PeriodicPulse& pulse : spec.pulses) {
            window.events.push_back({0.0, pulse.compartment, 0.0, pulse.rate_mg_per_h});
        }
        return window;
    }
    window.length_h = spec.interval_h;
    for (const PeriodicPulse& pulse : spec.pulses) {
        const double phase = pulse_phase(pulse.lag_h, spec.interval_h).phase_h;
        if (pulse.duration_h > 0.0) {
            add_infusion_copies(pulse, phase, spec.interval_h, window.events);
        } else {
            window.events.push_back({phase, pulse.compartment, pulse.amount_mg, 0.0});
        }
    }
    std::stable_sort(
        window.events.begin(), window.events.end(),
        [](const WindowEvent& a, const WindowEvent& b) { return a.phase_h < b.phase_h; });
    return window;
}

std::vector<bool> accumulating_states(const ExactMatrix& a) {
    std::vector<bool> accumulating(static_cast<std::size_t>(a.cols()));
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
        accumulating[static_cast<std::size_t>(j)] = (a.col(j).array() == 0.0).all();
    }
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
