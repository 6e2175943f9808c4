#pragma once
// Recording one output row, inline in the solvers' output loops (one call per output point).

#include <algorithm>

#include "../simulate.hpp"
#include "system.hpp"

namespace pkengine::detail {

/// Writes state `x` as output row `row` (amounts, concentration, effect-site concentration).
inline void record_outputs(const OutputMap& map, const double* x, Eigen::Index row,
                           Result& result) {
    // Rows of the row-major amounts matrix are contiguous.
    std::copy(x, x + map.n_amounts, result.amounts_mg.data() + row * map.n_amounts);
    result.concentration_mg_per_l[row] = x[map.central] / map.central_volume_l;
    if (map.effect_site >= 0) result.effect_site_concentration_mg_per_l[row] = x[map.effect_site];
}

}  // namespace pkengine::detail
