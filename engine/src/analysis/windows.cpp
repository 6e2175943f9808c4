#include "pkengine/windows.hpp"

#include <algorithm>
#include <limits>

#include "pkengine/detail/validate.hpp"

namespace pkengine {

std::vector<IntegrationWindow> integration_windows(const std::vector<DoseEvent>& events,
                                                   double window_h) {
    detail::require_positive(window_h, "window_h");
    validate_events(events);
    std::vector<IntegrationWindow> windows;
    for (const DoseEvent& e : events) {
        if (e.kind != EventKind::Dose && e.kind != EventKind::ResetAndDose) continue;
        for (int i = 0; i <= e.additional; ++i) {
            const double start = e.time_h + i * e.interval_h;
            windows.push_back({0, e.route, e.amount_mg, start, start + window_h});
        }
    }
    // Repeats of an earlier record may fall after later records: order by time, stably.
    std::stable_sort(windows.begin(), windows.end(),
                     [](const IntegrationWindow& a, const IntegrationWindow& b) {
                         return a.start_h < b.start_h;
                     });
    for (std::size_t i = 0; i < windows.size(); ++i) windows[i].administration = i;
    return windows;
}

std::vector<IntegrationWindow> integration_windows(const Regimen& regimen, double window_h) {
    return integration_windows(regimen.events(), window_h);
}

std::vector<SessionCheck> check_sessions(const std::vector<IntegrationWindow>& windows,
                                         const std::vector<double>& session_times_h) {
    std::vector<SessionCheck> checks;
    for (std::size_t s = 0; s < session_times_h.size(); ++s) {
        const double t = session_times_h[s];
        detail::require_non_negative(t, detail::indexed("session_times_h", s));
        SessionCheck check;
        check.time_h = t;
        check.hours_since_administration = std::numeric_limits<double>::quiet_NaN();
        for (const IntegrationWindow& w : windows) {
            if (w.start_h <= t && t <= w.end_h) {
                check.inside = true;
                check.administration = w.administration;  // later windows overwrite: most recent
                check.hours_since_administration = t - w.start_h;
            }
        }
        checks.push_back(check);
    }
    return checks;
}

}  // namespace pkengine
