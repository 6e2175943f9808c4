#include <string>

#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/model.hpp"

namespace pkengine {

namespace {

std::size_t route_slot(Route route) {
    return static_cast<std::size_t>(route);
}

}  // namespace

void ModelledInfusion::validate(Route route) const {
    validate_route(route);
    const std::string prefix(route_name(route));
    if (route == Route::IvBolus) {
        throw InvalidInput(
            "route = iv_bolus: a bolus has no modelled rate or duration; use iv_infusion");
    }
    detail::require_non_negative(rate_mg_per_h, prefix + ".modelled_rate_mg_per_h");
    detail::require_non_negative(duration_h, prefix + ".modelled_duration_h");
}

Model& Model::set_disposition(const Disposition& disposition) {
    require_not_linear_structure("disposition (set its transfers and volumes by name)");
    m_disposition = disposition;
    return *this;
}

Model& Model::set_modelled_infusion(Route route, const ModelledInfusion& infusion) {
    validate_route(route);
    infusion.validate(route);
    m_modelled[route_slot(route)] = infusion;
    return *this;
}

const ModelledInfusion& Model::modelled_infusion(Route route) const {
    validate_route(route);
    return m_modelled[route_slot(route)];
}

}  // namespace pkengine
