#pragma once
// Reading a drug file: JSON parsing with duplicate-key detection, and a Node that walks the
// document while knowing its own JSON path, so every error names the file and the key.
// Private to the library: nlohmann-json is a build-time dependency only.

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkengine/drug.hpp"

namespace pkengine::detail {

/// A list of keys, words or unit strings.
using Words = std::vector<std::string_view>;

/// The protocol contexts of the drug-file format (docs/drug-file-format.md): a closed list of the
/// format, kept with the format's reader rather than in the engine; further values need a new
/// format version.
inline const Words kProtocolContexts = {"kit", "kap", "esketamine", "anaesthesia", "analgesia"};
/// What a model's, a band's or a protocol's concentrations are: total R+S, or S-ketamine alone.
inline const Words kEnantiomers = {"racemic", "S"};

/// True when `s` matches ^[a-z][a-z0-9_]*$ (the ids of the format).
bool is_id(const std::string& s);

/// Objects keep their file order (models, protocols, ... are listed as written).
using Json = nlohmann::ordered_json;

/// Deepest nesting of objects and arrays a drug file may have (the format needs about eight).
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` (the content of `file`). Throws InvalidInput for a syntax error, a key that
/// appears twice in one object, nesting deeper than kMaxJsonDepth or a number beyond the range of
/// a double, naming the file and the key path.
Json parse_drug_json(const std::string& text, const std::string& file);

/// What the reader knows about the file as a whole.
struct ReadContext {
    std::string file;                     ///< path as given, first word of every message
    std::set<std::string> reference_ids;  ///< keys of `references`
    std::set<std::string> used_refs;      ///< ids cited so far
};

/// A JSON value and its path in the document.
class Node {
public:
    Node(const Json& json, std::string path, ReadContext& context)
        : m_json(&json), m_path(std::move(path)), m_context(&context) {}

    const Json& json() const { return *m_json; }
    const std::string& path() const { return m_path; }
    ReadContext& context() const { return *m_context; }

    /// Throws "<file>: <path>: <why>".
    [[noreturn]] void fail(const std::string& why) const;
    /// Throws "<file>: <path> = <value>: <why>".
    [[noreturn]] void fail_value(const std::string& why) const;

    /// Requires an object whose keys are all of `required`, any of `optional` and, when
    /// `note_allowed`, "note" (a string).
    void expect_keys(const Words& required, const Words& optional = {},
                     bool note_allowed = true) const;
    /// Requires an object (any keys).
    void expect_object() const;
    /// True when this object has `key`.
    bool has(std::string_view key) const;
    /// The member `key`; fails naming it when it is missing.
    Node at(std::string_view key) const;
    /// The member `key`, or nothing.
    std::optional<Node> find(std::string_view key) const;
    /// The members of an object, in file order.
    std::vector<std::pair<std::string, Node>> members() const;
    /// The elements of an array.
    std::vector<Node> elements() const;

    /// A string.
    std::string string() const;
    /// A string matching ^[a-z][a-z0-9_]*$.
    std::string id() const;
    /// A string equal to one of `allowed`.
    std::string one_of(const Words& allowed) const;
    /// A finite number (not a boolean).
    double number() const;
    /// Reference ids (one string or a non-empty array); each must be a key of `references`.
    RefIds refs() const;
    /// The optional "note" of this object ("" when absent).
    std::string note() const;

private:
    const Json* m_json;
    std::string m_path;
    ReadContext* m_context;
};

/// Sign constraint of a quantity.
enum class Sign { Positive, NonNegative };

/// One unit string and its factor to the engine unit.
struct UnitFactor {
    std::string_view unit;  ///< exact unit string
    double factor;          ///< multiply the file value by this to get engine units
};

/// A family of units ("volume", "time", ...) and every unit string of the format for it.
struct UnitKind {
    std::string_view name;          ///< for messages: "unknown <name> unit"
    std::vector<UnitFactor> units;  ///< every unit of the family (format §2)
};

/// Unit families of the format (§2).
const UnitKind& volume_units();
const UnitKind& clearance_units();
const UnitKind& rate_units();
const UnitKind& time_units();
const UnitKind& dose_units();
const UnitKind& concentration_units();
const UnitKind& fraction_units();
const UnitKind& weight_units();
const UnitKind& molar_mass_units();
const UnitKind& percent_units();
const UnitKind& auc_units();
const UnitKind& count_units();
const UnitKind& ratio_units();

/// A quantity read from the file.
struct Quantity {
    double value = 0.0;       ///< in engine units
    double file_value = 0.0;  ///< as written
    std::string unit;         ///< as written
    RefIds refs;              ///< sources
};

/// Reads {"value", "unit", "ref"} (plus "note" and any of `extra_keys`) whose unit is one of
/// `allowed` (a subset of `kind`'s units; an empty list allows all of them).
Quantity read_quantity(const Node& node, const UnitKind& kind, const Words& allowed, Sign sign,
                       const Words& extra_keys = {});

/// Reads {"value": [numbers], "unit", "ref"}: sorted ascending, each >= 0, in engine units.
Quantity read_time_array(const Node& node, std::vector<double>& values);

/// Reads a fraction range {"nominal", "low", "high", "unit": "fraction", "ref"} and checks
/// 0 < low <= nominal <= high <= 1.
Bioavailability read_fraction_range(const Node& node, RefIds& refs);

}  // namespace pkengine::detail
