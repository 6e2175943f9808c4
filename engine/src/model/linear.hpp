#pragma once
// A general linear model's parameters by NONMEM's names (LinearStructure): K<m><n>, K<m>T<n>,
// CL<m><n>, CL<m>T<n> for transfers, V<n> for volumes, F<depot> for a route target's fraction.

#include <string>
#include <vector>

#include "pkengine/model.hpp"

namespace pkengine::detail {

/// The names of the structure's parameters: its transfers in order, the ka of its own depots,
/// the F of the own depots of targets that are no remainder (F<depot>), then its volumes.
std::vector<std::string> linear_parameter_names(const LinearStructure& s);
/// A parameter's value (case-insensitive name). Throws InvalidInput for an unknown name.
double linear_parameter(const LinearStructure& s, const std::string& name);
/// The structure with one parameter changed, validated. Throws InvalidInput naming it.
LinearStructure with_linear_parameter(const LinearStructure& s, const std::string& name,
                                      double value);

}  // namespace pkengine::detail
