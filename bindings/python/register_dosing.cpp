#include <pybind11/stl.h>

#include <pkengine/dose.hpp>
#include <pkengine/regimen.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

void register_event(py::module_& m) {
    py::enum_<EventKind>(
        m, "EventKind",
        R"doc(NONMEM's EVID by name: OBSERVATION (0), DOSE (1), OTHER (2), RESET (3),
RESET_AND_DOSE (4).

>>> pk.EventKind(1), int(pk.EventKind.RESET)
(<EventKind.DOSE: 1>, 3)
)doc")
        .value("OBSERVATION", EventKind::Observation)
        .value("DOSE", EventKind::Dose)
        .value("OTHER", EventKind::Other)
        .value("RESET", EventKind::Reset)
        .value("RESET_AND_DOSE", EventKind::ResetAndDose);
    py::enum_<SteadyState>(
        m, "SteadyState",
        R"doc(NONMEM's SS by name: NONE (0), RESET (1: the steady state replaces the state),
ADD (2: the steady state is added to it).

>>> event = pk.DoseEvent(time=0.0, amount=100.0, route="oral", interval=12.0,
...                      ss=pk.SteadyState.RESET)
>>> event.ss
<SteadyState.RESET: 1>
)doc")
        .value("NONE", SteadyState::None)
        .value("RESET", SteadyState::Reset)
        .value("ADD", SteadyState::Add);
    py::enum_<RateSource>(
        m, "RateSource",
        R"doc(NONMEM's RATE -1 / -2 by name: where an infusion's rate or duration comes from:
GIVEN (the record's RATE), MODELLED_RATE (-1, the route's modelled rate) or MODELLED_DURATION
(-2, the route's modelled duration); see ModelledInfusion.

>>> pk.RateSource.MODELLED_DURATION
<RateSource.MODELLED_DURATION: -2>
)doc")
        .value("GIVEN", RateSource::Given)
        .value("MODELLED_RATE", RateSource::ModelledRate)
        .value("MODELLED_DURATION", RateSource::ModelledDuration);

    py::class_<DoseEvent>(m, "DoseEvent",
                          "One dosing record with NONMEM fields (time h, amount mg, rate mg/h, "
                          "duration h, interval h).")
        .def(py::init([](double time, double amount, Route route, double rate, double duration,
                         double interval, int additional, SteadyState ss, EventKind kind,
                         RateSource rate_source, int compartment) {
                 DoseEvent e;
                 e.time_h = time;
                 e.amount_mg = amount;
                 e.route = route;
                 e.rate_mg_per_h = rate;
                 e.duration_h = duration;
                 e.interval_h = interval;
                 e.additional = additional;
                 e.steady_state = ss;
                 e.kind = kind;
                 e.rate_source = rate_source;
                 e.compartment = compartment;
                 validate_event(e, "event");
                 return e;
             }),
             "time"_a, "amount"_a = 0.0, "route"_a = Route::IvBolus, "rate"_a = 0.0,
             "duration"_a = 0.0, "interval"_a = 0.0, "additional"_a = 0, "ss"_a = SteadyState::None,
             "kind"_a = EventKind::Dose, "rate_source"_a = RateSource::Given, "compartment"_a = 0,
             "compartment: NONMEM's CMT, 0 to dose by route; n >= 1 doses into the model's "
             "compartment n (Model.compartments()), whatever route says. On an OTHER record "
             "(EVID 2), -n turns compartment n off: one that receives no drug from another (a "
             "depot without a transit chain, the first transit compartment) is emptied into the "
             "'discarded' state and its infusions stop; any other is refused.")
        .def_readonly("time", &DoseEvent::time_h, "h")
        .def_readonly("amount", &DoseEvent::amount_mg, "mg")
        .def_readonly("route", &DoseEvent::route)
        .def_readonly("rate", &DoseEvent::rate_mg_per_h, "mg/h")
        .def_readonly("duration", &DoseEvent::duration_h, "h")
        .def_readonly("interval", &DoseEvent::interval_h, "h")
        .def_readonly("additional", &DoseEvent::additional)
        .def_readonly("ss", &DoseEvent::steady_state)
        .def_readonly("kind", &DoseEvent::kind)
        .def_readonly("rate_source", &DoseEvent::rate_source)
        .def_readonly("compartment", &DoseEvent::compartment,
                      "CMT; 0 = by route; < 0 on an OTHER record: turned off")
        .def("__repr__", [](const DoseEvent& e) {
            return "DoseEvent(time=" + std::to_string(e.time_h) +
                   ", amount=" + std::to_string(e.amount_mg) + ", route='" +
                   std::string(route_name(e.route)) + "', rate=" + std::to_string(e.rate_mg_per_h) +
                   ", duration=" + std::to_string(e.duration_h) + ")";
        });
}

void register_regimen(py::module_& m) {
    py::class_<Dose>(m, "Dose", "An amount (mg) by a route, as a bolus or over a duration (h).")
        .def(py::init(&Dose::mg), "amount"_a, "route"_a, "duration"_a = 0.0)
        .def_static("per_kg", &Dose::mg_per_kg, "mg_per_kg"_a, "weight"_a, "route"_a,
                    "duration"_a = 0.0, "Weight-based dose: mg/kg x body weight (kg).")
        .def_readonly("amount", &Dose::amount_mg, "mg")
        .def_readonly("route", &Dose::route)
        .def_readonly("duration", &Dose::duration_h, "h")
        .def("at", &Dose::at, "time"_a, "This dose as a record at `time` (h).");

    py::class_<Regimen>(m, "Regimen", "Dose records sorted by time.")
        .def(py::init<>())
        .def(py::init<std::vector<DoseEvent>>(), "events"_a)
        .def_static("single", &Regimen::single, "dose"_a, "at"_a = 0.0, "One dose at `at` (h).")
        .def_static("repeated", &Regimen::repeated, "dose"_a, "every"_a, "count"_a, "start"_a = 0.0,
                    "`count` doses every `every` hours from `start` (h).")
        .def_static("series", &Regimen::series, "dose"_a, "times"_a, "One dose at each time (h).")
        .def_static("on_days", &Regimen::on_days, "dose"_a, "days"_a, "hour_of_day"_a = 0.0,
                    "One dose on each day (day 0 = t 0) at `hour_of_day` (h).")
        .def("add", &Regimen::add, "event"_a, py::return_value_policy::reference_internal)
        .def_property_readonly("events", &Regimen::events)
        .def("__len__", &Regimen::size)
        .def("__add__", [](const Regimen& a, const Regimen& b) { return a + b; })
        .def("__copy__", [](const Regimen& regimen) { return Regimen(regimen); })
        .def(
            "__deepcopy__",
            [](const Regimen& regimen, const py::dict&) { return Regimen(regimen); }, "memo"_a);
}

}  // namespace

void register_dosing(py::module_& m) {
    register_event(m);
    register_regimen(m);
}

}  // namespace pkengine::python
