// A drug checked against its published observations.
#include <pybind11/stl.h>

#include <pkengine/check.hpp>
#include <pkengine/compare.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

void register_check_row(py::module_& m) {
    py::class_<CheckRow>(m, "CheckRow", "One observation of a check (mg/L, h, mg*h/L).")
        .def_readonly("observation", &CheckRow::observation)
        .def_readonly("route", &CheckRow::route)
        .def_readonly("dose", &CheckRow::dose_mg, "Amount of each dose (mg).")
        .def_readonly("weight", &CheckRow::weight_kg, "kg")
        .def_readonly("duration", &CheckRow::duration_h, "Infusion duration (h), else 0.")
        .def_readonly("population", &CheckRow::population)
        .def_readonly("analyte", &CheckRow::analyte)
        .def_readonly("metabolite", &CheckRow::metabolite,
                      "True when the row is the model's metabolite (its own mass).")
        .def_readonly("sampling", &CheckRow::sampling)
        .def_readonly("status", &CheckRow::status)
        .def_readonly("n", &CheckRow::n)
        .def_readonly("counts", &CheckRow::counts)
        .def_readonly("not_counted_because", &CheckRow::not_counted_because)
        .def_readonly("f_nominal", &CheckRow::f_nominal, "Overall nominal F simulated.")
        .def_readonly("study_f", &CheckRow::study_f)
        .def_readonly("peak_after_mixing", &CheckRow::peak_after_mixing,
                      "True when Cmax and Tmax are read from 2 min after an IV bolus.")
        .def_readonly("cmax_observed", &CheckRow::cmax_observed_mg_per_l)
        .def_readonly("cmax_predicted", &CheckRow::cmax_predicted_mg_per_l)
        .def_readonly("cmax_predicted_at_study_f", &CheckRow::cmax_predicted_at_study_f_mg_per_l)
        .def_readonly("cmax_fold", &CheckRow::cmax_fold, "Predicted / observed.")
        .def_readonly("cmax_passes", &CheckRow::cmax_passes)
        .def_readonly("tmax_observed", &CheckRow::tmax_observed_h)
        .def_readonly("tmax_low", &CheckRow::tmax_low_h)
        .def_readonly("tmax_high", &CheckRow::tmax_high_h)
        .def_readonly("tmax_interval", &CheckRow::tmax_interval)
        .def_readonly("tmax_predicted", &CheckRow::tmax_predicted_h)
        .def_readonly("tmax_passes", &CheckRow::tmax_passes)
        .def_readonly("half_life_observed", &CheckRow::half_life_observed_h, "h, or None.")
        .def_readonly("half_life_low", &CheckRow::half_life_low_h, "h, or None.")
        .def_readonly("half_life_high", &CheckRow::half_life_high_h, "h, or None.")
        .def_readonly("half_life_predicted", &CheckRow::half_life_predicted_h,
                      "Terminal half-life of the predicted curve (h): 48-72 h after the last dose.")
        .def_readonly("half_life_passes", &CheckRow::half_life_passes)
        .def_readonly("auc_observed", &CheckRow::auc_observed_mg_h_per_l)
        .def_readonly("auc_predicted", &CheckRow::auc_predicted_mg_h_per_l)
        .def_readonly("auc_predicted_at_study_f", &CheckRow::auc_predicted_at_study_f_mg_h_per_l)
        .def_readonly("auc_fold", &CheckRow::auc_fold)
        .def_readonly("auc_passes", &CheckRow::auc_passes)
        .def_property_readonly(
            "auc_interval",
            [](const CheckRow& r) { return std::string(auc_interval_name(r.auc_interval)); })
        .def_readonly("auc_end", &CheckRow::auc_end_h, "h (inf for 0-inf)")
        .def_readonly("auc_ratio_observed", &CheckRow::auc_ratio_observed,
                      "Metabolite AUC / parent AUC over one interval (each in its own mass), "
                      "or None.")
        .def_readonly("auc_ratio_predicted", &CheckRow::auc_ratio_predicted)
        .def_readonly("auc_ratio_fold", &CheckRow::auc_ratio_fold)
        .def_readonly("auc_ratio_passes", &CheckRow::auc_ratio_passes)
        .def_property_readonly(
            "auc_ratio_interval",
            [](const CheckRow& r) { return std::string(auc_interval_name(r.auc_ratio_interval)); })
        .def_readonly("auc_ratio_end", &CheckRow::auc_ratio_end_h, "h (inf for 0-inf)")
        .def_readonly("passes", &CheckRow::passes);
}

void register_check_result(py::module_& m) {
    py::class_<DrugCheck>(m, "DrugCheck", "A drug's defaults against its observations.")
        .def_readonly("drug", &DrugCheck::drug)
        .def_readonly("model", &DrugCheck::model)
        .def_readonly("rows", &DrugCheck::rows)
        .def_readonly("gmfe_cmax", &DrugCheck::gmfe_cmax,
                      "Geometric mean fold error of the counted Cmax values.")
        .def_readonly("counted", &DrugCheck::counted)
        .def_readonly("counted_cmax", &DrugCheck::counted_cmax)
        .def_readonly("counted_misses", &DrugCheck::counted_misses)
        .def_readonly("gmfe_cmax_metabolite", &DrugCheck::gmfe_cmax_metabolite,
                      "The same over the counted metabolite rows (nan when none).")
        .def_readonly("counted_cmax_metabolite", &DrugCheck::counted_cmax_metabolite)
        .def_readonly("passes", &DrugCheck::passes);

    py::class_<AbsorptionShape>(m, "AbsorptionShape",
                                "An absorption shape replacing a route's for a check.")
        .def(py::init(
                 [](Route route, double ka, double lag, std::optional<TransitAbsorption> transit) {
                     return AbsorptionShape{route, ka, lag, transit};
                 }),
             "route"_a, "ka"_a, "lag"_a = 0.0, "transit"_a = py::none())
        .def_readonly("route", &AbsorptionShape::route)
        .def_readonly("ka", &AbsorptionShape::ka_per_h, "1/h")
        .def_readonly("lag", &AbsorptionShape::lag_h, "h")
        .def_readonly("transit", &AbsorptionShape::transit);
}

}  // namespace

void register_check(py::module_& m) {
    register_check_row(m);
    register_check_result(m);
    m.attr("CHECK_FOLD_LIMIT") = kCheckFoldLimit;
    m.attr("CHECK_TMAX_FACTOR") = kCheckTmaxFactor;
    m.attr("CHECK_GMFE_LIMIT") = kCheckGmfeLimit;
    m.attr("CHECK_MISSES_ALLOWED") = kCheckMissesAllowed;
    m.attr("BOLUS_MIXING_TIME") = kBolusMixingTimeH;
    m.def(
        "check_drug",
        [](const Drug& drug, const std::optional<std::string>& model,
           const std::vector<AbsorptionShape>& absorption,
           const std::optional<Metabolite>& metabolite) {
            CheckOptions options{model.value_or(std::string()), absorption, metabolite};
            py::gil_scoped_release release;
            return check_drug(drug, options);
        },
        "drug"_a, "model"_a = py::none(), "absorption"_a = std::vector<AbsorptionShape>{},
        "metabolite"_a = py::none(),
        "Simulate each observation of `drug` with its study's design at the routes' nominal F; "
        "`absorption` replaces routes' absorption shapes and `metabolite` the model's "
        "metabolite (used to fit them).");
    m.def("why_not_counted", &why_not_counted, "drug"_a, "observation"_a,
          "'' when the observation counts for the drug, else why not.");
}

}  // namespace pkengine::python
