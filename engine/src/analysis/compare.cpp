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

/// Overall bioavailability of a route: a swallowed fraction follows the oral route.
Bioavailability overall_f(const Model& model, Route route) {
    const Bioavailability f = model.bioavailability(route);
    if (!is_absorbed(route)) return f;
    const double fs = model.absorption(route).fraction_swallowed;
    if (fs == 0.0) return f;
    const Bioavailability oral = model.bioavailability(Route::Oral);
    return {(1 - fs) * f.nominal + fs * oral.nominal, (1 - fs) * f.low + fs * oral.low,
            (1 - fs) * f.high + fs * oral.high};
}

RouteMetrics metrics_of(const Result& result, double f, double dose_mg, double cl,
                        const std::vector<Band>& bands) {
    RouteMetrics m;
    m.f = f;
    Eigen::Index peak = 0;
    m.cmax_mg_per_l = result.concentration_mg_per_l.maxCoeff(&peak);
    m.tmax_h = result.times_h[static_cast<std::size_t>(peak)];
    const Eigen::Index last = result.amounts_mg.rows() - 1;
    m.auc_0_t = result.amounts_mg(last, result.state_index("eliminated")) / cl;
    m.auc_0_inf = f * dose_mg / cl;
    const std::vector<double> c(
        result.concentration_mg_per_l.data(),
        result.concentration_mg_per_l.data() + result.concentration_mg_per_l.size());
    for (const Band& band : bands) {
        m.time_in_band_h.push_back(band.kind == BandKind::Above
                                       ? nca::time_above(result.times_h, c, band.lower_mg_per_l())
                                       : nca::time_in_band(result.times_h, c, band.lower_mg_per_l(),
                                                           band.upper_mg_per_l()));
    }
    return m;
}

}  // namespace

const RouteMetrics& RouteOutcome::at(FChoice choice) const {
    return metrics[static_cast<std::size_t>(choice == FChoice::Nominal ? 0
                                            : choice == FChoice::Low   ? 1
                                                                       : 2)];
}

const Eigen::VectorXd& RouteOutcome::curve(FChoice choice) const {
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
    for (Route route : routes) {
        RouteOutcome r;
        r.route = route;
        r.f = overall_f(model, route);
        r.ka_per_h = is_absorbed(route) ? model.absorption(route).ka_per_h
                                        : std::numeric_limits<double>::quiet_NaN();
        r.dose_mg = dose_mg;
        r.duration_h = route == Route::IvInfusion ? *options.infusion_duration_h : 0.0;
        const Regimen regimen = Regimen::single(Dose::mg(dose_mg, route, r.duration_h));
        for (std::size_t i = 0; i < kChoices.size(); ++i) {
            SimulationOptions sim;
            sim.bioavailability = kChoices[i];
            const Result result = simulate(model, regimen, grid, sim);
            r.metrics[i] =
                metrics_of(result, r.f.value(kChoices[i]), dose_mg, out.cl_l_per_h, bands);
            r.concentration_mg_per_l[i] = result.concentration_mg_per_l;
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

RouteComparison compare_routes(const Drug& drug, const DrugComparisonRequest& request) {
    detail::require_positive(request.dose, "dose");
    const Dose dose = request.dose_unit == DoseUnit::MgPerKg
                          ? Dose::mg_per_kg(request.dose, request.weight_kg, Route::IvBolus)
                          : Dose::mg(request.dose, Route::IvBolus);
    const Model model = drug.model(request.weight_kg, request.model, request.alternatives);
    std::vector<Route> routes = request.routes;
    if (routes.empty()) routes.assign(kAllRoutes.begin(), kAllRoutes.end());
    std::vector<Band> bands;
    if (request.bands.empty()) {
        for (const Band& b : drug.bands()) {
            if (b.has_extent()) bands.push_back(b);
        }
    } else {
        for (const std::string& name : request.bands) bands.push_back(drug.band(name));
    }
    CompareOptions options = request.options;
    const bool infusion =
        std::find(routes.begin(), routes.end(), Route::IvInfusion) != routes.end();
    if (infusion && !options.infusion_duration_h) {
        options.infusion_duration_h = protocol_infusion_duration_h(drug);
    }
    return compare_routes(model, dose.amount_mg, routes, bands, options);
}

}  // namespace pkengine
