// Pickling of Model, Regimen and Result (multiprocessing, Dask): each by its full content, as
// plain tuples of numbers, strings and numpy arrays. (Drug pickles by its file's content, in
// pkengine/drugs.py.)
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <pkengine/errors.hpp>
#include <pkengine/model.hpp>
#include <pkengine/regimen.hpp>
#include <pkengine/simulate.hpp>

#include "register.hpp"

namespace py = pybind11;

namespace pkengine::python {

namespace {

template <class T>
py::object optional_state(const std::optional<T>& value, py::object (*state)(const T&)) {
    return value ? state(*value) : py::none();
}

py::object mm_state(const MichaelisMenten& mm) {
    return py::make_tuple(mm.vmax_mg_per_h, mm.km_mg_per_l);
}
py::object metabolite_state(const Metabolite& m) {
    py::list presystemic;
    for (double f : m.presystemic) presystemic.append(f);
    return py::make_tuple(m.fm, m.cl_l_per_h, m.v_l, m.q_l_per_h, m.vp_l, presystemic,
                          m.molar_mass_ratio);
}
py::object emax_state(const SigmoidEmax& e) {
    return py::make_tuple(e.e0, e.emax, e.ec50_mg_per_l, e.hill);
}
py::object effect_state(const EffectCompartment& e) {
    return py::make_tuple(e.ke0_per_h, optional_state(e.response, emax_state));
}

// A library model (ADVAN) by its number and parameters; then the dose settings (F<n>, ALAG<n>,
// R<n>, D<n>) of every compartment that is not a depot (depots keep theirs in their route's
// absorption and modelled infusion, saved with the routes).
py::tuple compartments_state(const Model& model) {
    py::dict parameters;
    for (const std::string& name : model.parameter_names())
        parameters[py::str(name)] = model.parameter(name);
    py::list dosing;
    for (const Compartment& c : model.compartments()) {
        if (c.kind == CompartmentKind::Depot) continue;
        const CompartmentDosing cd = model.compartment_dosing(c);
        dosing.append(py::make_tuple(c.number, cd.f, cd.lag_h, cd.modelled.rate_mg_per_h,
                                     cd.modelled.duration_h));
    }
    return py::make_tuple(model.advan(), parameters, dosing);
}

// A general linear model's structure: compartments, transfers, routes, observed, metabolite.
py::object linear_state(const LinearStructure& s) {
    py::list compartments, transfers, routes;
    for (const LinearCompartment& c : s.compartments) {
        compartments.append(py::make_tuple(c.name, c.volume_l));
    }
    for (const LinearTransfer& t : s.transfers) {
        transfers.append(py::make_tuple(t.from, t.to, t.value, t.clearance));
    }
    for (const LinearRoute& r : s.routes) {
        py::list targets;
        for (const LinearRouteTarget& t : r.targets) {
            targets.append(py::make_tuple(t.compartment, t.f, t.lag_h, t.ka_per_h, t.duration_h,
                                          t.f_low, t.f_high, t.remainder_of, t.remainder_times));
        }
        routes.append(py::make_tuple(static_cast<int>(r.route), targets));
    }
    return py::make_tuple(compartments, transfers, routes, s.observed, s.metabolite);
}

LinearStructure linear_from_state(const py::tuple& state) {
    LinearStructure s;
    for (const py::handle& h : state[0].cast<py::list>()) {
        const auto c = h.cast<py::tuple>();
        s.compartments.push_back({c[0].cast<std::string>(), c[1].cast<double>()});
    }
    for (const py::handle& h : state[1].cast<py::list>()) {
        const auto t = h.cast<py::tuple>();
        s.transfers.push_back({t[0].cast<std::string>(), t[1].cast<std::string>(),
                               t[2].cast<double>(), t[3].cast<bool>()});
    }
    for (const py::handle& h : state[2].cast<py::list>()) {
        const auto r = h.cast<py::tuple>();
        LinearRoute route{static_cast<Route>(r[0].cast<int>()), {}};
        for (const py::handle& th : r[1].cast<py::list>()) {
            const auto t = th.cast<py::tuple>();
            route.targets.push_back({t[0].cast<std::string>(), t[1].cast<double>(),
                                     t[2].cast<double>(), t[3].cast<double>(), t[4].cast<double>(),
                                     t[5].cast<double>(), t[6].cast<double>(),
                                     t[7].cast<std::string>(), t[8].cast<double>()});
        }
        s.routes.push_back(std::move(route));
    }
    s.observed = state[3].cast<std::string>();
    s.metabolite = state[4].cast<std::string>();
    return s;
}

py::tuple model_state(const Model& model) {
    const Disposition& d = model.disposition();
    py::list routes;
    for (Route route : kAllRoutes) {
        py::object absorption = py::none();
        py::object transit = py::none();
        if (is_absorbed(route) && model.has_route(route) && !model.linear_structure()) {
            const Absorption& a = model.absorption(route);
            absorption = py::make_tuple(a.f.nominal, a.f.low, a.f.high, a.ka_per_h, a.lag_h,
                                        a.fraction_swallowed);
            if (const auto t = model.transit(route)) transit = py::make_tuple(t->count, t->mtt_h);
        }
        const ModelledInfusion& mi = model.modelled_infusion(route);
        routes.append(py::make_tuple(static_cast<int>(route), absorption, transit,
                                     py::make_tuple(mi.rate_mg_per_h, mi.duration_h)));
    }
    return py::make_tuple(
        py::make_tuple(d.compartments(), d.cl(), d.v1(), d.q2(), d.v2(), d.q3(), d.v3()), routes,
        optional_state(model.michaelis_menten(), mm_state),
        optional_state(model.metabolite(), metabolite_state),
        optional_state(model.effect_compartment(), effect_state), compartments_state(model),
        optional_state(model.linear_structure(), linear_state));
}

Disposition disposition_from(const py::tuple& d) {
    const int n = d[0].cast<int>();
    const auto v = [&d](int i) { return d[static_cast<std::size_t>(i)].cast<double>(); };
    if (n == 1) return Disposition::one_compartment(v(1), v(2));
    if (n == 2) return Disposition::two_compartment(v(1), v(2), v(3), v(4));
    return Disposition::three_compartment(v(1), v(2), v(3), v(4), v(5), v(6));
}

Model model_from_state(const py::tuple& s) {
    if (s.size() != 6 && s.size() != 7) throw InvalidInput("Model state: expected 7 items");
    const auto compartments = s[5].cast<py::tuple>();
    const int advan = compartments[0].cast<int>();
    const Disposition d = disposition_from(s[0]);
    std::optional<MichaelisMenten> mm;
    if (!s[2].is_none()) {
        const auto t = s[2].cast<py::tuple>();
        mm = MichaelisMenten{t[0].cast<double>(), t[1].cast<double>()};
    }
    const bool linear = s.size() == 7 && !s[6].is_none();
    // A library model by its number and parameters (ADVAN5/7 too: their names are the
    // structure), then a general linear model by its structure.
    Model model = advan != 0
                      ? Model::advan(advan, compartments[1].cast<std::map<std::string, double>>())
                  : linear ? Model(linear_from_state(s[6].cast<py::tuple>()))
                  : mm     ? Model(d, *mm)
                           : Model(d);
    for (const py::handle& r : s[1].cast<py::list>()) {
        const auto t = r.cast<py::tuple>();
        const auto route = static_cast<Route>(t[0].cast<int>());
        if (!t[1].is_none()) {
            const auto a = t[1].cast<py::tuple>();
            model.set_absorption(route,
                                 {Bioavailability::range(a[0].cast<double>(), a[1].cast<double>(),
                                                         a[2].cast<double>()),
                                  a[3].cast<double>(), a[4].cast<double>(), a[5].cast<double>()});
        }
        if (!t[2].is_none()) {
            const auto tr = t[2].cast<py::tuple>();
            model.set_transit(route, {tr[0].cast<int>(), tr[1].cast<double>()});
        }
        const auto mi = t[3].cast<py::tuple>();
        const ModelledInfusion infusion{mi[0].cast<double>(), mi[1].cast<double>()};
        if (infusion.rate_mg_per_h > 0.0 || infusion.duration_h > 0.0) {
            model.set_modelled_infusion(route, infusion);
        }
    }
    if (!s[3].is_none()) {
        const auto m = s[3].cast<py::tuple>();
        Metabolite met{m[0].cast<double>(), m[1].cast<double>(), m[2].cast<double>(),
                       m[3].cast<double>(), m[4].cast<double>()};
        const auto presystemic = m[5].cast<py::list>();
        for (std::size_t r = 0; r < met.presystemic.size(); ++r) {
            met.presystemic[r] = presystemic[r].cast<double>();
        }
        met.molar_mass_ratio = m[6].cast<double>();
        model.set_metabolite(met);
    }
    if (!s[4].is_none()) {
        const auto e = s[4].cast<py::tuple>();
        EffectCompartment effect{e[0].cast<double>(), std::nullopt};
        if (!e[1].is_none()) {
            const auto r = e[1].cast<py::tuple>();
            effect.response = SigmoidEmax{r[0].cast<double>(), r[1].cast<double>(),
                                          r[2].cast<double>(), r[3].cast<double>()};
        }
        model.set_effect_compartment(effect);
    }
    for (const py::handle& h : compartments[2].cast<py::list>()) {
        const auto t = h.cast<py::tuple>();
        CompartmentDosing dosing;
        dosing.f = t[1].cast<double>();
        dosing.lag_h = t[2].cast<double>();
        dosing.modelled = {t[3].cast<double>(), t[4].cast<double>()};
        model.set_compartment_dosing(t[0].cast<int>(), dosing);
    }
    return model;
}

py::tuple regimen_state(const Regimen& regimen) {
    py::list events;
    for (const DoseEvent& e : regimen.events()) {
        events.append(py::make_tuple(e.time_h, e.amount_mg, static_cast<int>(e.route),
                                     e.rate_mg_per_h, e.duration_h, e.interval_h, e.additional,
                                     static_cast<int>(e.steady_state), static_cast<int>(e.kind),
                                     static_cast<int>(e.rate_source), e.compartment));
    }
    return py::make_tuple(events);
}

Regimen regimen_from_state(const py::tuple& s) {
    std::vector<DoseEvent> events;
    for (const py::handle& h : s[0].cast<py::list>()) {
        const auto t = h.cast<py::tuple>();
        DoseEvent e;
        e.time_h = t[0].cast<double>();
        e.amount_mg = t[1].cast<double>();
        e.route = static_cast<Route>(t[2].cast<int>());
        e.rate_mg_per_h = t[3].cast<double>();
        e.duration_h = t[4].cast<double>();
        e.interval_h = t[5].cast<double>();
        e.additional = t[6].cast<int>();
        e.steady_state = static_cast<SteadyState>(t[7].cast<int>());
        e.kind = static_cast<EventKind>(t[8].cast<int>());
        e.rate_source = static_cast<RateSource>(t[9].cast<int>());
        e.compartment = t[10].cast<int>();
        events.push_back(e);
    }
    validate_events(events);
    return Regimen(std::move(events));
}

py::tuple result_state(const py::object& self) {
    const auto& r = self.cast<const Result&>();
    py::object dict = py::hasattr(self, "__dict__") ? self.attr("__dict__") : py::dict();
    return py::make_tuple(
        r.times_h, Eigen::VectorXd(r.concentration_mg_per_l), ResultMatrix(r.amounts_mg),
        r.state_names, r.v1_l, Eigen::VectorXd(r.metabolite_concentration_mg_per_l),
        Eigen::VectorXd(r.effect_site_concentration_mg_per_l), Eigen::VectorXd(r.effect),
        static_cast<int>(r.solver), static_cast<int>(r.stepper), r.steps, r.rejected_steps,
        r.propagators_computed, r.infusions_as_bolus, py::dict(dict));
}

std::pair<Result, py::dict> result_from_state(const py::tuple& s) {
    if (s.size() != 15) throw InvalidInput("Result state: expected 15 items");
    Result r;
    r.times_h = s[0].cast<std::vector<double>>();
    r.concentration_mg_per_l = s[1].cast<Eigen::VectorXd>();
    r.amounts_mg = s[2].cast<ResultMatrix>();
    r.state_names = s[3].cast<std::vector<std::string>>();
    r.v1_l = s[4].cast<double>();
    r.metabolite_concentration_mg_per_l = s[5].cast<Eigen::VectorXd>();
    r.effect_site_concentration_mg_per_l = s[6].cast<Eigen::VectorXd>();
    r.effect = s[7].cast<Eigen::VectorXd>();
    r.solver = static_cast<SolverPath>(s[8].cast<int>());
    r.stepper = static_cast<Stepper>(s[9].cast<int>());
    r.steps = s[10].cast<long>();
    r.rejected_steps = s[11].cast<long>();
    r.propagators_computed = s[12].cast<long>();
    r.infusions_as_bolus = s[13].cast<long>();
    return {std::move(r), s[14].cast<py::dict>()};
}

}  // namespace

void register_pickle(py::module_& m) {
    // The classes are registered by their own files; pickling attaches to them here.
    auto model = py::reinterpret_borrow<py::class_<Model>>(py::type::of<Model>());
    model.def(py::pickle([](const Model& mo) { return model_state(mo); },
                         [](const py::tuple& s) { return model_from_state(s); }));
    auto regimen = py::reinterpret_borrow<py::class_<Regimen>>(py::type::of<Regimen>());
    regimen.def(py::pickle([](const Regimen& r) { return regimen_state(r); },
                           [](const py::tuple& s) { return regimen_from_state(s); }));
    auto result = py::reinterpret_borrow<py::class_<Result>>(py::type::of<Result>());
    result.def(py::pickle([](const py::object& self) { return result_state(self); },
                          [](const py::tuple& s) { return result_from_state(s); }));
    // Output times: a uniform grid stays one (its points are recomputed from the same start,
    // stop and step, so they are the same bits).
    auto times = py::reinterpret_borrow<py::class_<OutputTimes>>(py::type::of<OutputTimes>());
    times.def(py::pickle([](const OutputTimes& t) { return py::make_tuple(t.times(), t.step()); },
                         [](const py::tuple& s) {
                             auto values = s[0].cast<std::vector<double>>();
                             const double step = s[1].cast<double>();
                             if (step > 0.0 && !values.empty()) {
                                 return OutputTimes::uniform(values.front(), values.back(), step);
                             }
                             return OutputTimes::at(std::move(values));
                         }));
    (void)m;
}

}  // namespace pkengine::python
