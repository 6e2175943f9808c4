#pragma once
/// @file population.hpp
/// Virtual populations: between-subject variability (a full Omega on named parameters),
/// covariates (body weight), residual error, threads over subjects, and summaries whose merge
/// never depends on how the subjects were split.
///
/// Reproducible by construction: subject i draws its random numbers from its own streams of a
/// counter-based generator (Philox4x32-10) keyed by the seed, with the subject's index in the
/// counter, and turns them into normal deviates with an inverse CDF computed here (no
/// std::normal_distribution, whose output differs between standard libraries). A subject's
/// draws are the same whatever the thread count, the chunking or the machine, so its curve is
/// too; the summaries are exact integer sums (fixed-point means, a histogram of fixed bins),
/// whose merge is exact and independent of order.

#include <Eigen/Core>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "drug.hpp"
#include "model.hpp"
#include "regimen.hpp"
#include "simulate.hpp"

namespace pkengine {

/// Philox4x32-10 (Salmon, Moraes, Dror, Shaw 2011, "Parallel random numbers: as easy as 1, 2,
/// 3"): a counter-based generator, one 128-bit block of output per 128-bit counter and 64-bit
/// key. Integer arithmetic only, so every platform gives the same bits.
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key);

/// What a subject's stream is drawn for: each purpose has its own counter range, so adding a
/// residual error never changes a subject's parameters.
enum class DrawPurpose : std::uint32_t {
    Eta = 0,              ///< the random effects (eta)
    Covariate = 1,        ///< covariates drawn from a distribution (body weight)
    Residual = 2,         ///< residual error of each output
    Bioavailability = 3,  ///< F drawn within each route's range
    DrawnCovariate = 4,   ///< covariates other than weight drawn from their distributions
};

/// The random numbers of subject `subject` of a population with seed `seed`, for one purpose:
/// Philox4x32-10 with key = seed, counter = (block, purpose, subject low 32 bits, subject high
/// 32 bits); each block gives two uniforms of 53 bits.
class SubjectStream {
public:
    SubjectStream(std::uint64_t seed, std::uint64_t subject, DrawPurpose purpose);
    /// A uniform deviate in (0, 1): (k + 0.5) / 2^53, k a 53-bit integer.
    double uniform();
    /// A standard normal deviate: normal_quantile(uniform()).
    double normal();

private:
    std::array<std::uint32_t, 2> m_key;
    std::array<std::uint32_t, 4> m_counter;
    std::array<std::uint32_t, 4> m_block{};
    int m_next = 2;  // uniforms of m_block used (2 = none left)
};

/// Natural logarithm with + - * / and frexp only (no libm call, so bit-identical wherever
/// IEEE 754 double arithmetic is): x = m 2^e, log m = 2 atanh((m - 1) / (m + 1)) by its series.
/// Within 2 units in the last place of std::log. Requires x > 0 and finite.
double portable_log(double x);

/// The standard normal quantile Phi^-1(p) for p in (0, 1): Wichura's algorithm AS 241
/// (PPND16, Applied Statistics 37, 1988), relative accuracy about 1e-16, with portable_log.
double normal_quantile(double p);

/// How a random effect eta acts on its parameter's typical value theta.
enum class EtaScale {
    LogNormal,    ///< P = theta exp(eta): positive parameters (clearances, volumes, ka, lag)
    LogitNormal,  ///< logit P = logit theta + eta: fractions in (0, 1) (F)
    Additive,     ///< P = theta + eta (where a source gives the spread in the parameter's unit)
};

/// Canonical names: "log_normal", "logit_normal", "additive".
std::string_view eta_scale_name(EtaScale scale);
/// Parses a name of eta_scale_name (case-insensitive). Throws InvalidInput naming `scale`.
EtaScale parse_eta_scale(std::string_view name);

/// The variance omega^2 of a log-normal random effect whose coefficient of variation is `cv`
/// (a fraction, 0.3 for 30 %): omega^2 = ln(1 + cv^2), the exact CV of exp(eta). Throws
/// InvalidInput unless cv is finite and >= 0.
double omega_squared_from_cv(double cv);

/// One parameter with between-subject variability: its name as a dataset column names it (CL,
/// V1, Q2, V2, Q3, V3, KA_<ROUTE>, F_<ROUTE>, LAG_<ROUTE>) and how eta acts on it.
struct RandomEffect {
    std::string parameter;
    EtaScale scale = EtaScale::LogNormal;
};

/// Between-subject variability: random effects eta ~ N(0, Omega), Omega their full covariance.
struct Variability {
    std::vector<RandomEffect> effects;  ///< one per row (and column) of omega
    Eigen::MatrixXd omega;              ///< covariance of eta, effects.size() square

    /// Diagonal variability from coefficients of variation (fractions): omega^2 =
    /// ln(1 + cv^2) on each parameter, log-normal (logit-normal for F_<ROUTE> and F<n>, whose
    /// cv is then the SD of logit F).
    static Variability from_cv(const std::vector<std::pair<std::string, double>>& cv);
    /// Throws InvalidInput naming the entry unless omega is square of effects.size(), finite,
    /// symmetric (to 1e-12 relative) and positive semi-definite, and every parameter name is
    /// known and appears once.
    void validate() const;
};

/// The published between-subject variability of a drug model (DrugModel::variability) as a
/// Variability: log-normal effects with omega^2 = ln(1 + CV^2) (logit-normal with omega^2 =
/// sd_logit^2 for a fraction given as an SD on the logit scale), and parameters that share an
/// eta correlated 1 (their covariance equals their common variance). Empty when the source
/// publishes none.
Variability published_variability(const DrugModel& model);

/// Residual error of every reported concentration C (mg/L): C_obs = C (1 + proportional e1) +
/// additive e2 with e1, e2 independent standard normal deviates; proportional alone, additive
/// alone or both (combined). A C_obs below 0 is reported as 0 (no negative concentration).
struct ResidualError {
    double additive_mg_per_l = 0.0;  ///< SD of the additive part (mg/L), >= 0
    double proportional = 0.0;       ///< SD of the proportional part (fraction), >= 0

    bool any() const { return additive_mg_per_l > 0.0 || proportional > 0.0; }
    /// Throws InvalidInput naming the field unless both are finite and >= 0.
    void validate() const;
};

/// Body weights drawn per subject: log-normal with median `median_kg` and coefficient of
/// variation `cv` (ln W ~ N(ln median, ln(1 + cv^2))), redrawn until within [min_kg, max_kg]
/// (at most 64 draws, then clamped). cv = 0: every subject weighs median_kg.
struct WeightDistribution {
    double median_kg = 70.0;
    double cv = 0.0;
    double min_kg = 40.0;
    double max_kg = 150.0;

    /// Throws InvalidInput naming the field for a value out of range.
    void validate() const;
};

/// The distributions a covariate other than weight can be drawn from.
enum class CovariateDistributionKind {
    Normal,     ///< mean a, standard deviation b, truncated to [min, max]
    LogNormal,  ///< median a, CV b (sigma^2 = ln(1 + b^2)), truncated to [min, max]
    Uniform,    ///< uniform on [a, b)
    Bernoulli,  ///< 1 with probability a, else 0 (an indicator such as ASIAN)
};

/// Canonical names: "normal", "log_normal", "uniform", "bernoulli".
std::string_view covariate_distribution_name(CovariateDistributionKind kind);
/// Parses those names (case-insensitive; "lognormal" and "log-normal" too). Throws InvalidInput
/// naming the distribution.
CovariateDistributionKind parse_covariate_distribution(std::string_view name);

/// How one covariate other than weight is drawn for each subject, from the subject's own stream
/// (DrawPurpose::DrawnCovariate; the covariates in the order given). A truncated normal or
/// log-normal redraws until the value lies in [min, max], as the weight does; after 64 draws
/// outside it (a bound far in a tail: validate() refuses a centre outside [min, max]) it takes
/// the centre (mean or median).
struct CovariateDistribution {
    std::string name;  ///< upper case, e.g. AGE
    CovariateDistributionKind kind = CovariateDistributionKind::Normal;
    double a = 0.0;  ///< mean, median, lower end or probability (see the kinds)
    double b = 0.0;  ///< standard deviation, CV or upper end (unused by Bernoulli)
    double min = -std::numeric_limits<double>::infinity();  ///< truncation (Normal, LogNormal)
    double max = std::numeric_limits<double>::infinity();   ///< truncation (Normal, LogNormal)

    /// Throws InvalidInput naming the covariate and the field for a value out of range.
    void validate() const;
    /// One value from `stream`.
    double draw(SubjectStream& stream) const;
};

/// A concentration band whose reach and time each subject reports (mg/L; high may be infinite).
struct PopulationBand {
    std::string name;
    double low_mg_per_l = 0.0;
    double high_mg_per_l = 0.0;
};

/// What is simulated for every subject.
struct Population {
    /// A population of `model` (the typical subject) given `regimen`, without variability.
    Population(Model typical, Regimen doses)
        : model(std::move(typical)), regimen(std::move(doses)) {}

    /// The typical model at `reference_weight_kg` (parameters theta).
    Model model;
    /// The regimen: amounts in mg, or in mg per kg of each subject's weight if dose_per_kg.
    Regimen regimen;
    bool dose_per_kg = false;
    /// How clearances and volumes scale with weight (a drug file's scaling): PerKg as W, for
    /// Allometric clearances as W^0.75 and volumes as W, None not at all; relative to
    /// reference_weight_kg.
    WeightScaling weight_scaling = WeightScaling::None;
    double reference_weight_kg = 70.0;
    /// Each subject's weight (kg), one per subject of the population (subject i reads entry
    /// i - first_subject of PopulationOptions); empty: drawn from weight_distribution.
    std::vector<double> weights_kg;
    WeightDistribution weight_distribution;
    /// Covariates other than weight: their names (upper case, e.g. AGE, ASIAN) and their values,
    /// one row per subject of the population (row i - first_subject of PopulationOptions), one
    /// column per name. A covariate an effect uses but no column gives takes no effect (the
    /// typical subject the model's values describe).
    std::vector<std::string> covariate_names;
    Eigen::MatrixXd covariates;
    /// Covariates other than weight drawn for each subject instead (a name may not be both in
    /// covariate_names and here).
    std::vector<CovariateDistribution> covariate_distributions;
    /// How covariates act on typical values (a drug model's covariate_effects), applied in
    /// order before the random effects: P = theta(covariates) exp(eta).
    std::vector<CovariateEffect> covariate_effects;
    Variability variability;
    ResidualError residual;
    /// Draw each absorbed route's F uniformly within its range [low, high] (Bioavailability)
    /// instead of taking the nominal value (before any F random effect).
    bool f_uniform_in_range = false;
    std::vector<PopulationBand> bands;
};

/// Progress of a population run: subjects finished and subjects started so far.
using PopulationProgress = std::function<void(std::size_t completed, std::size_t started)>;

/// How a population runs.
struct PopulationOptions {
    std::uint64_t seed = 0;
    std::size_t first_subject = 0;  ///< index of the first subject (a chunk of a larger run)
    unsigned threads = 0;           ///< worker threads; 0 = std::thread::hardware_concurrency
    bool keep_curves = false;       ///< keep every concentration curve (subjects x times)
    bool keep_nca = true;           ///< keep each subject's Cmax, Tmax, AUC, times in bands
    SimulationOptions simulation;
    /// Called on the calling thread about every 50 ms and once at the end; may set `cancel`.
    PopulationProgress progress;
    /// When it becomes true, no further subject starts; the run throws Cancelled.
    const std::atomic<bool>* cancel = nullptr;
};

/// Thrown when a run was cancelled. `subjects_started`: how many subjects started in all;
/// `started_when_seen`: how many had started when the calling thread first saw the flag (read
/// after seeing it). Each worker checks the flag before it claims a subject, so at most one
/// subject per thread starts after that read: subjects_started <= started_when_seen + threads.
class Cancelled : public std::runtime_error {
public:
    Cancelled(std::size_t started, std::size_t started_when_seen)
        : std::runtime_error("population run cancelled"),
          m_started(started),
          m_seen(started_when_seen) {}
    std::size_t subjects_started() const { return m_started; }
    std::size_t started_when_seen() const { return m_seen; }

private:
    std::size_t m_started;
    std::size_t m_seen;
};

/// The nearest-rank percentile of a sample: the k-th smallest of n values, k = ceil(p n / 100)
/// clamped to [1, n]. The definition of every population percentile.
std::size_t percentile_rank(double percent, std::size_t n);

/// Per output time, a histogram of concentrations on fixed bins: 64 bins per octave (binary
/// exponent) from 2^-30 to 2^17 mg/L, one bin below (zero and anything under 2^-30 mg/L) and
/// one above. A value's bin comes from its bit pattern (exponent, top 6 bits of the mantissa),
/// so binning is exact and platform-independent; merging adds counts, so it is exact and
/// order-free. A percentile read from it is the middle of the bin holding the nearest-rank
/// value: within kSketchRelativeError of the exact percentile, or kSketchFloorMgPerL absolute
/// below the lowest bin.
struct ConcentrationSketch {
    static constexpr int kMinExponent = -30;
    static constexpr int kMaxExponent = 17;
    static constexpr int kBinsPerOctave = 64;
    static constexpr std::size_t kBins =
        static_cast<std::size_t>(kMaxExponent - kMinExponent) * kBinsPerOctave + 2;

    std::size_t n_times = 0;
    std::vector<std::uint32_t> counts;  ///< n_times x kBins, row-major

    explicit ConcentrationSketch(std::size_t times = 0) : n_times(times), counts(times * kBins) {}
    static std::size_t bin(double c_mg_per_l);
    /// The value a bin stands for: its middle (0 for the bin below, 2^17 for the one above).
    static double bin_value(std::size_t bin);
    void add(std::size_t time_index, double c_mg_per_l) {
        ++counts[time_index * kBins + bin(c_mg_per_l)];
    }
    void merge(const ConcentrationSketch& other);
    /// The `percent` percentile at a time from the histogram of `n` values.
    double percentile(std::size_t time_index, double percent, std::size_t n) const;
};

/// Largest relative error of a sketch percentile: half a bin, 1/128 of the octave's start.
inline constexpr double kSketchRelativeError = 1.0 / 128.0;
/// Absolute error of a sketch percentile below the lowest bin (mg/L): 2^-30.
inline constexpr double kSketchFloorMgPerL = 1.0 / 1073741824.0;

/// Exact order-free sums of concentrations per output time: each value rounded to a multiple
/// of 2^-40 mg/L (about 1e-12 mg/L) and added as a 128-bit integer (two 64-bit words), so sums
/// are the same in any order. Values must be below 2^22 mg/L.
struct FixedPointSums {
    static constexpr double kScale = 1099511627776.0;  // 2^40
    std::vector<std::int64_t> high;
    std::vector<std::uint64_t> low;

    explicit FixedPointSums(std::size_t times = 0) : high(times, 0), low(times, 0) {}
    void add(std::size_t time_index, double c_mg_per_l);
    void merge(const FixedPointSums& other);
    /// The sum at a time (mg/L), rounded once to double.
    double sum(std::size_t time_index) const;
};

/// The outcome of a population run (or of a chunk of one).
struct PopulationResult {
    std::vector<double> times_h;
    std::size_t first_subject = 0;
    std::size_t n_subjects = 0;
    std::vector<std::string> effect_names;  ///< the parameters with a random effect
    std::vector<PopulationBand> bands;
    std::vector<double> percentiles{5.0, 25.0, 50.0, 75.0, 95.0};  ///< percent

    /// Mean concentration per time (mg/L).
    Eigen::VectorXd mean_mg_per_l;
    /// Percentiles per time (mg/L): times x percentiles.
    ResultMatrix percentiles_mg_per_l;
    /// True when the percentiles are exact (from the curves); false: from the sketch.
    bool exact_percentiles = false;

    /// Every curve (mg/L), subjects x times; empty unless keep_curves.
    ResultMatrix curves_mg_per_l;
    /// Per subject (empty unless keep_nca): weight (kg), the parameters' eta, Cmax (mg/L),
    /// Tmax (h), AUC over the output times (mg h/L), time in each band (h).
    Eigen::VectorXd weight_kg;
    ResultMatrix eta;
    /// The drawn covariates (Population::covariate_distributions, in their order), subjects x
    /// covariates; empty unless keep_nca.
    std::vector<std::string> drawn_covariate_names;
    ResultMatrix drawn_covariates;
    Eigen::VectorXd cmax_mg_per_l;
    Eigen::VectorXd tmax_h;
    Eigen::VectorXd auc_mg_h_per_l;
    ResultMatrix time_in_band_h;

    /// Subjects whose concentration reached each band (some output inside it, or a crossing
    /// through it between two outputs): the band probability is reached / n_subjects.
    std::vector<std::uint64_t> band_reached;

    /// The mergeable state of the summary.
    FixedPointSums sums;
    ConcentrationSketch sketch;

    /// Fills mean and percentiles from the sums and the curves (exact) or the sketch.
    void summarise();
};

/// Simulates subjects [options.first_subject, options.first_subject + n) of `population` at
/// `times`, on options.threads threads. Throws InvalidInput naming the field for invalid input
/// (omega, weights, bands, options), SolverError naming the subject for a failed simulation,
/// Cancelled when cancelled.
PopulationResult simulate_population(const Population& population, std::size_t n,
                                     const OutputTimes& times, const PopulationOptions& options);

/// Joins the results of consecutive chunks (each starting where the one before ends) into the
/// result of the whole run: the same bits as one run over all subjects. Throws InvalidInput
/// for chunks that do not follow each other or differ in times, bands or what they kept.
PopulationResult merge_populations(const std::vector<PopulationResult>& chunks);

}  // namespace pkengine
