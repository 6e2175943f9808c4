#include <algorithm>
#include <cmath>
#include <string>

#include "compile.hpp"
#include "pkengine/detail/steady_state.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/limits.hpp"

namespace pkengine::detail {

namespace {

/// The rate (mg/h) and duration (h) of one part's infusion after F.
struct Infusion {
    double rate;
    double duration;
};

/// The input streams of record `e`, written into `parts` (emptied first).
void parts_of(const Dosing& dosing, const DoseEvent& e, FChoice choice,
              std::vector<DosePart>& parts) {
    parts.clear();
    if (e.compartment > 0) {
        const RouteTarget& target = dosing.direct[static_cast<std::size_t>(e.compartment - 1)];
        parts.push_back({1.0, target.f.value(choice), target.lag_h, target.compartment, 0.0});
        return;
    }
    const std::vector<RoutePart>& mapped = dosing.parts[static_cast<std::size_t>(e.route)];
    if (!mapped.empty()) {
        for (const RoutePart& p : mapped) {
            parts.push_back(
                {p.fraction.value(choice), 1.0, p.lag_h, p.compartment, p.zero_order_h});
        }
        return;
    }
    const DoseRouting& routing = dosing.routing;
    const RouteTarget& target = routing[static_cast<std::size_t>(e.route)];
    parts.push_back({1.0 - target.fraction_swallowed, target.f.value(choice), target.lag_h,
                     target.compartment, 0.0});
    if (target.fraction_swallowed > 0.0) {
        const RouteTarget& oral = routing[static_cast<std::size_t>(Route::Oral)];
        parts.push_back(
            {target.fraction_swallowed, oral.f.value(choice), oral.lag_h, oral.compartment, 0.0});
    }
    const RoutePart& presystemic = dosing.presystemic[static_cast<std::size_t>(e.route)];
    if (presystemic.compartment >= 0) {
        // Written as the parent's F times a share, so that an infusion's rate scales and its
        // duration is the parent part's: the metabolite arrives as the parent does.
        // F and the presystemic fraction share one dose: at an F near 1 (the high end of a
        // range, a route alternative) the presystemic share is what is left, 1 - F.
        const double f = target.f.value(choice);
        const double share = std::min(presystemic.fraction.nominal, 1.0 - f);
        if (share > 0.0) {
            parts.push_back({share / f, f, presystemic.lag_h, presystemic.compartment, 0.0});
        }
    }
}

/// The modelled rate and duration of the record's route or compartment.
const ModelledInfusion& modelled_of(const Dosing& dosing, const DoseEvent& e) {
    if (e.compartment > 0)
        return dosing.direct_modelled[static_cast<std::size_t>(e.compartment - 1)];
    return dosing.modelled[static_cast<std::size_t>(e.route)];
}

/// The record's rate (given, or the modelled one); 0 when given by duration.
double record_rate(const Dosing& dosing, const DoseEvent& e) {
    if (e.rate_source != RateSource::ModelledRate) return e.rate_mg_per_h;
    return modelled_of(dosing, e).rate_mg_per_h;
}

/// The record's duration (given, or the modelled one); 0 when given by rate.
double record_duration(const Dosing& dosing, const DoseEvent& e) {
    if (e.rate_source != RateSource::ModelledDuration) return e.duration_h;
    return modelled_of(dosing, e).duration_h;
}

/// NONMEM: F changes the duration of a rate-given infusion, the rate of a duration-given one.
/// A bolus share with a zero-order input enters at amount / zero_order_h.
Infusion infusion_of(const Dosing& dosing, const DoseEvent& e, const DosePart& part,
                     double amount) {
    if (!e.is_infusion()) return {amount / part.zero_order_h, part.zero_order_h};
    const double rate = record_rate(dosing, e);
    if (rate > 0.0) {
        const double part_rate = rate * part.fraction;
        return {part_rate, amount / part_rate};
    }
    const double duration = record_duration(dosing, e);
    return {amount / duration, duration};
}

void push_bolus(Timeline& timeline, double t, long order, int compartment, double amount) {
    timeline.actions.push_back({t, order, ActionType::Bolus, compartment, amount, 0.0, -1, -1});
}

/// An infusion from `t` for `duration` (h); without an end when duration is infinite.
void push_infusion(Timeline& timeline, double t, long order, int compartment, double rate,
                   double duration) {
    const int id = timeline.n_infusions++;
    if (std::isinf(duration)) {
        timeline.actions.push_back(
            {t, order, ActionType::InfusionOn, compartment, 0.0, rate, id, -1});
        return;
    }
    // The solver integrates the rate over [t, end] as the two times are represented; scaled to
    // that span, the infusion delivers rate x duration even where ulp(t) is not negligible
    // against the duration (a 1e-6 h infusion late in a long horizon).
    const double end = t + duration;
    const double delivered_rate = rate * (duration / (end - t));
    timeline.actions.push_back(
        {t, order, ActionType::InfusionOn, compartment, 0.0, delivered_rate, id, -1});
    timeline.actions.push_back(
        {end, order, ActionType::InfusionOff, compartment, 0.0, delivered_rate, id, -1});
}

/// One dose of the record, nominally at `t` (each part then starts after its lag).
void add_dose(Timeline& timeline, const Dosing& dosing, const DoseEvent& e, double t, long order,
              const std::vector<DosePart>& parts) {
    for (const DosePart& part : parts) {
        const double amount = part.f * part.fraction * e.amount_mg;
        const double start = t + part.lag_h;
        if (!e.is_infusion() && !(part.zero_order_h > 0.0)) {
            push_bolus(timeline, start, order, part.compartment, amount);
            continue;
        }
        const Infusion inf = infusion_of(dosing, e, part, amount);
        if (inf.duration < kMinInfusionDurationH) {
            // Too short to resolve (its end could round onto its start): a bolus, counted.
            push_bolus(timeline, start, order, part.compartment, amount);
            ++timeline.infusions_as_bolus;
            continue;
        }
        push_infusion(timeline, start, order, part.compartment, inf.rate, inf.duration);
    }
}

/// What earlier records still had pending after t0 (repeats, lagged doses, infusion ends)
/// is cancelled by a reset or an SS 1 record; infusions running at t0 are stopped by the
/// solver at the reset.
void cancel_pending(Timeline& timeline, double t0) {
    auto& actions = timeline.actions;
    actions.erase(std::remove_if(actions.begin(), actions.end(),
                                 [t0](const Action& a) { return a.time_h > t0; }),
                  actions.end());
}

/// A steady-state constant infusion: the state set to its steady state, then the infusion
/// runs on. F is not applied (NONMEM); a lag does not matter for an endless infusion.
void add_constant_infusion(Timeline& timeline, const Dosing& dosing, const DoseEvent& e, long order,
                           const std::vector<DosePart>& parts) {
    SteadyStateSpec spec{SteadyState::Reset, e.time_h, 0.0, {}};
    const double rate = record_rate(dosing, e);
    for (const DosePart& part : parts) {
        spec.pulses.push_back({part.compartment, 0.0, rate * part.fraction, 0.0, 0.0});
    }
    const int index = static_cast<int>(timeline.steady_states.size());
    timeline.steady_states.push_back(spec);
    timeline.actions.push_back({e.time_h, order, ActionType::SteadyState, 0, 0.0, 0.0, -1, index});
    for (const PeriodicPulse& pulse : spec.pulses) {
        push_infusion(timeline, e.time_h, order, pulse.compartment, pulse.rate_mg_per_h,
                      std::numeric_limits<double>::infinity());
    }
}

PeriodicPulse pulse_of(const Dosing& dosing, const DoseEvent& e, const DosePart& part) {
    const double amount = part.f * part.fraction * e.amount_mg;
    if (!e.is_infusion() && !(part.zero_order_h > 0.0)) {
        return {part.compartment, amount, 0.0, 0.0, part.lag_h};
    }
    const Infusion inf = infusion_of(dosing, e, part, amount);
    return {part.compartment, 0.0, inf.rate, inf.duration, part.lag_h};
}

void check_pattern_size(const DoseEvent& e, const PeriodicPulse& pulse, const std::string& field) {
    const double per_interval = (pulse.duration_h + pulse.lag_h) / e.interval_h;
    if (per_interval > static_cast<double>(kMaxAdditionalDoses)) {
        fail(field, e.interval_h,
             "the steady-state pattern overlaps more than " + std::to_string(kMaxAdditionalDoses) +
                 " of its own doses (duration + lag = " +
                 format_value(pulse.duration_h + pulse.lag_h) + " h)");
    }
}

/// After the steady state is set at t0, the pattern goes on: infusions of implied doses still
/// running at t0 continue, and implied doses falling at or after t0 (a lag of an interval or
/// more) are given, all before the record's own dose.
void continue_pattern(Timeline& timeline, const SteadyStateSpec& spec, const PeriodicPulse& pulse,
                      long order) {
    const double t0 = spec.time_h;
    const double ii = spec.interval_h;
    const PulsePhase phase = pulse_phase(pulse.lag_h, ii);
    if (pulse.duration_h > 0.0) {
        for (int j = 1;; ++j) {
            const double left = phase.phase_h - static_cast<double>(j) * ii + pulse.duration_h;
            if (left <= 0.0) break;
            push_infusion(timeline, t0, order, pulse.compartment, pulse.rate_mg_per_h, left);
        }
    }
    for (int k = 0; k < phase.implied_after; ++k) {
        const double start = t0 + phase.phase_h + static_cast<double>(k) * ii;
        if (pulse.duration_h > 0.0) {
            push_infusion(timeline, start, order, pulse.compartment, pulse.rate_mg_per_h,
                          pulse.duration_h);
        } else {
            push_bolus(timeline, start, order, pulse.compartment, pulse.amount_mg);
        }
    }
}

void add_steady_state(Timeline& timeline, const Dosing& dosing, const DoseEvent& e, long order,
                      const std::vector<DosePart>& parts, const std::string& field) {
    SteadyStateSpec spec{e.steady_state, e.time_h, e.interval_h, {}};
    for (const DosePart& part : parts) {
        spec.pulses.push_back(pulse_of(dosing, e, part));
        check_pattern_size(e, spec.pulses.back(), field);
    }
    const int index = static_cast<int>(timeline.steady_states.size());
    timeline.steady_states.push_back(spec);
    timeline.actions.push_back({e.time_h, order, ActionType::SteadyState, 0, 0.0, 0.0, -1, index});
    for (const PeriodicPulse& pulse : spec.pulses) continue_pattern(timeline, spec, pulse, order);
}

/// An other-type record turning compartment -CMT off (checked: it receives no drug from
/// another): its states emptied into the discarded state, the infusions into them stopped.
void add_turn_off(Timeline& timeline, const Dosing& dosing, const DoseEvent& e, long order) {
    for (int state : dosing.emptied[static_cast<std::size_t>(-e.compartment - 1)]) {
        timeline.actions.push_back(
            {e.time_h, order, ActionType::Empty, state, 0.0, 0.0, -1, dosing.discarded});
    }
}

/// One record's actions, dosed through `dosing` (`parts`: a buffer for its input streams).
void add_record(Timeline& timeline, const Dosing& dosing, const DoseEvent& e, long order,
                FChoice choice, const RecordNames& names, std::vector<DosePart>& parts) {
    if (e.kind == EventKind::Other && e.compartment < 0) {
        add_turn_off(timeline, dosing, e, order);
        return;
    }
    const bool resets = e.kind == EventKind::Reset || e.kind == EventKind::ResetAndDose;
    const bool doses = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
    if (resets || (doses && e.steady_state == SteadyState::Reset)) {
        cancel_pending(timeline, e.time_h);
    }
    if (resets) {
        timeline.actions.push_back({e.time_h, order, ActionType::Reset, 0, 0.0, 0.0, -1, -1});
    }
    if (!doses) return;
    parts_of(dosing, e, choice, parts);
    if (e.is_constant_infusion()) {
        add_constant_infusion(timeline, dosing, e, order, parts);
        return;
    }
    if (e.steady_state != SteadyState::None) {
        const std::string field = names.field(static_cast<std::size_t>(order), "interval_h", "II");
        add_steady_state(timeline, dosing, e, order, parts, field);
    }
    // An EVID 4 record resets once; its ADDL repeats are plain doses (NONMEM).
    for (int k = 0; k <= e.additional; ++k) {
        add_dose(timeline, dosing, e, e.time_h + k * e.interval_h, order, parts);
    }
}

/// Sorts the actions by (time, order), keeping the insertion order of ties (an infusion's start
/// before an end at the same time): a bottom-up merge sort through `scratch`, whose capacity is
/// kept, where std::stable_sort would allocate its buffer on every call. Actions mostly arrive
/// in order, so a sorted timeline is only checked.
void sort_actions(std::vector<Action>& actions, std::vector<Action>& scratch) {
    const auto before = [](const Action& a, const Action& b) {
        return a.time_h < b.time_h || (a.time_h == b.time_h && a.order < b.order);
    };
    if (std::is_sorted(actions.begin(), actions.end(), before)) return;
    const std::size_t n = actions.size();
    scratch.resize(n);
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n);
            const std::size_t hi = std::min(lo + 2 * width, n);
            std::merge(actions.begin() + static_cast<std::ptrdiff_t>(lo),
                       actions.begin() + static_cast<std::ptrdiff_t>(mid),
                       actions.begin() + static_cast<std::ptrdiff_t>(mid),
                       actions.begin() + static_cast<std::ptrdiff_t>(hi),
                       scratch.begin() + static_cast<std::ptrdiff_t>(lo), before);
        }
        actions.swap(scratch);
    }
}

}  // namespace

void TimelineBuilder::build(const std::vector<Dosing>& dosing,
                            const std::vector<int>& dosing_of_record,
                            const std::vector<DoseEvent>& events, FChoice choice,
                            const RecordNames& names, Timeline& timeline) {
    timeline.actions.clear();
    timeline.n_infusions = 0;
    timeline.steady_states.clear();
    timeline.infusions_as_bolus = 0;
    int current = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const long order = static_cast<long>(i);
        const int index = dosing_of_record[i];
        if (index != current) {
            timeline.actions.push_back(
                {events[i].time_h, order, ActionType::SwitchSystem, 0, 0.0, 0.0, -1, index});
            current = index;
        }
        add_record(timeline, dosing[static_cast<std::size_t>(index)], events[i], order, choice,
                   names, m_parts);
    }
    sort_actions(timeline.actions, m_sorted);
}

Timeline build_timeline(const std::vector<Dosing>& dosing, const std::vector<int>& dosing_of_record,
                        const std::vector<DoseEvent>& events, FChoice choice,
                        const RecordNames& names) {
    Timeline timeline;
    TimelineBuilder().build(dosing, dosing_of_record, events, choice, names, timeline);
    return timeline;
}

Timeline build_timeline(const DoseRouting& routing, const std::vector<DoseEvent>& events,
                        FChoice choice) {
    const RecordNames names;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const bool doses =
            events[i].kind == EventKind::Dose || events[i].kind == EventKind::ResetAndDose;
        if (doses || events[i].kind == EventKind::Other) {
            check_dose_record(routing, events[i], i, names);
        }
    }
    Dosing dosing;
    dosing.routing = routing;
    return build_timeline({dosing}, std::vector<int>(events.size(), 0), events, choice, names);
}

}  // namespace pkengine::detail
