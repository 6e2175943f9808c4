// The population run: threads over subjects. The only translation unit of the engine that
// starts threads; each worker owns its workspace and its share of the summaries, which merge
// exactly after the join (tests/threads runs it under ThreadSanitizer).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <thread>

#include "compile.hpp"
#include "exact_solver.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/nca.hpp"
#include "run.hpp"
#include "variability.hpp"

namespace pkengine {

namespace {

/// The most subjects of one run (sketch counts are 32-bit).
constexpr std::size_t kMaxSubjects = 1'000'000'000;

/// Covariate columns: one row per subject, finite, names unique; each effect's parameter is one
/// a population can vary and its reference is usable.
void validate_covariates(const Population& p, std::size_t n) {
    const auto k = static_cast<Eigen::Index>(p.covariate_names.size());
    if (k > 0 &&
        (p.covariates.rows() != static_cast<Eigen::Index>(n) || p.covariates.cols() != k)) {
        throw InvalidInput("covariates: " + std::to_string(p.covariates.rows()) + " x " +
                           std::to_string(p.covariates.cols()) + " values for " +
                           std::to_string(n) + " subjects and " + std::to_string(k) +
                           " covariates (one row per subject, one column per name)");
    }
    for (Eigen::Index j = 0; j < k; ++j) {
        const std::string& name = p.covariate_names[static_cast<std::size_t>(j)];
        for (Eigen::Index i = 0; i < p.covariates.rows(); ++i) {
            if (std::isfinite(p.covariates(i, j))) continue;
            detail::require_finite(p.covariates(i, j),
                                   "covariate " + name + " of subject " + std::to_string(i));
        }
        for (Eigen::Index m = 0; m < j; ++m) {
            if (p.covariate_names[static_cast<std::size_t>(m)] == name) {
                throw InvalidInput("covariate " + name + ": given twice");
            }
        }
    }
    for (std::size_t d = 0; d < p.covariate_distributions.size(); ++d) {
        const CovariateDistribution& distribution = p.covariate_distributions[d];
        distribution.validate();
        const auto& names = p.covariate_names;
        if (std::find(names.begin(), names.end(), distribution.name) != names.end()) {
            throw InvalidInput("covariate " + distribution.name +
                               ": given both as a column and as a distribution (keep one)");
        }
        for (std::size_t m = 0; m < d; ++m) {
            if (p.covariate_distributions[m].name == distribution.name) {
                throw InvalidInput("covariate " + distribution.name + ": drawn twice");
            }
        }
    }
    for (const CovariateEffect& e : p.covariate_effects) {
        const std::string field = "covariate effect of " + e.covariate + " on " + e.parameter;
        const auto column = parse_parameter_column(e.parameter);
        if (!column) {
            throw InvalidInput(field +
                               ": not a parameter name (CL, V1, ...; NONMEM's on library "
                               "and general linear models)");
        }
        // Values only: a swallowed fraction or a modelled rate can decide which compartments
        // and inputs a subject has, and every subject keeps the typical one's structure.
        if (column->kind == ParameterKind::Swallowed ||
            column->kind == ParameterKind::ModelledRate ||
            column->kind == ParameterKind::ModelledDuration) {
            throw InvalidInput(field +
                               ": a covariate acts on a value of the model (CL, V1, KA_<ROUTE>, "
                               "F_<ROUTE>, LAG_<ROUTE>, NONMEM's names), not on a swallowed "
                               "fraction or a modelled rate or duration");
        }
        detail::require_finite(e.coefficient, field + ".coefficient");
        detail::require_finite(e.reference, field + ".reference");
        if (e.kind == CovariateEffectKind::Power) detail::require_positive(e.reference, field);
    }
}

void validate_population(const Population& p, std::size_t n, const PopulationOptions& options) {
    options.simulation.validate();
    p.residual.validate();
    detail::require_positive(p.reference_weight_kg, "reference_weight_kg");
    detail::require_enum(p.weight_scaling, WeightScaling::PerKg, WeightScaling::None,
                         "weight_scaling");
    if (n > kMaxSubjects) {
        detail::fail("n", static_cast<double>(n), "is more than 10^9 subjects");
    }
    if (p.weights_kg.empty()) {
        p.weight_distribution.validate();
    } else {
        if (p.weights_kg.size() != n) {
            detail::fail("weights_kg.size", static_cast<double>(p.weights_kg.size()),
                         "must be the number of subjects, " + std::to_string(n));
        }
        for (std::size_t i = 0; i < p.weights_kg.size(); ++i) {
            const double w = p.weights_kg[i];
            if (std::isfinite(w) && w > 0.0 && w <= 500.0) continue;  // named only when wrong
            const std::string field = detail::indexed("weights_kg", i);
            detail::require_positive(w, field);
            detail::fail(field, w, "must be <= 500 kg");
        }
    }
    for (std::size_t i = 0; i < p.bands.size(); ++i) {
        const PopulationBand& b = p.bands[i];
        const std::string field = "bands[" + std::to_string(i) + "] (" + b.name + ")";
        detail::require_non_negative(b.low_mg_per_l, field + ".low_mg_per_l");
        if (!(b.high_mg_per_l > b.low_mg_per_l)) {
            detail::fail(field + ".high_mg_per_l", b.high_mg_per_l, "must be > low_mg_per_l");
        }
    }
    validate_covariates(p, n);
    if (p.f_uniform_in_range && p.model.linear_structure()) {
        throw InvalidInput(
            "f_uniform_in_range: a general linear model's route targets are not drawn within "
            "their F range (simulate each end with bioavailability low and high)");
    }
    validate_events(p.regimen.events());
    // Once for the run: a subject's model has the typical one's structure and its records are
    // the typical records scaled, so each subject implies the same actions.
    detail::check_implied_actions(p.model, p.regimen.events(), options.simulation.max_actions);
}

/// What a run keeps per subject (curves: one value per output time; NCA: Cmax, Tmax, AUC,
/// weight, the etas and the time in each band), counted against max_output_values before
/// anything is allocated.
void check_kept_values(const Population& p, std::size_t n, std::size_t n_times,
                       const PopulationOptions& options) {
    double per_subject = 0.0;
    if (options.keep_curves) per_subject += static_cast<double>(n_times);
    if (options.keep_nca) {
        per_subject += 4.0 + static_cast<double>(p.variability.effects.size()) +
                       static_cast<double>(p.covariate_distributions.size()) +
                       static_cast<double>(p.bands.size());
    }
    const double values = static_cast<double>(n) * per_subject;
    const std::size_t limit = options.simulation.max_output_values;
    if (values <= static_cast<double>(limit)) return;
    throw InvalidInput("the population would keep " + std::to_string(n) + " subjects x " +
                       detail::format_value(per_subject) + " values (" +
                       (options.keep_curves
                            ? "a curve of " + std::to_string(n_times) + " output times" +
                                  (options.keep_nca ? " and NCA" : "")
                            : std::string("NCA")) +
                       ") = " + detail::format_value(values) +
                       ", more than max_output_values = " + std::to_string(limit) +
                       ": run fewer subjects at a time (first_subject), use fewer output times, "
                       "keep_curves off, or raise max_output_values");
}

/// What one worker owns: its workspace and its share of the summaries. The workspace holds a
/// subject's model, records, compiled problem and result, reused from one subject to the next.
struct Worker {
    FixedPointSums sums;
    ConcentrationSketch sketch;
    std::vector<std::uint64_t> reached;
    Eigen::VectorXd z;
    Eigen::VectorXd eta;
    Eigen::VectorXd drawn;  // the drawn covariates
    Model model{Disposition::one_compartment(1.0, 1.0)};
    std::vector<DoseEvent> events;
    detail::Recompiler compiler;
    detail::ExactWorkspace exact;
    Result result;
    std::vector<double> concentration;

    Worker(std::size_t n_times, std::size_t n_bands, Eigen::Index n_effects, Eigen::Index n_drawn)
        : sums(n_times),
          sketch(n_times),
          reached(n_bands, 0),
          z(n_effects),
          eta(n_effects),
          drawn(n_drawn),
          concentration(n_times) {}
};

/// Re-throws the current exception with "subject i: " before its message (same type).
[[noreturn]] void rethrow_for_subject(std::size_t subject) {
    const std::string who = "subject " + std::to_string(subject) + ": ";
    try {
        throw;
    } catch (const InvalidInput& e) {
        const std::string what = e.what();
        throw InvalidInput(what.rfind("subject ", 0) == 0 ? what : who + what);
    } catch (const SolverError& e) {
        throw SolverError(who + e.what());
    }
}

class Run {
public:
    Run(const Population& population, std::size_t n, const OutputTimes& times,
        const PopulationOptions& options, PopulationResult& result)
        : m_population(population),
          m_n(n),
          m_times(times),
          m_options(options),
          m_result(result),
          m_variability(detail::compile_variability(population)) {}

    void execute(unsigned threads) {
        const std::size_t nt = m_times.size();
        const auto k = static_cast<Eigen::Index>(m_variability.columns.size());
        std::vector<Worker> workers;
        workers.reserve(threads);
        for (unsigned w = 0; w < threads; ++w)
            workers.emplace_back(
                nt, m_population.bands.size(), k,
                static_cast<Eigen::Index>(m_population.covariate_distributions.size()));
        std::vector<std::thread> pool;
        pool.reserve(threads);
        for (unsigned w = 0; w < threads; ++w) {
            pool.emplace_back([this, &workers, w] { work(workers[w]); });
        }
        report_progress_until_done(threads);
        for (std::thread& t : pool) t.join();
        if (m_error) std::rethrow_exception(m_error);
        if (m_completed.load() < m_n) throw Cancelled(started(), m_started_when_seen);
        for (const Worker& w : workers) {
            m_result.sums.merge(w.sums);
            m_result.sketch.merge(w.sketch);
            for (std::size_t b = 0; b < w.reached.size(); ++b)
                m_result.band_reached[b] += w.reached[b];
        }
    }

private:
    std::size_t started() const { return std::min(m_next.load(), m_n); }

    bool cancelled() const { return m_options.cancel != nullptr && m_options.cancel->load(); }

    void report_progress_until_done(unsigned threads) {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (m_finished_workers < threads) {
            m_done.wait_for(lock, std::chrono::milliseconds(50));
            // After an error (Ctrl-C raised by the progress callback among them) the callback is
            // not called again: it reported once and the workers are stopping.
            if (m_options.progress && !m_failed.load()) {
                lock.unlock();
                try {
                    m_options.progress(m_completed.load(), started());
                } catch (...) {
                    record_error(std::numeric_limits<std::size_t>::max(), std::current_exception());
                }
                lock.lock();
            }
            if (cancelled() && !m_seen_cancel) {
                m_seen_cancel = true;
                m_started_when_seen = started();
            }
        }
        lock.unlock();
        if (m_options.progress && !m_error) m_options.progress(m_completed.load(), started());
    }

    void record_error(std::size_t subject, std::exception_ptr error) {
        std::lock_guard<std::mutex> guard(m_error_mutex);
        // The error of the lowest subject wins, so the message does not depend on the threads
        // (among the subjects that ran).
        if (!m_error || subject < m_error_subject) {
            m_error = std::move(error);
            m_error_subject = subject;
        }
        m_failed.store(true);
    }

    void work(Worker& worker) {
        while (!cancelled() && !m_failed.load()) {
            const std::size_t i = m_next.fetch_add(1);
            if (i >= m_n) break;
            try {
                simulate_subject(worker, i);
            } catch (...) {
                try {
                    rethrow_for_subject(m_options.first_subject + i);
                } catch (...) {
                    record_error(i, std::current_exception());
                }
            }
            m_completed.fetch_add(1);
        }
        {
            std::lock_guard<std::mutex> guard(m_mutex);
            ++m_finished_workers;
        }
        m_done.notify_one();
    }

    void simulate_subject(Worker& w, std::size_t i) {
        const std::uint64_t seed = m_options.seed;
        const std::uint64_t subject = m_options.first_subject + i;
        const double weight = detail::subject_weight(m_population, seed, subject, subject - i);
        detail::draw_eta(m_variability, seed, subject, w.z, w.eta);
        const FChoice choice = m_options.simulation.bioavailability;
        detail::draw_covariates(m_population, seed, subject, w.drawn);
        detail::subject_model(m_population, m_variability, w.eta, w.drawn, weight, choice, seed,
                              subject, i, w.model);
        w.events = m_population.regimen.events();
        if (m_population.dose_per_kg) {
            for (DoseEvent& e : w.events) {
                e.amount_mg *= weight;
                e.rate_mg_per_h *= weight;
            }
        }
        const detail::Problem& problem = w.compiler.compile(w.model, w.events, choice);
        detail::run_into(problem, m_times.times(), m_no_order, m_options.simulation, w.exact,
                         w.result);
        const Result& r = w.result;
        const std::size_t nt = m_times.size();
        const ResidualError& residual = m_population.residual;
        SubjectStream noise(seed, subject, DrawPurpose::Residual);
        for (std::size_t t = 0; t < nt; ++t) {
            double c = r.concentration_mg_per_l[static_cast<Eigen::Index>(t)];
            if (residual.any()) {
                const double e1 = noise.normal();
                const double e2 = noise.normal();
                c = std::max(
                    0.0, c * (1.0 + residual.proportional * e1) + residual.additive_mg_per_l * e2);
            }
            w.concentration[t] = c;
            w.sums.add(t, c);
            w.sketch.add(t, c);
        }
        const auto row = static_cast<Eigen::Index>(i);
        if (m_options.keep_curves) {
            for (std::size_t t = 0; t < nt; ++t) {
                m_result.curves_mg_per_l(row, static_cast<Eigen::Index>(t)) = w.concentration[t];
            }
        }
        const std::vector<double>& times = m_times.times();
        for (std::size_t b = 0; b < m_population.bands.size(); ++b) {
            const PopulationBand& band = m_population.bands[b];
            // An unbounded band (high = +inf) is the time above its low end.
            const nca::Coverage inside =
                nca::coverage(times, w.concentration, band.low_mg_per_l, band.high_mg_per_l);
            if (inside.intervals > 0) ++w.reached[b];
            if (m_options.keep_nca) {
                m_result.time_in_band_h(row, static_cast<Eigen::Index>(b)) = inside.total_h;
            }
        }
        if (!m_options.keep_nca) return;
        std::size_t peak = 0;
        for (std::size_t t = 1; t < nt; ++t) {
            if (w.concentration[t] > w.concentration[peak]) peak = t;
        }
        m_result.weight_kg[row] = weight;
        m_result.eta.row(row) = w.eta.transpose();
        m_result.drawn_covariates.row(row) = w.drawn.transpose();
        m_result.cmax_mg_per_l[row] = nt ? w.concentration[peak] : 0.0;
        m_result.tmax_h[row] = nt ? times[peak] : 0.0;
        m_result.auc_mg_h_per_l[row] = nt >= 2 ? nca::auc(times, w.concentration) : 0.0;
    }

    const Population& m_population;
    std::size_t m_n;
    const OutputTimes& m_times;
    const PopulationOptions& m_options;
    PopulationResult& m_result;
    detail::CompiledVariability m_variability;
    const std::vector<long> m_no_order;  // output times after every record at their time

    std::atomic<std::size_t> m_next{0};
    std::atomic<std::size_t> m_completed{0};
    std::atomic<bool> m_failed{false};
    std::mutex m_mutex;
    std::condition_variable m_done;
    unsigned m_finished_workers = 0;
    std::mutex m_error_mutex;
    std::exception_ptr m_error;
    std::size_t m_error_subject = 0;
    bool m_seen_cancel = false;
    std::size_t m_started_when_seen = 0;
};

}  // namespace

PopulationResult simulate_population(const Population& population, std::size_t n,
                                     const OutputTimes& times, const PopulationOptions& options) {
    validate_population(population, n, options);
    check_kept_values(population, n, times.size(), options);
    PopulationResult result;
    result.times_h = times.times();
    result.first_subject = options.first_subject;
    result.n_subjects = n;
    for (const RandomEffect& e : population.variability.effects) {
        result.effect_names.push_back(e.parameter);
    }
    result.bands = population.bands;
    for (const CovariateDistribution& d : population.covariate_distributions) {
        result.drawn_covariate_names.push_back(d.name);
    }
    const std::size_t nt = times.size();
    const auto rows = static_cast<Eigen::Index>(n);
    result.sums = FixedPointSums(nt);
    result.sketch = ConcentrationSketch(nt);
    result.band_reached.assign(population.bands.size(), 0);
    if (options.keep_curves) result.curves_mg_per_l.resize(rows, static_cast<Eigen::Index>(nt));
    if (options.keep_nca) {
        result.weight_kg.resize(rows);
        result.eta.resize(rows, static_cast<Eigen::Index>(population.variability.effects.size()));
        result.drawn_covariates.resize(
            rows, static_cast<Eigen::Index>(population.covariate_distributions.size()));
        result.cmax_mg_per_l.resize(rows);
        result.tmax_h.resize(rows);
        result.auc_mg_h_per_l.resize(rows);
        result.time_in_band_h.resize(rows, static_cast<Eigen::Index>(population.bands.size()));
    }
    unsigned threads = options.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(n, 1)));
    Run run(population, n, times, options, result);
    run.execute(threads);
    result.summarise();
    return result;
}

}  // namespace pkengine
