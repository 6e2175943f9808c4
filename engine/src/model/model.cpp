#include "pkengine/model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

namespace pkengine {

Disposition::Disposition(int compartments, double cl, double v1, double q2, double v2, double q3,
                         double v3)
    : m_compartments(compartments), m_cl(cl), m_v1(v1), m_q2(q2), m_v2(v2), m_q3(q3), m_v3(v3) {
    detail::require_non_negative(cl, "CL");  // 0: no linear elimination (see Model)
    detail::require_positive(v1, "V1");
    if (compartments >= 2) {
        detail::require_positive(q2, "Q2");
        detail::require_positive(v2, "V2");
    }
    if (compartments == 3) {
        detail::require_positive(q3, "Q3");
        detail::require_positive(v3, "V3");
    }
}

Disposition Disposition::one_compartment(double cl_l_per_h, double v1_l) {
    return {1, cl_l_per_h, v1_l, 0.0, 0.0, 0.0, 0.0};
}

Disposition Disposition::two_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                         double v2_l) {
    return {2, cl_l_per_h, v1_l, q2_l_per_h, v2_l, 0.0, 0.0};
}

Disposition Disposition::three_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                           double v2_l, double q3_l_per_h, double v3_l) {
    return {3, cl_l_per_h, v1_l, q2_l_per_h, v2_l, q3_l_per_h, v3_l};
}

namespace {

void require_absent(double k, const char* name, int compartments) {
    if (k != 0.0) {
        detail::fail(name, k,
                     "must be 0 for a " + std::to_string(compartments) + "-compartment model");
    }
}

}  // namespace

Disposition Disposition::from_micro_constants(int compartments, const MicroConstants& k,
                                              double v1_l) {
    if (compartments < 1 || compartments > 3) {
        detail::fail("compartments", compartments, "must be 1, 2 or 3");
    }
    detail::require_positive(v1_l, "V1");
    detail::require_non_negative(k.k10, "k10");  // 0: no linear elimination (see Model)
    if (compartments >= 2) {
        detail::require_positive(k.k12, "k12");
        detail::require_positive(k.k21, "k21");
    } else {
        require_absent(k.k12, "k12", compartments);
        require_absent(k.k21, "k21", compartments);
    }
    if (compartments == 3) {
        detail::require_positive(k.k13, "k13");
        detail::require_positive(k.k31, "k31");
    } else {
        require_absent(k.k13, "k13", compartments);
        require_absent(k.k31, "k31", compartments);
    }
    const double q2 = k.k12 * v1_l;
    const double q3 = k.k13 * v1_l;
    const double v2 = compartments >= 2 ? q2 / k.k21 : 0.0;
    const double v3 = compartments == 3 ? q3 / k.k31 : 0.0;
    return {compartments, k.k10 * v1_l, v1_l, q2, v2, q3, v3};
}

MicroConstants Disposition::micro_constants() const {
    MicroConstants k;
    k.k10 = m_cl / m_v1;
    if (m_compartments >= 2) {
        k.k12 = m_q2 / m_v1;
        k.k21 = m_q2 / m_v2;
    }
    if (m_compartments == 3) {
        k.k13 = m_q3 / m_v1;
        k.k31 = m_q3 / m_v3;
    }
    return k;
}

Model::Model(Disposition disposition) : m_disposition(disposition) {
    if (!(disposition.cl() > 0.0)) {
        detail::fail("CL", disposition.cl(),
                     "must be > 0 in a model without Michaelis-Menten elimination (for saturable "
                     "elimination only, construct the model with its MichaelisMenten parameters)");
    }
}

Model::Model(Disposition disposition, const MichaelisMenten& elimination)
    : m_disposition(disposition) {
    set_michaelis_menten(elimination);
}

Model& Model::set_absorption(Route route, const Absorption& absorption) {
    require_not_linear_structure("absorption");
    validate_route(route);
    if (!is_absorbed(route)) {
        throw InvalidInput("route = " + std::string(route_name(route)) +
                           ": IV routes have no absorption parameters (F = 1, no depot)");
    }
    absorption.validate(route);
    m_absorption[static_cast<std::size_t>(absorbed_index(route))] = absorption;
    return *this;
}

bool Model::has_route(Route route) const {
    validate_route(route);
    if (m_linear) return !is_absorbed(route) || m_linear->route(route) != nullptr;
    return !is_absorbed(route) || m_absorption[static_cast<std::size_t>(absorbed_index(route))];
}

const Absorption& Model::absorption(Route route) const {
    validate_route(route);
    if (!is_absorbed(route)) {
        throw InvalidInput("route = " + std::string(route_name(route)) +
                           ": IV routes have no absorption parameters");
    }
    if (m_linear) {
        throw InvalidInput("route = " + std::string(route_name(route)) +
                           ": a general linear model gives its routes as targets (F, lag, ka per "
                           "compartment), not as absorption parameters");
    }
    const auto& slot = m_absorption[static_cast<std::size_t>(absorbed_index(route))];
    if (!slot) {
        throw InvalidInput("route = " + std::string(route_name(route)) +
                           ": the model has no absorption parameters for this route");
    }
    return *slot;
}

Bioavailability Model::bioavailability(Route route) const {
    if (m_linear && has_route(route)) {
        // The fraction of a dose that enters the model: the route's targets' fractions summed.
        const LinearRoute* mapped = m_linear->route(route);
        if (mapped == nullptr) return Bioavailability::exactly(1.0);
        Bioavailability sum{0.0, 0.0, 0.0};
        for (const LinearRouteTarget& t : mapped->targets) {
            const Bioavailability f = t.fraction();
            sum.nominal += f.nominal;
            sum.low += f.low;
            sum.high += f.high;
        }
        return sum;
    }
    return is_absorbed(route) ? absorption(route).f : Bioavailability::exactly(1.0);
}

void MichaelisMenten::validate() const {
    detail::require_positive(vmax_mg_per_h, "michaelis_menten.vmax_mg_per_h");
    detail::require_positive(km_mg_per_l, "michaelis_menten.km_mg_per_l");
}

void Metabolite::validate() const {
    detail::require_positive(fm, "metabolite.fm");
    if (fm > 1.0) detail::fail("metabolite.fm", fm, "a fraction must be in (0, 1]");
    detail::require_positive(cl_l_per_h, "metabolite.cl_l_per_h");
    detail::require_positive(v_l, "metabolite.v_l");
    detail::require_non_negative(q_l_per_h, "metabolite.q_l_per_h");
    detail::require_non_negative(vp_l, "metabolite.vp_l");
    if ((q_l_per_h > 0.0) != (vp_l > 0.0)) {
        detail::fail("metabolite.vp_l", vp_l,
                     "a peripheral compartment needs both q_l_per_h and vp_l > 0 (q_l_per_h = " +
                         detail::format_value(q_l_per_h) + "); give both or neither");
    }
    for (Route route : kAbsorbedRoutes) {
        const double fraction = presystemic_fraction(route);
        const std::string field = "metabolite.presystemic." + std::string(route_name(route));
        detail::require_non_negative(fraction, field);
        if (!(fraction < 1.0)) detail::fail(field, fraction, "a fraction must be in [0, 1)");
    }
    const bool presystemic_formation =
        std::any_of(presystemic.begin(), presystemic.end(), [](double f) { return f > 0.0; });
    if (presystemic_formation && !(fm < 1.0)) {
        detail::fail("metabolite.fm", fm,
                     "must be < 1 with presystemic formation: the parent's AUC is then read from "
                     "the share 1 - fm of its clearance that forms no metabolite");
    }
    detail::require_positive(molar_mass_ratio, "metabolite.molar_mass_ratio");
    if (molar_mass_ratio > 10.0) {
        detail::fail("metabolite.molar_mass_ratio", molar_mass_ratio,
                     "must be at most 10 (metabolite / parent molar mass)");
    }
}

Metabolite& Metabolite::set_presystemic(Route route, double fraction) {
    validate_route(route);
    if (route != Route::Oral && route != Route::Sublingual && route != Route::Intranasal) {
        throw InvalidInput("metabolite.presystemic: route = " + std::string(route_name(route)) +
                           ": only oral, sublingual and intranasal doses are partly swallowed "
                           "(an IV or IM dose reaches plasma without a first pass)");
    }
    presystemic[static_cast<std::size_t>(absorbed_index(route))] = fraction;
    return *this;
}

double SigmoidEmax::operator()(double ce_mg_per_l) const {
    if (!(ce_mg_per_l > 0.0)) return e0;
    // x / (1 + x) written as 1 / (1 + 1/x) stays finite when x = (Ce/EC50)^h overflows to
    // infinity (a steep Hill curve far above EC50) or underflows to 0.
    const double x = std::pow(ce_mg_per_l / ec50_mg_per_l, hill);
    return e0 + emax / (1.0 + 1.0 / x);
}

void SigmoidEmax::validate() const {
    detail::require_finite(e0, "effect.response.e0");
    detail::require_finite(emax, "effect.response.emax");
    detail::require_positive(ec50_mg_per_l, "effect.response.ec50_mg_per_l");
    detail::require_positive(hill, "effect.response.hill");
}

void EffectCompartment::validate() const {
    detail::require_positive(ke0_per_h, "effect.ke0_per_h");
    if (response) response->validate();
}

void TransitAbsorption::validate(Route route) const {
    validate_route(route);
    const std::string prefix = std::string(route_name(route)) + ".transit";
    if (count < 0 || count > kMaxTransit) {
        detail::fail(prefix + ".count", count,
                     "must be in [0, " + std::to_string(kMaxTransit) + "]");
    }
    detail::require_positive(mtt_h, prefix + ".mtt_h");
}

Model& Model::set_michaelis_menten(const MichaelisMenten& elimination) {
    require_not_linear_structure("michaelis_menten");
    elimination.validate();
    m_michaelis_menten = elimination;
    return *this;
}

Model& Model::set_metabolite(const Metabolite& metabolite) {
    require_not_linear_structure("metabolite (name the metabolite compartment instead)");
    metabolite.validate();
    m_metabolite = metabolite;
    return *this;
}

Model& Model::set_effect_compartment(const EffectCompartment& effect) {
    effect.validate();
    if (m_linear) {
        const std::size_t states =
            m_linear->compartments.size() + m_linear->own_depots().size() + 2;
        if (states > static_cast<std::size_t>(kMaxExactStates)) {
            throw InvalidInput("effect: with the effect site the general linear model would have " +
                               std::to_string(states) +
                               " states, more than the exact path takes (" +
                               std::to_string(kMaxExactStates) + ")");
        }
    }
    m_effect = effect;
    return *this;
}

Model& Model::set_transit(Route route, const TransitAbsorption& transit) {
    validate_route(route);
    if (!is_absorbed(route)) {
        throw InvalidInput("route = " + std::string(route_name(route)) +
                           ": IV routes have no depot, so no transit chain");
    }
    require_not_linear_structure("transit");
    transit.validate(route);
    m_transit[static_cast<std::size_t>(absorbed_index(route))] = transit;
    forget_transit_dosing(route, transit.count + 1);
    return *this;
}

Model& Model::clear_transit(Route route) {
    validate_route(route);
    if (!is_absorbed(route)) return *this;
    m_transit[static_cast<std::size_t>(absorbed_index(route))].reset();
    forget_transit_dosing(route, 0);
    return *this;
}

void Model::forget_transit_dosing(Route route, int kept) {
    // Dose settings are kept by compartment name: a chain that shrinks must not leave settings
    // behind for compartments a later, longer chain would number again.
    const std::string prefix = "transit_" + std::string(route_name(route)) + "_";
    for (auto it = m_compartment_dosing.begin(); it != m_compartment_dosing.end();) {
        const std::string& name = it->first;
        const bool of_chain = name.rfind(prefix, 0) == 0;
        if (of_chain && std::stoi(name.substr(prefix.size())) >= kept) {
            it = m_compartment_dosing.erase(it);
        } else {
            ++it;
        }
    }
}

std::optional<TransitAbsorption> Model::transit(Route route) const {
    validate_route(route);
    if (!is_absorbed(route)) return std::nullopt;
    return m_transit[static_cast<std::size_t>(absorbed_index(route))];
}

}  // namespace pkengine
