// Simulates 35 mg of ketamine by IV bolus, IM and oral routes with the Domino 1984
// three-compartment model at 70 kg and prints Cmax (ng/mL) and Tmax (min) per route.
// Absorption rate constants here are illustrative; the drug library carries sourced values.
#include <cstdio>
#include <pkengine/pkengine.hpp>

int main() {
    using namespace pkengine;
    const double v1 = 0.063 * 70.0;  // L (Domino 1984: 0.063 L/kg)
    const MicroConstants k{
        units::per_minute_to_per_hour(0.4381), units::per_minute_to_per_hour(0.5921),
        units::per_minute_to_per_hour(0.2470), units::per_minute_to_per_hour(0.5900),
        units::per_minute_to_per_hour(0.0146)};
    Model model(Disposition::from_micro_constants(3, k, v1));
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 4.0, 0.0, 0.0});
    model.set_absorption(Route::Oral, {Bioavailability::range(0.2, 0.1, 0.3), 0.8, 0.0, 0.0});

    const OutputTimes grid = OutputTimes::uniform(0.0, 12.0, 1.0 / 60.0);
    std::printf("%-10s %12s %10s\n", "route", "Cmax ng/mL", "Tmax min");
    for (Route route : {Route::IvBolus, Route::Intramuscular, Route::Oral}) {
        const Result r = simulate(model, Regimen::single(Dose::mg(35.0, route)), grid);
        Eigen::Index at = 0;
        const double cmax = r.concentration_mg_per_l.maxCoeff(&at);
        std::printf("%-10s %12.1f %10.1f\n", std::string(route_name(route)).c_str(),
                    units::mg_per_l_to_ng_per_ml(cmax), r.times_h[at] * 60.0);
    }
    return 0;
}
