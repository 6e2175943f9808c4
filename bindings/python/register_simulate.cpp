#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>

#include <pkengine/errors.hpp>
#include <pkengine/simulate.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

/// A read-only numpy view of memory owned by `owner` (no copy).
py::array view(const py::object& owner, const double* data, std::vector<py::ssize_t> shape) {
    py::array array(py::dtype::of<double>(), std::move(shape), {}, data, owner);
    py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return array;
}

std::vector<double> to_vector(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
    if (a.ndim() != 1) throw InvalidInput("times: expected a one-dimensional array");
    return {a.data(), a.data() + a.size()};
}

void register_result(py::module_& m) {
    py::class_<Result>(m, "Result", "The outcome of one simulation (h, mg, mg/L).")
        .def_property_readonly(
            "times",
            [](py::object self) {
                const auto& r = self.cast<const Result&>();
                return view(self, r.times_h.data(), {static_cast<py::ssize_t>(r.times_h.size())});
            },
            "Output times (h), read-only numpy view.")
        .def_property_readonly(
            "concentration",
            [](py::object self) {
                const auto& r = self.cast<const Result&>();
                return view(self, r.concentration_mg_per_l.data(),
                            {r.concentration_mg_per_l.size()});
            },
            "Plasma concentration (mg/L), read-only numpy view.")
        .def_property_readonly(
            "amounts",
            [](py::object self) {
                const auto& r = self.cast<const Result&>();
                return view(self, r.amounts_mg.data(), {r.amounts_mg.rows(), r.amounts_mg.cols()});
            },
            "Amount in every state (mg), times x states, read-only numpy view.")
        .def_readonly("state_names", &Result::state_names)
        .def_readonly("v1", &Result::v1_l, "Central volume (L).")
        .def_readonly("solver", &Result::solver)
        .def_readonly("stepper", &Result::stepper)
        .def_readonly("steps", &Result::steps)
        .def_readonly("propagators_computed", &Result::propagators_computed)
        .def("state_index", &Result::state_index, "name"_a);
}

/// Seconds per simulate() call, timed in C++ over `calls` calls in this process.
double seconds_per_simulate(const Model& model, const Regimen& regimen, const OutputTimes& times,
                            const SimulationOptions& options, int calls) {
    if (calls < 1) throw InvalidInput("calls = " + std::to_string(calls) + ": must be >= 1");
    volatile double sink = 0.0;  // keeps every result observed
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) {
        const Result result = simulate(model, regimen, times, options);
        sink = sink + static_cast<double>(result.steps);
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / calls;
}

}  // namespace

void register_simulate(py::module_& m) {
    py::class_<OutputTimes>(m, "OutputTimes", "Times (h) at which results are reported.")
        .def_static("uniform", &OutputTimes::uniform, "start"_a, "stop"_a, "step"_a,
                    "start, start+step, ... up to stop inclusive (h).")
        .def_static(
            "at",
            [](const py::array_t<double, py::array::c_style | py::array::forcecast>& t) {
                return OutputTimes::at(to_vector(t));
            },
            "times"_a, "Explicit sorted times (h).")
        .def_property_readonly("times", &OutputTimes::times)
        .def_property_readonly("is_uniform", &OutputTimes::is_uniform)
        .def("__len__", &OutputTimes::size);

    py::enum_<SolverPath>(m, "SolverPath")
        .value("AUTOMATIC", SolverPath::Automatic)
        .value("EXACT", SolverPath::Exact);

    py::class_<SimulationOptions>(m, "SimulationOptions")
        .def(py::init([](FChoice f, SolverPath path) {
                 return SimulationOptions{f, path};
             }),
             "bioavailability"_a = FChoice::Nominal, "path"_a = SolverPath::Automatic)
        .def_readonly("bioavailability", &SimulationOptions::bioavailability)
        .def_readonly("path", &SimulationOptions::path);

    register_result(m);

    // Inputs are converted with the GIL held; the solve runs without it.
    m.def("simulate",
          py::overload_cast<const Model&, const Regimen&, const OutputTimes&,
                            const SimulationOptions&>(&simulate),
          "model"_a, "regimen"_a, "times"_a, "options"_a = SimulationOptions{},
          py::call_guard<py::gil_scoped_release>());
    m.def("simulate",
          py::overload_cast<const Model&, const std::vector<DoseEvent>&, const OutputTimes&,
                            const SimulationOptions&>(&simulate),
          "model"_a, "events"_a, "times"_a, "options"_a = SimulationOptions{},
          py::call_guard<py::gil_scoped_release>());

    // For benchmarks/compare_peers.py: the C++ time of the curve a Python call asks for, in the
    // same process and heap, so the difference is the cost of the call from Python.
    m.def("_seconds_per_simulate", &seconds_per_simulate, "model"_a, "regimen"_a, "times"_a,
          "options"_a, "calls"_a, py::call_guard<py::gil_scoped_release>(),
          "Seconds per simulate() call, timed in C++ over `calls` calls (benchmarks only).");
}

}  // namespace pkengine::python
