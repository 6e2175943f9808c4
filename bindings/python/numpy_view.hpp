#pragma once
// Read-only numpy views of memory owned by a bound C++ object, shared by the register_*.cpp files.

#include <pybind11/numpy.h>

#include <utility>
#include <vector>

namespace pkengine::python {

/// A read-only numpy view of `data` with `shape`, kept alive by `owner` (no copy).
inline pybind11::array view(const pybind11::object& owner, const double* data,
                            std::vector<pybind11::ssize_t> shape) {
    namespace py = pybind11;
    py::array array(py::dtype::of<double>(), std::move(shape), {}, data, owner);
    py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return array;
}

}  // namespace pkengine::python
