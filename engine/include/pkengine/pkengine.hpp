#pragma once
/// @file pkengine.hpp
/// Everything a C++ user of pkengine needs, in one include.

#include "absorption_fit.hpp"
#include "check.hpp"
#include "compare.hpp"
#include "dataset.hpp"
#include "dose.hpp"
#include "drug.hpp"
#include "errors.hpp"
#include "limits.hpp"
#include "model.hpp"
#include "nca.hpp"
#include "population.hpp"
#include "regimen.hpp"
#include "route.hpp"
#include "simulate.hpp"
#include "units.hpp"
#include "windows.hpp"
