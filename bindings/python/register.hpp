#pragma once
// The parts of the pkengine._core module, one per translation unit.

#include <pybind11/pybind11.h>

#include <pkengine/route.hpp>
#include <string>

namespace pybind11::detail {

/// A Route argument also takes a route name ("im", "oral", ...). An unknown name raises the
/// route's own ValueError (pkengine.InvalidInput naming the value and the routes), not pybind11's
/// "incompatible function arguments", whichever function or constructor receives it.
template <>
struct type_caster<pkengine::Route> {
    PYBIND11_TYPE_CASTER(pkengine::Route, const_name<pkengine::Route>());

    bool load(handle src, bool convert) {
        if (convert && isinstance<str>(src)) {
            value = pkengine::parse_route(src.cast<std::string>());
            return true;
        }
        type_caster_base<pkengine::Route> registered;
        if (!registered.load(src, convert)) return false;
        value = static_cast<pkengine::Route&>(registered);
        return true;
    }

    static handle cast(const pkengine::Route& route, return_value_policy policy, handle parent) {
        return type_caster_base<pkengine::Route>::cast(route, policy, parent);
    }
};

}  // namespace pybind11::detail

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
void register_population(pybind11::module_& m);
void register_pickle(pybind11::module_& m);

}  // namespace pkengine::python
