#include "csv.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "pkengine/errors.hpp"

namespace pkengine::detail {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
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

bool is_missing(std::string_view cell) {
    const std::string_view t = trim(cell);
    return t.empty() || t == "." || t == "NA";
}

std::optional<double> parse_number(std::string_view cell) {
    if (is_missing(cell)) return std::nullopt;
    const std::string text(trim(cell));
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
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
