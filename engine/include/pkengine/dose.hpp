#pragma once
/// @file dose.hpp
/// Dosing events with NONMEM fields and meaning (see DESIGN section 4).

#include <string>
#include <vector>

#include "route.hpp"

namespace pkengine {

/// NONMEM EVID, by name.
enum class EventKind {
    Observation = 0,   ///< EVID 0: an output time
    Dose = 1,          ///< EVID 1: a dose
    Other = 2,         ///< EVID 2: an output time that is not an observation
    Reset = 3,         ///< EVID 3: every amount set to zero, every infusion stopped
    ResetAndDose = 4,  ///< EVID 4: reset, then dose
};

/// NONMEM SS, by name.
enum class SteadyState {
    None = 0,   ///< SS 0: no steady state
    Reset = 1,  ///< SS 1: state reset to the steady state of this dose given every `ii`, then dosed
    Add = 2,    ///< SS 2: that steady state added to the current state
};

/// One record: a dose (bolus or infusion) on a route, optionally repeated.
///
/// Amount semantics (NONMEM): F of the route scales the amount. An infusion given by `rate`
/// keeps its rate, so F changes its duration (F*amt/rate); one given by `duration` keeps its
/// duration, so F changes its rate (F*amt/duration). The route's lag time shifts the dose and
/// every repeat.
struct DoseEvent {
    double time_h = 0.0;           ///< time of the record (h), >= 0
    double amount_mg = 0.0;        ///< amount (mg), >= 0, before bioavailability
    Route route = Route::IvBolus;  ///< route (which compartment receives the dose)
    double rate_mg_per_h = 0.0;    ///< infusion rate (mg/h); 0 = not given by rate
    double duration_h = 0.0;       ///< infusion duration (h); 0 = not given by duration
    double interval_h = 0.0;       ///< II: interval between repeats (h)
    int additional = 0;            ///< ADDL: number of further doses every interval_h
    SteadyState steady_state = SteadyState::None;  ///< SS
    EventKind kind = EventKind::Dose;              ///< EVID

    /// A bolus of `amount_mg` at `time_h` by `route` (IV bolus or any absorbed route).
    static DoseEvent bolus(double time_h, double amount_mg, Route route = Route::IvBolus);
    /// An infusion of `amount_mg` over `duration_h` (default route: IV infusion).
    static DoseEvent infusion(double time_h, double amount_mg, double duration_h,
                              Route route = Route::IvInfusion);
    /// An infusion of `amount_mg` at `rate_mg_per_h` (default route: IV infusion).
    static DoseEvent infusion_at_rate(double time_h, double amount_mg, double rate_mg_per_h,
                                      Route route = Route::IvInfusion);

    /// True when given as an infusion (by rate or by duration).
    bool is_infusion() const { return rate_mg_per_h > 0.0 || duration_h > 0.0; }
};

/// Throws InvalidInput naming `field` (e.g. "events[2].amount_mg") when the record is not
/// valid on its own: non-finite values, negative time/amount/rate/duration, rate and duration
/// both set, an IV infusion without rate or duration (zero-length infusion), an IV bolus given
/// a rate, addl without a positive interval, steady state without an interval.
void validate_event(const DoseEvent& event, const std::string& field);

/// Throws InvalidInput unless events are sorted by time (non-decreasing) and each is valid.
void validate_events(const std::vector<DoseEvent>& events);

}  // namespace pkengine
