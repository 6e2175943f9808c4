#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>

#include <pkengine/errors.hpp>
#include <pkengine/simulate.hpp>

#include "numpy_view.hpp"
#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

std::vector<double> to_vector(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
    if (a.ndim() != 1) throw InvalidInput("times: expected a one-dimensional array");
    return {a.data(), a.data() + a.size()};
}

/// A read-only view of an optional per-time vector of a Result; None when it is empty.
py::object optional_view(const py::object& self, Eigen::VectorXd Result::*member) {
    const Eigen::VectorXd& v = self.cast<const Result&>().*member;
    if (v.size() == 0) return py::none();
    return view(self, v.data(), {v.size()});
}

void register_result(py::module_& m) {
    // dynamic_attr: pkengine.simulate records on the result the model, the regimen and the span.
    py::class_<Result>(m, "Result", "The outcome of one simulation (h, mg, mg/L).",
                       py::dynamic_attr())
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
        .def_property_readonly(
            "metabolite_concentration",
            [](py::object self) {
                return optional_view(self, &Result::metabolite_concentration_mg_per_l);
            },
            "Metabolite concentration (mg/L) in the metabolite's own mass (molar_mass_ratio; "
            "parent-equivalents when it is 1), read-only numpy view; None without a metabolite.")
        .def_property_readonly(
            "effect_site_concentration",
            [](py::object self) {
                return optional_view(self, &Result::effect_site_concentration_mg_per_l);
            },
            "Effect-site concentration Ce (mg/L), read-only numpy view; None without an effect "
            "compartment.")
        .def_property_readonly(
            "effect", [](py::object self) { return optional_view(self, &Result::effect); },
            "Effect E(Ce) (unit of E0 and Emax), read-only numpy view; None without a response.")
        .def_readonly("state_names", &Result::state_names)
        .def_readonly("v1", &Result::v1_l, "Central volume (L).")
        .def_property_readonly(
            "solver", [](const Result& r) { return std::string(solver_path_name(r.solver)); },
            "'exact' or 'ode'.")
        .def_property_readonly(
            "stepper", [](const Result& r) { return std::string(stepper_name(r.stepper)); },
            "'matrix_exponential', 'dormand_prince5' or 'rosenbrock4'.")
        .def_readonly("steps", &Result::steps,
                      "Propagation steps (exact path) or accepted steps (ODE path).")
        .def_readonly("rejected_steps", &Result::rejected_steps,
                      "ODE path: steps rejected by the error control.")
        .def_readonly("propagators_computed", &Result::propagators_computed)
        .def_readonly("infusions_as_bolus", &Result::infusions_as_bolus,
                      "Infusions shorter than MIN_INFUSION_DURATION (h), given as a bolus at "
                      "their start.")
        .def("state_index", &Result::state_index, "name"_a)
        .def("_copy", [](const Result& result) { return Result(result); });
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

    m.attr("DEFAULT_RTOL") = kDefaultRtol;
    m.attr("DEFAULT_ATOL") = kDefaultAtolMg;
    m.attr("DEFAULT_MAX_STEPS") = kDefaultMaxSteps;
    m.attr("DEFAULT_STEADY_STATE_RTOL") = kDefaultSteadyStateRtol;
    m.attr("DEFAULT_STEADY_STATE_ATOL") = kDefaultSteadyStateAtolMg;
    m.attr("DEFAULT_STEADY_STATE_MAX_INTERVALS") = kDefaultSteadyStateMaxIntervals;
    m.attr("DEFAULT_STEADY_STATE_WINDOW") = kDefaultSteadyStateWindowH;
    m.attr("DEFAULT_MAX_ACTIONS") = kDefaultMaxActions;
    m.attr("DEFAULT_MAX_OUTPUT_VALUES") = kDefaultMaxOutputValues;
    m.attr("MIN_INFUSION_DURATION") = kMinInfusionDurationH;
    m.attr("MAX_RATE_CONSTANT") = kMaxRateConstantPerH;
    py::enum_<SolverPath>(
        m, "SolverPath",
        R"doc(Which solver path runs: AUTOMATIC (exact for linear models, ODE otherwise),
EXACT (matrix exponential and closed forms) or ODE.

>>> pk.SimulationOptions(path="ode").path
<SolverPath.ODE: 2>
>>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
>>> pk.simulate(model, pk.Dose(100.0, "iv_bolus"), path="ode").solver        # the path that ran
'ode'
)doc")
        .value("AUTOMATIC", SolverPath::Automatic)
        .value("EXACT", SolverPath::Exact)
        .value("ODE", SolverPath::Ode)
        .def(py::init([](const std::string& name) { return parse_solver_path(name); }), "name"_a);
    py::implicitly_convertible<py::str, SolverPath>();
    py::enum_<Stepper>(
        m, "Stepper", R"doc(Which integrator the ODE path uses: AUTOMATIC (Rosenbrock 4 when stiff),
DORMAND_PRINCE5 or ROSENBROCK4.

>>> pk.SimulationOptions(stepper="rosenbrock4").stepper
<Stepper.ROSENBROCK4: 2>
>>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
>>> pk.simulate(model, pk.Dose(100.0, "iv_bolus"), path="ode").stepper      # the one that ran
'dormand_prince5'
)doc")
        .value("AUTOMATIC", Stepper::Automatic)
        .value("DORMAND_PRINCE5", Stepper::DormandPrince5)
        .value("ROSENBROCK4", Stepper::Rosenbrock4)
        .def(py::init([](const std::string& name) { return parse_stepper(name); }), "name"_a);
    py::implicitly_convertible<py::str, Stepper>();

    py::class_<SimulationOptions>(m, "SimulationOptions")
        .def(py::init([](FChoice f, SolverPath path, Stepper stepper, double rtol, double atol,
                         long max_steps, double ss_rtol, double ss_atol, int ss_max_intervals,
                         double ss_window, std::size_t max_actions, std::size_t max_output_values) {
                 SimulationOptions options;
                 options.bioavailability = f;
                 options.path = path;
                 options.stepper = stepper;
                 options.rtol = rtol;
                 options.atol_mg = atol;
                 options.max_steps = max_steps;
                 options.steady_state_rtol = ss_rtol;
                 options.steady_state_atol_mg = ss_atol;
                 options.steady_state_max_intervals = ss_max_intervals;
                 options.steady_state_window_h = ss_window;
                 options.max_actions = max_actions;
                 options.max_output_values = max_output_values;
                 options.validate();
                 return options;
             }),
             "bioavailability"_a = FChoice::Nominal, "path"_a = SolverPath::Automatic,
             "stepper"_a = Stepper::Automatic, "rtol"_a = kDefaultRtol, "atol"_a = kDefaultAtolMg,
             "max_steps"_a = kDefaultMaxSteps, "steady_state_rtol"_a = kDefaultSteadyStateRtol,
             "steady_state_atol"_a = kDefaultSteadyStateAtolMg,
             "steady_state_max_intervals"_a = kDefaultSteadyStateMaxIntervals,
             "steady_state_window"_a = kDefaultSteadyStateWindowH,
             "max_actions"_a = kDefaultMaxActions, "max_output_values"_a = kDefaultMaxOutputValues,
             "rtol: relative tolerance; atol: absolute tolerance (mg); max_steps: most steps "
             "between two discontinuities; steady_state_rtol, steady_state_atol (mg): when the "
             "iteration of an SS record stops; steady_state_max_intervals: most intervals it "
             "integrates; steady_state_window: stretch of an SS constant infusion (h) (ODE path); "
             "max_actions: most actions the records may imply (doses x ADDL x inputs, infusions "
             "twice); max_output_values: most output points x states.")
        .def_readonly("bioavailability", &SimulationOptions::bioavailability)
        .def_readonly("path", &SimulationOptions::path)
        .def_readonly("stepper", &SimulationOptions::stepper)
        .def_readonly("rtol", &SimulationOptions::rtol)
        .def_readonly("atol", &SimulationOptions::atol_mg, "mg")
        .def_readonly("max_steps", &SimulationOptions::max_steps)
        .def_readonly("steady_state_rtol", &SimulationOptions::steady_state_rtol)
        .def_readonly("steady_state_atol", &SimulationOptions::steady_state_atol_mg, "mg")
        .def_readonly("steady_state_max_intervals", &SimulationOptions::steady_state_max_intervals)
        .def_readonly("steady_state_window", &SimulationOptions::steady_state_window_h, "h")
        .def_readonly("max_actions", &SimulationOptions::max_actions)
        .def_readonly("max_output_values", &SimulationOptions::max_output_values);

    register_result(m);

    // Thread safety by snapshot: the inputs are copied with the GIL held (so no other Python
    // thread can change them half-way), then the solve runs on the copies without the GIL.
    m.def(
        "simulate",
        [](const Model& model, const Regimen& regimen, const OutputTimes& times,
           const SimulationOptions& options) {
            const Model m = model;
            const Regimen r = regimen;
            const OutputTimes t = times;
            py::gil_scoped_release release;
            return simulate(m, r, t, options);
        },
        "model"_a, "regimen"_a, "times"_a, "options"_a = SimulationOptions{});
    m.def(
        "simulate",
        [](const Model& model, const std::vector<DoseEvent>& events, const OutputTimes& times,
           const SimulationOptions& options) {
            const Model m = model;
            const OutputTimes t = times;
            py::gil_scoped_release release;
            return simulate(m, events, t, options);
        },
        "model"_a, "events"_a, "times"_a, "options"_a = SimulationOptions{});

    // For benchmarks/compare_peers.py: the C++ time of the curve a Python call asks for, in the
    // same process and heap, so the difference is the cost of the call from Python.
    m.def(
        "_seconds_per_simulate",
        [](const Model& model, const Regimen& regimen, const OutputTimes& times,
           const SimulationOptions& options, int calls) {
            const Model m = model;
            const Regimen r = regimen;
            py::gil_scoped_release release;
            return seconds_per_simulate(m, r, times, options, calls);
        },
        "model"_a, "regimen"_a, "times"_a, "options"_a, "calls"_a,
        "Seconds per simulate() call, timed in C++ over `calls` calls (benchmarks only).");
}

}  // namespace pkengine::python
