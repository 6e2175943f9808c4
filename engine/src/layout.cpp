#include "pkengine/detail/system.hpp"

#include <algorithm>
#include <string>

#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

bool swallows(const Model& model, Route route) {
    return (route == Route::Intranasal || route == Route::Sublingual) && model.has_route(route) &&
           model.absorption(route).fraction_swallowed > 0.0;
}

void require_route(const Model& model, Route route, std::size_t index) {
    if (!model.has_route(route)) {
        throw InvalidInput("events[" + std::to_string(index) +
                           "].route = " + std::string(route_name(route)) +
                           ": the model has no absorption parameters for this route");
    }
}

}  // namespace

Layout make_layout(const Model& model, const std::vector<DoseEvent>& events) {
    std::array<bool, kAbsorbedRoutes.size()> used{};
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Route route = events[i].route;
        const bool doses =
            events[i].kind == EventKind::Dose || events[i].kind == EventKind::ResetAndDose;
        if (!doses || !is_absorbed(route)) continue;
        require_route(model, route, i);
        used[static_cast<std::size_t>(absorbed_index(route))] = true;
        if (swallows(model, route)) {
            if (!model.has_route(Route::Oral)) {
                throw InvalidInput(std::string(route_name(route)) +
                                   ".fraction_swallowed > 0 needs the oral route in the model "
                                   "(the swallowed part follows it)");
            }
            used[static_cast<std::size_t>(absorbed_index(Route::Oral))] = true;
        }
    }
    Layout layout;
    const int n = model.disposition().compartments();
    layout.n_disposition = n;
    layout.names = {"central"};
    for (int p = 1; p < n; ++p) layout.names.push_back("peripheral" + std::to_string(p));
    int next = n;
    for (std::size_t r = 0; r < kAbsorbedRoutes.size(); ++r) {
        if (!used[r]) continue;
        layout.depot[r] = next++;
        layout.names.push_back("depot_" + std::string(route_name(kAbsorbedRoutes[r])));
    }
    layout.eliminated = next++;
    layout.names.push_back("eliminated");
    layout.n_states = next;
    return layout;
}

Eigen::MatrixXd system_matrix(const Model& model, const Layout& layout) {
    const int n = layout.n_states;
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
    const MicroConstants k = model.disposition().micro_constants();
    const int c = layout.central;
    auto flow = [&a](int from, int to, double rate) {
        a(from, from) -= rate;
        a(to, from) += rate;
    };
    flow(c, layout.eliminated, k.k10);
    if (layout.n_disposition >= 2) {
        flow(c, 1, k.k12);
        flow(1, c, k.k21);
    }
    if (layout.n_disposition == 3) {
        flow(c, 2, k.k13);
        flow(2, c, k.k31);
    }
    for (std::size_t r = 0; r < kAbsorbedRoutes.size(); ++r) {
        if (layout.depot[r] < 0) continue;
        flow(layout.depot[r], c, model.absorption(kAbsorbedRoutes[r]).ka_per_h);
    }
    return a;
}

}  // namespace pkengine::detail
