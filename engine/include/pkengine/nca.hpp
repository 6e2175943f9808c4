#pragma once
/// @file nca.hpp
/// Non-compartmental analysis (NCA) of a sampled concentration-time profile.
///
/// Units: time in h, concentration in mg/L, AUC in mg·h/L, AUMC in mg·h²/L, rates in 1/h.
/// Any consistent unit system works: every function here is unit-agnostic.
///
/// Conventions shared by every function:
/// - `t` are sample times (h), finite and strictly increasing; `c` are the concentrations
///   (mg/L) at those times, finite and >= 0; both vectors have the same size.
/// - No point is invented: when the first time is > 0, areas start at the first sample
///   (there is no implicit (0, 0) point). Add it to the data if that is what is meant.
/// - Between samples the profile is the one implied by the AUC method: linear for
///   AucMethod::Linear; for AucMethod::LinearUpLogDown, exponential (log-linear) on a segment
///   where the concentration decreases and both ends are > 0, linear otherwise.
/// - The threshold functions (intervals_above, intervals_in_band, ...) always interpolate
///   linearly between samples.
/// - Invalid input throws pkengine::InvalidInput, whose message names the offending field and
///   its value. Numerical outcomes that are not errors (e.g. no terminal phase) do not throw.

#include <vector>

namespace pkengine {
namespace nca {

/// How the area under a segment between two samples is computed.
enum class AucMethod {
    Linear,           ///< linear trapezoid on every segment
    LinearUpLogDown,  ///< linear trapezoid, except log trapezoid on decreasing segments with
                      ///< both concentrations > 0 (exact for exponential decay)
};

/// Options of the terminal-phase (lambda_z) regression.
struct LambdaZOptions {
    int min_points = 3;       ///< fewest points in a candidate regression; must be >= 3
    int max_points = 0;       ///< most points in a candidate regression; 0 = no cap,
                              ///< otherwise must be >= min_points
    double min_adj_r2 = 0.0;  ///< candidates with a lower adjusted R² are rejected; in [0, 1]
};

/// Result of the terminal-phase regression ln(c) = intercept - lambda_z·t.
/// When `ok` is false every floating-point field is NaN and `n_points` is 0.
struct LambdaZ {
    bool ok = false;              ///< true when a terminal phase was estimated
    double lambda_z_per_h = 0.0;  ///< terminal elimination rate constant (1/h), > 0 when ok
    double intercept = 0.0;       ///< intercept of the regression of ln(c) on t (ln(mg/L))
    double r2_adjusted = 0.0;     ///< adjusted R² of the chosen regression (dimensionless)
    int n_points = 0;             ///< number of points in the chosen regression
    double t_first_h = 0.0;       ///< time of the first point used (h)
    double t_last_h = 0.0;        ///< time of the last point used (h)
    double half_life_h = 0.0;     ///< terminal half-life ln(2)/lambda_z (h)
};

/// Summary NCA metrics of one profile (see compute()).
struct Metrics {
    double cmax = 0.0;         ///< maximum observed concentration (mg/L)
    double tmax_h = 0.0;       ///< time of the first occurrence of cmax (h)
    double clast = 0.0;        ///< last observed concentration > 0 (mg/L); 0 if none is > 0
    double tlast_h = 0.0;      ///< time of clast (h); NaN if no concentration is > 0
    double auc_0_t = 0.0;      ///< AUC from the first sample to tlast (mg·h/L) (AUClast)
    double auc_0_inf = 0.0;    ///< auc_0_t + clast/lambda_z (mg·h/L); NaN if lambda_z not ok
    double aumc_0_t = 0.0;     ///< area under t·c from the first sample to tlast (mg·h²/L)
    LambdaZ lambda_z;          ///< terminal-phase regression
    double half_life_h = 0.0;  ///< terminal half-life (h) (= lambda_z.half_life_h); NaN if not ok
    double mrt_h = 0.0;        ///< mean residence time AUMC(0-inf)/AUC(0-inf) (h); NaN if not ok
    double auc_extrapolated_fraction = 0.0;  ///< (auc_0_inf - auc_0_t)/auc_0_inf, a fraction in
                                             ///< [0, 1] (not percent); NaN if not ok
};

/// All summary metrics of one profile.
///
/// AUC and AUMC run from the first sample to tlast, the time of the last concentration > 0
/// (trailing zeros are not integrated, so that AUC(0-inf) = AUClast + Clast/lambda_z does not
/// count their area twice). With LinearUpLogDown the AUMC of a log segment uses the exact
/// integral of t·c for the exponential through both ends,
/// (t2-t1)(t1·c1 - t2·c2)/L + (t2-t1)²(c1-c2)/L² with L = ln(c1/c2), evaluated in a form that
/// stays accurate when c1 ≈ c2. AUMC(0-inf) = aumc_0_t + clast·tlast/λz + clast/λz².
/// Times are taken as given, so mrt_h is measured from t = 0 (the dose time), not from t[0].
///
/// @param t       sample times (h), at least 2
/// @param c       concentrations (mg/L)
/// @param method  AUC/AUMC method
/// @param options lambda_z regression options
/// @throws InvalidInput on invalid data or options
Metrics compute(const std::vector<double>& t, const std::vector<double>& c,
                AucMethod method = AucMethod::LinearUpLogDown, const LambdaZOptions& options = {});

/// AUC over the whole sampled range, from t.front() to t.back() (mg·h/L), trailing zeros
/// included (this equals Metrics::auc_0_t when the last concentration is > 0).
/// @param t      sample times (h), at least 2
/// @param c      concentrations (mg/L)
/// @param method AUC method
/// @throws InvalidInput on invalid data
double auc(const std::vector<double>& t, const std::vector<double>& c,
           AucMethod method = AucMethod::LinearUpLogDown);

/// AUC from `t_from_h` to `t_to_h` (mg·h/L). A bound between samples gets its concentration by
/// interpolation consistent with `method` (log-linear on a segment integrated by the log
/// trapezoid, linear otherwise), so partial AUCs over adjacent ranges add up to the AUC of the
/// union. No extrapolation: both bounds must lie within [t.front(), t.back()].
/// @param t         sample times (h), at least 2
/// @param c         concentrations (mg/L)
/// @param t_from_h  start of the range (h), finite, >= t.front()
/// @param t_to_h    end of the range (h), finite, > t_from_h, <= t.back()
/// @param method    AUC method
/// @throws InvalidInput on invalid data or bounds
double partial_auc(const std::vector<double>& t, const std::vector<double>& c, double t_from_h,
                   double t_to_h, AucMethod method = AucMethod::LinearUpLogDown);

/// Average concentration over [t_from_h, t_to_h]: partial_auc / (t_to_h - t_from_h) (mg/L).
/// Same parameters and errors as partial_auc().
double cavg(const std::vector<double>& t, const std::vector<double>& c, double t_from_h,
            double t_to_h, AucMethod method = AucMethod::LinearUpLogDown);

/// Terminal-phase log-linear regression with the WinNonlin "best fit" rule.
///
/// Usable points are those after the first occurrence of Cmax (the Cmax point itself is
/// excluded) with c > 0. Candidates are the last k usable points, for k from
/// options.min_points to the number of usable points (capped at options.max_points when > 0).
/// Candidates with a slope >= 0 or an adjusted R² below options.min_adj_r2 are discarded.
/// Among the rest, the largest adjusted R² wins; any candidate within 1e-4 of it with more
/// points is preferred (the one with the most points). Adjusted R² = 1 - (1-R²)(n-1)/(n-2).
///
/// @param t       sample times (h), at least 1
/// @param c       concentrations (mg/L)
/// @param options regression options
/// @return ok = false (no throw) when fewer than min_points points are usable or no candidate
///         survives (e.g. the slope is >= 0)
/// @throws InvalidInput on invalid data or options
LambdaZ lambda_z(const std::vector<double>& t, const std::vector<double>& c,
                 const LambdaZOptions& options = {});

/// A closed time interval [start_h, end_h] (h).
struct Interval {
    double start_h;  ///< start (h)
    double end_h;    ///< end (h), >= start_h
};

/// Maximal intervals over [t.front(), t.back()] where the linearly interpolated concentration
/// is >= `threshold` (mg/L), in increasing time order. Crossing times are found by linear
/// interpolation between samples; an interval bounded by a sample takes that sample's exact
/// time. A profile that only touches the threshold at one sample yields a zero-length
/// interval.
/// @param t         sample times (h), at least 1
/// @param c         concentrations (mg/L)
/// @param threshold concentration threshold (mg/L), finite, >= 0
/// @throws InvalidInput on invalid data or threshold
std::vector<Interval> intervals_above(const std::vector<double>& t, const std::vector<double>& c,
                                      double threshold);

/// Total time (h) with concentration >= `threshold`: the summed lengths of intervals_above().
/// Same parameters and errors as intervals_above().
double time_above(const std::vector<double>& t, const std::vector<double>& c, double threshold);

/// Maximal intervals where low <= c <= high (mg/L) for the linearly interpolated
/// concentration, in increasing time order; each boundary crossing is interpolated linearly
/// (a segment may cross both boundaries).
/// @param t    sample times (h), at least 1
/// @param c    concentrations (mg/L)
/// @param low  lower bound of the band (mg/L), finite, >= 0
/// @param high upper bound of the band (mg/L), finite, > low
/// @throws InvalidInput on invalid data or band
std::vector<Interval> intervals_in_band(const std::vector<double>& t, const std::vector<double>& c,
                                        double low, double high);

/// Total time (h) with low <= c <= high: the summed lengths of intervals_in_band().
/// Same parameters and errors as intervals_in_band().
double time_in_band(const std::vector<double>& t, const std::vector<double>& c, double low,
                    double high);

/// How many maximal intervals a band holds, and their total length (h).
struct Coverage {
    std::size_t intervals = 0;  ///< intervals_in_band(...).size() (or intervals_above)
    double total_h = 0.0;       ///< time_in_band(...) (or time_above)
};

/// The count and total length of intervals_in_band(t, c, low, high), or of
/// intervals_above(t, c, low) when `high` is +infinity, without building the intervals (it
/// allocates nothing: a population computes it for every subject and band). Same errors as
/// intervals_in_band() and intervals_above().
Coverage coverage(const std::vector<double>& t, const std::vector<double>& c, double low,
                  double high);

/// Relative bioavailability (dimensionless) of a test versus a reference product:
/// (auc_test/dose_test_mg) / (auc_reference/dose_reference_mg).
/// @param auc_test          AUC of the test product (mg·h/L), finite, > 0
/// @param dose_test_mg      dose of the test product (mg), finite, > 0
/// @param auc_reference     AUC of the reference product (mg·h/L), finite, > 0
/// @param dose_reference_mg dose of the reference product (mg), finite, > 0
/// @throws InvalidInput if any argument is not finite or not > 0
double relative_bioavailability(double auc_test, double dose_test_mg, double auc_reference,
                                double dose_reference_mg);

}  // namespace nca
}  // namespace pkengine
