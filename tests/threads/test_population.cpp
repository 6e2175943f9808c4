// Populations: the generator, the normal quantile, Omega, the summaries, and the threaded run
// (bit-identical across threads and chunks, cancellation). An executable of its own, so that it
// can be built and run alone under ThreadSanitizer (-fsanitize=thread).
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "pkengine/pkengine.hpp"
#include "support.hpp"

using namespace pkengine;

namespace {

/// The reference model of the benchmarks with an oral depot (ka 3 /h, F 1).
Model reference_model() {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Oral, {Bioavailability::range(0.9, 0.6, 1.0), 3.0, 0.0, 0.0});
    return model;
}

Population reference_population() {
    Population p(reference_model(), Regimen::repeated(Dose::mg(50.0, Route::Oral), 8.0, 4));
    p.variability.effects = {
        {"CL", EtaScale::LogNormal}, {"V1", EtaScale::LogNormal}, {"KA_ORAL", EtaScale::LogNormal}};
    p.variability.omega.resize(3, 3);
    p.variability.omega << 0.09, 0.03, 0.0, 0.03, 0.0625, 0.0, 0.0, 0.0, 0.16;
    p.bands = {{"analgesia", 0.1, 0.3}, {"above", 0.5, std::numeric_limits<double>::infinity()}};
    return p;
}

/// True when both hold the same doubles, bit for bit.
bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    return a.size() == 0 || std::memcmp(a.data(), b.data(),
                                        sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

void require_identical(const PopulationResult& a, const PopulationResult& b) {
    REQUIRE(a.n_subjects == b.n_subjects);
    CHECK(same_bits(a.mean_mg_per_l, b.mean_mg_per_l));
    CHECK(same_bits(a.percentiles_mg_per_l, b.percentiles_mg_per_l));
    CHECK(same_bits(a.curves_mg_per_l, b.curves_mg_per_l));
    CHECK(same_bits(a.cmax_mg_per_l, b.cmax_mg_per_l));
    CHECK(same_bits(a.tmax_h, b.tmax_h));
    CHECK(same_bits(a.auc_mg_h_per_l, b.auc_mg_h_per_l));
    CHECK(same_bits(a.time_in_band_h, b.time_in_band_h));
    CHECK(same_bits(a.eta, b.eta));
    CHECK(same_bits(a.drawn_covariates, b.drawn_covariates));
    CHECK(a.drawn_covariate_names == b.drawn_covariate_names);
    CHECK(a.band_reached == b.band_reached);
    CHECK(a.sketch.counts == b.sketch.counts);
    CHECK(a.sums.high == b.sums.high);
    CHECK(a.sums.low == b.sums.low);
}

}  // namespace

TEST_CASE("Philox4x32-10 gives the known-answer blocks of Random123", "[population][random]") {
    // Known-answer vectors of the Random123 distribution (kat_vectors, philox4x32_10).
    CHECK(philox4x32({0u, 0u, 0u, 0u}, {0u, 0u}) ==
          std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    CHECK(philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                     {0xffffffffu, 0xffffffffu}) ==
          std::array<std::uint32_t, 4>{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    CHECK(philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                     {0xa4093822u, 0x299f31d0u}) ==
          std::array<std::uint32_t, 4>{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("the project's logarithm and normal quantile", "[population][random]") {
    // portable_log within 2 ulp of std::log over many magnitudes.
    for (double x = 1e-300; x < 1e300; x *= 1.37) {
        const double exact = std::log(x);
        CHECK(std::abs(portable_log(x) - exact) <= 2.0 * std::abs(exact) * 0x1.0p-52 + 0x1.0p-1074);
    }
    CHECK(portable_log(1.0) == 0.0);
    // Published quantiles of the standard normal (to 16 digits).
    CHECK(normal_quantile(0.5) == 0.0);
    CHECK(std::abs(normal_quantile(0.975) - 1.959963984540054) < 1e-15);
    CHECK(std::abs(normal_quantile(0.025) + 1.959963984540054) < 1e-15);
    CHECK(std::abs(normal_quantile(0.8413447460685429) - 1.0) < 1e-14);
    CHECK(std::abs(normal_quantile(1e-10) + 6.361340902404056) < 1e-13);
    CHECK_THROWS_AS(normal_quantile(0.0), InvalidInput);
    // Streams: a subject's draws depend on (seed, subject, purpose) only.
    SubjectStream a(7, 12345, DrawPurpose::Eta);
    SubjectStream b(7, 12345, DrawPurpose::Eta);
    SubjectStream c(7, 12345, DrawPurpose::Residual);
    SubjectStream d(8, 12345, DrawPurpose::Eta);
    const double first = a.normal();
    CHECK(first == b.normal());
    CHECK(first != c.normal());
    CHECK(first != d.normal());
}

TEST_CASE("drawn eta have the mean and covariance of Omega", "[population]") {
    Population p = reference_population();
    p.regimen = Regimen::single(Dose::mg(50.0, Route::Oral));
    PopulationOptions options;
    options.seed = 2024;
    options.threads = 2;
    const std::size_t n = 20000;
    const PopulationResult r =
        simulate_population(p, n, OutputTimes::uniform(0.0, 2.0, 1.0), options);
    const Eigen::MatrixXd eta = r.eta;
    const Eigen::RowVectorXd mean = eta.colwise().mean();
    const Eigen::MatrixXd centred = eta.rowwise() - mean;
    const Eigen::MatrixXd cov = centred.transpose() * centred / static_cast<double>(n - 1);
    const Eigen::MatrixXd& omega = p.variability.omega;
    // Statistical tolerance: 4 standard errors (a fixed seed, so the test is deterministic; a
    // correct generator fails it with probability about 6e-5 per entry for another seed).
    // SE of a mean: sqrt(omega_ii / n); of a covariance: sqrt((omega_ii omega_jj + omega_ij^2)/n).
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(std::abs(mean[i]) < 4.0 * std::sqrt(omega(i, i) / n));
        for (Eigen::Index j = 0; j < 3; ++j) {
            const double se =
                std::sqrt((omega(i, i) * omega(j, j) + omega(i, j) * omega(i, j)) / n);
            CHECK(std::abs(cov(i, j) - omega(i, j)) < 4.0 * se);
        }
    }
}

TEST_CASE("Omega is checked: symmetric, positive semi-definite, named entries", "[population]") {
    Variability v;
    v.effects = {{"CL", EtaScale::LogNormal}, {"V1", EtaScale::LogNormal}};
    v.omega.resize(2, 2);
    v.omega << 0.09, 0.05, 0.04, 0.09;
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("omega[1][0] (V1, CL) = 0.04") &&
                                        Catch::Contains("symmetric"));
    v.omega << 0.09, 0.2, 0.2, 0.09;
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("omega[1][1] (V1, V1)") &&
                                        Catch::Contains("positive semi-definite"));
    v.omega << 0.09, 0.09, 0.09, 0.09;  // perfectly correlated: semi-definite, accepted
    CHECK_NOTHROW(v.validate());
    v.effects[1].parameter = "Q9";
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("'Q9'"));
    v.effects[1] = {"CL", EtaScale::LogNormal};
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("given twice"));
    v.effects[1] = {"V1", EtaScale::LogitNormal};
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("logit_normal applies to fractions"));
    // CV -> omega^2 = ln(1 + CV^2): 30 % gives 0.086178...
    CHECK(std::abs(omega_squared_from_cv(0.3) - std::log(1.09)) < 1e-16);
    const Variability from = Variability::from_cv({{"CL", 0.3}, {"F_ORAL", 0.5}});
    CHECK(from.omega(0, 0) == std::log1p(0.09));
    CHECK(from.effects[1].scale == EtaScale::LogitNormal);
    CHECK(from.omega(1, 1) == 0.25);
}

TEST_CASE("Omega = 0 reproduces the typical curve exactly", "[population]") {
    Population p = reference_population();
    p.variability.omega.setZero();
    const OutputTimes times = OutputTimes::uniform(0.0, 36.0, 0.25);
    PopulationOptions options;
    options.seed = 1;
    options.threads = 2;
    options.keep_curves = true;
    const PopulationResult r = simulate_population(p, 9, times, options);
    const Result typical = simulate(p.model, p.regimen, times);
    for (Eigen::Index s = 0; s < 9; ++s) {
        CHECK(same_bits(r.curves_mg_per_l.row(s).transpose(), typical.concentration_mg_per_l));
    }
    CHECK(r.exact_percentiles);
    for (Eigen::Index k = 0; k < 5; ++k) {
        CHECK(same_bits(r.percentiles_mg_per_l.col(k), typical.concentration_mg_per_l));
    }
    // The mean is a fixed-point sum: exact to its resolution, 2^-40 mg/L.
    CHECK((r.mean_mg_per_l - typical.concentration_mg_per_l).cwiseAbs().maxCoeff() <= 0x1.0p-40);
}

TEST_CASE("populations are bit-identical across threads and chunkings", "[population][threads]") {
    Population p = reference_population();
    p.weight_distribution = {70.0, 0.2, 40.0, 150.0};
    p.weight_scaling = WeightScaling::Allometric;
    p.dose_per_kg = true;
    p.regimen = Regimen::repeated(Dose::mg(0.7, Route::Oral), 8.0, 4);
    p.residual = {0.005, 0.1};
    // A drawn age slowing clearance above 50, and a drawn indicator halving ka.
    p.covariate_distributions = {{"AGE", CovariateDistributionKind::Normal, 45.0, 15.0, 18.0, 86.0},
                                 {"FED", CovariateDistributionKind::Bernoulli, 0.3, 0.0}};
    p.covariate_effects = {{"AGE", "CL", CovariateEffectKind::LinearAbove, 50.0, -0.5, {}},
                           {"FED", "KA_ORAL", CovariateEffectKind::Factor, 0.0, 0.5, {}}};
    const OutputTimes times = OutputTimes::uniform(0.0, 40.0, 0.5);
    PopulationOptions options;
    options.seed = 99;
    options.keep_curves = true;
    options.threads = 1;
    const std::size_t n = 250;
    const PopulationResult one = simulate_population(p, n, times, options);
    for (unsigned threads : {2u, 7u}) {
        options.threads = threads;
        require_identical(one, simulate_population(p, n, times, options));
    }
    // Chunks [0, 37), [37, 100), [100, 250) on different thread counts, merged.
    std::vector<PopulationResult> chunks;
    const std::size_t bounds[] = {0, 37, 100, 250};
    for (int c = 0; c < 3; ++c) {
        options.first_subject = bounds[c];
        options.threads = static_cast<unsigned>(c + 1);
        chunks.push_back(simulate_population(p, bounds[c + 1] - bounds[c], times, options));
    }
    require_identical(one, merge_populations(chunks));
    // Summaries only (sketch percentiles): the same across threads too.
    options.first_subject = 0;
    options.keep_curves = false;
    options.keep_nca = false;
    options.threads = 1;
    const PopulationResult s1 = simulate_population(p, n, times, options);
    options.threads = 7;
    const PopulationResult s7 = simulate_population(p, n, times, options);
    CHECK_FALSE(s1.exact_percentiles);
    require_identical(s1, s7);
    CHECK(same_bits(s1.mean_mg_per_l, one.mean_mg_per_l));
    // Chunks that do not follow each other are refused.
    std::swap(chunks[0], chunks[1]);
    CHECK_THROWS_WITH(
        merge_populations(chunks),
        Catch::Contains(
            "chunks[1].first_subject = 0: chunks must follow each other (expected 100)"));
}

TEST_CASE("sketch percentiles lie within the stated bound of the exact ones", "[population]") {
    Population p = reference_population();
    const OutputTimes times = OutputTimes::uniform(0.0, 48.0, 0.2);
    PopulationOptions options;
    options.seed = 5;
    options.keep_curves = true;
    const PopulationResult r = simulate_population(p, 3001, times, options);
    REQUIRE(r.exact_percentiles);
    int checked = 0;
    for (std::size_t t = 0; t < times.size(); ++t) {
        for (std::size_t k = 0; k < r.percentiles.size(); ++k) {
            const double exact =
                r.percentiles_mg_per_l(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k));
            const double sketch = r.sketch.percentile(t, r.percentiles[k], r.n_subjects);
            const double bound = std::max(kSketchRelativeError * exact, kSketchFloorMgPerL);
            CHECK(std::abs(sketch - exact) <= bound);
            ++checked;
        }
    }
    CHECK(checked == 241 * 5);
    // The bound is tight: some percentile is off by more than a tenth of it.
    double worst = 0.0;
    for (std::size_t t = 1; t < times.size(); ++t) {
        const double exact = r.percentiles_mg_per_l(static_cast<Eigen::Index>(t), 2);
        worst =
            std::max(worst, std::abs(r.sketch.percentile(t, 50.0, r.n_subjects) - exact) / exact);
    }
    CHECK(worst > 0.1 * kSketchRelativeError);
}

TEST_CASE("per-kg model and mg/kg dose: the concentration does not depend on weight",
          "[population]") {
    Population p = reference_population();
    p.variability = {};
    p.weight_scaling = WeightScaling::PerKg;
    p.dose_per_kg = true;
    p.regimen = Regimen::single(Dose::mg(0.5, Route::Oral));
    p.weights_kg = {35.0, 70.0, 140.0};
    const OutputTimes times = OutputTimes::uniform(0.0, 12.0, 0.5);
    PopulationOptions options;
    options.keep_curves = true;
    const PopulationResult r = simulate_population(p, 3, times, options);
    CHECK(r.weight_kg[0] == 35.0);
    const Eigen::RowVectorXd reference = r.curves_mg_per_l.row(1);
    for (Eigen::Index s : {0, 2}) {
        const double diff = (r.curves_mg_per_l.row(s) - reference).cwiseAbs().maxCoeff();
        CHECK(diff < 1e-12 * reference.maxCoeff());
    }
    p.weights_kg = {70.0};
    CHECK_THROWS_WITH(simulate_population(p, 3, times, options),
                      Catch::Contains("weights_kg.size = 1"));
}

TEST_CASE("proportional residual error has the stated spread", "[population]") {
    Population p = reference_population();
    p.variability = {};
    p.residual.proportional = 0.2;
    const OutputTimes times = OutputTimes::uniform(1.0, 20.0, 1.0);
    PopulationOptions options;
    options.keep_curves = true;
    options.seed = 3;
    const std::size_t n = 2000;
    const PopulationResult r = simulate_population(p, n, times, options);
    const Result typical = simulate(p.model, p.regimen, times);
    double sum = 0.0;
    double sum2 = 0.0;
    for (Eigen::Index s = 0; s < static_cast<Eigen::Index>(n); ++s) {
        for (Eigen::Index t = 0; t < typical.concentration_mg_per_l.size(); ++t) {
            const double e = r.curves_mg_per_l(s, t) / typical.concentration_mg_per_l[t] - 1.0;
            sum += e;
            sum2 += e * e;
        }
    }
    const double m = static_cast<double>(n) * typical.concentration_mg_per_l.size();
    const double sd = std::sqrt(sum2 / m - (sum / m) * (sum / m));
    // 40 000 draws: the SD of a sample SD is about 0.2 / sqrt(2 m) = 7e-4; 5 of them.
    CHECK(std::abs(sd - 0.2) < 3.5e-3);
    CHECK(std::abs(sum / m) < 5.0 * 0.2 / std::sqrt(m));
}

TEST_CASE("cancellation: after the flag, at most one more subject per thread starts",
          "[population][threads]") {
    Population p = reference_population();
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.1);
    for (unsigned threads : {1u, 2u, 7u}) {
        std::atomic<bool> cancel{false};
        PopulationOptions options;
        options.threads = threads;
        options.keep_nca = false;
        options.cancel = &cancel;
        // The first progress report (after about 50 ms) cancels, as Ctrl-C does in Python.
        options.progress = [&cancel](std::size_t, std::size_t) { cancel.store(true); };
        const std::size_t n = 2'000'000;
        try {
            simulate_population(p, n, times, options);
            FAIL("the run was not cancelled");
        } catch (const Cancelled& e) {
            CHECK(e.started_when_seen() > 0);
            CHECK(e.subjects_started() >= e.started_when_seen());
            CHECK(e.subjects_started() <= e.started_when_seen() + threads);
            CHECK(e.subjects_started() < n);
        }
    }
}

TEST_CASE("each subject, recompiled in place, is the curve simulate() gives its own model",
          "[population]") {
    // A worker compiles its first subject and refills the others in place (Recompiler,
    // run_into). Rebuilt from its eta, weight and covariate, every subject's model must give the
    // same doubles through the public simulate(), bit for bit: with infusions that overlap the
    // next doses (the timeline is re-sorted per subject) and a lag that moves each subject's
    // oral doses.
    Model model = reference_model();
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.8), 3.0, 0.25, 0.0});
    Regimen regimen = Regimen::repeated(Dose::mg(50.0, Route::Oral), 6.0, 4);
    for (double t : {1.0, 5.0, 9.0}) {
        regimen.add(Dose::mg(20.0, Route::IvInfusion, 5.0).at(t));
    }
    Population p(model, regimen);
    p.variability = Variability::from_cv(
        {{"CL", 0.3}, {"V1", 0.25}, {"KA_ORAL", 0.4}, {"LAG_ORAL", 0.5}, {"F_ORAL", 0.5}});
    p.weights_kg = {55.0, 70.0, 82.0, 64.0, 91.0, 70.0, 48.0, 75.0};
    p.weight_scaling = WeightScaling::PerKg;
    p.covariate_names = {"FAST"};
    p.covariates.resize(8, 1);
    p.covariates << 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0;
    p.covariate_effects = {{"FAST", "KA_ORAL", CovariateEffectKind::Factor, 0.0, 2.0, {}}};
    const OutputTimes times = OutputTimes::uniform(0.0, 30.0, 0.25);
    PopulationOptions options;
    options.seed = 11;
    options.threads = 1;
    options.keep_curves = true;
    const PopulationResult r = simulate_population(p, 8, times, options);
    for (Eigen::Index s = 0; s < 8; ++s) {
        const double ratio = p.weights_kg[static_cast<std::size_t>(s)] / 70.0;
        Model own = p.model;
        const Disposition& d = own.disposition();
        own.set_disposition(Disposition::three_compartment(d.cl() * ratio, d.v1() * ratio,
                                                           d.q2() * ratio, d.v2() * ratio,
                                                           d.q3() * ratio, d.v3() * ratio));
        if (p.covariates(s, 0) == 1.0) {
            own = with_parameter(own, *parse_parameter_column("KA_ORAL"),
                                 own.absorption(Route::Oral).ka_per_h * 2.0, "KA_ORAL");
        }
        for (std::size_t k = 0; k < p.variability.effects.size(); ++k) {
            const std::string& name = p.variability.effects[k].parameter;
            const ParameterColumn column = *parse_parameter_column(name);
            const Absorption& a = own.absorption(Route::Oral);
            const double eta = r.eta(s, static_cast<Eigen::Index>(k));
            double value = 0.0;
            switch (column.kind) {
                case ParameterKind::Cl: value = own.disposition().cl() * std::exp(eta); break;
                case ParameterKind::V1: value = own.disposition().v1() * std::exp(eta); break;
                case ParameterKind::Ka: value = a.ka_per_h * std::exp(eta); break;
                case ParameterKind::Lag: value = a.lag_h * std::exp(eta); break;
                default: {
                    const double f = a.f.nominal;
                    value = 1.0 / (1.0 + std::exp(-(std::log(f / (1.0 - f)) + eta)));
                }
            }
            own = with_parameter(own, column, value, name);
        }
        const Result expected = simulate(own, p.regimen, times);
        INFO("subject " << s);
        CHECK(same_bits(r.curves_mg_per_l.row(s).transpose(), expected.concentration_mg_per_l));
    }
}

TEST_CASE("a covariate acts on values, not on what decides a subject's compartments",
          "[population]") {
    Population p = reference_population();
    p.covariate_names = {"AGE"};
    p.covariates = Eigen::MatrixXd::Constant(3, 1, 40.0);
    p.covariate_effects = {
        {"AGE", "SWALLOWED_SUBLINGUAL", CovariateEffectKind::LinearAbove, 30.0, 0.01, {}}};
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 1.0);
    CHECK_THROWS_WITH(simulate_population(p, 3, times, PopulationOptions{}),
                      Catch::Contains("covariate effect of AGE on SWALLOWED_SUBLINGUAL") &&
                          Catch::Contains("not on a swallowed fraction"));
}

TEST_CASE("covariates drawn from their distributions", "[population]") {
    // 20 000 subjects; each statistic within 4 standard errors of its exact value.
    Population p = reference_population();
    p.variability = Variability{};
    p.bands.clear();
    p.covariate_distributions = {
        {"AGE", CovariateDistributionKind::Normal, 45.0, 15.0, 18.0, 86.0},
        {"ASIAN", CovariateDistributionKind::Bernoulli, 0.2, 0.0},
        {"HEIGHT", CovariateDistributionKind::Uniform, 150.0, 190.0},
        {"CRCL", CovariateDistributionKind::LogNormal, 100.0, 0.3, 0.0, 1e9}};
    const std::size_t n = 20'000;
    const OutputTimes times = OutputTimes::at({0.0, 1.0});
    PopulationOptions options;
    options.seed = 5;
    options.threads = 2;
    const PopulationResult r = simulate_population(p, n, times, options);
    REQUIRE(r.drawn_covariate_names == std::vector<std::string>{"AGE", "ASIAN", "HEIGHT", "CRCL"});
    REQUIRE(r.drawn_covariates.rows() == static_cast<Eigen::Index>(n));
    const auto column = [&r](Eigen::Index k) { return r.drawn_covariates.col(k); };
    const double root_n = std::sqrt(static_cast<double>(n));
    // Normal(45, 15) truncated to [18, 86]: mean mu + sigma (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
    const auto phi = [](double x) {
        return std::exp(-0.5 * x * x) / std::sqrt(2.0 * 3.14159265358979323846);
    };
    const auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
    const double alpha = (18.0 - 45.0) / 15.0, beta = (86.0 - 45.0) / 15.0;
    const double age_mean = 45.0 + 15.0 * (phi(alpha) - phi(beta)) / (cdf(beta) - cdf(alpha));
    CHECK(column(0).minCoeff() >= 18.0);
    CHECK(column(0).maxCoeff() <= 86.0);
    CHECK(std::abs(column(0).mean() - age_mean) <= 4.0 * 15.0 / root_n);
    // Bernoulli(0.2): only 0 and 1, a share of 0.2 +- 4 sqrt(0.16 / n).
    CHECK((column(1).array() * (1.0 - column(1).array())).cwiseAbs().maxCoeff() == 0.0);
    CHECK(std::abs(column(1).mean() - 0.2) <= 4.0 * std::sqrt(0.16) / root_n);
    // Uniform[150, 190): mean 170, SD 40 / sqrt(12).
    CHECK(column(2).minCoeff() >= 150.0);
    CHECK(column(2).maxCoeff() < 190.0);
    CHECK(std::abs(column(2).mean() - 170.0) <= 4.0 * (40.0 / std::sqrt(12.0)) / root_n);
    // Log-normal, median 100, CV 30 %: the log has mean ln 100 and SD sqrt(ln 1.09).
    const double sigma = std::sqrt(std::log(1.09));
    CHECK(std::abs(column(3).array().log().mean() - std::log(100.0)) <= 4.0 * sigma / root_n);
}

TEST_CASE("a drawn covariate acts as the same value given in a table", "[population]") {
    Population drawn = reference_population();
    drawn.covariate_distributions = {{"AGE", CovariateDistributionKind::Uniform, 20.0, 80.0},
                                     {"FED", CovariateDistributionKind::Bernoulli, 0.5, 0.0}};
    drawn.covariate_effects = {{"AGE", "CL", CovariateEffectKind::LinearAbove, 50.0, -0.5, {}},
                               {"FED", "KA_ORAL", CovariateEffectKind::Factor, 0.0, 0.5, {}}};
    const OutputTimes times = OutputTimes::uniform(0.0, 30.0, 0.5);
    PopulationOptions options;
    options.seed = 3;
    options.keep_curves = true;
    const PopulationResult r = simulate_population(drawn, 40, times, options);
    Population table = drawn;
    table.covariate_distributions.clear();
    table.covariate_names = {"AGE", "FED"};
    table.covariates = r.drawn_covariates;
    const PopulationResult t = simulate_population(table, 40, times, options);
    CHECK(same_bits(r.curves_mg_per_l, t.curves_mg_per_l));
    CHECK(r.drawn_covariates.col(1).sum() > 0.0);  // some subjects fed, some not
    CHECK(r.drawn_covariates.col(1).sum() < 40.0);
    // Errors name the covariate and the field.
    table.covariate_distributions = {{"AGE", CovariateDistributionKind::Uniform, 20.0, 80.0}};
    CHECK_THROWS_WITH(
        simulate_population(table, 40, times, options),
        Catch::Contains("covariate AGE: given both as a column and as a distribution"));
    drawn.covariate_distributions[1].a = 1.5;
    CHECK_THROWS_WITH(simulate_population(drawn, 40, times, options),
                      Catch::Contains("covariate FED (bernoulli).p = 1.5") &&
                          Catch::Contains("must be in [0, 1]"));
    drawn.covariate_distributions[1] = {"FED", CovariateDistributionKind::Normal, 5.0, 1.0, 0.0,
                                        1.0};
    CHECK_THROWS_WITH(simulate_population(drawn, 40, times, options),
                      Catch::Contains("covariate FED (normal).mean = 5") &&
                          Catch::Contains("must lie within [min, max] = [0, 1]"));
}
