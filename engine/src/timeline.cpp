#include "pkengine/detail/system.hpp"

#include <algorithm>
#include <string>

#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

/// One input stream of a dose: a route's share of the amount, its F, lag and target.
struct Part {
    double fraction;  // share of the record's amount
    double f;
    double lag_h;
    int compartment;
};

std::vector<Part> parts_of(const DoseRouting& routing, Route route, FChoice choice,
                           std::size_t index) {
    const RouteTarget& target = routing[static_cast<std::size_t>(route)];
    if (target.compartment < 0) {
        throw InvalidInput("events[" + std::to_string(index) +
                           "].route = " + std::string(route_name(route)) +
                           ": the model has no dose target for this route");
    }
    std::vector<Part> parts{{1.0 - target.fraction_swallowed, target.f.value(choice), target.lag_h,
                             target.compartment}};
    if (target.fraction_swallowed > 0.0) {
        const RouteTarget& oral = routing[static_cast<std::size_t>(Route::Oral)];
        parts.push_back(
            {target.fraction_swallowed, oral.f.value(choice), oral.lag_h, oral.compartment});
    }
    return parts;
}

void add_dose(Timeline& timeline, const DoseEvent& e, double t, long order,
              const std::vector<Part>& parts) {
    for (const Part& part : parts) {
        const double amount = part.f * part.fraction * e.amount_mg;
        const double start = t + part.lag_h;
        if (!e.is_infusion()) {
            timeline.actions.push_back(
                {start, order, ActionType::Bolus, part.compartment, amount, 0.0, -1});
            continue;
        }
        // NONMEM: F changes the duration of a rate-given infusion, the rate of a
        // duration-given one.
        const double rate =
            e.rate_mg_per_h > 0.0 ? e.rate_mg_per_h * part.fraction : amount / e.duration_h;
        const double duration = e.rate_mg_per_h > 0.0 ? amount / rate : e.duration_h;
        const int id = timeline.n_infusions++;
        timeline.actions.push_back(
            {start, order, ActionType::InfusionOn, part.compartment, 0.0, rate, id});
        timeline.actions.push_back(
            {start + duration, order, ActionType::InfusionOff, part.compartment, 0.0, rate, id});
    }
}

}  // namespace

Timeline build_timeline(const Model& model, const Layout& layout,
                        const std::vector<DoseEvent>& events, FChoice choice) {
    return build_timeline(dose_routing(model, layout), events, choice);
}

Timeline build_timeline(const DoseRouting& routing, const std::vector<DoseEvent>& events,
                        FChoice choice) {
    Timeline timeline;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const DoseEvent& e = events[i];
        if (e.steady_state != SteadyState::None) {
            throw InvalidInput("events[" + std::to_string(i) +
                               "].steady_state: steady-state records are not supported by "
                               "simulate(); expand the doses explicitly");
        }
        const long order = static_cast<long>(i);
        const bool resets = e.kind == EventKind::Reset || e.kind == EventKind::ResetAndDose;
        const bool doses = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
        if (resets) timeline.actions.push_back({e.time_h, order, ActionType::Reset, 0, 0, 0, -1});
        if (!doses) continue;
        const std::vector<Part> parts = parts_of(routing, e.route, choice, i);
        for (int k = 0; k <= e.additional; ++k) {
            add_dose(timeline, e, e.time_h + k * e.interval_h, order, parts);
        }
    }
    std::stable_sort(timeline.actions.begin(), timeline.actions.end(),
                     [](const Action& a, const Action& b) {
                         return a.time_h < b.time_h || (a.time_h == b.time_h && a.order < b.order);
                     });
    return timeline;
}

}  // namespace pkengine::detail
