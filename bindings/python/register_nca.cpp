#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <pkengine/errors.hpp>
#include <pkengine/nca.hpp>

#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> vec(const Array& a, const char* name) {
    if (a.ndim() != 1) {
        throw InvalidInput(std::string(name) + ": expected a one-dimensional array");
    }
    return {a.data(), a.data() + a.size()};
}

}  // namespace

void register_nca(py::module_& m) {
    auto nca = m.def_submodule("nca", "Non-compartmental analysis (t in h, c in any unit).");
    py::enum_<nca::AucMethod>(nca, "AucMethod")
        .value("LINEAR", nca::AucMethod::Linear)
        .value("LINEAR_UP_LOG_DOWN", nca::AucMethod::LinearUpLogDown);
    py::class_<nca::LambdaZOptions>(nca, "LambdaZOptions")
        .def(py::init([](int min_points, int max_points, double min_adj_r2) {
                 return nca::LambdaZOptions{min_points, max_points, min_adj_r2};
             }),
             "min_points"_a = 3, "max_points"_a = 0, "min_adj_r2"_a = 0.0);
    py::class_<nca::LambdaZ>(nca, "LambdaZ")
        .def_readonly("ok", &nca::LambdaZ::ok)
        .def_readonly("lambda_z", &nca::LambdaZ::lambda_z_per_h, "1/h")
        .def_readonly("intercept", &nca::LambdaZ::intercept)
        .def_readonly("r2_adjusted", &nca::LambdaZ::r2_adjusted)
        .def_readonly("n_points", &nca::LambdaZ::n_points)
        .def_readonly("t_first", &nca::LambdaZ::t_first_h)
        .def_readonly("t_last", &nca::LambdaZ::t_last_h)
        .def_readonly("half_life", &nca::LambdaZ::half_life_h);
    py::class_<nca::Metrics>(nca, "Metrics")
        .def_readonly("cmax", &nca::Metrics::cmax)
        .def_readonly("tmax", &nca::Metrics::tmax_h)
        .def_readonly("clast", &nca::Metrics::clast)
        .def_readonly("tlast", &nca::Metrics::tlast_h)
        .def_readonly("auc_0_t", &nca::Metrics::auc_0_t)
        .def_readonly("auc_0_inf", &nca::Metrics::auc_0_inf)
        .def_readonly("aumc_0_t", &nca::Metrics::aumc_0_t)
        .def_readonly("lambda_z", &nca::Metrics::lambda_z)
        .def_readonly("half_life", &nca::Metrics::half_life_h)
        .def_readonly("mrt", &nca::Metrics::mrt_h)
        .def_readonly("auc_extrapolated_fraction", &nca::Metrics::auc_extrapolated_fraction);

    nca.def(
        "compute",
        [](const Array& t, const Array& c, nca::AucMethod method,
           const nca::LambdaZOptions& options) {
            return nca::compute(vec(t, "t"), vec(c, "c"), method, options);
        },
        "t"_a, "c"_a, "method"_a = nca::AucMethod::LinearUpLogDown,
        "lambda_z_options"_a = nca::LambdaZOptions{});
    nca.def(
        "auc",
        [](const Array& t, const Array& c, nca::AucMethod method) {
            return nca::auc(vec(t, "t"), vec(c, "c"), method);
        },
        "t"_a, "c"_a, "method"_a = nca::AucMethod::LinearUpLogDown);
    nca.def(
        "partial_auc",
        [](const Array& t, const Array& c, double from, double to, nca::AucMethod method) {
            return nca::partial_auc(vec(t, "t"), vec(c, "c"), from, to, method);
        },
        "t"_a, "c"_a, "t_from"_a, "t_to"_a, "method"_a = nca::AucMethod::LinearUpLogDown);
    nca.def(
        "cavg",
        [](const Array& t, const Array& c, double from, double to, nca::AucMethod method) {
            return nca::cavg(vec(t, "t"), vec(c, "c"), from, to, method);
        },
        "t"_a, "c"_a, "t_from"_a, "t_to"_a, "method"_a = nca::AucMethod::LinearUpLogDown);
    nca.def(
        "time_above",
        [](const Array& t, const Array& c, double threshold) {
            return nca::time_above(vec(t, "t"), vec(c, "c"), threshold);
        },
        "t"_a, "c"_a, "threshold"_a);
    nca.def(
        "time_in_band",
        [](const Array& t, const Array& c, double low, double high) {
            return nca::time_in_band(vec(t, "t"), vec(c, "c"), low, high);
        },
        "t"_a, "c"_a, "low"_a, "high"_a);
    auto intervals = [](const std::vector<nca::Interval>& v) {
        std::vector<std::pair<double, double>> out;
        out.reserve(v.size());
        for (const auto& i : v) out.emplace_back(i.start_h, i.end_h);
        return out;
    };
    nca.def(
        "intervals_above",
        [intervals](const Array& t, const Array& c, double threshold) {
            return intervals(nca::intervals_above(vec(t, "t"), vec(c, "c"), threshold));
        },
        "t"_a, "c"_a, "threshold"_a);
    nca.def(
        "intervals_in_band",
        [intervals](const Array& t, const Array& c, double low, double high) {
            return intervals(nca::intervals_in_band(vec(t, "t"), vec(c, "c"), low, high));
        },
        "t"_a, "c"_a, "low"_a, "high"_a);
    nca.def("relative_bioavailability", &nca::relative_bioavailability, "auc_test"_a, "dose_test"_a,
            "auc_reference"_a, "dose_reference"_a);
}

}  // namespace pkengine::python
