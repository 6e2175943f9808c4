// The built-in models on Dormand-Prince 5(4): the one translation unit instantiating it. Small
// systems (up to kMaxFixedStates states) run on a fixed-size std::array state with a dense,
// unrolled right-hand side; larger ones on std::vector with the sparse one.
#include "pkengine/detail/ode_dopri5.hpp"

#include <array>
#include <utility>
#include <vector>

#include "ode_solver.hpp"
#include "pkengine/detail/event_loop.hpp"

namespace pkengine::detail {

namespace {

/// Largest system run on a fixed-size state: a three-compartment model with every absorbed
/// route, a metabolite with a peripheral compartment and an effect site.
constexpr int kMaxFixedStates = 12;

using RunFunction = void (*)(const OdeRunInputs&, Result&);

template <class State, class System>
void run_with(const std::vector<System>& systems, State zero, int n, const OdeRunInputs& in,
              Result& result) {
    int current = 0;
    const SwitchedSystem<System> system(systems, &current);
    using Driver = Dopri5Driver<State, SwitchedSystem<System>>;
    Driver driver(system, in.control, zero);
    OdePropagator<Driver> propagator(driver, current, in.control, zero, n);
    EventLoop<OdePropagator<Driver>> loop(propagator, in.rates, in.timeline, in.map,
                                          in.central_volume_l);
    loop.run(in.times, in.order, result);
}

template <int N>
void run_fixed(const OdeRunInputs& in, Result& result) {
    std::vector<FixedPkSystem<N>> fixed;
    for (const PkSystem& system : in.systems) fixed.emplace_back(system);
    run_with(fixed, std::array<double, N>{}, N, in, result);
}

template <std::size_t... I>
constexpr std::array<RunFunction, sizeof...(I)> fixed_table(std::index_sequence<I...>) {
    return {{&run_fixed<static_cast<int>(I) + 1>...}};
}

/// run_fixed<N> at index N - 1.
constexpr auto kFixedRuns = fixed_table(std::make_index_sequence<kMaxFixedStates>{});

}  // namespace

void run_pk_dopri5(const OdeRunInputs& in, Result& result) {
    const int n = in.systems.front().size();
    if (n >= 1 && n <= kMaxFixedStates) {
        kFixedRuns[static_cast<std::size_t>(n - 1)](in, result);
        return;
    }
    run_with(in.systems, std::vector<double>(static_cast<std::size_t>(n), 0.0), n, in, result);
}

}  // namespace pkengine::detail
