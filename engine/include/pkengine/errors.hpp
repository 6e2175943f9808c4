#pragma once
/// @file errors.hpp
/// The exception hierarchy of pkengine. Rooted in the standard exceptions so that the Python
/// bindings map them without glue: InvalidInput -> ValueError, SolverError -> RuntimeError.

#include <stdexcept>
#include <string>

namespace pkengine {

/// Bad input caught at the boundary (constructors, schedule building, file loading).
/// The message names the offending field and its value.
struct InvalidInput : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// A solver that could not finish (step-size underflow, too many steps). The message names the
/// simulation time at which it happened.
struct SolverError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace pkengine
