// Populations: the C++ run with the GIL released, its result as numpy views, and the state that
// pickles a chunk's result so chunks run elsewhere (Dask) merge into the same bits.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <limits>
#include <pkengine/detail/validate.hpp>
#include <pkengine/errors.hpp>
#include <pkengine/population.hpp>

#include "numpy_view.hpp"
#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

template <class Matrix>
py::array matrix_view(const py::object& self, const Matrix& m) {
    return view(self, m.data(), {m.rows(), m.cols()});
}

py::array vector_view(const py::object& self, const Eigen::VectorXd& v) {
    return view(self, v.data(), {v.size()});
}

template <class T>
py::array_t<T> copy_array(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

template <class T>
std::vector<T> from_array(const py::handle& h) {
    const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(h);
    if (!a || a.ndim() != 1) throw InvalidInput("PopulationResult state: expected 1-D arrays");
    return {a.data(), a.data() + a.size()};
}

py::tuple band_state(const std::vector<PopulationBand>& bands) {
    py::list out;
    for (const PopulationBand& b : bands)
        out.append(py::make_tuple(b.name, b.low_mg_per_l, b.high_mg_per_l));
    return py::tuple(out);
}

std::vector<PopulationBand> bands_from(const py::iterable& bands) {
    std::vector<PopulationBand> out;
    for (const py::handle& b : bands) {
        const auto t = b.cast<std::tuple<std::string, double, double>>();
        out.push_back({std::get<0>(t), std::get<1>(t), std::get<2>(t)});
    }
    return out;
}

/// Everything a result holds, as picklable Python objects (numpy arrays are copies).
py::tuple result_state(const PopulationResult& r) {
    return py::make_tuple(copy_array(r.times_h), r.first_subject, r.n_subjects, r.effect_names,
                          band_state(r.bands), r.percentiles, ResultMatrix(r.curves_mg_per_l),
                          Eigen::VectorXd(r.weight_kg), ResultMatrix(r.eta),
                          r.drawn_covariate_names, ResultMatrix(r.drawn_covariates),
                          Eigen::VectorXd(r.cmax_mg_per_l), Eigen::VectorXd(r.tmax_h),
                          Eigen::VectorXd(r.auc_mg_h_per_l), ResultMatrix(r.time_in_band_h),
                          copy_array(r.band_reached), copy_array(r.sums.high),
                          copy_array(r.sums.low), copy_array(r.sketch.counts));
}

PopulationResult result_from_state(const py::tuple& s) {
    if (s.size() != 19) throw InvalidInput("PopulationResult state: expected 19 items");
    PopulationResult r;
    r.times_h = from_array<double>(s[0]);
    r.first_subject = s[1].cast<std::size_t>();
    r.n_subjects = s[2].cast<std::size_t>();
    r.effect_names = s[3].cast<std::vector<std::string>>();
    r.bands = bands_from(s[4]);
    r.percentiles = s[5].cast<std::vector<double>>();
    r.curves_mg_per_l = s[6].cast<ResultMatrix>();
    r.weight_kg = s[7].cast<Eigen::VectorXd>();
    r.eta = s[8].cast<ResultMatrix>();
    r.drawn_covariate_names = s[9].cast<std::vector<std::string>>();
    r.drawn_covariates = s[10].cast<ResultMatrix>();
    r.cmax_mg_per_l = s[11].cast<Eigen::VectorXd>();
    r.tmax_h = s[12].cast<Eigen::VectorXd>();
    r.auc_mg_h_per_l = s[13].cast<Eigen::VectorXd>();
    r.time_in_band_h = s[14].cast<ResultMatrix>();
    r.band_reached = from_array<std::uint64_t>(s[15]);
    r.sums.high = from_array<std::int64_t>(s[16]);
    r.sums.low = from_array<std::uint64_t>(s[17]);
    r.sketch.n_times = r.times_h.size();
    r.sketch.counts = from_array<std::uint32_t>(s[18]);
    if (r.sums.high.size() != r.times_h.size() || r.sums.low.size() != r.times_h.size() ||
        r.sketch.counts.size() != r.times_h.size() * ConcentrationSketch::kBins ||
        r.band_reached.size() != r.bands.size()) {
        throw InvalidInput("PopulationResult state: arrays of inconsistent sizes");
    }
    r.summarise();
    return r;
}

/// Progress on the calling thread: takes the GIL, lets Python see Ctrl-C (a KeyboardInterrupt
/// raised here stops the workers: no further subject starts), calls the user's callable.
PopulationProgress python_progress(const py::object& callback) {
    return [callback](std::size_t completed, std::size_t started) {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!callback.is_none()) callback(completed, started);
    };
}

void register_population_inputs(py::module_& m) {
    py::enum_<EtaScale>(m, "EtaScale", "How a random effect acts on its parameter.")
        .value("log_normal", EtaScale::LogNormal)
        .value("logit_normal", EtaScale::LogitNormal)
        .value("additive", EtaScale::Additive);
    m.def(
        "published_variability",
        [](const DrugModel& model) {
            const Variability v = published_variability(model);
            std::vector<std::string> names;
            for (const RandomEffect& e : v.effects) names.push_back(e.parameter);
            return py::make_tuple(names, v.omega);
        },
        "model"_a,
        "A drug model's published variability as (names, omega): log-normal effects, omega^2 = "
        "ln(1 + CV^2), parameters sharing an eta correlated 1.");
    m.def("omega_squared_from_cv", &omega_squared_from_cv, "cv"_a,
          "omega^2 = ln(1 + cv^2) of a log-normal effect whose CV is `cv` (a fraction).");
    m.def("normal_quantile", &normal_quantile, "p"_a,
          "Standard normal quantile (Wichura AS 241), as the population draws use it.");
    m.def(
        "subject_normals",
        [](std::uint64_t seed, std::uint64_t subject, std::size_t count) {
            SubjectStream stream(seed, subject, DrawPurpose::Eta);
            std::vector<double> z(count);
            for (double& v : z) v = stream.normal();
            return z;
        },
        "seed"_a, "subject"_a, "count"_a,
        "The first `count` standard normal draws of a subject's eta stream (Philox4x32-10).");

    py::class_<WeightDistribution>(m, "WeightDistribution",
                                   "Log-normal body weights (kg) with a median and a CV, "
                                   "redrawn within [min, max].")
        .def(py::init([](double median, double cv, double min, double max) {
                 WeightDistribution w{median, cv, min, max};
                 w.validate();
                 return w;
             }),
             "median"_a = 70.0, "cv"_a = 0.0, "min"_a = 40.0, "max"_a = 150.0)
        .def_readonly("median", &WeightDistribution::median_kg)
        .def_readonly("cv", &WeightDistribution::cv)
        .def_readonly("min", &WeightDistribution::min_kg)
        .def_readonly("max", &WeightDistribution::max_kg);

    py::class_<CovariateDistribution>(
        m, "CovariateDistribution",
        "How a covariate other than weight is drawn for each subject: kind normal (a = mean, b = "
        "SD) or log_normal (a = median, b = CV), both redrawn within [min, max]; uniform on "
        "[a, b); bernoulli (1 with probability a).")
        .def(py::init([](const std::string& name, const std::string& kind, double a, double b,
                         double min, double max) {
                 CovariateDistribution d;
                 d.name = name;
                 d.kind = parse_covariate_distribution(kind);
                 d.a = a;
                 d.b = b;
                 d.min = min;
                 d.max = max;
                 d.validate();
                 return d;
             }),
             "name"_a, "kind"_a, "a"_a, "b"_a = 0.0,
             "min"_a = -std::numeric_limits<double>::infinity(),
             "max"_a = std::numeric_limits<double>::infinity())
        .def_readonly("name", &CovariateDistribution::name)
        .def_property_readonly("kind",
                               [](const CovariateDistribution& d) {
                                   return std::string(covariate_distribution_name(d.kind));
                               })
        .def_readonly("a", &CovariateDistribution::a)
        .def_readonly("b", &CovariateDistribution::b)
        .def_readonly("min", &CovariateDistribution::min)
        .def_readonly("max", &CovariateDistribution::max)
        .def("__repr__", [](const CovariateDistribution& d) {
            return "CovariateDistribution('" + d.name + "', '" +
                   std::string(covariate_distribution_name(d.kind)) + "', " +
                   detail::format_value(d.a) + ", " + detail::format_value(d.b) + ", " +
                   detail::format_value(d.min) + ", " + detail::format_value(d.max) + ")";
        });

    py::class_<Population>(m, "Population", "What every subject of a population is given.")
        .def(py::init<Model, Regimen>(), "model"_a, "regimen"_a)
        .def_readwrite("dose_per_kg", &Population::dose_per_kg)
        .def_property(
            "weight_scaling",
            [](const Population& p) { return std::string(weight_scaling_name(p.weight_scaling)); },
            [](Population& p, const std::string& name) {
                if (name == "per_kg") {
                    p.weight_scaling = WeightScaling::PerKg;
                } else if (name == "allometric") {
                    p.weight_scaling = WeightScaling::Allometric;
                } else if (name == "none") {
                    p.weight_scaling = WeightScaling::None;
                } else {
                    throw InvalidInput("weight_scaling = '" + name +
                                       "': expected per_kg, allometric or none");
                }
            })
        .def_readwrite("reference_weight", &Population::reference_weight_kg)
        .def_readwrite("weights", &Population::weights_kg)
        .def_readwrite("weight_distribution", &Population::weight_distribution)
        .def_readwrite("f_uniform_in_range", &Population::f_uniform_in_range)
        .def(
            "set_variability",
            [](Population& p, const std::vector<std::pair<std::string, EtaScale>>& effects,
               const Eigen::MatrixXd& omega) {
                Variability v;
                for (const auto& [name, scale] : effects) v.effects.push_back({name, scale});
                v.omega = omega;
                v.validate();
                p.variability = std::move(v);
            },
            "effects"_a, "omega"_a)
        .def(
            "set_covariates",
            [](Population& p, const std::vector<std::string>& names, const Eigen::MatrixXd& values,
               const std::vector<CovariateEffect>& effects) {
                p.covariate_names = names;
                p.covariates = values;
                p.covariate_effects = effects;
            },
            "names"_a, "values"_a, "effects"_a,
            "Covariates beside weight: names (upper case), values (subjects x names) and the "
            "effects that use them.")
        .def_readwrite("covariate_distributions", &Population::covariate_distributions,
                       "Covariates drawn for each subject (CovariateDistribution list).")
        .def(
            "set_residual",
            [](Population& p, double additive, double proportional) {
                const ResidualError r{additive, proportional};
                r.validate();
                p.residual = r;
            },
            "additive"_a, "proportional"_a)
        .def(
            "set_bands",
            [](Population& p, const py::iterable& bands) { p.bands = bands_from(bands); },
            "bands"_a, "(name, low mg/L, high mg/L) per band; high may be inf.");
}

void register_population_result(py::module_& m) {
    py::class_<PopulationResult>(m, "PopulationResult",
                                 "The outcome of a population run or of a chunk of one (mg/L, h).")
        .def_property_readonly("times",
                               [](py::object self) {
                                   const auto& r = self.cast<const PopulationResult&>();
                                   return view(self, r.times_h.data(),
                                               {static_cast<py::ssize_t>(r.times_h.size())});
                               })
        .def_readonly("first_subject", &PopulationResult::first_subject)
        .def_readonly("n_subjects", &PopulationResult::n_subjects)
        .def_readonly("effect_names", &PopulationResult::effect_names)
        .def_property_readonly("bands",
                               [](const PopulationResult& r) { return band_state(r.bands); })
        .def_readonly("percentile_levels", &PopulationResult::percentiles)
        .def_readonly("exact_percentiles", &PopulationResult::exact_percentiles)
        .def_property_readonly("mean",
                               [](py::object self) {
                                   return vector_view(
                                       self, self.cast<const PopulationResult&>().mean_mg_per_l);
                               })
        .def_property_readonly(
            "percentiles",
            [](py::object self) {
                return matrix_view(self, self.cast<const PopulationResult&>().percentiles_mg_per_l);
            })
        .def_property_readonly("curves",
                               [](py::object self) -> py::object {
                                   const auto& r = self.cast<const PopulationResult&>();
                                   if (r.curves_mg_per_l.rows() == 0 && r.n_subjects > 0)
                                       return py::none();
                                   return matrix_view(self, r.curves_mg_per_l);
                               })
        .def_property_readonly("weight",
                               [](py::object self) {
                                   return vector_view(
                                       self, self.cast<const PopulationResult&>().weight_kg);
                               })
        .def_property_readonly("eta",
                               [](py::object self) {
                                   return matrix_view(self,
                                                      self.cast<const PopulationResult&>().eta);
                               })
        .def_readonly("drawn_covariate_names", &PopulationResult::drawn_covariate_names)
        .def_property_readonly("drawn_covariates",
                               [](py::object self) {
                                   return matrix_view(
                                       self, self.cast<const PopulationResult&>().drawn_covariates);
                               })
        .def_property_readonly("cmax",
                               [](py::object self) {
                                   return vector_view(
                                       self, self.cast<const PopulationResult&>().cmax_mg_per_l);
                               })
        .def_property_readonly("tmax",
                               [](py::object self) {
                                   return vector_view(self,
                                                      self.cast<const PopulationResult&>().tmax_h);
                               })
        .def_property_readonly("auc",
                               [](py::object self) {
                                   return vector_view(
                                       self, self.cast<const PopulationResult&>().auc_mg_h_per_l);
                               })
        .def_property_readonly("time_in_band",
                               [](py::object self) {
                                   return matrix_view(
                                       self, self.cast<const PopulationResult&>().time_in_band_h);
                               })
        .def_readonly("band_reached", &PopulationResult::band_reached)
        .def(
            "sketch_percentile",
            [](const PopulationResult& r, std::size_t time_index, double percent) {
                if (time_index >= r.times_h.size()) {
                    throw InvalidInput("time_index = " + std::to_string(time_index) +
                                       ": beyond the output times");
                }
                return r.sketch.percentile(time_index, percent, r.n_subjects);
            },
            "time_index"_a, "percent"_a,
            "A percentile (mg/L) read from the histogram (within 1/128 relative of the exact "
            "one, or 2^-30 mg/L below the lowest bin).")
        .def(py::pickle([](const PopulationResult& r) { return result_state(r); },
                        [](const py::tuple& s) { return result_from_state(s); }));
    m.attr("SKETCH_RELATIVE_ERROR") = kSketchRelativeError;
    m.attr("SKETCH_FLOOR") = kSketchFloorMgPerL;
    m.def(
        "merge_populations",
        [](const std::vector<PopulationResult>& chunks) { return merge_populations(chunks); },
        "chunks"_a, "Joins consecutive chunks into the result of the whole run (same bits).");
}

}  // namespace

void register_population(py::module_& m) {
    register_population_inputs(m);
    register_population_result(m);
    m.def(
        "simulate_population",
        [](const Population& population, std::size_t n, const OutputTimes& times,
           std::uint64_t seed, std::size_t first_subject, unsigned threads, bool keep_curves,
           bool keep_nca, const SimulationOptions& options, const py::object& progress) {
            PopulationOptions o;
            o.seed = seed;
            o.first_subject = first_subject;
            o.threads = threads;
            o.keep_curves = keep_curves;
            o.keep_nca = keep_nca;
            o.simulation = options;
            o.progress = python_progress(progress);
            // Copied with the GIL held, so another thread changing the population (or its model)
            // while the workers run can never tear a result.
            const Population snapshot = population;
            const OutputTimes times_snapshot = times;
            py::gil_scoped_release release;
            return simulate_population(snapshot, n, times_snapshot, o);
        },
        "population"_a, "n"_a, "times"_a, "seed"_a, "first_subject"_a = 0, "threads"_a = 0,
        "keep_curves"_a = false, "keep_nca"_a = true, "options"_a = SimulationOptions{},
        "progress"_a = py::none(),
        "Simulates subjects [first_subject, first_subject + n) on `threads` threads (0: every "
        "core) with the GIL released. progress(completed, started) is called about every 50 ms "
        "on this thread; Ctrl-C (or an exception from progress) stops the workers.");
}

}  // namespace pkengine::python
