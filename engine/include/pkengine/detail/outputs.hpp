#pragma once
// Which parts of a state vector a Result reports, and recording one output row (inline in the
// event loop: one call per output point).

#include <Eigen/Core>
#include <algorithm>

#include "../simulate.hpp"

namespace pkengine::detail {

/// Which parts of a state vector a Result reports.
struct OutputMap {
    int n_amounts = 0;              ///< leading states reported as amounts (mg)
    int central = 0;                ///< state whose amount / central_volume_l is the concentration
    double central_volume_l = 1.0;  ///< volume of the central state (L)
    int effect_site = -1;           ///< effect-site concentration state (mg/L), -1 if none
};

/// Sizes the per-time arrays of `result` for `n_out` output times.
inline void prepare_outputs(const OutputMap& map, Eigen::Index n_out, Result& result) {
    result.amounts_mg.resize(n_out, map.n_amounts);
    result.concentration_mg_per_l.resize(n_out);
    result.effect_site_concentration_mg_per_l.resize(map.effect_site >= 0 ? n_out : 0);
}

/// Writes state `x` as output row `row` (amounts, concentration, effect-site concentration).
inline void record_outputs(const OutputMap& map, const double* x, Eigen::Index row,
                           Result& result) {
    // Rows of the row-major amounts matrix are contiguous.
    std::copy(x, x + map.n_amounts, result.amounts_mg.data() + row * map.n_amounts);
    result.concentration_mg_per_l[row] = x[map.central] / map.central_volume_l;
    if (map.effect_site >= 0) result.effect_site_concentration_mg_per_l[row] = x[map.effect_site];
}

}  // namespace pkengine::detail
