// The built-in models on Rosenbrock 4: the one translation unit instantiating it (and uBLAS).
#include "pkengine/detail/ode_rosenbrock4.hpp"

#include "pkengine/detail/ode_solver.hpp"

namespace pkengine::detail {

OdeStats run_pk_rosenbrock4(const std::vector<PkSystem>& systems, InfusionTable& infusions,
                            SystemChoice& choice, const Timeline& timeline,
                            const std::vector<double>& output_times,
                            const std::vector<long>& output_order, const OdeControl& control,
                            const OutputMap& map, Result& result) {
    const int n = systems.front().size();
    const SwitchedSystem<PkSystem> system(systems, &choice.current);
    Rosenbrock4Driver<SwitchedSystem<PkSystem>> driver(system, control, n);
    OdeRun<Rosenbrock4Driver<SwitchedSystem<PkSystem>>> run(driver, infusions, choice, timeline,
                                                            control, map, driver.zero_state(), n);
    return run.run(output_times, output_order, result);
}

}  // namespace pkengine::detail
