// Loads the installed ketamine drug file (found through PKENGINE_DRUG_PATH, then the
// installation's share/pkengine/drugs) and compares 0.5 mg/kg at 70 kg by every route with the
// default model: Cmax (ng/mL) and Tmax (min) on a 1-min grid, exact AUC(0-inf) (ng.h/mL), each
// at the nominal bioavailability and at both ends of its range.
#include <cstdio>
#include <pkengine/pkengine.hpp>
#include <string>

int main() {
    using namespace pkengine;
    const Drug drug = Drug::load("ketamine");
    DrugComparisonRequest request;
    request.dose = 0.5;
    request.dose_unit = DoseUnit::MgPerKg;
    request.weight_kg = 70.0;
    const RouteComparison r = compare_routes(drug, request);

    std::printf("%s 0.5 mg/kg x 70 kg = %.4g mg, model %s\n", drug.name().c_str(), r.dose_mg,
                drug.default_model().c_str());
    std::printf("%-12s %-16s %24s %9s %22s\n", "route", "F", "Cmax ng/mL", "Tmax min",
                "AUC0-inf ng.h/mL");
    auto ng = [](double mg_per_l) { return units::mg_per_l_to_ng_per_ml(mg_per_l); };
    for (const RouteOutcome& o : r.routes) {
        const RouteMetrics &n = o.at(FChoice::Nominal), &lo = o.at(FChoice::Low),
                           &hi = o.at(FChoice::High);
        std::printf("%-12s %4.2f [%4.2f-%4.2f] %8.1f [%6.1f-%6.1f] %9.1f %8.1f [%5.1f-%5.1f]\n",
                    std::string(route_name(o.route)).c_str(), o.f.nominal, o.f.low, o.f.high,
                    ng(n.cmax_mg_per_l), ng(lo.cmax_mg_per_l), ng(hi.cmax_mg_per_l),
                    n.tmax_h * units::kMinutesPerHour, ng(n.auc_0_inf), ng(lo.auc_0_inf),
                    ng(hi.auc_0_inf));
    }
    return 0;
}
