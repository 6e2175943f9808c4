// Times the solver paths on the reference case of docs/design.md ("Reference case") (Domino 1984
// three compartments at 70 kg, a depot with ka = 3 /h and F = 1, 50 mg into it at t = 0, outputs
// every minute from 0 to 48 h) and prints, per path and stepper, microseconds per curve, the
// steps taken and the largest deviation from the exact path.
//
//   solver_comparison [repetitions]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <pkengine/pkengine.hpp>
#include <string>

namespace {

using namespace pkengine;

Model reference_model() {
    const MicroConstants k{
        units::per_minute_to_per_hour(0.4381), units::per_minute_to_per_hour(0.5921),
        units::per_minute_to_per_hour(0.2470), units::per_minute_to_per_hour(0.5900),
        units::per_minute_to_per_hour(0.0146)};
    Model model(Disposition::from_micro_constants(3, k, 0.063 * 70.0));
    model.set_absorption(Route::Intramuscular, {Bioavailability::exactly(1.0), 3.0, 0.0, 0.0});
    return model;
}

/// The best of `repetitions` timings (us) of one simulation, and its result.
double time_curve(const Model& model, const Regimen& regimen, const OutputTimes& grid,
                  const SimulationOptions& options, int repetitions, Result& result) {
    double best = 1e300;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        result = simulate(model, regimen, grid, options);
        const auto stop = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::micro>(stop - start).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const Model model = reference_model();
    const Regimen regimen = Regimen::single(Dose::mg(50.0, Route::Intramuscular));
    const OutputTimes grid = OutputTimes::uniform(0.0, 48.0, 1.0 / 60.0);

    Result exact;
    const double exact_us = time_curve(model, regimen, grid, {}, repetitions, exact);
    std::printf("%-30s %10s %8s %9s %14s %14s\n", "solver", "us/curve", "steps", "rejected",
                "max rel dev", "rel dev > 1e-4");
    std::printf("%-30s %10.1f %8ld %9s %14s %14s\n", "exact", exact_us, exact.steps, "-", "-", "-");
    const double cmax = exact.concentration_mg_per_l.maxCoeff();
    for (Stepper stepper : {Stepper::DormandPrince5, Stepper::Rosenbrock4, Stepper::Automatic}) {
        SimulationOptions options;
        options.path = SolverPath::Ode;
        options.stepper = stepper;
        Result r;
        const double us = time_curve(model, regimen, grid, options, repetitions, r);
        // Relative deviation everywhere, and where C > 1e-4 Cmax (above the tail in which the
        // absolute tolerance, not the relative one, governs).
        double all = 0.0, upper = 0.0;
        for (Eigen::Index i = 1; i < exact.concentration_mg_per_l.size(); ++i) {
            const double e = exact.concentration_mg_per_l[i];
            const double dev = std::abs(r.concentration_mg_per_l[i] - e) / e;
            all = std::max(all, dev);
            if (e > 1e-4 * cmax) upper = std::max(upper, dev);
        }
        const std::string label =
            "ode/" + std::string(stepper_name(stepper)) +
            (stepper == Stepper::Automatic ? "=" + std::string(stepper_name(r.stepper)) : "");
        std::printf("%-30s %10.1f %8ld %9ld %14.2e %14.2e\n", label.c_str(), us, r.steps,
                    r.rejected_steps, all, upper);
    }
    return 0;
}
