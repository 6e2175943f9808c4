// Random numbers of a population: Philox4x32-10 streams per subject, a portable logarithm and
// the normal quantile (AS 241). Compiled without floating-point contraction
// (engine/CMakeLists.txt), so every platform rounds the same operations the same way.
#include <cmath>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/population.hpp"

namespace pkengine {

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key) {
    // Constants of Salmon et al. 2011 (Random123): multipliers and Weyl key increments.
    constexpr std::uint64_t kM0 = 0xD2511F53u;
    constexpr std::uint64_t kM1 = 0xCD9E8D57u;
    constexpr std::uint32_t kW0 = 0x9E3779B9u;
    constexpr std::uint32_t kW1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = kM0 * counter[0];
        const std::uint64_t p1 = kM1 * counter[2];
        const auto hi0 = static_cast<std::uint32_t>(p0 >> 32);
        const auto lo0 = static_cast<std::uint32_t>(p0);
        const auto hi1 = static_cast<std::uint32_t>(p1 >> 32);
        const auto lo1 = static_cast<std::uint32_t>(p1);
        counter = {hi1 ^ counter[1] ^ key[0], lo1, hi0 ^ counter[3] ^ key[1], lo0};
        key[0] += kW0;
        key[1] += kW1;
    }
    return counter;
}

SubjectStream::SubjectStream(std::uint64_t seed, std::uint64_t subject, DrawPurpose purpose)
    : m_key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
      m_counter{0u, static_cast<std::uint32_t>(purpose), static_cast<std::uint32_t>(subject),
                static_cast<std::uint32_t>(subject >> 32)} {}

double SubjectStream::uniform() {
    if (m_next == 2) {
        m_block = philox4x32(m_counter, m_key);
        ++m_counter[0];
        m_next = 0;
    }
    const std::size_t i = static_cast<std::size_t>(m_next) * 2;
    ++m_next;
    const std::uint64_t bits =
        (static_cast<std::uint64_t>(m_block[i]) << 32 | m_block[i + 1]) >> 11;  // 53 bits
    return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

double SubjectStream::normal() {
    return normal_quantile(uniform());
}

double portable_log(double x) {
    if (!(x > 0.0) || !std::isfinite(x)) detail::fail("x", x, "log needs a finite x > 0");
    int exponent = 0;
    double m = std::frexp(x, &exponent);  // x = m 2^e, m in [0.5, 1): exact
    // Bring m into [sqrt(1/2), sqrt(2)) so that |s| <= 0.1716.
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        --exponent;
    }
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    // 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...); terms to s^25 leave < 1e-19 relative.
    double series = 1.0 / 25.0;
    for (int k = 23; k >= 3; k -= 2) series = series * s2 + 1.0 / k;
    series = series * s2 + 1.0;
    const double log_m = 2.0 * s * series;
    // ln 2 split in a part exact in 32 bits and the rest (Cody and Waite).
    constexpr double kLn2High = 6.93147180369123816490e-01;
    constexpr double kLn2Low = 1.90821492927058770002e-10;
    const double e = exponent;
    return e * kLn2High + (log_m + e * kLn2Low);
}

double normal_quantile(double p) {
    if (!(p > 0.0 && p < 1.0)) detail::fail("p", p, "must be in (0, 1)");
    // Wichura 1988, algorithm AS 241 (PPND16): rational approximations in three regions.
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q *
               (((((((2509.0809287301226727 * r + 33430.575583588128105) * r +
                     67265.770927008700853) *
                        r +
                    45921.953931549871457) *
                       r +
                   13731.693765509461125) *
                      r +
                  1971.5909503065514427) *
                     r +
                 133.14166789178437745) *
                    r +
                3.387132872796366608) /
               (((((((5226.4952788528545610 * r + 28729.085735721942674) * r +
                     39307.89580009271061) *
                        r +
                    21213.794301586595867) *
                       r +
                   5394.1960214247511077) *
                      r +
                  687.1870074920579083) *
                     r +
                 42.313330701600911252) *
                    r +
                1.0);
    }
    double r = q < 0.0 ? p : 1.0 - p;
    r = std::sqrt(-portable_log(r));
    double value = 0.0;
    if (r <= 5.0) {
        r -= 1.6;
        value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                      0.24178072517745061177) *
                         r +
                     1.27045825245236838258) *
                        r +
                    3.64784832476320460504) *
                       r +
                   5.7694972214606914055) *
                      r +
                  4.6303378461565452959) *
                     r +
                 1.42343711074968357734) /
                (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                      0.0151986665636164571966) *
                         r +
                     0.14810397642748007459) *
                        r +
                    0.68976733498510000455) *
                       r +
                   1.6763848301838038494) *
                      r +
                  2.05319162663775882187) *
                     r +
                 1.0);
    } else {
        r -= 5.0;
        value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                      0.0012426609473880784386) *
                         r +
                     0.026532189526576123093) *
                        r +
                    0.29656057182850489123) *
                       r +
                   1.7848265399172913358) *
                      r +
                  5.4637849111641143699) *
                     r +
                 6.6579046435011037772) /
                (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                      1.8463183175100546818e-5) *
                         r +
                     7.868691311456132591e-4) *
                        r +
                    0.0148753612908506148525) *
                       r +
                   0.13692988092273580531) *
                      r +
                  0.59983220655588793769) *
                     r +
                 1.0);
    }
    return q < 0.0 ? -value : value;
}

}  // namespace pkengine
