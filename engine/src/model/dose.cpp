#include "pkengine/dose.hpp"

#include <cmath>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

namespace pkengine {

DoseEvent DoseEvent::bolus(double time_h, double amount_mg, Route route) {
    validate_route(route);
    DoseEvent event;
    event.time_h = time_h;
    event.amount_mg = amount_mg;
    event.route = route;
    return event;
}

DoseEvent DoseEvent::infusion(double time_h, double amount_mg, double duration_h, Route route) {
    DoseEvent event = bolus(time_h, amount_mg, route);
    event.duration_h = duration_h;
    return event;
}

DoseEvent DoseEvent::infusion_at_rate(double time_h, double amount_mg, double rate_mg_per_h,
                                      Route route) {
    DoseEvent event = bolus(time_h, amount_mg, route);
    event.rate_mg_per_h = rate_mg_per_h;
    return event;
}

DoseEvent DoseEvent::into(int compartment, double time_h, double amount_mg) {
    DoseEvent event;
    event.time_h = time_h;
    event.amount_mg = amount_mg;
    event.compartment = compartment;
    return event;
}

namespace {

/// Names the member only when the check fails: building "events[12].amount_mg" for every member
/// of every valid record took a sixth of the time of a small population subject's simulation.
void require_non_negative(double value, const std::string& field, const char* member) {
    if (std::isfinite(value) && value >= 0.0) return;
    detail::require_non_negative(value, field + member);
}

/// As require_non_negative: the member is named only when the value is out of range.
template <class Enum>
void require_enum(Enum value, Enum lowest, Enum highest, const std::string& field,
                  const char* member) {
    const auto v = static_cast<long long>(value);
    if (v >= static_cast<long long>(lowest) && v <= static_cast<long long>(highest)) return;
    detail::require_enum(value, lowest, highest, field + member);
}

void validate_numbers(const DoseEvent& e, const std::string& field) {
    require_non_negative(e.time_h, field, ".time_h");
    if (e.time_h > kMaxHorizonH) {
        detail::fail(field + ".time_h", e.time_h, "is beyond the longest horizon (ten years)");
    }
    require_non_negative(e.amount_mg, field, ".amount_mg");
    require_non_negative(e.rate_mg_per_h, field, ".rate_mg_per_h");
    require_non_negative(e.duration_h, field, ".duration_h");
    require_non_negative(e.interval_h, field, ".interval_h");
    if (e.additional < 0 || e.additional > kMaxAdditionalDoses) {
        detail::fail(field + ".additional", e.additional, "must be in [0, 1000000]");
    }
}

void validate_modelled(const DoseEvent& e, const std::string& field) {
    if (e.rate_source == RateSource::Given) return;
    const char* item = e.rate_source == RateSource::ModelledRate ? "RATE = -1 (modelled rate)"
                                                                 : "RATE = -2 (modelled duration)";
    if (e.rate_mg_per_h != 0.0) {
        detail::fail(field + ".rate_mg_per_h", e.rate_mg_per_h,
                     std::string("must be 0 with ") + item + ": the rate comes from the model");
    }
    if (e.duration_h != 0.0) {
        detail::fail(field + ".duration_h", e.duration_h,
                     std::string("must be 0 with ") + item +
                         ": an infusion is given by rate or "
                         "by duration, not both");
    }
}

void validate_infusion_shape(const DoseEvent& e, const std::string& field) {
    if (e.rate_mg_per_h > 0.0 && e.duration_h > 0.0) {
        detail::fail(field + ".duration_h", e.duration_h,
                     "an infusion is given by rate or by duration, not both (rate_mg_per_h = " +
                         detail::format_value(e.rate_mg_per_h) + ")");
    }
    validate_modelled(e, field);
    // A dose into a numbered compartment takes its route from the model (compile step).
    if (e.compartment == 0 && e.route == Route::IvBolus && e.is_infusion()) {
        throw InvalidInput(field +
                           ".route = iv_bolus: a bolus has no rate or duration; use "
                           "iv_infusion for an infusion");
    }
    if (e.compartment == 0 && e.route == Route::IvInfusion && !e.is_infusion()) {
        throw InvalidInput(field +
                           ": zero-length infusion (rate_mg_per_h and duration_h are "
                           "both 0); give a duration or a rate, or use iv_bolus");
    }
    const bool by_rate = e.rate_mg_per_h > 0.0 || e.rate_source != RateSource::Given;
    if (by_rate && !(e.amount_mg > 0.0) && !e.is_constant_infusion()) {
        throw InvalidInput(field +
                           ".amount_mg = 0: zero-length infusion (an infusion given by "
                           "rate needs a positive amount)");
    }
}

void validate_constant_infusion(const DoseEvent& e, const std::string& field) {
    // NONMEM: AMT = 0, RATE > 0 (or -1), II = 0, SS = 1, no ADDL.
    const std::string why = "a steady state without an interval is a constant infusion: ";
    if (e.steady_state != SteadyState::Reset) {
        detail::fail(field + ".interval_h", e.interval_h,
                     "steady state needs an interval > 0 (" + why + "SS = 1 only)");
    }
    if (e.amount_mg != 0.0) {
        detail::fail(field + ".interval_h", e.interval_h,
                     "steady state needs an interval > 0 (" + why + "amount_mg must be 0, not " +
                         detail::format_value(e.amount_mg) + ")");
    }
    if (!(e.rate_mg_per_h > 0.0) && e.rate_source != RateSource::ModelledRate) {
        detail::fail(
            field + ".interval_h", e.interval_h,
            "steady state needs an interval > 0 (" + why + "it needs a rate, given or modelled)");
    }
    if (e.additional != 0) {
        detail::fail(field + ".additional", e.additional, why + "it has no additional doses");
    }
}

void validate_repeats(const DoseEvent& e, const std::string& field) {
    if (e.is_constant_infusion()) {
        validate_constant_infusion(e, field);
        return;
    }
    if (e.additional > 0 && !(e.interval_h > 0.0)) {
        detail::fail(field + ".interval_h", e.interval_h,
                     "additional doses (additional = " + std::to_string(e.additional) +
                         ") need an interval > 0");
    }
    if (e.additional > 0 && e.time_h + e.additional * e.interval_h > kMaxHorizonH) {
        detail::fail(field + ".additional", e.additional,
                     "the last repeat falls beyond the longest horizon (ten years)");
    }
}

/// A negative CMT turns a compartment off: only on an other-type record (EVID 2).
void validate_compartment(const DoseEvent& e, const std::string& field) {
    if (e.compartment >= 0 || e.kind == EventKind::Other) return;
    if (e.kind == EventKind::Observation) {
        detail::fail(field + ".compartment", e.compartment,
                     "a negative CMT on an observation record turns NONMEM's output compartment "
                     "off, and pkengine numbers no output compartment (to empty a depot, give an "
                     "other-type record, EVID 2, with this CMT)");
    }
    detail::fail(field + ".compartment", e.compartment,
                 "must be >= 1 (a compartment number), or 0 to dose by route (a negative CMT "
                 "turns a compartment off on an other-type record, EVID 2)");
}

void validate_no_dose_items(const DoseEvent& e, const std::string& field) {
    // NONMEM: dose-related data items must be zero on observation, other and reset records.
    if (e.amount_mg != 0.0 || e.is_infusion()) {
        detail::fail(field + ".amount_mg", e.amount_mg,
                     "an observation, other or reset record carries no dose");
    }
    if (e.interval_h != 0.0) {
        detail::fail(field + ".interval_h", e.interval_h,
                     "an observation, other or reset record has no interval");
    }
    if (e.additional != 0) {
        detail::fail(field + ".additional", e.additional,
                     "an observation, other or reset record has no additional doses");
    }
    if (e.steady_state != SteadyState::None) {
        detail::fail(field + ".steady_state", static_cast<int>(e.steady_state),
                     "an observation, other or reset record is not a steady-state dose");
    }
}

}  // namespace

void validate_event(const DoseEvent& e, const std::string& field) {
    if (!is_valid_route(e.route)) validate_route(e.route, field + ".route");
    require_enum(e.kind, EventKind::Observation, EventKind::ResetAndDose, field, ".kind");
    require_enum(e.steady_state, SteadyState::None, SteadyState::Add, field, ".steady_state");
    require_enum(e.rate_source, RateSource::ModelledDuration, RateSource::Given, field,
                 ".rate_source");
    validate_numbers(e, field);
    validate_compartment(e, field);
    const bool carries_dose = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
    if (!carries_dose) {
        validate_no_dose_items(e, field);
        return;
    }
    validate_infusion_shape(e, field);
    validate_repeats(e, field);
}

void validate_events(const std::vector<DoseEvent>& events) {
    // The index is named only when an event fails (it is checked again under its full name):
    // formatting "events[i]" for every valid event cost a population subject a twentieth of its
    // time.
    const std::string unnamed = "events";
    for (std::size_t i = 0; i < events.size(); ++i) {
        try {
            validate_event(events[i], unnamed);
        } catch (const InvalidInput&) {
            validate_event(events[i], detail::indexed("events", i));
            throw;  // not reached: the same check fails again
        }
        if (i > 0 && events[i].time_h < events[i - 1].time_h) {
            detail::fail(detail::indexed("events", i) + ".time_h", events[i].time_h,
                         "events must be sorted by time (events[" + std::to_string(i - 1) +
                             "].time_h = " + detail::format_value(events[i - 1].time_h) + ")");
        }
    }
}

}  // namespace pkengine
