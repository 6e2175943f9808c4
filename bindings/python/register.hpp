#pragma once
// The parts of the pkengine._core module, one per translation unit.

#include <pybind11/pybind11.h>

namespace pkengine::python {

void register_model(pybind11::module_& m);
void register_extensions(pybind11::module_& m);
void register_dosing(pybind11::module_& m);
void register_simulate(pybind11::module_& m);
void register_nca(pybind11::module_& m);
void register_dataset(pybind11::module_& m);
void register_drug(pybind11::module_& m);
void register_compare(pybind11::module_& m);
void register_check(pybind11::module_& m);

}  // namespace pkengine::python
