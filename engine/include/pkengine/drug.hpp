#pragma once
/// @file drug.hpp
/// Drug files (format `pkengine-drug/1`, docs/drug-file-format.md): a drug's disposition models,
/// routes, literature presets, protocols, concentration bands and references, loaded from JSON,
/// validated, and converted into engine units (h, mg, L, L/h, 1/h, kg, mg/L) once, at load time.
///
/// A loaded Drug turns into a Model at any body weight (drug.model(70.0)) and each of its
/// protocols into a Regimen (drug.protocol_regimen("kit_single_infusion", 70.0)). Every error
/// in a file is an InvalidInput whose message starts with the file path and the JSON key path,
/// e.g. "ketamine.json: models.domino1984.parameters.V1.unit = 'L/lb': unknown volume unit".

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "regimen.hpp"
#include "route.hpp"

namespace pkengine {

/// Reference ids of a drug-file number (keys of the file's `references`).
using RefIds = std::vector<std::string>;

/// How a model's parameters scale with body weight (format §6.3).
enum class WeightScaling {
    PerKg,       ///< volumes and clearances x weight; rate constants unchanged
    Allometric,  ///< volumes x (W/Wref), clearances x (W/Wref)^0.75
    None,        ///< unchanged
};

/// How a model's parameters are given (format §6.2).
enum class Parameterisation {
    MicroConstants,  ///< V1 and k10, k12, k21, k13, k31
    Clearances,      ///< CL, V1, Q2, V2, Q3, V3
};

/// What a dose amount is an amount of (format §5).
enum class DoseBasis { Base, Hydrochloride, Unknown };

/// Where a route's absorption rate constant comes from (format §8).
enum class KaMethod {
    Published,     ///< a published ka
    FromTmax,      ///< solved so that the single-dose Tmax of the chosen model equals a Tmax
    FromHalfLife,  ///< ka = ln 2 / published absorption half-life
    Fitted,        ///< fitted to the drug file's observations (KaSpec::fitted_to names them)
};

/// The shape of a concentration band (format §11).
enum class BandShape {
    Range,  ///< low <= C <= high
    Above,  ///< C >= low
    Level,  ///< a reference level (a line), no width
};

/// What a concentration band's numbers are (format §11).
enum class BandKind {
    ObservedPeak,  ///< concentrations measured after a given regimen (Band::regimen), not a window
    TargetRange,   ///< a range aimed at or held in a study or a therapy
    Threshold,     ///< a level at which an effect appears or ends, with its spread if published
};

/// One parameter of a disposition model, converted to engine units.
struct DrugParameter {
    std::string name;  ///< "V1", "V2", "V3", "CL", "Q2", "Q3", "k10", "k12", "k21", "k13", "k31"
    /// Value in engine units: volumes L, clearances L/h, rate constants 1/h; per kg of body
    /// weight for per-kg models, at the reference weight for allometric models.
    double value = 0.0;
    double file_value = 0.0;            ///< the number as written in the file
    std::string unit;                   ///< the unit as written in the file (e.g. "L/kg", "1/min")
    std::optional<double> bsv_percent;  ///< between-subject variability (CV %), if published
    RefIds refs;                        ///< sources of the value
};

/// The published between-subject variability of one parameter of a drug model (its `bsv`,
/// format §6.5): a coefficient of variation of a log-normal parameter, by the parameter's name
/// as a population takes it ("CL", "V1"; on a general linear model NONMEM's "V4", "CL14",
/// "K71"). Parameters with the same `eta` share one random effect (correlation 1), as a model
/// with one eta on two parameters (a flow in and out of a compartment) has it.
struct DrugVariability {
    std::string parameter;    ///< the parameter's name (population/dataset naming)
    double cv_percent = 0.0;  ///< CV (%), > 0 (log-normal); 0 when sd_logit is given
    std::string eta;          ///< the random effect it belongs to; = parameter unless shared
    RefIds refs;              ///< sources
    /// A fraction's spread as the SD of logit P (logit-normal, omega^2 = sd_logit^2: a general
    /// linear model's route target F, format §6.5); 0 for a CV.
    double sd_logit = 0.0;
};

/// How a covariate c acts on a parameter's typical value theta, before its random effect.
enum class CovariateEffectKind {
    LinearAbove,  ///< theta + coefficient * max(0, c - reference) (Qh - 2.19 L/h a year above 60)
    Factor,       ///< theta * coefficient^c, c an indicator 0 or 1 (Asian race: kel x 0.36)
    Power,        ///< theta * (c / reference)^coefficient, c > 0
};

/// A covariate's effect on one parameter (format §6.8), the parameter named as a population
/// names it (CL, V1; on a general linear model NONMEM's CL14, K40).
struct CovariateEffect {
    std::string covariate;  ///< the covariate's name, upper case (AGE, ASIAN)
    std::string parameter;  ///< the parameter it acts on
    CovariateEffectKind kind = CovariateEffectKind::Factor;
    double reference = 0.0;    ///< LinearAbove: the threshold; Power: the reference value
    double coefficient = 1.0;  ///< slope (parameter unit per covariate unit), factor or exponent
    RefIds refs;               ///< sources

    /// The typical value theta after the effect of covariate value `c`. Throws InvalidInput
    /// naming the covariate when c is out of the effect's domain (an indicator not 0 or 1,
    /// a power's c <= 0, c not finite).
    double apply(double theta, double c) const;
};

/// The presystemic metabolite fraction of one route of a drug model's metabolite (format §6.7).
struct DrugPresystemic {
    Route route = Route::Oral;
    double fraction = 0.0;               ///< of the dose, [0, 1)
    RefIds refs;                         ///< sources (or the fit) of the value
    std::vector<std::string> fitted_to;  ///< observations it was fitted to (empty: published)
};

/// The metabolite of a mammillary drug model (format §6.7): formed from the parent's linear
/// clearance (fm) and, for absorbed routes, before the parent reaches plasma (presystemic).
struct DrugMetabolite {
    std::string name;     ///< e.g. "norketamine"
    std::string analyte;  ///< the observations' analyte it is checked against
    /// fm (fraction), CL and V (and Q and Vp with a peripheral compartment), in engine units
    /// and scaled as the model's disposition parameters are (format §6.3).
    std::vector<DrugParameter> parameters;
    double molar_mass_ratio = 1.0;  ///< metabolite / parent molar mass
    RefIds molar_mass_refs;         ///< its sources
    std::vector<DrugPresystemic> presystemic;
    std::vector<std::string> fitted_to;  ///< observations its fitted parameters were fitted to
    std::string note;

    /// The parameter named `name` ("fm", "CL", "V", "Q", "Vp"); InvalidInput if absent.
    const DrugParameter& parameter(const std::string& name) const;
};

/// A disposition model of a drug file (format §6).
struct DrugModel {
    std::string id;          ///< model id, e.g. "domino1984"
    std::string title;       ///< short name for users
    std::string population;  ///< who the model was built on
    std::string enantiomer;  ///< "racemic" (total R+S concentrations) or "S"
    std::string sampling;    ///< "arterial", "venous" or "unknown"
    std::string model_kind;  ///< "published" or "approximation"
    int compartments = 1;    ///< 1, 2 or 3; a general linear model: its declared compartments
    Parameterisation parameterisation = Parameterisation::Clearances;  ///< parameter names
    WeightScaling weight_scaling = WeightScaling::None;                ///< weight scaling
    /// Weight (kg) at which allometric parameter values apply; absent for other scalings.
    std::optional<double> reference_weight_kg;
    std::vector<DrugParameter> parameters;  ///< in the order of the format's name table
    /// The published between-subject variability of the model's parameters, in file order
    /// (empty when the source publishes none); see published_variability (population.hpp).
    std::vector<DrugVariability> variability;
    /// The covariate effects of the published model, applied to the typical values of a
    /// population's subjects (format §6.8); empty when the model has none.
    std::vector<CovariateEffect> covariate_effects;
    RefIds refs;       ///< sources of the model as a whole
    std::string note;  ///< caveats ("" if none)

    /// The parameter named `name`. Throws InvalidInput if the model has none of that name.
    const DrugParameter& parameter(const std::string& name) const;
    /// A general linear model (structure "linear", format §6.6): compartments, transfers and
    /// routes in engine units, volumes and clearances per kg for per-kg models and at the
    /// reference weight for allometric ones (rate constants, fractions and times never scale).
    /// Empty for a mammillary model, whose `parameters` it then has none of.
    std::optional<LinearStructure> linear;
    /// The metabolite of a mammillary model, if the file gives one (format §6.7).
    std::optional<DrugMetabolite> metabolite;
    /// The metabolite at body weight `weight_kg` (kg), scaled as the disposition is. Throws
    /// InvalidInput when the model has none.
    Metabolite metabolite_at(double weight_kg) const;

    /// The disposition at body weight `weight_kg` (kg, in (0, 500]) after weight scaling. For
    /// a general linear model: the observed compartment's volume and the clearance out of it.
    Disposition disposition(double weight_kg) const;
    /// A general linear model's structure at body weight `weight_kg` (kg, in (0, 500]), volumes
    /// and clearances scaled as format §6.3 says. Throws InvalidInput for a mammillary model.
    LinearStructure linear_structure(double weight_kg) const;
    /// The weight (kg) at which a derived ka is solved (format §8): the reference weight of an
    /// allometric model, 70 kg otherwise (the curve's shape does not depend on weight then).
    double derivation_weight_kg() const;
};

/// The absorption rate constant of a route or route alternative (format §8).
struct KaSpec {
    KaMethod method = KaMethod::Published;  ///< where ka comes from
    double ka_per_h = 0.0;     ///< Published and FromHalfLife: ka (1/h); FromTmax: 0 (solved)
    double tmax_h = 0.0;       ///< FromTmax: the Tmax to reproduce (h)
    double half_life_h = 0.0;  ///< FromHalfLife: the absorption half-life (h)
    RefIds refs;               ///< sources of the published ka, Tmax or half-life
    RefIds method_refs;        ///< the reference describing the derivation ("" if published)
    std::vector<std::string> fitted_to;  ///< Fitted: ids of the observations it was fitted to
    std::string path;                    ///< JSON path of the ka object, for messages
};

/// A route of a drug file, in engine units (format §7).
struct DrugRoute {
    Route route = Route::IvBolus;            ///< which route
    Bioavailability f;                       ///< bioavailability (fraction): nominal and range
    RefIds f_refs;                           ///< sources of f
    std::optional<KaSpec> ka;                ///< absorbed routes: absorption rate constant
    double lag_h = 0.0;                      ///< absorbed routes: lag time (h)
    std::vector<std::string> lag_fitted_to;  ///< observations the lag was fitted to (if fitted)
    /// Absorbed routes: a transit chain before the depot (Savic 2007), if the route has one.
    std::optional<TransitAbsorption> transit;
    std::vector<std::string> transit_fitted_to;  ///< observations the chain was fitted to
    double fraction_swallowed = 0.0;             ///< intranasal and sublingual: fraction swallowed
    std::string note;                            ///< "" if none

    /// Every observation id a parameter of this route was fitted to, once each, in file order.
    std::vector<std::string> fitted_to() const;
};

/// A named literature preset that replaces a route's F and, if it gives one, its absorption:
/// an alternative with its own ka absorbs first-order with that ka from the route's depot,
/// without the route's transit chain (format §9).
struct RouteAlternative {
    std::string id;             ///< e.g. "intranasal_2022_device"
    Route route = Route::Oral;  ///< the absorbed route it replaces values of
    std::string title;          ///< shown to users
    Bioavailability f;          ///< replaces the route's f
    RefIds f_refs;              ///< sources of f
    std::optional<KaSpec> ka;   ///< replaces the route's ka when present
    RefIds refs;                ///< sources of the preset
    std::string note;           ///< "" if none
};

/// One line of a protocol: a dose by a route at one or more times (format §10).
struct Administration {
    Route route = Route::IvBolus;   ///< route
    std::string route_alternative;  ///< default preset for this administration ("" if none)
    DoseBasis dose_basis = DoseBasis::Unknown;  ///< salt or base
    double dose = 0.0;                          ///< mg, or mg/kg when dose_per_kg
    bool dose_per_kg = false;                   ///< true when the dose is in mg/kg
    double duration_h = 0.0;                    ///< iv_infusion: duration (h); 0 otherwise
    std::vector<double> times_h;  ///< administration times from the protocol start (h)
    RefIds dose_refs;             ///< sources of the dose
    std::string note;             ///< "" if none

    /// Amount (mg) at body weight `weight_kg` (kg, in (0, 500]).
    double dose_mg(double weight_kg) const;
};

/// A named dosing protocol (format §10).
struct Protocol {
    std::string id;           ///< e.g. "kit_series_murrough2013"
    std::string title;        ///< shown to users
    std::string description;  ///< what is sourced and what is a choice
    std::string context;      ///< "kit", "kap", "esketamine", "anaesthesia" or "analgesia"
    /// "racemic" or "S": the drug the protocol gives (S: esketamine); it is simulated only with
    /// a model of the same enantiomer.
    std::string enantiomer;
    /// The model the protocol is simulated with by default ("" = the drug's default model); its
    /// enantiomer is the protocol's (the loader checks it).
    std::string model;
    std::vector<Administration> administrations;  ///< at least one
    RefIds refs;                                  ///< all sources of the protocol

    /// The dose records at body weight `weight_kg` (kg, in (0, 500]).
    Regimen regimen(double weight_kg) const;
    /// The route alternatives the administrations name, once each, in order of appearance.
    std::vector<std::string> route_alternatives() const;
    /// Span (h) from the first to the last administration time.
    double span_h() const;
};

/// A concentration band or level linked to an effect (format §11), in mg/L.
struct Band {
    std::string name;  ///< e.g. "analgesia"
    /// "racemic" (total R+S concentrations) or "S": the concentrations the band is of. Curves of
    /// a model are measured against the bands of the model's enantiomer only.
    std::string enantiomer;
    BandShape shape = BandShape::Range;      ///< range, above or level
    BandKind kind = BandKind::TargetRange;   ///< observed peak, target range or threshold
    std::optional<double> low_mg_per_l;      ///< Range and Above: lower bound (mg/L)
    std::optional<double> high_mg_per_l;     ///< Range: upper bound (mg/L)
    std::optional<double> nominal_mg_per_l;  ///< Level: the level (mg/L)
    /// Threshold: the published spread (one SD, mg/L) of the level, if any.
    std::optional<double> spread_mg_per_l;
    /// ObservedPeak: the regimen after which the concentrations were measured.
    std::string regimen;
    std::string unit;     ///< display unit written in the file ("ng/mL" or "mg/L")
    std::string meaning;  ///< what it means and for whom
    RefIds refs;          ///< all sources of the band

    /// True for Range and Above bands (those with a time-in-band metric).
    bool has_extent() const { return shape != BandShape::Level; }
    /// Lower bound of the band's extent (mg/L). Throws InvalidInput for a Level.
    double lower_mg_per_l() const;
    /// Upper bound of the band's extent (mg/L); +infinity for Above. Throws for a Level.
    double upper_mg_per_l() const;
};

/// How an observation's dispersion is given (format §12).
enum class DispersionKind {
    None,      ///< no dispersion reported
    Sd,        ///< ± one standard deviation
    Sem,       ///< ± one standard error of the mean
    Gsd,       ///< geometric standard deviation (a factor, dimensionless)
    Unstated,  ///< ± a spread whose kind the source does not state
    Range,     ///< minimum and maximum
    Iqr,       ///< interquartile range
    Ci,        ///< a confidence interval (the note says which)
};

/// The interval of an observed AUC (format §12).
enum class AucInterval {
    ZeroToT,    ///< from the dose to a stated time t
    ZeroTo24,   ///< from the dose to 24 h
    ZeroToInf,  ///< from the dose to infinity
};

/// A published value with its dispersion, in engine units.
struct ObservedValue {
    double value = 0.0;  ///< central value: mg/L (Cmax), h (Tmax) or mg·h/L (AUC)
    std::string unit;    ///< the unit as written in the file
    DispersionKind dispersion = DispersionKind::None;  ///< how the dispersion is given
    /// Sd, Sem, Unstated: the ± spread (engine units); Gsd: the factor. 0 otherwise.
    double spread = 0.0;
    double low = 0.0;   ///< Range, Iqr, Ci: lower bound (engine units); 0 otherwise
    double high = 0.0;  ///< Range, Iqr, Ci: upper bound (engine units); 0 otherwise
    RefIds refs;        ///< sources
};

/// A published human observation of a drug's concentrations after a dosing design (format §12).
struct Observation {
    std::string id;                ///< e.g. "chong2006_oral_25mg"
    Route route = Route::IvBolus;  ///< route of every dose
    double dose = 0.0;             ///< mg, or mg/kg when dose_per_kg
    bool dose_per_kg = false;      ///< true when the dose is in mg/kg
    /// Body weight simulated (kg): the study's mean where reported, else 70 kg. It scales a
    /// mg/kg dose and the volumes of a per-kg or allometric model.
    double weight_kg = 70.0;
    double duration_h = 0.0;           ///< iv_infusion: duration (h); 0 otherwise
    std::vector<double> times_h{0.0};  ///< dose times from the first (h)
    /// "healthy_adults", "adult_patients", "adults" (health not stated), "children" or "icu"
    std::string population;
    std::optional<int> n;               ///< subjects, where reported
    std::string analyte;                ///< e.g. "racemic_ketamine", "s_ketamine"
    std::string sampling;               ///< "arterial", "venous" or "unknown"
    std::optional<ObservedValue> cmax;  ///< peak concentration (mg/L)
    std::optional<ObservedValue> tmax;  ///< time of the peak after the first dose (h)
    std::optional<ObservedValue> auc;   ///< area under the curve (mg·h/L)
    /// Terminal half-life (h), read from the curve 48-72 h after the last dose.
    std::optional<ObservedValue> half_life;
    /// Why the observation is shown but never counts (e.g. another formulation); "" = counts
    /// when population, analyte and status allow.
    std::string not_counted;
    AucInterval auc_interval = AucInterval::ZeroToInf;  ///< AUC: its interval
    double auc_end_h = 0.0;  ///< AUC over ZeroToT: t (h); ZeroTo24: 24; ZeroToInf: +infinity
    /// A metabolite's AUC over the parent's AUC, both over the same interval and each in its own
    /// mass (a ratio, not a fraction); only for an analyte that is a model's metabolite.
    std::optional<ObservedValue> auc_ratio;
    AucInterval auc_ratio_interval = AucInterval::ZeroToInf;  ///< the ratio's AUC interval
    double auc_ratio_end_h = 0.0;   ///< end of that interval (h), as auc_end_h
    std::optional<double> study_f;  ///< the study's own bioavailability (fraction), if reported
    std::string status;             ///< "D", "D-2", "S" or "U" (format §4)
    RefIds refs;                    ///< sources of the observation
    std::string note;               ///< "" if none

    /// Amount of each dose (mg).
    double dose_mg() const { return dose_per_kg ? dose * weight_kg : dose; }
    /// The study's dosing design as dose records.
    Regimen regimen() const;
};

/// A bibliographic reference of a drug file (format §4).
struct Reference {
    std::string id;          ///< e.g. "domino1984"
    std::string citation;    ///< citation, or for an `I` entry what was computed and how
    std::string where_read;  ///< where the figures were read
    std::string status;      ///< "D", "D-2", "S", "I" or "U"
};

namespace detail {
struct DrugData;
struct KaCache;
}  // namespace detail

/// A drug file, loaded and validated. Cheap to copy (the content is shared and immutable).
class Drug {
public:
    /// Loads and validates the drug file at `path`. Throws InvalidInput naming the file and
    /// the JSON key path of the first problem found.
    static Drug load_file(const std::string& path);
    /// Loads a drug by name (a file `<name>.json` in drug_search_path()) or, when `name_or_path`
    /// ends in ".json" or contains a directory separator, from that path.
    static Drug load(const std::string& name_or_path);

    const std::string& name() const;         ///< drug id, e.g. "ketamine"
    const std::string& description() const;  ///< one paragraph for users
    const std::string& source() const;       ///< the path the file was loaded from
    DoseBasis default_dose_basis() const;    ///< basis of doses without their own basis
    /// Molar mass of the base (g/mol), if the file gives it.
    std::optional<double> molar_mass_base() const;
    /// Molar mass of the hydrochloride (g/mol), if the file gives it.
    std::optional<double> molar_mass_hydrochloride() const;
    const std::string& default_model() const;  ///< id of the default model
    /// Length (h) of the integration window each administration opens (an annotation).
    double integration_window_h() const;

    const std::vector<DrugModel>& models() const;  ///< in file order
    /// The model `id` ("" = default). Throws InvalidInput naming the known ids.
    const DrugModel& model_spec(const std::string& id = {}) const;
    /// The six routes, in kAllRoutes order; empty for a drug whose models are all general
    /// linear models and whose file gives no routes (format §7).
    const std::vector<DrugRoute>& routes() const;
    /// One route. Throws InvalidInput when the file gives no routes.
    const DrugRoute& route(Route route) const;
    const std::vector<RouteAlternative>& route_alternatives() const;  ///< in file order
    /// The alternative `id`. Throws InvalidInput naming the known ids.
    const RouteAlternative& route_alternative(const std::string& id) const;
    const std::vector<Protocol>& protocols() const;  ///< in file order
    /// The protocol `id`. Throws InvalidInput naming the known ids.
    const Protocol& protocol(const std::string& id) const;
    const std::vector<Band>& bands() const;  ///< in file order
    /// The band `name`. Throws InvalidInput naming the known names.
    const Band& band(const std::string& name) const;
    /// The bands (every shape, in file order) of the enantiomer of model `model_id` ("" =
    /// default): the only ones its curves are measured against or drawn with.
    std::vector<Band> bands_for_model(const std::string& model_id = {}) const;
    const std::vector<Reference>& references() const;  ///< in file order
    /// The reference `id`. Throws InvalidInput if there is none.
    const Reference& reference(const std::string& id) const;
    /// What the drug's models predict (e.g. "racemic_ketamine"): observations of another
    /// analyte are shown by a check but never count.
    const std::string& analyte() const;
    const std::vector<Observation>& observations() const;  ///< in file order
    /// The observation `id`. Throws InvalidInput naming the known ids.
    const Observation& observation(const std::string& id) const;

    /// The absorption rate constant (1/h) of an absorbed `route` with model `model_id`
    /// ("" = default), from the route alternative `alternative` when given (it must be one of
    /// `route`'s). A ka derived from a Tmax is solved with ka_for_tmax() on the model at its
    /// derivation weight (DrugModel::derivation_weight_kg) with the route's lag, then cached.
    double ka(Route route, const std::string& model_id = {},
              const std::string& alternative = {}) const;

    /// The Model at body weight `weight_kg` (kg, in (0, 500]) with disposition `model_id`
    /// ("" = default) and every absorbed route (F, ka, lag, fraction swallowed), where each id
    /// of `alternatives` replaces its route's F (and ka, if it has one). At most one
    /// alternative per route.
    Model model(double weight_kg, const std::string& model_id = {},
                const std::vector<std::string>& alternatives = {}) const;

    /// The dose records of protocol `protocol_id` at body weight `weight_kg` (kg).
    Regimen protocol_regimen(const std::string& protocol_id, double weight_kg) const;
    /// The Model for protocol `protocol_id`: model() with the protocol's route alternatives,
    /// with `model_id`, or when "" the protocol's own model (Protocol::model) or the drug's
    /// default. Throws InvalidInput naming the protocol when the model's enantiomer is not the
    /// protocol's (an S-ketamine schedule is never simulated with a racemic model).
    Model protocol_model(const std::string& protocol_id, double weight_kg,
                         const std::string& model_id = {}) const;

private:
    explicit Drug(std::shared_ptr<const detail::DrugData> data);
    std::shared_ptr<const detail::DrugData> m_data;
    std::shared_ptr<detail::KaCache> m_ka_cache;
};

/// Directories searched by Drug::load for `<name>.json`, in order: each entry of the
/// environment variable PKENGINE_DRUG_PATH (separated by ':', or ';' on Windows), then the
/// drug directory of the installation (`<prefix>/share/pkengine/drugs`; see
/// set_installed_drug_dir()).
std::vector<std::string> drug_search_path();

/// Sets the installation's drug directory, the last entry of drug_search_path() (by default the
/// directory of the prefix the library was configured for). A project that finds pkengine with
/// find_package(pkengine) has it set, before main, to the drug directory of the prefix the
/// package was found in (PKENGINE_INSTALLED_DRUG_DIR, defined by pkengineConfig.cmake), so an
/// installation moved elsewhere still finds its drug files. Returns true.
bool set_installed_drug_dir(const std::string& directory);

#ifdef PKENGINE_INSTALLED_DRUG_DIR
namespace detail {
inline const bool kInstalledDrugDirSet = set_installed_drug_dir(PKENGINE_INSTALLED_DRUG_DIR);
}  // namespace detail
#endif

/// The names of the drug files (`<name>.json`) found in `directories`, sorted, without
/// duplicates (the first directory holding a name wins at load time).
std::vector<std::string> available_drugs(const std::vector<std::string>& directories);

/// Canonical name of a weight scaling: "per_kg", "allometric", "none".
std::string_view weight_scaling_name(WeightScaling scaling);
/// Canonical name of a ka method: "published", "derived_from_tmax", "derived_from_half_life",
/// "fitted".
std::string_view ka_method_name(KaMethod method);
/// Canonical name of a band shape: "range", "above", "level".
std::string_view band_shape_name(BandShape shape);
/// Canonical name of a band kind: "observed_peak", "target_range", "threshold".
std::string_view band_kind_name(BandKind kind);
/// Canonical name of a dispersion kind: "none", "sd", "sem", "gsd", "unstated", "range", "iqr",
/// "ci".
std::string_view dispersion_kind_name(DispersionKind kind);
/// Canonical name of an AUC interval: "0-t", "0-24", "0-inf".
std::string_view auc_interval_name(AucInterval interval);
/// Canonical name of a dose basis: "base", "hydrochloride", "unknown".
std::string_view dose_basis_name(DoseBasis basis);

}  // namespace pkengine
