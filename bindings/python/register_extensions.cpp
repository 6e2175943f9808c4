#include <pybind11/stl.h>

#include <map>
#include <pkengine/model.hpp>
#include <string>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

std::string format(double value) {
    return py::str(py::float_(value)).cast<std::string>();
}

void register_elimination(py::module_& m) {
    py::class_<MichaelisMenten>(m, "MichaelisMenten",
                                "Saturable elimination from the central compartment at the rate "
                                "Vmax C / (Km + C) (mg/h); makes a model nonlinear.")
        .def(py::init([](double vmax, double km) {
                 MichaelisMenten mm{vmax, km};
                 mm.validate();
                 return mm;
             }),
             "vmax"_a, "km"_a, "vmax: maximum elimination rate (mg/h); km: concentration (mg/L).")
        .def_readonly("vmax", &MichaelisMenten::vmax_mg_per_h, "mg/h")
        .def_readonly("km", &MichaelisMenten::km_mg_per_l, "mg/L")
        .def("__repr__", [](const MichaelisMenten& mm) {
            return "MichaelisMenten(vmax=" + format(mm.vmax_mg_per_h) +
                   ", km=" + format(mm.km_mg_per_l) + ")";
        });

    py::class_<Metabolite>(
        m, "Metabolite",
        "A metabolite formed from fraction fm of the parent's linear elimination and, for "
        "absorbed routes, presystemically (a fraction of each dose formed before the parent "
        "reaches plasma: swallowed drug, following the oral route's absorption), with its own "
        "volume, clearance and "
        "optional peripheral compartment. Amounts are mg of parent (parent-equivalents); the "
        "concentration is in the metabolite's own mass (amount x molar_mass_ratio / v).")
        .def(py::init([](double fm, double cl, double v, double q, double vp,
                         const std::map<Route, double>& presystemic, double molar_mass_ratio) {
                 Metabolite met{fm, cl, v, q, vp};
                 for (const auto& [route, fraction] : presystemic) {
                     met.set_presystemic(route, fraction);
                 }
                 met.molar_mass_ratio = molar_mass_ratio;
                 met.validate();
                 return met;
             }),
             "fm"_a, "cl"_a, "v"_a, "q"_a = 0.0, "vp"_a = 0.0,
             "presystemic"_a = std::map<Route, double>{}, "molar_mass_ratio"_a = 1.0,
             "fm: fraction in (0, 1] (< 1 with presystemic formation); cl, q: clearances (L/h); "
             "v, vp: volumes (L). q and vp both 0: no peripheral compartment. presystemic: "
             "{route: fraction of a dose formed before plasma} for oral, sublingual and "
             "intranasal (F + fraction <= 1). molar_mass_ratio: metabolite / parent molar mass (1: "
             "parent-equivalents).")
        .def_readonly("fm", &Metabolite::fm)
        .def_readonly("cl", &Metabolite::cl_l_per_h, "L/h")
        .def_readonly("v", &Metabolite::v_l, "L")
        .def_readonly("q", &Metabolite::q_l_per_h, "L/h")
        .def_readonly("vp", &Metabolite::vp_l, "L")
        .def_property_readonly(
            "presystemic",
            [](const Metabolite& met) {
                // Keys cast as copies: a std::map's keys would be cast by reference into a
                // temporary.
                py::dict out;
                for (Route r : kAbsorbedRoutes) {
                    if (met.presystemic_fraction(r) > 0.0) {
                        out[py::cast(r, py::return_value_policy::copy)] =
                            met.presystemic_fraction(r);
                    }
                }
                return out;
            },
            "{route: fraction of a dose formed before the parent reaches plasma}.")
        .def_readonly("molar_mass_ratio", &Metabolite::molar_mass_ratio,
                      "Metabolite / parent molar mass.");
}

void register_effect(py::module_& m) {
    py::class_<SigmoidEmax>(m, "SigmoidEmax",
                            "Effect E = E0 + Emax Ce^hill / (EC50^hill + Ce^hill) of the "
                            "effect-site concentration Ce (mg/L); hill = 1 is the Emax model.")
        .def(py::init([](double emax, double ec50, double hill, double e0) {
                 SigmoidEmax response{e0, emax, ec50, hill};
                 response.validate();
                 return response;
             }),
             "emax"_a, "ec50"_a, "hill"_a = 1.0, "e0"_a = 0.0,
             "emax, e0: in the effect's own unit; ec50: mg/L; hill: dimensionless.")
        .def_readonly("e0", &SigmoidEmax::e0)
        .def_readonly("emax", &SigmoidEmax::emax)
        .def_readonly("ec50", &SigmoidEmax::ec50_mg_per_l, "mg/L")
        .def_readonly("hill", &SigmoidEmax::hill)
        .def("__call__", &SigmoidEmax::operator(), "ce"_a, "The effect at Ce (mg/L).");

    py::class_<EffectCompartment>(m, "EffectCompartment",
                                  "Effect site: dCe/dt = ke0 (C - Ce), Ce in mg/L, with an "
                                  "optional response model.")
        .def(py::init([](double ke0, std::optional<SigmoidEmax> response) {
                 EffectCompartment effect{ke0, response};
                 effect.validate();
                 return effect;
             }),
             "ke0"_a, "response"_a = py::none(),
             "ke0: equilibration rate constant (1/h); response: a SigmoidEmax or None.")
        .def_readonly("ke0", &EffectCompartment::ke0_per_h, "1/h")
        .def_readonly("response", &EffectCompartment::response);

    py::class_<TransitAbsorption>(
        m, "TransitAbsorption",
        "Transit chain before an absorbed route's depot: the dose enters transit compartment 0 "
        "and passes n more, each with ktr = (n + 1) / mtt (1/h); mtt (h) is the mean time to "
        "reach the depot.")
        .def(py::init([](int n, double mtt) {
                 return TransitAbsorption{n, mtt};
             }),
             "n"_a, "mtt"_a)
        .def_readonly("n", &TransitAbsorption::count)
        .def_readonly("mtt", &TransitAbsorption::mtt_h, "h")
        .def_property_readonly("ktr", &TransitAbsorption::ktr_per_h, "1/h");
}

}  // namespace

void register_extensions(py::module_& m) {
    register_elimination(m);
    register_effect(m);
}

}  // namespace pkengine::python
