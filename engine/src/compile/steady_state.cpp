#include "pkengine/detail/steady_state.hpp"

#include <algorithm>
#include <cmath>

namespace pkengine::detail {

PulsePhase pulse_phase(double lag_h, double interval_h) {
    // The doses at or after t0 are those with lag - n * ii >= 0 (n >= 0 counts back from the
    // record's own dose). The same rounding decides here and in the window, so a dose whose
    // time rounds to t0 is either in the steady state or given after it, never both.
    auto offset = [&](int n) { return lag_h - static_cast<double>(n) * interval_h; };
    int m = static_cast<int>(std::floor(lag_h / interval_h));
    while (m > 0 && offset(m) < 0.0) --m;
    while (offset(m + 1) >= 0.0) ++m;
    return {offset(m), m};
}

namespace {

void add_infusion_copies(const PeriodicPulse& pulse, double phase, double interval,
                         std::vector<WindowEvent>& events) {
    // Copy j started at phase - j * ii; it runs in the window where its interval overlaps it.
    // The copies that run through the whole window (a duration of many intervals: up to
    // kMaxAdditionalDoses of them) are one event of their summed rate, so the window holds at
    // most three events per pulse whatever the overlap: the ODE path integrates it once per
    // interval until the steady state settles.
    double through = 0.0;  // copies running from phase 0 to the window's end
    for (int j = 0;; ++j) {
        const double start = phase - static_cast<double>(j) * interval;
        const double end = start + pulse.duration_h;
        if (end <= 0.0) break;
        if (start <= 0.0 && end >= interval) {
            through += 1.0;
            continue;
        }
        events.push_back({std::max(0.0, start), pulse.compartment, 0.0, pulse.rate_mg_per_h});
        if (end < interval) {
            events.push_back({end, pulse.compartment, 0.0, -pulse.rate_mg_per_h});
        }
    }
    if (through > 0.0) {
        events.push_back({0.0, pulse.compartment, 0.0, through * pulse.rate_mg_per_h});
    }
}

}  // namespace

PeriodicWindow periodic_window(const SteadyStateSpec& spec, double constant_window_h) {
    PeriodicWindow window;
    if (spec.interval_h == 0.0) {
        window.length_h = constant_window_h;
        for (const PeriodicPulse& pulse : spec.pulses) {
            window.events.push_back({0.0, pulse.compartment, 0.0, pulse.rate_mg_per_h});
        }
        return window;
    }
    window.length_h = spec.interval_h;
    for (const PeriodicPulse& pulse : spec.pulses) {
        const double phase = pulse_phase(pulse.lag_h, spec.interval_h).phase_h;
        if (pulse.duration_h > 0.0) {
            add_infusion_copies(pulse, phase, spec.interval_h, window.events);
        } else {
            window.events.push_back({phase, pulse.compartment, pulse.amount_mg, 0.0});
        }
    }
    std::stable_sort(
        window.events.begin(), window.events.end(),
        [](const WindowEvent& a, const WindowEvent& b) { return a.phase_h < b.phase_h; });
    return window;
}

}  // namespace pkengine::detail
