#pragma once
/// @file regimen.hpp
/// A small builder that makes common dosing protocols readable: a single dose, a dose repeated
/// every interval, an infusion over a duration, weight-based dosing, a series over days.

#include <vector>

#include "dose.hpp"

namespace pkengine {

/// What one administration is: an amount by a route, as a bolus or over a duration.
struct Dose {
    double amount_mg = 0.0;        ///< amount (mg), before bioavailability
    Route route = Route::IvBolus;  ///< route of administration
    double duration_h = 0.0;       ///< infusion duration (h); 0 = bolus (or depot bolus)

    /// `amount_mg` by `route` (a bolus, or an infusion when duration_h > 0).
    static Dose mg(double amount_mg, Route route, double duration_h = 0.0);
    /// Weight-based: `mg_per_kg` x `weight_kg`. Throws InvalidInput for a weight outside
    /// (0, 500] kg or a negative or non-finite mg/kg.
    static Dose mg_per_kg(double mg_per_kg, double weight_kg, Route route, double duration_h = 0.0);
    /// This dose as a record at `time_h`.
    DoseEvent at(double time_h) const;
};

/// An ordered list of dose records. Builders return new regimens; `+` merges two (stable by
/// time, so same-time records keep their order: left operand first).
class Regimen {
public:
    Regimen() = default;
    /// From records already sorted by time. Throws InvalidInput naming the first record out of
    /// order (an unsorted list is taken for a mistake, not silently reordered).
    explicit Regimen(std::vector<DoseEvent> events);

    /// One dose at `at_h` (h).
    static Regimen single(const Dose& dose, double at_h = 0.0);
    /// `count` doses every `every_h` (h) starting at `start_h`.
    static Regimen repeated(const Dose& dose, double every_h, int count, double start_h = 0.0);
    /// One dose at each of `times_h` (h; sorted, non-negative).
    static Regimen series(const Dose& dose, const std::vector<double>& times_h);
    /// One dose on each of `days` (day 0 = t 0) at `hour_of_day` (h).
    static Regimen on_days(const Dose& dose, const std::vector<double>& days,
                           double hour_of_day = 0.0);

    /// Adds a record (kept sorted by time; equal times keep insertion order).
    Regimen& add(const DoseEvent& event);
    /// The records, sorted by time.
    const std::vector<DoseEvent>& events() const { return m_events; }
    /// Number of records.
    std::size_t size() const { return m_events.size(); }

private:
    std::vector<DoseEvent> m_events;
};

/// Merge of two regimens (stable by time).
Regimen operator+(const Regimen& a, const Regimen& b);

}  // namespace pkengine
