/// @file nca.cpp
/// Non-compartmental analysis: AUC/AUMC, terminal phase, threshold intervals.

#include "pkengine/nca.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine {
namespace nca {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Adjusted R² within this of the best counts as a tie (WinNonlin rule); more points win.
constexpr double kAdjR2Tolerance = 1e-4;

/// A double as text, short but exact enough to tell neighbouring times apart.
std::string fmt(double x) {
    std::ostringstream os;
    os.precision(15);
    os << x;
    return os.str();
}

[[noreturn]] void fail(const char* fn, const std::string& what) {
    throw InvalidInput(std::string("nca::") + fn + ": " + what);
}

/// Checks sizes, finiteness, strictly increasing times and non-negative concentrations.
void validate_series(const char* fn, const std::vector<double>& t, const std::vector<double>& c,
                     std::size_t min_points) {
    if (t.size() != c.size()) {
        fail(fn, "times.size() = " + std::to_string(t.size()) +
                     " does not match concentrations.size() = " + std::to_string(c.size()));
    }
    if (t.size() < min_points) {
        fail(fn, "times.size() = " + std::to_string(t.size()) + " but at least " +
                     std::to_string(min_points) + " sample(s) are required");
    }
    // The index is formatted only for a failing sample: populations check every subject's curve.
    const auto idx = [](std::size_t i) { return "[" + std::to_string(i) + "]"; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!std::isfinite(t[i])) fail(fn, "times" + idx(i) + " = " + fmt(t[i]) + " is not finite");
        if (i > 0 && !(t[i] > t[i - 1])) {
            fail(fn, "times" + idx(i) + " = " + fmt(t[i]) + " is not greater than times[" +
                         std::to_string(i - 1) + "] = " + fmt(t[i - 1]) +
                         "; times must be strictly increasing");
        }
        if (!std::isfinite(c[i])) {
            fail(fn, "concentrations" + idx(i) + " = " + fmt(c[i]) + " is not finite");
        }
        if (c[i] < 0.0) {
            fail(fn, "concentrations" + idx(i) + " = " + fmt(c[i]) +
                         " is negative; concentrations must be >= 0");
        }
    }
}

/// Checks that a concentration level is finite and >= 0.
void validate_level(const char* fn, const char* name, double x) {
    if (!std::isfinite(x) || x < 0.0) {
        fail(fn, std::string(name) + " = " + fmt(x) + " must be finite and >= 0");
    }
}

/// Checks a concentration band: both levels finite and >= 0, low < high.
void validate_band(const char* fn, double low, double high) {
    validate_level(fn, "low", low);
    validate_level(fn, "high", high);
    if (!(low < high)) {
        fail(fn, "low = " + fmt(low) + " is not less than high = " + fmt(high) +
                     "; the band must have low < high");
    }
}

/// Checks a [from, to] range of times against the sampled range.
void validate_range(const char* fn, const std::vector<double>& t, double from, double to) {
    if (!std::isfinite(from)) fail(fn, "t_from_h = " + fmt(from) + " is not finite");
    if (!std::isfinite(to)) fail(fn, "t_to_h = " + fmt(to) + " is not finite");
    if (!(from < to)) {
        fail(fn, "t_from_h = " + fmt(from) + " is not less than t_to_h = " + fmt(to) +
                     "; the interval must have t_from_h < t_to_h");
    }
    if (from < t.front()) {
        fail(fn, "t_from_h = " + fmt(from) + " is before the first sample times[0] = " +
                     fmt(t.front()) + "; extrapolation is not supported");
    }
    if (to > t.back()) {
        fail(fn, "t_to_h = " + fmt(to) + " is after the last sample times[" +
                     std::to_string(t.size() - 1) + "] = " + fmt(t.back()) +
                     "; extrapolation is not supported");
    }
}

void validate_options(const char* fn, const LambdaZOptions& o) {
    if (o.min_points < 3) {
        fail(fn, "options.min_points = " + std::to_string(o.min_points) +
                     " must be >= 3 (adjusted R² needs at least 3 points)");
    }
    if (o.max_points != 0 && o.max_points < o.min_points) {
        fail(fn,
             "options.max_points = " + std::to_string(o.max_points) +
                 " must be 0 (no cap) or >= options.min_points = " + std::to_string(o.min_points));
    }
    if (!(o.min_adj_r2 >= 0.0 && o.min_adj_r2 <= 1.0)) {
        fail(fn, "options.min_adj_r2 = " + fmt(o.min_adj_r2) + " must be in [0, 1]");
    }
}

/// True when the segment (c1 -> c2) is integrated by the log trapezoid.
bool is_log_segment(double c1, double c2, AucMethod m) {
    return m == AucMethod::LinearUpLogDown && c2 < c1 && c2 > 0.0;
}

/// ln(c1/c2) for c1 > c2 > 0, accurate also when c1 ≈ c2.
double log_ratio(double c1, double c2) {
    return std::log1p((c1 - c2) / c2);
}

/// Area under one segment [t1, t2] with end concentrations c1, c2.
double segment_auc(double t1, double t2, double c1, double c2, AucMethod m) {
    const double h = t2 - t1;
    if (is_log_segment(c1, c2, m)) return h * (c1 - c2) / log_ratio(c1, c2);
    return 0.5 * h * (c1 + c2);
}

/// g(x) = (1 - e^{-x}(1 + x)) / x², the shape factor of the first moment of e^{-x s} on [0, 1].
double first_moment_factor(double x) {
    if (x < 0.1) {
        // Series sum_{n>=2} (-1)^n (n-1)/n! x^(n-2); the first term left off is < 1e-20.
        double term = 0.5;  // x^(n-2)/n!
        double sum = 0.0;
        for (int n = 2; n <= 12; ++n) {
            sum += ((n % 2 == 0) ? 1.0 : -1.0) * (n - 1) * term;
            term *= x / (n + 1);
        }
        return sum;
    }
    return (1.0 - std::exp(-x) * (1.0 + x)) / (x * x);
}

/// Area under t·c over one segment.
double segment_aumc(double t1, double t2, double c1, double c2, AucMethod m) {
    const double h = t2 - t1;
    if (is_log_segment(c1, c2, m)) {
        // ∫ t c = t1·AUC + ∫_0^h s c1 e^{-k s} ds = t1·AUC + c1 h² g(k h).
        const double x = log_ratio(c1, c2);
        return t1 * segment_auc(t1, t2, c1, c2, m) + c1 * h * h * first_moment_factor(x);
    }
    return 0.5 * h * (t1 * c1 + t2 * c2);
}

/// Sum of segment areas of samples [i0, i1] (inclusive); AUMC when `moment` is true.
double sum_segments(const std::vector<double>& t, const std::vector<double>& c, std::size_t i0,
                    std::size_t i1, AucMethod m, bool moment) {
    double sum = 0.0;
    for (std::size_t i = i0; i < i1; ++i) {
        sum += moment ? segment_aumc(t[i], t[i + 1], c[i], c[i + 1], m)
                      : segment_auc(t[i], t[i + 1], c[i], c[i + 1], m);
    }
    return sum;
}

/// Concentration at x in [t[i], t[i+1]], interpolated consistently with the AUC method.
double interpolate(const std::vector<double>& t, const std::vector<double>& c, std::size_t i,
                   double x, AucMethod m) {
    if (x <= t[i]) return c[i];
    if (x >= t[i + 1]) return c[i + 1];
    const double u = (x - t[i]) / (t[i + 1] - t[i]);
    if (is_log_segment(c[i], c[i + 1], m)) return c[i] * std::exp(-u * log_ratio(c[i], c[i + 1]));
    return c[i] + u * (c[i + 1] - c[i]);
}

/// A least-squares line ln(c) = intercept + slope·t, with its adjusted R².
struct Fit {
    double slope, intercept, r2_adjusted;
};

/// Least squares of y = ln(c) on t over samples [first, end), centered for accuracy.
Fit fit_log_linear(const std::vector<double>& t, const std::vector<double>& y, std::size_t first,
                   std::size_t end) {
    const double n = static_cast<double>(end - first);
    double tbar = 0.0, ybar = 0.0;
    for (std::size_t i = first; i < end; ++i) {
        tbar += t[i];
        ybar += y[i];
    }
    tbar /= n;
    ybar /= n;
    double sxx = 0.0, sxy = 0.0, syy = 0.0;
    for (std::size_t i = first; i < end; ++i) {
        const double dx = t[i] - tbar, dy = y[i] - ybar;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    const double slope = sxy / sxx;
    // syy == 0 means a flat line: R² is undefined, and the slope (0) disqualifies it anyway.
    const double r2 = syy > 0.0 ? std::min(1.0, sxy * sxy / (sxx * syy)) : 0.0;
    const double adj = 1.0 - (1.0 - r2) * (n - 1.0) / (n - 2.0);
    return {slope, ybar - slope * tbar, adj};
}

/// The result when no terminal phase can be estimated.
LambdaZ not_estimated() {
    return {false, kNaN, kNaN, kNaN, 0, kNaN, kNaN, kNaN};
}

/// Indices of the usable terminal points: after the first Cmax, with c > 0.
std::vector<std::size_t> usable_terminal_points(const std::vector<double>& c) {
    const auto imax = static_cast<std::size_t>(std::max_element(c.begin(), c.end()) - c.begin());
    std::vector<std::size_t> idx;
    for (std::size_t i = imax + 1; i < c.size(); ++i) {
        if (c[i] > 0.0) idx.push_back(i);
    }
    return idx;
}

/// Best-fit choice among the candidate regressions on the last k usable points.
LambdaZ best_fit(const std::vector<double>& t, const std::vector<double>& c,
                 const std::vector<std::size_t>& idx, const LambdaZOptions& o) {
    std::size_t k_max = idx.size();
    if (o.max_points > 0) k_max = std::min(k_max, static_cast<std::size_t>(o.max_points));
    // Gather usable points contiguously (as t, ln c) so each candidate is a suffix.
    std::vector<double> tu, yu;
    for (std::size_t i : idx) {
        tu.push_back(t[i]);
        yu.push_back(std::log(c[i]));
    }
    const auto qualifies = [&o](const Fit& f) {
        return f.slope < 0.0 && f.r2_adjusted >= o.min_adj_r2;
    };
    std::vector<Fit> fits(k_max + 1);
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t k = static_cast<std::size_t>(o.min_points); k <= k_max; ++k) {
        fits[k] = fit_log_linear(tu, yu, tu.size() - k, tu.size());
        if (qualifies(fits[k])) best = std::max(best, fits[k].r2_adjusted);
    }
    if (best == -std::numeric_limits<double>::infinity()) return not_estimated();
    for (std::size_t k = k_max; k >= static_cast<std::size_t>(o.min_points); --k) {
        const Fit& f = fits[k];
        if (qualifies(f) && f.r2_adjusted >= best - kAdjR2Tolerance) {
            LambdaZ r;
            r.ok = true;
            r.lambda_z_per_h = -f.slope;
            r.intercept = f.intercept;
            r.r2_adjusted = f.r2_adjusted;
            r.n_points = static_cast<int>(k);
            r.t_first_h = tu[tu.size() - k];
            r.t_last_h = tu.back();
            r.half_life_h = std::log(2.0) / r.lambda_z_per_h;
            return r;
        }
    }
    return not_estimated();  // not reached: the best candidate itself qualifies
}

/// Passes add(s, e) every piece of the linear interpolant where lo <= c <= hi (hi may be
/// +inf), in time order; consecutive pieces may touch or overlap (their consumers merge them).
template <class Add>
void scan_where(const std::vector<double>& t, const std::vector<double>& c, double lo, double hi,
                Add&& add) {
    const auto inside = [lo, hi](double x) { return x >= lo && x <= hi; };
    if (t.size() == 1 && inside(c[0])) add(t[0], t[0]);
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        const double a = c[i], b = c[i + 1], t1 = t[i], t2 = t[i + 1];
        if (a == b) {
            if (inside(a)) add(t1, t2);
            continue;
        }
        // Parameter u in [0, 1] where the segment meets each bound (hi = +inf: never).
        const double inf = std::numeric_limits<double>::infinity();
        const double u_lo = (lo - a) / (b - a);
        const double u_hi = std::isinf(hi) ? (b > a ? inf : -inf) : (hi - a) / (b - a);
        const double u0 = std::max(0.0, std::min(u_lo, u_hi));
        const double u1 = std::min(1.0, std::max(u_lo, u_hi));
        if (u0 > u1) continue;
        // Ends inside the band keep the exact sample time; u = 0 or 1 maps exactly too.
        const auto at = [t1, t2](double u) {
            return u <= 0.0 ? t1 : u >= 1.0 ? t2 : std::min(t2, t1 + u * (t2 - t1));
        };
        const double s = inside(a) ? t1 : at(u0);
        const double e = inside(b) ? t2 : at(u1);
        add(s, std::max(s, e));
    }
}

/// Maximal intervals where lo <= c <= hi for the linear interpolant (hi may be +inf).
std::vector<Interval> intervals_where(const std::vector<double>& t, const std::vector<double>& c,
                                      double lo, double hi) {
    std::vector<Interval> out;
    scan_where(t, c, lo, hi, [&out](double s, double e) {
        if (!out.empty() && s <= out.back().end_h) {
            out.back().end_h = std::max(out.back().end_h, e);
        } else {
            out.push_back({s, e});
        }
    });
    return out;
}

/// The count and total length of intervals_where's intervals, merged as it merges them,
/// without building them.
Coverage coverage_where(const std::vector<double>& t, const std::vector<double>& c, double lo,
                        double hi) {
    Coverage coverage;
    Interval current{0.0, 0.0};
    scan_where(t, c, lo, hi, [&](double s, double e) {
        if (coverage.intervals > 0 && s <= current.end_h) {
            current.end_h = std::max(current.end_h, e);
            return;
        }
        if (coverage.intervals > 0) coverage.total_h += current.end_h - current.start_h;
        current = {s, e};
        ++coverage.intervals;
    });
    if (coverage.intervals > 0) coverage.total_h += current.end_h - current.start_h;
    return coverage;
}

double total_length(const std::vector<Interval>& v) {
    double sum = 0.0;
    for (const Interval& iv : v) sum += iv.end_h - iv.start_h;
    return sum;
}

}  // namespace

Metrics compute(const std::vector<double>& t, const std::vector<double>& c, AucMethod method,
                const LambdaZOptions& options) {
    validate_series("compute", t, c, 2);
    detail::require_enum(method, AucMethod::Linear, AucMethod::LinearUpLogDown, "method");
    validate_options("compute", options);
    Metrics m;
    const auto imax = static_cast<std::size_t>(std::max_element(c.begin(), c.end()) - c.begin());
    m.cmax = c[imax];
    m.tmax_h = t[imax];
    std::size_t ilast = c.size();
    for (std::size_t i = c.size(); i-- > 0;) {
        if (c[i] > 0.0) {
            ilast = i;
            break;
        }
    }
    const bool any_positive = ilast < c.size();
    if (!any_positive) ilast = 0;
    m.clast = any_positive ? c[ilast] : 0.0;
    m.tlast_h = any_positive ? t[ilast] : kNaN;
    m.auc_0_t = sum_segments(t, c, 0, ilast, method, false);
    m.aumc_0_t = sum_segments(t, c, 0, ilast, method, true);
    m.lambda_z = lambda_z(t, c, options);
    m.half_life_h = m.lambda_z.half_life_h;
    if (m.lambda_z.ok) {
        const double lz = m.lambda_z.lambda_z_per_h;
        m.auc_0_inf = m.auc_0_t + m.clast / lz;
        const double aumc_inf = m.aumc_0_t + m.clast * m.tlast_h / lz + m.clast / (lz * lz);
        m.mrt_h = aumc_inf / m.auc_0_inf;
        m.auc_extrapolated_fraction = (m.auc_0_inf - m.auc_0_t) / m.auc_0_inf;
    } else {
        m.auc_0_inf = kNaN;
        m.mrt_h = kNaN;
        m.auc_extrapolated_fraction = kNaN;
    }
    return m;
}

double auc(const std::vector<double>& t, const std::vector<double>& c, AucMethod method) {
    validate_series("auc", t, c, 2);
    detail::require_enum(method, AucMethod::Linear, AucMethod::LinearUpLogDown, "method");
    return sum_segments(t, c, 0, t.size() - 1, method, false);
}

double partial_auc(const std::vector<double>& t, const std::vector<double>& c, double t_from_h,
                   double t_to_h, AucMethod method) {
    validate_series("partial_auc", t, c, 2);
    detail::require_enum(method, AucMethod::Linear, AucMethod::LinearUpLogDown, "method");
    validate_range("partial_auc", t, t_from_h, t_to_h);
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        const double a = std::max(t_from_h, t[i]);
        const double b = std::min(t_to_h, t[i + 1]);
        if (!(b > a)) continue;
        // A clipped part of a log segment stays a log segment (the interpolant is exponential).
        const double ca = interpolate(t, c, i, a, method);
        const double cb = interpolate(t, c, i, b, method);
        sum += segment_auc(a, b, ca, cb, method);
    }
    return sum;
}

double cavg(const std::vector<double>& t, const std::vector<double>& c, double t_from_h,
            double t_to_h, AucMethod method) {
    validate_series("cavg", t, c, 2);
    validate_range("cavg", t, t_from_h, t_to_h);
    return partial_auc(t, c, t_from_h, t_to_h, method) / (t_to_h - t_from_h);
}

LambdaZ lambda_z(const std::vector<double>& t, const std::vector<double>& c,
                 const LambdaZOptions& options) {
    validate_series("lambda_z", t, c, 1);
    validate_options("lambda_z", options);
    const std::vector<std::size_t> idx = usable_terminal_points(c);
    if (idx.size() < static_cast<std::size_t>(options.min_points)) return not_estimated();
    return best_fit(t, c, idx, options);
}

std::vector<Interval> intervals_above(const std::vector<double>& t, const std::vector<double>& c,
                                      double threshold) {
    validate_series("intervals_above", t, c, 1);
    validate_level("intervals_above", "threshold", threshold);
    return intervals_where(t, c, threshold, std::numeric_limits<double>::infinity());
}

double time_above(const std::vector<double>& t, const std::vector<double>& c, double threshold) {
    validate_series("time_above", t, c, 1);
    validate_level("time_above", "threshold", threshold);
    return total_length(intervals_where(t, c, threshold, std::numeric_limits<double>::infinity()));
}

std::vector<Interval> intervals_in_band(const std::vector<double>& t, const std::vector<double>& c,
                                        double low, double high) {
    validate_series("intervals_in_band", t, c, 1);
    validate_band("intervals_in_band", low, high);
    return intervals_where(t, c, low, high);
}

double time_in_band(const std::vector<double>& t, const std::vector<double>& c, double low,
                    double high) {
    validate_series("time_in_band", t, c, 1);
    validate_band("time_in_band", low, high);
    return total_length(intervals_where(t, c, low, high));
}

Coverage coverage(const std::vector<double>& t, const std::vector<double>& c, double low,
                  double high) {
    validate_series("coverage", t, c, 1);
    if (std::isinf(high)) {
        validate_level("coverage", "low", low);
    } else {
        validate_band("coverage", low, high);
    }
    return coverage_where(t, c, low, high);
}

double relative_bioavailability(double auc_test, double dose_test_mg, double auc_reference,
                                double dose_reference_mg) {
    const char* fn = "relative_bioavailability";
    const auto check = [fn](const char* name, double x) {
        if (!std::isfinite(x) || !(x > 0.0)) {
            fail(fn, std::string(name) + " = " + fmt(x) + " must be finite and > 0");
        }
    };
    check("auc_test", auc_test);
    check("dose_test_mg", dose_test_mg);
    check("auc_reference", auc_reference);
    check("dose_reference_mg", dose_reference_mg);
    return (auc_test / dose_test_mg) / (auc_reference / dose_reference_mg);
}

}  // namespace nca
}  // namespace pkengine
