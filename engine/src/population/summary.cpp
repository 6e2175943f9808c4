// Population summaries whose merge is exact and order-free: fixed-point sums, a histogram of
// fixed bins, and the joining of consecutive chunks.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/population.hpp"

namespace pkengine {

std::size_t percentile_rank(double percent, std::size_t n) {
    if (n == 0) return 0;
    const double k = std::ceil(percent / 100.0 * static_cast<double>(n) - 1e-9);
    if (k < 1.0) return 1;
    if (k > static_cast<double>(n)) return n;
    return static_cast<std::size_t>(k);
}

std::size_t ConcentrationSketch::bin(double c) {
    if (!(c >= 0x1.0p-30)) return 0;  // zero, negative, below the lowest bin
    if (c >= 0x1.0p17) return kBins - 1;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &c, sizeof bits);
    const auto exponent = static_cast<int>((bits >> 52) & 0x7FF) - 1023;  // c = 1.m 2^exponent
    const auto top = static_cast<std::size_t>((bits >> 46) & 0x3F);       // top 6 mantissa bits
    return 1 + static_cast<std::size_t>(exponent - kMinExponent) * kBinsPerOctave + top;
}

double ConcentrationSketch::bin_value(std::size_t b) {
    if (b == 0) return 0.0;
    if (b >= kBins - 1) return 0x1.0p17;
    const std::size_t i = b - 1;
    const int exponent = kMinExponent + static_cast<int>(i / kBinsPerOctave);
    const double top = static_cast<double>(i % kBinsPerOctave);
    return std::ldexp(1.0 + (top + 0.5) / kBinsPerOctave, exponent);
}

void ConcentrationSketch::merge(const ConcentrationSketch& other) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
}

double ConcentrationSketch::percentile(std::size_t time_index, double percent,
                                       std::size_t n) const {
    const std::size_t rank = percentile_rank(percent, n);
    const std::uint32_t* row = counts.data() + time_index * kBins;
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBins; ++b) {
        seen += row[b];
        if (seen >= rank) return bin_value(b);
    }
    return bin_value(kBins - 1);
}

void FixedPointSums::add(std::size_t i, double c) {
    const double scaled = std::nearbyint(c * kScale);
    if (!(std::abs(scaled) < 0x1.0p62)) {
        detail::fail("concentration (mg/L)", c, "is beyond what a population sums (2^22 mg/L)");
    }
    const auto q = static_cast<std::int64_t>(scaled);
    // 128-bit two's complement addition of the sign-extended q.
    const std::uint64_t before = low[i];
    low[i] = before + static_cast<std::uint64_t>(q);
    high[i] += (q < 0 ? -1 : 0) + (low[i] < before ? 1 : 0);
}

void FixedPointSums::merge(const FixedPointSums& other) {
    for (std::size_t i = 0; i < low.size(); ++i) {
        const std::uint64_t before = low[i];
        low[i] = before + other.low[i];
        high[i] += other.high[i] + (low[i] < before ? 1 : 0);
    }
}

double FixedPointSums::sum(std::size_t i) const {
    // high 2^64 + low, each part exact in long double or split so the rounding is once.
    const double hi = static_cast<double>(high[i]) * 0x1.0p64;
    const double lo = static_cast<double>(low[i]);
    return (hi + lo) / kScale;
}

void PopulationResult::summarise() {
    const std::size_t nt = times_h.size();
    const auto rows = static_cast<Eigen::Index>(nt);
    const auto cols = static_cast<Eigen::Index>(percentiles.size());
    mean_mg_per_l.resize(rows);
    percentiles_mg_per_l.resize(rows, cols);
    const double n = static_cast<double>(n_subjects);
    for (std::size_t t = 0; t < nt; ++t) {
        mean_mg_per_l[static_cast<Eigen::Index>(t)] = n_subjects ? sums.sum(t) / n : 0.0;
    }
    exact_percentiles = curves_mg_per_l.rows() == static_cast<Eigen::Index>(n_subjects) &&
                        n_subjects > 0 && curves_mg_per_l.cols() == rows;
    if (!exact_percentiles) {
        for (std::size_t t = 0; t < nt; ++t) {
            for (Eigen::Index p = 0; p < cols; ++p) {
                percentiles_mg_per_l(static_cast<Eigen::Index>(t), p) =
                    sketch.percentile(t, percentiles[static_cast<std::size_t>(p)], n_subjects);
            }
        }
        return;
    }
    std::vector<double> column(n_subjects);
    for (Eigen::Index t = 0; t < rows; ++t) {
        for (std::size_t s = 0; s < n_subjects; ++s) {
            column[s] = curves_mg_per_l(static_cast<Eigen::Index>(s), t);
        }
        std::sort(column.begin(), column.end());
        for (Eigen::Index p = 0; p < cols; ++p) {
            const std::size_t rank =
                percentile_rank(percentiles[static_cast<std::size_t>(p)], n_subjects);
            percentiles_mg_per_l(t, p) = column[rank - 1];
        }
    }
}

namespace {

template <class Matrix>
void stack_rows(const std::vector<PopulationResult>& chunks, Matrix PopulationResult::*member,
                Matrix& out) {
    Eigen::Index rows = 0;
    for (const PopulationResult& c : chunks) rows += (c.*member).rows();
    const Eigen::Index cols = (chunks.front().*member).cols();
    out.resize(rows, cols);
    Eigen::Index at = 0;
    for (const PopulationResult& c : chunks) {
        const auto& m = c.*member;
        if (m.rows() > 0) out.middleRows(at, m.rows()) = m;
        at += m.rows();
    }
}

}  // namespace

PopulationResult merge_populations(const std::vector<PopulationResult>& chunks) {
    if (chunks.empty()) throw InvalidInput("chunks: no population chunk to merge");
    const PopulationResult& first = chunks.front();
    PopulationResult out;
    out.times_h = first.times_h;
    out.first_subject = first.first_subject;
    out.effect_names = first.effect_names;
    out.drawn_covariate_names = first.drawn_covariate_names;
    out.bands = first.bands;
    out.percentiles = first.percentiles;
    out.sums = FixedPointSums(first.times_h.size());
    out.sketch = ConcentrationSketch(first.times_h.size());
    out.band_reached.assign(first.bands.size(), 0);
    const bool curves = first.curves_mg_per_l.rows() > 0 || first.n_subjects == 0;
    const bool nca = first.cmax_mg_per_l.size() > 0 || first.n_subjects == 0;
    std::size_t next = first.first_subject;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        const PopulationResult& c = chunks[i];
        const std::string field = detail::indexed("chunks", i);
        if (c.first_subject != next) {
            throw InvalidInput(field + ".first_subject = " + std::to_string(c.first_subject) +
                               ": chunks must follow each other (expected " + std::to_string(next) +
                               ")");
        }
        if (c.times_h != first.times_h || c.bands.size() != first.bands.size() ||
            c.percentiles != first.percentiles || c.effect_names != first.effect_names ||
            c.drawn_covariate_names != first.drawn_covariate_names ||
            c.sums.low.size() != first.times_h.size() ||
            c.sketch.counts.size() != out.sketch.counts.size()) {
            throw InvalidInput(field +
                               ": differs from chunks[0] in its times, bands, "
                               "percentiles or parameters");
        }
        if ((c.n_subjects > 0) &&
            ((c.curves_mg_per_l.rows() > 0) != curves || (c.cmax_mg_per_l.size() > 0) != nca)) {
            throw InvalidInput(field +
                               ": kept curves or NCA where chunks[0] did not (or not "
                               "where it did)");
        }
        next += c.n_subjects;
        out.n_subjects += c.n_subjects;
        out.sums.merge(c.sums);
        out.sketch.merge(c.sketch);
        for (std::size_t b = 0; b < out.band_reached.size(); ++b) {
            out.band_reached[b] += c.band_reached[b];
        }
    }
    if (curves) stack_rows(chunks, &PopulationResult::curves_mg_per_l, out.curves_mg_per_l);
    if (nca) {
        stack_rows(chunks, &PopulationResult::weight_kg, out.weight_kg);
        stack_rows(chunks, &PopulationResult::eta, out.eta);
        stack_rows(chunks, &PopulationResult::drawn_covariates, out.drawn_covariates);
        stack_rows(chunks, &PopulationResult::cmax_mg_per_l, out.cmax_mg_per_l);
        stack_rows(chunks, &PopulationResult::tmax_h, out.tmax_h);
        stack_rows(chunks, &PopulationResult::auc_mg_h_per_l, out.auc_mg_h_per_l);
        stack_rows(chunks, &PopulationResult::time_in_band_h, out.time_in_band_h);
    }
    out.summarise();
    return out;
}

}  // namespace pkengine
