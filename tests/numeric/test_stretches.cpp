// A uniform stretch of outputs advances as interleaved recurrences (x_{k+4} = Phi^4 x_k + f4);
// a grid whose steps keep changing length advances one step at a time. Both must give the same
// curve to rounding, with and without a running infusion.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;

TEST_CASE("interleaved stretches agree with single steps", "[exact][stretch]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.0, 0.0});
    const Regimen regimen = Regimen::single(Dose::mg(35.0, Route::Intramuscular)) +
                            Regimen::single(Dose::mg(35.0, Route::IvInfusion, 2.0), 5.0) +
                            Regimen::single(Dose::mg(10.0, Route::IvBolus), 20.5);
    const OutputTimes uniform = OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0);
    // Every other step twice as long: no two consecutive steps alike, so no stretch forms.
    std::vector<double> alternating;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < uniform.size(); i += (index.size() % 2 == 0 ? 1 : 2)) {
        alternating.push_back(uniform.times()[i]);
        index.push_back(i);
    }
    const Result chained = simulate(model, regimen, uniform);
    const Result single = simulate(model, regimen, OutputTimes::at(alternating));
    const double scale = chained.amounts_mg.maxCoeff();
    for (std::size_t k = 0; k < index.size(); ++k) {
        const auto row = static_cast<Eigen::Index>(index[k]);
        const auto other = static_cast<Eigen::Index>(k);
        INFO("t = " << alternating[k]);
        REQUIRE(
            (chained.amounts_mg.row(row) - single.amounts_mg.row(other)).cwiseAbs().maxCoeff() <=
            1e-13 * scale);
    }
}
