#pragma once
/// @file dataset.hpp
/// NONMEM-format datasets: read a CSV of event records, simulate every ID, and write regimens
/// back as such a CSV.
///
/// Columns (names case-insensitive, any order): ID, TIME (h), AMT (mg), CMT or ROUTE, and
/// optionally EVID, RATE (mg/h; -1 / -2 = modelled rate / duration), DUR (h), II (h), ADDL, SS,
/// DV, MDV (ignored: EVID decides), parameter columns (see ParameterColumn) and covariate
/// columns (any other name, e.g. WT; numbers). An empty cell, "." or "NA" is missing: 0 for the
/// dose items, no value for DV and covariates, "no change" for parameter columns. Lines starting
/// with '#' are comments. Without an EVID column a record with AMT or RATE is a dose (EVID 1),
/// any other an observation (EVID 0).

#include <Eigen/Core>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dose.hpp"
#include "model.hpp"
#include "simulate.hpp"

namespace pkengine {

/// One row of the CMT table: a CMT number, the compartment it doses and the routes it means.
struct CmtEntry {
    int cmt;                  ///< CMT data item
    std::string compartment;  ///< state that receives the dose
    std::string routes;       ///< routes meant by this CMT
};

/// The CMT numbering of route-named models: 1 central (IV bolus, or IV infusion when RATE or
/// DUR is given), 2 IM depot, 3 intranasal depot, 4 oral depot, 5 sublingual depot; their
/// further compartments follow (cmt_table(model)). On observation, other and reset records CMT
/// is ignored (every state is reported), except that a negative CMT on an other record (EVID 2)
/// turns that compartment off (DoseEvent::compartment), and is refused on an observation.
const std::vector<CmtEntry>& cmt_table();

/// The CMT numbering of `model` (Model::compartments): NONMEM's for library models.
std::vector<CmtEntry> cmt_table(const Model& model);

/// The route of a dose record with this CMT (`infusion`: RATE or DUR given). Throws
/// InvalidInput naming `field` for a CMT outside the table.
Route route_for_cmt(int cmt, bool infusion, const std::string& field);

/// The CMT of a route (1 for both IV routes).
int cmt_for_route(Route route);

/// Which model parameter a parameter column sets.
enum class ParameterKind {
    Cl,                   ///< CL (L/h)
    V1,                   ///< V1 (L)
    Q2,                   ///< Q2 (L/h), 2- and 3-compartment models
    V2,                   ///< V2 (L), 2- and 3-compartment models
    Q3,                   ///< Q3 (L/h), 3-compartment models
    V3,                   ///< V3 (L), 3-compartment models
    Ka,                   ///< KA_<route> (1/h)
    F,                    ///< F_<route> (fraction; sets nominal, low and high)
    Lag,                  ///< LAG_<route> (h)
    Swallowed,            ///< SWALLOWED_<route>: fraction swallowed (intranasal, sublingual)
    ModelledRate,         ///< R_<route> (mg/h): rate of RATE = -1 records (NONMEM Rn)
    ModelledDuration,     ///< D_<route> (h): duration of RATE = -2 records (NONMEM Dn)
    CompartmentF,         ///< F<n>: F of doses into compartment n (fraction)
    CompartmentLag,       ///< ALAG<n>: lag of doses into compartment n (h)
    CompartmentRate,      ///< R<n>: modelled rate of compartment n (mg/h)
    CompartmentDuration,  ///< D<n>: modelled duration of compartment n (h)
    Library,  ///< V, Q, Q4, V4, KA: a library model's; K<m><n>, CL<m><n>, V<n>: a general linear
              ///< model's
};

/// A column that sets a model or route parameter for the records of its ID from its record on
/// (as in mrgsolve). Names: CL, V1, Q2, V2, Q3, V3; KA_, F_, LAG_, SWALLOWED_ + an absorbed
/// route (IM, INTRANASAL or IN, ORAL or PO, SUBLINGUAL or SL); R_, D_ + any route but the IV
/// bolus (IV means the IV infusion); NONMEM's F<n>, ALAG<n>, R<n>, D<n> for compartment n of
/// the model's numbering. On NONMEM's library models (Model::advan) the structural names are
/// NONMEM's (ADVAN4: CL, V2, Q, V3, KA), so V2 is that model's central volume.
struct ParameterColumn {
    ParameterKind kind = ParameterKind::Cl;
    Route route = Route::IvInfusion;  ///< route of a per-route parameter
    std::string name;                 ///< column name as written in the file
    int compartment = 0;              ///< compartment of F<n>, ALAG<n>, R<n>, D<n>
};

/// The parameter a column name denotes, or nothing for any other name. Throws InvalidInput
/// for a per-route prefix (KA_, F_, LAG_, SWALLOWED_, R_, D_) with an unknown route.
std::optional<ParameterColumn> parse_parameter_column(std::string_view name);

/// True when `column` sets a model parameter by its NONMEM name (Model::set_parameter): a
/// library or general linear model's structural parameter (V2 of ADVAN4 is its central volume),
/// any of NONMEM's names (K12, CL14, KA), or F<depot> of a general linear model's own depot
/// (the fraction of the route's dose its target takes; a remainder target's is refused).
bool sets_by_nonmem_name(const Model& model, const ParameterColumn& column);

/// Sets one parameter of `model` to `value`, in place. Throws InvalidInput naming `field` (e.g.
/// a Q3 on a two-compartment model, a KA for a route the model lacks, a value out of range);
/// `model` is then unchanged.
void set_parameter(Model& model, const ParameterColumn& column, double value,
                   const std::string& field);

/// A copy of `model` with one parameter set to `value` (set_parameter on a copy).
Model with_parameter(const Model& model, const ParameterColumn& column, double value,
                     const std::string& field);

/// Throws InvalidInput when two columns set the same thing of `model`: one compartment's F
/// as both F<n> and F_<ROUTE> (or its lag, modelled rate or duration), or a column given twice.
void check_parameter_columns(const Model& model, const std::vector<ParameterColumn>& columns);

/// One record as read from a dataset (validated on its own).
struct DatasetRecord {
    long line = 0;    ///< line number in the file (the header is usually line 1)
    DoseEvent event;  ///< TIME, AMT, route, RATE / DUR, II, ADDL, SS, EVID
    int cmt = 0;      ///< CMT as written (0 when the file has ROUTE or the cell is missing)
    double dv = std::numeric_limits<double>::quiet_NaN();  ///< DV; NaN when missing
    std::vector<double> parameters;  ///< per Dataset::parameter_columns(); NaN = not set here
    std::vector<double> covariates;  ///< per Dataset::covariate_names(); NaN = missing
};

/// The records of one ID, in file order (times non-decreasing).
struct DatasetSubject {
    std::string id;  ///< ID as written
    std::vector<DatasetRecord> records;
};

/// A NONMEM-format dataset, read and validated as a whole: a record that cannot be understood
/// (unknown EVID, negative AMT, SS without II, RATE and DUR both set, TIME decreasing within an
/// ID, an ID whose records are not contiguous, a missing required column, a cell that is not a
/// number, ...) makes reading fail with InvalidInput naming the file, the line and the column of
/// every such record (up to 20).
class Dataset {
public:
    /// Reads a CSV file. Throws InvalidInput when it cannot be opened or is invalid.
    static Dataset read_csv(const std::string& path);
    /// Parses CSV text; `source` names it in messages.
    static Dataset parse_csv(std::string_view text, const std::string& source = "<text>");

    /// The file name (or source) given when reading.
    const std::string& source() const { return m_source; }
    /// The IDs, in file order.
    const std::vector<DatasetSubject>& subjects() const { return m_subjects; }
    /// The parameter columns, in file order.
    const std::vector<ParameterColumn>& parameter_columns() const { return m_parameters; }
    /// The covariate columns, in file order.
    const std::vector<std::string>& covariate_names() const { return m_covariates; }

private:
    std::string m_source;
    std::vector<DatasetSubject> m_subjects;
    std::vector<ParameterColumn> m_parameters;
    std::vector<std::string> m_covariates;
    friend class DatasetParser;
};

/// Any CSV file as text cells, read the way datasets are (one reader for every file): a UTF-8
/// byte-order mark skipped, text that is not UTF-8 rejected naming the line, blank lines and
/// lines starting with '#' skipped, cells split at commas outside double quotes and trimmed.
struct CsvTable {
    std::string source;                          ///< the file name (or source) given
    std::vector<std::string> columns;            ///< the header's cells
    std::vector<std::vector<std::string>> rows;  ///< the cells of each row (as many as columns)
    std::vector<long> lines;                     ///< the line number of each row in the file

    /// Reads a CSV file. Throws InvalidInput naming the file (and the line) when it cannot be
    /// opened, is not UTF-8, has no header, or a row has more or fewer cells than the header.
    static CsvTable read(const std::string& path);
    /// Parses CSV text; `source` names it in messages.
    static CsvTable parse(std::string_view text, const std::string& source = "<text>");
};

/// Options of a dataset simulation.
struct DatasetOptions {
    /// Which end of each F range is used, the solver path, stepper and tolerances: as for
    /// simulate() (the default chooses the exact path for linear models, the ODE path otherwise).
    SimulationOptions simulation;
    double grid_step_h = 0.0;  ///< > 0: also report every grid_step_h (h) from the ID's first
                               ///< record time to grid_end_h (EVID 2 rows, after same-time
                               ///< records)
    double grid_end_h = 0.0;   ///< end of the grid (h); 0 = the ID's last record time
};

/// The simulation of one ID: one row per record (in file order, the state after that record's
/// own action: an observation placed before a dose at its time sees the trough) plus the grid.
struct SubjectResult {
    std::string id;                          ///< ID as written
    std::vector<double> times_h;             ///< row times (h)
    std::vector<int> evid;                   ///< EVID of each row (2 for grid rows)
    std::vector<long> line;                  ///< source line of each row (0 for grid rows)
    std::vector<double> amount_mg;           ///< AMT of each row (mg; 0 for grid rows)
    std::vector<double> dv;                  ///< DV of each row (NaN when missing)
    Eigen::VectorXd concentration_mg_per_l;  ///< plasma concentration (mg/L)
    /// The metabolite's concentration in its central compartment (mg/L, as
    /// Result::metabolite_concentration_mg_per_l); empty when the model has no metabolite.
    Eigen::VectorXd metabolite_concentration_mg_per_l;
    ResultMatrix amounts_mg;               ///< amount in each state (mg), rows x states
    std::vector<std::string> state_names;  ///< column names of amounts_mg
    ResultMatrix covariates;  ///< rows x Dataset::covariate_names(); grid rows carry the values
                              ///< of the last record at or before them
    SolverPath solver = SolverPath::Automatic;  ///< the path that ran: Exact or Ode
    Stepper stepper = Stepper::Automatic;       ///< MatrixExponential, DormandPrince5 or
                                                ///< Rosenbrock4
    long steps = 0;           ///< propagation steps (exact) or accepted steps (ODE)
    long rejected_steps = 0;  ///< ODE path: steps rejected by the error control
};

/// Checks that `model` can simulate every record of subject `subject` (its routes, modelled
/// rates and durations, parameter columns). Throws InvalidInput naming the file, line and column.
void check_subject(const Model& model, const Dataset& data, std::size_t subject);

/// Checks subject `subject` as above and its implied actions against
/// options.simulation.max_actions, before any work; returns the values (rows x states) its
/// result would hold with `options`, for check_dataset_output_values.
std::size_t check_subject(const Model& model, const Dataset& data, std::size_t subject,
                          const DatasetOptions& options);

/// Throws InvalidInput, saying what to change, when the results of the dataset's IDs would
/// hold `values` in all (the sum of check_subject's counts), more than `max_output_values`.
void check_dataset_output_values(const Dataset& data, double values, std::size_t max_output_values);

/// Simulates one ID with `model` (changed by the ID's parameter columns from their records on:
/// the state carries across each change) on the path of options.simulation: by default linear
/// models take the exact path, and a nonlinear one (Michaelis-Menten elimination, before or
/// after a change) the ODE path. Throws InvalidInput as check_subject or for invalid options,
/// SolverError (naming the time) when the ODE path cannot finish.
SubjectResult simulate_subject(const Model& model, const Dataset& data, std::size_t subject,
                               const DatasetOptions& options = {});

/// Checks every ID, then simulates every ID with `model`.
std::vector<SubjectResult> simulate_dataset(const Model& model, const Dataset& data,
                                            const DatasetOptions& options = {});

/// Simulates records as a dataset does: one output per record at its time, after that record's
/// own action and before later records at the same time (an observation before a dose at its
/// time sees the trough). Records must be sorted by time. The path is chosen as for simulate().
Result simulate_records(const Model& model, const std::vector<DoseEvent>& records,
                        FChoice bioavailability = FChoice::Nominal);

/// One subject for the writer: its dose (and reset) records, the times (h) of its observation
/// records, and covariate values constant over its records.
struct SubjectSchedule {
    std::string id;                           ///< ID to write
    std::vector<DoseEvent> events;            ///< records, sorted by time
    std::vector<double> observation_times_h;  ///< EVID 0 records (placed after same-time doses)
    std::vector<std::pair<std::string, double>> covariates;  ///< e.g. {"WT", 70.0}
};

/// The subjects as NONMEM-format CSV text (ID, TIME, EVID, AMT, CMT, RATE, DUR, II, ADDL, SS,
/// DV and the covariates), numbers written so that they read back exactly.
std::string to_nonmem_csv(const std::vector<SubjectSchedule>& subjects);

/// Writes to_nonmem_csv(subjects) to a file. Throws InvalidInput when it cannot be written.
void write_nonmem_csv(const std::string& path, const std::vector<SubjectSchedule>& subjects);

}  // namespace pkengine
