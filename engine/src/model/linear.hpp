#pragma once
// A general linear model's parameters by NONMEM's names (LinearStructure): K<m><n>, K<m>T<n>,
// CL<m><n>, CL<m>T<n> for transfers, V<n> for volumes, F<depot> for a route target's fraction.

#include <string>
#include <string_view>
#include <vector>

#include "pkengine/model.hpp"

namespace pkengine::detail {

/// The names of the structure's parameters: its transfers in order, the ka of its own depots,
/// the F of the own depots of targets that are no remainder (F<depot>), then its volumes.
std::vector<std::string> linear_parameter_names(const LinearStructure& s);
/// A parameter's value (case-insensitive name). Throws InvalidInput for an unknown name.
double linear_parameter(const LinearStructure& s, const std::string& name);
/// The position of a parameter (case-insensitive name) in linear_parameter_names(). Throws
/// InvalidInput for an unknown name, naming it with `value` and the parameters.
std::size_t linear_parameter_index(const LinearStructure& s, const std::string& name,
                                   double value = 0.0);
/// The value of linear_parameter_names(s)[index].
double linear_parameter(const LinearStructure& s, std::size_t index);
/// Sets linear_parameter_names(s)[index] to `value` in place (remainder targets follow a
/// fraction), allocating nothing unless it fails. Throws InvalidInput naming `field` (the
/// parameter's name when empty) for a value out of range: a transfer < 0, a ka or volume <= 0,
/// a fraction outside (0, 1], above what a remainder of it needs (< 1) or making its route's
/// fractions sum above 1; `s` is then unchanged.
void set_linear_parameter(LinearStructure& s, std::size_t index, double value,
                          std::string_view field = {});
/// The one-compartment disposition a general linear model reports: its observed compartment's
/// volume and what leaves the system from it.
Disposition linear_observed_disposition(const LinearStructure& s);

}  // namespace pkengine::detail
