#pragma once
/// @file windows.hpp
/// Integration windows: each administration of a regimen opens a window of fixed length (the
/// drug file's `integration_window_h`, 48 h for ketamine: a protocol annotation, not a PK
/// parameter), and planned integration sessions are checked against them.

#include <optional>
#include <vector>

#include "dose.hpp"
#include "regimen.hpp"

namespace pkengine {

/// The window opened by one administration.
struct IntegrationWindow {
    std::size_t administration = 0;  ///< index of the administration, in time order (0 = first)
    Route route = Route::IvBolus;    ///< its route
    double amount_mg = 0.0;          ///< its amount (mg)
    double start_h = 0.0;            ///< administration time = window start (h)
    double end_h = 0.0;              ///< window end, start + window length (h)
};

/// The windows of every administration of `events`: each dose record (EVID 1 or 4) and each of
/// its ADDL repeats (every II), in time order. `window_h` (h) is finite and > 0.
std::vector<IntegrationWindow> integration_windows(const std::vector<DoseEvent>& events,
                                                   double window_h);

/// The windows of every administration of `regimen` (see the overload on events).
std::vector<IntegrationWindow> integration_windows(const Regimen& regimen, double window_h);

/// Whether one planned session falls inside a window.
struct SessionCheck {
    double time_h = 0.0;  ///< session time (h)
    bool inside = false;  ///< true when start_h <= time_h <= end_h for at least one window
    /// The most recent administration whose window holds the session (none when outside).
    std::optional<std::size_t> administration;
    /// Time since that administration (h); NaN when the session is outside every window.
    double hours_since_administration = 0.0;
};

/// Checks each session time (h; finite, >= 0, any order) against `windows`.
std::vector<SessionCheck> check_sessions(const std::vector<IntegrationWindow>& windows,
                                         const std::vector<double>& session_times_h);

}  // namespace pkengine
