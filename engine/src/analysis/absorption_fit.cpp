#include "pkengine/absorption_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pkengine/detail/validate.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine {

namespace {

constexpr double kKaLow = 1e-4;  // 1/h: absorption half-life ~ 290 days
constexpr double kKaHigh = 1e4;  // 1/h: absorption half-life ~ 0.25 s

/// 1 mg into a first-order depot emptying at ka into `disposition`, and the slope of its
/// central amount: positive while the concentration rises, zero at the peak. The peak is found
/// as the root of the slope, which the exact path gives to rounding, rather than as the
/// maximum of the concentration, which is flat there (a golden-section search on it needs
/// about fifty simulations per peak and resolves the time only to the square root of the
/// concentration's precision).
class SingleDoseCurve {
public:
    SingleDoseCurve(const Disposition& disposition, double ka)
        : m_model(disposition),
          m_k(disposition.micro_constants()),
          m_compartments(disposition.compartments()),
          m_ka(ka) {
        m_model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), ka, 0.0, 0.0});
        m_events.push_back(DoseEvent::bolus(0.0, 1.0, Route::Intramuscular));
    }

    /// d(central amount)/dt (mg/h) at t (h).
    double slope(double t) const {
        const Result r = simulate(m_model, m_events, OutputTimes::at({t}));
        auto amount = [&r](const std::string& state) {
            return r.amounts_mg(0, r.state_index(state));
        };
        double s = m_ka * amount(kDepot) - (m_k.k10 + m_k.k12 + m_k.k13) * amount("central");
        if (m_compartments > 1) s += m_k.k21 * amount("peripheral1");
        if (m_compartments > 2) s += m_k.k31 * amount("peripheral2");
        return s;
    }

private:
    inline static const std::string kDepot =
        "depot_" + std::string(route_name(Route::Intramuscular));
    Model m_model;
    MicroConstants m_k;
    int m_compartments;
    double m_ka;
    std::vector<DoseEvent> m_events;
};

/// Peak time of the unimodal curve: bracket the root of the slope by doubling, then bisect.
double peak_time(const SingleDoseCurve& c) {
    double hi = 1e-3;
    while (c.slope(hi) > 0.0 && hi < kMaxHorizonH / 4.0) hi *= 2.0;
    double lo = hi > 1e-3 ? 0.5 * hi : 0.0;
    while (hi - lo > 1e-12 * std::max(1.0, hi)) {
        const double mid = 0.5 * (lo + hi);
        if (c.slope(mid) > 0.0) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

/// Whether the peak after absorption at `ka` comes later than `t` (h after the lag).
bool peaks_after(const Disposition& disposition, double ka, double t) {
    return SingleDoseCurve(disposition, ka).slope(t) > 0.0;
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
    // Tmax falls as ka rises, so the sign of the slope at tmax tells on which side of the
    // wanted ka a trial lies: one simulation per bisection step on log(ka).
    const double t = tmax_h - lag_h;
    double lo = std::log(kKaLow), hi = std::log(kKaHigh);
    if (!peaks_after(disposition, kKaLow, t) || peaks_after(disposition, kKaHigh, t)) {
        detail::fail("tmax_h", tmax_h, "cannot be reached with ka in [1e-4, 1e4] /h");
    }
    while (hi - lo > 1e-10) {
        const double mid = 0.5 * (lo + hi);
        if (peaks_after(disposition, std::exp(mid), t)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return std::exp(0.5 * (lo + hi));
}

}  // namespace pkengine
