// Rate constants up to kMaxRateConstantPerH (1e12 /h) on the exact path: every state against a
// 40-digit matrix exponential of the same model (mpmath 1.3, expm of the exactly conservative
// rate matrix, and of the augmented matrix [[A, I], [0, 0]] over an infusion), and faster rates
// rejected naming the state and the rate. The exponentials keep every state to rounding (about
// 1e-15 of the dose over ~45 squarings); the tolerance, 1e-12 of the dose, leaves room for the
// few hundred steps of a grid and is still a thousand times inside the 1e-9 promised.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {

constexpr double kTolerance = 1e-12;

/// The amount of state `name` at output row `row`.
double amount(const Result& r, const std::string& name, Eigen::Index row) {
    for (std::size_t j = 0; j < r.state_names.size(); ++j) {
        if (r.state_names[j] == name) return r.amounts_mg(row, static_cast<Eigen::Index>(j));
    }
    FAIL("no state " << name);
    return 0.0;
}

struct Expected {
    std::string state;
    double at_half_hour;
    double at_24_h;
};

/// Checks every listed state at 0.5 h and 24 h against its reference, and the mass of each row.
void check_states(const Result& r, const std::vector<Expected>& expected, double dosed,
                  double dose_scale) {
    REQUIRE(r.solver == SolverPath::Exact);
    const Eigen::Index last = r.amounts_mg.rows() - 1;
    for (const Expected& e : expected) {
        INFO(e.state);
        CHECK(amount(r, e.state, 0) == Approx(e.at_half_hour).margin(kTolerance * dose_scale));
        CHECK(amount(r, e.state, last) == Approx(e.at_24_h).margin(kTolerance * dose_scale));
    }
    CHECK(std::abs(r.amounts_mg.row(last).sum() - dosed) <= kTolerance * dose_scale);
}

const OutputTimes kTimes = OutputTimes::at({0.5, 24.0});

}  // namespace

TEST_CASE("ka 1e10 and 1e12 /h: the oral dose arrives whole, every state exact", "[fast]") {
    // 1-compartment, CL 10 L/h, V 50 L (k10 0.2 /h), 100 mg oral, F 1. Main lost 1.6e-6 of the
    // mass at ka 1e10 and 3.7e-5 at 1e12.
    struct Case {
        double ka;
        Expected central, eliminated;
    };
    const Case cases[] = {
        {1e10,
         {"central", 90.483741805405632, 0.82297470491846238},
         {"eliminated", 9.5162581945943678, 99.177025295081538}},
        {1e12,
         {"central", 90.483741803614054, 0.82297470490216748},
         {"eliminated", 9.5162581963859459, 99.177025295097833}},
    };
    for (const Case& c : cases) {
        INFO("ka = " << c.ka);
        Model model(Disposition::one_compartment(10.0, 50.0));
        model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), c.ka, 0.0, 0.0});
        const std::vector<DoseEvent> dose{DoseEvent::bolus(0.0, 100.0, Route::Oral)};
        check_states(simulate(model, dose, kTimes),
                     {c.central, c.eliminated, {"depot_oral", 0.0, 0.0}}, 100.0, 100.0);
        // A uniform grid takes the chained stretches: the same states at 0.5 h and 24 h.
        const Result grid = simulate(model, dose, OutputTimes::uniform(0.0, 24.0, 0.5));
        const Eigen::Index last = grid.amounts_mg.rows() - 1;
        CHECK(amount(grid, "central", 1) ==
              Approx(c.central.at_half_hour).margin(kTolerance * 100.0));
        CHECK(amount(grid, "central", last) ==
              Approx(c.central.at_24_h).margin(kTolerance * 100.0));
        CHECK(std::abs(grid.amounts_mg.row(last).sum() - 100.0) <= kTolerance * 100.0);
    }
}

TEST_CASE("ktr 1e12 /h: transit compartments pass the dose on whole", "[fast]") {
    // 2-compartment (CL 10, V1 50, Q 5, V2 100), oral ka 1 /h behind 4 transit compartments
    // (count 3, MTT 4e-12 h: ktr 1e12 /h), 100 mg.
    Model model(Disposition::two_compartment(10.0, 50.0, 5.0, 100.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.0, 0.0, 0.0});
    model.set_transit(Route::Oral, {3, 4e-12});
    const Result r = simulate(model, {DoseEvent::bolus(0.0, 100.0, Route::Oral)}, kTimes);
    check_states(r,
                 {{"central", 36.319547282236998, 3.2156605648559426},
                  {"peripheral1", 1.0032394979602578, 16.898877162096865},
                  {"transit_oral_0", 0.0, 0.0},
                  {"transit_oral_3", 0.0, 0.0},
                  {"depot_oral", 60.653065971505955, 3.7751345442941983e-9},
                  {"eliminated", 2.0241472482967896, 79.885462269272058}},
                 100.0, 100.0);
}

TEST_CASE("CL/V1 1e12 /h with a peripheral compartment, an oral dose and an infusion", "[fast]") {
    // 2-compartment CL 1e13 L/h, V1 10 L (k10 1e12 /h), Q 20, V2 100; 100 mg oral (ka 1 /h) at 0
    // and 50 mg IV over 3 h from 1 h (the infusion term, Gamma(h), on the same fast system).
    // Outputs at 2.5 h (during the infusion) and 24 h. Main lost 4.9e-5 of such a dose.
    Model model(Disposition::two_compartment(1e13, 10.0, 20.0, 100.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.0, 0.0, 0.0});
    const std::vector<DoseEvent> doses{DoseEvent::bolus(0.0, 100.0, Route::Oral),
                                       DoseEvent::infusion(1.0, 50.0, 3.0)};
    const Result r = simulate(model, doses, OutputTimes::at({2.5, 24.0}));
    check_states(r,
                 {{"central", 2.4875166529049866e-11, 3.775821491730693e-21},
                  {"peripheral1", 1.7430837849163223e-10, 3.4347372768582401e-12},
                  {"depot_oral", 8.2084998623898795, 3.7751345442790978e-9},
                  {"eliminated", 116.79150013741094, 149.99999999622143}},
                 150.0, 150.0);
}

TEST_CASE("ke0 1e12 /h: the effect site follows plasma, never 0", "[fast]") {
    // 1-compartment CL 10, V 50, oral ka 1 /h, 100 mg; effect site ke0 1e12 /h.
    Model model(Disposition::one_compartment(10.0, 50.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.0, 0.0, 0.0});
    model.set_effect_compartment({1e12, std::nullopt});
    const Result r = simulate(model, {DoseEvent::bolus(0.0, 100.0, Route::Oral)}, kTimes);
    check_states(r,
                 {{"central", 37.288344790415769, 1.0287183764085854},
                  {"depot_oral", 60.653065971263342, 3.7751345442790978e-9},
                  {"eliminated", 2.0585892383208889, 98.97128161981628}},
                 100.0, 100.0);
    // Ce lags C by 1e-12 h: equal to 1e-11 relative (C changes by at most 1 /h relative).
    const auto& ce = r.effect_site_concentration_mg_per_l;
    CHECK(ce[0] == Approx(0.74576689580725147).epsilon(1e-12));
    CHECK(ce[1] == Approx(0.020574367528175823).epsilon(1e-12));
    CHECK(ce[0] == Approx(r.concentration_mg_per_l[0]).epsilon(1e-11));
    CHECK(ce[1] == Approx(r.concentration_mg_per_l[1]).epsilon(1e-11));
}

TEST_CASE("metabolite CL/V 1e12 /h: formed metabolite leaves at once, mass kept", "[fast]") {
    // 1-compartment CL 10, V 50, fm 0.5 to a metabolite with CL 1e13 L/h, V 10 L; 100 mg IV.
    Model model(Disposition::one_compartment(10.0, 50.0));
    model.set_metabolite({0.5, 1e13, 10.0, 0.0, 0.0});
    const Result r = simulate(model, {DoseEvent::bolus(0.0, 100.0)}, kTimes);
    check_states(r,
                 {{"central", 90.483741803595957, 0.82297470490200288},
                  {"eliminated", 4.7581290982020213, 49.588512647548999},
                  {"metabolite_central", 9.0483741803614054e-12, 8.2297470490216748e-14},
                  {"metabolite_eliminated", 4.758129098192973, 49.588512647548916}},
                 100.0, 100.0);
}

TEST_CASE("Q/V1 1e12 /h: fast exchange with slow elimination keeps the slow rate", "[fast]") {
    // 2-compartment CL 10, V1 10 (k10 1 /h), Q 1e13 L/h (k12 1e12 /h), V2 30: the two
    // compartments equilibrate at once and leave together at k10 V1 / (V1 + V2) = 0.25 /h.
    Model model(Disposition::two_compartment(10.0, 10.0, 1e13, 30.0));
    const Result r = simulate(model, {DoseEvent::bolus(0.0, 100.0)}, kTimes);
    check_states(r,
                 {{"central", 22.062422564591616, 0.06196880441679839},
                  {"peripheral1", 66.187267693824489, 0.1859064132505346},
                  {"eliminated", 11.750309741583895, 99.752124782332667}},
                 100.0, 100.0);
}

TEST_CASE("rate constants above kMaxRateConstantPerH are rejected naming them and the value",
          "[fast]") {
    REQUIRE(kMaxRateConstantPerH == 1e12);
    const std::vector<DoseEvent> oral{DoseEvent::bolus(0.0, 100.0, Route::Oral)};
    Model model(Disposition::one_compartment(10.0, 50.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1e12, 0.0, 0.0});
    CHECK_NOTHROW(simulate(model, oral, kTimes));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.01e12, 0.0, 0.0});
    REQUIRE_THROWS_AS(simulate(model, oral, kTimes), InvalidInput);
    REQUIRE_THROWS_WITH(
        simulate(model, oral, kTimes),
        Contains("the rate constant from 'depot_oral' to 'central' = 1.01e+12 /h (ka of the "
                 "oral route) is more than the fastest rate constant accepted, "
                 "kMaxRateConstantPerH = 1e+12 /h"));
    // The ODE path has the same bound.
    SimulationOptions ode;
    ode.path = SolverPath::Ode;
    REQUIRE_THROWS_AS(simulate(model, oral, kTimes, ode), InvalidInput);

    Model effect(Disposition::one_compartment(10.0, 50.0));
    effect.set_effect_compartment({1e12, std::nullopt});
    CHECK_NOTHROW(simulate(effect, {DoseEvent::bolus(0.0, 1.0)}, kTimes));
    effect.set_effect_compartment({2e12, std::nullopt});
    REQUIRE_THROWS_WITH(simulate(effect, {DoseEvent::bolus(0.0, 1.0)}, kTimes),
                        Contains("ke0 = 2e+12 /h (effect site)"));
    const Model cl(Disposition::one_compartment(1e14, 50.0));
    REQUIRE_THROWS_WITH(
        simulate(cl, {DoseEvent::bolus(0.0, 1.0)}, kTimes),
        Contains("the rate constant from 'central' to 'eliminated' = 2e+12 /h (CL/V1)"));
    Model transit(Disposition::one_compartment(10.0, 50.0));
    transit.set_absorption(Route::Oral, {Bioavailability::exactly(1.0), 1.0, 0.0, 0.0});
    transit.set_transit(Route::Oral, {3, 1e-12});
    REQUIRE_THROWS_WITH(simulate(transit, oral, kTimes),
                        Contains("from 'transit_oral_0' to 'transit_oral_1' = 4e+12 /h (ktr)"));
}
