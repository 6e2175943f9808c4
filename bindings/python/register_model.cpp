#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <pkengine/absorption_fit.hpp>
#include <pkengine/errors.hpp>
#include <pkengine/model.hpp>
#include <pkengine/route.hpp>
#include <sstream>
#include <string>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

void register_route(py::module_& m) {
    py::enum_<Route>(
        m, "Route",
        R"doc(Route of administration: IV_BOLUS, IV_INFUSION, IM, INTRANASAL, ORAL, SUBLINGUAL.
Built from its name; an unknown name raises ValueError naming it.

>>> pk.Route("intranasal"), pk.Route.ORAL.is_absorbed, pk.Route.IV_BOLUS.label
(<Route.INTRANASAL: 3>, True, 'iv_bolus')
)doc")
        .value("IV_BOLUS", Route::IvBolus)
        .value("IV_INFUSION", Route::IvInfusion)
        .value("IM", Route::Intramuscular)
        .value("INTRANASAL", Route::Intranasal)
        .value("ORAL", Route::Oral)
        .value("SUBLINGUAL", Route::Sublingual)
        .def_property_readonly(
            "label", [](Route r) { return std::string(route_name(r)); },
            "Canonical name, e.g. 'im'.")
        .def_property_readonly("is_absorbed", [](Route r) { return is_absorbed(r); })
        .def(py::init([](const std::string& name) { return parse_route(name); }), "name"_a);
    m.def(
        "parse_route", [](const std::string& name) { return parse_route(name); }, "name"_a,
        R"doc(Route from a name such as 'iv_bolus', 'im', 'intranasal', 'oral', 'sublingual'; an
unknown name raises ValueError naming it.

>>> pk.parse_route("sublingual")
<Route.SUBLINGUAL: 5>
)doc");
    m.attr("ALL_ROUTES") = py::cast(std::vector<Route>(kAllRoutes.begin(), kAllRoutes.end()));

    py::enum_<FChoice>(
        m, "FChoice",
        R"doc(Which value of each bioavailability range a simulation uses: NOMINAL, LOW or HIGH.

>>> pk.FChoice("high")
<FChoice.HIGH: 2>
>>> pk.SimulationOptions(bioavailability="low").bioavailability
<FChoice.LOW: 1>
)doc")
        .value("NOMINAL", FChoice::Nominal)
        .value("LOW", FChoice::Low)
        .value("HIGH", FChoice::High)
        .def(py::init([](const std::string& name) {
                 if (name == "nominal") return FChoice::Nominal;
                 if (name == "low") return FChoice::Low;
                 if (name == "high") return FChoice::High;
                 throw InvalidInput("bioavailability = '" + name +
                                    "': expected 'nominal', 'low' or 'high'");
             }),
             "name"_a);
    py::implicitly_convertible<py::str, FChoice>();

    py::class_<Bioavailability>(m, "Bioavailability",
                                "Bioavailability F (fraction): nominal value and range.")
        .def(py::init([](double nominal, std::optional<double> low, std::optional<double> high) {
                 Bioavailability f{nominal, low.value_or(nominal), high.value_or(nominal)};
                 f.validate("f");
                 return f;
             }),
             "nominal"_a, "low"_a = py::none(), "high"_a = py::none(),
             "F as a fraction in (0, 1]; low <= nominal <= high (default: both = nominal).")
        .def_readonly("nominal", &Bioavailability::nominal)
        .def_readonly("low", &Bioavailability::low)
        .def_readonly("high", &Bioavailability::high)
        .def("value", &Bioavailability::value, "choice"_a)
        .def("__repr__", [](const Bioavailability& f) {
            return "Bioavailability(nominal=" + std::to_string(f.nominal) +
                   ", low=" + std::to_string(f.low) + ", high=" + std::to_string(f.high) + ")";
        });

    py::class_<Absorption>(m, "Absorption", "First-order absorption from a route's depot.")
        .def(py::init([](Bioavailability f, double ka, double lag, double fraction_swallowed) {
                 return Absorption{f, ka, lag, fraction_swallowed};
             }),
             "f"_a, "ka"_a, "lag"_a = 0.0, "fraction_swallowed"_a = 0.0,
             "f: Bioavailability; ka: absorption rate constant (1/h); lag: lag time (h); "
             "fraction_swallowed: share of an intranasal/sublingual dose that follows the oral "
             "route.")
        .def_readonly("f", &Absorption::f)
        .def_readonly("ka", &Absorption::ka_per_h, "1/h")
        .def_readonly("lag", &Absorption::lag_h, "h")
        .def_readonly("fraction_swallowed", &Absorption::fraction_swallowed);
}

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

void register_linear(py::module_& m) {
    py::class_<LinearTransfer>(m, "LinearTransfer",
                               "A first-order transfer of a general linear model: k (1/h) or "
                               "CL (L/h) from `source` to `to` (None: out of the system).")
        .def(py::init([](const std::string& source, const std::optional<std::string>& to,
                         std::optional<double> k, std::optional<double> cl) {
                 if (k.has_value() == cl.has_value()) {
                     throw InvalidInput("LinearTransfer(" + quoted(source) +
                                        "): give exactly one of k (1/h) and cl (L/h)");
                 }
                 const std::string target = to.value_or("");
                 return cl ? LinearTransfer::by_clearance(source, target, *cl)
                           : LinearTransfer::rate(source, target, *k);
             }),
             "source"_a, "to"_a, py::kw_only(), "k"_a = py::none(), "cl"_a = py::none(),
             "source, to: compartment names (to None: elimination); k: rate constant (1/h), or "
             "cl: clearance (L/h) from a compartment with a volume (k = cl / V_source).")
        .def_readonly("source", &LinearTransfer::from)
        .def_property_readonly("to",
                               [](const LinearTransfer& t) -> std::optional<std::string> {
                                   if (t.to.empty()) return std::nullopt;
                                   return t.to;
                               })
        .def_property_readonly(
            "k",
            [](const LinearTransfer& t) -> std::optional<double> {
                if (t.clearance) return std::nullopt;
                return t.value;
            },
            "1/h")
        .def_property_readonly(
            "cl",
            [](const LinearTransfer& t) -> std::optional<double> {
                if (!t.clearance) return std::nullopt;
                return t.value;
            },
            "L/h")
        .def("__repr__", [](const LinearTransfer& t) {
            return "LinearTransfer(" + quoted(t.from) + ", " +
                   (t.to.empty() ? std::string("None") : quoted(t.to)) +
                   (t.clearance ? ", cl=" : ", k=") + number_text(t.value) + ")";
        });

    py::class_<LinearRouteTarget>(m, "LinearRouteTarget",
                                  "Where a route's doses enter a general linear model: fraction "
                                  "f into `compartment` after lag (h), through an own depot with "
                                  "ka (1/h) if given, as a zero-order input over duration (h) if "
                                  "given.")
        .def(py::init([](const std::string& compartment, double f, double lag, double ka,
                         double duration, std::optional<double> f_low, std::optional<double> f_high,
                         std::optional<std::string> remainder_of, double times) {
                 LinearRouteTarget t{compartment,
                                     f,
                                     lag,
                                     ka,
                                     duration,
                                     f_low.value_or(0.0),
                                     f_high.value_or(0.0),
                                     remainder_of.value_or(""),
                                     times};
                 if (t.is_remainder()) t.f = 1.0;  // computed by the structure
                 return t;
             }),
             "compartment"_a, "f"_a = 1.0, "lag"_a = 0.0, "ka"_a = 0.0, "duration"_a = 0.0,
             py::kw_only(), "f_low"_a = py::none(), "f_high"_a = py::none(),
             "remainder_of"_a = py::none(), "times"_a = 1.0,
             "compartment: name; f: fraction of the dose in (0, 1]; lag (h); ka (1/h, 0: none); "
             "duration (h) of a zero-order input of a bolus share (0: a bolus); f_low, f_high: "
             "the range of f that simulate(bioavailability='low' or 'high') takes (None: f); "
             "remainder_of: the compartment of another target of the route whose remainder "
             "(1 - f) this target takes, times `times` (in (0, 1]): f is then computed by the "
             "structure (and follows the other target's F set by name).")
        .def_readonly("compartment", &LinearRouteTarget::compartment)
        .def_readonly("f", &LinearRouteTarget::f)
        .def_property_readonly("remainder_of",
                               [](const LinearRouteTarget& t) -> std::optional<std::string> {
                                   if (!t.is_remainder()) return std::nullopt;
                                   return t.remainder_of;
                               })
        .def_readonly("times", &LinearRouteTarget::remainder_times)
        .def_property_readonly("f_low", [](const LinearRouteTarget& t) { return t.fraction().low; })
        .def_property_readonly("f_high",
                               [](const LinearRouteTarget& t) { return t.fraction().high; })
        .def_readonly("lag", &LinearRouteTarget::lag_h, "h")
        .def_readonly("ka", &LinearRouteTarget::ka_per_h, "1/h")
        .def_readonly("duration", &LinearRouteTarget::duration_h, "h")
        .def("__repr__", [](const LinearRouteTarget& t) {
            std::string text = "LinearRouteTarget(" + quoted(t.compartment);
            if (t.is_remainder()) {
                text += ", remainder_of=" + quoted(t.remainder_of) +
                        ", times=" + number_text(t.remainder_times);
            } else {
                if (t.f != 1.0) text += ", f=" + number_text(t.f);
                if (t.f_low > 0.0 && t.f_low != t.f) text += ", f_low=" + number_text(t.f_low);
                if (t.f_high > 0.0 && t.f_high != t.f) {
                    text += ", f_high=" + number_text(t.f_high);
                }
            }
            if (t.lag_h != 0.0) text += ", lag=" + number_text(t.lag_h);
            if (t.ka_per_h != 0.0) text += ", ka=" + number_text(t.ka_per_h);
            if (t.duration_h != 0.0) text += ", duration=" + number_text(t.duration_h);
            return text + ")";
        });

    py::class_<LinearStructure>(m, "LinearStructure",
                                "A general linear model's structure: compartments (name, volume "
                                "L; in CMT order), transfers, routes, observed and metabolite "
                                "compartments.")
        .def(py::init([](const std::vector<std::pair<std::string, double>>& compartments,
                         const std::vector<LinearTransfer>& transfers,
                         const std::map<Route, std::vector<LinearRouteTarget>>& routes,
                         const std::optional<std::string>& observed,
                         const std::optional<std::string>& metabolite) {
                 LinearStructure s;
                 for (const auto& [name, volume] : compartments)
                     s.compartments.push_back({name, volume});
                 s.transfers = transfers;
                 for (const auto& [route, targets] : routes) s.routes.push_back({route, targets});
                 s.observed = observed.value_or("");
                 s.metabolite = metabolite.value_or("");
                 s.resolve_remainders();
                 s.validate();
                 return s;
             }),
             "compartments"_a, "transfers"_a,
             "routes"_a = std::map<Route, std::vector<LinearRouteTarget>>{},
             "observed"_a = py::none(), "metabolite"_a = py::none(),
             "compartments: [(name, volume L)], volume 0 = none; transfers: [LinearTransfer]; "
             "routes: {Route: [LinearRouteTarget]}; observed (default: the first with a volume) "
             "and metabolite: compartment names.")
        .def_property_readonly("compartments",
                               [](const LinearStructure& s) {
                                   std::vector<std::pair<std::string, double>> out;
                                   for (const LinearCompartment& c : s.compartments) {
                                       out.emplace_back(c.name, c.volume_l);
                                   }
                                   return out;
                               })
        .def_readonly("transfers", &LinearStructure::transfers)
        .def_property_readonly("routes",
                               [](const LinearStructure& s) {
                                   // Keys cast as copies (a std::map's would be references
                                   // into a temporary).
                                   py::dict out;
                                   for (const LinearRoute& r : s.routes) {
                                       out[py::cast(r.route, py::return_value_policy::copy)] =
                                           py::cast(r.targets);
                                   }
                                   return out;
                               })
        .def_property_readonly(
            "observed",
            [](const LinearStructure& s) {
                return s.compartments[static_cast<std::size_t>(s.observed_index())].name;
            })
        .def_property_readonly("metabolite",
                               [](const LinearStructure& s) -> std::optional<std::string> {
                                   if (s.metabolite.empty()) return std::nullopt;
                                   return s.metabolite;
                               })
        .def("__repr__", [](const LinearStructure& s) {
            std::string names;
            for (const LinearCompartment& c : s.compartments) {
                names += (names.empty() ? "" : ", ") + c.name;
            }
            return "LinearStructure(" + std::to_string(s.compartments.size()) +
                   " compartments: " + names + "; " + std::to_string(s.transfers.size()) +
                   " transfers; observed " +
                   s.compartments[static_cast<std::size_t>(s.observed_index())].name +
                   (s.metabolite.empty() ? "" : ", metabolite " + s.metabolite) + ")";
        });
}

void register_disposition(py::module_& m) {
    py::class_<MicroConstants>(m, "MicroConstants", "Micro-constants (1/h).")
        .def(py::init<double, double, double, double, double>(), "k10"_a, "k12"_a = 0.0,
             "k21"_a = 0.0, "k13"_a = 0.0, "k31"_a = 0.0)
        .def_readonly("k10", &MicroConstants::k10)
        .def_readonly("k12", &MicroConstants::k12)
        .def_readonly("k21", &MicroConstants::k21)
        .def_readonly("k13", &MicroConstants::k13)
        .def_readonly("k31", &MicroConstants::k31);

    py::class_<Disposition>(m, "Disposition",
                            "Linear mammillary disposition (clearances L/h, volumes L).")
        .def_static("one_compartment", &Disposition::one_compartment, "cl"_a, "v1"_a,
                    "CL (L/h), V1 (L).")
        .def_static("two_compartment", &Disposition::two_compartment, "cl"_a, "v1"_a, "q2"_a,
                    "v2"_a, "CL, Q2 (L/h); V1, V2 (L).")
        .def_static("three_compartment", &Disposition::three_compartment, "cl"_a, "v1"_a, "q2"_a,
                    "v2"_a, "q3"_a, "v3"_a, "CL, Q2, Q3 (L/h); V1, V2, V3 (L).")
        .def_static("from_micro_constants", &Disposition::from_micro_constants, "compartments"_a,
                    "k"_a, "v1"_a, "From micro-constants (1/h) and V1 (L).")
        .def_property_readonly("compartments", &Disposition::compartments)
        .def_property_readonly("cl", &Disposition::cl, "L/h")
        .def_property_readonly("v1", &Disposition::v1, "L")
        .def_property_readonly("q2", &Disposition::q2, "L/h")
        .def_property_readonly("v2", &Disposition::v2, "L")
        .def_property_readonly("q3", &Disposition::q3, "L/h")
        .def_property_readonly("v3", &Disposition::v3, "L")
        .def_property_readonly("vss", &Disposition::vss, "L")
        .def("micro_constants", &Disposition::micro_constants);

    m.def(
        "tmax_for_ka", &tmax_for_ka, "disposition"_a, "ka"_a, "lag"_a = 0.0,
        R"doc(Peak time (h) of one first-order absorbed dose with rate constant ka (1/h) and lag (h).

>>> round(pk.tmax_for_ka(pk.Disposition.one_compartment(cl=6.0, v1=30.0), ka=1.0), 3)   # h
2.012
)doc");
    m.def(
        "ka_for_tmax", &ka_for_tmax, "disposition"_a, "tmax"_a, "lag"_a = 0.0,
        R"doc(Absorption rate constant (1/h) whose single-dose peak time equals tmax (h), after lag (h).

>>> round(pk.ka_for_tmax(pk.Disposition.one_compartment(cl=6.0, v1=30.0), tmax=2.0), 3)  # 1/h
1.009
)doc");

    py::class_<ModelledInfusion>(m, "ModelledInfusion",
                                 "A route's modelled rate (mg/h) and duration (h): NONMEM Rn, Dn.")
        .def(py::init([](double rate, double duration) {
                 return ModelledInfusion{rate, duration};
             }),
             "rate"_a = 0.0, "duration"_a = 0.0)
        .def_readonly("rate", &ModelledInfusion::rate_mg_per_h, "mg/h")
        .def_readonly("duration", &ModelledInfusion::duration_h, "h");

    py::enum_<CompartmentKind>(m, "CompartmentKind",
                               R"doc(What a numbered compartment is: CENTRAL, PERIPHERAL, DEPOT,
METABOLITE_CENTRAL, METABOLITE_PERIPHERAL, DECLARED (a general linear model's), or TRANSIT
(a compartment of a route's transit chain).

>>> pk.advan(4, CL=3.0, V2=20.0, Q=2.0, V3=30.0, KA=0.8).compartments()[2].kind
<CompartmentKind.PERIPHERAL: 1>
)doc")
        .value("CENTRAL", CompartmentKind::Central)
        .value("PERIPHERAL", CompartmentKind::Peripheral)
        .value("DEPOT", CompartmentKind::Depot)
        .value("METABOLITE_CENTRAL", CompartmentKind::MetaboliteCentral)
        .value("METABOLITE_PERIPHERAL", CompartmentKind::MetabolitePeripheral)
        .value("DECLARED", CompartmentKind::Declared)
        .value("TRANSIT", CompartmentKind::Transit);

    py::class_<Compartment>(m, "Compartment", "One compartment of a model's numbering (CMT).")
        .def_readonly("number", &Compartment::number)
        .def_readonly("name", &Compartment::name)
        .def_readonly("kind", &Compartment::kind)
        .def_readonly("route", &Compartment::route, "Depot, transit: its route")
        .def("__repr__", [](const Compartment& c) {
            return "Compartment(" + std::to_string(c.number) + ", '" + c.name + "')";
        });

    py::class_<CompartmentDosing>(m, "CompartmentDosing",
                                  "F, lag (h), modelled rate (mg/h) and duration (h) of the doses "
                                  "into one compartment: NONMEM's F<n>, ALAG<n>, R<n>, D<n>.")
        .def(py::init([](double f, double lag, double rate, double duration) {
                 CompartmentDosing d{f, lag, {rate, duration}};
                 d.validate("");
                 return d;
             }),
             "f"_a = 1.0, "lag"_a = 0.0, "rate"_a = 0.0, "duration"_a = 0.0)
        .def_readonly("f", &CompartmentDosing::f)
        .def_readonly("lag", &CompartmentDosing::lag_h, "h")
        .def_property_readonly("rate",
                               [](const CompartmentDosing& d) { return d.modelled.rate_mg_per_h; })
        .def_property_readonly("duration",
                               [](const CompartmentDosing& d) { return d.modelled.duration_h; });

    register_linear(m);

    py::class_<Model>(m, "Model",
                      "A disposition plus the absorption of each absorbed route, and optional "
                      "extensions: Michaelis-Menten elimination, a metabolite, an effect "
                      "compartment, transit absorption.")
        .def(py::init([](const Disposition& disposition,
                         const std::optional<MichaelisMenten>& michaelis_menten) {
                 return michaelis_menten ? Model(disposition, *michaelis_menten)
                                         : Model(disposition);
             }),
             "disposition"_a, "michaelis_menten"_a = py::none(),
             "With michaelis_menten, the disposition's CL may be 0 (saturable elimination only).")
        .def(py::init<LinearStructure>(), "structure"_a,
             "A general linear model (NONMEM's ADVAN5/7); see pk.linear_model.")
        .def_property_readonly("linear_structure", &Model::linear_structure,
                               "The structure of a general linear model; None for other models.")
        .def_static("advan",
                    py::overload_cast<int, const std::map<std::string, double>&>(&Model::advan),
                    "number"_a, "parameters"_a,
                    "NONMEM's library model ADVAN1, 2, 3, 4, 5, 7, 11 or 12 from its parameters "
                    "by NONMEM's names (ADVAN2: CL, V, KA; ADVAN5/7: K<m><n>, V<n>; L/h, L, 1/h).")
        .def_property_readonly(
            "advan_number", py::overload_cast<>(&Model::advan, py::const_),
            "The ADVAN number of a library model (5 or 7 for a general one built by advan); 0 "
            "for a route-named model.")
        .def_property_readonly("parameter_names", &Model::parameter_names,
                               "A library model's parameter names (empty for route-named ones).")
        .def("parameter", py::overload_cast<const std::string&>(&Model::parameter, py::const_),
             "name"_a)
        .def("parameter", py::overload_cast<std::size_t>(&Model::parameter, py::const_), "index"_a,
             "The value of parameter_names[index].")
        .def("set_parameter", py::overload_cast<const std::string&, double>(&Model::set_parameter),
             "name"_a, "value"_a, py::return_value_policy::reference_internal)
        .def("set_parameter", py::overload_cast<std::size_t, double>(&Model::set_parameter),
             "index"_a, "value"_a, py::return_value_policy::reference_internal,
             "Sets parameter_names[index] (look the name up once with parameter_index).")
        .def("parameter_index", &Model::parameter_index, "name"_a,
             "The position of a parameter in parameter_names (case-insensitive name).")
        .def("compartments", &Model::compartments,
             "The compartments by number (NONMEM's CMT): NONMEM's numbering for library models.")
        .def("set_compartment_dosing", &Model::set_compartment_dosing, "number"_a, "dosing"_a,
             py::return_value_policy::reference_internal,
             "F, lag, modelled rate and duration of the doses into compartment `number`.")
        .def("compartment_dosing", py::overload_cast<int>(&Model::compartment_dosing, py::const_),
             "number"_a)
        .def("set_absorption", &Model::set_absorption, "route"_a, "absorption"_a,
             py::return_value_policy::reference_internal)
        .def("has_route", &Model::has_route, "route"_a)
        .def("absorption", &Model::absorption, "route"_a, py::return_value_policy::copy)
        .def("bioavailability", &Model::bioavailability, "route"_a)
        .def("set_disposition", &Model::set_disposition, "disposition"_a,
             py::return_value_policy::reference_internal)
        .def("set_modelled_infusion", &Model::set_modelled_infusion, "route"_a, "infusion"_a,
             py::return_value_policy::reference_internal,
             "Rate (mg/h) and duration (h) that RATE = -1 / -2 records of this route take.")
        .def("modelled_infusion", &Model::modelled_infusion, "route"_a,
             py::return_value_policy::copy)
        .def_property_readonly("disposition", &Model::disposition, py::return_value_policy::copy)
        .def("set_michaelis_menten", &Model::set_michaelis_menten, "michaelis_menten"_a,
             py::return_value_policy::reference_internal,
             "Adds saturable elimination beside the linear clearance.")
        .def("set_metabolite", &Model::set_metabolite, "metabolite"_a,
             py::return_value_policy::reference_internal)
        .def("set_effect_compartment", &Model::set_effect_compartment, "effect"_a,
             py::return_value_policy::reference_internal)
        .def("set_transit", &Model::set_transit, "route"_a, "transit"_a,
             py::return_value_policy::reference_internal,
             "Gives an absorbed route a transit chain before its depot.")
        .def_property_readonly("michaelis_menten", &Model::michaelis_menten)
        .def_property_readonly("metabolite", &Model::metabolite)
        .def_property_readonly("effect_compartment", &Model::effect_compartment)
        .def("transit", &Model::transit, "route"_a)
        .def_property_readonly("is_linear", &Model::is_linear,
                               "False with Michaelis-Menten elimination (ODE path only).")
        .def("__copy__", [](const Model& model) { return Model(model); })
        .def(
            "__deepcopy__", [](const Model& model, const py::dict&) { return Model(model); },
            "memo"_a);
}

}  // namespace

void register_model(py::module_& m) {
    register_route(m);
    register_disposition(m);
}

}  // namespace pkengine::python
