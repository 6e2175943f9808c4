#include "pkengine/absorption_fit.hpp"

#include <cmath>

#include "pkengine/detail/validate.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine {

namespace {

constexpr double kKaLow = 1e-4;  // 1/h: absorption half-life ~ 290 days
constexpr double kKaHigh = 1e4;  // 1/h: absorption half-life ~ 0.25 s

/// Concentration (mg/L) at time t (h) after 1 mg into the depot.
class SingleDoseCurve {
public:
    SingleDoseCurve(const Disposition& disposition, double ka) : m_model(disposition) {
        m_model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), ka, 0.0, 0.0});
        m_events.push_back(DoseEvent::bolus(0.0, 1.0, Route::Intramuscular));
    }
    double operator()(double t) const {
        return simulate(m_model, m_events, OutputTimes::at({t})).concentration_mg_per_l[0];
    }

private:
    Model m_model;
    std::vector<DoseEvent> m_events;
};

/// Peak time of a unimodal curve: bracket by doubling, then golden-section search.
double peak_time(const SingleDoseCurve& c) {
    double hi = 1e-3;
    while (c(2.0 * hi) > c(hi) && hi < kMaxHorizonH / 4.0) hi *= 2.0;
    double a = 0.0, b = 2.0 * hi;
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    double x1 = b - ratio * (b - a), x2 = a + ratio * (b - a);
    double f1 = c(x1), f2 = c(x2);
    while (b - a > 1e-10 * std::max(1.0, b)) {
        if (f1 < f2) {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + ratio * (b - a);
            f2 = c(x2);
        } else {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - ratio * (b - a);
            f1 = c(x1);
        }
    }
    return 0.5 * (a + b);
}

}  // namespace

double tmax_for_ka(const Disposition& disposition, double ka_per_h, double lag_h) {
    detail::require_positive(ka_per_h, "ka_per_h");
    detail::require_non_negative(lag_h, "lag_h");
    return lag_h + peak_time(SingleDoseCurve(disposition, ka_per_h));
}

double ka_for_tmax(const Disposition& disposition, double tmax_h, double lag_h) {
    detail::require_positive(tmax_h, "tmax_h");
    detail::require_non_negative(lag_h, "lag_h");
    if (!(tmax_h > lag_h)) {
        detail::fail("tmax_h", tmax_h,
                     "must be later than the lag time " + detail::format_value(lag_h) + " h");
    }
    // Tmax falls as ka rises: bisect on log(ka).
    double lo = std::log(kKaLow), hi = std::log(kKaHigh);
    if (tmax_for_ka(disposition, kKaLow, lag_h) < tmax_h ||
        tmax_for_ka(disposition, kKaHigh, lag_h) > tmax_h) {
        detail::fail("tmax_h", tmax_h, "cannot be reached with ka in [1e-4, 1e4] /h");
    }
    while (hi - lo > 1e-10) {
        const double mid = 0.5 * (lo + hi);
        if (tmax_for_ka(disposition, std::exp(mid), lag_h) > tmax_h) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return std::exp(0.5 * (lo + hi));
}

}  // namespace pkengine
