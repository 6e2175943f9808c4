#pragma once
// The compile step: model(s) + records -> a compiled problem (the state layout, the timeline of
// primitive actions, the systems the run switches between). Every model-dependent check of the
// records happens here, once, and names the record as its caller does (events[i] for a
// simulate() call, file and line for a dataset).

#include <Eigen/Core>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layout.hpp"
#include "pkengine/detail/outputs.hpp"
#include "pkengine/detail/timeline.hpp"
#include "pkengine/dose.hpp"
#include "pkengine/model.hpp"

namespace pkengine::detail {

/// How messages name the records of a run: by default "events[i]" and the C++ field names (a
/// simulate() call); for a dataset its file and line and the column names.
class RecordNames {
public:
    /// "events[i]".
    RecordNames() = default;
    /// where[i]: "file:line" of record i; cmt[i]: its CMT as written (0 when it gives ROUTE).
    RecordNames(std::vector<std::string> where, std::vector<int> cmt)
        : m_where(std::move(where)), m_cmt(std::move(cmt)) {}

    /// "events[i]", or "file:line".
    std::string record(std::size_t i) const;
    /// "events[i].<name>", or "file:line: <COLUMN>".
    std::string field(std::size_t i, std::string_view name, std::string_view column) const;
    /// "events[i].route = oral", or "file:line: CMT = 4" ("file:line: ROUTE = oral").
    std::string route(std::size_t i, Route route) const;
    /// "events[i].rate_source = modelled rate (RATE = -1): route im", or
    /// "file:line: RATE = -1: the im route".
    std::string modelled(std::size_t i, const DoseEvent& e) const;
    /// "events[i].compartment = n", or "file:line: CMT = n".
    std::string compartment(std::size_t i, int number) const;
    /// Where a modelled rate or duration comes from.
    std::string modelled_hint(RateSource source) const;

private:
    bool dataset() const { return !m_where.empty(); }
    std::vector<std::string> m_where;
    std::vector<int> m_cmt;
};

/// The model-dependent checks of dose record i (validated on its own before): the model takes
/// its route (and the oral route its swallowed fraction follows), and has the modelled rate or
/// duration it asks for. Throws InvalidInput naming the record by `names`.
void check_dose_record(const Model& model, const DoseEvent& e, std::size_t i,
                       const RecordNames& names);

/// The same checks for a custom model's routing (which has no modelled infusions); an
/// other-type record may not turn a compartment off (a custom model numbers none).
void check_dose_record(const DoseRouting& routing, const DoseEvent& e, std::size_t i,
                       const RecordNames& names);

/// One input stream of a dose: a route's share of the amount, its F, lag and target.
struct DosePart {
    double fraction;  ///< share of the record's amount
    double f;
    double lag_h;
    int compartment;
    double zero_order_h;  ///< > 0: a bolus share enters as a zero-order input over this time
};

/// Builds timelines (build_timeline below) into a Timeline whose lists keep their capacity,
/// with buffers of its own: rebuilt for records of the same shape (a population's subjects),
/// it allocates nothing once they have grown (steady-state records aside).
class TimelineBuilder {
public:
    /// build_timeline(dosing, dosing_of_record, events, choice, names), written into `out`.
    void build(const std::vector<Dosing>& dosing, const std::vector<int>& dosing_of_record,
               const std::vector<DoseEvent>& events, FChoice choice, const RecordNames& names,
               Timeline& out);

private:
    std::vector<DosePart> m_parts;  // the input streams of one record
    std::vector<Action> m_sorted;   // the merge sort's other half
};

/// The timeline of checked records: record i is dosed through dosing[dosing_of_record[i]], and
/// a SwitchSystem action marks each record where that number changes (the run starts with
/// system 0). Errors of the dosing pattern (an SS pattern overlapping too many of its own doses)
/// name the record by `names`.
Timeline build_timeline(const std::vector<Dosing>& dosing, const std::vector<int>& dosing_of_record,
                        const std::vector<DoseEvent>& events, FChoice choice,
                        const RecordNames& names);

/// The models a run is built with: `models[model_of_record[i]]` is in effect from record i on
/// (its F, lag and modelled rates apply to record i's doses, its system from record i's time).
struct RecordModels {
    std::vector<const Model*> models;
    std::vector<int> model_of_record;
};

/// Records dosing into a numbered compartment (DoseEvent::compartment), made explicit for
/// `models`: into a depot they become doses of its route, into the central compartment IV
/// doses (an infusion when a rate or duration is given); into any other compartment they keep
/// their number, checked against the model (the compartment exists, has the modelled rate or
/// duration asked for). Throws InvalidInput naming the record by `names`.
std::vector<DoseEvent> resolve_compartments(const RecordModels& models,
                                            const std::vector<DoseEvent>& events,
                                            const RecordNames& names);

/// One system of a compiled problem: dx/dt = a x + b - m(x), with m the Michaelis-Menten
/// elimination (none for a linear model).
struct CompiledSystem {
    Eigen::MatrixXd a;  ///< the linear part (1/h), system_matrix of the layout
    double v1_l = 1.0;  ///< central volume (L)
    std::optional<MichaelisMenten> michaelis_menten;
};

/// Model + records, compiled: what a run needs and nothing it must rebuild.
struct Problem {
    Layout layout;
    Timeline timeline;
    std::vector<CompiledSystem> systems;   ///< systems[0] applies first; SwitchSystem selects
    std::optional<double> metabolite_v_l;  ///< metabolite volume (L), for its concentration
    double metabolite_mass_ratio = 1.0;    ///< metabolite / parent molar mass, for the same
    std::optional<SigmoidEmax> response;   ///< effect of the effect-site concentration

    /// True when every system is linear (the exact path can run it).
    bool linear() const;
    /// The output map of the run (system 0's central volume).
    OutputMap output_map() const;
    /// The central volume (L) of each system.
    std::vector<double> central_volumes() const;
};

/// Compiles records whose models change along them (a dataset's parameter columns). Throws
/// InvalidInput naming the record (by `names`) that the models cannot take.
Problem compile(const RecordModels& models, const std::vector<DoseEvent>& events, FChoice choice,
                const RecordNames& names);

/// Compiles validated events on one model.
Problem compile(const Model& model, const std::vector<DoseEvent>& events, FChoice choice);

/// Compiles records on one model again and again into the same Problem: a population worker's
/// subjects, whose models differ in parameter values only (the same structure, the same routes
/// dosed, records of the same shape). The first call is compile(model, events, choice); later
/// ones keep its layout and its checks of the records, and refill the systems, the dosing and
/// the timeline in place, which allocates nothing once the buffers have grown (records dosing
/// by compartment number, turning compartments off or at steady state aside).
class Recompiler {
public:
    /// The compiled problem of `model` and validated `events` (valid until the next call).
    const Problem& compile(const Model& model, const std::vector<DoseEvent>& events,
                           FChoice choice);

private:
    bool m_compiled = false;
    Problem m_problem;
    RecordModels m_models;
    std::vector<Dosing> m_dosings;
    TimelineBuilder m_builder;
};

}  // namespace pkengine::detail
