#pragma once
// A general linear model's parameters by NONMEM's names (LinearStructure): K<m><n>, K<m>T<n>,
// CL<m><n>, CL<m>T<n> for transfers, V<n> for volumes.

#include <string>
#include <vector>

#include "pkengine/model.hpp"

namespace pkengine::detail {

/// The names of the structure's parameters: its transfers in order, then its volumes.
std::vector<std::string> linear_parameter_names(const LinearStructure& s);
/// A parameter's value (case-insensitive name). Throws InvalidInput for an unknown name.
double linear_parameter(const LinearStructure& s, const std::string& name);
/// The structure with one parameter changed, validated. Throws InvalidInput naming it.
LinearStructure with_linear_parameter(const LinearStructure& s, const std::string& name,
                                      double value);

}  // namespace pkengine::detail
