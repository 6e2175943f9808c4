#pragma once
// A small CSV reader and writer for NONMEM-format datasets: comma-separated cells, optional
// double quotes ("" inside quotes is a quote), surrounding blanks trimmed, CRLF accepted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkengine::detail {

/// The cells of one line. Throws InvalidInput (naming `where`) for an unterminated quote.
std::vector<std::string> split_csv_line(std::string_view line, const std::string& where);

/// The lines of a text, without their line ends ("\n", "\r\n").
std::vector<std::string_view> split_lines(std::string_view text);

/// True for a missing value: an empty cell, "." (NONMEM) or "NA".
bool is_missing(std::string_view cell);

/// The finite number a whole cell spells, or nothing (missing cells included).
std::optional<double> parse_number(std::string_view cell);

/// The shortest text (up to 17 significant digits) that reads back as exactly `value`.
std::string format_number(double value);

/// A cell quoted when it holds a comma, a quote or surrounding blanks.
std::string csv_cell(std::string_view text);

/// Upper-case copy (ASCII).
std::string upper(std::string_view text);

}  // namespace pkengine::detail
