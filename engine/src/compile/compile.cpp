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

/// Everything of `p` after its layout, for records whose doses into the central compartment and
/// depots are route doses: each model's dosing and system, the timeline, the metabolite's
/// volume and the response. Written in place: `dosings`, `builder` and `p` keep their buffers.
void fill_problem(const RecordModels& models, const std::vector<DoseEvent>& events, FChoice choice,
                  const RecordNames& names, std::vector<Dosing>& dosings, TimelineBuilder& builder,
                  Problem& p) {
    const bool numbered = std::any_of(events.begin(), events.end(),
                                      [](const DoseEvent& e) { return e.compartment != 0; });
    const std::size_t n_models = models.models.size();
    dosings.resize(n_models);
    p.systems.resize(n_models);
    for (std::size_t k = 0; k < n_models; ++k) {
        const Model& model = *models.models[k];
        dosing(model, p.layout, numbered, dosings[k]);
        CompiledSystem& system = p.systems[k];
        system_matrix(model, p.layout, system.a);
        system.v1_l = model.disposition().v1();
        system.michaelis_menten = model.michaelis_menten();
    }
    builder.build(dosings, models.model_of_record, events, choice, names, p.timeline);
    const Model& first = *models.models.front();
    p.metabolite_v_l.reset();
    p.metabolite_mass_ratio = 1.0;
    if (const auto& m = first.metabolite()) {
        p.metabolite_v_l = m->v_l;
        p.metabolite_mass_ratio = m->molar_mass_ratio;
    }
    if (const auto& s = first.linear_structure(); s && !s->metabolite.empty()) {
        p.metabolite_v_l =
            s->compartments[static_cast<std::size_t>(s->index(s->metabolite))].volume_l;
    }
    p.response.reset();
    if (const auto& effect = first.effect_compartment(); effect && effect->response) {
        p.response = *effect->response;
    }
}

/// compile() of records whose doses into the central compartment and depots are route doses.
Problem compile_resolved(const RecordModels& models, const std::vector<DoseEvent>& events,
                         FChoice choice, const RecordNames& names) {
    Problem p;
    // Parameter changes keep the structure: any model of the run gives the same layout.
    const Model& last = *models.models.back();
    p.layout = make_layout(last, used_routes(models, events, names),
                           std::any_of(events.begin(), events.end(), turns_off));
    std::vector<Dosing> dosings;
    TimelineBuilder builder;
    fill_problem(models, events, choice, names, dosings, builder, p);
    return p;
}

bool numbers_compartments(const std::vector<DoseEvent>& events) {
    return std::any_of(events.begin(), events.end(),
                       [](const DoseEvent& e) { return e.compartment != 0; });
}

}  // namespace

Problem compile(const RecordModels& models, const std::vector<DoseEvent>& events, FChoice choice,
                const RecordNames& names) {
    if (!numbers_compartments(events)) return compile_resolved(models, events, choice, names);
    return compile_resolved(models, resolve_compartments(models, events, names), choice, names);
}

Problem compile(const Model& model, const std::vector<DoseEvent>& events, FChoice choice) {
    const RecordModels models{{&model}, std::vector<int>(events.size(), 0)};
    return compile(models, events, choice, RecordNames{});
}

const Problem& Recompiler::compile(const Model& model, const std::vector<DoseEvent>& events,
                                   FChoice choice) {
    if (!m_compiled) {
        m_problem = detail::compile(model, events, choice);
        m_compiled = true;
        return m_problem;
    }
    m_models.models.assign(1, &model);
    m_models.model_of_record.assign(events.size(), 0);
    const RecordNames names;
    if (numbers_compartments(events)) {
        fill_problem(m_models, resolve_compartments(m_models, events, names), choice, names,
                     m_dosings, m_builder, m_problem);
    } else {
        fill_problem(m_models, events, choice, names, m_dosings, m_builder, m_problem);
    }
    return m_problem;
}

}  // namespace pkengine::detail
