#include "pkengine/detail/exact_solver.hpp"

#include <cmath>
#include <limits>
#include <unsupported/Eigen/MatrixFunctions>

#include "pkengine/detail/infusions.hpp"
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

/// State vector and propagator types of a state size known at compile time (N > 0) or only at
/// run time (N = Eigen::Dynamic, bounded storage on the stack). Fixed sizes let the per-point
/// matrix-vector product unroll: the profile showed the dynamic-size product as the largest
/// cost of a long uniform grid.
template <int N>
inline constexpr int kMaxSize = N == Eigen::Dynamic ? kMaxExactStates : N;
template <int N>
using StateVector = Eigen::Matrix<double, N, 1, 0, kMaxSize<N>, 1>;
template <int N>
using StateMatrix = Eigen::Matrix<double, N, N, 0, kMaxSize<N>, kMaxSize<N>>;

/// A stretch of outputs on one step length advances as kChains interleaved recurrences,
/// x_{k+kChains} = Phi^kChains x_k + f_kChains: a single recurrence x_{k+1} = Phi x_k + f is
/// bound by the latency of its matrix-vector product (every point waits for the one before),
/// independent chains overlap in the pipeline. Measured on the reference grid: 7.1 ns per point
/// with one chain, 2.9 ns with four. Stretches shorter than kMinChainedOutputs use one chain.
inline constexpr int kChains = 4;
inline constexpr std::size_t kMinChainedOutputs = 4 * kChains;

/// e^{Ah} and Gamma(h) for one step length h, and Gamma(h) b for the rates it was last used with;
/// Phi^kChains and its forcing, made when a stretch of outputs first needs them.
template <int N>
struct Propagator {
    double h = -1.0;
    StateMatrix<N> phi;
    bool has_gamma = false;  // gamma is made when an infusion first runs during a step of h
    StateMatrix<N> gamma;
    StateVector<N> forcing;   // gamma * rates
    long rates_version = -1;  // which rates `forcing` belongs to
    bool has_chain = false;   // phi_chain is Phi^kChains of this phi
    StateMatrix<N> phi_chain;
    StateVector<N> forcing_chain;   // (Phi^{kChains-1} + ... + Phi + I) forcing
    long chain_rates_version = -1;  // which rates `forcing_chain` belongs to
};

/// Two cached step lengths of the system in effect: the one most used (a uniform grid) and the
/// last other one. A change of system empties the cache. The exponentials are computed at
/// run-time size (once per distinct step, so one instantiation serves every state size):
/// e^{Ah} alone (n x n), and the augmented 2n x 2n one for Gamma(h) only once an infusion needs
/// it, as it costs about four times as much (the profile of a population of depot doses showed
/// it as the largest cost of a subject).
template <int N>
class PropagatorCache {
public:
    PropagatorCache(const ExactMatrix* a, double preferred_h) { retarget(a, preferred_h); }

    void retarget(const ExactMatrix* a, double preferred_h) {
        m_a = a;
        m_slots[0].h = -1.0;
        m_slots[1].h = -1.0;
        if (preferred_h > 0.0) compute(m_slots[0], preferred_h);
    }

    Propagator<N>& get(double h, double tolerance) {
        for (Propagator<N>& slot : m_slots) {
            if (slot.h >= 0.0 && std::abs(slot.h - h) <= tolerance) return slot;
        }
        compute(m_slots[1], h);
        return m_slots[1];
    }

    /// Makes Gamma(h) of a slot if it has none yet.
    void ensure_gamma(Propagator<N>& slot) {
        if (slot.has_gamma) return;
        ExactMatrix phi;
        ExactMatrix gamma;
        step_matrices(*m_a, slot.h, phi, gamma);
        slot.gamma = gamma;
        slot.has_gamma = true;
        ++m_computed;
    }

    /// Matrix exponentials evaluated so far.
    long computed() const { return m_computed; }

private:
    void compute(Propagator<N>& slot, double h) {
        const ExactMatrix ah = *m_a * h;
        slot.h = h;
        slot.phi = ah.exp();
        slot.has_gamma = false;
        slot.forcing.setZero(m_a->rows());
        slot.rates_version = -1;
        slot.has_chain = false;
        slot.chain_rates_version = -1;
        ++m_computed;
    }

    const ExactMatrix* m_a = nullptr;
    Propagator<N> m_slots[2];
    long m_computed = 0;
};

/// The infusions running now and the rate vector they sum to.
template <int N>
class InfusionRates {
public:
    InfusionRates(int n_states, int n_infusions)
        : m_rates(StateVector<N>::Zero(n_states)), m_running(n_infusions) {}

    void start(const Action& action) {
        m_running.start(action);
        recompute();
    }
    void stop(const Action& action) {
        if (m_running.stop(action)) recompute();
    }
    void clear() {
        m_running.clear();
        recompute();
    }
    const StateVector<N>& rates() const { return m_rates; }
    bool any() const { return m_any; }
    long version() const { return m_version; }

private:
    void recompute() {
        m_rates.setZero();
        m_any = m_running.sum_into(
            [this](int compartment, double rate) { m_rates[compartment] += rate; });
        ++m_version;
    }
    StateVector<N> m_rates;
    RunningInfusions m_running;
    bool m_any = false;
    long m_version = 0;
};

double step_tolerance(double t) {
    return 8.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t));
}

double preferred_step(const std::vector<double>& times) {
    return times.size() >= 2 ? times[1] - times[0] : 0.0;
}

/// One run of the exact path: the state, the infusions running, the system in effect and its
/// propagator cache.
template <int N>
class ExactRun {
public:
    ExactRun(const std::vector<ExactMatrix>& systems, const std::vector<double>& v1,
             const Timeline& timeline, int n, double preferred_h)
        : m_systems(systems),
          m_v1(v1),
          m_timeline(timeline),
          m_cache(&systems[0], preferred_h),
          m_infusions(n, timeline.n_infusions),
          m_x(StateVector<N>::Zero(n)),
          m_next(n),
          m_preferred_h(preferred_h) {}

    /// Moves the state from the current time to t_new (h): x <- e^{Ah} x + Gamma(h) b.
    void advance(double t_new) {
        const double h = t_new - m_t;
        const double tolerance = step_tolerance(t_new);
        if (h > tolerance) step(m_cache.get(h, tolerance));
        m_t = t_new;
    }

    /// Applies one action at the current time.
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

    /// From output `first` (the current time), fills the outputs after it that lie before
    /// `limit` (h) on one step length, as interleaved chains, passing each to
    /// record(index, state). Returns how many it filled: 0 when the stretch is shorter than
    /// kMinChainedOutputs (the caller then goes on one output at a time).
    template <class Record>
    std::size_t advance_stretch(const std::vector<double>& times, std::size_t first, double limit,
                                Record&& record) {
        if (first + 1 >= times.size() || !(times[first + 1] < limit)) return 0;
        const double h = times[first + 1] - m_t;
        if (h <= step_tolerance(times[first + 1])) return 0;
        Propagator<N>& p = m_cache.get(h, step_tolerance(times[first + 1]));
        std::size_t end = first + 1;
        while (end < times.size() && times[end] < limit &&
               std::abs(times[end] - times[end - 1] - p.h) <= step_tolerance(times[end])) {
            ++end;
        }
        const std::size_t count = end - first - 1;
        if (count < kMinChainedOutputs) return 0;
        prepare_chain(p);
        StateVector<N> chain[kChains];
        for (int c = 0; c < kChains; ++c) {
            step(p);
            chain[c] = m_x;
            record(first + 1 + static_cast<std::size_t>(c), m_x);
        }
        const bool forced = m_infusions.any();
        std::size_t next = first + 1 + kChains;
        for (; next + kChains <= end; next += kChains) {
            for (int c = 0; c < kChains; ++c) {
                m_next.noalias() = p.phi_chain * chain[c];
                if (forced) m_next += p.forcing_chain;
                chain[c] = m_next;
                record(next + static_cast<std::size_t>(c), chain[c]);
            }
        }
        m_x = chain[kChains - 1];
        m_steps += static_cast<long>(next - first - 1 - kChains);
        for (; next < end; ++next) {
            step(p);
            record(next, m_x);
        }
        m_t = times[end - 1];
        return count;
    }

    const StateVector<N>& state() const { return m_x; }
    /// Central volume (L) of the system in effect.
    double v1() const { return m_v1[static_cast<std::size_t>(m_system)]; }
    long steps() const { return m_steps; }
    long propagators() const { return m_cache.computed(); }

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

    void step(Propagator<N>& p) {
        m_next.noalias() = p.phi * m_x;
        if (m_infusions.any()) {
            update_forcing(p);
            m_next += p.forcing;
        }
        m_x = m_next;
        ++m_steps;
    }

    void update_forcing(Propagator<N>& p) {
        if (p.rates_version == m_infusions.version()) return;
        m_cache.ensure_gamma(p);
        p.forcing.noalias() = p.gamma * m_infusions.rates();
        p.rates_version = m_infusions.version();
    }

    void prepare_chain(Propagator<N>& p) {
        if (!p.has_chain) {
            p.phi_chain = p.phi;
            for (int c = 1; c < kChains; ++c) p.phi_chain = p.phi * p.phi_chain;
            p.has_chain = true;
        }
        if (!m_infusions.any() || p.chain_rates_version == m_infusions.version()) return;
        update_forcing(p);
        StateVector<N> term = p.forcing;
        p.forcing_chain = term;
        for (int c = 1; c < kChains; ++c) {
            m_next.noalias() = p.phi * term;
            term = m_next;
            p.forcing_chain += term;
        }
        p.chain_rates_version = m_infusions.version();
    }

    const std::vector<ExactMatrix>& m_systems;
    const std::vector<double>& m_v1;
    const Timeline& m_timeline;
    PropagatorCache<N> m_cache;
    InfusionRates<N> m_infusions;
    StateVector<N> m_x;
    StateVector<N> m_next;
    double m_preferred_h;
    double m_t = 0.0;
    int m_system = 0;
    long m_steps = 0;
};

/// The event loop for a state of N entries (Eigen::Dynamic: any size up to kMaxExactStates).
template <int N>
void run_sized(const std::vector<ExactMatrix>& systems, const std::vector<double>& v1,
               const Layout& layout, const Timeline& timeline,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               Result& result) {
    ExactRun<N> run(systems, v1, timeline, layout.n_states, preferred_step(output_times));
    const std::size_t n_out = output_times.size();
    OutputMap map = output_map(layout, v1.front());
    prepare_outputs(map, static_cast<Eigen::Index>(n_out), result);
    const bool all_amounts = map.n_amounts == layout.n_states && map.effect_site < 0;
    auto record = [&](std::size_t i, const StateVector<N>& x) {
        const auto row = static_cast<Eigen::Index>(i);
        if constexpr (N != Eigen::Dynamic) {
            // Every state an amount: one fixed-size copy per row (record_outputs copies a
            // run-time length, which the profile showed as a memmove call per point).
            if (all_amounts) {
                Eigen::Map<StateVector<N>>(result.amounts_mg.data() + row * N) = x;
                result.concentration_mg_per_l[row] = x[map.central] / run.v1();
                return;
            }
        }
        map.central_volume_l = run.v1();
        record_outputs(map, x.data(), row, result);
    };
    const auto& actions = timeline.actions;
    std::size_t next_action = 0;
    for (std::size_t i = 0; i < n_out;) {
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
        record(i, run.state());
        // Outputs strictly before the next action see no event: they may go as one stretch.
        const double limit = next_action < actions.size() ? actions[next_action].time_h
                                                          : std::numeric_limits<double>::infinity();
        i += 1 + run.advance_stretch(output_times, i, limit, record);
    }
    result.steps = run.steps();
    result.propagators_computed = run.propagators();
}

}  // namespace

void run_exact(const std::vector<ExactSystem>& systems, const Layout& layout,
               const Timeline& timeline, const std::vector<double>& output_times,
               const std::vector<long>& output_order, Result& result) {
    const int n = layout.n_states;
    if (n > kMaxExactStates) {
        throw InvalidInput("state size " + std::to_string(n) + " exceeds the exact path's " +
                           std::to_string(kMaxExactStates));
    }
    std::vector<ExactMatrix> m;
    std::vector<double> v1;
    for (const ExactSystem& system : systems) {
        m.emplace_back(system.a);
        v1.push_back(system.v1_l);
    }
    const auto& t = output_times;
    const auto& o = output_order;
    // Mammillary models give 2 to 8 states (1-3 compartments, up to 4 depots, the eliminated
    // amount): those run with compile-time sizes; larger ones (a metabolite, an effect site,
    // transit chains) at run-time size.
    switch (n) {
        case 2: return run_sized<2>(m, v1, layout, timeline, t, o, result);
        case 3: return run_sized<3>(m, v1, layout, timeline, t, o, result);
        case 4: return run_sized<4>(m, v1, layout, timeline, t, o, result);
        case 5: return run_sized<5>(m, v1, layout, timeline, t, o, result);
        case 6: return run_sized<6>(m, v1, layout, timeline, t, o, result);
        case 7: return run_sized<7>(m, v1, layout, timeline, t, o, result);
        case 8: return run_sized<8>(m, v1, layout, timeline, t, o, result);
        default: return run_sized<Eigen::Dynamic>(m, v1, layout, timeline, t, o, result);
    }
}

void run_exact(const Eigen::MatrixXd& a, const Layout& layout, const Timeline& timeline,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               double v1_l, Result& result) {
    run_exact({ExactSystem{a, v1_l}}, layout, timeline, output_times, output_order, result);
}

}  // namespace pkengine::detail
