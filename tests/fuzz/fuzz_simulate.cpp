// simulate() on random models and records within the documented limits (linear models: rate
// constants up to kMaxRateConstantPerH, on the exact path): whatever it returns is
// finite, never negative, and keeps the mass: at the last output time (after every dose and
// infusion) the states of a row, "eliminated" included, hold the bioavailable amount dosed.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <pkengine/pkengine.hpp>
#include <vector>

using namespace pkengine;

namespace {

double in_range(FuzzedDataProvider& in, double low, double high) {
    // Log-uniform: rates and volumes span orders of magnitude.
    const double u = in.ConsumeProbability<double>();
    return low * std::pow(high / low, u);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const int compartments = in.ConsumeIntegralInRange(1, 3);
    // Michaelis-Menten models take the ODE path, whose cost grows with stiffness: their rate
    // constants stay up to 100 /h. Linear ones take the exact path with any first-order rate
    // constant up to just below kMaxRateConstantPerH (each drawn as a rate, then turned into the
    // clearance that gives it: cl = k10 v1, q = k12 v1 bounded so that q / v2 stays below too).
    const bool saturable = in.ConsumeBool();
    const double fastest = saturable ? 1e2 : 0.999 * kMaxRateConstantPerH;
    const double v1 = in_range(in, 1.0, 1e3), v2 = in_range(in, 1.0, 1e3);
    const double v3 = in_range(in, 1.0, 1e3);
    // Saturable models keep the draws this target had before (clearances up to 100 L/h).
    const double cl = saturable ? in_range(in, 1e-2, 1e2) : in_range(in, 1e-2, fastest) * v1;
    const double q2 =
        saturable ? in_range(in, 1e-2, 1e2) : in_range(in, 1e-2, fastest) * std::min(v1, v2);
    const double q3 =
        saturable ? in_range(in, 1e-2, 1e2) : in_range(in, 1e-2, fastest) * std::min(v1, v3);
    const Disposition disposition = compartments == 1 ? Disposition::one_compartment(cl, v1)
                                    : compartments == 2
                                        ? Disposition::two_compartment(cl, v1, q2, v2)
                                        : Disposition::three_compartment(cl, v1, q2, v2, q3, v3);
    Model model(disposition);
    const double f_oral = in.ConsumeProbability<double>() * 0.99 + 0.01;
    const double lag = in.ConsumeBool() ? in_range(in, 1e-2, 5.0) : 0.0;
    model.set_absorption(Route::Oral,
                         {Bioavailability::exactly(f_oral), in_range(in, 1e-2, fastest), lag, 0.0});
    if (in.ConsumeBool()) {
        const int count = in.ConsumeIntegralInRange(1, 5);
        // ktr = (count + 1) / MTT up to `fastest`.
        model.set_transit(Route::Oral, {count, in_range(in, (count + 1) / fastest, 50.0)});
    }
    if (saturable) {
        model.set_michaelis_menten({in_range(in, 1e-1, 1e3), in_range(in, 1e-2, 1e2)});
    }

    std::vector<DoseEvent> events;
    double expected = 0.0, end = 0.0, time = 0.0;
    const int count = in.ConsumeIntegralInRange(1, 6);
    for (int i = 0; i < count; ++i) {
        time += in.ConsumeProbability<double>() * 24.0;
        const double amount = in_range(in, 1e-3, 1e3);
        DoseEvent event;
        double f = 1.0, delay = 0.0;
        switch (in.ConsumeIntegralInRange(0, 3)) {
            case 0: event = DoseEvent::bolus(time, amount); break;
            case 1: event = DoseEvent::infusion(time, amount, in_range(in, 1e-2, 48.0)); break;
            case 2:
                event = DoseEvent::infusion_at_rate(time, amount, in_range(in, 1e-1, 1e4));
                break;
            default:
                event = DoseEvent::bolus(time, amount, Route::Oral);
                f = f_oral;
                delay = lag;
        }
        event.additional = in.ConsumeIntegralInRange(0, 3);
        if (event.additional > 0) event.interval_h = in_range(in, 0.5, 24.0);
        const double duration =
            event.rate_mg_per_h > 0.0 ? amount / event.rate_mg_per_h : event.duration_h;
        expected += f * amount * (event.additional + 1);
        end = std::max(end, time + event.additional * event.interval_h + delay + duration);
        events.push_back(event);
    }
    const OutputTimes times = OutputTimes::at({0.0, 0.5 * end, end, end + 1.0});

    Result result;
    try {
        result = simulate(model, events, times);
    } catch (const SolverError&) {
        // The ODE path may give up (step limit) on a stiff draw, and says so; the exact path never.
        if (model.is_linear()) std::abort();
        return 0;
    }
    // No state below 0 beyond rounding, or beyond the ODE path's global error on a state that has
    // decayed to 0 (a few hundred times atol, 1e-12 mg).
    const double floor = 1e-9 * expected + (model.is_linear() ? 0.0 : 300.0 * kDefaultAtolMg);
    const auto& amounts = result.amounts_mg;
    for (Eigen::Index r = 0; r < amounts.rows(); ++r) {
        for (Eigen::Index c = 0; c < amounts.cols(); ++c) {
            if (!std::isfinite(amounts(r, c)) || amounts(r, c) < -floor) std::abort();
        }
    }
    // Runge-Kutta and Rosenbrock steps keep linear invariants (the sum of all states changes only
    // by the doses), so both paths hold the mass to rounding: 1e-9 relative.
    const double mass = amounts.row(amounts.rows() - 1).sum();
    if (std::abs(mass - expected) > 1e-9 * expected) std::abort();
    return 0;
}
