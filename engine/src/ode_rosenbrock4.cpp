// The built-in models on Rosenbrock 4: the one translation unit instantiating it (and uBLAS).
#include "pkengine/detail/ode_rosenbrock4.hpp"

#include "pkengine/detail/ode_solver.hpp"

namespace pkengine::detail {

OdeStats run_pk_rosenbrock4(const PkSystem& system, InfusionTable& infusions,
                            const Timeline& timeline, const std::vector<double>& output_times,
                            const std::vector<long>& output_order, const OdeControl& control,
                            const OutputMap& map, Result& result) {
    Rosenbrock4Driver<PkSystem> driver(system, control, system.size());
    OdeRun<Rosenbrock4Driver<PkSystem>> run(driver, infusions, timeline, control, map,
                                            driver.zero_state(), system.size());
    return run.run(output_times, output_order, result);
}

}  // namespace pkengine::detail
