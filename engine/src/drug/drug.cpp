// A loaded drug: look-ups, models at a body weight (with derived ka), protocol regimens, and
// where drug files are found.
#include "pkengine/drug.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>

#include "drug_data.hpp"
#include "pkengine/absorption_fit.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

#ifndef PKENGINE_INSTALL_DRUG_DIR
#error "PKENGINE_INSTALL_DRUG_DIR must name the installed drug directory"
#endif

namespace pkengine {

namespace {

template <typename T, typename Key>
const T& find_by(const std::vector<T>& items, const std::string& wanted, Key key,
                 const std::string& field, const std::string& what) {
    std::string known;
    for (const T& item : items) {
        if (key(item) == wanted) return item;
        known += (known.empty() ? "" : ", ") + key(item);
    }
    throw InvalidInput(field + " = '" + wanted + "': no such " + what + " (known: " + known + ")");
}

}  // namespace

double Administration::dose_mg(double weight_kg) const {
    detail::require_weight(weight_kg);  // checked for mg doses too: a weight is always given
    return dose_per_kg ? dose * weight_kg : dose;
}

Regimen Protocol::regimen(double weight_kg) const {
    Regimen regimen;
    for (const Administration& a : administrations) {
        regimen = regimen +
                  Regimen::series(Dose::mg(a.dose_mg(weight_kg), a.route, a.duration_h), a.times_h);
    }
    return regimen;
}

std::vector<std::string> Protocol::route_alternatives() const {
    std::vector<std::string> ids;
    for (const Administration& a : administrations) {
        const bool seen = std::find(ids.begin(), ids.end(), a.route_alternative) != ids.end();
        if (!a.route_alternative.empty() && !seen) ids.push_back(a.route_alternative);
    }
    return ids;
}

double Protocol::span_h() const {
    double first = std::numeric_limits<double>::infinity(), last = 0.0;
    for (const Administration& a : administrations) {
        first = std::min(first, a.times_h.front());
        last = std::max(last, a.times_h.back());
    }
    return last - first;
}

double Band::lower_mg_per_l() const {
    if (!has_extent()) throw InvalidInput("band = '" + name + "': a level has no extent");
    return *low_mg_per_l;
}

double Band::upper_mg_per_l() const {
    if (!has_extent()) throw InvalidInput("band = '" + name + "': a level has no extent");
    return shape == BandShape::Range ? *high_mg_per_l : std::numeric_limits<double>::infinity();
}

std::vector<std::string> DrugRoute::fitted_to() const {
    std::vector<std::string> ids;
    auto add = [&ids](const std::vector<std::string>& more) {
        for (const std::string& id : more) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        }
    };
    if (ka) add(ka->fitted_to);
    add(lag_fitted_to);
    add(transit_fitted_to);
    return ids;
}

Regimen Observation::regimen() const {
    return Regimen::series(Dose::mg(dose_mg(), route, duration_h), times_h);
}

Drug::Drug(std::shared_ptr<const detail::DrugData> data)
    : m_data(std::move(data)), m_ka_cache(std::make_shared<detail::KaCache>()) {}

Drug Drug::load_file(const std::string& path) {
    return Drug(std::make_shared<const detail::DrugData>(detail::read_drug_file(path)));
}

Drug Drug::load(const std::string& name_or_path) {
    const bool is_path =
        name_or_path.find_first_of("/\\") != std::string::npos ||
        (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".json");
    if (is_path) return load_file(name_or_path);
    const std::vector<std::string> directories = drug_search_path();
    std::string searched;
    for (const std::string& dir : directories) {
        const std::filesystem::path candidate =
            std::filesystem::path(dir) / (name_or_path + ".json");
        if (std::filesystem::is_regular_file(candidate)) return load_file(candidate.string());
        searched += (searched.empty() ? "" : ", ") + dir;
    }
    throw InvalidInput("drug = '" + name_or_path + "': no drug file '" + name_or_path +
                       ".json' in the search path (" + searched +
                       "; set PKENGINE_DRUG_PATH to add directories)");
}

const std::string& Drug::name() const {
    return m_data->name;
}
const std::string& Drug::description() const {
    return m_data->description;
}
const std::string& Drug::source() const {
    return m_data->source;
}
DoseBasis Drug::default_dose_basis() const {
    return m_data->default_dose_basis;
}
std::optional<double> Drug::molar_mass_base() const {
    return m_data->molar_mass_base;
}
std::optional<double> Drug::molar_mass_hydrochloride() const {
    return m_data->molar_mass_hydrochloride;
}
const std::string& Drug::default_model() const {
    return m_data->default_model;
}
double Drug::integration_window_h() const {
    return m_data->integration_window_h;
}
const std::vector<DrugModel>& Drug::models() const {
    return m_data->models;
}
const std::vector<DrugRoute>& Drug::routes() const {
    return m_data->routes;
}
const std::vector<RouteAlternative>& Drug::route_alternatives() const {
    return m_data->alternatives;
}
const std::vector<Protocol>& Drug::protocols() const {
    return m_data->protocols;
}
const std::vector<Band>& Drug::bands() const {
    return m_data->bands;
}
const std::vector<Reference>& Drug::references() const {
    return m_data->references;
}

const DrugModel& Drug::model_spec(const std::string& id) const {
    return find_by(
        m_data->models, id.empty() ? m_data->default_model : id,
        [](const DrugModel& m) { return m.id; }, "model", "model of " + name());
}

const DrugRoute& Drug::route(Route route) const {
    validate_route(route);
    if (m_data->routes.empty()) {
        throw InvalidInput("route = " + std::string(route_name(route)) + ": " + name() +
                           " gives no file routes: its models are general linear models with "
                           "routes of their own");
    }
    return m_data->routes[static_cast<std::size_t>(
        std::find(kAllRoutes.begin(), kAllRoutes.end(), route) - kAllRoutes.begin())];
}

const RouteAlternative& Drug::route_alternative(const std::string& id) const {
    return find_by(
        m_data->alternatives, id, [](const RouteAlternative& a) { return a.id; }, "alternative",
        "route alternative of " + name());
}

const Protocol& Drug::protocol(const std::string& id) const {
    return find_by(
        m_data->protocols, id, [](const Protocol& p) { return p.id; }, "protocol",
        "protocol of " + name());
}

const Band& Drug::band(const std::string& band_name) const {
    return find_by(
        m_data->bands, band_name, [](const Band& b) { return b.name; }, "band",
        "band of " + name());
}

std::vector<Band> Drug::bands_for_model(const std::string& model_id) const {
    const std::string& enantiomer = model_spec(model_id).enantiomer;
    std::vector<Band> bands;
    for (const Band& b : m_data->bands) {
        if (b.enantiomer == enantiomer) bands.push_back(b);
    }
    return bands;
}

const std::string& Drug::analyte() const {
    return m_data->analyte;
}

const std::vector<Observation>& Drug::observations() const {
    return m_data->observations;
}

const Observation& Drug::observation(const std::string& id) const {
    return find_by(
        m_data->observations, id, [](const Observation& o) { return o.id; }, "observation",
        "observation of " + name());
}

const Reference& Drug::reference(const std::string& id) const {
    return find_by(
        m_data->references, id, [](const Reference& r) { return r.id; }, "reference",
        "reference of " + name());
}

double Drug::ka(Route r, const std::string& model_id, const std::string& alternative) const {
    validate_route(r);
    if (!is_absorbed(r)) {
        throw InvalidInput("route = " + std::string(route_name(r)) + ": IV routes have no ka");
    }
    const DrugModel& spec = model_spec(model_id);
    const DrugRoute& base = route(r);
    const KaSpec* ka = &*base.ka;
    if (!alternative.empty()) {
        const RouteAlternative& alt = route_alternative(alternative);
        if (alt.route != r) {
            throw InvalidInput("alternative = '" + alternative + "': an alternative of route " +
                               std::string(route_name(alt.route)) + ", not of " +
                               std::string(route_name(r)));
        }
        if (alt.ka) ka = &*alt.ka;
    }
    if (ka->method != KaMethod::FromTmax) return ka->ka_per_h;
    // A ka derived from a Tmax belongs to plain first-order absorption: routes whose absorption
    // has a transit chain have their ka fitted or published (the loader checks it).

    // An alternative without its own ka uses the route's: both share one cache entry.
    const std::string key =
        spec.id + "/" + (ka == &*base.ka ? std::string(route_name(r)) : alternative);
    std::lock_guard<std::mutex> lock(m_ka_cache->mutex);
    const auto hit = m_ka_cache->values.find(key);
    if (hit != m_ka_cache->values.end()) return hit->second;
    double value = 0.0;
    try {
        value = ka_for_tmax(spec.disposition(spec.derivation_weight_kg()), ka->tmax_h, base.lag_h);
    } catch (const InvalidInput& e) {
        throw InvalidInput(source() + ": " + ka->path + ".derived_from_tmax.tmax: with model '" +
                           spec.id + "': " + e.what());
    }
    m_ka_cache->values.emplace(key, value);
    return value;
}

Model Drug::model(double weight_kg, const std::string& model_id,
                  const std::vector<std::string>& alternatives) const {
    const DrugModel& spec = model_spec(model_id);
    if (spec.linear) {
        // A general linear model declares its own routes; the file's routes and their
        // alternatives belong to the mammillary models.
        if (!alternatives.empty()) {
            throw InvalidInput("alternatives[0] = '" + alternatives[0] + "': model '" + spec.id +
                               "' is a general linear model with routes of its own; route "
                               "alternatives apply to the mammillary models");
        }
        return Model(spec.linear_structure(weight_kg));
    }
    std::array<std::string, kAbsorbedRoutes.size()> chosen{};
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        const std::string field = detail::indexed("alternatives", i);
        const RouteAlternative& alt = find_by(
            m_data->alternatives, alternatives[i], [](const RouteAlternative& a) { return a.id; },
            field, "route alternative of " + name());
        std::string& slot = chosen[static_cast<std::size_t>(absorbed_index(alt.route))];
        if (!slot.empty() && slot != alt.id) {
            throw InvalidInput(field + " = '" + alt.id + "': route " +
                               std::string(route_name(alt.route)) +
                               " already takes the alternative '" + slot + "'");
        }
        slot = alt.id;
    }
    Model model(spec.disposition(weight_kg));
    for (Route r : kAbsorbedRoutes) {
        const DrugRoute& base = route(r);
        const std::string& alt_id = chosen[static_cast<std::size_t>(absorbed_index(r))];
        const RouteAlternative* alt = alt_id.empty() ? nullptr : &route_alternative(alt_id);
        const Bioavailability f = alt ? alt->f : base.f;
        model.set_absorption(r, {f, ka(r, spec.id, alt_id), base.lag_h, base.fraction_swallowed});
        // An alternative with its own ka replaces the route's absorption shape: first order,
        // without the transit chain fitted to the route's default observations.
        const bool own_shape = alt != nullptr && alt->ka.has_value();
        if (base.transit && !own_shape) model.set_transit(r, *base.transit);
    }
    if (spec.metabolite) model.set_metabolite(spec.metabolite_at(weight_kg));
    return model;
}

Regimen Drug::protocol_regimen(const std::string& protocol_id, double weight_kg) const {
    return protocol(protocol_id).regimen(weight_kg);
}

Model Drug::protocol_model(const std::string& protocol_id, double weight_kg,
                           const std::string& model_id) const {
    const Protocol& p = protocol(protocol_id);
    const std::string& chosen = model_id.empty() ? p.model : model_id;
    const DrugModel& spec = model_spec(chosen);
    if (spec.enantiomer != p.enantiomer) {
        throw InvalidInput("model_id = '" + spec.id + "': protocol '" + p.id + "' gives '" +
                           p.enantiomer + "' and model '" + spec.id + "' is '" + spec.enantiomer +
                           "': a protocol is simulated with a model of its own enantiomer");
    }
    return model(weight_kg, spec.id, p.route_alternatives());
}

namespace {

std::string& installed_drug_dir() {
    static std::string directory = PKENGINE_INSTALL_DRUG_DIR;
    return directory;
}

}  // namespace

bool set_installed_drug_dir(const std::string& directory) {
    installed_drug_dir() = directory;
    return true;
}

std::vector<std::string> drug_search_path() {
#ifdef _WIN32
    constexpr char kSeparator = ';';
#else
    constexpr char kSeparator = ':';
#endif
    std::vector<std::string> directories;
    if (const char* env = std::getenv("PKENGINE_DRUG_PATH")) {
        std::string entry;
        for (const char* c = env;; ++c) {
            if (*c == kSeparator || *c == '\0') {
                if (!entry.empty()) directories.push_back(entry);
                entry.clear();
                if (*c == '\0') break;
            } else {
                entry += *c;
            }
        }
    }
    directories.push_back(installed_drug_dir());
    return directories;
}

std::vector<std::string> available_drugs(const std::vector<std::string>& directories) {
    std::set<std::string> names;
    for (const std::string& dir : directories) {
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
            if (entry.is_regular_file() && entry.path().extension() == ".json") {
                names.insert(entry.path().stem().string());
            }
        }
    }
    return {names.begin(), names.end()};
}

std::string_view weight_scaling_name(WeightScaling scaling) {
    switch (scaling) {
        case WeightScaling::PerKg: return "per_kg";
        case WeightScaling::Allometric: return "allometric";
        case WeightScaling::None: return "none";
    }
    return "unknown";
}

std::string_view ka_method_name(KaMethod method) {
    switch (method) {
        case KaMethod::Published: return "published";
        case KaMethod::FromTmax: return "derived_from_tmax";
        case KaMethod::FromHalfLife: return "derived_from_half_life";
        case KaMethod::Fitted: return "fitted";
    }
    return "unknown";
}

std::string_view band_shape_name(BandShape shape) {
    switch (shape) {
        case BandShape::Range: return "range";
        case BandShape::Above: return "above";
        case BandShape::Level: return "level";
    }
    return "unknown";
}

std::string_view band_kind_name(BandKind kind) {
    switch (kind) {
        case BandKind::ObservedPeak: return "observed_peak";
        case BandKind::TargetRange: return "target_range";
        case BandKind::Threshold: return "threshold";
    }
    return "unknown";
}

std::string_view dispersion_kind_name(DispersionKind kind) {
    switch (kind) {
        case DispersionKind::None: return "none";
        case DispersionKind::Sd: return "sd";
        case DispersionKind::Sem: return "sem";
        case DispersionKind::Gsd: return "gsd";
        case DispersionKind::Unstated: return "unstated";
        case DispersionKind::Range: return "range";
        case DispersionKind::Iqr: return "iqr";
        case DispersionKind::Ci: return "ci";
    }
    return "unknown";
}

std::string_view auc_interval_name(AucInterval interval) {
    switch (interval) {
        case AucInterval::ZeroToT: return "0-t";
        case AucInterval::ZeroTo24: return "0-24";
        case AucInterval::ZeroToInf: return "0-inf";
    }
    return "unknown";
}

std::string_view dose_basis_name(DoseBasis basis) {
    switch (basis) {
        case DoseBasis::Base: return "base";
        case DoseBasis::Hydrochloride: return "hydrochloride";
        case DoseBasis::Unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace pkengine

namespace pkengine {

double CovariateEffect::apply(double theta, double c) const {
    // Named only on failure: a population applies the effect to every subject.
    const auto field = [this] { return "covariate " + covariate; };
    if (!std::isfinite(c)) detail::require_finite(c, field());
    switch (kind) {
        case CovariateEffectKind::LinearAbove:
            return theta + coefficient * std::max(0.0, c - reference);
        case CovariateEffectKind::Factor:
            if (c != 0.0 && c != 1.0) {
                detail::fail(field(), c,
                             "an indicator must be 0 or 1 (its effect on " + parameter +
                                 " is a factor " + detail::format_value(coefficient) + ")");
            }
            return c == 1.0 ? theta * coefficient : theta;
        case CovariateEffectKind::Power:
            if (!(c > 0.0)) detail::require_positive(c, field());
            return theta * std::pow(c / reference, coefficient);
    }
    return theta;
}

}  // namespace pkengine
