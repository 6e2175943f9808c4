// Route comparison and integration windows.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <pkengine/compare.hpp>
#include <pkengine/errors.hpp>
#include <pkengine/windows.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

void register_comparison(py::module_& m) {
    py::class_<RouteMetrics>(m, "RouteMetrics", "Metrics of one route at one F choice (mg/L, h).")
        .def_readonly("f", &RouteMetrics::f, "Overall bioavailability used (fraction).")
        .def_readonly("cmax", &RouteMetrics::cmax_mg_per_l,
                      "Peak on the output grid from peak_from on (mg/L).")
        .def_readonly("tmax", &RouteMetrics::tmax_h, "Time of the peak on the grid (h).")
        .def_readonly("peak_from", &RouteMetrics::peak_from_h,
                      "Time from which cmax, tmax and time in band are read (h): 2 min after "
                      "an IV bolus, else 0.")
        .def_readonly("c0", &RouteMetrics::c0_mg_per_l,
                      "IV bolus: dose / V1 with instant mixing (mg/L); nan for other routes.")
        .def_readonly("auc_0_t", &RouteMetrics::auc_0_t,
                      "Exact AUC over the horizon, eliminated / CL (mg.h/L).")
        .def_readonly("auc_0_inf", &RouteMetrics::auc_0_inf, "Exact F.dose/CL (mg.h/L).")
        .def_readonly("metabolite_cmax", &RouteMetrics::metabolite_cmax_mg_per_l,
                      "The metabolite's peak on the grid (mg/L, its own mass); nan without one.")
        .def_readonly("metabolite_tmax", &RouteMetrics::metabolite_tmax_h,
                      "Time of the metabolite's peak (h); nan without one.")
        .def_readonly("metabolite_auc_0_t", &RouteMetrics::metabolite_auc_0_t,
                      "The metabolite's exact AUC over the horizon (mg.h/L); nan without one.")
        .def_readonly("time_in_band", &RouteMetrics::time_in_band_h,
                      "Hours in each band of the comparison (h).");

    py::class_<RouteOutcome>(m, "RouteOutcome", "One route of a comparison.")
        .def_readonly("route", &RouteOutcome::route)
        .def_readonly("f", &RouteOutcome::f, "Overall bioavailability (nominal and range).")
        .def_readonly("ka", &RouteOutcome::ka_per_h, "1/h (nan for IV routes).")
        .def_readonly("dose", &RouteOutcome::dose_mg, "mg")
        .def_readonly("duration", &RouteOutcome::duration_h, "Infusion duration (h), else 0.")
        .def("at", &RouteOutcome::at, "choice"_a, py::return_value_policy::copy,
             "Metrics at 'nominal', 'low' or 'high'.")
        .def("curve", &RouteOutcome::curve, "choice"_a, py::return_value_policy::copy,
             "Concentration (mg/L) on the comparison's times at 'nominal', 'low' or 'high'.")
        .def(
            "metabolite_curve",
            [](const RouteOutcome& r, FChoice choice) {
                r.curve(choice);  // validates the choice
                const std::size_t i = choice == FChoice::Nominal ? 0
                                      : choice == FChoice::Low   ? 1
                                                                 : 2;
                return Eigen::VectorXd(r.metabolite_concentration_mg_per_l[i]);
            },
            "choice"_a,
            "The metabolite's concentration (mg/L, its own mass) likewise; empty without one.");

    py::class_<RouteComparison>(m, "RouteComparison", "The outcome of a route comparison.")
        .def_readonly("times", &RouteComparison::times_h, "Output grid (h).")
        .def_readonly("bands", &RouteComparison::bands)
        .def_readonly("routes", &RouteComparison::routes)
        .def_readonly("dose", &RouteComparison::dose_mg, "mg")
        .def_readonly("cl", &RouteComparison::cl_l_per_h, "L/h")
        .def_readonly("enantiomer", &RouteComparison::enantiomer,
                      "'racemic' or 'S' (the model's concentrations); '' on a bare Model.")
        .def_readonly("metabolite", &RouteComparison::metabolite,
                      "The metabolite the outcomes carry ('norketamine'; 'metabolite' on a bare "
                      "Model with one); '' when the model has none.");
}

void register_compare_functions(py::module_& m) {
    m.def(
        "compare_routes_model",
        [](const Model& model, double dose_mg, const std::vector<Route>& routes,
           const std::vector<Band>& bands, double t_end, double step,
           std::optional<double> infusion_duration) {
            const Model snapshot = model;  // copied with the GIL held (see simulate)
            py::gil_scoped_release release;
            return compare_routes(snapshot, dose_mg, routes, bands,
                                  CompareOptions{t_end, step, infusion_duration});
        },
        "model"_a, "dose"_a, "routes"_a, "bands"_a = std::vector<Band>{}, "t_end"_a = 24.0,
        "step"_a = 1.0 / 60.0, "infusion_duration"_a = py::none(),
        "Compare `dose` (mg) by each route with `model` (t_end, step, duration in h).");

    m.def(
        "compare_routes_drug",
        [](const Drug& drug, double dose, const std::string& dose_unit, double weight,
           const std::vector<Route>& routes, const std::optional<std::string>& model,
           const std::vector<std::string>& alternatives, const std::vector<std::string>& bands,
           double t_end, double step, std::optional<double> infusion_duration) {
            DrugComparisonRequest request;
            request.dose = dose;
            if (dose_unit == "mg/kg") {
                request.dose_unit = DoseUnit::MgPerKg;
            } else if (dose_unit == "mg") {
                request.dose_unit = DoseUnit::Mg;
            } else {
                throw InvalidInput("dose_unit = '" + dose_unit + "': expected 'mg/kg' or 'mg'");
            }
            request.weight_kg = weight;
            request.routes = routes;
            request.model = model.value_or(std::string());
            request.alternatives = alternatives;
            request.bands = bands;
            request.options = CompareOptions{t_end, step, infusion_duration};
            py::gil_scoped_release release;
            return compare_routes(drug, request);
        },
        "drug"_a, "dose"_a, "dose_unit"_a = "mg/kg", "weight"_a = 70.0,
        "routes"_a = std::vector<Route>{}, "model"_a = py::none(),
        "alternatives"_a = std::vector<std::string>{}, "bands"_a = std::vector<std::string>{},
        "t_end"_a = 24.0, "step"_a = 1.0 / 60.0, "infusion_duration"_a = py::none(),
        "Compare routes for a drug (dose in mg/kg or mg, weight kg, times h).");
    m.def("protocol_infusion_duration", &protocol_infusion_duration_h, "drug"_a,
          "Duration (h) of the first iv_infusion among the drug's protocols (file order).");
}

void register_windows(py::module_& m) {
    py::class_<IntegrationWindow>(m, "IntegrationWindow", "The window one administration opens.")
        .def_readonly("administration", &IntegrationWindow::administration)
        .def_readonly("route", &IntegrationWindow::route)
        .def_readonly("amount", &IntegrationWindow::amount_mg, "mg")
        .def_readonly("start", &IntegrationWindow::start_h, "h")
        .def_readonly("end", &IntegrationWindow::end_h, "h");
    py::class_<SessionCheck>(m, "SessionCheck", "Whether a planned session is inside a window.")
        .def_readonly("time", &SessionCheck::time_h, "h")
        .def_readonly("inside", &SessionCheck::inside)
        .def_readonly("administration", &SessionCheck::administration)
        .def_readonly("hours_since_administration", &SessionCheck::hours_since_administration);
    m.def("integration_windows", py::overload_cast<const Regimen&, double>(&integration_windows),
          "regimen"_a, "hours"_a, "The window (h) each administration of `regimen` opens.");
    m.def("check_sessions", &check_sessions, "windows"_a, "sessions"_a,
          "Check session times (h) against integration windows.");
}

}  // namespace

void register_compare(py::module_& m) {
    register_comparison(m);
    register_compare_functions(m);
    register_windows(m);
}

}  // namespace pkengine::python
