/// @file test_nca.cpp
/// Unit tests of the non-compartmental analysis module (pkengine/nca.hpp).
///
/// Every expected value is either written out by hand below or comes from a closed form.
/// Tolerances: 1e-12 relative where the only error is floating-point rounding (a few dozen
/// operations of relative error ~1e-16 each); otherwise a bound derived from the grid spacing,
/// stated next to the check.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <pkengine/errors.hpp>
#include <pkengine/nca.hpp>

namespace nca = pkengine::nca;
using nca::AucMethod;

namespace {

constexpr double kRoundoff = 1e-12;  // relative tolerance when only rounding separates values

std::vector<double> grid(double t0, double t1, double h) {
    std::vector<double> t;
    const int n = static_cast<int>(std::lround((t1 - t0) / h));
    for (int i = 0; i <= n; ++i) t.push_back(t0 + i * h);
    return t;
}

std::vector<double> exponential(const std::vector<double>& t, double c0, double k) {
    std::vector<double> c;
    for (double x : t) c.push_back(c0 * std::exp(-k * x));
    return c;
}

/// One-compartment oral absorption (Bateman function).
struct Bateman {
    double dose_mg = 100.0, f = 0.8, ka_per_h = 1.2, cl_l_per_h = 5.0, v_l = 40.0;
    double ke() const { return cl_l_per_h / v_l; }
    double a() const { return f * dose_mg * ka_per_h / (v_l * (ka_per_h - ke())); }
    double c(double t) const { return a() * (std::exp(-ke() * t) - std::exp(-ka_per_h * t)); }
    double dc(double t) const {
        return a() * (-ke() * std::exp(-ke() * t) + ka_per_h * std::exp(-ka_per_h * t));
    }
    double tmax() const { return std::log(ka_per_h / ke()) / (ka_per_h - ke()); }
    /// Bound on |c''| over t >= 0.
    double max_abs_d2c() const { return a() * (ka_per_h * ka_per_h + ke() * ke()); }
    std::vector<double> sample(const std::vector<double>& t) const {
        std::vector<double> out;
        for (double x : t) out.push_back(c(x));
        return out;
    }
};

/// Root of b.c(t) = level on [lo, hi] by bisection (c - level changes sign on the bracket).
double bisect(const Bateman& b, double level, double lo, double hi) {
    const double sign_lo = b.c(lo) - level;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        if ((b.c(mid) - level) * sign_lo > 0.0) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

/// Least-squares slope and intercept of y on x, written out independently of the library.
void ols(const std::vector<double>& x, const std::vector<double>& y, double& slope,
         double& intercept) {
    const double n = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
    }
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    intercept = (sy - slope * sx) / n;
}

#define REQUIRE_INVALID(expr, text)                       \
    do {                                                  \
        REQUIRE_THROWS_AS(expr, pkengine::InvalidInput);  \
        REQUIRE_THROWS_WITH(expr, Catch::Contains(text)); \
    } while (false)

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. Small fixed data set, hand sums
// ---------------------------------------------------------------------------------------------

namespace {

/// Test 1 data set: t = {0, 0.5, 1, 2, 4, 6, 8, 12}, hand sums written out segment by segment.
struct SmallDataSet {
    std::vector<double> t = {0, 0.5, 1, 2, 4, 6, 8, 12};
    std::vector<double> c = {0, 2, 3.5, 4, 3, 2, 1.4, 0.7};

    // Linear trapezoids, segment by segment: h * (c1 + c2) / 2.
    double auc_linear = 0.5 * (0 + 2) / 2         // 0 -> 0.5   : 0.5
                        + 0.5 * (2 + 3.5) / 2     // 0.5 -> 1   : 1.375
                        + 1.0 * (3.5 + 4) / 2     // 1 -> 2     : 3.75
                        + 2.0 * (4 + 3) / 2       // 2 -> 4     : 7
                        + 2.0 * (3 + 2) / 2       // 4 -> 6     : 5
                        + 2.0 * (2 + 1.4) / 2     // 6 -> 8     : 3.4
                        + 4.0 * (1.4 + 0.7) / 2;  // 8 -> 12 : 4.2

    // Linear up to Cmax (5.625), then log trapezoids h * (c1 - c2) / ln(c1 / c2).
    double auc_log = 0.5 + 1.375 + 3.75 + 2.0 * (4 - 3) / std::log(4.0 / 3.0) +
                     2.0 * (3 - 2) / std::log(3.0 / 2.0) + 2.0 * (2 - 1.4) / std::log(2.0 / 1.4) +
                     4.0 * (1.4 - 0.7) / std::log(1.4 / 0.7);

    // AUMC, linear: h * (t1 c1 + t2 c2) / 2.
    double aumc_linear = 0.5 * (0 * 0 + 0.5 * 2) / 2        // 0.25
                         + 0.5 * (0.5 * 2 + 1 * 3.5) / 2    // 1.125
                         + 1.0 * (1 * 3.5 + 2 * 4) / 2      // 5.75
                         + 2.0 * (2 * 4 + 4 * 3) / 2        // 20
                         + 2.0 * (4 * 3 + 6 * 2) / 2        // 24
                         + 2.0 * (6 * 2 + 8 * 1.4) / 2      // 23.2
                         + 4.0 * (8 * 1.4 + 12 * 0.7) / 2;  // 39.2
};

}  // namespace

TEST_CASE("nca: small data set, auc() against hand sums", "[nca]") {
    const SmallDataSet d;
    const std::vector<double>& t = d.t;
    const std::vector<double>& c = d.c;
    const double auc_linear = d.auc_linear, auc_log = d.auc_log;
    // Sanity of the hand sums against the per-segment values in the comments.
    REQUIRE(auc_linear == Approx(25.225).epsilon(kRoundoff));
    CHECK(nca::auc(t, c, AucMethod::Linear) == Approx(auc_linear).epsilon(kRoundoff));
    CHECK(nca::auc(t, c, AucMethod::LinearUpLogDown) == Approx(auc_log).epsilon(kRoundoff));
    CHECK(nca::auc(t, c) == Approx(auc_log).epsilon(kRoundoff));  // default method
}

TEST_CASE("nca: small data set, compute() against hand sums", "[nca]") {
    const SmallDataSet d;
    const std::vector<double>& t = d.t;
    const std::vector<double>& c = d.c;
    const double auc_linear = d.auc_linear, auc_log = d.auc_log, aumc_linear = d.aumc_linear;
    REQUIRE(aumc_linear == Approx(113.525).epsilon(kRoundoff));
    const nca::Metrics m = nca::compute(t, c, AucMethod::Linear);
    CHECK(m.cmax == 4.0);
    CHECK(m.tmax_h == 2.0);
    CHECK(m.clast == 0.7);
    CHECK(m.tlast_h == 12.0);
    CHECK(m.auc_0_t == Approx(auc_linear).epsilon(kRoundoff));
    CHECK(m.aumc_0_t == Approx(aumc_linear).epsilon(kRoundoff));

    // Usable terminal points: t = 4, 6, 8, 12. Adjusted R² (computed offline with numpy; also
    // implied by the checks below): last 3 -> 0.99990, last 4 -> 0.99814, so the last 3 win
    // (the difference exceeds the 1e-4 tie window).
    double slope = 0, intercept = 0;
    ols({6, 8, 12}, {std::log(2.0), std::log(1.4), std::log(0.7)}, slope, intercept);
    REQUIRE(m.lambda_z.ok);
    CHECK(m.lambda_z.n_points == 3);
    CHECK(m.lambda_z.t_first_h == 6.0);
    CHECK(m.lambda_z.t_last_h == 12.0);
    CHECK(m.lambda_z.lambda_z_per_h == Approx(-slope).epsilon(kRoundoff));
    CHECK(m.lambda_z.intercept == Approx(intercept).epsilon(kRoundoff));
    CHECK(m.lambda_z.r2_adjusted == Approx(0.9998976947479958).epsilon(1e-10));
    const double lz = -slope;
    CHECK(m.half_life_h == Approx(std::log(2.0) / lz).epsilon(kRoundoff));
    const double auc_inf = auc_linear + 0.7 / lz;
    CHECK(m.auc_0_inf == Approx(auc_inf).epsilon(kRoundoff));
    CHECK(m.auc_extrapolated_fraction == Approx((0.7 / lz) / auc_inf).epsilon(kRoundoff));
    const double aumc_inf = aumc_linear + 0.7 * 12 / lz + 0.7 / (lz * lz);
    CHECK(m.mrt_h == Approx(aumc_inf / auc_inf).epsilon(kRoundoff));

    const nca::Metrics ml = nca::compute(t, c);  // default: linear-up/log-down
    CHECK(ml.auc_0_t == Approx(auc_log).epsilon(kRoundoff));
    CHECK(ml.auc_0_inf == Approx(auc_log + 0.7 / lz).epsilon(kRoundoff));
}

TEST_CASE("nca: first sample after zero, trailing zeros, all zeros", "[nca]") {
    SECTION("no zero point is invented when t[0] > 0") {
        // Linear: 1*(4+2)/2 + 2*(2+1)/2 = 3 + 3 = 6 (a (0,0) point would add 0.5*1*4 = 2).
        const std::vector<double> t = {1, 2, 4}, c = {4, 2, 1};
        CHECK(nca::auc(t, c, AucMethod::Linear) == Approx(6.0).epsilon(kRoundoff));
        // Log-down: 1*(4-2)/ln2 + 2*(2-1)/ln2 = 4/ln2.
        CHECK(nca::auc(t, c) == Approx(4.0 / std::log(2.0)).epsilon(kRoundoff));
    }
    SECTION("AUClast stops at the last positive concentration; auc() covers all samples") {
        const std::vector<double> t = {0, 1, 2, 3, 4}, c = {0, 4, 2, 1, 0};
        // 0->1 linear 2; 1->2 log 2/ln2; 2->3 log 1/ln2; 3->4 linear (zero end) 0.5.
        const double last = 2.0 + 3.0 / std::log(2.0);
        const nca::Metrics m = nca::compute(t, c);
        CHECK(m.tlast_h == 3.0);
        CHECK(m.clast == 1.0);
        CHECK(m.auc_0_t == Approx(last).epsilon(kRoundoff));
        CHECK(nca::auc(t, c) == Approx(last + 0.5).epsilon(kRoundoff));
        // Terminal points 2, 1 only (the zero is unusable): fewer than 3 -> not estimated.
        CHECK_FALSE(m.lambda_z.ok);
        CHECK(std::isnan(m.auc_0_inf));
        CHECK(std::isnan(m.mrt_h));
        CHECK(std::isnan(m.half_life_h));
        CHECK(std::isnan(m.auc_extrapolated_fraction));
    }
    SECTION("all zeros") {
        const nca::Metrics m = nca::compute({0, 1, 2}, {0, 0, 0});
        CHECK(m.cmax == 0.0);
        CHECK(m.tmax_h == 0.0);
        CHECK(m.clast == 0.0);
        CHECK(std::isnan(m.tlast_h));
        CHECK(m.auc_0_t == 0.0);
        CHECK_FALSE(m.lambda_z.ok);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Mono-exponential: exact lambda_z, exact log-down AUC/AUMC
// ---------------------------------------------------------------------------------------------

TEST_CASE("nca: lambda_z on an exact mono-exponential", "[nca][lambda_z]") {
    const double c0 = 10.0, k = 0.173;
    const std::vector<double> t = {0, 1, 2, 4, 6, 8, 12, 24};
    const std::vector<double> c = exponential(t, c0, k);

    const nca::LambdaZ lz = nca::lambda_z(t, c);
    REQUIRE(lz.ok);
    // Exact data: only rounding of exp/log separates the fit from k (1e-12 relative).
    CHECK(lz.lambda_z_per_h == Approx(k).epsilon(kRoundoff));
    CHECK(lz.intercept == Approx(std::log(c0)).epsilon(kRoundoff));
    CHECK(lz.half_life_h == Approx(std::log(2.0) / k).epsilon(kRoundoff));
    CHECK(lz.r2_adjusted == Approx(1.0).epsilon(kRoundoff));
    // Every candidate fits perfectly (tie), so the most points win: all 7 after Cmax (t = 0).
    CHECK(lz.n_points == 7);
    CHECK(lz.t_first_h == 1.0);
    CHECK(lz.t_last_h == 24.0);

    SECTION("max_points caps the candidates") {
        nca::LambdaZOptions o;
        o.max_points = 4;
        const nca::LambdaZ capped = nca::lambda_z(t, c, o);
        REQUIRE(capped.ok);
        CHECK(capped.n_points == 4);
        CHECK(capped.t_first_h == 6.0);
        CHECK(capped.lambda_z_per_h == Approx(k).epsilon(kRoundoff));
    }
    SECTION("min_points larger than the usable points -> not estimated") {
        nca::LambdaZOptions o;
        o.min_points = 8;
        const nca::LambdaZ none = nca::lambda_z(t, c, o);
        CHECK_FALSE(none.ok);
        CHECK(none.n_points == 0);
        CHECK(std::isnan(none.lambda_z_per_h));
        CHECK(std::isnan(none.half_life_h));
    }
}

TEST_CASE("nca: lambda_z best-fit rule", "[nca][lambda_z]") {
    SECTION("more points win inside the 1e-4 adjusted-R² window") {
        // Exponential tail, with the earliest tail point perturbed by 0.1%: the 4-point fit has
        // adj R² slightly below the exact 3-point fit (1.0), but within 1e-4, so it is chosen.
        const std::vector<double> t = {0, 1, 2, 3, 4};
        std::vector<double> c = exponential(t, 10.0, 0.5);
        c[1] *= 1.001;
        const nca::LambdaZ lz = nca::lambda_z(t, c);
        REQUIRE(lz.ok);
        CHECK(lz.n_points == 4);
        CHECK(lz.r2_adjusted < 1.0);
        CHECK(lz.r2_adjusted > 1.0 - 1e-4);
    }
    SECTION("outside the window the better fit wins") {
        // Perturbed by 10%: the 4-point fit falls well outside the window; the exact 3 win.
        const std::vector<double> t = {0, 1, 2, 3, 4};
        std::vector<double> c = exponential(t, 10.0, 0.5);
        c[1] *= 1.1;
        const nca::LambdaZ lz = nca::lambda_z(t, c);
        REQUIRE(lz.ok);
        CHECK(lz.n_points == 3);
        CHECK(lz.lambda_z_per_h == Approx(0.5).epsilon(kRoundoff));
    }
    SECTION("rising or flat tail -> not estimated, no throw") {
        CHECK_FALSE(nca::lambda_z({0, 1, 2, 3, 4}, {1, 5, 3, 3, 4}).ok);
        CHECK_FALSE(nca::lambda_z({0, 1, 2, 3, 4}, {1, 5, 2, 2, 2}).ok);
    }
    SECTION("Cmax at the last point -> no terminal points") {
        CHECK_FALSE(nca::lambda_z({0, 1, 2}, {1, 2, 3}).ok);
        CHECK_FALSE(nca::lambda_z({0}, {1}).ok);
    }
    SECTION("min_adj_r2 rejects poor fits") {
        const std::vector<double> t = {0, 1, 2, 3, 4};
        const std::vector<double> c = {10, 8, 3, 4, 1};
        nca::LambdaZOptions o;
        const nca::LambdaZ loose = nca::lambda_z(t, c, o);
        REQUIRE(loose.ok);
        o.min_adj_r2 = 0.999;
        CHECK_FALSE(nca::lambda_z(t, c, o).ok);
    }
    SECTION("zero concentrations in the tail are skipped") {
        const std::vector<double> t = {0, 1, 2, 3, 4, 5};
        std::vector<double> c = exponential(t, 10.0, 0.4);
        c[3] = 0.0;  // e.g. below the limit of quantification
        const nca::LambdaZ lz = nca::lambda_z(t, c);
        REQUIRE(lz.ok);
        CHECK(lz.n_points == 4);  // t = 1, 2, 4, 5
        CHECK(lz.lambda_z_per_h == Approx(0.4).epsilon(kRoundoff));
    }
}

TEST_CASE("nca: AUC and AUMC of a sampled exponential", "[nca]") {
    const double c0 = 10.0, k = 0.3;

    SECTION("log-down is exact on exponential segments (dense and coarse grids)") {
        // h = 0.1 exercises the series branch of the AUMC factor (k h < 0.1), h = 2 the direct one.
        for (double h : {0.1, 2.0}) {
            const std::vector<double> t = grid(0.0, 24.0, h);
            const std::vector<double> c = exponential(t, c0, k);
            const double T = 24.0;
            const nca::Metrics m = nca::compute(t, c);
            // Rounding only (a few hundred additions at most): 1e-12 relative.
            CHECK(m.auc_0_t == Approx(c0 / k * (1 - std::exp(-k * T))).epsilon(kRoundoff));
            CHECK(m.auc_0_inf == Approx(c0 / k).epsilon(kRoundoff));
            // ∫_0^T t c0 e^{-kt} dt = c0/k² (1 - e^{-kT}(1 + kT)); to infinity c0/k².
            const double aumc_t = c0 / (k * k) * (1 - std::exp(-k * T) * (1 + k * T));
            CHECK(m.aumc_0_t == Approx(aumc_t).epsilon(kRoundoff));
            CHECK(m.mrt_h == Approx(1.0 / k).epsilon(kRoundoff));
            CHECK(m.auc_extrapolated_fraction == Approx(std::exp(-k * T)).epsilon(1e-10));
            CHECK(m.lambda_z.lambda_z_per_h == Approx(k).epsilon(kRoundoff));
        }
    }
    SECTION("linear trapezoid: closed form of the trapezoid rule on an exponential") {
        // Each segment gives c1 h (1 + e^{-kh})/2 versus the exact c1 (1 - e^{-kh})/k, a ratio
        // of (kh/2) coth(kh/2) on every segment; so the sum is exact·(kh/2)coth(kh/2).
        const double h = 0.5, T = 24.0;
        const std::vector<double> t = grid(0.0, T, h);
        const std::vector<double> c = exponential(t, c0, k);
        const double x = k * h / 2;
        const double expected = c0 / k * (1 - std::exp(-k * T)) * x / std::tanh(x);
        CHECK(nca::auc(t, c, AucMethod::Linear) == Approx(expected).epsilon(kRoundoff));
    }
    SECTION("nearly equal concentrations: log segment reduces to the trapezoid") {
        // c2 = c1 (1 - 1e-12): the log and linear areas differ by ~(1e-12)²/12 relative.
        const std::vector<double> t = {0, 2}, c = {1.0, 1.0 - 1e-12};
        CHECK(nca::auc(t, c) == Approx(2.0 - 1e-12).epsilon(1e-15));
        const nca::Metrics m = nca::compute({0, 1, 2}, {0.5, 1.0, 1.0 - 1e-12});
        // AUMC 1 -> 2 ≈ linear: 1·(1 + 2(1 - 1e-12))/2 ≈ 1.5; plus 0 -> 1: (0 + 1)/2 = 0.5.
        CHECK(m.aumc_0_t == Approx(2.0).epsilon(1e-11));
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Bateman curve: AUC(0-inf) = F D / CL
// ---------------------------------------------------------------------------------------------

TEST_CASE("nca: Bateman curve AUC(0-inf) matches F*D/CL", "[nca]") {
    const Bateman b;
    const double h = 0.05;
    const std::vector<double> t = grid(0.0, 72.0, h);
    const std::vector<double> c = b.sample(t);
    const double expected = b.f * b.dose_mg / b.cl_l_per_h;  // 16 mg·h/L

    // Trapezoid error bound: (h²/12)·∫|c''| dt <= (h²/12)·A·(ka + ke) (∫|c''| is bounded by
    // A ∫(ke² e^{-ke t} + ka² e^{-ka t}) dt). With h = 0.05 this is 6.2e-4 mg·h/L (4e-5
    // relative); the actual error is about -5e-4, dominated by the concave rise
    // (Euler-Maclaurin: h²/12·(c'(T) - c'(0))). The bound is rigorous for the linear method;
    // log-down differs only on declining segments, where it is more accurate, and is checked
    // against the same bound. The tail beyond 72 h is extrapolated by Clast/λz with
    // Clast ≈ 2.7e-4 mg/L, so even a 1e-3 relative error in λz costs only ~2e-6 mg·h/L.
    const double tol = h * h / 12.0 * b.a() * (b.ka_per_h + b.ke());
    for (AucMethod method : {AucMethod::Linear, AucMethod::LinearUpLogDown}) {
        const nca::Metrics m = nca::compute(t, c, method);
        REQUIRE(m.lambda_z.ok);
        // On this dense grid the 1e-4 adjusted-R² window lets the best-fit rule reach back to
        // just after the peak, where absorption still bends ln(c): λz is biased by ~1e-3.
        CHECK(m.lambda_z.lambda_z_per_h == Approx(b.ke()).epsilon(1e-2));
        CHECK(std::abs(m.auc_0_inf - expected) <= tol);
        CHECK(m.tmax_h == Approx(b.tmax()).margin(h / 2 + 1e-12));  // nearest grid point
    }

    // Tail only (t >= 20 h): e^{-(ka-ke)t} < 5e-10 there, so ln(c) is linear in t to ~5e-10
    // and λz equals ke to far better than the 1e-8 relative checked.
    const std::vector<double> tail_t(t.begin() + 400, t.end());
    const std::vector<double> tail_c(c.begin() + 400, c.end());
    REQUIRE(tail_t.front() == Approx(20.0));
    const nca::LambdaZ tail = nca::lambda_z(tail_t, tail_c);
    REQUIRE(tail.ok);
    CHECK(tail.lambda_z_per_h == Approx(b.ke()).epsilon(1e-8));
}

// ---------------------------------------------------------------------------------------------
// 4. Time above threshold / in band
// ---------------------------------------------------------------------------------------------

TEST_CASE("nca: threshold intervals on hand-made data", "[nca][threshold]") {
    const std::vector<double> t = {0, 1, 2, 3, 4};
    const std::vector<double> c = {0, 4, 2, 6, 1};

    SECTION("above 3: crossings at 0.75, 1.5, 2.25, 3.6") {
        const auto iv = nca::intervals_above(t, c, 3.0);
        REQUIRE(iv.size() == 2);
        CHECK(iv[0].start_h == Approx(0.75).epsilon(kRoundoff));  // 0 -> 4: 3/4
        CHECK(iv[0].end_h == Approx(1.5).epsilon(kRoundoff));     // 4 -> 2: 1 + 1/2
        CHECK(iv[1].start_h == Approx(2.25).epsilon(kRoundoff));  // 2 -> 6: 2 + 1/4
        CHECK(iv[1].end_h == Approx(3.6).epsilon(kRoundoff));     // 6 -> 1: 3 + 3/5
        CHECK(nca::time_above(t, c, 3.0) == Approx(0.75 + 1.35).epsilon(kRoundoff));
    }
    SECTION("band [1.5, 3.5]: intervals merge across the sample at t = 2") {
        const auto iv = nca::intervals_in_band(t, c, 1.5, 3.5);
        REQUIRE(iv.size() == 3);
        CHECK(iv[0].start_h == Approx(0.375).epsilon(kRoundoff));  // 0 -> 4 crosses 1.5
        CHECK(iv[0].end_h == Approx(0.875).epsilon(kRoundoff));    // ... and 3.5
        CHECK(iv[1].start_h == Approx(1.25).epsilon(kRoundoff));   // 4 -> 2 enters at 3.5
        CHECK(iv[1].end_h == Approx(2.375).epsilon(kRoundoff));    // 2 -> 6 leaves at 3.5
        CHECK(iv[2].start_h == Approx(3.5).epsilon(kRoundoff));    // 6 -> 1 enters at 3.5
        CHECK(iv[2].end_h == Approx(3.9).epsilon(kRoundoff));      // ... leaves at 1.5
        CHECK(nca::time_in_band(t, c, 1.5, 3.5) == Approx(0.5 + 1.125 + 0.4).epsilon(kRoundoff));
    }
    SECTION("threshold 0 covers everything; above the maximum covers nothing") {
        const auto all = nca::intervals_above(t, c, 0.0);
        REQUIRE(all.size() == 1);
        CHECK(all[0].start_h == 0.0);
        CHECK(all[0].end_h == 4.0);
        CHECK(nca::intervals_above(t, c, 6.5).empty());
        CHECK(nca::time_above(t, c, 6.5) == 0.0);
        CHECK(nca::time_in_band(t, c, 10.0, 20.0) == 0.0);
    }
    SECTION("touching the threshold at a sample gives a zero-length interval") {
        const auto iv = nca::intervals_above({0, 1, 2}, {0, 2, 0}, 2.0);
        REQUIRE(iv.size() == 1);
        CHECK(iv[0].start_h == 1.0);
        CHECK(iv[0].end_h == 1.0);
    }
    SECTION("sample times are kept exactly at interval ends") {
        const auto iv = nca::intervals_above({0, 0.1, 0.3}, {1, 2, 0.5}, 1.0);
        REQUIRE(iv.size() == 1);
        CHECK(iv[0].start_h == 0.0);
        CHECK(iv[0].end_h == Approx(0.1 + 0.2 * (1.0 / 1.5)).epsilon(kRoundoff));
    }
}

TEST_CASE("nca: time above / in band on an exponential", "[nca][threshold]") {
    // c = C0 e^{-kt}; the linear interpolant lies above the convex curve, so each crossing is
    // late by at most h² k e^{kh} / 8: the chord error is <= h²/8·max c'' = h²/8·k² c(t_i) and
    // the slope between the two crossings is >= k c(t_i) e^{-kh} in magnitude.
    const double c0 = 10.0, k = 0.3, h = 0.1;
    const std::vector<double> t = grid(0.0, 24.0, h);
    const std::vector<double> c = exponential(t, c0, k);
    const double tol = h * h * k * std::exp(k * h) / 8.0;  // 3.9e-4 h

    const double thr = 2.0;
    const double exact = std::log(c0 / thr) / k;  // 5.36 h
    const auto iv = nca::intervals_above(t, c, thr);
    REQUIRE(iv.size() == 1);
    CHECK(iv[0].start_h == 0.0);
    CHECK(iv[0].end_h - exact >= 0.0);  // late, never early
    CHECK(iv[0].end_h - exact <= tol);
    CHECK(std::abs(nca::time_above(t, c, thr) - exact) <= tol);

    // Band [1, 4]: from ln(C0/4)/k to ln(C0/1)/k; both ends late by [0, tol] -> length ±tol.
    const double low = 1.0, high = 4.0;
    const auto band = nca::intervals_in_band(t, c, low, high);
    REQUIRE(band.size() == 1);
    CHECK(std::abs(band[0].start_h - std::log(c0 / high) / k) <= tol);
    CHECK(std::abs(band[0].end_h - std::log(c0 / low) / k) <= tol);
    CHECK(std::abs(nca::time_in_band(t, c, low, high) - std::log(high / low) / k) <= tol);
}

TEST_CASE("nca: time above / in band on a Bateman curve", "[nca][threshold]") {
    // Crossing error of linear interpolation: (h²/8)·max|c''| / |c'| near the crossing. The
    // factor 2 covers the change of |c'| over one grid step (< 10% here, as the thresholds are
    // far from the peak where c' = 0).
    const Bateman b;
    const double h = 0.05;
    const std::vector<double> t = grid(0.0, 48.0, h);
    const std::vector<double> c = b.sample(t);
    const double tmax = b.tmax();
    const double cmax = b.c(tmax);
    const auto tol_at = [&](double tc) {
        return 2.0 * h * h / 8.0 * b.max_abs_d2c() / std::abs(b.dc(tc));
    };

    const double thr = 0.5 * cmax;
    const double up = bisect(b, thr, 0.0, tmax);
    const double down = bisect(b, thr, tmax, 48.0);
    const auto iv = nca::intervals_above(t, c, thr);
    REQUIRE(iv.size() == 1);
    CHECK(std::abs(iv[0].start_h - up) <= tol_at(up));
    CHECK(std::abs(iv[0].end_h - down) <= tol_at(down));
    CHECK(std::abs(nca::time_above(t, c, thr) - (down - up)) <= tol_at(up) + tol_at(down));

    // Band [0.25, 0.75]·Cmax: two intervals, one on each side of the peak.
    const double low = 0.25 * cmax, high = 0.75 * cmax;
    const double r_lo = bisect(b, low, 0.0, tmax), r_hi = bisect(b, high, 0.0, tmax);
    const double f_hi = bisect(b, high, tmax, 48.0), f_lo = bisect(b, low, tmax, 48.0);
    const auto band = nca::intervals_in_band(t, c, low, high);
    REQUIRE(band.size() == 2);
    CHECK(std::abs(band[0].start_h - r_lo) <= tol_at(r_lo));
    CHECK(std::abs(band[0].end_h - r_hi) <= tol_at(r_hi));
    CHECK(std::abs(band[1].start_h - f_hi) <= tol_at(f_hi));
    CHECK(std::abs(band[1].end_h - f_lo) <= tol_at(f_lo));
    const double tol_total = tol_at(r_lo) + tol_at(r_hi) + tol_at(f_hi) + tol_at(f_lo);
    CHECK(std::abs(nca::time_in_band(t, c, low, high) - ((r_hi - r_lo) + (f_lo - f_hi))) <=
          tol_total);
}

// ---------------------------------------------------------------------------------------------
// 5. Partial AUC, Cavg, relative bioavailability
// ---------------------------------------------------------------------------------------------

TEST_CASE("nca: partial_auc and cavg", "[nca]") {
    SECTION("exponential with non-grid bounds: log interpolation is exact") {
        const double c0 = 10.0, k = 0.25;
        const std::vector<double> t = grid(0.0, 24.0, 1.0);
        const std::vector<double> c = exponential(t, c0, k);
        const double a = 2.3, b = 7.8;
        const double exact = c0 / k * (std::exp(-k * a) - std::exp(-k * b));
        // Rounding only: 1e-12 relative.
        CHECK(nca::partial_auc(t, c, a, b) == Approx(exact).epsilon(kRoundoff));
        CHECK(nca::cavg(t, c, a, b) == Approx(exact / (b - a)).epsilon(kRoundoff));
        // Inside one segment.
        const double inner = c0 / k * (std::exp(-k * 3.2) - std::exp(-k * 3.7));
        CHECK(nca::partial_auc(t, c, 3.2, 3.7) == Approx(inner).epsilon(kRoundoff));
        // Grid bounds and the full range agree with auc().
        CHECK(nca::partial_auc(t, c, 0.0, 24.0) == Approx(nca::auc(t, c)).epsilon(kRoundoff));
        // Adjacent partial AUCs add up, for both methods.
        for (AucMethod m : {AucMethod::Linear, AucMethod::LinearUpLogDown}) {
            const double sum = nca::partial_auc(t, c, 0.0, 5.5, m) +
                               nca::partial_auc(t, c, 5.5, 13.25, m) +
                               nca::partial_auc(t, c, 13.25, 24.0, m);
            CHECK(sum == Approx(nca::auc(t, c, m)).epsilon(kRoundoff));
        }
    }
    SECTION("hand computation with linear interpolation of the bounds") {
        const std::vector<double> t = {0, 1, 2}, c = {0, 4, 2};
        // Linear: c(0.5) = 2, c(1.5) = 3 -> 0.5·(2+4)/2 + 0.5·(4+3)/2 = 1.5 + 1.75 = 3.25.
        CHECK(nca::partial_auc(t, c, 0.5, 1.5, AucMethod::Linear) ==
              Approx(3.25).epsilon(kRoundoff));
        CHECK(nca::cavg(t, c, 0.5, 1.5, AucMethod::Linear) == Approx(3.25).epsilon(kRoundoff));
        // Log-down: rising part 1.5 as above; c(1.5) = 4·(2/4)^0.5 = 2√2, and the log
        // trapezoid over 1 -> 1.5 is 0.5·(4 - 2√2)/ln(4/(2√2)) = (4 - 2√2)/ln 2.
        const double expected = 1.5 + (4.0 - 2.0 * std::sqrt(2.0)) / std::log(2.0);
        CHECK(nca::partial_auc(t, c, 0.5, 1.5) == Approx(expected).epsilon(kRoundoff));
        CHECK(nca::cavg(t, c, 0.5, 1.5) == Approx(expected).epsilon(kRoundoff));
    }
}

TEST_CASE("nca: relative_bioavailability", "[nca]") {
    // (50/100) / (40/50) = 0.5 / 0.8 = 0.625.
    CHECK(nca::relative_bioavailability(50.0, 100.0, 40.0, 50.0) ==
          Approx(0.625).epsilon(kRoundoff));
    CHECK(nca::relative_bioavailability(12.0, 10.0, 12.0, 10.0) == 1.0);
}

// ---------------------------------------------------------------------------------------------
// 6. Validation
// ---------------------------------------------------------------------------------------------

TEST_CASE("nca: validation of the time/concentration series", "[nca][errors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();

    SECTION("series") {
        REQUIRE_INVALID(nca::auc({0, 1, 2}, {1, 2}),
                        "times.size() = 3 does not match concentrations.size() = 2");
        REQUIRE_INVALID(nca::auc({1}, {1}), "times.size() = 1 but at least 2 sample(s)");
        REQUIRE_INVALID(nca::compute({1}, {1}), "nca::compute: times.size() = 1");
        REQUIRE_INVALID(nca::lambda_z({}, {}), "times.size() = 0 but at least 1 sample(s)");
        REQUIRE_INVALID(nca::intervals_above({}, {}, 1.0), "times.size() = 0");
        REQUIRE_INVALID(nca::auc({0, 1, 2, 2}, {1, 2, 3, 4}),
                        "times[3] = 2 is not greater than times[2] = 2; times must be "
                        "strictly increasing");
        REQUIRE_INVALID(nca::auc({0, 2, 1}, {1, 2, 3}), "times[2] = 1 is not greater than");
        REQUIRE_INVALID(nca::auc({0, nan, 2}, {1, 2, 3}), "times[1] = nan is not finite");
        REQUIRE_INVALID(nca::auc({0, 1, inf}, {1, 2, 3}), "times[2] = inf is not finite");
        REQUIRE_INVALID(nca::auc({0, 1, 2}, {1, -0.5, 3}), "concentrations[1] = -0.5 is negative");
        REQUIRE_INVALID(nca::auc({0, 1, 2}, {1, 2, nan}), "concentrations[2] = nan is not finite");
        REQUIRE_INVALID(nca::time_above({0, 1}, {1, inf}, 1.0),
                        "concentrations[1] = inf is not finite");
        REQUIRE_INVALID(nca::time_in_band({0, 1}, {-1, 1}, 1.0, 2.0),
                        "nca::time_in_band: concentrations[0] = -1");
    }
}

TEST_CASE("nca: validation of levels, ranges, options and doses", "[nca][errors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> t = {0, 1, 2, 4};
    const std::vector<double> c = {0, 3, 2, 1};

    SECTION("thresholds and bands") {
        REQUIRE_INVALID(nca::intervals_above(t, c, -1.0), "threshold = -1 must be finite and >= 0");
        REQUIRE_INVALID(nca::time_above(t, c, nan), "threshold = nan must be finite");
        REQUIRE_INVALID(nca::time_above(t, c, inf), "threshold = inf must be finite");
        REQUIRE_INVALID(nca::intervals_in_band(t, c, 2.0, 2.0),
                        "low = 2 is not less than high = 2; the band must have low < high");
        REQUIRE_INVALID(nca::time_in_band(t, c, 3.0, 1.0), "low = 3 is not less than high = 1");
        REQUIRE_INVALID(nca::time_in_band(t, c, -0.1, 1.0), "low = -0.1 must be finite and >= 0");
        REQUIRE_INVALID(nca::intervals_in_band(t, c, 1.0, nan), "high = nan must be finite");
    }
    SECTION("partial AUC intervals") {
        REQUIRE_INVALID(nca::partial_auc(t, c, 2.0, 2.0),
                        "t_from_h = 2 is not less than t_to_h = 2");
        REQUIRE_INVALID(nca::partial_auc(t, c, 3.0, 1.0), "t_from_h = 3 is not less than");
        REQUIRE_INVALID(nca::cavg(t, c, 3.0, 1.0), "nca::cavg: t_from_h = 3 is not less than");
        REQUIRE_INVALID(nca::partial_auc(t, c, -1.0, 1.0),
                        "t_from_h = -1 is before the first sample times[0] = 0");
        REQUIRE_INVALID(nca::cavg(t, c, 1.0, 4.5),
                        "t_to_h = 4.5 is after the last sample times[3] = 4");
        REQUIRE_INVALID(nca::partial_auc(t, c, nan, 1.0), "t_from_h = nan is not finite");
        REQUIRE_INVALID(nca::partial_auc(t, c, 0.0, inf), "t_to_h = inf is not finite");
    }
    SECTION("lambda_z options") {
        nca::LambdaZOptions o;
        o.min_points = 2;
        REQUIRE_INVALID(nca::lambda_z(t, c, o), "options.min_points = 2 must be >= 3");
        REQUIRE_INVALID(nca::compute(t, c, AucMethod::Linear, o), "options.min_points = 2");
        o = {};
        o.max_points = 2;
        REQUIRE_INVALID(nca::lambda_z(t, c, o),
                        "options.max_points = 2 must be 0 (no cap) or >= options.min_points = 3");
        o = {};
        o.min_adj_r2 = 1.5;
        REQUIRE_INVALID(nca::lambda_z(t, c, o), "options.min_adj_r2 = 1.5 must be in [0, 1]");
        o.min_adj_r2 = nan;
        REQUIRE_INVALID(nca::lambda_z(t, c, o), "options.min_adj_r2 = nan");
    }
    SECTION("relative bioavailability") {
        REQUIRE_INVALID(nca::relative_bioavailability(0.0, 1, 1, 1),
                        "auc_test = 0 must be finite and > 0");
        REQUIRE_INVALID(nca::relative_bioavailability(1, -2.0, 1, 1),
                        "dose_test_mg = -2 must be finite and > 0");
        REQUIRE_INVALID(nca::relative_bioavailability(1, 1, nan, 1), "auc_reference = nan");
        REQUIRE_INVALID(nca::relative_bioavailability(1, 1, 1, inf), "dose_reference_mg = inf");
    }
}

TEST_CASE("nca: coverage counts and sums the intervals without building them", "[nca][threshold]") {
    // A profile that touches a band's edge at one sample (a zero-length interval), crosses it
    // several times, and sits on it for a whole segment: coverage must agree with the intervals
    // in count and total, exactly (the same pieces merged the same way).
    const std::vector<double> t{0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0};
    const std::vector<double> c{0.0, 2.0, 1.0, 1.0, 3.0, 5.0, 2.0, 0.5, 1.0, 0.2};
    const double inf = std::numeric_limits<double>::infinity();
    for (const auto& [low, high] : std::vector<std::pair<double, double>>{
             {1.0, 2.0}, {1.0, 4.0}, {2.0, inf}, {5.0, inf}, {0.0, 0.5}, {6.0, inf}}) {
        const std::vector<nca::Interval> intervals = std::isinf(high)
                                                         ? nca::intervals_above(t, c, low)
                                                         : nca::intervals_in_band(t, c, low, high);
        const nca::Coverage coverage = nca::coverage(t, c, low, high);
        INFO("band [" << low << ", " << high << "]");
        CHECK(coverage.intervals == intervals.size());
        double total = 0.0;
        for (const nca::Interval& interval : intervals) total += interval.end_h - interval.start_h;
        CHECK(coverage.total_h == total);
        CHECK(coverage.total_h ==
              (std::isinf(high) ? nca::time_above(t, c, low) : nca::time_in_band(t, c, low, high)));
    }
    // [5, inf) is touched at t = 5 only: one interval of length 0 (a subject that reaches it).
    CHECK(nca::coverage(t, c, 5.0, inf).intervals == 1);
    CHECK(nca::coverage(t, c, 5.0, inf).total_h == 0.0);
    CHECK(nca::coverage(t, c, 6.0, inf).intervals == 0);
    // Its errors are those of the interval functions.
    REQUIRE_INVALID(nca::coverage(t, c, 2.0, 2.0), "low = 2 is not less than high = 2");
    REQUIRE_INVALID(nca::coverage(t, c, -1.0, inf), "low = -1 must be finite and >= 0");
}
