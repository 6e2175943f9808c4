// A population allocates nothing per subject: each worker compiles the subject problem once and
// rebinds it to every subject's parameters, so a run of 2n subjects allocates exactly as often
// as a run of n (allocations per run and per worker are fine).
#include <catch2/catch.hpp>
#include <pkengine/pkengine.hpp>

#include "counting.hpp"
#include "support.hpp"

namespace {

using namespace pkengine;

long population_allocations(const Population& p, std::size_t n, unsigned threads, bool keep_nca) {
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
