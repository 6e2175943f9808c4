#pragma once
/// @file check.hpp
/// A drug's defaults set against what was measured: each published observation of a drug file
/// (format §12) is simulated with the study's design (route, dose, body weight, infusion
/// duration, dose times) at the route's nominal bioavailability, and its predicted Cmax, Tmax
/// and AUC are compared with the observed ones. The curve is computed every 30 s for a day
/// after the last dose; Tmax is refined between grid points (the parabola through the peak),
/// AUC is exact (what the parent lost through CL, divided by CL).
///
/// Units: concentrations mg/L, times h, AUC mg·h/L. Fold errors are predicted / observed.

#include <optional>
#include <string>
#include <vector>

#include "drug.hpp"
#include "model.hpp"
#include "route.hpp"

namespace pkengine {

/// The largest fold error (either way) at which a predicted Cmax or AUC passes.
inline constexpr double kCheckFoldLimit = 2.0;
/// Tmax without a published range or SD passes within this factor of the observed value.
inline constexpr double kCheckTmaxFactor = 1.5;
/// The largest geometric mean fold error of the counted Cmax values at which a drug passes.
inline constexpr double kCheckGmfeLimit = 1.5;
/// A predicted terminal half-life is the log-linear slope of the curve between these times
/// after the last dose (h): late enough for the distribution phases of the models in the drug
/// files to have passed (esketamine's slower distribution half-life is 2.2 h).
inline constexpr double kCheckHalfLifeFromH = 48.0;
inline constexpr double kCheckHalfLifeToH = 72.0;
/// How many counted observations may miss while the drug still passes (each one explained in
/// the drug's documentation).
inline constexpr int kCheckMissesAllowed = 2;

/// One observation of a check: what was measured, what the model predicts, and whether the
/// row counts towards the drug's verdict.
struct CheckRow {
    std::string observation;  ///< observation id
    Route route = Route::IvBolus;
    double dose_mg = 0.0;     ///< amount of each dose (mg)
    double weight_kg = 0.0;   ///< body weight simulated (kg)
    double duration_h = 0.0;  ///< iv_infusion duration (h), 0 otherwise
    std::string population;   ///< as in the observation
    std::string analyte;      ///< as in the observation
    /// True when the analyte is the model's metabolite: the row's values are the metabolite's
    /// concentration (in its own mass) and AUC.
    bool metabolite = false;
    std::string sampling;             ///< as in the observation
    std::string status;               ///< as in the observation
    std::optional<int> n;             ///< subjects, where reported
    bool counts = false;              ///< true when the row counts towards the verdict
    std::string not_counted_because;  ///< "" when it counts
    double f_nominal = 1.0;           ///< overall nominal bioavailability simulated (fraction)
    std::optional<double> study_f;    ///< the study's own bioavailability, if reported

    /// True when Cmax and Tmax are read from kBolusMixingTimeH after an IV bolus.
    bool peak_after_mixing = false;
    std::optional<double> cmax_observed_mg_per_l;
    std::optional<double> cmax_predicted_mg_per_l;
    std::optional<double> cmax_predicted_at_study_f_mg_per_l;  ///< at the study's F, if any
    std::optional<double> cmax_fold;                           ///< predicted / observed
    std::optional<bool> cmax_passes;                           ///< within kCheckFoldLimit

    std::optional<double> tmax_observed_h;
    std::optional<double> tmax_low_h;   ///< lower end of the accepted Tmax interval (h)
    std::optional<double> tmax_high_h;  ///< upper end of the accepted Tmax interval (h)
    /// Where the interval comes from: "range", "iqr", "ci", "sd", "gsd", "unstated", "sem"
    /// (central value ± that spread) or "factor" (within kCheckTmaxFactor).
    std::string tmax_interval;
    std::optional<double> tmax_predicted_h;
    std::optional<bool> tmax_passes;

    std::optional<double> half_life_observed_h;
    std::optional<double> half_life_low_h;   ///< lower end of the accepted half-life (h)
    std::optional<double> half_life_high_h;  ///< upper end of the accepted half-life (h)
    /// Terminal half-life of the predicted curve (h): ln 2 over the log-linear slope between
    /// kCheckHalfLifeFromH and kCheckHalfLifeToH after the last dose.
    std::optional<double> half_life_predicted_h;
    std::optional<bool> half_life_passes;  ///< within the interval, as a Tmax is

    std::optional<double> auc_observed_mg_h_per_l;
    std::optional<double> auc_predicted_mg_h_per_l;
    std::optional<double> auc_predicted_at_study_f_mg_h_per_l;
    std::optional<double> auc_fold;
    std::optional<bool> auc_passes;
    AucInterval auc_interval = AucInterval::ZeroToInf;
    double auc_end_h = 0.0;  ///< end of the AUC interval (h; infinity for 0-inf)

    /// The metabolite's AUC over the parent's over one interval, each in its own mass: observed
    /// and predicted (a metabolite row of a model with that metabolite only).
    std::optional<double> auc_ratio_observed;
    std::optional<double> auc_ratio_predicted;
    std::optional<double> auc_ratio_fold;  ///< predicted / observed
    std::optional<bool> auc_ratio_passes;  ///< within kCheckFoldLimit
    AucInterval auc_ratio_interval = AucInterval::ZeroToInf;
    double auc_ratio_end_h = 0.0;  ///< end of the ratio's interval (h; infinity for 0-inf)

    /// True when every metric the row has passes.
    bool passes = false;
};

/// The outcome of a check.
struct DrugCheck {
    std::string drug;            ///< drug id
    std::string model;           ///< disposition model id
    std::vector<CheckRow> rows;  ///< one per observation, in file order
    /// Geometric mean fold error of the counted Cmax values: 10^mean(|log10 fold|); NaN when
    /// no counted row has a Cmax.
    double gmfe_cmax = 0.0;
    int counted = 0;         ///< rows that count
    int counted_cmax = 0;    ///< counted parent rows with a Cmax
    int counted_misses = 0;  ///< counted rows (parent and metabolite) that do not pass
    /// The same geometric mean fold error over the counted metabolite rows with a Cmax; NaN
    /// when there are none.
    double gmfe_cmax_metabolite = 0.0;
    int counted_cmax_metabolite = 0;  ///< counted metabolite rows with a Cmax
    /// True when gmfe_cmax (and gmfe_cmax_metabolite, where there are such rows) <=
    /// kCheckGmfeLimit and counted_misses <= kCheckMissesAllowed; for a drug without a counted
    /// parent Cmax (label-type observations only), when at least one row counts and every
    /// counted row passes.
    bool passes = false;
};

/// Replaces the absorption shape of one route for a check (used to fit it): ka, lag and an
/// optional transit chain; F stays the drug file's.
struct AbsorptionShape {
    Route route = Route::Oral;                 ///< an absorbed route
    double ka_per_h = 1.0;                     ///< absorption rate constant (1/h), > 0
    double lag_h = 0.0;                        ///< lag time (h), >= 0
    std::optional<TransitAbsorption> transit;  ///< transit chain before the depot, if any
};

/// Options of a check.
struct CheckOptions {
    std::string model;  ///< disposition model id; "" = the drug's default
    /// Absorption shapes replacing the drug file's, at most one per route.
    std::vector<AbsorptionShape> absorption;
    /// A metabolite replacing the model's (used to fit it), if given.
    std::optional<Metabolite> metabolite;
};

/// Which observations count: adults (healthy_adults, adult_patients or adults), the drug's
/// analyte or the analyte of a model's metabolite, status D or D-2, and no `not_counted`
/// reason in the file.
/// Returns "" when `observation` counts for `drug`, else why not ("children", ...).
std::string why_not_counted(const Drug& drug, const Observation& observation);

/// Checks `drug` against its observations with the disposition `model_id` ("" = default).
DrugCheck check_drug(const Drug& drug, const std::string& model_id = {});
/// Checks `drug` with options (a model, absorption shapes). Throws InvalidInput naming the
/// field of an invalid option.
DrugCheck check_drug(const Drug& drug, const CheckOptions& options);

}  // namespace pkengine
