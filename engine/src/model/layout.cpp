#include "layout.hpp"

#include <algorithm>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

int add_state(Layout& layout, std::string name) {
    layout.names.push_back(std::move(name));
    return layout.n_amounts++;
}

void add_routes(const Model& model, const UsedRoutes& used, Layout& layout) {
    for (std::size_t r = 0; r < kAbsorbedRoutes.size(); ++r) {
        if (!used[r]) continue;
        const std::string route(route_name(kAbsorbedRoutes[r]));
        if (const auto transit = model.transit(kAbsorbedRoutes[r])) {
            layout.n_transit[r] = transit->count + 1;
            layout.entry[r] = layout.n_amounts;
            for (int k = 0; k <= transit->count; ++k) {
                add_state(layout, "transit_" + route + "_" + std::to_string(k));
            }
        }
        layout.depot[r] = add_state(layout, "depot_" + route);
        if (layout.n_transit[r] == 0) layout.entry[r] = layout.depot[r];
    }
}

/// The copy of the oral chain that carries the presystemic metabolite of the swallowed share of
/// every dosed route that forms one.
void add_presystemic_chain_states(const Model& model, const Metabolite& m, const UsedRoutes& used,
                                  Layout& layout) {
    bool needed = false;
    for (std::size_t r = 0; r < kAbsorbedRoutes.size(); ++r) {
        needed = needed || (used[r] && m.presystemic[r] > 0.0);
    }
    if (!needed || !model.has_route(Route::Oral)) return;  // the dosing step names the error
    const auto oral = static_cast<std::size_t>(absorbed_index(Route::Oral));
    const auto transit = model.transit(Route::Oral);
    layout.presystemic_transit = transit ? transit->count + 1 : 0;
    layout.presystemic_entry[oral] = layout.n_amounts;
    for (int k = 0; k < layout.presystemic_transit; ++k) {
        add_state(layout, "presystemic_transit_oral_" + std::to_string(k));
    }
    layout.presystemic_depot[oral] = add_state(layout, "presystemic_depot_oral");
}

}  // namespace

bool forms_presystemic(const Model& model, Route route) {
    const auto& m = model.metabolite();
    return m && !model.linear_structure() && m->presystemic_fraction(route) > 0.0;
}

bool swallows(const Model& model, Route route) {
    return !model.linear_structure() &&
           (route == Route::Intranasal || route == Route::Sublingual) && model.has_route(route) &&
           model.absorption(route).fraction_swallowed > 0.0;
}

int dose_actions(const Model& model, Route route, bool infusion) {
    const int per_input = infusion ? 2 : 1;
    if (!model.has_route(route)) return per_input;  // the record fails its checks later
    if (const auto& s = model.linear_structure()) {
        const LinearRoute* mapped = s->route(route);
        if (mapped == nullptr) return per_input;  // an IV route into the observed compartment
        int actions = 0;
        for (const LinearRouteTarget& t : mapped->targets) {
            actions += t.duration_h > 0.0 ? 2 : per_input;
        }
        return actions;
    }
    return per_input *
           (1 + (swallows(model, route) ? 1 : 0) + (forms_presystemic(model, route) ? 1 : 0));
}

namespace {

/// A general linear model: its compartments as numbered, the eliminated state, then the
/// discarded one (when `discards`).
Layout make_linear_layout(const Model& model, const LinearStructure& s, bool discards) {
    Layout layout;
    for (const Compartment& c : model.compartments()) add_state(layout, c.name);
    layout.central = s.observed_index();
    if (!s.metabolite.empty()) layout.metabolite_central = s.index(s.metabolite);
    layout.eliminated = add_state(layout, "eliminated");
    if (discards) layout.discarded = add_state(layout, "discarded");
    layout.n_states = layout.n_amounts;
    if (model.effect_compartment()) layout.effect_site = layout.n_states++;
    return layout;
}

}  // namespace

Layout make_layout(const Model& model, const UsedRoutes& used, bool discards) {
    if (const auto& s = model.linear_structure()) return make_linear_layout(model, *s, discards);
    Layout layout;
    const int n = model.disposition().compartments();
    layout.n_disposition = n;
    layout.central = add_state(layout, "central");
    for (int p = 1; p < n; ++p) add_state(layout, "peripheral" + std::to_string(p));
    add_routes(model, used, layout);
    layout.eliminated = add_state(layout, "eliminated");
    if (const auto& m = model.metabolite()) {
        layout.metabolite_central = add_state(layout, "metabolite_central");
        if (m->has_peripheral()) {
            layout.metabolite_peripheral = add_state(layout, "metabolite_peripheral");
        }
        layout.metabolite_eliminated = add_state(layout, "metabolite_eliminated");
        add_presystemic_chain_states(model, *m, used, layout);
    }
    if (discards) layout.discarded = add_state(layout, "discarded");
    layout.n_states = layout.n_amounts;
    if (model.effect_compartment()) layout.effect_site = layout.n_states++;
    return layout;
}

namespace {

/// A first-order transfer of amount from one state to another at `rate` (1/h).
void flow(Eigen::MatrixXd& a, int from, int to, double rate) {
    a(from, from) -= rate;
    a(to, from) += rate;
}

/// The presystemic copy of the oral chain: the same transfers, its depot emptying with the oral
/// ka into the metabolite's central compartment.
void add_presystemic_chain(const Model& model, const Layout& layout, Eigen::MatrixXd& a) {
    const auto oral = static_cast<std::size_t>(absorbed_index(Route::Oral));
    if (layout.presystemic_depot[oral] < 0) return;
    const int entry = layout.presystemic_entry[oral];
    if (layout.presystemic_transit > 0) {
        const double ktr = model.transit(Route::Oral)->ktr_per_h();
        for (int k = 0; k < layout.presystemic_transit; ++k) flow(a, entry + k, entry + k + 1, ktr);
    }
    flow(a, layout.presystemic_depot[oral], layout.metabolite_central,
         model.absorption(Route::Oral).ka_per_h);
}

void add_absorption(const Model& model, const Layout& layout, Eigen::MatrixXd& a) {
    for (std::size_t r = 0; r < kAbsorbedRoutes.size(); ++r) {
        if (layout.depot[r] < 0) continue;
        const Route route = kAbsorbedRoutes[r];
        if (layout.n_transit[r] > 0) {
            const double ktr = model.transit(route)->ktr_per_h();
            for (int k = 0; k < layout.n_transit[r]; ++k) {
                flow(a, layout.entry[r] + k, layout.entry[r] + k + 1, ktr);  // the last feeds depot
            }
        }
        flow(a, layout.depot[r], layout.central, model.absorption(route).ka_per_h);
    }
    add_presystemic_chain(model, layout, a);
}

void add_metabolite(const Metabolite& m, double k10, const Layout& layout, Eigen::MatrixXd& a) {
    // The parent's linear elimination k10 splits: fm k10 forms metabolite, the rest leaves.
    flow(a, layout.central, layout.metabolite_central, m.fm * k10);
    flow(a, layout.central, layout.eliminated, (1.0 - m.fm) * k10);
    flow(a, layout.metabolite_central, layout.metabolite_eliminated, m.cl_l_per_h / m.v_l);
    if (layout.metabolite_peripheral >= 0) {
        flow(a, layout.metabolite_central, layout.metabolite_peripheral, m.q_l_per_h / m.v_l);
        flow(a, layout.metabolite_peripheral, layout.metabolite_central, m.q_l_per_h / m.vp_l);
    }
}

}  // namespace

namespace {

void add_linear(const LinearStructure& s, const Layout& layout, Eigen::MatrixXd& a) {
    for (std::size_t i = 0; i < s.transfers.size(); ++i) {
        const LinearTransfer& t = s.transfers[i];
        const int to = t.to.empty() ? layout.eliminated : s.index(t.to);
        flow(a, s.index(t.from), to, s.rate_constant(i));
    }
    // Own depots of route targets follow the declared compartments, in own_depots() order
    // (walked here without building that list: a population refills every subject's matrix).
    int depot = static_cast<int>(s.compartments.size());
    for (const LinearRoute& route : s.routes) {
        for (const LinearRouteTarget& target : route.targets) {
            if (target.ka_per_h > 0.0)
                flow(a, depot++, s.index(target.compartment), target.ka_per_h);
        }
    }
}

void add_effect_site(const Model& model, const Layout& layout, Eigen::MatrixXd& a) {
    if (const auto& e = model.effect_compartment()) {
        // dCe/dt = ke0 (A_central / V1 - Ce): a concentration, fed without taking mass.
        a(layout.effect_site, layout.central) += e->ke0_per_h / model.disposition().v1();
        a(layout.effect_site, layout.effect_site) -= e->ke0_per_h;
    }
}

}  // namespace

Eigen::MatrixXd system_matrix(const Model& model, const Layout& layout) {
    Eigen::MatrixXd a;
    system_matrix(model, layout, a);
    return a;
}

void system_matrix(const Model& model, const Layout& layout, Eigen::MatrixXd& a) {
    const int n = layout.n_states;
    a.setZero(n, n);
    if (const auto& s = model.linear_structure()) {
        add_linear(*s, layout, a);
        add_effect_site(model, layout, a);
        return;
    }
    const MicroConstants k = model.disposition().micro_constants();
    const int c = layout.central;
    if (const auto& m = model.metabolite()) {
        add_metabolite(*m, k.k10, layout, a);
    } else {
        flow(a, c, layout.eliminated, k.k10);
    }
    if (layout.n_disposition >= 2) {
        flow(a, c, 1, k.k12);
        flow(a, 1, c, k.k21);
    }
    if (layout.n_disposition == 3) {
        flow(a, c, 2, k.k13);
        flow(a, 2, c, k.k31);
    }
    add_absorption(model, layout, a);
    add_effect_site(model, layout, a);
}

namespace {

/// The state of a numbered compartment that is no route's; -1 for the central one and depots.
/// `peripheral` counts the peripherals up to c, `transit` is c's place in its route's chain.
int direct_state(const Compartment& c, int peripheral, int transit, const Layout& layout) {
    switch (c.kind) {
        case CompartmentKind::Peripheral: return layout.central + peripheral;
        case CompartmentKind::MetaboliteCentral: return layout.metabolite_central;
        case CompartmentKind::MetabolitePeripheral: return layout.metabolite_peripheral;
        case CompartmentKind::Transit: {
            // The chain has states only when the records dose the route or into the chain.
            const int entry = layout.entry[static_cast<std::size_t>(absorbed_index(c.route))];
            return entry < 0 ? -1 : entry + transit;
        }
        case CompartmentKind::Central:
        case CompartmentKind::Depot:
        case CompartmentKind::Declared: break;
    }
    return -1;
}

/// IV doses take the central compartment's F and lag.
void add_iv(const Model& model, const Layout& layout, Dosing& out) {
    Compartment central;
    central.name = "central";
    central.kind = CompartmentKind::Central;
    const CompartmentDosing d = model.compartment_dosing(central);
    for (Route iv : {Route::IvBolus, Route::IvInfusion}) {
        out.routing[static_cast<std::size_t>(iv)] = {layout.central, Bioavailability::exactly(d.f),
                                                     d.lag_h, 0.0};
    }
}

void add_direct(const Model& model, const Layout& layout, Dosing& out) {
    int peripheral = 0;
    std::array<int, kAbsorbedRoutes.size()> transit{};
    for (const Compartment& c : model.compartments()) {
        if (c.kind == CompartmentKind::Peripheral) ++peripheral;
        const int in_chain = c.kind == CompartmentKind::Transit
                                 ? transit[static_cast<std::size_t>(absorbed_index(c.route))]++
                                 : 0;
        const CompartmentDosing d = model.compartment_dosing(c);
        // A general linear model's compartments are its first states, in their numbering.
        const int state = c.kind == CompartmentKind::Declared
                              ? c.number - 1
                              : direct_state(c, peripheral, in_chain, layout);
        out.direct.push_back({state, Bioavailability::exactly(d.f), d.lag_h, 0.0});
        out.direct_modelled.push_back(d.modelled);
    }
}

}  // namespace

namespace {

/// A declared compartment of a general linear model, or an own depot (doses only).
bool declared_receives_drug(const LinearStructure& s, const Compartment& c) {
    if (c.number > static_cast<int>(s.compartments.size())) return false;  // an own depot
    for (const LinearTransfer& t : s.transfers) {
        if (t.to == c.name) return true;
    }
    for (const LinearRoute& route : s.routes) {
        for (const LinearRouteTarget& t : route.targets) {
            if (t.compartment == c.name && t.ka_per_h > 0.0) return true;  // from its own depot
        }
    }
    return false;
}

/// The state holding compartment `c` (one that receives no drug), -1 when the layout has none
/// (a depot of a route the records do not dose: it holds nothing).
int state_of(const Compartment& c, const Layout& layout) {
    if (c.kind == CompartmentKind::Declared) return c.number - 1;
    const auto r = static_cast<std::size_t>(absorbed_index(c.route));
    return c.kind == CompartmentKind::Depot ? layout.depot[r] : layout.entry[r];
}

/// The states turning each compartment off empties: its own, and with the oral route's entry
/// (the oral depot, or the chain's first compartment) the entry of the presystemic copy of
/// the oral chain, which holds swallowed drug of the same doses.
void add_emptied(const Model& model, const Layout& layout, Dosing& out) {
    out.discarded = layout.discarded;
    const auto oral = static_cast<std::size_t>(absorbed_index(Route::Oral));
    for (const Compartment& c : model.compartments()) {
        std::vector<int> states;
        if (!receives_drug(model, c)) {
            if (const int state = state_of(c, layout); state >= 0) states.push_back(state);
            const bool gut = c.kind != CompartmentKind::Declared && c.route == Route::Oral;
            if (gut && layout.presystemic_entry[oral] >= 0) {
                states.push_back(layout.presystemic_entry[oral]);
            }
        }
        out.emptied.push_back(std::move(states));
    }
}

}  // namespace

bool receives_drug(const Model& model, const Compartment& c) {
    switch (c.kind) {
        case CompartmentKind::Depot: return model.transit(c.route).has_value();
        case CompartmentKind::Transit:
            return c.name != "transit_" + std::string(route_name(c.route)) + "_0";
        case CompartmentKind::Declared: return declared_receives_drug(*model.linear_structure(), c);
        case CompartmentKind::Central:
        case CompartmentKind::Peripheral:
        case CompartmentKind::MetaboliteCentral:
        case CompartmentKind::MetabolitePeripheral: break;
    }
    return true;
}

namespace {

/// A general linear model's routes: each mapped route splits into its targets (the own depot of
/// a target with ka); unmapped IV routes enter the observed compartment with its F and lag.
void linear_dosing(const Model& model, const LinearStructure& s, const Layout& layout,
                   bool numbered, Dosing& out) {
    // The observed compartment is declared: its entry of Model::compartments(), made directly.
    const Compartment observed{layout.central + 1,
                               s.compartments[static_cast<std::size_t>(layout.central)].name,
                               CompartmentKind::Declared, Route::IvBolus};
    const CompartmentDosing d = model.compartment_dosing(observed);
    for (Route iv : {Route::IvBolus, Route::IvInfusion}) {
        out.routing[static_cast<std::size_t>(iv)] = {layout.central, Bioavailability::exactly(d.f),
                                                     d.lag_h, 0.0};
    }
    if (numbered) add_direct(model, layout, out);
    if (layout.discarded >= 0) add_emptied(model, layout, out);
    for (Route route : kAllRoutes) {
        out.modelled[static_cast<std::size_t>(route)] = model.modelled_infusion(route);
    }
    int depot = static_cast<int>(s.compartments.size());
    for (const LinearRoute& route : s.routes) {
        const auto index = static_cast<std::size_t>(route.route);
        std::vector<RoutePart>& parts = out.parts[index];
        for (const LinearRouteTarget& t : route.targets) {
            const int state = t.ka_per_h > 0.0 ? depot++ : s.index(t.compartment);
            parts.push_back({t.fraction(), t.lag_h, state, t.duration_h});
        }
        out.routing[index] = {parts.front().compartment, Bioavailability::exactly(1.0), 0.0, 0.0};
    }
}

/// Back to a default Dosing, its lists emptied but keeping their capacity.
void reset(Dosing& out) {
    out.routing = {};
    out.modelled = {};
    out.direct.clear();
    out.direct_modelled.clear();
    out.presystemic = {};
    for (std::vector<RoutePart>& parts : out.parts) parts.clear();
    out.emptied.clear();
    out.discarded = -1;
}

}  // namespace

namespace {

/// The presystemic share is swallowed drug: it needs the oral route's absorption.
void require_oral_for_presystemic(const Model& model, Route route) {
    if (!model.has_route(Route::Oral)) {
        throw InvalidInput("metabolite.presystemic." + std::string(route_name(route)) +
                           ": the presystemic share is swallowed and follows the oral route's "
                           "absorption, and the model has no oral route");
    }
}

}  // namespace

Dosing dosing(const Model& model, const Layout& layout, bool numbered) {
    Dosing out;
    dosing(model, layout, numbered, out);
    return out;
}

void dosing(const Model& model, const Layout& layout, bool numbered, Dosing& out) {
    reset(out);
    if (const auto& s = model.linear_structure()) {
        linear_dosing(model, *s, layout, numbered, out);
        return;
    }
    add_iv(model, layout, out);
    if (numbered) add_direct(model, layout, out);
    if (layout.discarded >= 0) add_emptied(model, layout, out);
    for (Route route : kAllRoutes) {
        const auto index = static_cast<std::size_t>(route);
        out.modelled[index] = model.modelled_infusion(route);
        RouteTarget& target = out.routing[index];
        if (!is_absorbed(route)) continue;  // set with the central compartment
        const auto r = static_cast<std::size_t>(absorbed_index(route));
        if (layout.entry[r] < 0) continue;  // not dosed by this schedule
        const Absorption& abs = model.absorption(route);
        target = {layout.entry[r], abs.f, abs.lag_h, abs.fraction_swallowed};
        if (forms_presystemic(model, route)) {
            const double fraction = model.metabolite()->presystemic[r];
            require_oral_for_presystemic(model, route);
            const auto oral = static_cast<std::size_t>(absorbed_index(Route::Oral));
            out.presystemic[index] = {Bioavailability::exactly(fraction),
                                      model.absorption(Route::Oral).lag_h,
                                      layout.presystemic_entry[oral], 0.0};
        }
    }
}

}  // namespace pkengine::detail
