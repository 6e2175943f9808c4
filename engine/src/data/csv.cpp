#include "csv.hpp"

#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pkengine/dataset.hpp"
#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

/// A whole cell in decimal notation: [+-] digits [. digits] [(e|E) [+-] digits], with at least
/// one digit before the exponent.
bool is_decimal(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        return i - start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t mantissa = digits();
    if (i < s.size() && s[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

enum class Reading { Number, NotDecimal, Overflow, Underflow };

/// Reads a decimal cell (trimmed, not missing) into `value`.
Reading read_decimal(const std::string& text, double& value) {
    if (!is_decimal(text)) return Reading::NotDecimal;
    errno = 0;
    value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(value)) return Reading::Overflow;
    if (errno == ERANGE && std::abs(value) < DBL_MIN) {
        // Zero written as 0e-999 is zero; a non-zero mantissa that underflows is a mistake.
        const std::size_t exponent = text.find_first_of("eE");
        const std::string mantissa = text.substr(0, exponent);
        if (mantissa.find_first_of("123456789") != std::string::npos) return Reading::Underflow;
        value = 0.0;
    }
    return Reading::Number;
}

/// Length of the UTF-8 sequence at s[i] (1 to 4), or 0 when the bytes there are not UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;   // no overlong forms
        if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;  // nothing beyond U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return n;
}

}  // namespace

std::vector<std::string> split_csv_line(std::string_view line, const std::string& where) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    bool was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                cell += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
            was_quoted = true;
        } else if (c == ',') {
            cells.push_back(was_quoted ? cell : std::string(trim(cell)));
            cell.clear();
            was_quoted = false;
        } else {
            cell += c;
        }
    }
    if (quoted) throw InvalidInput(where + ": unterminated double quote");
    cells.push_back(was_quoted ? cell : std::string(trim(cell)));
    return cells;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::vector<std::string_view> csv_lines(std::string_view text, const std::string& source) {
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
        text.remove_prefix(kByteOrderMark.size());
    }
    std::vector<std::string_view> lines = split_lines(text);
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const std::string_view line = lines[l];
        for (std::size_t i = 0; i < line.size();) {
            const std::size_t n = utf8_length(line, i);
            if (n == 0) {
                char byte[8];
                std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(line[i]));
                throw InvalidInput(source + ":" + std::to_string(l + 1) + ": column " +
                                   std::to_string(i + 1) + ": byte " + byte +
                                   " is not UTF-8 text (a Latin-1 or Windows-1252 file?): "
                                   "save the file as UTF-8");
            }
            i += n;
        }
    }
    return lines;
}

std::string read_file_text(const std::string& path, const std::string& what) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InvalidInput(what + " = '" + path + "': cannot be opened");
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad()) throw InvalidInput(what + " = '" + path + "': cannot be read");
    return text.str();
}

bool is_missing(std::string_view cell) {
    const std::string_view t = trim(cell);
    return t.empty() || t == "." || t == "NA";
}

std::optional<double> parse_number(std::string_view cell) {
    if (is_missing(cell)) return std::nullopt;
    double value = 0.0;
    if (read_decimal(std::string(trim(cell)), value) != Reading::Number) return std::nullopt;
    return value;
}

std::string not_a_number(std::string_view cell) {
    const std::string text(trim(cell));
    double value = 0.0;
    switch (read_decimal(text, value)) {
        case Reading::Overflow: return "not a number: beyond the range of a double (1.8e308)";
        case Reading::Underflow:
            return "not a number: too small for a double (below 2.2e-308, it would read as 0)";
        case Reading::Number:
        case Reading::NotDecimal: break;
    }
    const std::string lower = upper(text);
    if (lower.rfind("0X", 0) == 0 || lower.rfind("-0X", 0) == 0 || lower.rfind("+0X", 0) == 0) {
        return "not a number: hexadecimal is not read, write it in decimal";
    }
    return "not a number";
}

std::string id_key(std::string_view id) {
    const std::optional<double> value = parse_number(id);
    if (!value) return std::string(id);
    return format_number(*value == 0.0 ? 0.0 : *value);  // -0 is 0
}

std::string format_number(double value) {
    char buffer[40];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    return buffer;
}

std::string csv_cell(std::string_view text) {
    const bool plain = text.find_first_of(",\"") == std::string_view::npos && trim(text) == text;
    if (plain) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace pkengine::detail

namespace pkengine {

CsvTable CsvTable::parse(std::string_view text, const std::string& source) {
    CsvTable table;
    table.source = source;
    const std::vector<std::string_view> lines = detail::csv_lines(text, source);
    bool header = true;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view content = lines[i];
        const std::string_view trimmed = detail::trim(content);
        if (trimmed.empty() || trimmed.front() == '#') continue;
        const std::string where = source + ":" + std::to_string(i + 1);
        std::vector<std::string> cells = detail::split_csv_line(content, where);
        if (header) {
            table.columns = std::move(cells);
            header = false;
            continue;
        }
        if (cells.size() != table.columns.size()) {
            throw InvalidInput(where + ": has " + std::to_string(cells.size()) +
                               " cells, the header has " + std::to_string(table.columns.size()));
        }
        table.rows.push_back(std::move(cells));
        table.lines.push_back(static_cast<long>(i) + 1);
    }
    if (header) throw InvalidInput(source + ": no header line");
    return table;
}

CsvTable CsvTable::read(const std::string& path) {
    return parse(detail::read_file_text(path, "data"), path);
}

}  // namespace pkengine
