#pragma once
// The content of a loaded drug file (shared, immutable) and the cache of derived ka values.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pkengine/drug.hpp"

namespace pkengine::detail {

/// Everything a drug file says, converted into engine units.
struct DrugData {
    std::string source;       ///< path the file was loaded from
    std::string name;         ///< drug id
    std::string description;  ///< one paragraph for users
    DoseBasis default_dose_basis = DoseBasis::Unknown;
    std::optional<double> molar_mass_base;           ///< g/mol
    std::optional<double> molar_mass_hydrochloride;  ///< g/mol
    std::string default_model;
    std::vector<DrugModel> models;
    std::vector<DrugRoute> routes;  ///< kAllRoutes order
    std::vector<RouteAlternative> alternatives;
    std::vector<Protocol> protocols;
    std::vector<Band> bands;
    std::vector<Reference> references;
    std::string analyte;  ///< what the models predict
    std::vector<Observation> observations;
    double integration_window_h = 0.0;
};

/// Derived ka values (1/h) by "<model id>/<route or alternative id>". Solving a ka from a
/// Tmax takes milliseconds, so each is solved once per loaded file.
struct KaCache {
    std::mutex mutex;
    std::map<std::string, double> values;
};

/// Throws InvalidInput naming "weight_kg" unless the body weight is in (0, 500] kg.
void require_weight(double weight_kg);

/// Reads and validates the drug file `path` (format pkengine-drug/1).
DrugData read_drug_file(const std::string& path);

class Node;
/// Reads `models` (format §6) into `data.models`.
void read_models(const Node& models, DrugData& data);
/// Reads `observations` (format §12) into `data.observations`.
void read_observations(const Node& observations, DrugData& data);
/// The `metabolite` blocks of the models (format §6.7), read after the observations (their
/// `fitted_to` lists name observations).
void read_metabolites(const Node& models, DrugData& data);
/// Reads a `fitted_to` list: ids of observations already in `data`, at least one, no repeats.
std::vector<std::string> read_fitted_to(const Node& node, const DrugData& data);

}  // namespace pkengine::detail
