// The compile step: records checked once, the layout made once, its system matrices made once.
#include "compile.hpp"

#include <algorithm>

namespace pkengine::detail {

namespace {

bool doses(const DoseEvent& e) {
    return e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
}

bool turns_off(const DoseEvent& e) {
    return e.kind == EventKind::Other && e.compartment < 0;
}

/// The absorbed routes the records dose by (and the oral route where a dose swallows a
/// fraction), after checking each dose record against the model in effect at it.
UsedRoutes used_routes(const RecordModels& models, const std::vector<DoseEvent>& events,
                       const RecordNames& names) {
    UsedRoutes used{};
    for (std::size_t i = 0; i < events.size(); ++i) {
        const DoseEvent& e = events[i];
        if (!doses(e)) continue;
        const Model& model = *models.models[static_cast<std::size_t>(models.model_of_record[i])];
        if (e.compartment > 0) {
            // Into a compartment that is no route's; a transit compartment needs its chain.
            const Compartment c = model.compartment(e.compartment);
            if (c.kind == CompartmentKind::Transit) {
                used[static_cast<std::size_t>(absorbed_index(c.route))] = true;
            }
            continue;
        }
        check_dose_record(model, e, i, names);
        if (!is_absorbed(e.route)) continue;
        used[static_cast<std::size_t>(absorbed_index(e.route))] = true;
        if (swallows(model, e.route)) {
            used[static_cast<std::size_t>(absorbed_index(Route::Oral))] = true;
        }
    }
    return used;
}

}  // namespace

bool Problem::linear() const {
    return std::none_of(systems.begin(), systems.end(),
                        [](const CompiledSystem& s) { return s.michaelis_menten.has_value(); });
}

OutputMap Problem::output_map() const {
    return {layout.n_amounts, layout.central, systems.front().v1_l, layout.effect_site};
}

std::vector<double> Problem::central_volumes() const {
    std::vector<double> v1;
    v1.reserve(systems.size());
    for (const CompiledSystem& s : systems) v1.push_back(s.v1_l);
    return v1;
}

namespace {

/// compile() of records whose doses into the central compartment and depots are route doses.
Problem compile_resolved(const RecordModels& models, const std::vector<DoseEvent>& events,
                         FChoice choice, const RecordNames& names) {
    const bool numbered = std::any_of(events.begin(), events.end(),
                                      [](const DoseEvent& e) { return e.compartment != 0; });
    Problem p;
    // Parameter changes keep the structure: any model of the run gives the same layout.
    const Model& last = *models.models.back();
    p.layout = make_layout(last, used_routes(models, events, names),
                           std::any_of(events.begin(), events.end(), turns_off));
    std::vector<Dosing> dosings;
    for (const Model* model : models.models) {
        dosings.push_back(dosing(*model, p.layout, numbered));
        p.systems.push_back({system_matrix(*model, p.layout), model->disposition().v1(),
                             model->michaelis_menten()});
    }
    p.timeline = build_timeline(dosings, models.model_of_record, events, choice, names);
    const Model& first = *models.models.front();
    if (const auto& m = first.metabolite()) {
        p.metabolite_v_l = m->v_l;
        p.metabolite_mass_ratio = m->molar_mass_ratio;
    }
    if (const auto& s = first.linear_structure(); s && !s->metabolite.empty()) {
        p.metabolite_v_l =
            s->compartments[static_cast<std::size_t>(s->index(s->metabolite))].volume_l;
    }
    if (const auto& effect = first.effect_compartment(); effect && effect->response) {
        p.response = *effect->response;
    }
    return p;
}

}  // namespace

Problem compile(const RecordModels& models, const std::vector<DoseEvent>& events, FChoice choice,
                const RecordNames& names) {
    const bool numbered = std::any_of(events.begin(), events.end(),
                                      [](const DoseEvent& e) { return e.compartment != 0; });
    if (!numbered) return compile_resolved(models, events, choice, names);
    return compile_resolved(models, resolve_compartments(models, events, names), choice, names);
}

Problem compile(const Model& model, const std::vector<DoseEvent>& events, FChoice choice) {
    const RecordModels models{{&model}, std::vector<int>(events.size(), 0)};
    return compile(models, events, choice, RecordNames{});
}

}  // namespace pkengine::detail
