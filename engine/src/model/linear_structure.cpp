// General linear models (NONMEM's ADVAN5/7): the structure, its validation, its parameters by
// NONMEM's names, and the Model that carries it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>

#include "linear.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"
#include "pkengine/model.hpp"

namespace pkengine {

namespace {

using detail::fail;

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}
using detail::indexed;

std::string field(std::string_view list, std::size_t i, std::string_view member) {
    return indexed(list, i) + "." + std::string(member);
}

std::string compartment_names(const LinearStructure& s) {
    std::string list;
    for (const LinearCompartment& c : s.compartments) list += (list.empty() ? "" : ", ") + c.name;
    return list;
}

/// The index of a named compartment; throws naming `where` when there is none.
int require_compartment(const LinearStructure& s, const std::string& name,
                        const std::string& where) {
    const int i = s.index(name);
    if (i < 0) {
        throw InvalidInput(where + " = '" + name +
                           "': no such compartment (declared: " + compartment_names(s) + ")");
    }
    return i;
}

std::string cmt_pair(int m, int n) {
    const bool wide = m > 9 || n > 9;
    return std::to_string(m) + (wide ? "T" : "") + std::to_string(n);
}

void validate_compartments(const LinearStructure& s) {
    if (s.compartments.empty()) {
        throw InvalidInput("compartments: a general linear model needs at least one compartment");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.compartments.size(); ++i) {
        const LinearCompartment& c = s.compartments[i];
        if (c.name.empty()) throw InvalidInput(field("compartments", i, "name") + " is empty");
        if (!seen.insert(c.name).second) {
            throw InvalidInput(field("compartments", i, "name") + " = '" + c.name +
                               "': declared twice");
        }
        detail::require_non_negative(c.volume_l, field("compartments", i, "volume_l"));
    }
}

void validate_transfers(const LinearStructure& s) {
    for (std::size_t i = 0; i < s.transfers.size(); ++i) {
        const LinearTransfer& t = s.transfers[i];
        const int from = require_compartment(s, t.from, field("transfers", i, "from"));
        if (!t.to.empty()) {
            const int to = require_compartment(s, t.to, field("transfers", i, "to"));
            if (to == from) {
                throw InvalidInput(field("transfers", i, "to") + " = '" + t.to +
                                   "': a transfer from a compartment to itself");
            }
        }
        const std::string value = field("transfers", i, t.clearance ? "cl_l_per_h" : "k_per_h");
        detail::require_non_negative(t.value, value);
        if (t.clearance && !(s.compartments[static_cast<std::size_t>(from)].volume_l > 0.0)) {
            fail(value, t.value,
                 "a clearance needs a volume of its source compartment '" + t.from +
                     "' (give its volume_l, or the transfer as a rate constant)");
        }
    }
}

void validate_target(const LinearStructure& s, const LinearRouteTarget& t, const std::string& at) {
    require_compartment(s, t.compartment, at + ".compartment");
    detail::require_positive(t.f, at + ".f");
    if (t.f > 1.0) fail(at + ".f", t.f, "a fraction must be in (0, 1]");
    if (t.is_remainder()) {
        // Computed by resolve_remainders: its range runs the other way (its low choice is the
        // remainder of the other target's low end, its largest value).
        detail::require_non_negative(t.f_low, at + ".f_low");
        detail::require_non_negative(t.f_high, at + ".f_high");
        detail::require_non_negative(t.lag_h, at + ".lag_h");
        detail::require_non_negative(t.ka_per_h, at + ".ka_per_h");
        detail::require_non_negative(t.duration_h, at + ".duration_h");
        return;
    }
    detail::require_non_negative(t.f_low, at + ".f_low");
    detail::require_non_negative(t.f_high, at + ".f_high");
    if (t.f_low > t.f) fail(at + ".f_low", t.f_low, "must be <= f = " + detail::format_value(t.f));
    if (t.f_high > 0.0 && t.f_high < t.f) {
        fail(at + ".f_high", t.f_high, "must be >= f = " + detail::format_value(t.f));
    }
    if (t.f_high > 1.0) fail(at + ".f_high", t.f_high, "a fraction must be in (0, 1]");
    detail::require_non_negative(t.lag_h, at + ".lag_h");
    detail::require_non_negative(t.ka_per_h, at + ".ka_per_h");
    detail::require_non_negative(t.duration_h, at + ".duration_h");
}

void validate_routes(const LinearStructure& s) {
    std::set<Route> routes;
    for (std::size_t r = 0; r < s.routes.size(); ++r) {
        const LinearRoute& route = s.routes[r];
        const std::string at = indexed("routes", r);
        detail::require_enum(route.route, Route::IvBolus, Route::Sublingual, at + ".route");
        if (!routes.insert(route.route).second) {
            throw InvalidInput(at + ".route = " + std::string(route_name(route.route)) +
                               ": mapped twice");
        }
        if (route.targets.empty()) throw InvalidInput(at + ".targets: a route needs a target");
        double sum = 0.0;
        double high = 0.0;
        double low = 0.0;
        std::set<std::string> targets;
        for (std::size_t j = 0; j < route.targets.size(); ++j) {
            const std::string where = at + "." + indexed("targets", j);
            validate_target(s, route.targets[j], where);
            if (!targets.insert(route.targets[j].compartment).second) {
                throw InvalidInput(where + ".compartment = '" + route.targets[j].compartment +
                                   "': the route enters it twice");
            }
            sum += route.targets[j].f;
            high += route.targets[j].fraction().high;
            low += route.targets[j].fraction().low;
        }
        // A sum of fractions that are each exact to an ulp: allow for its rounding.
        const double rounding = 4.0 * static_cast<double>(route.targets.size()) * 1e-16;
        if (sum > 1.0 + rounding) {
            fail(at + ".targets", sum,
                 "the fractions f of a route's targets sum above 1 (" +
                     std::string(route_name(route.route)) + ")");
        }
        if (high > 1.0 + rounding) {
            fail(at + ".targets", high,
                 "the high ends f_high of a route's targets sum above 1 (" +
                     std::string(route_name(route.route)) + ")");
        }
        // A remainder target's low choice is its largest value.
        if (low > 1.0 + rounding) {
            fail(at + ".targets", low,
                 "the fractions of a route's targets at the low choice sum above 1 (" +
                     std::string(route_name(route.route)) + ")");
        }
    }
}

/// The index of the target of `route` entering `compartment`; -1 when there is none.
int target_index(const LinearRoute& route, const std::string& compartment) {
    for (std::size_t j = 0; j < route.targets.size(); ++j) {
        if (route.targets[j].compartment == compartment) return static_cast<int>(j);
    }
    return -1;
}

bool has_remainders(const LinearStructure& s) {
    for (const LinearRoute& r : s.routes) {
        for (const LinearRouteTarget& t : r.targets) {
            if (t.is_remainder()) return true;
        }
    }
    return false;
}

void validate_observed(const LinearStructure& s) {
    if (s.observed.empty()) {
        if (s.observed_index() < 0) {
            throw InvalidInput(
                "observed: no compartment has a volume, so none gives a concentration (give the "
                "observed compartment a volume_l)");
        }
    } else {
        const int i = require_compartment(s, s.observed, "observed");
        if (!(s.compartments[static_cast<std::size_t>(i)].volume_l > 0.0)) {
            throw InvalidInput("observed = '" + s.observed +
                               "': the observed compartment needs a volume (volume_l > 0)");
        }
    }
    if (s.metabolite.empty()) return;
    const int m = require_compartment(s, s.metabolite, "metabolite");
    if (!(s.compartments[static_cast<std::size_t>(m)].volume_l > 0.0)) {
        throw InvalidInput("metabolite = '" + s.metabolite +
                           "': the observed metabolite compartment needs a volume (volume_l > 0)");
    }
    if (m == s.observed_index()) {
        throw InvalidInput("metabolite = '" + s.metabolite + "': it is the observed compartment");
    }
}

}  // namespace

int LinearStructure::index(const std::string& name) const {
    for (std::size_t i = 0; i < compartments.size(); ++i) {
        if (compartments[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

int LinearStructure::observed_index() const {
    if (!observed.empty()) return index(observed);
    for (std::size_t i = 0; i < compartments.size(); ++i) {
        if (compartments[i].volume_l > 0.0) return static_cast<int>(i);
    }
    return -1;
}

double LinearStructure::rate_constant(std::size_t i) const {
    const LinearTransfer& t = transfers.at(i);
    if (!t.clearance) return t.value;
    return t.value / compartments[static_cast<std::size_t>(index(t.from))].volume_l;
}

std::string LinearStructure::transfer_name(std::size_t i) const {
    const LinearTransfer& t = transfers.at(i);
    const int m = index(t.from) + 1;
    const int n = t.to.empty() ? 0 : index(t.to) + 1;
    return (t.clearance ? "CL" : "K") + cmt_pair(m, n);
}

std::string LinearStructure::own_depot_f_name(std::size_t d) const {
    (void)own_depots().at(d);
    return "F" + std::to_string(compartments.size() + d + 1);
}

std::string LinearStructure::own_depot_ka_name(std::size_t d) const {
    const auto [r, j] = own_depots().at(d);
    const int depot = static_cast<int>(compartments.size() + d) + 1;
    return "K" + cmt_pair(depot, index(routes[r].targets[j].compartment) + 1);
}

const LinearRoute* LinearStructure::route(Route r) const {
    for (const LinearRoute& candidate : routes) {
        if (candidate.route == r) return &candidate;
    }
    return nullptr;
}

std::vector<std::pair<std::size_t, std::size_t>> LinearStructure::own_depots() const {
    std::vector<std::pair<std::size_t, std::size_t>> depots;
    for (std::size_t r = 0; r < routes.size(); ++r) {
        for (std::size_t j = 0; j < routes[r].targets.size(); ++j) {
            if (routes[r].targets[j].ka_per_h > 0.0) depots.emplace_back(r, j);
        }
    }
    return depots;
}

void LinearStructure::resolve_remainders() {
    for (std::size_t r = 0; r < routes.size(); ++r) {
        LinearRoute& route = routes[r];
        for (std::size_t j = 0; j < route.targets.size(); ++j) {
            LinearRouteTarget& t = route.targets[j];
            if (!t.is_remainder()) continue;
            // Named only on failure: a population re-resolves its subjects' remainders.
            const auto at_of = [r, j] {
                return indexed("routes", r) + "." + indexed("targets", j);
            };
            const int other = target_index(route, t.remainder_of);
            if (other < 0) {
                std::string list;
                for (const LinearRouteTarget& candidate : route.targets) {
                    if (&candidate == &t) continue;
                    list += (list.empty() ? "" : ", ") + candidate.compartment;
                }
                throw InvalidInput(at_of() + ".remainder_of = '" + t.remainder_of + "': the " +
                                   std::string(route_name(route.route)) +
                                   " route has no target entering it (its other targets: " +
                                   (list.empty() ? std::string("none") : list) + ")");
            }
            const LinearRouteTarget& o = route.targets[static_cast<std::size_t>(other)];
            if (static_cast<std::size_t>(other) == j) {
                throw InvalidInput(at_of() + ".remainder_of = '" + t.remainder_of +
                                   "': a target cannot be the remainder of itself");
            }
            if (o.is_remainder()) {
                throw InvalidInput(at_of() + ".remainder_of = '" + t.remainder_of +
                                   "': that target is itself the remainder of '" + o.remainder_of +
                                   "' (a remainder refers to a given fraction)");
            }
            if (!(t.remainder_times > 0.0 && t.remainder_times <= 1.0)) {
                detail::require_positive(t.remainder_times, at_of() + ".remainder_times");
                fail(at_of() + ".remainder_times", t.remainder_times,
                     "the factor on a remainder must be in (0, 1]");
            }
            const Bioavailability f = o.fraction();
            const auto where = [&] { return at_of() + ".remainder_of = '" + t.remainder_of + "'"; };
            if (!(f.nominal < 1.0)) {
                fail(where() + ": its f", f.nominal, "leaves no remainder (it must be below 1)");
            }
            if (!(f.high < 1.0)) {
                fail(where() + ": its f_high", f.high, "leaves no remainder (it must be below 1)");
            }
            t.f = (1.0 - f.nominal) * t.remainder_times;
            const bool range = f.low != f.nominal || f.high != f.nominal;
            t.f_low = range ? (1.0 - f.low) * t.remainder_times : 0.0;
            t.f_high = range ? (1.0 - f.high) * t.remainder_times : 0.0;
        }
    }
}

void LinearStructure::validate() const {
    validate_compartments(*this);
    validate_transfers(*this);
    if (has_remainders(*this)) {
        // Remainder targets as resolve_remainders computes them (a Model keeps them so).
        LinearStructure resolved = *this;
        resolved.resolve_remainders();
        validate_routes(resolved);
    } else {
        validate_routes(*this);
    }
    validate_observed(*this);
    // Declared compartments, own depots and the eliminated accumulator.
    const std::size_t states = compartments.size() + own_depots().size() + 1;
    if (states > static_cast<std::size_t>(kMaxExactStates)) {
        fail("compartments", static_cast<double>(compartments.size()),
             "the model would have " + std::to_string(states) +
                 " states (compartments, own depots of route targets, eliminated), more than "
                 "the exact path takes (" +
                 std::to_string(kMaxExactStates) + ")");
    }
    std::set<std::string> names;
    for (const LinearCompartment& c : compartments) names.insert(c.name);
    for (const auto& [r, j] : own_depots()) {
        const std::string depot = "depot_" + std::string(route_name(routes[r].route)) + "_" +
                                  routes[r].targets[j].compartment;
        if (names.count(depot) != 0) {
            throw InvalidInput(indexed("routes", r) + "." + indexed("targets", j) +
                               ".ka_per_h: its own depot would be called '" + depot +
                               "', the name of a declared compartment");
        }
    }
}

namespace {

/// The disposition a general model reports: the observed volume, and the clearance out of the
/// system from the observed compartment.
Disposition observed_disposition(const LinearStructure& s) {
    const int observed = s.observed_index();
    const double v = s.compartments[static_cast<std::size_t>(observed)].volume_l;
    double k_out = 0.0;
    for (std::size_t i = 0; i < s.transfers.size(); ++i) {
        if (s.transfers[i].to.empty() && s.index(s.transfers[i].from) == observed) {
            k_out += s.rate_constant(i);
        }
    }
    return Disposition::one_compartment(k_out * v, v);
}

/// Parameters of a general model by name: transfers, then the ka of route targets' own depots
/// (the depot's transfer K<depot><target>, as NONMEM would name it), then volumes ("V<n>").
struct LinearParameter {
    std::string name;
    int transfer = -1;     // index in transfers
    int compartment = -1;  // index of a compartment with a volume
    int depot = -1;        // index in own_depots(): its ka
    int depot_f = -1;      // index in own_depots(): its target's fraction F<depot>
};

std::vector<LinearParameter> linear_parameters(const LinearStructure& s) {
    std::vector<LinearParameter> out;
    for (std::size_t i = 0; i < s.transfers.size(); ++i) {
        out.push_back({s.transfer_name(i), static_cast<int>(i), -1, -1, -1});
    }
    const auto depots = s.own_depots();
    for (std::size_t d = 0; d < depots.size(); ++d) {
        out.push_back({s.own_depot_ka_name(d), -1, -1, static_cast<int>(d), -1});
    }
    for (std::size_t d = 0; d < depots.size(); ++d) {
        const auto [r, j] = depots[d];
        if (s.routes[r].targets[j].is_remainder()) continue;  // computed, not set
        out.push_back({s.own_depot_f_name(d), -1, -1, -1, static_cast<int>(d)});
    }
    for (std::size_t c = 0; c < s.compartments.size(); ++c) {
        if (s.compartments[c].volume_l > 0.0) {
            out.push_back({"V" + std::to_string(c + 1), -1, static_cast<int>(c), -1, -1});
        }
    }
    return out;
}

/// Refuses the F name of a remainder target's own depot, naming the target it follows.
void refuse_remainder_f(const LinearStructure& s, const std::string& key, double value) {
    const auto depots = s.own_depots();
    for (std::size_t d = 0; d < depots.size(); ++d) {
        const auto [r, j] = depots[d];
        const LinearRouteTarget& t = s.routes[r].targets[j];
        if (!t.is_remainder() || s.own_depot_f_name(d) != key) continue;
        std::string other;
        for (std::size_t k = 0; k < depots.size(); ++k) {
            const auto [r2, j2] = depots[k];
            if (r2 == r && s.routes[r2].targets[j2].compartment == t.remainder_of) {
                other = s.own_depot_f_name(k);
            }
        }
        fail(key, value,
             "the fraction of the " + std::string(route_name(s.routes[r].route)) + " target '" +
                 t.compartment + "' is the remainder of target '" + t.remainder_of + "' (x " +
                 detail::format_value(t.remainder_times) + "), computed from it" +
                 (other.empty() ? std::string() : ": set " + other + " instead"));
    }
}

std::string parameter_list(const std::vector<LinearParameter>& parameters) {
    std::string list;
    for (const LinearParameter& p : parameters) list += (list.empty() ? "" : ", ") + p.name;
    return list;
}

/// The position of `name` in linear_parameters(s). Throws InvalidInput naming it (with `value`)
/// for an unknown or ambiguous name.
std::size_t find_linear(const LinearStructure& s, const std::string& name, double value) {
    const std::vector<LinearParameter> parameters = linear_parameters(s);
    const std::string key = upper(name);
    const LinearParameter* found = nullptr;
    for (const LinearParameter& p : parameters) {
        if (p.name != key) continue;
        if (found != nullptr) {
            fail(name, value,
                 "two transfers share this name (give them as one transfer to set it by name)");
        }
        found = &p;
    }
    if (found == nullptr) {
        refuse_remainder_f(s, key, value);
        fail(name, value,
             "not a parameter of this general linear model (its parameters: " +
                 parameter_list(parameters) + ")");
    }
    return static_cast<std::size_t>(found - parameters.data());
}

/// What parameter `index` of linear_parameters(s) is, found without building the names (their
/// order: transfers, own depots' ka, own depots' F of targets that are no remainder, volumes).
struct LinearSlot {
    enum class Kind { Transfer, DepotKa, DepotF, Volume } kind = Kind::Transfer;
    std::size_t item = 0;  // transfer or compartment
    std::size_t route = 0;
    std::size_t target = 0;
};

LinearSlot linear_slot(const LinearStructure& s, std::size_t index) {
    if (index < s.transfers.size()) return {LinearSlot::Kind::Transfer, index, 0, 0};
    std::size_t k = index - s.transfers.size();
    for (const bool fractions : {false, true}) {
        for (std::size_t r = 0; r < s.routes.size(); ++r) {
            for (std::size_t j = 0; j < s.routes[r].targets.size(); ++j) {
                const LinearRouteTarget& t = s.routes[r].targets[j];
                if (!(t.ka_per_h > 0.0) || (fractions && t.is_remainder())) continue;
                if (k-- == 0) {
                    return {fractions ? LinearSlot::Kind::DepotF : LinearSlot::Kind::DepotKa, 0, r,
                            j};
                }
            }
        }
    }
    for (std::size_t c = 0; c < s.compartments.size(); ++c) {
        if (s.compartments[c].volume_l > 0.0 && k-- == 0) {
            return {LinearSlot::Kind::Volume, c, 0, 0};
        }
    }
    throw InvalidInput("parameter index " + std::to_string(index) + ": the model has " +
                       std::to_string(linear_parameters(s).size()) + " parameters");
}

/// The fraction target `t` of `route` takes when target `changed` takes exactly `value`:
/// its own, `value`, or the remainder of the target it follows (as resolve_remainders makes it).
Bioavailability fraction_with(const LinearRoute& route, const LinearRouteTarget& t,
                              const LinearRouteTarget& changed, double value) {
    if (&t == &changed) return Bioavailability::exactly(value);
    if (!t.is_remainder()) return t.fraction();
    const LinearRouteTarget& other =
        route.targets[static_cast<std::size_t>(target_index(route, t.remainder_of))];
    const Bioavailability f =
        &other == &changed ? Bioavailability::exactly(value) : other.fraction();
    const double times = t.remainder_times;
    return Bioavailability::range((1.0 - f.nominal) * times, (1.0 - f.low) * times,
                                  (1.0 - f.high) * times);
}

/// Sets the fraction of a target with an own depot (F<depot>) to a point value, as F_<ROUTE>
/// sets one (a range is replaced); a remainder target of the route follows. Checked first.
template <class Name>
void set_depot_fraction(LinearStructure& s, const LinearSlot& slot, double value,
                        const Name& name) {
    if (!(value > 0.0) || value > 1.0) fail(name(), value, "a fraction must be in (0, 1]");
    LinearRoute& route = s.routes[slot.route];
    const LinearRouteTarget& changed = route.targets[slot.target];
    double sum = 0.0;
    double low = 0.0;
    double high = 0.0;
    for (const LinearRouteTarget& t : route.targets) {
        if (t.is_remainder() && t.remainder_of == changed.compartment && !(value < 1.0)) {
            fail(name(), value,
                 "leaves nothing for the remainder target '" + t.compartment +
                     "' (it must be below 1)");
        }
        const Bioavailability f = fraction_with(route, t, changed, value);
        sum += f.nominal;
        low += f.low;
        high += f.high;
    }
    const double rounding = 4.0 * static_cast<double>(route.targets.size()) * 1e-16;
    if (std::max({sum, low, high}) > 1.0 + rounding) {
        fail(name(), value,
             "the fractions of the " + std::string(route_name(route.route)) +
                 " route's targets would sum to " +
                 detail::format_value(std::max({sum, low, high})) + ", above 1");
    }
    LinearRouteTarget& t = route.targets[slot.target];
    t.f = value;
    t.f_low = 0.0;
    t.f_high = 0.0;
    s.resolve_remainders();
}

}  // namespace

Model::Model(LinearStructure structure) : m_disposition(Disposition::one_compartment(1.0, 1.0)) {
    structure.resolve_remainders();
    structure.validate();
    m_disposition = observed_disposition(structure);
    m_linear = std::move(structure);
}

void Model::require_not_linear_structure(const char* what) const {
    if (!m_linear) return;
    throw InvalidInput(std::string(what) +
                       ": a general linear model declares its compartments, transfers and "
                       "routes in its structure (LinearStructure); this extension is not "
                       "available for it");
}

namespace detail {

std::vector<std::string> linear_parameter_names(const LinearStructure& s) {
    std::vector<std::string> names;
    for (const LinearParameter& p : linear_parameters(s)) names.push_back(p.name);
    return names;
}

double linear_parameter(const LinearStructure& s, const std::string& name) {
    return linear_parameter(s, find_linear(s, name, 0.0));
}

std::size_t linear_parameter_index(const LinearStructure& s, const std::string& name,
                                   double value) {
    return find_linear(s, name, value);
}

double linear_parameter(const LinearStructure& s, std::size_t index) {
    const LinearSlot slot = linear_slot(s, index);
    switch (slot.kind) {
        case LinearSlot::Kind::Transfer: return s.transfers[slot.item].value;
        case LinearSlot::Kind::DepotKa: return s.routes[slot.route].targets[slot.target].ka_per_h;
        case LinearSlot::Kind::DepotF: return s.routes[slot.route].targets[slot.target].f;
        case LinearSlot::Kind::Volume: break;
    }
    return s.compartments[slot.item].volume_l;
}

void set_linear_parameter(LinearStructure& s, std::size_t index, double value,
                          std::string_view field) {
    const LinearSlot slot = linear_slot(s, index);
    // The name is formatted only for a failing value: populations set every subject's values.
    const auto name = [&s, index, field] {
        return field.empty() ? linear_parameter_names(s)[index] : std::string(field);
    };
    if (!std::isfinite(value)) require_finite(value, name());
    switch (slot.kind) {
        case LinearSlot::Kind::Transfer:
            if (value < 0.0) require_non_negative(value, name());
            s.transfers[slot.item].value = value;
            return;
        case LinearSlot::Kind::DepotKa:
            // A ka of 0 would remove the depot (and renumber the compartments after it).
            if (!(value > 0.0)) require_positive(value, name());
            s.routes[slot.route].targets[slot.target].ka_per_h = value;
            return;
        case LinearSlot::Kind::DepotF: set_depot_fraction(s, slot, value, name); return;
        case LinearSlot::Kind::Volume:
            if (!(value > 0.0)) require_positive(value, name());
            s.compartments[slot.item].volume_l = value;
            return;
    }
}

Disposition linear_observed_disposition(const LinearStructure& s) {
    return observed_disposition(s);
}

}  // namespace detail

void Model::set_linear_structure(const LinearStructure& structure) {
    LinearStructure resolved = structure;
    resolved.resolve_remainders();
    resolved.validate();
    m_disposition = observed_disposition(resolved);
    m_linear = std::move(resolved);
}

}  // namespace pkengine
