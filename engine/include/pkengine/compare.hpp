#pragma once
/// @file compare.hpp
/// Route comparison: one dose given by each of several routes, each simulated at its nominal
/// bioavailability and at both ends of its range (the envelope), with Cmax, Tmax, AUC and the
/// time spent in each concentration band.
///
/// Units: time h, amount mg, concentration mg/L, AUC mg·h/L. Cmax, Tmax and times in band are
/// read on the uniform output grid (resolution: the grid step); both AUCs are exact.
///
/// After an IV bolus the model mixes the dose into the central volume at once, so the curve
/// starts at C0 = dose / V1, a number no blood sample shows. Cmax, Tmax and time in band of an
/// IV bolus are read from kBolusMixingTimeH after the dose on (and labelled so); C0 is reported
/// on its own.

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "drug.hpp"
#include "model.hpp"
#include "route.hpp"
#include "simulate.hpp"

namespace pkengine {

/// After an IV bolus, Cmax, Tmax and time in band are read from this time on (h): 2 min, the
/// earliest sampling time of the IV bolus observations the drug files hold.
inline constexpr double kBolusMixingTimeH = 2.0 / 60.0;

/// A curve's highest concentration (mg/L) and its first time (h).
struct Peak {
    double cmax_mg_per_l = 0.0;  ///< highest concentration (mg/L)
    double tmax_h = 0.0;         ///< first time at which it is reached (h)
};

/// The peak of the curve `c` (mg/L) on `times_h` (h, sorted), among the points at or after
/// `from_h` (h). Throws InvalidInput when no point is.
Peak peak_from(const std::vector<double>& times_h, const Eigen::VectorXd& c, double from_h = 0.0);

/// Overall bioavailability of `route` in `model` (fraction): a swallowed fraction fs follows
/// the oral route, so (1 - fs)·F_route + fs·F_oral at the nominal value and at each end.
Bioavailability overall_bioavailability(const Model& model, Route route);

/// Exact AUC (mg·h/L) of the central concentration from 0 to the time of `row` of `result`,
/// `model`'s simulation: everything the parent lost through its linear clearance CL by then,
/// divided by CL. That is its eliminated state and any metabolite formed; with a metabolite
/// formed presystemically too, the eliminated state alone, which takes the share 1 - fm.
double exact_auc_to(const Result& result, Eigen::Index row, const Model& model);

/// Exact AUC (mg·h/L) of the metabolite concentration (in the metabolite's own mass) from 0 to
/// the time of `row` of `result`: the metabolite's eliminated amount x molar_mass_ratio / its
/// CL. Throws InvalidInput when `model` has no metabolite of its own (Model::set_metabolite).
double exact_metabolite_auc_to(const Result& result, Eigen::Index row, const Model& model);

/// Options of a route comparison.
struct CompareOptions {
    double t_end_h = 24.0;       ///< simulated horizon (h), > 0
    double step_h = 1.0 / 60.0;  ///< output grid step (h), > 0: resolution of Cmax, Tmax, bands
    /// Duration (h) of the iv_infusion route; required when that route is compared (the Drug
    /// overload takes the drug's ketamine-infusion-therapy protocol duration by default).
    std::optional<double> infusion_duration_h;
};

/// Metrics of one route at one bioavailability choice.
struct RouteMetrics {
    double f = 0.0;  ///< overall bioavailability used (fraction)
    /// Highest concentration on the output grid (mg/L); for an IV bolus, from
    /// peak_from_h on.
    double cmax_mg_per_l = 0.0;
    double tmax_h = 0.0;  ///< first grid time at which cmax is reached (h)
    /// Time from which cmax, tmax and times in band are read (h): kBolusMixingTimeH for an IV
    /// bolus, 0 otherwise.
    double peak_from_h = 0.0;
    /// IV bolus: the concentration at the dose with instant mixing, C0 = dose / V1 (mg/L);
    /// NaN for the other routes.
    double c0_mg_per_l = 0.0;
    /// Exact AUC over [0, t_end] (mg·h/L): amount eliminated by t_end divided by CL.
    double auc_0_t = 0.0;
    /// Exact AUC(0-inf) (mg·h/L): F·dose / CL (every absorbed amount is eventually cleared).
    double auc_0_inf = 0.0;
    /// The metabolite (a model with one): its highest concentration on the output grid (mg/L,
    /// in its own mass), the first time of it (h) and its exact AUC over [0, t_end] (mg·h/L);
    /// NaN without a metabolite.
    double metabolite_cmax_mg_per_l = 0.0;
    double metabolite_tmax_h = 0.0;
    double metabolite_auc_0_t = 0.0;
    /// Time (h) in each band of the comparison (RouteComparison::bands order), from
    /// peak_from_h on: inside [low, high] for a range, at or above low for an "above" band;
    /// crossings interpolated linearly between grid points.
    std::vector<double> time_in_band_h;
};

/// One route of a comparison.
struct RouteOutcome {
    Route route = Route::IvBolus;  ///< the route
    /// Overall bioavailability (fraction), nominal and range; with a swallowed fraction fs it
    /// is (1 - fs)·F_route + fs·F_oral at each end.
    Bioavailability f;
    double ka_per_h = 0.0;    ///< absorption rate constant (1/h); NaN for IV routes
    double dose_mg = 0.0;     ///< amount given (mg), before bioavailability
    double duration_h = 0.0;  ///< infusion duration (h); 0 for the other routes
    /// Metrics at FChoice::Nominal, FChoice::Low and FChoice::High, in that order.
    std::array<RouteMetrics, 3> metrics;
    /// Concentration (mg/L) on RouteComparison::times_h, at Nominal, Low and High.
    std::array<Eigen::VectorXd, 3> concentration_mg_per_l;
    /// The metabolite's concentration (mg/L, its own mass) likewise; empty without one.
    std::array<Eigen::VectorXd, 3> metabolite_concentration_mg_per_l;

    /// The metrics at one bioavailability choice.
    const RouteMetrics& at(FChoice choice) const;
    /// The curve (mg/L) at one bioavailability choice.
    const Eigen::VectorXd& curve(FChoice choice) const;
};

/// The outcome of a route comparison.
struct RouteComparison {
    std::vector<double> times_h;       ///< output grid (h), shared by every curve
    std::vector<Band> bands;           ///< bands whose time is reported (range and above)
    std::vector<RouteOutcome> routes;  ///< in the order asked for
    double dose_mg = 0.0;              ///< amount given by each route (mg)
    double cl_l_per_h = 0.0;           ///< clearance of the disposition (L/h)
    /// A drug's comparison: "racemic" or "S", what the model's concentrations are (its bands
    /// are of the same enantiomer); "" for a comparison on a bare Model.
    std::string enantiomer;
    /// The metabolite whose concentration the outcomes also carry ("norketamine"; "metabolite"
    /// for a bare Model with one); "" when the model has none.
    std::string metabolite;
};

/// Compares `dose_mg` (mg, > 0) by each of `routes` (non-empty, no repeats; each one the model
/// has) with `model`, reporting time in each of `bands` (range or above bands; a level has no
/// time in band). Throws InvalidInput naming the offending argument.
RouteComparison compare_routes(const Model& model, double dose_mg, const std::vector<Route>& routes,
                               const std::vector<Band>& bands, const CompareOptions& options = {});

/// How a dose is given.
enum class DoseUnit {
    Mg,       ///< an amount (mg)
    MgPerKg,  ///< an amount per kg of body weight (mg/kg)
};

/// A route comparison for a drug of the library.
struct DrugComparisonRequest {
    double dose = 0.0;                       ///< the dose, in dose_unit, > 0
    DoseUnit dose_unit = DoseUnit::MgPerKg;  ///< mg or mg/kg
    double weight_kg = 70.0;                 ///< body weight (kg), in (0, 500]
    std::vector<Route> routes;               ///< routes to compare; empty = all six
    std::string model;                       ///< disposition model id; "" = the drug's default
    std::vector<std::string> alternatives;   ///< route alternatives to apply (Drug::model)
    /// Band names; empty = every range and above band of the model's enantiomer. A band of the
    /// other enantiomer is an error: racemic levels do not apply to S-ketamine curves.
    std::vector<std::string> bands;
    CompareOptions options;  ///< horizon, grid and infusion duration
};

/// Compares routes for a drug: the model at the body weight with the alternatives, the dose
/// (mg/kg x weight), and the drug's bands. The iv_infusion route lasts
/// options.infusion_duration_h, or by default protocol_infusion_duration_h(drug) (40 min for
/// ketamine).
RouteComparison compare_routes(const Drug& drug, const DrugComparisonRequest& request);

/// The duration (h) of the first iv_infusion among the drug's protocols, in the order of its drug
/// file (the drug file puts its reference infusion first). Throws InvalidInput when no protocol
/// has an iv_infusion.
double protocol_infusion_duration_h(const Drug& drug);

}  // namespace pkengine
