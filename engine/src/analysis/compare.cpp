#include "pkengine/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/nca.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine {

namespace {

constexpr std::array<FChoice, 3> kChoices = {FChoice::Nominal, FChoice::Low, FChoice::High};

void validate_request(const Model& model, double dose_mg, const std::vector<Route>& routes,
                      const std::vector<Band>& bands, const CompareOptions& options) {
    detail::require_positive(dose_mg, "dose_mg");
    detail::require_positive(options.t_end_h, "t_end_h");
    detail::require_positive(options.step_h, "step_h");
    if (routes.empty()) throw InvalidInput("routes: at least one route is needed");
    for (std::size_t i = 0; i < routes.size(); ++i) {
        validate_route(routes[i], detail::indexed("routes", i));
        const std::string field =
            detail::indexed("routes", i) + " = " + std::string(route_name(routes[i]));
        for (std::size_t j = 0; j < i; ++j) {
            if (routes[j] == routes[i]) throw InvalidInput(field + ": route listed twice");
        }
        if (!model.has_route(routes[i])) {
            throw InvalidInput(field + ": the model has no absorption parameters for this route");
        }
        if (routes[i] == Route::IvInfusion) {
            if (!options.infusion_duration_h) {
                throw InvalidInput(field + ": infusion_duration_h is required for this route");
            }
            detail::require_positive(*options.infusion_duration_h, "infusion_duration_h");
        }
    }
    for (std::size_t i = 0; i < bands.size(); ++i) {
        if (!bands[i].has_extent()) {
            throw InvalidInput(detail::indexed("bands", i) + " = '" + bands[i].name +
                               "': a level has no time in band");
        }
    }
}

RouteMetrics metrics_of(const Result& result, const Model& model, Route route, double f,
                        double dose_mg, const std::vector<Band>& bands) {
    const double cl = model.disposition().cl();
    RouteMetrics m;
    m.f = f;
    const bool bolus = route == Route::IvBolus;
    m.peak_from_h = bolus ? kBolusMixingTimeH : 0.0;
    m.c0_mg_per_l = bolus ? dose_mg / result.v1_l : std::numeric_limits<double>::quiet_NaN();
    const Peak peak = peak_from(result.times_h, result.concentration_mg_per_l, m.peak_from_h);
    m.cmax_mg_per_l = peak.cmax_mg_per_l;
    m.tmax_h = peak.tmax_h;
    m.auc_0_t = exact_auc_to(result, result.amounts_mg.rows() - 1, model);
    m.auc_0_inf = f * dose_mg / cl;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.metabolite_cmax_mg_per_l = m.metabolite_tmax_h = m.metabolite_auc_0_t = nan;
    if (model.metabolite()) {
        const Peak mp = peak_from(result.times_h, result.metabolite_concentration_mg_per_l);
        m.metabolite_cmax_mg_per_l = mp.cmax_mg_per_l;
        m.metabolite_tmax_h = mp.tmax_h;
        m.metabolite_auc_0_t = exact_metabolite_auc_to(result, result.amounts_mg.rows() - 1, model);
    }
    // Times in band over [peak_from_h, t_end]: the grid points from there on, led by the curve
    // at peak_from_h itself (interpolated linearly, as the band crossings are) when that time
    // falls between two grid points.
    const std::vector<double>& times = result.times_h;
    const Eigen::VectorXd& conc = result.concentration_mg_per_l;
    const auto first = std::lower_bound(times.begin(), times.end(), m.peak_from_h - 1e-12);
    const std::size_t skip = static_cast<std::size_t>(first - times.begin());
    std::vector<double> t, c;
    if (skip > 0 && skip < times.size() && times[skip] > m.peak_from_h) {
        const double w = (m.peak_from_h - times[skip - 1]) / (times[skip] - times[skip - 1]);
        const auto i = static_cast<Eigen::Index>(skip);
        t.push_back(m.peak_from_h);
        c.push_back(conc(i - 1) + w * (conc(i) - conc(i - 1)));
    }
    t.insert(t.end(), first, times.end());
    c.insert(c.end(), conc.data() + skip, conc.data() + conc.size());
    for (const Band& band : bands) {
        m.time_in_band_h.push_back(
            band.shape == BandShape::Above
                ? nca::time_above(t, c, band.lower_mg_per_l())
                : nca::time_in_band(t, c, band.lower_mg_per_l(), band.upper_mg_per_l()));
    }
    return m;
}

}  // namespace

Peak peak_from(const std::vector<double>& times_h, const Eigen::VectorXd& c, double from_h) {
    const auto first = std::lower_bound(times_h.begin(), times_h.end(), from_h - 1e-12);
    if (first == times_h.end()) {
        throw InvalidInput("from_h = " + std::to_string(from_h) + ": after the last output time");
    }
    const Eigen::Index start = first - times_h.begin();
    Eigen::Index peak = 0;
    Peak out;
    out.cmax_mg_per_l = c.tail(c.size() - start).maxCoeff(&peak);
    out.tmax_h = times_h[static_cast<std::size_t>(start + peak)];
    return out;
}

Bioavailability overall_bioavailability(const Model& model, Route route) {
    const Bioavailability f = model.bioavailability(route);
    if (!is_absorbed(route)) return f;
    const double fs = model.absorption(route).fraction_swallowed;
    if (fs == 0.0) return f;
    const Bioavailability oral = model.bioavailability(Route::Oral);
    return {(1 - fs) * f.nominal + fs * oral.nominal, (1 - fs) * f.low + fs * oral.low,
            (1 - fs) * f.high + fs * oral.high};
}

namespace {

double amount_of(const Result& result, Eigen::Index row, const char* name) {
    const auto it = std::find(result.state_names.begin(), result.state_names.end(), name);
    return it == result.state_names.end() ? 0.0
                                          : result.amounts_mg(row, it - result.state_names.begin());
}

bool forms_presystemic(const Metabolite& m) {
    return std::any_of(m.presystemic.begin(), m.presystemic.end(),
                       [](double f) { return f > 0.0; });
}

}  // namespace

double exact_auc_to(const Result& result, Eigen::Index row, const Model& model) {
    const double cl = model.disposition().cl();
    const auto& m = model.metabolite();
    if (m && forms_presystemic(*m)) {
        // The metabolite states also hold what formed before plasma: only the eliminated
        // state, fed by (1 - fm) CL C, measures the parent's clearance (fm < 1 is validated).
        return amount_of(result, row, "eliminated") / ((1.0 - m->fm) * cl);
    }
    double lost = 0.0;
    for (const char* name :
         {"eliminated", "metabolite_central", "metabolite_peripheral", "metabolite_eliminated"}) {
        lost += amount_of(result, row, name);
    }
    return lost / cl;
}

double exact_metabolite_auc_to(const Result& result, Eigen::Index row, const Model& model) {
    const auto& m = model.metabolite();
    if (!m) throw InvalidInput("model: it has no metabolite (Model::set_metabolite)");
    return amount_of(result, row, "metabolite_eliminated") * m->molar_mass_ratio / m->cl_l_per_h;
}

const RouteMetrics& RouteOutcome::at(FChoice choice) const {
    detail::require_enum(choice, FChoice::Nominal, FChoice::High, "choice");
    return metrics[static_cast<std::size_t>(choice == FChoice::Nominal ? 0
                                            : choice == FChoice::Low   ? 1
                                                                       : 2)];
}

const Eigen::VectorXd& RouteOutcome::curve(FChoice choice) const {
    detail::require_enum(choice, FChoice::Nominal, FChoice::High, "choice");
    return concentration_mg_per_l[static_cast<std::size_t>(choice == FChoice::Nominal ? 0
                                                           : choice == FChoice::Low   ? 1
                                                                                      : 2)];
}

RouteComparison compare_routes(const Model& model, double dose_mg, const std::vector<Route>& routes,
                               const std::vector<Band>& bands, const CompareOptions& options) {
    validate_request(model, dose_mg, routes, bands, options);
    const OutputTimes grid = OutputTimes::uniform(0.0, options.t_end_h, options.step_h);
    RouteComparison out;
    out.times_h = grid.times();
    out.bands = bands;
    out.dose_mg = dose_mg;
    out.cl_l_per_h = model.disposition().cl();
    if (model.metabolite()) out.metabolite = "metabolite";
    for (Route route : routes) {
        RouteOutcome r;
        r.route = route;
        r.f = overall_bioavailability(model, route);
        r.ka_per_h = is_absorbed(route) ? model.absorption(route).ka_per_h
                                        : std::numeric_limits<double>::quiet_NaN();
        r.dose_mg = dose_mg;
        r.duration_h = route == Route::IvInfusion ? *options.infusion_duration_h : 0.0;
        const Regimen regimen = Regimen::single(Dose::mg(dose_mg, route, r.duration_h));
        for (std::size_t i = 0; i < kChoices.size(); ++i) {
            SimulationOptions sim;
            sim.bioavailability = kChoices[i];
            const Result result = simulate(model, regimen, grid, sim);
            r.metrics[i] = metrics_of(result, model, route, r.f.value(kChoices[i]), dose_mg, bands);
            r.concentration_mg_per_l[i] = result.concentration_mg_per_l;
            r.metabolite_concentration_mg_per_l[i] = result.metabolite_concentration_mg_per_l;
        }
        out.routes.push_back(std::move(r));
    }
    return out;
}

double protocol_infusion_duration_h(const Drug& drug) {
    for (const Protocol& p : drug.protocols()) {
        for (const Administration& a : p.administrations) {
            if (a.route == Route::IvInfusion) return a.duration_h;
        }
    }
    throw InvalidInput("drug = '" + drug.name() +
                       "': no protocol with an iv_infusion to take the infusion duration from; "
                       "give infusion_duration_h");
}

namespace {

std::string enantiomer_text(const std::string& enantiomer) {
    return enantiomer == "S" ? "S-enantiomer" : "racemic (R + S)";
}

/// The bands of the request: the named ones, or every range and above band; only those of the
/// model's enantiomer (a racemic level says nothing about an S-enantiomer curve).
std::vector<Band> requested_bands(const Drug& drug, const DrugComparisonRequest& request) {
    const DrugModel& spec = drug.model_spec(request.model);
    std::vector<Band> bands;
    if (request.bands.empty()) {
        for (const Band& b : drug.bands_for_model(request.model)) {
            if (b.has_extent()) bands.push_back(b);
        }
        return bands;
    }
    for (const std::string& name : request.bands) {
        const Band& band = drug.band(name);
        if (band.enantiomer != spec.enantiomer) {
            throw InvalidInput("bands = '" + name + "': its concentrations are " +
                               enantiomer_text(band.enantiomer) + ", model '" + spec.id +
                               "' gives " + enantiomer_text(spec.enantiomer) +
                               " concentrations: they cannot be compared");
        }
        bands.push_back(band);
    }
    return bands;
}

}  // namespace

RouteComparison compare_routes(const Drug& drug, const DrugComparisonRequest& request) {
    const DrugModel& chosen = drug.model_spec(request.model);
    if (chosen.linear) {
        // Its routes enter compartments with their own fractions: no F range, no ka per route,
        // and no single clearance for an exact AUC, which is what a route comparison reports.
        throw InvalidInput("model = '" + chosen.id + "' of drug '" + drug.name() +
                           "': a general linear model has no per-route F range and absorption "
                           "rate to compare; simulate its protocols (pkengine protocol " +
                           drug.name() + " PROTOCOL, or pk.protocol_timeline)");
    }
    detail::require_positive(request.dose, "dose");
    detail::require_enum(request.dose_unit, DoseUnit::Mg, DoseUnit::MgPerKg, "dose_unit");
    const Dose dose = request.dose_unit == DoseUnit::MgPerKg
                          ? Dose::mg_per_kg(request.dose, request.weight_kg, Route::IvBolus)
                          : Dose::mg(request.dose, Route::IvBolus);
    const Model model = drug.model(request.weight_kg, request.model, request.alternatives);
    std::vector<Route> routes = request.routes;
    if (routes.empty()) routes.assign(kAllRoutes.begin(), kAllRoutes.end());
    const std::vector<Band> bands = requested_bands(drug, request);
    CompareOptions options = request.options;
    const bool infusion =
        std::find(routes.begin(), routes.end(), Route::IvInfusion) != routes.end();
    if (infusion && !options.infusion_duration_h) {
        options.infusion_duration_h = protocol_infusion_duration_h(drug);
    }
    RouteComparison out = compare_routes(model, dose.amount_mg, routes, bands, options);
    const DrugModel& spec = drug.model_spec(request.model);
    out.enantiomer = spec.enantiomer;
    if (spec.metabolite) out.metabolite = spec.metabolite->name;
    return out;
}

}  // namespace pkengine
