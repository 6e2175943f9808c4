#include "pkengine/detail/exact_solver.hpp"

#include <cmath>
#include <limits>
#include <unsupported/Eigen/MatrixFunctions>

#include "pkengine/detail/outputs.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

using AugmentedMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0,
                                      2 * kMaxExactStates, 2 * kMaxExactStates>;

/// e^{Ah} and Gamma(h) for one step length h, and Gamma(h) b for the rates it was last used with.
struct Propagator {
    double h = -1.0;
    ExactMatrix phi;
    ExactMatrix gamma;
    ExactVector forcing;      // gamma * rates
    long rates_version = -1;  // which rates `forcing` belongs to
};

/// Two cached step lengths: the one most used (a uniform grid) and the last other one.
class PropagatorCache {
public:
    PropagatorCache(const ExactMatrix& a, double preferred_h) : m_a(a) {
        m_slots[0].h = -1.0;
        m_slots[1].h = -1.0;
        if (preferred_h > 0.0) compute(m_slots[0], preferred_h);
    }

    Propagator& get(double h, double tolerance) {
        for (Propagator& slot : m_slots) {
            if (slot.h >= 0.0 && std::abs(slot.h - h) <= tolerance) return slot;
        }
        compute(m_slots[1], h);
        return m_slots[1];
    }

    long computed() const { return m_computed; }

private:
    void compute(Propagator& slot, double h) {
        const Eigen::Index n = m_a.rows();
        AugmentedMatrix m = AugmentedMatrix::Zero(2 * n, 2 * n);
        m.topLeftCorner(n, n) = m_a * h;
        m.topRightCorner(n, n).setIdentity();
        m.topRightCorner(n, n) *= h;
        const AugmentedMatrix e = m.exp();
        slot.h = h;
        slot.phi = e.topLeftCorner(n, n);
        slot.gamma = e.topRightCorner(n, n);
        slot.forcing.setZero(n);
        slot.rates_version = -1;
        ++m_computed;
    }

    const ExactMatrix& m_a;
    Propagator m_slots[2];
    long m_computed = 0;
};

/// The infusions running now and the rate vector they sum to.
class InfusionRates {
public:
    InfusionRates(int n_states, int n_infusions)
        : m_rates(ExactVector::Zero(n_states)),
          m_active(n_infusions, 0.0),
          m_compartment(n_infusions, -1) {}

    void start(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        m_active[id] = action.rate_mg_per_h;
        m_compartment[id] = action.compartment;
        recompute();
    }
    void stop(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_active[id] == 0.0) return;  // already stopped by a reset
        m_active[id] = 0.0;
        recompute();
    }
    void clear() {
        std::fill(m_active.begin(), m_active.end(), 0.0);
        recompute();
    }
    const ExactVector& rates() const { return m_rates; }
    bool any() const { return m_any; }
    long version() const { return m_version; }

private:
    // Summing afresh (rather than adding and subtracting) makes the rate exactly 0 once every
    // infusion has stopped.
    void recompute() {
        m_rates.setZero();
        m_any = false;
        for (std::size_t i = 0; i < m_active.size(); ++i) {
            if (m_active[i] == 0.0) continue;
            m_rates[m_compartment[i]] += m_active[i];
            m_any = true;
        }
        ++m_version;
    }
    ExactVector m_rates;
    std::vector<double> m_active;
    std::vector<int> m_compartment;
    bool m_any = false;
    long m_version = 0;
};

double step_tolerance(double t) {
    return 8.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t));
}

double preferred_step(const std::vector<double>& times) {
    return times.size() >= 2 ? times[1] - times[0] : 0.0;
}

}  // namespace

void run_exact(const Eigen::MatrixXd& a_dynamic, const Layout& layout, const Timeline& timeline,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               double v1_l, Result& result) {
    const int n = layout.n_states;
    if (n > kMaxExactStates) {
        throw InvalidInput("state size " + std::to_string(n) + " exceeds the exact path's " +
                           std::to_string(kMaxExactStates));
    }
    const ExactMatrix a = a_dynamic;
    PropagatorCache cache(a, preferred_step(output_times));
    InfusionRates infusions(n, timeline.n_infusions);
    ExactVector x = ExactVector::Zero(n);
    ExactVector next(n);
    double t = 0.0;
    long steps = 0;

    auto advance = [&](double t_new) {
        const double h = t_new - t;
        if (h > step_tolerance(t_new)) {
            Propagator& p = cache.get(h, step_tolerance(t_new));
            next.noalias() = p.phi * x;
            if (infusions.any()) {
                if (p.rates_version != infusions.version()) {
                    p.forcing.noalias() = p.gamma * infusions.rates();
                    p.rates_version = infusions.version();
                }
                next += p.forcing;
            }
            x = next;
            ++steps;
        }
        t = t_new;
    };
    auto apply = [&](const Action& action) {
        switch (action.type) {
            case ActionType::Reset:
                x.setZero();
                infusions.clear();
                break;
            case ActionType::Bolus: x[action.compartment] += action.amount_mg; break;
            case ActionType::InfusionOn: infusions.start(action); break;
            case ActionType::InfusionOff: infusions.stop(action); break;
        }
    };

    const std::size_t n_out = output_times.size();
    const OutputMap map = output_map(layout, v1_l);
    prepare_outputs(map, static_cast<Eigen::Index>(n_out), result);
    const auto& actions = timeline.actions;
    std::size_t next_action = 0;
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t_out = output_times[i];
        const long order =
            output_order.empty() ? std::numeric_limits<long>::max() : output_order[i];
        while (next_action < actions.size() &&
               (actions[next_action].time_h < t_out ||
                (actions[next_action].time_h == t_out && actions[next_action].order < order))) {
            advance(actions[next_action].time_h);
            apply(actions[next_action]);
            ++next_action;
        }
        advance(t_out);
        record_outputs(map, x.data(), static_cast<Eigen::Index>(i), result);
    }
    result.steps = steps;
    result.propagators_computed = cache.computed();
}

}  // namespace pkengine::detail
