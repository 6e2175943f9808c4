// Drug files: the loaded content (read-only) and the Drug that builds models and regimens.
#include <pybind11/stl.h>

#include <pkengine/detail/validate.hpp>
#include <pkengine/drug.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

template <typename T, typename Key>
py::dict by_id(const std::vector<T>& items, Key key) {
    py::dict out;  // Python dicts keep insertion order: the file's order
    for (const T& item : items) out[py::str(key(item))] = py::cast(item);
    return out;
}

std::string str(std::string_view s) {
    return std::string(s);
}

void register_model_parts(py::module_& m) {
    py::class_<DrugParameter>(m, "DrugParameter", "A model parameter in engine units.")
        .def_readonly("name", &DrugParameter::name)
        .def_readonly("value", &DrugParameter::value,
                      "Engine units (L, L/h, 1/h): per kg for per-kg models, at the reference "
                      "weight for allometric models.")
        .def_readonly("file_value", &DrugParameter::file_value, "The number as written.")
        .def_readonly("unit", &DrugParameter::unit, "The unit as written.")
        .def_readonly("bsv_percent", &DrugParameter::bsv_percent, "CV % or None.")
        .def_readonly("refs", &DrugParameter::refs);

    py::class_<DrugPresystemic>(m, "DrugPresystemic",
                                "A route's presystemic metabolite fraction in a drug file.")
        .def_readonly("route", &DrugPresystemic::route)
        .def_readonly("fraction", &DrugPresystemic::fraction, "Of the dose.")
        .def_readonly("refs", &DrugPresystemic::refs)
        .def_readonly("fitted_to", &DrugPresystemic::fitted_to);

    py::class_<DrugMetabolite>(m, "DrugMetabolite", "The metabolite of a drug file's model.")
        .def_readonly("name", &DrugMetabolite::name)
        .def_readonly("analyte", &DrugMetabolite::analyte)
        .def_property_readonly("parameters",
                               [](const DrugMetabolite& d) {
                                   return by_id(d.parameters,
                                                [](const DrugParameter& p) { return p.name; });
                               })
        .def_readonly("molar_mass_ratio", &DrugMetabolite::molar_mass_ratio)
        .def_readonly("molar_mass_refs", &DrugMetabolite::molar_mass_refs)
        .def_readonly("presystemic", &DrugMetabolite::presystemic)
        .def_readonly("fitted_to", &DrugMetabolite::fitted_to)
        .def_readonly("note", &DrugMetabolite::note);

    py::class_<DrugVariability>(
        m, "DrugVariability",
        "The published between-subject variability of one parameter (a bsv field): its name as a "
        "population takes it, its CV (%; log-normal) or for a fraction its SD on the logit scale "
        "(sd_logit; logit-normal; cv_percent is then 0), and the eta it belongs to (shared by "
        "parameters that carry one random effect together).")
        .def_readonly("parameter", &DrugVariability::parameter)
        .def_readonly("cv_percent", &DrugVariability::cv_percent)
        .def_readonly("sd_logit", &DrugVariability::sd_logit)
        .def_readonly("eta", &DrugVariability::eta)
        .def_readonly("refs", &DrugVariability::refs)
        .def("__repr__", [](const DrugVariability& v) {
            const std::string spread = v.sd_logit > 0.0
                                           ? "SD " + detail::format_value(v.sd_logit) + " logit"
                                           : detail::format_value(v.cv_percent) + " %";
            return "DrugVariability(" + v.parameter + ", " + spread +
                   (v.eta != v.parameter ? ", eta " + v.eta : std::string()) + ")";
        });

    py::class_<CovariateEffect>(
        m, "CovariateEffect",
        "A covariate's effect on a parameter's typical value (format 6.8): kind linear_above "
        "(theta + coefficient max(0, c - reference)), factor (theta coefficient^c, c 0 or 1) or "
        "power (theta (c / reference)^coefficient).")
        .def(py::init([](const std::string& covariate, const std::string& parameter,
                         const std::string& kind, double reference, double coefficient) {
                 CovariateEffect e;
                 e.covariate = covariate;
                 e.parameter = parameter;
                 if (kind == "linear_above") {
                     e.kind = CovariateEffectKind::LinearAbove;
                 } else if (kind == "factor") {
                     e.kind = CovariateEffectKind::Factor;
                 } else if (kind == "power") {
                     e.kind = CovariateEffectKind::Power;
                 } else {
                     throw InvalidInput("kind = '" + kind +
                                        "': expected linear_above, factor or power");
                 }
                 e.reference = reference;
                 e.coefficient = coefficient;
                 return e;
             }),
             "covariate"_a, "parameter"_a, "kind"_a, "reference"_a = 0.0, "coefficient"_a = 1.0)
        .def(py::pickle(
            [](const CovariateEffect& e) {
                const char* kind = e.kind == CovariateEffectKind::LinearAbove ? "linear_above"
                                   : e.kind == CovariateEffectKind::Factor    ? "factor"
                                                                              : "power";
                return py::make_tuple(e.covariate, e.parameter, kind, e.reference, e.coefficient,
                                      e.refs);
            },
            [](const py::tuple& t) {
                CovariateEffect e;
                e.covariate = t[0].cast<std::string>();
                e.parameter = t[1].cast<std::string>();
                const auto kind = t[2].cast<std::string>();
                e.kind = kind == "linear_above" ? CovariateEffectKind::LinearAbove
                         : kind == "factor"     ? CovariateEffectKind::Factor
                                                : CovariateEffectKind::Power;
                e.reference = t[3].cast<double>();
                e.coefficient = t[4].cast<double>();
                e.refs = t[5].cast<RefIds>();
                return e;
            }))
        .def_readonly("covariate", &CovariateEffect::covariate)
        .def_readonly("parameter", &CovariateEffect::parameter)
        .def_property_readonly("kind",
                               [](const CovariateEffect& e) {
                                   return e.kind == CovariateEffectKind::LinearAbove
                                              ? "linear_above"
                                          : e.kind == CovariateEffectKind::Factor ? "factor"
                                                                                  : "power";
                               })
        .def_readonly("reference", &CovariateEffect::reference)
        .def_readonly("coefficient", &CovariateEffect::coefficient)
        .def_readonly("refs", &CovariateEffect::refs)
        .def("apply", &CovariateEffect::apply, "theta"_a, "c"_a,
             "The typical value after the effect of covariate value c.")
        .def("__repr__", [](const CovariateEffect& e) {
            return "CovariateEffect(" + e.covariate + " on " + e.parameter + ")";
        });

    py::class_<DrugModel>(m, "DrugModel", "A disposition model of a drug file.")
        .def_readonly("id", &DrugModel::id)
        .def_readonly("title", &DrugModel::title)
        .def_readonly("population", &DrugModel::population)
        .def_readonly("enantiomer", &DrugModel::enantiomer)
        .def_readonly("sampling", &DrugModel::sampling)
        .def_readonly("model_kind", &DrugModel::model_kind)
        .def_readonly("compartments", &DrugModel::compartments)
        .def_property_readonly("parameterisation",
                               [](const DrugModel& d) {
                                   return d.linear ? "linear"
                                          : d.parameterisation == Parameterisation::MicroConstants
                                              ? "micro_constants"
                                              : "clearances";
                               })
        .def_property_readonly(
            "weight_scaling",
            [](const DrugModel& d) { return str(weight_scaling_name(d.weight_scaling)); })
        .def_readonly("reference_weight_kg", &DrugModel::reference_weight_kg, "kg or None.")
        .def_property_readonly("parameters",
                               [](const DrugModel& d) {
                                   return by_id(d.parameters,
                                                [](const DrugParameter& p) { return p.name; });
                               })
        .def_readonly("variability", &DrugModel::variability,
                      "The published between-subject variability (bsv fields), in file order; "
                      "empty when the source publishes none.")
        .def_readonly("covariate_effects", &DrugModel::covariate_effects,
                      "The covariate effects on typical values (format 6.8); empty if none.")
        .def_readonly("refs", &DrugModel::refs)
        .def_readonly("note", &DrugModel::note)
        .def("disposition", &DrugModel::disposition, "weight"_a,
             "The Disposition at body weight `weight` (kg) after weight scaling.")
        .def_readonly("metabolite", &DrugModel::metabolite,
                      "The model's metabolite (format 6.7), or None.")
        .def("metabolite_at", &DrugModel::metabolite_at, "weight"_a,
             "The Metabolite at body weight `weight` (kg), scaled as the disposition is.")
        .def_readonly("linear", &DrugModel::linear,
                      "A general linear model's structure (volumes and clearances per kg or at "
                      "the reference weight), or None.")
        .def("linear_structure", &DrugModel::linear_structure, "weight"_a,
             "A general linear model's structure at body weight `weight` (kg).")
        .def_property_readonly("derivation_weight_kg", &DrugModel::derivation_weight_kg,
                               "Weight (kg) at which a derived ka is solved.");
}

void register_route_parts(py::module_& m) {
    py::class_<KaSpec>(m, "KaSpec", "Where a route's ka comes from.")
        .def_property_readonly("method",
                               [](const KaSpec& k) { return str(ka_method_name(k.method)); })
        .def_readonly("ka", &KaSpec::ka_per_h, "Published or from a half-life (1/h); 0 if solved.")
        .def_readonly("tmax", &KaSpec::tmax_h, "derived_from_tmax: the Tmax (h).")
        .def_readonly("half_life", &KaSpec::half_life_h, "derived_from_half_life: t1/2 (h).")
        .def_readonly("refs", &KaSpec::refs)
        .def_readonly("method_refs", &KaSpec::method_refs)
        .def_readonly("fitted_to", &KaSpec::fitted_to, "fitted: the observations it was fitted to.")
        .def_readonly("path", &KaSpec::path);

    py::class_<DrugRoute>(m, "DrugRoute", "A route of a drug file.")
        .def_readonly("route", &DrugRoute::route)
        .def_readonly("f", &DrugRoute::f)
        .def_readonly("f_refs", &DrugRoute::f_refs)
        .def_readonly("ka", &DrugRoute::ka, "KaSpec, or None for IV routes.")
        .def_readonly("lag", &DrugRoute::lag_h, "h")
        .def_readonly("lag_fitted_to", &DrugRoute::lag_fitted_to)
        .def_readonly("transit", &DrugRoute::transit, "TransitAbsorption, or None.")
        .def_readonly("transit_fitted_to", &DrugRoute::transit_fitted_to)
        .def_readonly("fraction_swallowed", &DrugRoute::fraction_swallowed)
        .def_property_readonly("fitted_to", &DrugRoute::fitted_to,
                               "Observations any of the route's parameters was fitted to.")
        .def_readonly("note", &DrugRoute::note);

    py::class_<RouteAlternative>(m, "RouteAlternative", "A literature preset for one route.")
        .def_readonly("id", &RouteAlternative::id)
        .def_readonly("route", &RouteAlternative::route)
        .def_readonly("title", &RouteAlternative::title)
        .def_readonly("f", &RouteAlternative::f)
        .def_readonly("f_refs", &RouteAlternative::f_refs)
        .def_readonly("ka", &RouteAlternative::ka, "KaSpec, or None (the route's ka is kept).")
        .def_readonly("refs", &RouteAlternative::refs)
        .def_readonly("note", &RouteAlternative::note);
}

void register_protocols(py::module_& m) {
    py::class_<Administration>(m, "Administration", "A dose by a route at one or more times.")
        .def_readonly("route", &Administration::route)
        .def_readonly("route_alternative", &Administration::route_alternative)
        .def_property_readonly(
            "dose_basis",
            [](const Administration& a) { return str(dose_basis_name(a.dose_basis)); })
        .def_readonly("dose", &Administration::dose, "mg, or mg/kg when dose_per_kg.")
        .def_readonly("dose_per_kg", &Administration::dose_per_kg)
        .def_readonly("duration", &Administration::duration_h, "h (iv_infusion), else 0.")
        .def_readonly("times", &Administration::times_h, "h from the protocol start.")
        .def_readonly("dose_refs", &Administration::dose_refs)
        .def_readonly("note", &Administration::note)
        .def("dose_mg", &Administration::dose_mg, "weight"_a, "Amount (mg) at `weight` (kg).");

    py::class_<Protocol>(m, "Protocol", "A named dosing protocol of a drug file.")
        .def_readonly("id", &Protocol::id)
        .def_readonly("title", &Protocol::title)
        .def_readonly("description", &Protocol::description)
        .def_readonly("context", &Protocol::context)
        .def_readonly("enantiomer", &Protocol::enantiomer,
                      "'racemic' or 'S': the drug given (simulated only with a model of it).")
        .def_readonly("model", &Protocol::model,
                      "The model it is simulated with by default ('' = the drug's default).")
        .def_readonly("administrations", &Protocol::administrations)
        .def_readonly("refs", &Protocol::refs)
        .def("regimen", &Protocol::regimen, "weight"_a, "Dose records at `weight` (kg).")
        .def_property_readonly("route_alternatives", &Protocol::route_alternatives)
        .def_property_readonly("span", &Protocol::span_h, "First to last administration (h).");

    py::class_<Band>(m, "Band", "A concentration band or level (mg/L).")
        .def_readonly("name", &Band::name)
        .def_readonly("enantiomer", &Band::enantiomer,
                      "'racemic' or 'S': the concentrations the band is of.")
        .def_property_readonly("shape", [](const Band& b) { return str(band_shape_name(b.shape)); })
        .def_property_readonly(
            "kind", [](const Band& b) { return str(band_kind_name(b.kind)); },
            "'observed_peak', 'target_range' or 'threshold'.")
        .def_readonly("regimen", &Band::regimen, "observed_peak: the regimen measured after.")
        .def_readonly("spread", &Band::spread_mg_per_l, "threshold: one SD (mg/L) or None.")
        .def_readonly("low", &Band::low_mg_per_l, "mg/L or None.")
        .def_readonly("high", &Band::high_mg_per_l, "mg/L or None.")
        .def_readonly("nominal", &Band::nominal_mg_per_l, "mg/L or None.")
        .def_readonly("unit", &Band::unit, "Display unit of the file ('ng/mL' or 'mg/L').")
        .def_readonly("meaning", &Band::meaning)
        .def_readonly("refs", &Band::refs)
        .def_property_readonly("has_extent", &Band::has_extent)
        .def_property_readonly("lower", &Band::lower_mg_per_l, "Lower bound (mg/L).")
        .def_property_readonly("upper", &Band::upper_mg_per_l, "Upper bound (mg/L); inf if above.");

    py::class_<Reference>(m, "Reference", "A reference of a drug file.")
        .def_readonly("id", &Reference::id)
        .def_readonly("citation", &Reference::citation)
        .def_readonly("where_read", &Reference::where_read)
        .def_readonly("status", &Reference::status);
}

void register_observations(py::module_& m) {
    py::class_<ObservedValue>(m, "ObservedValue", "A published value with its dispersion.")
        .def_readonly("value", &ObservedValue::value, "mg/L (Cmax), h (Tmax) or mg*h/L (AUC).")
        .def_readonly("unit", &ObservedValue::unit, "The unit as written in the file.")
        .def_property_readonly(
            "dispersion",
            [](const ObservedValue& v) { return str(dispersion_kind_name(v.dispersion)); })
        .def_readonly("spread", &ObservedValue::spread, "sd, sem, unstated: +/-; gsd: factor.")
        .def_readonly("low", &ObservedValue::low, "range, iqr, ci: lower bound.")
        .def_readonly("high", &ObservedValue::high, "range, iqr, ci: upper bound.")
        .def_readonly("refs", &ObservedValue::refs);

    py::class_<Observation>(m, "Observation", "A published human observation of a drug file.")
        .def_readonly("id", &Observation::id)
        .def_readonly("route", &Observation::route)
        .def_readonly("dose", &Observation::dose, "mg, or mg/kg when dose_per_kg.")
        .def_readonly("dose_per_kg", &Observation::dose_per_kg)
        .def_readonly("weight", &Observation::weight_kg, "Body weight behind a mg/kg dose (kg).")
        .def_readonly("duration", &Observation::duration_h, "iv_infusion duration (h), else 0.")
        .def_readonly("times", &Observation::times_h, "Dose times (h).")
        .def_readonly("population", &Observation::population)
        .def_readonly("n", &Observation::n)
        .def_readonly("analyte", &Observation::analyte)
        .def_readonly("sampling", &Observation::sampling)
        .def_readonly("cmax", &Observation::cmax, "ObservedValue (mg/L) or None.")
        .def_readonly("tmax", &Observation::tmax, "ObservedValue (h) or None.")
        .def_readonly("auc", &Observation::auc, "ObservedValue (mg*h/L) or None.")
        .def_readonly("half_life", &Observation::half_life, "ObservedValue (h) or None.")
        .def_readonly("not_counted", &Observation::not_counted,
                      "Why it is shown but never counts ('' = counts if the rules allow).")
        .def_property_readonly(
            "auc_interval",
            [](const Observation& o) { return str(auc_interval_name(o.auc_interval)); })
        .def_readonly("auc_end", &Observation::auc_end_h, "End of the AUC interval (h).")
        .def_readonly("auc_ratio", &Observation::auc_ratio,
                      "ObservedValue (a metabolite's AUC over the parent's) or None.")
        .def_property_readonly(
            "auc_ratio_interval",
            [](const Observation& o) { return str(auc_interval_name(o.auc_ratio_interval)); })
        .def_readonly("auc_ratio_end", &Observation::auc_ratio_end_h,
                      "End of the AUC ratio's interval (h).")
        .def_readonly("study_f", &Observation::study_f, "The study's own F, or None.")
        .def_readonly("status", &Observation::status)
        .def_readonly("refs", &Observation::refs)
        .def_readonly("note", &Observation::note)
        .def("dose_mg", &Observation::dose_mg, "Amount of each dose (mg).")
        .def("regimen", &Observation::regimen, "The study's dosing design as a Regimen.");
}

std::string or_empty(const std::optional<std::string>& s) {
    return s.value_or(std::string());
}

py::class_<Drug> register_drug_properties(py::module_& m) {
    py::class_<Drug> drug(m, "Drug", "A drug file, loaded and validated (engine units).");
    drug.def_static("load_file", &Drug::load_file, "path"_a)
        .def_property_readonly("name", &Drug::name)
        .def_property_readonly("description", &Drug::description)
        .def_property_readonly("source", &Drug::source)
        .def_property_readonly(
            "dose_basis",
            [](const Drug& d) { return str(dose_basis_name(d.default_dose_basis())); })
        .def_property_readonly("molar_mass_base", &Drug::molar_mass_base, "g/mol or None.")
        .def_property_readonly("molar_mass_hydrochloride", &Drug::molar_mass_hydrochloride)
        .def_property_readonly("default_model", &Drug::default_model)
        .def_property_readonly("integration_window_h", &Drug::integration_window_h)
        .def_property_readonly("models",
                               [](const Drug& d) {
                                   return by_id(d.models(),
                                                [](const DrugModel& x) { return x.id; });
                               })
        .def_property_readonly("routes",
                               [](const Drug& d) {
                                   return by_id(d.routes(), [](const DrugRoute& x) {
                                       return str(route_name(x.route));
                                   });
                               })
        .def_property_readonly("route_alternatives",
                               [](const Drug& d) {
                                   return by_id(d.route_alternatives(),
                                                [](const RouteAlternative& x) { return x.id; });
                               })
        .def_property_readonly("protocols",
                               [](const Drug& d) {
                                   return by_id(d.protocols(),
                                                [](const Protocol& x) { return x.id; });
                               })
        .def_property_readonly("bands", &Drug::bands)
        .def_property_readonly("analyte", &Drug::analyte, "What the drug's models predict.")
        .def_property_readonly("observations",
                               [](const Drug& d) {
                                   return by_id(d.observations(),
                                                [](const Observation& x) { return x.id; });
                               })
        .def_property_readonly("references", [](const Drug& d) {
            return by_id(d.references(), [](const Reference& x) { return x.id; });
        });
    return drug;
}

void register_drug_methods(py::class_<Drug>& drug) {
    drug.def(
            "model_spec",
            [](const Drug& d, const std::optional<std::string>& id) {
                return d.model_spec(or_empty(id));
            },
            "id"_a = py::none())
        .def("band", &Drug::band, "name"_a)
        .def(
            "bands_for_model",
            [](const Drug& d, const std::optional<std::string>& model) {
                return d.bands_for_model(or_empty(model));
            },
            "model"_a = py::none(),
            "The bands of the enantiomer of `model` (None = the default model), every shape: "
            "the only ones its curves are measured against or drawn with.")
        .def("reference", &Drug::reference, "id"_a)
        .def("observation", &Drug::observation, "id"_a, "The observation `id`.")
        .def(
            "ka",
            [](const Drug& d, Route route, const std::optional<std::string>& model,
               const std::optional<std::string>& alternative) {
                return d.ka(route, or_empty(model), or_empty(alternative));
            },
            "route"_a, "model"_a = py::none(), "alternative"_a = py::none(),
            "Absorption rate constant (1/h) of `route` with `model` (None = default), from "
            "`alternative` when given. A ka derived from a Tmax is solved with ka_for_tmax.")
        .def(
            "model",
            [](const Drug& d, double weight, const std::optional<std::string>& model,
               const std::vector<std::string>& alternatives) {
                return d.model(weight, or_empty(model), alternatives);
            },
            "weight"_a = 70.0, "model"_a = py::none(),
            "alternatives"_a = std::vector<std::string>{},
            "The Model at body weight `weight` (kg) with disposition `model` (None = default) "
            "and every route; each id of `alternatives` replaces its route's F (and ka).")
        .def("protocol", &Drug::protocol_regimen, "name"_a, "weight"_a = 70.0,
             "The dose records (Regimen) of protocol `name` at body weight `weight` (kg).")
        .def(
            "protocol_model",
            [](const Drug& d, const std::string& name, double weight,
               const std::optional<std::string>& model) {
                return d.protocol_model(name, weight, or_empty(model));
            },
            "name"_a, "weight"_a = 70.0, "model"_a = py::none(),
            "The Model for protocol `name`: model() with the protocol's route alternatives.")
        .def("__repr__",
             [](const Drug& d) { return "<Drug " + d.name() + " from " + d.source() + ">"; });
}

void register_search(py::module_& m) {
    m.def("drug_search_path", &drug_search_path,
          "Directories the C++ loader searches: PKENGINE_DRUG_PATH, then the installed share dir.");
    m.def("available_drugs", &available_drugs, "directories"_a,
          "Names of the drug files (<name>.json) in `directories`, sorted.");
}

}  // namespace

void register_drug(py::module_& m) {
    register_model_parts(m);
    register_route_parts(m);
    register_protocols(m);
    register_observations(m);
    py::class_<Drug> drug = register_drug_properties(m);
    register_drug_methods(drug);
    register_search(m);
}

}  // namespace pkengine::python
