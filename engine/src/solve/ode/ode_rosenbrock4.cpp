// The built-in models on Rosenbrock 4: the one translation unit instantiating it (and uBLAS).
#include "pkengine/detail/ode_rosenbrock4.hpp"

#include "ode_solver.hpp"
#include "pkengine/detail/event_loop.hpp"

namespace pkengine::detail {

void run_pk_rosenbrock4(const OdeRunInputs& in, Result& result) {
    const int n = in.systems.front().size();
    int current = 0;
    const SwitchedSystem<PkSystem> system(in.systems, &current);
    using Driver = Rosenbrock4Driver<SwitchedSystem<PkSystem>>;
    Driver driver(system, in.control, n);
    OdePropagator<Driver> propagator(driver, current, in.control, driver.zero_state(), n);
    EventLoop<OdePropagator<Driver>> loop(propagator, in.rates, in.timeline, in.map,
                                          in.central_volume_l);
    loop.run(in.times, in.order, result);
}

}  // namespace pkengine::detail
