#include "pkengine/detail/system.hpp"
#include "pkengine/simulate.hpp"

namespace pkengine::detail {

OutputMap output_map(const Layout& layout, double v1_l) {
    return {layout.n_amounts, layout.central, v1_l, layout.effect_site};
}

void prepare_outputs(const OutputMap& map, Eigen::Index n_out, Result& result) {
    result.amounts_mg.resize(n_out, map.n_amounts);
    result.concentration_mg_per_l.resize(n_out);
    if (map.effect_site >= 0) result.effect_site_concentration_mg_per_l.resize(n_out);
}

}  // namespace pkengine::detail
