#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "compile.hpp"
#include "pkengine/dataset.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "run.hpp"

namespace pkengine {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One reported row: a record (order = its index + 1, so after its own action) or a grid point
/// (order max, after every same-time record).
struct Output {
    double time_h;
    long order;
    int evid;
    long line;
    double amount_mg;
    double dv;
    std::size_t record;  // the record whose covariates the row carries
};

/// Everything one ID needs before its run, built (and so checked) before any ID runs.
struct PreparedSubject {
    std::vector<Model> models;
    detail::RecordModels record_models;
    std::vector<DoseEvent> events;
    detail::Problem problem;
};

std::string at(const Dataset& data, const DatasetRecord& record) {
    return data.source() + ":" + std::to_string(record.line);
}

/// The base model changed by the parameter columns from their records on.
void build_models(const Model& base, const Dataset& data, const DatasetSubject& subject,
                  PreparedSubject& p) {
    const auto& columns = data.parameter_columns();
    std::vector<double> current(columns.size(), kNaN);
    p.models.push_back(base);
    for (const DatasetRecord& record : subject.records) {
        Model next = p.models.back();
        bool changed = false;
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const double value = record.parameters[k];
            if (std::isnan(value) || value == current[k]) continue;
            try {
                next = with_parameter(next, columns[k], value, columns[k].name);
            } catch (const InvalidInput& e) {
                throw InvalidInput(at(data, record) + ": " + e.what());
            }
            current[k] = value;
            changed = true;
        }
        if (changed) p.models.push_back(std::move(next));
        p.record_models.model_of_record.push_back(static_cast<int>(p.models.size()) - 1);
        p.events.push_back(record.event);
    }
    for (const Model& model : p.models) p.record_models.models.push_back(&model);
}

/// Names the subject's records by file and line, and their route by the CMT or ROUTE column.
detail::RecordNames record_names(const Dataset& data, const DatasetSubject& subject) {
    std::vector<std::string> where;
    std::vector<int> cmt;
    for (const DatasetRecord& record : subject.records) {
        where.push_back(at(data, record));
        cmt.push_back(record.cmt);
    }
    return {std::move(where), std::move(cmt)};
}

PreparedSubject prepare(const Model& model, const Dataset& data, std::size_t index,
                        FChoice bioavailability, std::size_t max_actions) {
    if (index >= data.subjects().size()) {
        detail::fail(
            "subject", static_cast<double>(index),
            "no such subject (the dataset has " + std::to_string(data.subjects().size()) + ")");
    }
    const DatasetSubject& subject = data.subjects()[index];
    try {
        check_parameter_columns(model, data.parameter_columns());
    } catch (const InvalidInput& e) {
        throw InvalidInput(data.source() + ": " + e.what());
    }
    PreparedSubject p;
    build_models(model, data, subject, p);
    try {
        detail::check_implied_actions(model, p.events, max_actions);
    } catch (const InvalidInput& e) {
        throw InvalidInput(data.source() + ": ID " + subject.id + ": " + e.what());
    }
    p.problem =
        detail::compile(p.record_models, p.events, bioavailability, record_names(data, subject));
    return p;
}

/// The number of rows outputs_of() gives, counted without building them.
std::size_t output_count(const DatasetSubject& subject, const DatasetOptions& options) {
    const std::size_t records = subject.records.size();
    if (!(options.grid_step_h > 0.0) || records == 0) return records;
    const double start = subject.records.front().event.time_h;
    const double end =
        options.grid_end_h > 0.0 ? options.grid_end_h : subject.records.back().event.time_h;
    // As OutputTimes::uniform counts its points.
    const double intervals =
        std::floor((std::max(start, end) - start) / options.grid_step_h + 1e-6);
    return records + static_cast<std::size_t>(std::min(intervals, 1e15)) + 1;
}

std::vector<Output> outputs_of(const DatasetSubject& subject, const DatasetOptions& options) {
    std::vector<Output> records;
    for (std::size_t i = 0; i < subject.records.size(); ++i) {
        const DatasetRecord& r = subject.records[i];
        records.push_back({r.event.time_h, static_cast<long>(i) + 1, static_cast<int>(r.event.kind),
                           r.line, r.event.amount_mg, r.dv, i});
    }
    if (!(options.grid_step_h > 0.0) || records.empty()) return records;
    const double start = records.front().time_h;
    const double end = options.grid_end_h > 0.0 ? options.grid_end_h : records.back().time_h;
    const OutputTimes grid = OutputTimes::uniform(start, std::max(start, end), options.grid_step_h);
    std::vector<Output> all;
    std::size_t next = 0;
    for (double t : grid.times()) {
        while (next < records.size() && records[next].time_h <= t) all.push_back(records[next++]);
        all.push_back(
            {t, std::numeric_limits<long>::max(), 2, 0, 0.0, kNaN, next > 0 ? next - 1 : 0});
    }
    while (next < records.size()) all.push_back(records[next++]);
    return all;
}

SubjectResult run(const PreparedSubject& p, const Dataset& data, std::size_t index,
                  const DatasetOptions& options) {
    const DatasetSubject& subject = data.subjects()[index];
    const std::vector<Output> outputs = outputs_of(subject, options);
    std::vector<double> times;
    std::vector<long> order;
    for (const Output& o : outputs) {
        times.push_back(o.time_h);
        order.push_back(o.order);
    }
    Result result = detail::run(p.problem, times, order, options.simulation);

    SubjectResult out;
    out.id = subject.id;
    out.times_h = std::move(result.times_h);
    out.concentration_mg_per_l = std::move(result.concentration_mg_per_l);
    out.metabolite_concentration_mg_per_l = std::move(result.metabolite_concentration_mg_per_l);
    out.amounts_mg = std::move(result.amounts_mg);
    out.state_names = std::move(result.state_names);
    out.solver = result.solver;
    out.stepper = result.stepper;
    out.steps = result.steps;
    out.rejected_steps = result.rejected_steps;
    const auto n_cov = static_cast<Eigen::Index>(data.covariate_names().size());
    out.covariates.resize(static_cast<Eigen::Index>(outputs.size()), n_cov);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const Output& o = outputs[i];
        out.evid.push_back(o.evid);
        out.line.push_back(o.line);
        out.amount_mg.push_back(o.amount_mg);
        out.dv.push_back(o.dv);
        const auto& cov = subject.records[o.record].covariates;
        for (Eigen::Index c = 0; c < n_cov; ++c) {
            out.covariates(static_cast<Eigen::Index>(i), c) = cov[static_cast<std::size_t>(c)];
        }
    }
    return out;
}

/// A grid step or end that is negative or not finite is a mistake, not "no grid".
void check_grid(const DatasetOptions& options) {
    detail::require_non_negative(options.grid_step_h, "grid_step_h");
    detail::require_non_negative(options.grid_end_h, "grid_end_h");
}

}  // namespace

void check_subject(const Model& model, const Dataset& data, std::size_t subject) {
    prepare(model, data, subject, FChoice::Nominal, kDefaultMaxActions);
}

std::size_t check_subject(const Model& model, const Dataset& data, std::size_t subject,
                          const DatasetOptions& options) {
    options.simulation.validate();
    check_grid(options);
    const PreparedSubject p = prepare(model, data, subject, options.simulation.bioavailability,
                                      options.simulation.max_actions);
    return output_count(data.subjects()[subject], options) *
           static_cast<std::size_t>(p.problem.layout.n_states);
}

void check_dataset_output_values(const Dataset& data, double values,
                                 std::size_t max_output_values) {
    if (values <= static_cast<double>(max_output_values)) return;
    throw InvalidInput(data.source() + ": the results of its " +
                       std::to_string(data.subjects().size()) + " IDs would hold " +
                       detail::format_value(values) +
                       " values (rows x states), more than max_output_values = " +
                       std::to_string(max_output_values) +
                       ": use a coarser grid (grid_step_h) or fewer IDs, or raise "
                       "max_output_values");
}

SubjectResult simulate_subject(const Model& model, const Dataset& data, std::size_t subject,
                               const DatasetOptions& options) {
    options.simulation.validate();
    check_grid(options);
    const PreparedSubject p = prepare(model, data, subject, options.simulation.bioavailability,
                                      options.simulation.max_actions);
    detail::check_output_values(output_count(data.subjects()[subject], options),
                                static_cast<std::size_t>(p.problem.layout.n_states),
                                options.simulation.max_output_values);
    return run(p, data, subject, options);
}

std::vector<SubjectResult> simulate_dataset(const Model& model, const Dataset& data,
                                            const DatasetOptions& options) {
    options.simulation.validate();
    check_grid(options);
    // Every ID is built (and so checked) before any is simulated.
    std::vector<PreparedSubject> prepared;
    prepared.reserve(data.subjects().size());
    for (std::size_t i = 0; i < data.subjects().size(); ++i) {
        prepared.push_back(prepare(model, data, i, options.simulation.bioavailability,
                                   options.simulation.max_actions));
    }
    // Subjects x outputs: the whole result is bounded before any ID is simulated.
    double values = 0.0;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        values += static_cast<double>(output_count(data.subjects()[i], options)) *
                  prepared[i].problem.layout.n_states;
    }
    check_dataset_output_values(data, values, options.simulation.max_output_values);
    std::vector<SubjectResult> results;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        results.push_back(run(prepared[i], data, i, options));
    }
    return results;
}

Result simulate_records(const Model& model, const std::vector<DoseEvent>& records,
                        FChoice bioavailability) {
    validate_events(records);
    detail::check_implied_actions(model, records, kDefaultMaxActions);
    const detail::Problem problem = detail::compile(model, records, bioavailability);
    std::vector<double> times;
    std::vector<long> order;
    for (std::size_t i = 0; i < records.size(); ++i) {
        times.push_back(records[i].time_h);
        order.push_back(static_cast<long>(i) + 1);
    }
    SimulationOptions options;
    options.bioavailability = bioavailability;
    return detail::run(problem, std::move(times), order, options);
}

}  // namespace pkengine
