#include "drug_json.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

/// Where the parser is: one frame per open object or array.
struct Frame {
    bool is_array = false;
    std::size_t index = 0;       // arrays: index of the current element
    std::string key;             // objects: the current key
    std::set<std::string> keys;  // objects: keys seen so far
};

std::string frames_path(const std::vector<Frame>& frames) {
    std::string path;
    for (const Frame& frame : frames) {
        if (frame.is_array) {
            path += "[" + std::to_string(frame.index) + "]";
        } else if (!frame.key.empty()) {
            path += (path.empty() ? "" : ".") + frame.key;
        }
    }
    return path;
}

/// Tracks the path while nlohmann-json parses, and rejects a key seen twice in one object
/// (nlohmann-json would silently keep the last one).
/// Also bounds the nesting depth: deeper documents are rejected before they are built, since
/// code that walks a parsed document (and its destruction) may recurse once per level.
class DuplicateKeyCheck {
public:
    explicit DuplicateKeyCheck(const std::string& file) : m_file(file) {}

    bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
        using Event = Json::parse_event_t;
        switch (event) {
            case Event::object_start:
                check_depth(depth);
                m_frames.push_back(Frame{});
                break;
            case Event::array_start:
                check_depth(depth);
                m_frames.push_back(Frame{true, 0, {}, {}});
                break;
            case Event::key: on_key(parsed.get<std::string>()); break;
            case Event::object_end:
            case Event::array_end:
                m_frames.pop_back();
                next_element();
                break;
            case Event::value: next_element(); break;
        }
        return true;
    }

    /// Where the parser is ("models.a.parameters.CL.value"), or "(document)" at the top.
    std::string path() const {
        const std::string p = frames_path(m_frames);
        return p.empty() ? "(document)" : p;
    }

private:
    void check_depth(int depth) const {
        // nlohmann-json passes the number of enclosing objects and arrays: 0 for the document.
        if (depth < kMaxJsonDepth) return;
        throw InvalidInput(m_file + ": " + path() + ": JSON nested deeper than " +
                           std::to_string(kMaxJsonDepth) + " levels");
    }
    void on_key(const std::string& key) {
        Frame& top = m_frames.back();
        top.key = key;
        if (!top.keys.insert(key).second) {
            throw InvalidInput(m_file + ": " + frames_path(m_frames) +
                               ": duplicate key (a key may appear once per object)");
        }
    }
    void next_element() {
        if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().index;
    }

    const std::string& m_file;
    std::vector<Frame> m_frames;
};

std::string render(const Json& json) {
    if (json.is_string()) return "'" + json.get<std::string>() + "'";
    if (json.is_object()) return "{...}";
    if (json.is_array()) return "[...]";
    return json.dump();
}

std::string join(const Words& words) {
    std::string out;
    for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

bool contains(const Words& list, std::string_view word) {
    for (std::string_view w : list) {
        if (w == word) return true;
    }
    return false;
}

}  // namespace

Json parse_drug_json(const std::string& text, const std::string& file) {
    DuplicateKeyCheck check(file);
    try {
        return Json::parse(text, std::ref(check));
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        const auto bracket = what.find("] ");
        if (bracket != std::string::npos) what = what.substr(bracket + 2);
        // The parser quotes what it last read: at most its end, and bytes that are not ASCII as
        // \xNN (a message must itself be valid text, wherever it is shown).
        const auto last = what.find("; last read: '");
        if (last != std::string::npos) {
            const std::size_t start = last + 14;
            if (what.size() > start + 60) what.replace(start, what.size() - start - 41, "...");
        }
        std::string shown;
        for (const char c : what) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x80) {
                shown += c;
                continue;
            }
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
            shown += escaped;
        }
        if (what.find("ill-formed UTF-8") != std::string::npos) {
            shown +=
                " (the file is not UTF-8 text, a Latin-1 or Windows-1252 file?: save it as "
                "UTF-8)";
        }
        throw InvalidInput(file + ": JSON syntax error: " + shown);
    } catch (const Json::out_of_range&) {
        // A number beyond the range of a double (1e400): the parser stops at it, so the path
        // tracked so far is that of its key.
        throw InvalidInput(file + ": " + check.path() +
                           ": number out of range (every numeric value must be a finite double)");
    }
}

void Node::fail(const std::string& why) const {
    throw InvalidInput(m_context->file + ": " + (m_path.empty() ? "(document)" : m_path) + ": " +
                       why);
}

void Node::fail_value(const std::string& why) const {
    throw InvalidInput(m_context->file + ": " + m_path + " = " + render(*m_json) + ": " + why);
}

void Node::expect_object() const {
    if (!m_json->is_object()) fail_value("must be an object");
}

void Node::expect_keys(const Words& required, const Words& optional, bool note_allowed) const {
    expect_object();
    for (const auto& item : m_json->items()) {
        const std::string& key = item.key();
        if (contains(required, key) || contains(optional, key)) continue;
        if (note_allowed && key == "note") {
            if (!item.value().is_string()) at(key).fail_value("must be a string");
            continue;
        }
        std::string allowed = join(required);
        if (!optional.empty()) allowed += ", " + join(optional);
        if (note_allowed) allowed += ", note";
        at(key).fail("unknown key (allowed here: " + allowed + ")");
    }
    // Unknown keys first: a misspelt key is reported as itself, not as the key it misses.
    for (std::string_view key : required) {
        if (!has(key)) at(key);  // fails naming the missing key
    }
}

bool Node::has(std::string_view key) const {
    return m_json->is_object() && m_json->contains(std::string(key));
}

Node Node::at(std::string_view key) const {
    const std::string child = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    if (!m_json->is_object()) fail_value("must be an object");
    const auto it = m_json->find(std::string(key));
    if (it == m_json->end()) {
        throw InvalidInput(m_context->file + ": " + child + ": missing required key");
    }
    return {*it, child, *m_context};
}

std::optional<Node> Node::find(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return at(key);
}

std::vector<std::pair<std::string, Node>> Node::members() const {
    expect_object();
    std::vector<std::pair<std::string, Node>> out;
    for (const auto& item : m_json->items()) out.emplace_back(item.key(), at(item.key()));
    return out;
}

std::vector<Node> Node::elements() const {
    if (!m_json->is_array()) fail_value("must be an array");
    std::vector<Node> out;
    for (std::size_t i = 0; i < m_json->size(); ++i) {
        out.emplace_back((*m_json)[i], m_path + "[" + std::to_string(i) + "]", *m_context);
    }
    return out;
}

std::string Node::string() const {
    if (!m_json->is_string()) fail_value("must be a string");
    return m_json->get<std::string>();
}

bool is_id(const std::string& s) {
    // ^[a-z][a-z0-9_]*$ by hand: std::regex recurses once per character and overflows the
    // stack on long strings.
    if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

std::string Node::id() const {
    const std::string s = string();
    if (!is_id(s)) {
        fail_value("not an id (lower-case letter, then lower-case letters, digits or '_')");
    }
    return s;
}

std::string Node::one_of(const Words& allowed) const {
    const std::string s = string();
    if (!contains(allowed, s)) fail_value("must be one of " + join(allowed));
    return s;
}

double Node::number() const {
    if (!m_json->is_number()) fail_value("must be a number");
    const double value = m_json->get<double>();
    if (!std::isfinite(value)) fail_value("must be a finite number");
    return value;
}

RefIds Node::refs() const {
    RefIds ids;
    if (m_json->is_string()) {
        ids.push_back(m_json->get<std::string>());
    } else if (m_json->is_array() && !m_json->empty()) {
        for (const Node& element : elements()) ids.push_back(element.string());
    } else {
        fail_value("must be a reference id or a non-empty array of reference ids");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (m_context->reference_ids.count(ids[i]) == 0) {
            const Node which = m_json->is_array() ? elements()[i] : *this;
            which.fail_value("no such reference (not a key of references)");
        }
        m_context->used_refs.insert(ids[i]);
    }
    return ids;
}

std::string Node::note() const {
    const auto node = find("note");
    return node ? node->string() : std::string();
}

namespace {

double unit_factor(const Node& unit_node, const UnitKind& kind, const Words& allowed) {
    const std::string unit = unit_node.string();
    Words allowed_units;
    for (const UnitFactor& u : kind.units) {
        if (allowed.empty() || contains(allowed, u.unit)) allowed_units.push_back(u.unit);
    }
    for (const UnitFactor& u : kind.units) {
        if (u.unit != unit) continue;
        if (!allowed.empty() && !contains(allowed, unit)) {
            unit_node.fail_value("unit not allowed here (allowed: " + join(allowed_units) + ")");
        }
        return u.factor;
    }
    unit_node.fail_value("unknown " + std::string(kind.name) +
                         " unit (allowed: " + join(allowed_units) + ")");
}

void check_sign(const Node& node, double value, Sign sign) {
    if (sign == Sign::Positive && !(value > 0.0)) node.fail_value("must be > 0");
    if (sign == Sign::NonNegative && value < 0.0) node.fail_value("must be >= 0");
}

}  // namespace

Quantity read_quantity(const Node& node, const UnitKind& kind, const Words& allowed, Sign sign,
                       const Words& extra_keys) {
    node.expect_keys({"value", "unit", "ref"}, extra_keys);
    Quantity q;
    const Node value = node.at("value");
    q.file_value = value.number();
    check_sign(value, q.file_value, sign);
    q.unit = node.at("unit").string();
    q.value = q.file_value * unit_factor(node.at("unit"), kind, allowed);
    q.refs = node.at("ref").refs();
    return q;
}

Quantity read_time_array(const Node& node, std::vector<double>& values) {
    node.expect_keys({"value", "unit", "ref"});
    Quantity q;
    q.unit = node.at("unit").string();
    const double factor = unit_factor(node.at("unit"), time_units(), {"h", "min", "day"});
    const std::vector<Node> elements = node.at("value").elements();
    if (elements.empty()) node.at("value").fail_value("must hold at least one time");
    values.clear();
    for (const Node& element : elements) {
        const double t = element.number();
        check_sign(element, t, Sign::NonNegative);
        if (!values.empty() && t * factor < values.back()) {
            element.fail_value("times must be sorted ascending");
        }
        values.push_back(t * factor);
    }
    q.refs = node.at("ref").refs();
    return q;
}

Bioavailability read_fraction_range(const Node& node, RefIds& refs) {
    node.expect_keys({"nominal", "low", "high", "unit", "ref"});
    unit_factor(node.at("unit"), fraction_units(), {"fraction"});
    Bioavailability f;
    f.nominal = node.at("nominal").number();
    f.low = node.at("low").number();
    f.high = node.at("high").number();
    f.validate(node.context().file + ": " + node.path());
    refs = node.at("ref").refs();
    return f;
}

const UnitKind& volume_units() {
    static const UnitKind kind{"volume", {{"L", 1.0}, {"L/kg", 1.0}, {"L/70kg", 1.0}}};
    return kind;
}
const UnitKind& clearance_units() {
    static const UnitKind kind{"clearance",
                               {{"L/h", 1.0},
                                {"L/min", 60.0},
                                {"L/h/kg", 1.0},
                                {"L/min/kg", 60.0},
                                {"mL/min/kg", 0.06},
                                {"L/h/70kg", 1.0}}};
    return kind;
}
const UnitKind& rate_units() {
    static const UnitKind kind{"rate constant", {{"1/h", 1.0}, {"1/min", 60.0}}};
    return kind;
}
const UnitKind& time_units() {
    static const UnitKind kind{"time", {{"h", 1.0}, {"min", 1.0 / 60.0}, {"day", 24.0}}};
    return kind;
}
const UnitKind& dose_units() {
    static const UnitKind kind{"dose", {{"mg", 1.0}, {"mg/kg", 1.0}}};
    return kind;
}
const UnitKind& concentration_units() {
    static const UnitKind kind{"concentration", {{"ng/mL", 1e-3}, {"mg/L", 1.0}}};
    return kind;
}
const UnitKind& ratio_units() {
    static const UnitKind kind{"ratio", {{"ratio", 1.0}}};
    return kind;
}
const UnitKind& fraction_units() {
    static const UnitKind kind{"fraction", {{"fraction", 1.0}}};
    return kind;
}
const UnitKind& weight_units() {
    static const UnitKind kind{"body weight", {{"kg", 1.0}}};
    return kind;
}
const UnitKind& molar_mass_units() {
    static const UnitKind kind{"molar mass", {{"g/mol", 1.0}}};
    return kind;
}
const UnitKind& percent_units() {
    static const UnitKind kind{"variability", {{"%", 1.0}, {"sd_logit", 1.0}}};
    return kind;
}
const UnitKind& auc_units() {
    static const UnitKind kind{"AUC", {{"ng*h/mL", 1e-3}, {"ug*h/L", 1e-3}, {"mg*h/L", 1.0}}};
    return kind;
}
const UnitKind& count_units() {
    static const UnitKind kind{"count", {{"subjects", 1.0}, {"compartments", 1.0}}};
    return kind;
}

}  // namespace pkengine::detail
