#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "pkengine/dataset.hpp"
#include "pkengine/detail/csv.hpp"
#include "pkengine/detail/exact_solver.hpp"
#include "pkengine/detail/ode_solver.hpp"
#include "pkengine/detail/system.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

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
    detail::Layout layout;
    detail::Timeline timeline;
    std::vector<detail::ExactSystem> systems;
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

std::string route_field(const DatasetRecord& record) {
    return record.cmt != 0 ? "CMT = " + std::to_string(record.cmt)
                           : "ROUTE = " + std::string(route_name(record.event.route));
}

bool swallows(const Model& model, Route route) {
    return (route == Route::Intranasal || route == Route::Sublingual) && model.has_route(route) &&
           model.absorption(route).fraction_swallowed > 0.0;
}

/// Model-dependent checks of one dose record, naming its line and column.
void check_record(const Model& model, const Dataset& data, const DatasetRecord& record) {
    const DoseEvent& e = record.event;
    const std::string route(route_name(e.route));
    if (!model.has_route(e.route)) {
        throw InvalidInput(at(data, record) + ": " + route_field(record) +
                           ": the model has no absorption parameters for the " + route + " route");
    }
    if (swallows(model, e.route) && !model.has_route(Route::Oral)) {
        throw InvalidInput(at(data, record) + ": " + route_field(record) + ": the " + route +
                           " route swallows a fraction, and the model has no oral route");
    }
    const ModelledInfusion& modelled = model.modelled_infusion(e.route);
    if (e.rate_source == RateSource::ModelledRate && !(modelled.rate_mg_per_h > 0.0)) {
        throw InvalidInput(at(data, record) + ": RATE = -1: the " + route +
                           " route has no modelled rate (an R_ column or the model sets it)");
    }
    if (e.rate_source == RateSource::ModelledDuration && !(modelled.duration_h > 0.0)) {
        throw InvalidInput(at(data, record) + ": RATE = -2: the " + route +
                           " route has no modelled duration (a D_ column or the model sets it)");
    }
}

/// Depots for every route the ID doses by (and the oral depot for swallowed fractions).
detail::Layout subject_layout(const Dataset& data, const DatasetSubject& subject,
                              const PreparedSubject& p) {
    std::vector<DoseEvent> routes;
    for (std::size_t i = 0; i < subject.records.size(); ++i) {
        const DoseEvent& e = subject.records[i].event;
        if (e.kind != EventKind::Dose && e.kind != EventKind::ResetAndDose) continue;
        const Model& model =
            *p.record_models.models[static_cast<std::size_t>(p.record_models.model_of_record[i])];
        check_record(model, data, subject.records[i]);
        routes.push_back(DoseEvent::bolus(0.0, 0.0, e.route));
        if (swallows(model, e.route)) routes.push_back(DoseEvent::bolus(0.0, 0.0, Route::Oral));
    }
    return detail::make_layout(*p.record_models.models.back(), routes);
}

/// "events[i]" in an engine message becomes the record's file and line.
std::string relabel(std::string message, const Dataset& data, const DatasetSubject& subject) {
    const std::string key = "events[";
    const std::size_t start = message.find(key);
    if (start == std::string::npos) return data.source() + ": ID " + subject.id + ": " + message;
    const std::size_t end = message.find(']', start);
    const std::size_t index = std::stoul(message.substr(start + key.size(), end - start));
    const std::string where = index < subject.records.size() ? at(data, subject.records[index])
                                                             : data.source() + ": ID " + subject.id;
    return where + ": " +
           message.substr(end + 1 < message.size() && message[end + 1] == '.' ? end + 2 : end + 1);
}

PreparedSubject prepare(const Model& model, const Dataset& data, std::size_t index,
                        FChoice bioavailability) {
    if (index >= data.subjects().size()) {
        detail::fail(
            "subject", static_cast<double>(index),
            "no such subject (the dataset has " + std::to_string(data.subjects().size()) + ")");
    }
    const DatasetSubject& subject = data.subjects()[index];
    PreparedSubject p;
    build_models(model, data, subject, p);
    try {
        p.layout = subject_layout(data, subject, p);
        p.timeline = detail::build_timeline(p.record_models, p.layout, p.events, bioavailability);
        for (const Model& m : p.models) {
            p.systems.push_back({detail::system_matrix(m, p.layout), m.disposition().v1()});
        }
    } catch (const InvalidInput& e) {
        const std::string message = e.what();
        if (message.rfind(data.source(), 0) == 0) throw;
        throw InvalidInput(relabel(message, data, subject));
    }
    return p;
}

/// The exact path when every model of the run is linear and its state fits that path; the ODE
/// path (default tolerances and stepper choice) otherwise, as simulate() chooses by default.
bool takes_exact_path(const std::vector<const Model*>& models, const detail::Layout& layout) {
    if (layout.n_states > detail::kMaxExactStates) return false;
    return std::all_of(models.begin(), models.end(),
                       [](const Model* model) { return model->is_linear(); });
}

/// Runs a timeline built with `models` on the path they take.
void run_path(const std::vector<const Model*>& models,
              const std::vector<detail::ExactSystem>& systems, const detail::Layout& layout,
              const detail::Timeline& timeline, const std::vector<double>& times,
              const std::vector<long>& order, Result& result) {
    if (takes_exact_path(models, layout)) {
        result.solver = "exact";
        result.stepper = "matrix_exponential";
        detail::run_exact(systems, layout, timeline, times, order, result);
    } else {
        detail::run_ode(models, layout, timeline, times, order, SimulationOptions{}, result);
    }
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
    Result result;
    run_path(p.record_models.models, p.systems, p.layout, p.timeline, times, order, result);

    SubjectResult out;
    out.id = subject.id;
    out.times_h = times;
    out.concentration_mg_per_l = std::move(result.concentration_mg_per_l);
    out.amounts_mg = std::move(result.amounts_mg);
    out.state_names = p.layout.names;
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

}  // namespace

void check_subject(const Model& model, const Dataset& data, std::size_t subject) {
    prepare(model, data, subject, FChoice::Nominal);
}

SubjectResult simulate_subject(const Model& model, const Dataset& data, std::size_t subject,
                               const DatasetOptions& options) {
    const PreparedSubject p = prepare(model, data, subject, options.bioavailability);
    return run(p, data, subject, options);
}

std::vector<SubjectResult> simulate_dataset(const Model& model, const Dataset& data,
                                            const DatasetOptions& options) {
    // Every ID is built (and so checked) before any is simulated.
    std::vector<PreparedSubject> prepared;
    prepared.reserve(data.subjects().size());
    for (std::size_t i = 0; i < data.subjects().size(); ++i) {
        prepared.push_back(prepare(model, data, i, options.bioavailability));
    }
    std::vector<SubjectResult> results;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        results.push_back(run(prepared[i], data, i, options));
    }
    return results;
}

Result simulate_records(const Model& model, const std::vector<DoseEvent>& records,
                        FChoice bioavailability) {
    validate_events(records);
    const detail::Layout layout = detail::make_layout(model, records);
    const detail::Timeline timeline =
        detail::build_timeline(model, layout, records, bioavailability);
    Result result;
    std::vector<long> order;
    for (std::size_t i = 0; i < records.size(); ++i) {
        result.times_h.push_back(records[i].time_h);
        order.push_back(static_cast<long>(i) + 1);
    }
    result.state_names = layout.names;
    result.v1_l = model.disposition().v1();
    const std::vector<detail::ExactSystem> systems{
        {detail::system_matrix(model, layout), result.v1_l}};
    run_path({&model}, systems, layout, timeline, result.times_h, order, result);
    return result;
}

}  // namespace pkengine
