// The built-in models on Dormand-Prince 5(4): the one translation unit instantiating it. Small
// systems (up to kMaxFixedStates states) run on a fixed-size std::array state with a dense,
// unrolled right-hand side; larger ones on std::vector with the sparse one.
#include "pkengine/detail/ode_dopri5.hpp"

#include <array>
#include <utility>
#include <vector>

#include "pkengine/detail/ode_solver.hpp"

namespace pkengine::detail {

namespace {

/// Largest system run on a fixed-size state: a three-compartment model with every absorbed
/// route, a metabolite with a peripheral compartment and an effect site.
constexpr int kMaxFixedStates = 12;

using RunFunction = OdeStats (*)(const std::vector<PkSystem>&, InfusionTable&, SystemChoice&,
                                 const Timeline&, const std::vector<double>&,
                                 const std::vector<long>&, const OdeControl&, const OutputMap&,
                                 Result&);

template <class State, class System>
OdeStats run_with(const std::vector<System>& systems, State zero, int n, InfusionTable& infusions,
                  SystemChoice& choice, const Timeline& timeline,
                  const std::vector<double>& output_times, const std::vector<long>& output_order,
                  const OdeControl& control, const OutputMap& map, Result& result) {
    const SwitchedSystem<System> system(systems, &choice.current);
    Dopri5Driver<State, SwitchedSystem<System>> driver(system, control, zero);
    OdeRun<Dopri5Driver<State, SwitchedSystem<System>>> run(driver, infusions, choice, timeline,
                                                            control, map, zero, n);
    return run.run(output_times, output_order, result);
}

template <int N>
OdeStats run_fixed(const std::vector<PkSystem>& systems, InfusionTable& infusions,
                   SystemChoice& choice, const Timeline& timeline,
                   const std::vector<double>& output_times, const std::vector<long>& output_order,
                   const OdeControl& control, const OutputMap& map, Result& result) {
    std::vector<FixedPkSystem<N>> fixed;
    for (const PkSystem& system : systems) fixed.emplace_back(system);
    return run_with(fixed, std::array<double, N>{}, N, infusions, choice, timeline, output_times,
                    output_order, control, map, result);
}

template <std::size_t... I>
constexpr std::array<RunFunction, sizeof...(I)> fixed_table(std::index_sequence<I...>) {
    return {{&run_fixed<static_cast<int>(I) + 1>...}};
}

/// run_fixed<N> at index N - 1.
constexpr auto kFixedRuns = fixed_table(std::make_index_sequence<kMaxFixedStates>{});

}  // namespace

OdeStats run_pk_dopri5(const std::vector<PkSystem>& systems, InfusionTable& infusions,
                       SystemChoice& choice, const Timeline& timeline,
                       const std::vector<double>& output_times,
                       const std::vector<long>& output_order, const OdeControl& control,
                       const OutputMap& map, Result& result) {
    const int n = systems.front().size();
    if (n >= 1 && n <= kMaxFixedStates) {
        return kFixedRuns[static_cast<std::size_t>(n - 1)](
            systems, infusions, choice, timeline, output_times, output_order, control, map, result);
    }
    return run_with(systems, std::vector<double>(static_cast<std::size_t>(n), 0.0), n, infusions,
                    choice, timeline, output_times, output_order, control, map, result);
}

}  // namespace pkengine::detail
