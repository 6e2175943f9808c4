#pragma once
/// @file model.hpp
/// Linear mammillary disposition models (1, 2, 3 compartments) and the Model that joins a
/// disposition to the absorption parameters of each route.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "route.hpp"

namespace pkengine {

/// Micro-constants of a mammillary model (all 1/h). Unused ones are 0.
struct MicroConstants {
    double k10 = 0.0;  ///< elimination from the central compartment (1/h)
    double k12 = 0.0;  ///< central -> peripheral 1 (1/h)
    double k21 = 0.0;  ///< peripheral 1 -> central (1/h)
    double k13 = 0.0;  ///< central -> peripheral 2 (1/h)
    double k31 = 0.0;  ///< peripheral 2 -> central (1/h)
};

/// Linear disposition: central compartment V1 with clearance CL, and up to two peripheral
/// compartments (V2 with inter-compartmental clearance Q2, V3 with Q3). Validated on
/// construction: every value finite and > 0, except CL (and k10), which may be 0 to mean "no
/// linear elimination". A Model accepts CL = 0 only together with Michaelis-Menten elimination.
class Disposition {
public:
    /// One compartment. cl in L/h, v1 in L.
    static Disposition one_compartment(double cl_l_per_h, double v1_l);
    /// Two compartments. Clearances in L/h, volumes in L.
    static Disposition two_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                       double v2_l);
    /// Three compartments. Clearances in L/h, volumes in L.
    static Disposition three_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                         double v2_l, double q3_l_per_h, double v3_l);
    /// From micro-constants (1/h) and the central volume (L). `compartments` is 1, 2 or 3;
    /// constants of absent compartments must be 0.
    static Disposition from_micro_constants(int compartments, const MicroConstants& k, double v1_l);

    int compartments() const { return m_compartments; }
    double cl() const { return m_cl; }  ///< L/h
    double v1() const { return m_v1; }  ///< L
    double q2() const { return m_q2; }  ///< L/h (0 when absent)
    double v2() const { return m_v2; }  ///< L (0 when absent)
    double q3() const { return m_q3; }  ///< L/h (0 when absent)
    double v3() const { return m_v3; }  ///< L (0 when absent)
    /// Volume of distribution at steady state, V1 + V2 + V3 (L).
    double vss() const { return m_v1 + m_v2 + m_v3; }
    /// k10 = CL/V1, k12 = Q2/V1, k21 = Q2/V2, k13 = Q3/V1, k31 = Q3/V3 (1/h).
    MicroConstants micro_constants() const;

private:
    Disposition(int compartments, double cl, double v1, double q2, double v2, double q3, double v3);
    int m_compartments;
    double m_cl, m_v1, m_q2, m_v2, m_q3, m_v3;
};

/// A route's modelled zero-order input, NONMEM's Rn and Dn: the rate that a RATE = -1 record
/// and the duration that a RATE = -2 record of this route take. 0 = not modelled. F applies as
/// for given rates and durations (it changes the duration of a rate, the rate of a duration).
struct ModelledInfusion {
    double rate_mg_per_h = 0.0;  ///< modelled rate R (mg/h), >= 0; 0 = not modelled
    double duration_h = 0.0;     ///< modelled duration D (h), >= 0; 0 = not modelled

    /// Throws InvalidInput naming the field (prefixed by `route`) unless both values are finite
    /// and >= 0 and the route can take an infusion (every route but iv_bolus).
    void validate(Route route) const;
};

/// Saturable (Michaelis-Menten) elimination from the central compartment at the rate
/// Vmax * C / (Km + C) (mg/h), C the plasma concentration (mg/L). It makes a model nonlinear.
struct MichaelisMenten {
    double vmax_mg_per_h = 0.0;  ///< maximum elimination rate (mg/h), > 0
    double km_mg_per_l = 0.0;    ///< concentration of half-maximal rate (mg/L), > 0

    /// Throws InvalidInput naming the field unless both values are finite and > 0.
    void validate() const;
};

/// A metabolite formed from the parent's linear elimination: of the amount the parent loses
/// through CL, the fraction fm becomes metabolite (in the metabolite's central compartment) and
/// 1 - fm goes to the parent's eliminated state. Michaelis-Menten elimination forms no
/// metabolite. Amounts are counted in mg of parent (parent-equivalents), so parent, metabolite
/// and both eliminated states add up to the dose. The metabolite has its own central volume and
/// clearance and an optional peripheral compartment (q and vp both 0 = absent).
///
/// Presystemic formation: of a dose of an absorbed route, the fraction `presystemic` of that
/// route becomes metabolite before the parent reaches plasma (in the gut wall and on the first
/// pass through the liver), while the route's F reaches plasma as parent. That share is
/// swallowed drug: whatever the route (oral, sublingual, intranasal), it follows the oral
/// route's absorption (lag, transit chain, ka) into the metabolite's central compartment, so
/// the model needs an oral route. F and the fraction share one dose: where F + fraction > 1 (an
/// F at the high end of its range) the presystemic share is 1 - F. The rest of the dose is
/// never absorbed or leaves by other pathways.
///
/// The metabolite concentration is reported in the metabolite's own mass: amount x
/// molar_mass_ratio / v (molar_mass_ratio = metabolite / parent molar mass; 1 reports
/// parent-equivalents).
struct Metabolite {
    double fm = 0.0;          ///< fraction of the parent's linear elimination forming it, (0, 1]
    double cl_l_per_h = 0.0;  ///< metabolite clearance (L/h), > 0
    double v_l = 0.0;         ///< metabolite central volume (L), > 0
    double q_l_per_h = 0.0;   ///< metabolite inter-compartmental clearance (L/h), >= 0
    double vp_l = 0.0;        ///< metabolite peripheral volume (L), >= 0 (> 0 iff q > 0)
    /// Fraction of a dose of each absorbed route (by absorbed_index) formed presystemically,
    /// [0, 1); 0 = none.
    std::array<double, kAbsorbedRoutes.size()> presystemic{};
    double molar_mass_ratio = 1.0;  ///< metabolite / parent molar mass, in (0, 10]

    /// True when the metabolite has a peripheral compartment.
    bool has_peripheral() const { return q_l_per_h > 0.0; }
    /// The presystemic fraction of `route` (0 for IV routes).
    double presystemic_fraction(Route route) const {
        return is_absorbed(route) ? presystemic[static_cast<std::size_t>(absorbed_index(route))]
                                  : 0.0;
    }
    /// Sets the presystemic fraction of a route that is partly swallowed (intranasal, oral,
    /// sublingual). Throws InvalidInput for another route.
    Metabolite& set_presystemic(Route route, double fraction);
    /// Throws InvalidInput naming the field (prefixed "metabolite.") when a value is invalid.
    void validate() const;
};

/// Sigmoid-Emax (Hill) response to the effect-site concentration Ce (mg/L):
/// E = E0 + Emax * Ce^h / (EC50^h + Ce^h). With hill = 1 it is the plain Emax model. E0 and
/// Emax share the user's effect unit (e.g. a score or a percentage); Emax < 0 is an inhibition.
struct SigmoidEmax {
    double e0 = 0.0;             ///< baseline effect (effect unit), finite
    double emax = 0.0;           ///< maximum change from baseline (effect unit), finite
    double ec50_mg_per_l = 0.0;  ///< effect-site concentration of half-maximal effect (mg/L), > 0
    double hill = 1.0;           ///< Hill coefficient (dimensionless), > 0

    /// The effect (effect unit) at effect-site concentration `ce_mg_per_l` (mg/L); a negative
    /// concentration (a rounding undershoot of the solver near zero) counts as 0.
    double operator()(double ce_mg_per_l) const;
    /// Throws InvalidInput naming the field (prefixed "effect.response.") when invalid.
    void validate() const;
};

/// An effect compartment linked to plasma: dCe/dt = ke0 * (C - Ce), Ce in mg/L. It carries no
/// mass (its state is a concentration), so it never enters mass balances or amounts.
struct EffectCompartment {
    double ke0_per_h = 0.0;               ///< equilibration rate constant (1/h), > 0
    std::optional<SigmoidEmax> response;  ///< effect as a function of Ce, if any

    /// Throws InvalidInput naming the field (prefixed "effect.") when a value is invalid.
    void validate() const;
};

/// Transit-compartment absorption (Savic 2007) of one absorbed route: a dose enters transit
/// compartment 0 and passes through `count` further transit compartments, each emptying into
/// the next with ktr = (count + 1) / MTT, the last one into the route's depot, which absorbs
/// with ka. MTT is the mean time (h) from the dose (after any lag) to arrival in the depot.
struct TransitAbsorption {
    int count = 0;       ///< number of transit compartments after the dosing one, 0..kMaxTransit
    double mtt_h = 0.0;  ///< mean transit time (h), > 0

    /// The most transit compartments accepted on one route.
    static constexpr int kMaxTransit = 50;
    /// Transfer rate constant ktr = (count + 1) / MTT (1/h).
    double ktr_per_h() const { return (count + 1) / mtt_h; }
    /// Throws InvalidInput naming the field (prefixed by the route) when a value is invalid.
    void validate(Route route) const;
};

/// What a numbered compartment of a model is (see Model::compartments).
enum class CompartmentKind {
    Central,               ///< the central compartment: IV doses
    Peripheral,            ///< a peripheral compartment of the disposition
    Depot,                 ///< an absorbed route's depot (a dose enters its transit chain, if any)
    MetaboliteCentral,     ///< the metabolite's central compartment
    MetabolitePeripheral,  ///< the metabolite's peripheral compartment
    Declared,              ///< a compartment of a general linear model (LinearStructure)
    Transit,               ///< a transit compartment of an absorbed route's chain
};

/// One compartment of a model's numbering: NONMEM's CMT data item.
struct Compartment {
    int number = 0;                                   ///< the CMT (from 1)
    std::string name;                                 ///< state name, e.g. "depot_oral"
    CompartmentKind kind = CompartmentKind::Central;  ///< what it is
    Route route = Route::IvBolus;  ///< Depot, Transit: the route whose depot or chain it is
};

/// One compartment of a general linear model (LinearStructure).
struct LinearCompartment {
    std::string name;       ///< identifier, unique in the model (e.g. "central", "liver")
    double volume_l = 0.0;  ///< volume (L), > 0 where the compartment is observed or a
                            ///< clearance leaves it; 0 = none
};

/// A first-order transfer of a general linear model: the amount in `from` moves to `to` (or,
/// with `to` empty, leaves the system: elimination) at k * amount (mg/h). Given as a rate
/// constant k (1/h) or as a clearance CL (L/h) from a compartment with a volume, k = CL / V_from.
struct LinearTransfer {
    std::string from;        ///< source compartment
    std::string to;          ///< receiving compartment; "" = out of the system
    double value = 0.0;      ///< k (1/h), or CL (L/h) when `clearance`; finite, >= 0
    bool clearance = false;  ///< true: `value` is a clearance (L/h)

    /// A transfer by rate constant k (1/h).
    static LinearTransfer rate(std::string from, std::string to, double k_per_h) {
        return {std::move(from), std::move(to), k_per_h, false};
    }
    /// A transfer by clearance CL (L/h); `from` must have a volume.
    static LinearTransfer by_clearance(std::string from, std::string to, double cl_l_per_h) {
        return {std::move(from), std::move(to), cl_l_per_h, true};
    }
};

/// Where a route's doses enter a general linear model: a share f of each dose goes to
/// `compartment` after lag_h. With ka_per_h > 0 the share first enters a depot of its own
/// ("depot_<route>_<compartment>", numbered after the declared compartments) that empties into
/// `compartment` with ka; a depot that is a declared compartment is simply a target whose
/// outgoing transfer is the absorption. With duration_h > 0 a bolus share enters as a zero-order
/// input over duration_h hours (an infusion record keeps its own rate or duration).
struct LinearRouteTarget {
    std::string compartment;  ///< receiving compartment
    double f = 1.0;           ///< fraction of the dose, (0, 1]; the route's fractions sum <= 1
    double lag_h = 0.0;       ///< lag time (h), >= 0
    double ka_per_h = 0.0;    ///< first-order absorption (1/h) through an own depot; 0 = none
    double duration_h = 0.0;  ///< zero-order input duration (h) of a bolus share; 0 = a bolus
    /// The range of f, taken by FChoice::Low and High (simulate's bioavailability = "low" or
    /// "high"): 0 < f_low <= f <= f_high <= 1, and the route's f_high sum to at most 1. 0 = f.
    double f_low = 0.0;
    double f_high = 0.0;
    /// A remainder target: when not empty, the compartment of another target of the same route
    /// (itself no remainder), and this target's fraction is what that one leaves, times
    /// `remainder_times`: f = (1 - f_other) x remainder_times (Perez-Ruixo's swallowed share
    /// (1 - FRn) x Fgut). f, f_low and f_high are then computed, never given:
    /// LinearStructure::resolve_remainders sets them, and a Model does so whenever its structure
    /// changes (the other target's F set by name moves this one). Ranges pair up: at
    /// FChoice::Low this target takes (1 - f_other_low) x times (its largest value, stored in
    /// f_low) and at FChoice::High (1 - f_other_high) x times (its smallest, in f_high), so
    /// each choice is one consistent split of the dose.
    std::string remainder_of = {};
    double remainder_times = 1.0;  ///< the factor on the remainder, (0, 1]

    /// f as `choice` takes it: f, f_low or f_high (f where no range is given).
    Bioavailability fraction() const {
        return Bioavailability::range(f, f_low > 0.0 ? f_low : f, f_high > 0.0 ? f_high : f);
    }
    /// True for a remainder target (remainder_of given).
    bool is_remainder() const { return !remainder_of.empty(); }
};

/// A route of a general linear model and the compartments its doses enter.
struct LinearRoute {
    Route route = Route::Oral;
    std::vector<LinearRouteTarget> targets;
};

/// A general linear model, NONMEM's ADVAN5/7: compartments declared in order (the order is the
/// CMT, from 1), first-order transfers between any two of them and out of any, routes mapped
/// onto one or more compartments. The observed compartment gives the plasma concentration
/// (amount / volume); the optional metabolite compartment the metabolite concentration. All
/// amounts are in mg of parent (parent-equivalents) and every loss goes to one `eliminated`
/// state, so amounts and eliminated add up to the doses that entered. IV routes not mapped
/// enter the observed compartment. Transfers are named after NONMEM: K<m><n> from compartment m
/// to n (0 = out), K<m>T<n> when m or n has two digits, and so is the ka of a route target's own
/// depot (K<depot><target>); see parameter_names().
struct LinearStructure {
    std::vector<LinearCompartment> compartments;  ///< in CMT order
    std::vector<LinearTransfer> transfers;
    std::vector<LinearRoute> routes;
    std::string observed;    ///< observed (plasma) compartment; "" = the first with a volume
    std::string metabolite;  ///< observed metabolite compartment; "" = none

    /// Throws InvalidInput naming the field (e.g. "transfers[2].to") when the structure is
    /// invalid: no compartments, empty, duplicate or unknown names, a transfer to itself, a
    /// negative or non-finite k, CL or volume, CL from a compartment without volume, an observed
    /// compartment without volume, F outside (0, 1] or a route's fractions summing above 1,
    /// a route given twice, or more states than the exact path takes (kMaxExactStates).
    /// Remainder targets are checked with their fractions as resolve_remainders computes them.
    void validate() const;
    /// Index (from 0) of the compartment called `name`; -1 when there is none.
    int index(const std::string& name) const;
    /// The observed compartment's index: `observed`, or the first with a volume.
    int observed_index() const;
    /// Rate constant (1/h) of transfer `i` (k, or CL / V_from).
    double rate_constant(std::size_t i) const;
    /// NONMEM's name of transfer `i`: K<m><n>, or K<m>T<n> when m or n exceeds 9 (0 = out).
    std::string transfer_name(std::size_t i) const;
    /// The route's targets; nullptr when the route is not mapped.
    const LinearRoute* route(Route route) const;
    /// The depots of route targets with ka, as (route index in `routes`, target index).
    std::vector<std::pair<std::size_t, std::size_t>> own_depots() const;
    /// NONMEM's name of the ka of own depot `d` (an index in own_depots()): the depot's
    /// transfer K<depot><target>, the depot numbered after the declared compartments.
    std::string own_depot_ka_name(std::size_t d) const;
    /// NONMEM's name of the F of own depot `d`, the fraction of the route's dose its target
    /// takes: F<depot> (NONMEM's F of a dose compartment).
    std::string own_depot_f_name(std::size_t d) const;
    /// Computes the fractions of remainder targets (LinearRouteTarget::remainder_of) from the
    /// targets they refer to. Throws InvalidInput naming the field when the referenced target
    /// is missing from the route, is itself a remainder or leaves nothing (its f, or the high
    /// end of its range, is 1), or the factor is outside (0, 1].
    void resolve_remainders();
};

/// A compartment's dose settings, NONMEM's F<n>, ALAG<n>, R<n>, D<n>: of the doses that enter
/// compartment n, the fraction that arrives, their lag time, and the rate and duration of its
/// RATE = -1 and RATE = -2 records. On a depot these are the route's F, lag and modelled
/// infusion; on the central compartment they apply to IV doses.
struct CompartmentDosing {
    double f = 1.0;             ///< fraction of the amount that enters (> 0; <= 1 on a depot)
    double lag_h = 0.0;         ///< lag time (h), >= 0
    ModelledInfusion modelled;  ///< modelled rate (mg/h) and duration (h); 0 = not modelled

    /// Throws InvalidInput naming the field (prefixed by `prefix`) when a value is invalid.
    void validate(const std::string& prefix) const;
};

/// A disposition plus the absorption parameters of each absorbed route the model knows, and
/// the optional extensions: Michaelis-Menten elimination, a metabolite, an effect compartment,
/// transit absorption per route. IV routes need no parameters (F = 1, no depot).
///
/// A model whose elimination is only saturable is a disposition with CL = 0 given together
/// with its Michaelis-Menten parameters: Model(Disposition::one_compartment(0.0, v1),
/// MichaelisMenten{vmax, km}). Everything but Michaelis-Menten elimination is linear.
class Model {
public:
    /// A model with linear elimination. Throws InvalidInput when the disposition's CL is 0.
    explicit Model(Disposition disposition);
    /// A model with Michaelis-Menten elimination beside the disposition's linear clearance,
    /// which may be 0 (saturable elimination only).
    Model(Disposition disposition, const MichaelisMenten& elimination);

    /// NONMEM's library model ADVAN `number` (1, 2, 3, 4, 11 or 12; TRANS2 for 1 and 2, TRANS4
    /// for the others) from its parameters by NONMEM's names, each required: ADVAN1 CL, V;
    /// ADVAN2 CL, V, KA; ADVAN3 CL, V1, Q, V2; ADVAN4 CL, V2, Q, V3, KA; ADVAN11 CL, V1, Q2, V2,
    /// Q3, V3; ADVAN12 CL, V2, Q3, V3, Q4, V4, KA (L/h, L, 1/h). Compartments are numbered as
    /// NONMEM numbers them (ADVAN2: 1 depot, 2 central).
    /// ADVAN5 and 7 (general linear; the same model here, on the exact path) read their
    /// structure from the names: K<m><n> (1/h) from compartment m to n, 0 = out (K<m>T<n> when m
    /// or n has two digits), V<n> (L) the volume of compartment n. Compartments "compartment1"
    /// to the highest number named; the observed one is the first with a volume; doses enter by
    /// CMT (IV routes: the observed compartment). Throws InvalidInput naming an unknown model,
    /// a missing or unknown parameter, one given twice, or an invalid value.
    static Model advan(int number, const std::map<std::string, double>& parameters);
    /// A general linear model (NONMEM's ADVAN5/7), validated (LinearStructure::validate). Its
    /// compartments are numbered as declared, own depots of route targets after them. It takes
    /// the exact path. Of the extensions it accepts the effect compartment (linked to the
    /// observed compartment); Michaelis-Menten elimination, the Metabolite, transit chains,
    /// absorption parameters and a replaced disposition are rejected (declare compartments and
    /// transfers instead).
    explicit Model(LinearStructure structure);
    /// The structure of a general linear model; empty for other models.
    const std::optional<LinearStructure>& linear_structure() const { return m_linear; }
    /// The ADVAN number of a library model (5 or 7 for one built by advan(5 or 7, ...)); 0 for
    /// a route-named model or one built from a LinearStructure.
    int advan() const { return m_advan; }
    /// The names of the parameters set_parameter takes: a library model's (e.g. CL, V, KA); a
    /// general linear model's transfers (K<m><n>, K<m>T<n> or, for a clearance, CL<m><n>,
    /// CL<m>T<n>), the ka of its route targets' own depots (K<depot><target>), the F of those
    /// depots (F<depot>: the fraction of the route's dose the target takes; a remainder
    /// target's F is computed, not named) and volumes (V<n>). Empty for a
    /// route-named model (its parameters are its dataset columns).
    std::vector<std::string> parameter_names() const;
    /// The value of a library model's parameter by its NONMEM name (case-insensitive).
    double parameter(const std::string& name) const;
    /// Sets a library model's parameter by its NONMEM name (case-insensitive). Throws
    /// InvalidInput naming the parameter when the model does not have it or the value is invalid.
    Model& set_parameter(const std::string& name, double value);
    /// The position of a parameter in parameter_names() (case-insensitive name; the same errors
    /// as parameter(name)). A loop that sets the same parameters of many copies of one model (a
    /// population's subjects) looks each name up once and then sets it by position, which
    /// allocates nothing; the position holds for every model of the same structure.
    std::size_t parameter_index(const std::string& name) const;
    /// The value of parameter_names()[index]. Throws InvalidInput for an index out of range.
    double parameter(std::size_t index) const;
    /// Sets parameter_names()[index], in place; the same checks as set_parameter(name), and the
    /// model is unchanged when one fails.
    Model& set_parameter(std::size_t index, double value);

    /// The model's compartments by number (NONMEM's CMT). Library models: NONMEM's numbering
    /// (ADVAN4: 1 depot_oral, 2 central, 3 peripheral1). Route-named models: 1 central,
    /// 2 depot_im, 3 depot_intranasal, 4 depot_oral, 5 depot_sublingual (numbered whether or not
    /// the model has the route), then peripheral1, peripheral2, the transit compartments of each
    /// route with a chain (transit_<route>_0 to transit_<route>_<count>, routes in the order
    /// im, intranasal, oral, sublingual), metabolite_central, metabolite_peripheral, as the
    /// model has them. A library model with a transit chain numbers it the same way, after its
    /// NONMEM compartments.
    std::vector<Compartment> compartments() const;
    /// Compartment `number`. Throws InvalidInput naming `field` and listing the compartments
    /// when the model has no such compartment.
    Compartment compartment(int number, const std::string& field = "compartment") const;
    /// Sets the dose settings of compartment `number` (F<n>, ALAG<n>, R<n>, D<n>). On a depot
    /// they replace the route's F, lag and modelled infusion (the route must have absorption
    /// parameters); on the central compartment they apply to IV doses; on any other compartment
    /// (a transit compartment too) to the doses into it by number. Throws InvalidInput for a
    /// compartment the model lacks or an invalid value.
    Model& set_compartment_dosing(int number, const CompartmentDosing& dosing);
    /// The dose settings of compartment `number` (defaults: F 1, no lag, nothing modelled).
    CompartmentDosing compartment_dosing(int number) const;
    /// The dose settings of a compartment of compartments().
    CompartmentDosing compartment_dosing(const Compartment& compartment) const;

    /// Sets (or replaces) the absorption of an absorbed route. Throws InvalidInput for an IV
    /// route or an invalid parameter.
    Model& set_absorption(Route route, const Absorption& absorption);
    /// True when the route can be simulated (IV always; absorbed routes once set).
    bool has_route(Route route) const;
    /// The absorption of an absorbed route. Throws InvalidInput if it was never set.
    const Absorption& absorption(Route route) const;
    /// Bioavailability of a route (IV routes: exactly 1).
    Bioavailability bioavailability(Route route) const;
    /// The disposition (clearances L/h, volumes L).
    const Disposition& disposition() const { return m_disposition; }
    /// Replaces the disposition (already validated by its constructor); routes are kept.
    Model& set_disposition(const Disposition& disposition);
    /// Sets the modelled rate (mg/h) and duration (h) of a route's zero-order input (NONMEM Rn,
    /// Dn). Throws InvalidInput for iv_bolus or an invalid value.
    Model& set_modelled_infusion(Route route, const ModelledInfusion& infusion);
    /// The modelled rate and duration of a route (both 0 unless set).
    const ModelledInfusion& modelled_infusion(Route route) const;

    /// Adds (or replaces) Michaelis-Menten elimination beside the linear clearance.
    Model& set_michaelis_menten(const MichaelisMenten& elimination);
    /// Adds (or replaces) the metabolite.
    Model& set_metabolite(const Metabolite& metabolite);
    /// Adds (or replaces) the effect compartment.
    Model& set_effect_compartment(const EffectCompartment& effect);
    /// Gives an absorbed route a transit chain before its depot (the route's absorption is set
    /// separately, before or after). Throws InvalidInput for an IV route or an invalid value.
    Model& set_transit(Route route, const TransitAbsorption& transit);
    /// Removes the transit chain of a route, if any (a dose then enters the depot directly).
    Model& clear_transit(Route route);

    /// Michaelis-Menten elimination, if any.
    const std::optional<MichaelisMenten>& michaelis_menten() const { return m_michaelis_menten; }
    /// The metabolite, if any.
    const std::optional<Metabolite>& metabolite() const { return m_metabolite; }
    /// The effect compartment, if any.
    const std::optional<EffectCompartment>& effect_compartment() const { return m_effect; }
    /// The transit chain of an absorbed route, if any (always empty for IV routes).
    std::optional<TransitAbsorption> transit(Route route) const;
    /// True unless the model has Michaelis-Menten elimination: a linear model can take the
    /// exact (matrix-exponential) path.
    bool is_linear() const { return !m_michaelis_menten.has_value(); }

private:
    Disposition m_disposition;
    std::array<std::optional<Absorption>, kAbsorbedRoutes.size()> m_absorption{};
    std::array<ModelledInfusion, kAllRoutes.size()> m_modelled{};
    std::array<std::optional<TransitAbsorption>, kAbsorbedRoutes.size()> m_transit{};
    std::optional<MichaelisMenten> m_michaelis_menten;
    std::optional<Metabolite> m_metabolite;
    std::optional<EffectCompartment> m_effect;
    int m_advan = 0;
    std::optional<LinearStructure> m_linear;
    /// Rejects a change that a general linear model declares in its structure instead.
    void require_not_linear_structure(const char* what) const;
    /// Replaces the structure of a general linear model (validated) and its reported disposition.
    void set_linear_structure(const LinearStructure& structure);
    /// Dose settings of the central compartment and of compartments that are no depot, by
    /// compartment name; depots keep theirs in the route's absorption.
    std::map<std::string, CompartmentDosing> m_compartment_dosing;
    /// Drops the dose settings of the route's transit compartments from number `kept` on.
    void forget_transit_dosing(Route route, int kept);
};

}  // namespace pkengine
