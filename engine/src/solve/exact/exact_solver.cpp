#include "exact_solver.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "pkengine/detail/event_loop.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

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
        ExactMatrix phi;
        step_matrix(*m_a, h, phi);
        slot.h = h;
        slot.phi = phi;
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

/// The exact propagator of the event loop for a state of N entries (Eigen::Dynamic: any size
/// up to kMaxExactStates): x <- e^{Ah} x + Gamma(h) b between actions. AllAmounts (N fixed
/// only): every state is an amount, so a row of amounts is one fixed-size copy.
template <int N, bool AllAmounts>
class ExactPropagator {
public:
    using State = StateVector<N>;

    ExactPropagator(const std::vector<ExactMatrix>& systems, const InputRates& rates, int n,
                    double preferred_h)
        : m_systems(systems),
          m_rates(rates),
          m_cache(&systems[0], preferred_h),
          m_b(State::Zero(n)),
          m_x(State::Zero(n)),
          m_next(n),
          m_ss(ExactVector::Zero(n)),
          m_preferred_h(preferred_h) {}

    void begin(double /*t_last*/) {}

    /// Moves the state from the current time to t_new (h): x <- e^{Ah} x + Gamma(h) b.
    void advance_to(double t_new) {
        const double h = t_new - m_t;
        const double tolerance = time_tolerance(t_new);
        if (h > tolerance) {
            step(m_cache.get(h, tolerance));
        } else if (h > 0.0 && m_rates.any()) {
            // A gap below the time resolution takes no propagation, but the infusions running
            // deliver their input in it: their rates were set for their span as represented,
            // so skipping the gap would lose rate x gap (up to 1e-4 of a 1e-6 h infusion late
            // in a ten-year run). Transfers over it are below the resolution.
            m_x.noalias() += h * rates();
        }
        m_t = t_new;
    }

    template <class Record>
    void observe(double t, double /*limit*/, Record&& record) {
        advance_to(t);
        record(m_x);
    }

    void reset() { m_x.setZero(); }
    void add(int compartment, double amount_mg) { m_x[compartment] += amount_mg; }
    void empty(int state, int into) {
        m_x[into] += m_x[state];
        m_x[state] = 0.0;
    }
    void switch_system(int k) {
        m_system = k;
        m_cache.retarget(&m_systems[static_cast<std::size_t>(k)], m_preferred_h);
    }

    void solve_steady_state(const SteadyStateSpec& spec, InputRates& /*rates*/) {
        m_ss = exact_steady_state(m_systems[static_cast<std::size_t>(m_system)], spec);
    }
    void set_steady_state() { m_x = m_ss; }
    void add_steady_state() { m_x += m_ss; }

    /// From output `first` (the current time), fills the outputs after it that lie before
    /// `limit` (h) on one step length, as interleaved chains, passing each to
    /// record(index, state). Returns how many it filled: 0 when the stretch is shorter than
    /// kMinChainedOutputs (the loop then goes on one output at a time).
    template <class Record>
    std::size_t advance_stretch(const std::vector<double>& times, std::size_t first, double limit,
                                Record&& record) {
        if (first + 1 >= times.size() || !(times[first + 1] < limit)) return 0;
        const double h = times[first + 1] - m_t;
        if (h <= time_tolerance(times[first + 1])) return 0;
        Propagator<N>& p = m_cache.get(h, time_tolerance(times[first + 1]));
        std::size_t end = first + 1;
        while (end < times.size() && times[end] < limit &&
               std::abs(times[end] - times[end - 1] - p.h) <= time_tolerance(times[end])) {
            ++end;
        }
        const std::size_t count = end - first - 1;
        if (count < kMinChainedOutputs) return 0;
        prepare_chain(p);
        State chain[kChains];
        for (int c = 0; c < kChains; ++c) {
            step(p);
            chain[c] = m_x;
            record(first + 1 + static_cast<std::size_t>(c), m_x);
        }
        const bool forced = m_rates.any();
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

    /// Writes output rows. Every state an amount: one fixed-size copy per row (record_outputs
    /// copies a run-time length, which the profile showed as a memmove call per point). The
    /// choice is a template parameter: tested per point, it cost a tenth of a point's time.
    static auto recorder(const OutputMap& map, Result& result) {
        return [&map, &result](std::size_t i, const State& x) {
            const auto row = static_cast<Eigen::Index>(i);
            if constexpr (AllAmounts) {
                Eigen::Map<State>(result.amounts_mg.data() + row * N) = x;
                result.concentration_mg_per_l[row] = x[map.central] / map.central_volume_l;
            } else {
                record_outputs(map, x.data(), row, result);
            }
        };
    }

    void report(Result& result) const {
        result.solver = SolverPath::Exact;
        result.stepper = Stepper::MatrixExponential;
        result.steps = m_steps;
        result.propagators_computed = m_cache.computed();
    }

private:
    void step(Propagator<N>& p) {
        m_next.noalias() = p.phi * m_x;
        if (m_rates.any()) {
            update_forcing(p);
            m_next += p.forcing;
        }
        m_x = m_next;
        ++m_steps;
    }

    /// The rates as a state vector (copied when they changed).
    const State& rates() {
        if (m_b_version != m_rates.version()) {
            for (Eigen::Index i = 0; i < m_b.size(); ++i) m_b[i] = m_rates.data()[i];
            m_b_version = m_rates.version();
        }
        return m_b;
    }

    void update_forcing(Propagator<N>& p) {
        if (p.rates_version == m_rates.version()) return;
        m_cache.ensure_gamma(p);
        p.forcing.noalias() = p.gamma * rates();
        p.rates_version = m_rates.version();
    }

    void prepare_chain(Propagator<N>& p) {
        if (!p.has_chain) {
            p.phi_chain = p.phi;
            for (int c = 1; c < kChains; ++c) p.phi_chain = p.phi * p.phi_chain;
            p.has_chain = true;
        }
        if (!m_rates.any() || p.chain_rates_version == m_rates.version()) return;
        update_forcing(p);
        State term = p.forcing;
        p.forcing_chain = term;
        for (int c = 1; c < kChains; ++c) {
            m_next.noalias() = p.phi * term;
            term = m_next;
            p.forcing_chain += term;
        }
        p.chain_rates_version = m_rates.version();
    }

    const std::vector<ExactMatrix>& m_systems;
    const InputRates& m_rates;
    PropagatorCache<N> m_cache;
    State m_b;  // the rates
    long m_b_version = -1;
    State m_x;
    State m_next;
    ExactVector m_ss;
    double m_preferred_h;
    double m_t = 0.0;
    int m_system = 0;
    long m_steps = 0;
};

double preferred_step(const std::vector<double>& times) {
    return times.size() >= 2 ? times[1] - times[0] : 0.0;
}

template <int N, bool AllAmounts>
void run_with(ExactWorkspace& w, const Timeline& timeline, const OutputMap& map, int n,
              const std::vector<double>& output_times, const std::vector<long>& output_order,
              Result& result) {
    w.rates.reset(n, timeline.n_infusions);
    ExactPropagator<N, AllAmounts> propagator(w.systems, w.rates, n, preferred_step(output_times));
    EventLoop<ExactPropagator<N, AllAmounts>> loop(propagator, w.rates, timeline, map,
                                                   w.central_volumes);
    loop.run(output_times, output_order, result);
}

template <int N>
void run_sized(ExactWorkspace& w, const Timeline& timeline, const OutputMap& map, int n,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               Result& result) {
    if constexpr (N != Eigen::Dynamic) {
        if (map.n_amounts == N && map.effect_site < 0) {
            run_with<N, true>(w, timeline, map, n, output_times, output_order, result);
            return;
        }
    }
    run_with<N, false>(w, timeline, map, n, output_times, output_order, result);
}

}  // namespace

void run_exact(const Problem& problem, const OutputMap& map,
               const std::vector<double>& output_times, const std::vector<long>& output_order,
               ExactWorkspace& workspace, Result& result) {
    const int n = problem.layout.n_states;
    if (n > kMaxExactStates) {
        throw InvalidInput("state size " + std::to_string(n) + " exceeds the exact path's " +
                           std::to_string(kMaxExactStates));
    }
    const std::size_t n_systems = problem.systems.size();
    workspace.systems.resize(n_systems);
    workspace.central_volumes.resize(n_systems);
    for (std::size_t k = 0; k < n_systems; ++k) {
        workspace.systems[k] = problem.systems[k].a;
        workspace.central_volumes[k] = problem.systems[k].v1_l;
    }
    ExactWorkspace& w = workspace;
    const Timeline& timeline = problem.timeline;
    const auto& t = output_times;
    const auto& o = output_order;
    // Mammillary models give 2 to 8 states (1-3 compartments, up to 4 depots, the eliminated
    // amount): those run with compile-time sizes; larger ones (a metabolite, an effect site,
    // transit chains) at run-time size.
    switch (n) {
        case 2: return run_sized<2>(w, timeline, map, n, t, o, result);
        case 3: return run_sized<3>(w, timeline, map, n, t, o, result);
        case 4: return run_sized<4>(w, timeline, map, n, t, o, result);
        case 5: return run_sized<5>(w, timeline, map, n, t, o, result);
        case 6: return run_sized<6>(w, timeline, map, n, t, o, result);
        case 7: return run_sized<7>(w, timeline, map, n, t, o, result);
        case 8: return run_sized<8>(w, timeline, map, n, t, o, result);
        default: return run_sized<Eigen::Dynamic>(w, timeline, map, n, t, o, result);
    }
}

}  // namespace pkengine::detail
