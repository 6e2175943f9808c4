// Every boundary check throws a typed exception whose message names the field and the value.
#include <catch2/catch.hpp>
#include <limits>

#include "support.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("disposition parameters must be finite and positive", "[validation]") {
    REQUIRE_THROWS_AS(Disposition::one_compartment(kNaN, 10.0), InvalidInput);
    REQUIRE_THROWS_WITH(Disposition::one_compartment(kNaN, 10.0),
                        Contains("CL = nan") && Contains("finite"));
    REQUIRE_THROWS_WITH(Disposition::one_compartment(5.0, kInf), Contains("V1 = inf"));
    REQUIRE_THROWS_WITH(Disposition::one_compartment(5.0, -2.0), Contains("V1 = -2: must be > 0"));
    REQUIRE_THROWS_WITH(Disposition::two_compartment(5.0, 10.0, 0.0, 20.0),
                        Contains("Q2 = 0: must be > 0"));
    REQUIRE_THROWS_WITH(Disposition::three_compartment(5, 10, 3, 20, 2, -1), Contains("V3 = -1"));
    REQUIRE_THROWS_WITH(Disposition::from_micro_constants(1, {0.2, 0.5, 0, 0, 0}, 10.0),
                        Contains("k12 = 0.5: must be 0 for a 1-compartment model"));
    REQUIRE_THROWS_WITH(Disposition::from_micro_constants(4, {0.2, 0, 0, 0, 0}, 10.0),
                        Contains("compartments = 4"));
}

TEST_CASE("micro-constants convert to clearances and back", "[model]") {
    const Disposition d = Disposition::three_compartment(116.0, 4.41, 156.6, 10.6, 156.0, 178.0);
    const MicroConstants k = d.micro_constants();
    CHECK(k.k10 == Approx(116.0 / 4.41).epsilon(1e-15));
    CHECK(k.k21 == Approx(156.6 / 10.6).epsilon(1e-15));
    const Disposition back = Disposition::from_micro_constants(3, k, 4.41);
    CHECK(back.cl() == Approx(116.0).epsilon(1e-14));
    CHECK(back.q2() == Approx(156.6).epsilon(1e-14));
    CHECK(back.v2() == Approx(10.6).epsilon(1e-14));
    CHECK(back.q3() == Approx(156.0).epsilon(1e-14));
    CHECK(back.v3() == Approx(178.0).epsilon(1e-14));
    CHECK(back.vss() == Approx(4.41 + 10.6 + 178.0).epsilon(1e-14));
}

TEST_CASE("bioavailability must lie between 0 and 1 with low <= nominal <= high", "[validation]") {
    Model model(Disposition::one_compartment(5.0, 10.0));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::exactly(1.2), 1.0, 0.0, 0.0}),
        Contains("oral.f.high = 1.2") && Contains("(0, 1]"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::exactly(0.0), 1.0, 0.0, 0.0}),
        Contains("oral.f.low = 0"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::range(0.5, 0.1, 0.3), 1.0, 0.0, 0.0}),
        Contains("oral.f.nominal = 0.5: must lie in [low, high]"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::exactly(kNaN), 1.0, 0.0, 0.0}),
        Contains("oral.f.nominal = nan"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.9), -1, 0, 0}),
        Contains("im.ka_per_h = -1"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::exactly(0.9), 1.0, -0.5, 0.0}),
        Contains("oral.lag_h = -0.5"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::Oral, {Bioavailability::exactly(0.9), 1.0, 0.0, 0.2}),
        Contains("oral.fraction_swallowed = 0.2"));
    REQUIRE_THROWS_WITH(
        model.set_absorption(Route::IvBolus, {Bioavailability::exactly(0.9), 1.0, 0.0, 0.0}),
        Contains("IV routes have no absorption parameters"));
}

TEST_CASE("dose records are checked field by field", "[validation]") {
    const Model model(Disposition::one_compartment(5.0, 10.0));
    const OutputTimes grid = OutputTimes::uniform(0.0, 10.0, 1.0);
    auto run = [&](const std::vector<DoseEvent>& events) { simulate(model, events, grid); };

    REQUIRE_THROWS_AS(run({DoseEvent::bolus(0.0, -5.0)}), InvalidInput);
    REQUIRE_THROWS_WITH(run({DoseEvent::bolus(0.0, -5.0)}),
                        Contains("events[0].amount_mg = -5: must be >= 0"));
    REQUIRE_THROWS_WITH(run({DoseEvent::bolus(kNaN, 5.0)}), Contains("events[0].time_h = nan"));
    REQUIRE_THROWS_WITH(run({DoseEvent::infusion(0.0, 5.0, 0.0)}),
                        Contains("events[0]: zero-length infusion"));
    REQUIRE_THROWS_WITH(run({DoseEvent::infusion_at_rate(0.0, 0.0, 3.0)}),
                        Contains("events[0].amount_mg = 0: zero-length infusion"));
    DoseEvent both = DoseEvent::infusion(0.0, 5.0, 1.0);
    both.rate_mg_per_h = 2.0;
    REQUIRE_THROWS_WITH(run({both}), Contains("events[0].duration_h = 1: an infusion is given by "
                                              "rate or by duration, not both"));
    REQUIRE_THROWS_WITH(run({DoseEvent::bolus(2.0, 1.0), DoseEvent::bolus(1.0, 1.0)}),
                        Contains("events[1].time_h = 1: events must be sorted by time"));
    DoseEvent repeated = DoseEvent::bolus(0.0, 1.0);
    repeated.additional = 3;
    REQUIRE_THROWS_WITH(run({repeated}), Contains("events[0].interval_h = 0: additional doses"));
    REQUIRE_THROWS_WITH(run({DoseEvent::bolus(1e6, 1.0)}),
                        Contains("events[0].time_h = 1000000: is beyond the longest horizon"));
    REQUIRE_THROWS_WITH(run({DoseEvent::bolus(0.0, 1.0, Route::Oral)}),
                        Contains("events[0].route = oral: the model has no absorption"));
    DoseEvent bolus_with_rate = DoseEvent::bolus(0.0, 1.0);
    bolus_with_rate.rate_mg_per_h = 1.0;
    REQUIRE_THROWS_WITH(run({bolus_with_rate}), Contains("events[0].route = iv_bolus"));
}

TEST_CASE("output times are checked", "[validation]") {
    REQUIRE_THROWS_WITH(OutputTimes::at({0.0, 2.0, 1.0}),
                        Contains("times_h[2] = 1: output times must be sorted"));
    REQUIRE_THROWS_WITH(OutputTimes::at({0.0, kNaN}), Contains("times_h[1] = nan"));
    REQUIRE_THROWS_WITH(OutputTimes::at({-1.0}), Contains("times_h[0] = -1: must be >= 0"));
    REQUIRE_THROWS_WITH(OutputTimes::uniform(0.0, 1e9, 1.0),
                        Contains("stop_h = 1000000000: is beyond the longest horizon"));
    REQUIRE_THROWS_WITH(OutputTimes::uniform(0.0, 48.0, 0.0), Contains("step_h = 0: must be > 0"));
    REQUIRE_THROWS_WITH(OutputTimes::uniform(0.0, 80000.0, 1e-4),
                        Contains("step_h = 0.0001: gives more than"));
    REQUIRE_THROWS_WITH(OutputTimes::uniform(5.0, 1.0, 0.5), Contains("stop_h = 1: must be >="));
}

TEST_CASE("weight-based doses and routes by name are checked", "[validation]") {
    CHECK(Dose::mg_per_kg(0.5, 70.0, Route::IvInfusion, 2.0 / 3.0).amount_mg ==
          Approx(35.0).epsilon(1e-15));
    REQUIRE_THROWS_WITH(Dose::mg_per_kg(0.5, -70.0, Route::IvBolus),
                        Contains("weight_kg = -70: must be > 0"));
    REQUIRE_THROWS_WITH(Dose::mg_per_kg(0.5, 7000.0, Route::IvBolus),
                        Contains("weight_kg = 7000: must be <= 500 kg"));
    CHECK(parse_route("IM") == Route::Intramuscular);
    CHECK(parse_route("po") == Route::Oral);
    REQUIRE_THROWS_WITH(parse_route("rectal"), Contains("route = 'rectal': unknown route"));
}

TEST_CASE("the regimen builder orders records and keeps same-time order", "[regimen]") {
    const Regimen kit = Regimen::on_days(Dose::mg_per_kg(0.5, 70.0, Route::IvInfusion, 2.0 / 3.0),
                                         {0, 2, 4, 7, 9, 11}, 9.0);
    REQUIRE(kit.size() == 6);
    CHECK(kit.events()[5].time_h == Approx(11 * 24 + 9.0));
    const Regimen daily = Regimen::repeated(Dose::mg(50.0, Route::Oral), 12.0, 56);
    CHECK(daily.events().back().time_h == Approx(55 * 12.0));
    const Regimen mixed = Regimen::single(Dose::mg(1.0, Route::Oral), 5.0) +
                          Regimen::single(Dose::mg(2.0, Route::IvBolus), 1.0) +
                          Regimen::single(Dose::mg(3.0, Route::IvBolus), 5.0);
    REQUIRE(mixed.size() == 3);
    CHECK(mixed.events()[0].amount_mg == 2.0);
    CHECK(mixed.events()[1].amount_mg == 1.0);  // same time: left operand first
    CHECK(mixed.events()[2].amount_mg == 3.0);
    REQUIRE_THROWS_WITH(Regimen::repeated(Dose::mg(1.0, Route::Oral), 0.0, 3),
                        Contains("every_h = 0"));
}

TEST_CASE("a route or other enum outside its values is rejected at every entry", "[validation]") {
    // Bindings can hand over any integer as an enum (pybind11 enums accept any value).
    const auto bad_route = static_cast<Route>(10'000'000);
    const auto route_99 = static_cast<Route>(99);
    Model model(Disposition::one_compartment(5.0, 10.0));
    REQUIRE_THROWS_WITH(model.set_modelled_infusion(bad_route, ModelledInfusion{20.0, 0.0}),
                        Contains("route = 10000000: not a route"));
    REQUIRE_THROWS_WITH(model.set_absorption(route_99, Absorption{}),
                        Contains("route = 99: not a route"));
    CHECK(model.disposition().cl() == 5.0);  // was overwritten through an index of -1
    CHECK(model.disposition().v1() == 10.0);
    REQUIRE_THROWS_WITH(model.set_transit(route_99, TransitAbsorption{}), Contains("route = 99"));
    REQUIRE_THROWS_AS(model.clear_transit(route_99), InvalidInput);
    REQUIRE_THROWS_AS(model.transit(route_99), InvalidInput);
    REQUIRE_THROWS_AS(model.has_route(route_99), InvalidInput);
    REQUIRE_THROWS_AS(model.absorption(route_99), InvalidInput);
    REQUIRE_THROWS_AS(model.modelled_infusion(bad_route), InvalidInput);
    REQUIRE_THROWS_WITH(model.set_modelled_infusion(static_cast<Route>(-1), ModelledInfusion{}),
                        Contains("route = -1: not a route"));

    REQUIRE_THROWS_WITH(DoseEvent::bolus(0.0, 1.0, route_99), Contains("route = 99"));
    REQUIRE_THROWS_WITH(DoseEvent::infusion(0.0, 1.0, 1.0, route_99), Contains("route = 99"));
    REQUIRE_THROWS_WITH(Dose::mg(1.0, route_99), Contains("dose.route = 99: not a route"));
    REQUIRE_THROWS_WITH(Dose::mg_per_kg(1.0, 70.0, route_99), Contains("dose.route = 99"));

    DoseEvent event = DoseEvent::bolus(0.0, 1.0);
    event.route = route_99;
    REQUIRE_THROWS_WITH(Regimen({event}), Contains("events[0].route = 99: not a route"));
    event = DoseEvent::bolus(0.0, 1.0);
    event.kind = static_cast<EventKind>(9);
    REQUIRE_THROWS_WITH(Regimen({event}), Contains("events[0].kind = 9: not a valid value"));
    event = DoseEvent::bolus(0.0, 1.0);
    event.steady_state = static_cast<SteadyState>(3);
    REQUIRE_THROWS_WITH(Regimen().add(event), Contains("event.steady_state = 3"));
    event = DoseEvent::bolus(0.0, 1.0);
    event.rate_source = static_cast<RateSource>(-3);
    REQUIRE_THROWS_WITH(simulate(model, std::vector<DoseEvent>{event}, OutputTimes::at({1.0})),
                        Contains("events[0].rate_source = -3"));

    SimulationOptions options;
    options.stepper = static_cast<Stepper>(17);
    REQUIRE_THROWS_WITH(options.validate(), Contains("stepper = 17: not a valid value"));
    options = SimulationOptions{};
    options.path = static_cast<SolverPath>(5);
    REQUIRE_THROWS_WITH(options.validate(), Contains("path = 5"));
    options = SimulationOptions{};
    options.bioavailability = static_cast<FChoice>(3);
    REQUIRE_THROWS_WITH(options.validate(), Contains("bioavailability = 3"));

    REQUIRE_THROWS_WITH(nca::auc({0.0, 1.0}, {1.0, 0.5}, static_cast<nca::AucMethod>(2)),
                        Contains("method = 2"));
    REQUIRE_THROWS_WITH(compare_routes(model, 10.0, {route_99}, {}, CompareOptions{}),
                        Contains("routes[0] = 99: not a route"));
}

TEST_CASE("a simulation whose outputs overflow throws SolverError naming what overflowed",
          "[validation][solver]") {
    const OutputTimes times = OutputTimes::at({0.5, 1.0, 2.0});
    // CL/V1 overflows to infinity: rejected before any work, a rate above the maximum.
    const Model extreme(Disposition::one_compartment(1e300, 1e-300));
    REQUIRE_THROWS_AS(simulate(extreme, Regimen::single(Dose::mg(100.0, Route::IvBolus)), times),
                      InvalidInput);
    REQUIRE_THROWS_WITH(simulate(extreme, Regimen::single(Dose::mg(100.0, Route::IvBolus)), times),
                        Contains("from 'central' to 'eliminated' = inf /h (CL/V1)"));

    const Model model(Disposition::one_compartment(5.0, 10.0));
    const Regimen two_doses({DoseEvent::bolus(0.0, 1e308), DoseEvent::bolus(0.25, 1e308)});
    SimulationOptions options;
    options.path = SolverPath::Exact;
    REQUIRE_THROWS_AS(simulate(model, two_doses, times, options), SolverError);
    REQUIRE_THROWS_WITH(
        simulate(model, two_doses, times, options),
        Contains("amount of 'central' (mg) at t = 0.5 h is") && Contains("overflowed"));
    options.path = SolverPath::Ode;  // stops at the first non-finite derivative
    REQUIRE_THROWS_AS(simulate(model, two_doses, times, options), SolverError);
    // One such dose is finite throughout.
    const Result one = simulate(model, Regimen::single(Dose::mg(1e308, Route::IvBolus)), times);
    CHECK(one.amounts_mg.allFinite());
}
