#pragma once
/// @file dose.hpp
/// Dosing events with NONMEM fields and meaning (see docs/design.md, "Dosing semantics").

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
///
/// The steady state of a record is the state at its time when the same dose (same route, F, lag,
/// rate or duration) had been given every `interval_h` forever before it; the record's own dose
/// (and its ADDL repeats) then follow as ordinary doses. Infusions longer than the interval and
/// lag times (also longer than the interval) are part of that pattern. The cumulative
/// "eliminated" state is not part of a steady state: SS 1 restarts it from 0, SS 2 leaves it.
/// A constant infusion at steady state is a record with amount 0, a rate (given or modelled),
/// interval 0 and SS 1: the state becomes the infusion's steady state (F is not applied) and the
/// infusion runs on until a reset or another SS 1 record.
enum class SteadyState {
    None = 0,   ///< SS 0: no steady state
    Reset = 1,  ///< SS 1: state reset to the steady state of this dose given every `ii`, then
                ///< dosed; infusions running and doses pending from earlier records are cancelled
    Add = 2,    ///< SS 2: that steady state added to the current state (nothing is cancelled)
};

/// Where an infusion's rate or duration comes from: NONMEM's RATE data item, by name.
enum class RateSource {
    Given = 0,              ///< RATE >= 0: the record's own rate_mg_per_h or duration_h
    ModelledRate = -1,      ///< RATE = -1: the route's modelled rate (Model::modelled_infusion)
    ModelledDuration = -2,  ///< RATE = -2: the route's modelled duration
};

/// One record: a dose (bolus or infusion) on a route, optionally repeated.
///
/// Amount semantics (NONMEM): F of the route scales the amount. An infusion given by `rate`
/// keeps its rate, so F changes its duration (F*amt/rate); one given by `duration` keeps its
/// duration, so F changes its rate (F*amt/duration); modelled rates and durations (RATE = -1,
/// -2) behave the same way. The route's lag time shifts the dose and every repeat.
///
/// Resets (EVID 3 and 4) and SS 1 records cancel what earlier records still had pending after
/// their time: ADDL repeats, lagged doses and running infusions. An EVID 4 record with ADDL
/// resets once, at its own time; its repeats are plain doses (as in NONMEM).
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
    RateSource rate_source = RateSource::Given;    ///< RATE = -1 / -2: modelled rate / duration
    /// NONMEM's CMT: 0 doses by `route`; n >= 1 doses into the model's compartment n
    /// (Model::compartments), whatever `route` says: a depot's doses are its route's (F, lag,
    /// transit, swallowed fraction), the central compartment's are IV (a bolus, or an infusion
    /// when a rate or duration is given), any other compartment takes the dose directly with
    /// its own F, lag and modelled rate and duration (Model::set_compartment_dosing).
    /// On an Other record (EVID 2), -n turns compartment n off (NONMEM): a compartment that
    /// receives no drug from another (a depot without a transit chain, the first compartment
    /// of a chain, a general linear model's compartment without inflow) is emptied at the
    /// record's time: its amount moves to the "discarded" state and infusions into it stop;
    /// the next dose into it turns it on again. Any other compartment is refused (its inflow
    /// would have to be removed from the model). n >= 1 on an Other record turns compartment n
    /// on, which changes nothing (every compartment is on unless emptied). Observation records
    /// take no negative CMT (NONMEM's output compartment is not numbered).
    int compartment = 0;

    /// A bolus of `amount_mg` at `time_h` by `route` (IV bolus or any absorbed route).
    static DoseEvent bolus(double time_h, double amount_mg, Route route = Route::IvBolus);
    /// An infusion of `amount_mg` over `duration_h` (default route: IV infusion).
    static DoseEvent infusion(double time_h, double amount_mg, double duration_h,
                              Route route = Route::IvInfusion);
    /// An infusion of `amount_mg` at `rate_mg_per_h` (default route: IV infusion).
    static DoseEvent infusion_at_rate(double time_h, double amount_mg, double rate_mg_per_h,
                                      Route route = Route::IvInfusion);
    /// A bolus of `amount_mg` at `time_h` into the model's compartment `compartment` (CMT).
    static DoseEvent into(int compartment, double time_h, double amount_mg);

    /// True when given as an infusion (by rate or by duration, given or modelled).
    bool is_infusion() const {
        return rate_mg_per_h > 0.0 || duration_h > 0.0 || rate_source != RateSource::Given;
    }
    /// True for a steady-state constant infusion (SS without an interval; see SteadyState).
    bool is_constant_infusion() const {
        return steady_state != SteadyState::None && interval_h == 0.0;
    }
};

/// Throws InvalidInput naming `field` (e.g. "events[2].amount_mg") when the record is not
/// valid on its own: non-finite values, negative time/amount/rate/duration, rate and duration
/// both set (given or modelled), an IV infusion without rate or duration (zero-length infusion),
/// an IV bolus given a rate, addl without a positive interval, steady state without an interval
/// (except the constant infusion: amount 0, a rate, SS 1, no ADDL), dose items on a record that
/// carries no dose.
void validate_event(const DoseEvent& event, const std::string& field);

/// Throws InvalidInput unless events are sorted by time (non-decreasing) and each is valid.
void validate_events(const std::vector<DoseEvent>& events);

}  // namespace pkengine
