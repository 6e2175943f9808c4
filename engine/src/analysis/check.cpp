// A drug's defaults against its published observations: simulate each study's design at the
// route's nominal bioavailability and compare Cmax, Tmax and AUC.
#include "pkengine/check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "pkengine/compare.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine {

namespace {

bool is_metabolite_analyte(const DrugModel& model, const std::string& analyte) {
    return model.metabolite && model.metabolite->analyte == analyte;
}

/// Output grid of a check: every 30 s, so a Tmax is read to half a minute.
constexpr double kCheckStepH = 0.5 / 60.0;
/// Every curve is followed for at least a day after its last dose.
constexpr double kCheckFollowUpH = 24.0;

/// The interval an observed time (a Tmax or a half-life) accepts: [low, high].
std::pair<double, double> accepted_interval(const ObservedValue& tmax) {
    double low = 0.0, high = 0.0;
    switch (tmax.dispersion) {
        case DispersionKind::Range:
        case DispersionKind::Iqr:
        case DispersionKind::Ci:
            low = tmax.low;
            high = tmax.high;
            break;
        case DispersionKind::Sd:
        case DispersionKind::Sem:
        case DispersionKind::Unstated:
            low = std::max(0.0, tmax.value - tmax.spread);
            high = tmax.value + tmax.spread;
            break;
        case DispersionKind::Gsd:
            low = tmax.value / tmax.spread;
            high = tmax.value * tmax.spread;
            break;
        case DispersionKind::None:
            low = tmax.value / kCheckTmaxFactor;
            high = tmax.value * kCheckTmaxFactor;
            break;
    }
    return {low, high};
}

/// The interval an observed Tmax accepts, and where it comes from.
void tmax_interval(const ObservedValue& tmax, CheckRow& row) {
    const auto [low, high] = accepted_interval(tmax);
    row.tmax_interval = tmax.dispersion == DispersionKind::None
                            ? std::string("factor")
                            : std::string(dispersion_kind_name(tmax.dispersion));
    row.tmax_low_h = low;
    row.tmax_high_h = high;
}

/// The terminal half-life of the curve: ln 2 over the log-linear slope between
/// kCheckHalfLifeFromH and kCheckHalfLifeToH after the last dose.
void predict_half_life(const Model& model, const Observation& o, CheckRow& row) {
    const double last = o.times_h.back() + o.duration_h;
    const Result r =
        simulate(model, o.regimen(),
                 OutputTimes::at({last + kCheckHalfLifeFromH, last + kCheckHalfLifeToH}));
    const double c1 = r.concentration_mg_per_l(0), c2 = r.concentration_mg_per_l(1);
    const auto [low, high] = accepted_interval(*o.half_life);
    row.half_life_observed_h = o.half_life->value;
    row.half_life_low_h = low;
    row.half_life_high_h = high;
    if (c1 > 0.0 && c2 > 0.0 && c2 < c1) {
        row.half_life_predicted_h =
            std::log(2.0) * (kCheckHalfLifeToH - kCheckHalfLifeFromH) / std::log(c1 / c2);
        row.half_life_passes =
            *row.half_life_predicted_h >= low && *row.half_life_predicted_h <= high;
    } else {
        row.half_life_passes = false;
    }
}

bool within_fold(double fold) {
    return fold <= kCheckFoldLimit && fold >= 1.0 / kCheckFoldLimit;
}

Model model_for(const Drug& drug, const Observation& o, const CheckOptions& options) {
    Model model = drug.model(o.weight_kg, options.model);
    for (const AbsorptionShape& shape : options.absorption) {
        Absorption absorption = model.absorption(shape.route);
        absorption.ka_per_h = shape.ka_per_h;
        absorption.lag_h = shape.lag_h;
        model.set_absorption(shape.route, absorption);
        if (shape.transit) {
            model.set_transit(shape.route, *shape.transit);
        } else {
            model.clear_transit(shape.route);
        }
    }
    if (options.metabolite) model.set_metabolite(*options.metabolite);
    return model;
}

void validate(const CheckOptions& options) {
    for (std::size_t i = 0; i < options.absorption.size(); ++i) {
        const AbsorptionShape& shape = options.absorption[i];
        const std::string field = detail::indexed("absorption", i);
        validate_route(shape.route, field + ".route");
        if (!is_absorbed(shape.route)) {
            throw InvalidInput(field + ".route = " + std::string(route_name(shape.route)) +
                               ": an IV route has no absorption");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (options.absorption[j].route == shape.route) {
                throw InvalidInput(field + ".route = " + std::string(route_name(shape.route)) +
                                   ": route given twice");
            }
        }
        detail::require_positive(shape.ka_per_h, field + ".ka_per_h");
        detail::require_non_negative(shape.lag_h, field + ".lag_h");
        if (shape.transit) shape.transit->validate(shape.route);
    }
    if (options.metabolite) options.metabolite->validate();
}

/// True when `t_h` is the end of one of the observation's infusions: a peak there is a corner of
/// the curve, not a smooth maximum.
bool at_infusion_end(const Observation& o, double t_h) {
    if (o.duration_h <= 0.0) return false;
    return std::any_of(o.times_h.begin(), o.times_h.end(), [&](double start) {
        return std::abs(start + o.duration_h - t_h) <= 1e-9 * std::max(1.0, t_h);
    });
}

/// The time of a curve's peak between grid points: the vertex of the parabola through the
/// highest grid point and its neighbours. It makes the predicted Tmax a smooth function of the
/// model's parameters (the fit of absorption needs that); at the first or last point, or where
/// the peak is a corner (the end of an infusion), the grid time is kept.
double refined_tmax(const std::vector<double>& t, const Eigen::VectorXd& c, const Observation& o,
                    const Peak& peak) {
    if (at_infusion_end(o, peak.tmax_h)) return peak.tmax_h;
    const auto it = std::lower_bound(t.begin(), t.end(), peak.tmax_h);
    const Eigen::Index i = it - t.begin();
    if (i == 0 || i + 1 >= static_cast<Eigen::Index>(t.size())) return peak.tmax_h;
    const double left = c(i - 1), mid = c(i), right = c(i + 1);
    const double curvature = left - 2.0 * mid + right;
    if (!(curvature < 0.0)) return peak.tmax_h;
    const double shift = 0.5 * (left - right) / curvature;
    if (std::abs(shift) > 0.5) return peak.tmax_h;
    return peak.tmax_h + shift * (t[i + 1] - t[i]);
}

/// The curve a row is checked against: the parent's, or the metabolite's.
const Eigen::VectorXd& curve_of(const Result& result, const CheckRow& row) {
    return row.metabolite ? result.metabolite_concentration_mg_per_l
                          : result.concentration_mg_per_l;
}

void predict_peak(const Result& result, const Observation& o, CheckRow& row) {
    // A metabolite forms from the parent: it has no peak to skip at the bolus's mixing.
    row.peak_after_mixing = o.route == Route::IvBolus && !row.metabolite;
    const Eigen::VectorXd& c = curve_of(result, row);
    Peak peak = peak_from(result.times_h, c, row.peak_after_mixing ? kBolusMixingTimeH : 0.0);
    if (!row.peak_after_mixing || peak.tmax_h > kBolusMixingTimeH) {
        peak.tmax_h = refined_tmax(result.times_h, c, o, peak);
    }
    if (o.cmax) {
        row.cmax_observed_mg_per_l = o.cmax->value;
        row.cmax_predicted_mg_per_l = peak.cmax_mg_per_l;
        row.cmax_fold = peak.cmax_mg_per_l / o.cmax->value;
        row.cmax_passes = within_fold(*row.cmax_fold);
        if (o.study_f) {
            row.cmax_predicted_at_study_f_mg_per_l =
                peak.cmax_mg_per_l * *o.study_f / row.f_nominal;
        }
    }
    if (o.tmax) {
        row.tmax_observed_h = o.tmax->value;
        row.tmax_predicted_h = peak.tmax_h;
        tmax_interval(*o.tmax, row);
        // A nanosecond of slack (1e-9 h): a Tmax at the 2-min mixing time and an interval bound
        // of 3 - 1 min are the same time, computed in different orders.
        constexpr double kSlackH = 1e-9;
        row.tmax_passes =
            peak.tmax_h >= *row.tmax_low_h - kSlackH && peak.tmax_h <= *row.tmax_high_h + kSlackH;
    }
}

/// AUC(0-inf) of the metabolite (mg·h/L, its own mass): all that forms, fm of the parent's
/// clearance and the presystemic share of each dose, is cleared by its CL (linear models).
double metabolite_auc_to_infinity(const Model& model, const Observation& o, const CheckRow& row) {
    const Metabolite& m = *model.metabolite();
    const double doses = o.dose_mg() * static_cast<double>(o.times_h.size());
    const double formed = doses * (row.f_nominal * m.fm + m.presystemic_fraction(o.route));
    return formed * m.molar_mass_ratio / m.cl_l_per_h;
}

/// AUC(0-inf) of the parent (mg·h/L): every absorbed amount is eventually cleared by CL
/// (linear models).
double parent_auc_to_infinity(const Model& model, const Observation& o, const CheckRow& row) {
    return row.f_nominal * o.dose_mg() * static_cast<double>(o.times_h.size()) /
           model.disposition().cl();
}

void predict_auc(const Model& model, const Observation& o, CheckRow& row) {
    double predicted = 0.0;
    if (o.auc_interval == AucInterval::ZeroToInf) {
        predicted = row.metabolite ? metabolite_auc_to_infinity(model, o, row)
                                   : parent_auc_to_infinity(model, o, row);
    } else {
        const Result at_end = simulate(model, o.regimen(), OutputTimes::at({o.auc_end_h}));
        predicted = row.metabolite ? exact_metabolite_auc_to(at_end, 0, model)
                                   : exact_auc_to(at_end, 0, model);
    }
    row.auc_interval = o.auc_interval;
    row.auc_end_h = o.auc_end_h;
    row.auc_observed_mg_h_per_l = o.auc->value;
    row.auc_predicted_mg_h_per_l = predicted;
    row.auc_fold = predicted / o.auc->value;
    row.auc_passes = within_fold(*row.auc_fold);
    if (o.study_f) row.auc_predicted_at_study_f_mg_h_per_l = predicted * *o.study_f / row.f_nominal;
}

/// The metabolite's AUC over the parent's over the observation's ratio interval, each exact and
/// in its own mass.
void predict_auc_ratio(const Model& model, const Observation& o, CheckRow& row) {
    row.auc_ratio_interval = o.auc_ratio_interval;
    row.auc_ratio_end_h = o.auc_ratio_end_h;
    row.auc_ratio_observed = o.auc_ratio->value;
    if (!row.metabolite) return;  // the model has no such metabolite: nothing to predict
    double predicted = 0.0;
    if (o.auc_ratio_interval == AucInterval::ZeroToInf) {
        predicted =
            metabolite_auc_to_infinity(model, o, row) / parent_auc_to_infinity(model, o, row);
    } else {
        const Result at_end = simulate(model, o.regimen(), OutputTimes::at({o.auc_ratio_end_h}));
        predicted = exact_metabolite_auc_to(at_end, 0, model) / exact_auc_to(at_end, 0, model);
    }
    row.auc_ratio_predicted = predicted;
    row.auc_ratio_fold = predicted / o.auc_ratio->value;
    row.auc_ratio_passes = within_fold(*row.auc_ratio_fold);
}

CheckRow check_observation(const Drug& drug, const Observation& o, const CheckOptions& options) {
    CheckRow row;
    row.observation = o.id;
    row.route = o.route;
    row.dose_mg = o.dose_mg();
    row.weight_kg = o.weight_kg;
    row.duration_h = o.duration_h;
    row.population = o.population;
    row.analyte = o.analyte;
    row.sampling = o.sampling;
    row.status = o.status;
    row.n = o.n;
    row.not_counted_because = why_not_counted(drug, o);
    row.counts = row.not_counted_because.empty();
    row.study_f = o.study_f;

    const Model model = model_for(drug, o, options);
    row.metabolite = o.analyte != drug.analyte() && model.metabolite() &&
                     is_metabolite_analyte(drug.model_spec(options.model), o.analyte);
    if (o.analyte != drug.analyte() && !row.metabolite && row.counts) {
        // A metabolite of another model of the drug: shown against the parent, not counted.
        row.not_counted_because =
            "analyte " + o.analyte + " (not in model " + drug.model_spec(options.model).id + ")";
        row.counts = false;
    }
    // A general linear model: the fraction of a dose that enters it (its routes' targets).
    row.f_nominal = model.linear_structure() ? model.bioavailability(o.route).nominal
                                             : overall_bioavailability(model, o.route).nominal;
    const double t_end = o.times_h.back() + o.duration_h + kCheckFollowUpH;
    const Result result =
        simulate(model, o.regimen(), OutputTimes::uniform(0.0, t_end, kCheckStepH));
    predict_peak(result, o, row);
    if (o.auc) predict_auc(model, o, row);
    if (o.auc_ratio) predict_auc_ratio(model, o, row);
    if (o.half_life) predict_half_life(model, o, row);

    row.passes = row.cmax_passes.value_or(true) && row.tmax_passes.value_or(true) &&
                 row.auc_passes.value_or(true) && row.auc_ratio_passes.value_or(true) &&
                 row.half_life_passes.value_or(true);
    return row;
}

double gmfe(double sum_log, int n) {
    return n > 0 ? std::pow(10.0, sum_log / n) : std::numeric_limits<double>::quiet_NaN();
}

void summarise(DrugCheck& check) {
    double sum_log = 0.0, sum_log_metabolite = 0.0;
    for (const CheckRow& row : check.rows) {
        if (!row.counts) continue;
        ++check.counted;
        if (!row.passes) ++check.counted_misses;
        if (!row.cmax_fold) continue;
        const double log_fold = std::abs(std::log10(*row.cmax_fold));
        if (row.metabolite) {
            ++check.counted_cmax_metabolite;
            sum_log_metabolite += log_fold;
        } else {
            ++check.counted_cmax;
            sum_log += log_fold;
        }
    }
    check.gmfe_cmax = gmfe(sum_log, check.counted_cmax);
    check.gmfe_cmax_metabolite = gmfe(sum_log_metabolite, check.counted_cmax_metabolite);
    const bool metabolite_passes =
        check.counted_cmax_metabolite == 0 || check.gmfe_cmax_metabolite <= kCheckGmfeLimit;
    // Without a counted parent Cmax (a drug checked against label-type values: a Tmax window,
    // a half-life range) there is no GMFE: every counted row must pass.
    check.passes = check.counted_cmax > 0
                       ? check.gmfe_cmax <= kCheckGmfeLimit && metabolite_passes &&
                             check.counted_misses <= kCheckMissesAllowed
                       : check.counted > 0 && check.counted_misses == 0;
}

}  // namespace

std::string why_not_counted(const Drug& drug, const Observation& o) {
    if (o.population == "children") return "children";
    if (o.population == "icu") return "intensive care";
    const bool of_a_metabolite =
        std::any_of(drug.models().begin(), drug.models().end(),
                    [&o](const DrugModel& m) { return is_metabolite_analyte(m, o.analyte); });
    if (o.analyte != drug.analyte() && !of_a_metabolite) return "analyte " + o.analyte;
    if (o.status != "D" && o.status != "D-2") return "status " + o.status;
    return o.not_counted;
}

DrugCheck check_drug(const Drug& drug, const std::string& model_id) {
    CheckOptions options;
    options.model = model_id;
    return check_drug(drug, options);
}

DrugCheck check_drug(const Drug& drug, const CheckOptions& options) {
    validate(options);
    DrugCheck check;
    check.drug = drug.name();
    check.model = drug.model_spec(options.model).id;
    for (const Observation& o : drug.observations()) {
        check.rows.push_back(check_observation(drug, o, options));
    }
    summarise(check);
    return check;
}

}  // namespace pkengine
