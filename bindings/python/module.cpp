// pkengine._core: a thin layer over the C++ engine. The public Python API lives in the pure-Python
// package `pkengine`, which re-exports and extends these names.
#include <pkengine/errors.hpp>
#include <pkengine/version.hpp>

#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "pkengine compiled core (units: h, mg, L, L/h, 1/h, kg, mg/L)";
    m.attr("__version__") = PKENGINE_VERSION;
    // InvalidInput is a ValueError and SolverError a RuntimeError, so callers may catch either.
    py::register_exception<pkengine::InvalidInput>(m, "InvalidInput", PyExc_ValueError);
    py::register_exception<pkengine::SolverError>(m, "SolverError", PyExc_RuntimeError);
    pkengine::python::register_extensions(m);
    pkengine::python::register_model(m);
    pkengine::python::register_dosing(m);
    pkengine::python::register_simulate(m);
    pkengine::python::register_nca(m);
    pkengine::python::register_dataset(m);
    pkengine::python::register_drug(m);
    pkengine::python::register_compare(m);
    pkengine::python::register_check(m);
    pkengine::python::register_population(m);
    pkengine::python::register_pickle(m);
}
