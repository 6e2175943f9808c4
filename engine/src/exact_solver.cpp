#include "pkengine/detail/exact_solver.hpp"

#include <cmath>
#include <limits>
#include <unsupported/Eigen/MatrixFunctions>

#include "pkengine/detail/outputs.hpp"
#include "pkengine/detail/steady_state.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

using AugmentedMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0,
                                      2 * kMaxExactStates, 2 * kMaxExactStates>;

}  // namespace

void step_matrices(const ExactMatrix& a, double h, ExactMatrix& phi, ExactMatrix& gamma) {
    const Eigen::Index n = a.rows();
    AugmentedMatrix m = AugmentedMatrix::Zero(2 * n, 2 * n);
    m.topLeftCorner(n, n) = a * h;
    m.topRightCorner(n, n).setIdentity();
    m.topRightCorner(n, n) *= h;
    const AugmentedMatrix e = m.exp();
    phi = e.topLeftCorner(n, n);
    gamma = e.topRightCorner(n, n);
}

namespace {

/// e^{Ah} and Gamma(h) for one step length h, and Gamma(h) b for the rates it was last used with.
struct Propagator {
    double h = -1.0;
    ExactMatrix phi;
    ExactMatrix gamma;
    ExactVector forcing;      // gamma * rates
    long rates_version = -1;  // which rates `forcing` belongs to
};

/// Two cached step lengths of the system in effect: the one most used (a uniform grid) and the
/// last other one. A change of system empties the cache.
class PropagatorCache {
public:
    PropagatorCache(const ExactMatrix* a, double preferred_h) { retarget(a, preferred_h); }

    void retarget(const ExactMatrix* a, double preferred_h) {
        m_a = a;
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
        step_matrices(*m_a, h, slot.phi, slot.gamma);
        slot.h = h;
        slot.forcing.setZero(m_a->rows());
        slot.rates_version = -1;
        ++m_computed;
    }

    const ExactMatrix* m_a = nullptr;
    Propagator m_slots[2];
    long m_computed = 0;
};

/// The infusions running now and the rate vector they sum to.
class InfusionRates {
public:
    InfusionRates(int n_states, int n_infusions)
        : m_rates(ExactVector::Zero(n_states)),
          m_active(static_cast<std::size_t>(n_infusions), 0.0),
          m_compartment(static_cast<std::size_t>(n_infusions), -1) {}

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

/// One run of the exact path: the state, the infusions running and the system in effect.
class ExactRun {
public:
    ExactRun(const std::vector<ExactMatrix>& systems, const std::vector<double>& v1,
             const Timeline& timeline, int n, double preferred_h)
        : m_systems(systems),
          m_v1(v1),
          m_timeline(timeline),
          m_cache(&systems[0], preferred_h),
          m_infusions(n, timeline.n_infusions),
          m_x(ExactVector::Zero(n)),
          m_next(n),
          m_preferred_h(preferred_h) {}

    void advance(double t_new) {
        const double h = t_new - m_t;
        if (h > step_tolerance(t_new)) {
            Propagator& p = m_cache.get(h, step_tolerance(t_new));
            m_next.noalias() = p.phi * m_x;
            if (m_infusions.any()) {
                if (p.rates_version != m_infusions.version()) {
                    p.forcing.noalias() = p.gamma * m_infusions.rates();
                    p.rates_version = m_infusions.version();
                }
                m_next += p.forcing;
            }
            m_x = m_next;
            ++m_steps;
        }
        m_t = t_new;
    }

    void apply(const Action& action) {
        switch (action.type) {
            case ActionType::Reset:
                m_x.setZero();
                m_infusions.clear();
                break;
            case ActionType::Bolus: m_x[action.compartment] += action.amount_mg; break;
            case ActionType::InfusionOn: m_infusions.start(action); break;
            case ActionType::InfusionOff: m_infusions.stop(action); break;
            case ActionType::SteadyState: apply_steady_state(action); break;
            case ActionType::SwitchSystem:
                m_system = action.index;
                m_cache.retarget(&m_systems[static_cast<std::size_t>(m_system)], m_preferred_h);
                break;
        }
    }

    const ExactVector& state() const { return m_x; }
    double v1() const { return m_v1[static_cast<std::size_t>(m_system)]; }
    long steps() const { return m_steps; }
    long propagators_computed() const { return m_cache.computed(); }

private:
    void apply_steady_state(const Action& action) {
        const SteadyStateSpec& spec =
            m_timeline.steady_states[static_cast<std::size_t>(action.index)];
        const ExactVector ss =
            exact_steady_state(m_systems[static_cast<std::size_t>(m_system)], spec);
        if (spec.mode == SteadyState::Reset) {
            m_infusions.clear();
            m_x = ss;
        } else {
            m_x += ss;
        }
    }

    const std::vector<ExactMatrix>& m_systems;
    const std::vector<double>& m_v1;
    const Timeline& m_timeline;
    PropagatorCache m_cache;
    InfusionRates m_infusions;
    ExactVector m_x;
    ExactVector m_next;
    double m_preferred_h;
    double m_t = 0.0;
    int m_system = 0;
    long m_steps = 0;
};

}  // namespace

void run_exact(const std::vector<ExactSystem>& systems, const Layout& layout,
               const Timeline& timeline, const std::vector<double>& output_times,
               const std::vector<long>& output_order, Result& result) {
    const int n = layout.n_states;
    if (n > kMaxExactStates) {
        throw InvalidInput("state size " + std::to_string(n) + " exceeds the exact path's " +
                           std::to_string(kMaxExactStates));
    }
    std::vector<ExactMatrix> matrices;
    std::vector<double> v1;
    for (const ExactSystem& system : systems) {
        matrices.emplace_back(system.a);
        v1.push_back(system.v1_l);
    }
    ExactRun run(matrices, v1, timeline, n, preferred_step(output_times));

    const std::size_t n_out = output_times.size();
    OutputMap map = output_map(layout, v1.front());
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
            run.advance(actions[next_action].time_h);
            run.apply(actions[next_action]);
            ++next_action;
        }
        run.advance(t_out);
        map.central_volume_l = run.v1();
        record_outputs(map, run.state().data(), static_cast<Eigen::Index>(i), result);
    }
    result.steps = run.steps();
    result.propagators_computed = run.propagators_computed();
}

void run_exact(const Eigen::MatrixXd& a, const Layout& layout, const Timeline& timeline,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               double v1_l, Result& result) {
    run_exact({ExactSystem{a, v1_l}}, layout, timeline, output_times, output_order, result);
}

}  // namespace pkengine::detail
