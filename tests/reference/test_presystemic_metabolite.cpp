// A metabolite formed before the parent reaches plasma (Metabolite::presystemic) in a
// route-named model: against the same model written as a general linear model (an own depot per
// target), the copy of the route's chain against the parent's, mass balance, the parent's exact
// AUC, the metabolite's exact AUC, the molar-mass ratio, the ODE path, and every error.
//
// Tolerances: 1e-12 relative to the dose (or to the peak) between two exact-path runs of the same
// linear system with the states in another order (a few ulps per step of e^{Ah}; a wrong rate,
// fraction or target is 1e-3 or more); 1e-12 relative between the presystemic chain and
// fpre/F x the parent's chain (the same linear recurrence on proportional inputs); 1e-9
// relative to the dose for mass balance after 1 000 steps; 1e-6 relative between the exact and
// the ODE path (rtol 1e-10, atol 1e-12 mg).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::tight_ode;

namespace {

constexpr double kDose = 100.0, kF = 0.2, kPre = 0.35, kKa = 1.7, kLag = 0.25;
constexpr double kFm = 0.8, kClm = 40.0, kVm = 90.0, kQm = 15.0, kVmp = 60.0;

SimulationOptions exact() {
    SimulationOptions o;
    o.path = SolverPath::Exact;
    return o;
}

double amount(const Result& r, const std::string& name, Eigen::Index row) {
    return r.amounts_mg(row, r.state_index(name));
}

Metabolite presystemic_metabolite(double ratio = 1.0) {
    Metabolite m{kFm, kClm, kVm, kQm, kVmp};
    m.set_presystemic(Route::Oral, kPre);
    m.molar_mass_ratio = ratio;
    return m;
}

/// A two-compartment parent (CL 30, V1 20, Q 10, V2 50) with oral F 0.2, ka 1.7, lag 0.25 h.
Model route_named(const Metabolite& metabolite) {
    Model model(Disposition::two_compartment(30.0, 20.0, 10.0, 50.0));
    model.set_absorption(Route::Oral, {Bioavailability::exactly(kF), kKa, kLag, 0.0});
    model.set_metabolite(metabolite);
    return model;
}

/// The same model written out: the oral route has two targets with own depots (ka, lag), one
/// into the central compartment with F, one into the metabolite with the presystemic fraction.
Model written_out() {
    LinearStructure s;
    s.compartments = {{"central", 20.0}, {"periph", 50.0}, {"met", kVm}, {"met_periph", kVmp}};
    s.transfers = {LinearTransfer::by_clearance("central", "met", kFm * 30.0),
                   LinearTransfer::by_clearance("central", "", (1.0 - kFm) * 30.0),
                   LinearTransfer::by_clearance("central", "periph", 10.0),
                   LinearTransfer::by_clearance("periph", "central", 10.0),
                   LinearTransfer::by_clearance("met", "", kClm),
                   LinearTransfer::by_clearance("met", "met_periph", kQm),
                   LinearTransfer::by_clearance("met_periph", "met", kQm)};
    s.routes = {{Route::Oral, {{"central", kF, kLag, kKa, 0.0}, {"met", kPre, kLag, kKa, 0.0}}}};
    s.observed = "central";
    s.metabolite = "met";
    return Model(s);
}

Regimen oral_doses() {
    return Regimen::repeated(Dose::mg(kDose, Route::Oral), 8.0, 3);
}

}  // namespace

TEST_CASE("a presystemic metabolite equals the model written as a general linear model",
          "[metabolite][presystemic]") {
    const OutputTimes grid = OutputTimes::uniform(0.0, 36.0, 0.1);
    const Result named =
        simulate(route_named(presystemic_metabolite()), oral_doses(), grid, exact());
    const Result general = simulate(written_out(), oral_doses(), grid, exact());
    const double c_peak = named.concentration_mg_per_l.maxCoeff();
    const double m_peak = named.metabolite_concentration_mg_per_l.maxCoeff();
    for (Eigen::Index i = 0; i < named.concentration_mg_per_l.size(); ++i) {
        INFO("t = " << grid.times()[static_cast<std::size_t>(i)]);
        REQUIRE(std::abs(named.concentration_mg_per_l[i] - general.concentration_mg_per_l[i]) <=
                1e-12 * c_peak);
        REQUIRE(std::abs(named.metabolite_concentration_mg_per_l[i] -
                         general.metabolite_concentration_mg_per_l[i]) <= 1e-12 * m_peak);
    }
}

TEST_CASE("the presystemic chain carries fpre / F of the parent's input, transit chain included",
          "[metabolite][presystemic]") {
    Model model = route_named(presystemic_metabolite());
    model.set_transit(Route::Oral, {3, 0.6});
    // Zero-order inputs too (an oral record with a duration, one with a rate): the copy's rate
    // scales, its duration is the parent part's (F sets the duration of a rate), so the two
    // chains stay proportional.
    Regimen regimen = oral_doses();
    regimen.add(DoseEvent::infusion(20.0, kDose, 0.5, Route::Oral));
    regimen.add(DoseEvent::infusion_at_rate(28.0, kDose, 150.0, Route::Oral));
    const Result r = simulate(model, regimen, OutputTimes::uniform(0.0, 36.0, 0.05), exact());
    for (int k = 0; k < 4; ++k) {
        const std::string parent = "transit_oral_" + std::to_string(k);
        const std::string copy = "presystemic_transit_oral_" + std::to_string(k);
        for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
            INFO(copy << " at row " << i);
            REQUIRE(std::abs(amount(r, copy, i) - kPre / kF * amount(r, parent, i)) <=
                    1e-12 * kDose);
        }
    }
    for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
        REQUIRE(std::abs(amount(r, "presystemic_depot_oral", i) -
                         kPre / kF * amount(r, "depot_oral", i)) <= 1e-12 * kDose);
    }
}

TEST_CASE("with presystemic formation the dose is conserved and the parent's AUC is unchanged",
          "[metabolite][presystemic]") {
    const Model with = route_named(presystemic_metabolite());
    Metabolite none{kFm, kClm, kVm, kQm, kVmp};
    const Model without = route_named(none);
    const OutputTimes grid = OutputTimes::uniform(0.0, 300.0, 0.25);
    for (SolverPath path : {SolverPath::Exact, SolverPath::Ode}) {
        SimulationOptions options = path == SolverPath::Exact ? exact() : tight_ode();
        const Result r = simulate(with, oral_doses(), grid, options);
        const Result base = simulate(without, oral_doses(), grid, options);
        const Eigen::Index last = r.amounts_mg.rows() - 1;
        INFO(solver_path_name(r.solver));
        // Mass balance: what entered is (F + fpre) of each dose.
        REQUIRE(r.amounts_mg.row(last).sum() ==
                Approx(3.0 * kDose * (kF + kPre)).epsilon(path == SolverPath::Exact ? 1e-9 : 1e-6));
        // The parent does not see its metabolite.
        // (The ODE path steps differently with more states: 1e-8 of the peak, its tolerance.)
        const double peak = base.concentration_mg_per_l.maxCoeff();
        REQUIRE(std::abs(r.concentration_mg_per_l.maxCoeff() - peak) <=
                (path == SolverPath::Exact ? 1e-12 : 1e-8) * peak);
        const double auc = exact_auc_to(r, last, with);
        REQUIRE(auc == Approx(exact_auc_to(base, last, without)).epsilon(1e-9));
        // By 300 h every absorbed amount has left: AUC(0-inf) = F dose / CL.
        REQUIRE(auc == Approx(3.0 * kF * kDose / 30.0).epsilon(1e-6));
        // The metabolite's AUC: all that formed (fm of the parent's clearance, the presystemic
        // share) is cleared by its CL.
        REQUIRE(exact_metabolite_auc_to(r, last, with) ==
                Approx(3.0 * kDose * (kF * kFm + kPre) / kClm).epsilon(1e-6));
    }
}

TEST_CASE("the molar mass ratio scales the metabolite concentration and AUC, not its amounts",
          "[metabolite][presystemic]") {
    const OutputTimes grid = OutputTimes::uniform(0.0, 24.0, 0.5);
    const Model parent_equivalents = route_named(presystemic_metabolite(1.0));
    const Model own_mass = route_named(presystemic_metabolite(0.941));
    const Result a = simulate(parent_equivalents, oral_doses(), grid, exact());
    const Result b = simulate(own_mass, oral_doses(), grid, exact());
    REQUIRE(a.amounts_mg.isApprox(b.amounts_mg, 0.0));
    for (Eigen::Index i = 0; i < a.metabolite_concentration_mg_per_l.size(); ++i) {
        REQUIRE(b.metabolite_concentration_mg_per_l[i] ==
                Approx(0.941 * a.metabolite_concentration_mg_per_l[i]).epsilon(1e-15));
    }
    const Eigen::Index last = a.amounts_mg.rows() - 1;
    REQUIRE(exact_metabolite_auc_to(b, last, own_mass) ==
            Approx(0.941 * exact_metabolite_auc_to(a, last, parent_equivalents)).epsilon(1e-15));
}

TEST_CASE("a presystemic metabolite is the same on the ODE path", "[metabolite][presystemic]") {
    Model model = route_named(presystemic_metabolite());
    model.set_transit(Route::Oral, {2, 0.4});
    const OutputTimes grid = OutputTimes::uniform(0.0, 30.0, 0.25);
    const Result e = simulate(model, oral_doses(), grid, exact());
    const Result o = simulate(model, oral_doses(), grid, tight_ode());
    REQUIRE(o.solver == SolverPath::Ode);
    for (Eigen::Index i = 0; i < e.amounts_mg.rows(); ++i) {
        for (Eigen::Index j = 0; j < e.amounts_mg.cols(); ++j) {
            REQUIRE(std::abs(e.amounts_mg(i, j) - o.amounts_mg(i, j)) <= 1e-6 * kDose);
        }
    }
}

TEST_CASE("presystemic formation rejects what cannot be", "[metabolite][presystemic][errors]") {
    Metabolite m{kFm, kClm, kVm, 0.0, 0.0};
    CHECK_THROWS_WITH(m.set_presystemic(Route::IvBolus, 0.2),
                      Contains("metabolite.presystemic") && Contains("iv_bolus"));
    m.set_presystemic(Route::Oral, 1.0);
    CHECK_THROWS_WITH(m.validate(), Contains("metabolite.presystemic.oral = 1"));
    m.set_presystemic(Route::Oral, -0.1);
    CHECK_THROWS_WITH(m.validate(), Contains("metabolite.presystemic.oral"));
    m.set_presystemic(Route::Oral, 0.3);
    m.fm = 1.0;
    CHECK_THROWS_WITH(m.validate(), Contains("metabolite.fm = 1") && Contains("presystemic"));
    m.fm = kFm;
    m.molar_mass_ratio = 0.0;
    CHECK_THROWS_WITH(m.validate(), Contains("metabolite.molar_mass_ratio"));
    m.molar_mass_ratio = 1.0;
    // F and the presystemic fraction share one dose: at F 0.8 only 0.2 is left to form it.
    Model model(Disposition::one_compartment(30.0, 20.0));
    model.set_absorption(Route::Oral, {Bioavailability::range(0.5, 0.4, 0.8), kKa, 0.0, 0.0});
    model.set_metabolite(m);  // presystemic 0.3
    SimulationOptions high = exact();
    high.bioavailability = FChoice::High;
    const Result r = simulate(model, Regimen::single(Dose::mg(kDose, Route::Oral)),
                              OutputTimes::uniform(0.0, 1.0, 0.5), high);
    CHECK(r.amounts_mg.row(r.amounts_mg.rows() - 1).sum() == Approx(kDose).epsilon(1e-12));
    Model no_oral(Disposition::one_compartment(30.0, 20.0));
    no_oral.set_absorption(Route::Sublingual, {Bioavailability::exactly(0.3), kKa, 0.0, 0.0});
    Metabolite sl{kFm, kClm, kVm, 0.0, 0.0};
    sl.set_presystemic(Route::Sublingual, 0.3);
    no_oral.set_metabolite(sl);
    CHECK_THROWS_WITH(simulate(no_oral, Regimen::single(Dose::mg(kDose, Route::Sublingual)),
                               OutputTimes::uniform(0.0, 1.0, 0.5)),
                      Contains("metabolite.presystemic.sublingual") && Contains("no oral route"));
}
