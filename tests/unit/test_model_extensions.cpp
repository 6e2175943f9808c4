// The model extensions validate their parameters at the boundary and lay out their states.
#include <catch2/catch.hpp>
#include <limits>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("CL = 0 is accepted only with Michaelis-Menten elimination", "[validation][model]") {
    const Disposition no_linear = Disposition::one_compartment(0.0, 20.0);
    REQUIRE_THROWS_AS(Model(no_linear), InvalidInput);
    REQUIRE_THROWS_WITH(Model(no_linear), Contains("CL = 0: must be > 0 in a model without "
                                                   "Michaelis-Menten elimination"));
    const Model saturable(no_linear, MichaelisMenten{30.0, 2.0});
    CHECK_FALSE(saturable.is_linear());
    CHECK(Model(Disposition::one_compartment(5.0, 20.0)).is_linear());
    REQUIRE_THROWS_WITH(Disposition::one_compartment(-1.0, 20.0),
                        Contains("CL = -1: must be >= 0"));
    REQUIRE_THROWS_WITH(Model(no_linear, MichaelisMenten{0.0, 2.0}),
                        Contains("michaelis_menten.vmax_mg_per_h = 0: must be > 0"));
    REQUIRE_THROWS_WITH(Model(no_linear, MichaelisMenten{30.0, kNaN}),
                        Contains("michaelis_menten.km_mg_per_l = nan"));
}

TEST_CASE("metabolite, effect and transit parameters are checked", "[validation][model]") {
    Model model(Disposition::one_compartment(5.0, 20.0));
    REQUIRE_THROWS_WITH(model.set_metabolite({0.0, 5.0, 10.0, 0.0, 0.0}),
                        Contains("metabolite.fm = 0: must be > 0"));
    REQUIRE_THROWS_WITH(model.set_metabolite({1.2, 5.0, 10.0, 0.0, 0.0}),
                        Contains("metabolite.fm = 1.2: a fraction must be in (0, 1]"));
    REQUIRE_THROWS_WITH(model.set_metabolite({0.5, 5.0, -1.0, 0.0, 0.0}),
                        Contains("metabolite.v_l = -1"));
    REQUIRE_THROWS_WITH(model.set_metabolite({0.5, 5.0, 10.0, 3.0, 0.0}),
                        Contains("metabolite.vp_l = 0: a peripheral compartment needs both"));
    REQUIRE_THROWS_WITH(model.set_effect_compartment({0.0, std::nullopt}),
                        Contains("effect.ke0_per_h = 0: must be > 0"));
    REQUIRE_THROWS_WITH(model.set_effect_compartment({1.0, SigmoidEmax{0.0, 1.0, 0.0, 1.0}}),
                        Contains("effect.response.ec50_mg_per_l = 0"));
    REQUIRE_THROWS_WITH(model.set_effect_compartment({1.0, SigmoidEmax{0.0, kNaN, 1.0, 1.0}}),
                        Contains("effect.response.emax = nan"));
    REQUIRE_THROWS_WITH(model.set_effect_compartment({1.0, SigmoidEmax{0.0, 1.0, 1.0, -2.0}}),
                        Contains("effect.response.hill = -2"));
    REQUIRE_THROWS_WITH(model.set_transit(Route::Oral, {-1, 1.0}),
                        Contains("oral.transit.count = -1: must be in [0, 50]"));
    REQUIRE_THROWS_WITH(model.set_transit(Route::Intramuscular, {3, 0.0}),
                        Contains("im.transit.mtt_h = 0: must be > 0"));
    REQUIRE_THROWS_WITH(model.set_transit(Route::IvBolus, {3, 1.0}),
                        Contains("IV routes have no depot"));
    CHECK_FALSE(model.metabolite().has_value());
    CHECK_FALSE(model.transit(Route::Oral).has_value());
}

TEST_CASE("the sigmoid Emax response has its baseline half and full effects", "[model]") {
    const SigmoidEmax response{5.0, 20.0, 0.4, 3.0};
    CHECK(response(0.0) == 5.0);
    CHECK(response(-1e-12) == 5.0);  // a rounding undershoot below zero counts as zero
    CHECK(response(0.4) == Approx(15.0).epsilon(1e-15));
    CHECK(response(1e300) == Approx(25.0).epsilon(1e-15));  // (Ce/EC50)^h overflows
    CHECK(response(0.8) == Approx(5.0 + 20.0 * 8.0 / 9.0).epsilon(1e-15));
    CHECK(TransitAbsorption{3, 2.0}.ktr_per_h() == 2.0);
}

TEST_CASE("extension states are named and the effect site is not an amount", "[model]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Oral, {Bioavailability::exactly(0.2), 0.9, 0.0, 0.0});
    model.set_transit(Route::Oral, {2, 1.0});
    model.set_metabolite({0.8, 20.0, 60.0, 30.0, 90.0});
    model.set_effect_compartment({3.0, SigmoidEmax{0.0, 1.0, 0.1, 1.0}});
    const Result r =
        simulate(model, Regimen::single(Dose::mg(10.0, Route::Oral)), OutputTimes::at({0.0, 1.0}));
    CHECK(r.state_names == std::vector<std::string>{"central", "peripheral1", "peripheral2",
                                                    "transit_oral_0", "transit_oral_1",
                                                    "transit_oral_2", "depot_oral", "eliminated",
                                                    "metabolite_central", "metabolite_peripheral",
                                                    "metabolite_eliminated"});
    CHECK(r.amounts_mg.cols() == 11);
    CHECK(r.effect_site_concentration_mg_per_l.size() == 2);
    CHECK(r.effect.size() == 2);
    CHECK(r.metabolite_concentration_mg_per_l.size() == 2);
    // The whole dose is in the transit chain's first compartment at t = 0.
    CHECK(r.amounts_mg(0, r.state_index("transit_oral_0")) == Approx(2.0).epsilon(1e-15));
}
