#pragma once
// A population's variability, compiled once per run: the parameters by column, Omega's factor,
// and the making of one subject's model from its draws.

#include <Eigen/Core>
#include <optional>
#include <vector>

#include "pkengine/dataset.hpp"
#include "pkengine/population.hpp"

namespace pkengine::detail {

/// Where a covariate effect reads its covariate: a column of Population::covariates, a drawn
/// covariate (Population::covariate_distributions), or nowhere (not given: the effect is
/// skipped).
struct CovariateSource {
    enum class Kind { None, Table, Drawn } kind = Kind::None;
    Eigen::Index index = -1;
};

/// The validated variability of a run: each random effect's parameter, the lower triangular
/// factor L of Omega (L L^T = Omega; a zero column where Omega is singular), and each covariate
/// effect with its parameter's column and its covariate's source.
/// A parameter a population varies: its column and, when the model sets it by NONMEM's name
/// (a library or general linear model), its position in Model::parameter_names(), looked up
/// once per run (set by position, a subject's parameter allocates nothing).
struct VariedParameter {
    ParameterColumn column;
    std::optional<std::size_t> index;
};

struct CompiledVariability {
    std::vector<VariedParameter> columns;
    std::vector<EtaScale> scales;
    Eigen::MatrixXd factor;
    std::vector<VariedParameter> effect_columns;
    std::vector<CovariateSource> effect_sources;
};

/// Validates the population's variability (Variability::validate) and factors Omega; resolves
/// its covariate effects (validated before) to their columns.
CompiledVariability compile_variability(const Population& population);

/// Subject `subject`'s eta = L z, z standard normal from its Eta stream (z and eta sized to the
/// effects; nothing allocated).
void draw_eta(const CompiledVariability& v, std::uint64_t seed, std::uint64_t subject,
              Eigen::VectorXd& z, Eigen::VectorXd& eta);

/// Subject `subject`'s drawn covariates (Population::covariate_distributions, in order) into
/// `drawn` (sized to them; nothing allocated).
void draw_covariates(const Population& population, std::uint64_t seed, std::uint64_t subject,
                     Eigen::VectorXd& drawn);

/// Subject `subject`'s weight (kg): `weights[subject - first]` when given, else drawn from its
/// Covariate stream.
double subject_weight(const Population& population, std::uint64_t seed, std::uint64_t subject,
                      std::size_t first);

/// The model of one subject: the typical model scaled to `weight_kg`, the covariate effects of
/// its covariates (row `row` of Population::covariates, or its `drawn` ones), F drawn within its
/// range if asked, then each random effect applied to its parameter. Throws InvalidInput naming the
/// subject and the parameter when a value leaves its range. Written into `model` (a worker's,
/// reused: a route-named or library model is then set without allocating).
void subject_model(const Population& population, const CompiledVariability& v,
                   const Eigen::VectorXd& eta, const Eigen::VectorXd& drawn, double weight_kg,
                   FChoice choice, std::uint64_t seed, std::uint64_t subject, std::size_t row,
                   Model& model);

}  // namespace pkengine::detail
