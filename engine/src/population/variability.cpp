// Between-subject variability: Omega checked and factored, eta drawn, a subject's model made.
#include "variability.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine {

namespace {

/// A name as the parsers below compare it: lower case, '-' read as '_'.
std::string option_key(std::string_view name) {
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::replace(key.begin(), key.end(), '-', '_');
    return key;
}

}  // namespace

std::string_view eta_scale_name(EtaScale scale) {
    switch (scale) {
        case EtaScale::LogNormal: return "log_normal";
        case EtaScale::LogitNormal: return "logit_normal";
        case EtaScale::Additive: return "additive";
    }
    return "unknown";
}

EtaScale parse_eta_scale(std::string_view name) {
    const std::string key = option_key(name);
    for (EtaScale s : {EtaScale::LogNormal, EtaScale::LogitNormal, EtaScale::Additive}) {
        if (key == eta_scale_name(s)) return s;
    }
    throw InvalidInput("scale = '" + std::string(name) +
                       "': unknown scale (expected log_normal, logit_normal or additive)");
}

double omega_squared_from_cv(double cv) {
    detail::require_non_negative(cv, "cv");
    return std::log1p(cv * cv);
}

namespace {

/// A fraction: F_<ROUTE>, or NONMEM's F<n> (on a general linear model's own depot, its route
/// target's fraction).
bool is_fraction_parameter(const std::string& name) {
    if (name.rfind("F_", 0) == 0) return true;
    const auto column = parse_parameter_column(name);
    return column && column->kind == ParameterKind::CompartmentF;
}

/// The entry (i, j) of Omega as messages name it: omega[i][j] (CL, V1).
std::string entry(const Variability& v, Eigen::Index i, Eigen::Index j) {
    return "omega[" + std::to_string(i) + "][" + std::to_string(j) + "] (" +
           v.effects[static_cast<std::size_t>(i)].parameter + ", " +
           v.effects[static_cast<std::size_t>(j)].parameter + ")";
}

/// Cholesky factor of a positive semi-definite matrix: a pivot that is zero (to rounding)
/// leaves a zero column, which requires the rest of its column to be zero too. Throws
/// InvalidInput naming the entry where Omega turns out not to be positive semi-definite.
Eigen::MatrixXd psd_factor(const Variability& v) {
    const Eigen::MatrixXd& omega = v.omega;
    const Eigen::Index k = omega.rows();
    Eigen::MatrixXd l = Eigen::MatrixXd::Zero(k, k);
    const double scale = k > 0 ? omega.diagonal().cwiseAbs().maxCoeff() : 0.0;
    const double tolerance = 1e-12 * std::max(scale, 1e-300);
    for (Eigen::Index j = 0; j < k; ++j) {
        double d = omega(j, j);
        for (Eigen::Index m = 0; m < j; ++m) d -= l(j, m) * l(j, m);
        if (d < -tolerance) {
            throw InvalidInput(entry(v, j, j) + " = " + detail::format_value(omega(j, j)) +
                               ": omega must be positive semi-definite (the variance left for " +
                               v.effects[static_cast<std::size_t>(j)].parameter +
                               " after its correlations is " + detail::format_value(d) + " < 0)");
        }
        const double pivot = d > tolerance ? std::sqrt(d) : 0.0;
        l(j, j) = pivot;
        for (Eigen::Index i = j + 1; i < k; ++i) {
            double s = omega(i, j);
            for (Eigen::Index m = 0; m < j; ++m) s -= l(i, m) * l(j, m);
            if (pivot > 0.0) {
                l(i, j) = s / pivot;
            } else if (std::abs(s) > tolerance) {
                throw InvalidInput(entry(v, i, j) + " = " + detail::format_value(omega(i, j)) +
                                   ": omega must be positive semi-definite (a covariance with " +
                                   v.effects[static_cast<std::size_t>(j)].parameter +
                                   ", whose variance is 0)");
            }
        }
    }
    return l;
}

}  // namespace

Variability Variability::from_cv(const std::vector<std::pair<std::string, double>>& cv) {
    Variability v;
    v.omega = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(cv.size()),
                                    static_cast<Eigen::Index>(cv.size()));
    for (std::size_t i = 0; i < cv.size(); ++i) {
        const auto& [name, value] = cv[i];
        detail::require_non_negative(value, "cv[" + name + "]");
        const bool fraction = is_fraction_parameter(name);
        v.effects.push_back({name, fraction ? EtaScale::LogitNormal : EtaScale::LogNormal});
        const auto k = static_cast<Eigen::Index>(i);
        v.omega(k, k) = fraction ? value * value : omega_squared_from_cv(value);
    }
    v.validate();
    return v;
}

Variability published_variability(const DrugModel& model) {
    Variability v;
    const auto k = static_cast<Eigen::Index>(model.variability.size());
    v.omega = Eigen::MatrixXd::Zero(k, k);
    for (Eigen::Index i = 0; i < k; ++i) {
        const DrugVariability& a = model.variability[static_cast<std::size_t>(i)];
        // A fraction's SD on the logit scale (logit P = logit theta + eta), else a CV.
        const bool logit = a.sd_logit > 0.0;
        v.effects.push_back({a.parameter, logit ? EtaScale::LogitNormal : EtaScale::LogNormal});
        const double variance =
            logit ? a.sd_logit * a.sd_logit : omega_squared_from_cv(a.cv_percent / 100.0);
        for (Eigen::Index j = 0; j < k; ++j) {
            if (model.variability[static_cast<std::size_t>(j)].eta == a.eta)
                v.omega(i, j) = variance;
        }
    }
    return v;
}

void Variability::validate() const {
    const auto k = static_cast<Eigen::Index>(effects.size());
    if (omega.rows() != k || omega.cols() != k) {
        throw InvalidInput("omega: " + std::to_string(omega.rows()) + " x " +
                           std::to_string(omega.cols()) + " for " + std::to_string(k) +
                           " parameters (must be square, one row per parameter)");
    }
    for (std::size_t i = 0; i < effects.size(); ++i) {
        const RandomEffect& e = effects[i];
        const std::string field = "omega parameter '" + e.parameter + "'";
        detail::require_enum(e.scale, EtaScale::LogNormal, EtaScale::Additive, field + ".scale");
        const auto column = parse_parameter_column(e.parameter);
        if (!column || column->kind == ParameterKind::Swallowed ||
            column->kind == ParameterKind::ModelledRate ||
            column->kind == ParameterKind::ModelledDuration) {
            throw InvalidInput(field +
                               ": not a parameter with variability (expected CL, V1, Q2, V2, Q3, "
                               "V3, KA_<ROUTE>, F_<ROUTE> or LAG_<ROUTE>; on a NONMEM library or "
                               "general linear model its parameter names: CL, V, KA, K12, CL14, "
                               "V2, ...)");
        }
        if (e.scale == EtaScale::LogitNormal && column->kind != ParameterKind::F &&
            column->kind != ParameterKind::CompartmentF) {
            throw InvalidInput(field +
                               ": logit_normal applies to fractions (F_<ROUTE>, F<n>) only");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (effects[j].parameter == e.parameter) {
                throw InvalidInput(field + ": given twice (rows " + std::to_string(j) + " and " +
                                   std::to_string(i) + ")");
            }
        }
    }
    for (Eigen::Index i = 0; i < k; ++i) {
        for (Eigen::Index j = 0; j < k; ++j) {
            if (!std::isfinite(omega(i, j))) {
                detail::fail(entry(*this, i, j), omega(i, j), "must be a finite number");
            }
        }
    }
    for (Eigen::Index i = 0; i < k; ++i) {
        for (Eigen::Index j = 0; j < i; ++j) {
            const double a = omega(i, j);
            const double b = omega(j, i);
            if (std::abs(a - b) > 1e-12 * std::max({std::abs(a), std::abs(b), 1e-300})) {
                detail::fail(entry(*this, i, j), a,
                             "omega must be symmetric (" + entry(*this, j, i) + " = " +
                                 detail::format_value(b) + ")");
            }
        }
    }
    psd_factor(*this);
}

void ResidualError::validate() const {
    detail::require_non_negative(additive_mg_per_l, "residual.additive_mg_per_l");
    detail::require_non_negative(proportional, "residual.proportional");
}

std::string_view covariate_distribution_name(CovariateDistributionKind kind) {
    switch (kind) {
        case CovariateDistributionKind::Normal: return "normal";
        case CovariateDistributionKind::LogNormal: return "log_normal";
        case CovariateDistributionKind::Uniform: return "uniform";
        case CovariateDistributionKind::Bernoulli: return "bernoulli";
    }
    return "unknown";
}

CovariateDistributionKind parse_covariate_distribution(std::string_view name) {
    std::string key = option_key(name);
    if (key == "lognormal") key = "log_normal";
    for (CovariateDistributionKind k :
         {CovariateDistributionKind::Normal, CovariateDistributionKind::LogNormal,
          CovariateDistributionKind::Uniform, CovariateDistributionKind::Bernoulli}) {
        if (key == covariate_distribution_name(k)) return k;
    }
    throw InvalidInput("distribution = '" + std::string(name) +
                       "': unknown (expected normal, log_normal, uniform or bernoulli)");
}

void CovariateDistribution::validate() const {
    detail::require_enum(kind, CovariateDistributionKind::Normal,
                         CovariateDistributionKind::Bernoulli, "covariate " + name + ".kind");
    if (name.empty()) throw InvalidInput("covariate distribution: no name");
    const std::string field =
        "covariate " + name + " (" + std::string(covariate_distribution_name(kind)) + ")";
    detail::require_finite(a, field + ".a");
    switch (kind) {
        case CovariateDistributionKind::Normal:
        case CovariateDistributionKind::LogNormal: {
            const bool normal = kind == CovariateDistributionKind::Normal;
            if (!normal) detail::require_positive(a, field + ".median");
            detail::require_non_negative(b, field + (normal ? ".sd" : ".cv"));
            if (std::isnan(min) || std::isnan(max) || !(min <= max)) {
                detail::fail(field + ".min", min, "must be <= max = " + detail::format_value(max));
            }
            if (a < min || a > max) {
                detail::fail(field + (normal ? ".mean" : ".median"), a,
                             "must lie within [min, max] = [" + detail::format_value(min) + ", " +
                                 detail::format_value(max) + "]");
            }
            break;
        }
        case CovariateDistributionKind::Uniform:
            detail::require_finite(b, field + ".b");
            if (!(a < b)) {
                detail::fail(field + ".low", a, "must be < high = " + detail::format_value(b));
            }
            break;
        case CovariateDistributionKind::Bernoulli:
            if (a < 0.0 || a > 1.0) detail::fail(field + ".p", a, "must be in [0, 1]");
            break;
    }
}

double CovariateDistribution::draw(SubjectStream& stream) const {
    switch (kind) {
        case CovariateDistributionKind::Uniform: return a + stream.uniform() * (b - a);
        case CovariateDistributionKind::Bernoulli: return stream.uniform() < a ? 1.0 : 0.0;
        case CovariateDistributionKind::Normal:
        case CovariateDistributionKind::LogNormal: break;
    }
    const bool normal = kind == CovariateDistributionKind::Normal;
    const double sigma = normal ? b : std::sqrt(omega_squared_from_cv(b));
    if (sigma == 0.0) return a;
    for (int attempt = 0; attempt < 64; ++attempt) {
        const double z = stream.normal();
        const double value = normal ? a + sigma * z : a * std::exp(sigma * z);
        if (value >= min && value <= max) return value;
    }
    return a;
}

void WeightDistribution::validate() const {
    detail::require_positive(median_kg, "weight.median_kg");
    detail::require_non_negative(cv, "weight.cv");
    detail::require_positive(min_kg, "weight.min_kg");
    detail::require_positive(max_kg, "weight.max_kg");
    if (max_kg > 500.0) detail::fail("weight.max_kg", max_kg, "must be <= 500 kg");
    if (min_kg > max_kg) {
        detail::fail("weight.min_kg", min_kg,
                     "must be <= weight.max_kg = " + detail::format_value(max_kg));
    }
    if (median_kg < min_kg || median_kg > max_kg) {
        detail::fail("weight.median_kg", median_kg, "must lie within [min_kg, max_kg]");
    }
}

namespace detail {

namespace {

/// `name`'s column and, when the model sets it by NONMEM's name, its position there.
VariedParameter varied(const Model& model, const std::string& name, const std::string& field) {
    VariedParameter p{*parse_parameter_column(name), std::nullopt};
    if (!sets_by_nonmem_name(model, p.column)) return p;
    try {
        p.index = model.parameter_index(name);
    } catch (const InvalidInput& e) {
        throw InvalidInput(field + ": " + e.what());
    }
    return p;
}

}  // namespace

CompiledVariability compile_variability(const Population& population) {
    const Variability& variability = population.variability;
    variability.validate();
    CompiledVariability v;
    for (const RandomEffect& e : variability.effects) {
        v.columns.push_back(
            varied(population.model, e.parameter, "omega parameter '" + e.parameter + "'"));
        v.scales.push_back(e.scale);
    }
    v.factor = psd_factor(variability);
    const std::vector<std::string>& names = population.covariate_names;
    const std::vector<CovariateDistribution>& drawn = population.covariate_distributions;
    for (const CovariateEffect& effect : population.covariate_effects) {
        v.effect_columns.push_back(
            varied(population.model, effect.parameter,
                   "covariate effect of " + effect.covariate + " on " + effect.parameter));
        CovariateSource source;
        const auto name = std::find(names.begin(), names.end(), effect.covariate);
        const auto distribution = std::find_if(
            drawn.begin(), drawn.end(),
            [&effect](const CovariateDistribution& d) { return d.name == effect.covariate; });
        if (name != names.end()) {
            source = {CovariateSource::Kind::Table, name - names.begin()};
        } else if (distribution != drawn.end()) {
            source = {CovariateSource::Kind::Drawn, distribution - drawn.begin()};
        }
        v.effect_sources.push_back(source);
    }
    return v;
}

void draw_covariates(const Population& population, std::uint64_t seed, std::uint64_t subject,
                     Eigen::VectorXd& drawn) {
    if (drawn.size() == 0) return;
    SubjectStream stream(seed, subject, DrawPurpose::DrawnCovariate);
    for (Eigen::Index k = 0; k < drawn.size(); ++k) {
        drawn[k] = population.covariate_distributions[static_cast<std::size_t>(k)].draw(stream);
    }
}

void draw_eta(const CompiledVariability& v, std::uint64_t seed, std::uint64_t subject,
              Eigen::VectorXd& z, Eigen::VectorXd& eta) {
    SubjectStream stream(seed, subject, DrawPurpose::Eta);
    for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = stream.normal();
    // eta = L z, written out so that the order of the operations is fixed.
    for (Eigen::Index i = 0; i < eta.size(); ++i) {
        double s = 0.0;
        for (Eigen::Index j = 0; j <= i; ++j) s += v.factor(i, j) * z[j];
        eta[i] = s;
    }
}

double subject_weight(const Population& population, std::uint64_t seed, std::uint64_t subject,
                      std::size_t first) {
    if (!population.weights_kg.empty()) {
        return population.weights_kg[static_cast<std::size_t>(subject) - first];
    }
    const WeightDistribution& w = population.weight_distribution;
    if (w.cv == 0.0) return w.median_kg;
    SubjectStream stream(seed, subject, DrawPurpose::Covariate);
    const double sd = std::sqrt(omega_squared_from_cv(w.cv));
    for (int draw = 0; draw < 64; ++draw) {
        const double weight = w.median_kg * std::exp(sd * stream.normal());
        if (weight >= w.min_kg && weight <= w.max_kg) return weight;
    }
    return w.median_kg;
}

namespace {

Disposition scaled_disposition(const Disposition& d, double clearance_factor,
                               double volume_factor) {
    const double cl = d.cl() * clearance_factor;
    const double v1 = d.v1() * volume_factor;
    switch (d.compartments()) {
        case 1: return Disposition::one_compartment(cl, v1);
        case 2:
            return Disposition::two_compartment(cl, v1, d.q2() * clearance_factor,
                                                d.v2() * volume_factor);
        default:
            return Disposition::three_compartment(cl, v1, d.q2() * clearance_factor,
                                                  d.v2() * volume_factor, d.q3() * clearance_factor,
                                                  d.v3() * volume_factor);
    }
}

double typical_value(const Model& model, const VariedParameter& p, FChoice choice) {
    // A library or general linear model's parameter by its NONMEM name (V2 of ADVAN4 is its
    // central volume; CL14, K71 of a general model), as with_parameter sets it.
    if (p.index) return model.parameter(*p.index);
    const ParameterColumn& c = p.column;
    const Disposition& d = model.disposition();
    switch (c.kind) {
        case ParameterKind::Cl: return d.cl();
        case ParameterKind::V1: return d.v1();
        case ParameterKind::Q2: return d.q2();
        case ParameterKind::V2: return d.v2();
        case ParameterKind::Q3: return d.q3();
        case ParameterKind::V3: return d.v3();
        default: break;
    }
    if (!model.has_route(c.route)) {
        throw InvalidInput("omega parameter '" + c.name + "': the model has no " +
                           std::string(route_name(c.route)) + " route");
    }
    const Absorption& a = model.absorption(c.route);
    switch (c.kind) {
        case ParameterKind::Ka: return a.ka_per_h;
        case ParameterKind::F: return a.f.value(choice);
        default: return a.lag_h;
    }
}

/// Sets a varied parameter of `model` (by its position when it has one: no allocation).
void set_value(Model& model, const VariedParameter& p, double value, const std::string& field) {
    if (p.index) {
        model.set_parameter(*p.index, value);
    } else {
        set_parameter(model, p.column, value, field);
    }
}

}  // namespace

void subject_model(const Population& population, const CompiledVariability& v,
                   const Eigen::VectorXd& eta, const Eigen::VectorXd& drawn, double weight_kg,
                   FChoice choice, std::uint64_t seed, std::uint64_t subject, std::size_t row,
                   Model& model) {
    model = population.model;
    const double ratio = weight_kg / population.reference_weight_kg;
    if (population.weight_scaling == WeightScaling::PerKg) {
        model.set_disposition(scaled_disposition(model.disposition(), ratio, ratio));
    } else if (population.weight_scaling == WeightScaling::Allometric) {
        model.set_disposition(
            scaled_disposition(model.disposition(), std::pow(ratio, 0.75), ratio));
    }
    for (std::size_t k = 0; k < population.covariate_effects.size(); ++k) {
        const CovariateSource& source = v.effect_sources[k];
        if (source.kind == CovariateSource::Kind::None) continue;  // the typical value
        const CovariateEffect& effect = population.covariate_effects[k];
        const double c = source.kind == CovariateSource::Kind::Table
                             ? population.covariates(static_cast<Eigen::Index>(row), source.index)
                             : drawn[source.index];
        const VariedParameter& parameter = v.effect_columns[k];
        const double theta = typical_value(model, parameter, choice);
        set_value(model, parameter, effect.apply(theta, c), effect.parameter);
    }
    if (population.f_uniform_in_range) {
        SubjectStream stream(seed, subject, DrawPurpose::Bioavailability);
        for (Route route : kAbsorbedRoutes) {
            if (!model.has_route(route)) continue;
            Absorption a = model.absorption(route);
            const double u = stream.uniform();
            a.f = Bioavailability::exactly(a.f.low + u * (a.f.high - a.f.low));
            model.set_absorption(route, a);
        }
        choice = FChoice::Nominal;
    }
    for (std::size_t i = 0; i < v.columns.size(); ++i) {
        const ParameterColumn& c = v.columns[i].column;
        const double theta = typical_value(model, v.columns[i], choice);
        const double e = eta[static_cast<Eigen::Index>(i)];
        double value = theta;
        switch (v.scales[i]) {
            case EtaScale::LogNormal: value = theta * std::exp(e); break;
            case EtaScale::Additive: value = theta + e; break;
            case EtaScale::LogitNormal: {
                if (!(theta > 0.0 && theta < 1.0)) {
                    fail("omega parameter '" + c.name + "'", theta,
                         "a logit-normal F needs a typical value in (0, 1)");
                }
                const double logit = std::log(theta / (1.0 - theta)) + e;
                value = 1.0 / (1.0 + std::exp(-logit));
                break;
            }
        }
        // The run names the subject before the message (population.cpp).
        set_value(model, v.columns[i], value, c.name);
    }
}

}  // namespace detail
}  // namespace pkengine
