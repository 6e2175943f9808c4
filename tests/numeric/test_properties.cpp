// Properties of every linear simulation, on random models and regimens drawn by Catch2 generators
// (each case is one seed of a fixed pseudo-random sequence, so a failure names its seed and
// replays): mass balance, linearity in dose, superposition, time-shift invariance, AUC
// proportional to F, and the exact path against the ODE path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "support.hpp"

using namespace pkengine;

namespace {

/// Examples (seeds) per property.
constexpr int kExamples = 40;

double log_uniform(std::mt19937& rng, double low, double high) {
    return low * std::pow(high / low, std::uniform_real_distribution<double>(0.0, 1.0)(rng));
}

/// A random linear model: 1 to 3 compartments, an oral route with F, ka and a lag, and, for half
/// the seeds, transit compartments on it.
Model random_model(std::mt19937& rng) {
    const int compartments = std::uniform_int_distribution<int>(1, 3)(rng);
    auto p = [&](double low, double high) { return log_uniform(rng, low, high); };
    const double cl = p(0.5, 50.0), v1 = p(2.0, 100.0);
    const double q2 = p(0.5, 50.0), v2 = p(2.0, 200.0), q3 = p(0.5, 50.0), v3 = p(2.0, 200.0);
    Model model(compartments == 1   ? Disposition::one_compartment(cl, v1)
                : compartments == 2 ? Disposition::two_compartment(cl, v1, q2, v2)
                                    : Disposition::three_compartment(cl, v1, q2, v2, q3, v3));
    const double f = std::uniform_real_distribution<double>(0.05, 1.0)(rng);
    const double lag = std::bernoulli_distribution(0.5)(rng) ? p(0.05, 2.0) : 0.0;
    model.set_absorption(Route::Oral, {Bioavailability::exactly(f), p(0.2, 5.0), lag, 0.0});
    if (std::bernoulli_distribution(0.5)(rng)) {
        model.set_transit(Route::Oral,
                          {std::uniform_int_distribution<int>(1, 4)(rng), p(1.0, 20.0)});
    }
    return model;
}

/// 1 to 5 random doses (IV bolus, IV infusion by duration or rate, oral) over 0..48 h.
std::vector<DoseEvent> random_doses(std::mt19937& rng) {
    std::vector<DoseEvent> doses;
    const int count = std::uniform_int_distribution<int>(1, 5)(rng);
    double time = 0.0;
    for (int i = 0; i < count; ++i) {
        time += std::uniform_real_distribution<double>(0.0, 12.0)(rng);
        const double amount = log_uniform(rng, 1.0, 500.0);
        switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
            case 0: doses.push_back(DoseEvent::bolus(time, amount)); break;
            case 1:
                doses.push_back(DoseEvent::infusion(time, amount, log_uniform(rng, 0.1, 6.0)));
                break;
            case 2:
                doses.push_back(
                    DoseEvent::infusion_at_rate(time, amount, log_uniform(rng, 5, 500)));
                break;
            default: doses.push_back(DoseEvent::bolus(time, amount, Route::Oral));
        }
    }
    return doses;
}

std::vector<DoseEvent> scaled(std::vector<DoseEvent> doses, double factor) {
    for (DoseEvent& dose : doses) {
        dose.amount_mg *= factor;
        dose.rate_mg_per_h *= factor;  // same duration: the infusion scales with its amount
    }
    return doses;
}

double total_dose(const Model& model, const std::vector<DoseEvent>& doses) {
    double total = 0.0;
    for (const DoseEvent& dose : doses) {
        total += dose.amount_mg *
                 (dose.route == Route::Oral ? model.bioavailability(Route::Oral).nominal : 1.0);
    }
    return total;
}

const OutputTimes kGrid = OutputTimes::uniform(0.0, 240.0, 0.25);

/// The amounts of `r` in the columns `names` (0 for a state `r` does not have: the states of a
/// result depend on the routes its doses use).
ResultMatrix aligned(const Result& r, const std::vector<std::string>& names) {
    ResultMatrix m =
        ResultMatrix::Zero(r.amounts_mg.rows(), static_cast<Eigen::Index>(names.size()));
    for (std::size_t j = 0; j < r.state_names.size(); ++j) {
        const auto it = std::find(names.begin(), names.end(), r.state_names[j]);
        REQUIRE(it != names.end());
        m.col(it - names.begin()) = r.amounts_mg.col(static_cast<Eigen::Index>(j));
    }
    return m;
}

/// Largest |a - b| over the matrix, relative to the largest |b|.
double matrix_rel_diff(const ResultMatrix& a, const ResultMatrix& b) {
    return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("property: mass balance on random linear models", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    const Model model = random_model(rng);
    const std::vector<DoseEvent> doses = random_doses(rng);
    const double total = total_dose(model, doses);
    for (SolverPath path : {SolverPath::Exact, SolverPath::Ode}) {
        SimulationOptions options;
        options.path = path;
        const Result r = simulate(model, doses, kGrid, options);
        INFO("seed " << seed << ", path " << solver_path_name(path));
        // Never negative beyond rounding (exact path) or beyond the ODE path's error on a state
        // that has decayed to 0: its local error is held to atol (1e-12 mg), its global error to
        // a few hundred times that (as for rtol, see kDefaultRtol).
        const double floor =
            1e-12 * total + (path == SolverPath::Ode ? 300.0 * kDefaultAtolMg : 0.0);
        for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
            REQUIRE(r.amounts_mg.row(i).sum() <= total * (1.0 + 1e-12));  // never more than given
            REQUIRE(r.amounts_mg.row(i).minCoeff() >= -floor);
        }
        // At 240 h every dose (latest at 60 h, plus lag and infusion) is in: the states and the
        // eliminated amount hold F x dose. Both paths keep this linear invariant to rounding.
        REQUIRE(std::abs(r.amounts_mg.row(r.amounts_mg.rows() - 1).sum() - total) <= 1e-9 * total);
    }
}

TEST_CASE("property: linearity in dose", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    const Model model = random_model(rng);
    const std::vector<DoseEvent> doses = random_doses(rng);
    const double factor = log_uniform(rng, 1e-3, 1e3);
    const Result one = simulate(model, doses, kGrid);
    const Result more = simulate(model, scaled(doses, factor), kGrid);
    INFO("seed " << seed << ", factor " << factor);
    // The exact path is linear algebra on the amounts: equal to rounding (1e-12 of the peak).
    REQUIRE(matrix_rel_diff(more.amounts_mg, one.amounts_mg * factor) < 1e-12);
}

TEST_CASE("property: superposition of two regimens", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    const Model model = random_model(rng);
    const std::vector<DoseEvent> a = random_doses(rng), b = random_doses(rng);
    const Regimen both = Regimen(a) + Regimen(b);
    const Result run_of_sum = simulate(model, both, kGrid);
    const std::vector<std::string>& names = run_of_sum.state_names;
    const ResultMatrix sum_of_runs =
        aligned(simulate(model, a, kGrid), names) + aligned(simulate(model, b, kGrid), names);
    INFO("seed " << seed);
    REQUIRE(matrix_rel_diff(run_of_sum.amounts_mg, sum_of_runs) < 1e-12);
}

TEST_CASE("property: time-shift invariance", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    const Model model = random_model(rng);
    const std::vector<DoseEvent> doses = random_doses(rng);
    // A shift that is a whole number of grid steps, exact in binary: the shifted output times are
    // the same numbers as the original ones plus the shift.
    const double shift = 0.25 * std::uniform_int_distribution<int>(1, 400)(rng);
    std::vector<DoseEvent> later = doses;
    for (DoseEvent& dose : later) dose.time_h += shift;
    const Result r = simulate(model, doses, OutputTimes::uniform(0.0, 120.0, 0.25));
    const Result s = simulate(model, later, OutputTimes::uniform(shift, shift + 120.0, 0.25));
    INFO("seed " << seed << ", shift " << shift);
    // Dose times and intervals shifted lose their last bits (t + shift - shift != t): the curves
    // agree to 1e-9 of the peak, far above that rounding times the largest rate (< 1e3 /h).
    REQUIRE(matrix_rel_diff(s.amounts_mg, r.amounts_mg) < 1e-9);
}

TEST_CASE("property: AUC scales with F", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    Model model = random_model(rng);
    const Absorption oral = model.absorption(Route::Oral);
    const double f1 = oral.f.nominal;
    const double f2 = std::uniform_real_distribution<double>(0.05, 1.0)(rng);
    const Regimen dose = Regimen::single(Dose::mg(log_uniform(rng, 1.0, 500.0), Route::Oral));
    const OutputTimes grid = OutputTimes::uniform(0.0, 480.0, 0.05);
    auto auc = [&](double f) {
        Absorption changed = oral;
        changed.f = Bioavailability::exactly(f);
        model.set_absorption(Route::Oral, changed);
        const Result r = simulate(model, dose, grid);
        double sum = 0.0;  // trapezoids
        for (Eigen::Index i = 1; i < r.concentration_mg_per_l.size(); ++i) {
            sum += 0.025 * (r.concentration_mg_per_l[i] + r.concentration_mg_per_l[i - 1]);
        }
        return sum;
    };
    INFO("seed " << seed << ", F " << f1 << " and " << f2);
    // Both curves are F times one curve: the ratio is exact to rounding.
    REQUIRE(auc(f2) / auc(f1) == Approx(f2 / f1).epsilon(1e-12));
}

TEST_CASE("property: exact and ODE paths agree on random linear models", "[property]") {
    const int seed = GENERATE(range(1, kExamples + 1));
    std::mt19937 rng(static_cast<unsigned>(seed));
    const Model model = random_model(rng);
    const std::vector<DoseEvent> doses = random_doses(rng);
    SimulationOptions ode;
    ode.path = SolverPath::Ode;
    const Result exact = simulate(model, doses, kGrid);
    const Result integrated = simulate(model, doses, kGrid, ode);
    REQUIRE(exact.solver == SolverPath::Exact);
    REQUIRE(integrated.solver == SolverPath::Ode);
    INFO("seed " << seed << ", stepper " << stepper_name(integrated.stepper));
    // rtol 1e-8 per step; the global error grows to a few hundred times that over a curve
    // (kDefaultRtol's documentation): 1e-5 of the peak bounds it with a margin of ten or more.
    REQUIRE(matrix_rel_diff(integrated.amounts_mg, exact.amounts_mg) < 1e-5);
}
