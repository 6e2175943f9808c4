#include "pkengine/regimen.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

namespace pkengine {

Dose Dose::mg(double amount_mg, Route route, double duration_h) {
    validate_route(route, "dose.route");
    detail::require_non_negative(amount_mg, "dose.amount_mg");
    detail::require_non_negative(duration_h, "dose.duration_h");
    return {amount_mg, route, duration_h};
}

Dose Dose::mg_per_kg(double mg_per_kg, double weight_kg, Route route, double duration_h) {
    validate_route(route, "dose.route");
    detail::require_non_negative(mg_per_kg, "dose.mg_per_kg");
    detail::require_positive(weight_kg, "weight_kg");
    if (weight_kg > kMaxWeightKg) detail::fail("weight_kg", weight_kg, "must be <= 500 kg");
    return mg(mg_per_kg * weight_kg, route, duration_h);
}

DoseEvent Dose::at(double time_h) const {
    DoseEvent event = DoseEvent::bolus(time_h, amount_mg, route);
    event.duration_h = duration_h;
    validate_event(event, "dose");
    return event;
}

Regimen::Regimen(std::vector<DoseEvent> events) : m_events(std::move(events)) {
    validate_events(m_events);
}

Regimen Regimen::single(const Dose& dose, double at_h) {
    Regimen regimen;
    regimen.add(dose.at(at_h));
    return regimen;
}

Regimen Regimen::repeated(const Dose& dose, double every_h, int count, double start_h) {
    detail::require_positive(every_h, "every_h");
    if (count < 1 || count > kMaxAdditionalDoses) {
        detail::fail("count", count, "must be in [1, 1000000]");
    }
    Regimen regimen;
    for (int i = 0; i < count; ++i) regimen.add(dose.at(start_h + i * every_h));
    return regimen;
}

Regimen Regimen::series(const Dose& dose, const std::vector<double>& times_h) {
    Regimen regimen;
    for (std::size_t i = 0; i < times_h.size(); ++i) {
        detail::require_non_negative(times_h[i], detail::indexed("times_h", i));
        if (i > 0 && times_h[i] < times_h[i - 1]) {
            detail::fail(detail::indexed("times_h", i), times_h[i], "times must be sorted");
        }
        regimen.add(dose.at(times_h[i]));
    }
    return regimen;
}

Regimen Regimen::on_days(const Dose& dose, const std::vector<double>& days, double hour_of_day) {
    detail::require_non_negative(hour_of_day, "hour_of_day");
    std::vector<double> times;
    times.reserve(days.size());
    for (std::size_t i = 0; i < days.size(); ++i) {
        detail::require_non_negative(days[i], detail::indexed("days", i));
        times.push_back(days[i] * 24.0 + hour_of_day);
    }
    return series(dose, times);
}

Regimen& Regimen::add(const DoseEvent& event) {
    validate_event(event, "event");
    // Insert after every record at the same time, so same-time records keep their order.
    auto pos =
        std::upper_bound(m_events.begin(), m_events.end(), event.time_h,
                         [](double t, const DoseEvent& existing) { return t < existing.time_h; });
    m_events.insert(pos, event);
    return *this;
}

Regimen operator+(const Regimen& a, const Regimen& b) {
    // Both are sorted: one merge, linear in their sizes. Same-time records keep their order,
    // a's before b's (as adding b's records one by one would place them).
    std::vector<DoseEvent> merged;
    merged.reserve(a.size() + b.size());
    std::merge(a.events().begin(), a.events().end(), b.events().begin(), b.events().end(),
               std::back_inserter(merged),
               [](const DoseEvent& x, const DoseEvent& y) { return x.time_h < y.time_h; });
    return Regimen(std::move(merged));
}

}  // namespace pkengine
