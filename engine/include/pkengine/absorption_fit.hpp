#pragma once
/// @file absorption_fit.hpp
/// Where only a time to peak is published, the absorption rate constant is derived: the ka whose
/// single-dose Tmax, with a given disposition, equals the published Tmax.

#include "model.hpp"

namespace pkengine {

/// Time (h) of the peak plasma concentration after one first-order absorbed dose with rate
/// constant `ka_per_h` (1/h) and lag `lag_h` (h) into `disposition`. Accurate to 1e-9 h.
double tmax_for_ka(const Disposition& disposition, double ka_per_h, double lag_h = 0.0);

/// The absorption rate constant (1/h) for which tmax_for_ka(disposition, ka, lag_h) equals
/// `tmax_h` (h), solved by bisection on log(ka) over [1e-4, 1e4] /h to a relative 1e-10.
/// Throws InvalidInput when `tmax_h` is not above the lag or is out of reach of that range.
double ka_for_tmax(const Disposition& disposition, double tmax_h, double lag_h = 0.0);

}  // namespace pkengine
