// A population allocates nothing per subject: each worker compiles the subject problem once and
// rebinds it to every subject's parameters, so a run of 2n subjects allocates exactly as often
// as a run of n (allocations per run and per worker are fine).
#include <catch2/catch.hpp>
#include <pkengine/pkengine.hpp>

#include "counting.hpp"
#include "support.hpp"

namespace {

using namespace pkengine;

/// Allocations of a run of `n` subjects (the inputs, covariate rows among them, are made before
/// counting starts: a covariate table holds the first row's values for everyone).
long population_allocations(Population p, std::size_t n, unsigned threads, bool keep_nca) {
    if (p.covariates.rows() > 0) {
        const Eigen::RowVectorXd first = p.covariates.row(0);
        p.covariates = first.replicate(static_cast<Eigen::Index>(n), 1);
    }
    const OutputTimes times = OutputTimes::uniform(0.0, 120.0, 0.5);
    PopulationOptions options;
    options.seed = 7;
    options.threads = threads;
    options.keep_nca = keep_nca;
    const long before = allocation_count();
    const PopulationResult r = simulate_population(p, n, times, options);
    const long after = allocation_count();
    REQUIRE(r.n_subjects == n);
    return after - before;
}

}  // namespace

TEST_CASE("a population allocates nothing per subject", "[allocation][population]") {
    Model model(testing::domino_70kg());
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(0.93), 3.0, 0.0, 0.0});
    Population p(model, Regimen::repeated(Dose::mg(50.0, Route::Intramuscular), 12.0, 15));
    p.variability = Variability::from_cv({{"CL", 0.30}, {"V1", 0.25}, {"KA_IM", 0.40}});
    p.residual.proportional = 0.1;
    p.bands = {{"band", 0.1, 0.5}};
    // The first thread of the process sets up its allocator arena once: not the population's.
    population_allocations(p, 10, 1, false);
    // One thread: with more, a worker that happens to get no subject skips its first compile,
    // and the count would depend on scheduling.
    for (const bool keep_nca : {false, true}) {
        DYNAMIC_SECTION((keep_nca ? "with" : "without") << " the per-subject table") {
            const long few = population_allocations(p, 200, 1, keep_nca);
            const long many = population_allocations(p, 400, 1, keep_nca);
            INFO("allocations: " << few << " for 200 subjects, " << many << " for 400");
            CHECK(few > 0);
            CHECK(many == few);
        }
    }
}

TEST_CASE("a population of a general linear model allocates nothing per subject",
          "[allocation][population]") {
    // Two compartments (clearances between them, elimination from the second), an intranasal
    // dose split into a nasal share through its own depot and a swallowed remainder with a
    // zero-order input, as esketamine's model is built; variability on a volume, a clearance,
    // a rate constant, a ka and the nasal fraction (logit-normal).
    LinearStructure s;
    s.compartments = {{"central", 100.0}, {"liver", 50.0}};
    s.transfers = {LinearTransfer::by_clearance("central", "liver", 50.0),
                   LinearTransfer::by_clearance("liver", "central", 50.0),
                   LinearTransfer::rate("liver", "", 1.0)};
    LinearRouteTarget nasal;
    nasal.compartment = "central";
    nasal.f = 0.5;
    nasal.ka_per_h = 3.0;
    LinearRouteTarget swallowed;
    swallowed.compartment = "liver";
    swallowed.ka_per_h = 1.5;
    swallowed.duration_h = 0.5;
    swallowed.remainder_of = "central";
    swallowed.remainder_times = 0.6;
    s.routes = {{Route::Intranasal, {nasal, swallowed}}};
    Population p(Model(s), Regimen::repeated(Dose::mg(28.0, Route::Intranasal), 24.0, 5));
    p.variability =
        Variability::from_cv({{"V1", 0.3}, {"CL12", 0.2}, {"K20", 0.5}, {"K31", 0.6}, {"F3", 0.7}});
    p.covariate_names = {"AGE"};
    p.covariates = Eigen::MatrixXd::Constant(1, 1, 70.0);
    p.covariate_effects = {{"AGE", "CL21", CovariateEffectKind::LinearAbove, 60.0, -1.0, {}}};
    population_allocations(p, 10, 1, false);
    const long few = population_allocations(p, 200, 1, true);
    const long many = population_allocations(p, 400, 1, true);
    INFO("allocations: " << few << " for 200 subjects, " << many << " for 400");
    CHECK(few > 0);
    CHECK(many == few);
}
