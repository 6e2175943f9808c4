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

/// The lines of a CSV file's text (`source` names it): a UTF-8 byte-order mark before the first
/// line is skipped, and text that is not UTF-8 (a Latin-1 file, say) throws InvalidInput naming
/// the source, the line and the column of the first byte that is not, before anything is read.
std::vector<std::string_view> csv_lines(std::string_view text, const std::string& source);

/// The text of a file (`what` names it in messages: "dataset", "data"). Throws InvalidInput
/// when it cannot be opened or read.
std::string read_file_text(const std::string& path, const std::string& what);

/// True for a missing value: an empty cell, "." (NONMEM) or "NA".
bool is_missing(std::string_view cell);

/// The finite number a whole cell spells in decimal (1, -2.5, .5, 1e-3), or nothing (missing
/// cells included). Hexadecimal, inf, nan and numbers beyond the range of a double (1e400) or
/// below its smallest normal value (1e-400, which would read as 0) are not numbers.
std::optional<double> parse_number(std::string_view cell);

/// Why parse_number(cell) gives nothing for a cell that is not missing: "not a number", or that
/// with the reason (hexadecimal, beyond the range of a double, too small for one).
std::string not_a_number(std::string_view cell);

/// The key IDs are compared by: a numeric ID by its value (1, 1.0 and 01 are one subject), any
/// other ID by its text.
std::string id_key(std::string_view id);

/// The shortest text (up to 17 significant digits) that reads back as exactly `value`.
std::string format_number(double value);

/// A cell quoted when it holds a comma, a quote or surrounding blanks.
std::string csv_cell(std::string_view text);

/// Upper-case copy (ASCII).
std::string upper(std::string_view text);

}  // namespace pkengine::detail
