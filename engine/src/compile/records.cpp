// The record checks of the compile step, and how their messages name a record.
#include <string>

#include "compile.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

std::string RecordNames::record(std::size_t i) const {
    if (dataset()) return m_where[i];
    return "events[" + std::to_string(i) + "]";
}

std::string RecordNames::field(std::size_t i, std::string_view name,
                               std::string_view column) const {
    if (dataset()) return m_where[i] + ": " + std::string(column);
    return record(i) + "." + std::string(name);
}

std::string RecordNames::route(std::size_t i, Route route) const {
    if (!dataset()) return record(i) + ".route = " + std::string(route_name(route));
    if (m_cmt[i] != 0) return m_where[i] + ": CMT = " + std::to_string(m_cmt[i]);
    return m_where[i] + ": ROUTE = " + std::string(route_name(route));
}

std::string RecordNames::compartment(std::size_t i, int number) const {
    if (dataset()) return m_where[i] + ": CMT = " + std::to_string(number);
    return record(i) + ".compartment = " + std::to_string(number);
}

std::string RecordNames::modelled(std::size_t i, const DoseEvent& e) const {
    const std::string route(route_name(e.route));
    const bool rate = e.rate_source == RateSource::ModelledRate;
    const int number = dataset() ? m_cmt[i] : e.compartment;
    if (dataset()) {
        return m_where[i] + (rate ? ": RATE = -1" : ": RATE = -2") + ": " +
               (number > 0 ? "compartment " + std::to_string(number) : "the " + route + " route");
    }
    return record(i) + ".rate_source = " +
           (rate ? "modelled rate (RATE = -1)" : "modelled duration (RATE = -2)") + ": " +
           (number > 0 ? "compartment " + std::to_string(number) : "route " + route);
}

std::string RecordNames::modelled_hint(RateSource source) const {
    if (!dataset()) return "(Model::set_modelled_infusion or set_compartment_dosing)";
    return source == RateSource::ModelledRate ? "(an R<n> or R_ column or the model sets it)"
                                              : "(a D<n> or D_ column or the model sets it)";
}

namespace {

void check_modelled(const ModelledInfusion& modelled, const DoseEvent& e, std::size_t i,
                    const RecordNames& names) {
    if (e.rate_source == RateSource::ModelledRate && !(modelled.rate_mg_per_h > 0.0)) {
        throw InvalidInput(names.modelled(i, e) + " has no modelled rate " +
                           names.modelled_hint(e.rate_source));
    }
    if (e.rate_source == RateSource::ModelledDuration && !(modelled.duration_h > 0.0)) {
        throw InvalidInput(names.modelled(i, e) + " has no modelled duration " +
                           names.modelled_hint(e.rate_source));
    }
}

}  // namespace

void check_dose_record(const Model& model, const DoseEvent& e, std::size_t i,
                       const RecordNames& names) {
    const std::string route(route_name(e.route));
    if (!model.has_route(e.route)) {
        throw InvalidInput(names.route(i, e.route) +
                           ": the model has no absorption parameters for the " + route + " route");
    }
    if (swallows(model, e.route) && !model.has_route(Route::Oral)) {
        throw InvalidInput(names.route(i, e.route) + ": the " + route +
                           " route swallows a fraction, and the model has no oral route");
    }
    check_modelled(model.modelled_infusion(e.route), e, i, names);
}

namespace {

/// An other-type record turning compartment -CMT off: it must exist and receive no drug from
/// another compartment (pkengine empties it; it does not remove flows from the model).
void check_turn_off(const Model& model, const DoseEvent& e, std::size_t i,
                    const RecordNames& names) {
    const int number = -e.compartment;
    const std::vector<Compartment> table = model.compartments();
    if (number > static_cast<int>(table.size())) {
        throw InvalidInput(names.compartment(i, e.compartment) + ": the model has no compartment " +
                           std::to_string(number) + " to turn off (its compartments: " +
                           detail::compartment_list(table) + ")");
    }
    const Compartment& c = table[static_cast<std::size_t>(number - 1)];
    if (!receives_drug(model, c)) return;
    throw InvalidInput(
        names.compartment(i, e.compartment) + ": turning compartment " + std::to_string(number) +
        " (" + c.name +
        ") off is not supported: pkengine keeps a compartment that receives drug from another on "
        "(its flows would have to be removed from the model); only a compartment without inflow "
        "can be turned off, by emptying it (a depot without a transit chain, the first transit "
        "compartment of a chain, a general linear model's compartment without incoming "
        "transfers)");
}

}  // namespace

std::vector<DoseEvent> resolve_compartments(const RecordModels& models,
                                            const std::vector<DoseEvent>& events,
                                            const RecordNames& names) {
    std::vector<DoseEvent> resolved = events;
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        DoseEvent& e = resolved[i];
        const bool doses = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
        const Model& model = *models.models[static_cast<std::size_t>(models.model_of_record[i])];
        if (e.kind == EventKind::Other && e.compartment < 0) check_turn_off(model, e, i, names);
        if (e.compartment == 0 || !doses) continue;
        const std::vector<Compartment> table = model.compartments();
        if (e.compartment > static_cast<int>(table.size())) {
            model.compartment(e.compartment, names.field(i, "compartment", "CMT"));  // throws
        }
        const Compartment& c = table[static_cast<std::size_t>(e.compartment - 1)];
        if (c.kind == CompartmentKind::Central || c.kind == CompartmentKind::Depot) {
            e.route = c.kind == CompartmentKind::Depot ? c.route
                      : e.is_infusion()                ? Route::IvInfusion
                                                       : Route::IvBolus;
            e.compartment = 0;
            continue;
        }
        if (c.kind == CompartmentKind::Transit && !model.has_route(c.route)) {
            throw InvalidInput(names.compartment(i, e.compartment) + ": " + c.name +
                               " empties into the " + std::string(route_name(c.route)) +
                               " depot, and the model has no absorption parameters for the " +
                               std::string(route_name(c.route)) + " route");
        }
        check_modelled(model.compartment_dosing(c).modelled, e, i, names);
    }
    return resolved;
}

void check_dose_record(const DoseRouting& routing, const DoseEvent& e, std::size_t i,
                       const RecordNames& names) {
    if (e.kind == EventKind::Other) {
        if (e.compartment < 0) {
            throw InvalidInput(names.compartment(i, e.compartment) +
                               ": a custom model has no numbered compartments to turn off");
        }
        return;
    }
    if (e.compartment != 0) {
        throw InvalidInput(names.compartment(i, e.compartment) +
                           ": a custom model takes doses by route, not by compartment number");
    }
    if (routing[static_cast<std::size_t>(e.route)].compartment < 0) {
        throw InvalidInput(names.route(i, e.route) +
                           ": the model has no dose target for this route");
    }
    check_modelled(ModelledInfusion{}, e, i, names);
}

}  // namespace pkengine::detail
