#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

#include <pkengine/dataset.hpp>
#include <pkengine/errors.hpp>

#include "numpy_view.hpp"
#include "register.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace pkengine::python {

namespace {

void register_records(py::module_& m) {
    py::class_<DatasetRecord>(m, "DatasetRecord", "One record of a dataset.")
        .def_readonly("line", &DatasetRecord::line, "Line number in the file.")
        .def_readonly("event", &DatasetRecord::event)
        .def_readonly("cmt", &DatasetRecord::cmt)
        .def_readonly("dv", &DatasetRecord::dv)
        .def_readonly("parameters", &DatasetRecord::parameters)
        .def_readonly("covariates", &DatasetRecord::covariates);
    py::class_<DatasetSubject>(m, "DatasetSubject", "The records of one ID.")
        .def_readonly("id", &DatasetSubject::id)
        .def_readonly("records", &DatasetSubject::records);
    py::class_<Dataset>(m, "Dataset", "A NONMEM-format dataset, read and validated as a whole.")
        .def_static("read_csv", &Dataset::read_csv, "path"_a, "Reads and validates a CSV file.")
        .def_static(
            "parse_csv",
            [](const std::string& text, const std::string& source) {
                return Dataset::parse_csv(text, source);
            },
            "text"_a, "source"_a = "<text>", "Parses and validates CSV text.")
        .def_property_readonly("source", &Dataset::source)
        .def_property_readonly("subjects", &Dataset::subjects)
        .def_property_readonly("covariate_names", &Dataset::covariate_names)
        .def_property_readonly("parameter_names",
                               [](const Dataset& d) {
                                   std::vector<std::string> names;
                                   for (const auto& p : d.parameter_columns()) {
                                       names.push_back(p.name);
                                   }
                                   return names;
                               })
        .def("__len__", [](const Dataset& d) { return d.subjects().size(); });
}

void register_csv_table(py::module_& m) {
    py::class_<CsvTable>(m, "CsvTable",
                         "Any CSV file as text cells, read the way datasets are (byte-order mark "
                         "skipped, UTF-8 checked, '#' comment lines skipped).")
        .def_static("read", &CsvTable::read, "path"_a, "Reads a CSV file.")
        .def_static(
            "parse",
            [](const std::string& text, const std::string& source) {
                return CsvTable::parse(text, source);
            },
            "text"_a, "source"_a = "<text>", "Parses CSV text.")
        .def_readonly("source", &CsvTable::source)
        .def_readonly("columns", &CsvTable::columns, "The header's cells.")
        .def_readonly("rows", &CsvTable::rows, "The cells of each row.")
        .def_readonly("lines", &CsvTable::lines, "The line number of each row in the file.");
}

void register_subject_result(py::module_& m) {
    py::class_<SubjectResult>(m, "SubjectResult", "The simulation of one ID (h, mg, mg/L).")
        .def_readonly("id", &SubjectResult::id)
        .def_readonly("times", &SubjectResult::times_h, "Row times (h).")
        .def_readonly("evid", &SubjectResult::evid)
        .def_readonly("line", &SubjectResult::line)
        .def_readonly("amount", &SubjectResult::amount_mg, "AMT of each row (mg).")
        .def_readonly("dv", &SubjectResult::dv)
        .def_readonly("state_names", &SubjectResult::state_names)
        .def_property_readonly(
            "concentration",
            [](py::object self) {
                const auto& r = self.cast<const SubjectResult&>();
                return view(self, r.concentration_mg_per_l.data(),
                            {r.concentration_mg_per_l.size()});
            },
            "Plasma concentration (mg/L), read-only numpy view.")
        .def_property_readonly(
            "metabolite_concentration",
            [](py::object self) -> py::object {
                const auto& r = self.cast<const SubjectResult&>();
                if (r.metabolite_concentration_mg_per_l.size() == 0) return py::none();
                return view(self, r.metabolite_concentration_mg_per_l.data(),
                            {r.metabolite_concentration_mg_per_l.size()});
            },
            "The metabolite's concentration (mg/L), read-only numpy view; None when the model "
            "has no metabolite.")
        .def_property_readonly(
            "amounts",
            [](py::object self) {
                const auto& r = self.cast<const SubjectResult&>();
                return view(self, r.amounts_mg.data(), {r.amounts_mg.rows(), r.amounts_mg.cols()});
            },
            "Amount in every state (mg), rows x states, read-only numpy view.")
        .def_property_readonly(
            "covariates",
            [](py::object self) {
                const auto& r = self.cast<const SubjectResult&>();
                return view(self, r.covariates.data(), {r.covariates.rows(), r.covariates.cols()});
            },
            "Covariates of every row, rows x covariates, read-only numpy view.")
        .def_property_readonly(
            "solver",
            [](const SubjectResult& r) { return std::string(solver_path_name(r.solver)); },
            "'exact' or 'ode'.")
        .def_property_readonly(
            "stepper", [](const SubjectResult& r) { return std::string(stepper_name(r.stepper)); },
            "'matrix_exponential', 'dormand_prince5' or 'rosenbrock4'.")
        .def_readonly("steps", &SubjectResult::steps,
                      "Propagation steps (exact path) or accepted steps (ODE path).")
        .def_readonly("rejected_steps", &SubjectResult::rejected_steps,
                      "ODE path: steps rejected by the error control.");
}

void register_writer(py::module_& m) {
    py::class_<SubjectSchedule>(m, "SubjectSchedule",
                                "One subject for the dataset writer: records, observation times "
                                "(h) and constant covariates.")
        .def(py::init([](const std::string& id, std::vector<DoseEvent> events,
                         std::vector<double> times,
                         std::vector<std::pair<std::string, double>> covariates) {
                 return SubjectSchedule{id, std::move(events), std::move(times),
                                        std::move(covariates)};
             }),
             "id"_a, "events"_a, "observation_times"_a = std::vector<double>{},
             "covariates"_a = std::vector<std::pair<std::string, double>>{})
        .def_readonly("id", &SubjectSchedule::id)
        .def_readonly("events", &SubjectSchedule::events)
        .def_readonly("observation_times", &SubjectSchedule::observation_times_h)
        .def_readonly("covariates", &SubjectSchedule::covariates);
    m.def("to_nonmem_csv", &to_nonmem_csv, "subjects"_a,
          "The subjects as NONMEM-format CSV text (numbers read back exactly).");
    m.def("write_nonmem_csv", &write_nonmem_csv, "path"_a, "subjects"_a);
}

}  // namespace

void register_dataset(py::module_& m) {
    register_records(m);
    register_csv_table(m);
    register_subject_result(m);
    register_writer(m);
    m.def(
        "cmt_table",
        [](const std::optional<Model>& model) {
            std::vector<std::tuple<int, std::string, std::string>> rows;
            for (const CmtEntry& e : model ? pkengine::cmt_table(*model) : pkengine::cmt_table()) {
                rows.emplace_back(e.cmt, e.compartment, e.routes);
            }
            return rows;
        },
        "model"_a = py::none(),
        "The CMT numbering of a model (default: of route-named models): (CMT, compartment, "
        "meaning).");
    m.def("check_subject",
          py::overload_cast<const Model&, const Dataset&, std::size_t>(&check_subject), "model"_a,
          "data"_a, "subject"_a,
          "Checks that the model can simulate every record of subject `subject` (an index).");
    m.def(
        "check_subject",
        [](const Model& model, const Dataset& data, std::size_t subject,
           const SimulationOptions& simulation, double grid_step, double grid_end) {
            return check_subject(model, data, subject,
                                 DatasetOptions{simulation, grid_step, grid_end});
        },
        "model"_a, "data"_a, "subject"_a, "options"_a, "grid_step"_a = 0.0, "grid_end"_a = 0.0,
        "Checks subject `subject` and its implied actions against options.max_actions; returns "
        "the values (rows x states) its result would hold.");
    m.def("check_dataset_output_values", &check_dataset_output_values, "data"_a, "values"_a,
          "max_output_values"_a,
          "Raises ValueError, saying what to change, when the IDs' results would hold more than "
          "max_output_values values in all.");
    m.def(
        "simulate_subject",
        [](const Model& model, const Dataset& data, std::size_t subject,
           const SimulationOptions& simulation, double grid_step, double grid_end) {
            const DatasetOptions options{simulation, grid_step, grid_end};
            const Model snapshot = model;  // copied with the GIL held (see simulate)
            py::gil_scoped_release release;
            return simulate_subject(snapshot, data, subject, options);
        },
        "model"_a, "data"_a, "subject"_a, "options"_a = SimulationOptions{}, "grid_step"_a = 0.0,
        "grid_end"_a = 0.0,
        "Simulates one ID (rows: its records in file order, plus a grid every grid_step h) with "
        "the options' bioavailability, solver path, stepper and tolerances.");
    m.def(
        "simulate_records",
        [](const Model& model, const std::vector<DoseEvent>& records, FChoice bioavailability) {
            const Model snapshot = model;  // copied with the GIL held (see simulate)
            py::gil_scoped_release release;
            return simulate_records(snapshot, records, bioavailability);
        },
        "model"_a, "records"_a, "bioavailability"_a = FChoice::Nominal,
        R"doc(One output per record (h, mg/L), after that record and before later same-time records,
with the given end of each F range.

>>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
>>> records = [pk.DoseEvent(time=0.0, amount=100.0, route="iv_bolus"),
...            pk.DoseEvent(time=2.0, amount=0.0, route="iv_bolus", kind=pk.EventKind.OBSERVATION)]
>>> [round(float(c), 4) for c in pk.simulate_records(model, records).concentration]   # mg/L
[3.3333, 2.2344]
)doc");
}

}  // namespace pkengine::python
