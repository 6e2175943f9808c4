// Hand-written baselines for the exact path's two costs, to read the engine's numbers against:
// the matrix exponential (paid per distinct step length) and the propagation loop (paid per
// output point). They use the reference system of docs/design.md ("Reference case") with the state
// order central, peripheral1, peripheral2, depot, eliminated.

#include <benchmark/benchmark.h>

#include <type_traits>
#include <unsupported/Eigen/MatrixFunctions>

#include "cases.hpp"

namespace {

constexpr int kStates = 5;
using FixedMatrix = Eigen::Matrix<double, kStates, kStates>;
using FixedVector = Eigen::Matrix<double, kStates, 1>;

/// dx/dt = A x of the reference model, built by hand (columns sum to zero).
FixedMatrix reference_system() {
    const pkengine::MicroConstants k = bench::domino_70kg().micro_constants();
    const double ka = 3.0;
    FixedMatrix a = FixedMatrix::Zero();
    auto flow = [&a](int from, int to, double rate) {
        a(from, from) -= rate;
        a(to, from) += rate;
    };
    flow(0, 4, k.k10);
    flow(0, 1, k.k12);
    flow(1, 0, k.k21);
    flow(0, 2, k.k13);
    flow(2, 0, k.k31);
    flow(3, 0, ka);
    return a;
}

/// The floor of the per-point cost: a fixed-size 5 x 5 propagator applied 2880 times, every
/// state written to a row-major result as the engine does (result allocated per curve, too).
/// With Chains = 1 each point waits for the one before (x_{k+1} = Phi x_k: the loop is bound by
/// the latency of the product); with Chains = 4 four independent recurrences
/// x_{k+4} = Phi^4 x_k overlap, which is what the engine does on a uniform stretch of outputs.
template <int Chains>
void BM_BaselineFixedSizeLoop(benchmark::State& state) {
    const double step = 1.0 / 60.0;
    const Eigen::Index points = 2881;
    const FixedMatrix a = reference_system();
    const double v1 = bench::domino_70kg().v1();
    for (auto _ : state) {
        const FixedMatrix phi = (a * step).exp();
        FixedMatrix phi_chain = phi;
        for (int c = 1; c < Chains; ++c) phi_chain = phi * phi_chain;
        pkengine::ResultMatrix amounts(points, kStates);
        Eigen::VectorXd concentration(points);
        FixedVector chain[Chains];
        FixedVector x = FixedVector::Zero();
        x[3] = 50.0;
        amounts.row(0) = x.transpose();
        concentration[0] = x[0] / v1;
        for (Eigen::Index i = 1; i <= Chains; ++i) {
            x = phi * x;
            chain[i - 1] = x;
            amounts.row(i) = x.transpose();
            concentration[i] = x[0] / v1;
        }
        Eigen::Index i = Chains + 1;
        for (; i + Chains <= points; i += Chains) {
            for (int c = 0; c < Chains; ++c) {
                chain[c] = phi_chain * chain[c];
                amounts.row(i + c) = chain[c].transpose();
                concentration[i + c] = chain[c][0] / v1;
            }
        }
        for (x = chain[Chains - 1]; i < points; ++i) {
            x = phi * x;
            amounts.row(i) = x.transpose();
            concentration[i] = x[0] / v1;
        }
        benchmark::DoNotOptimize(amounts.data());
        benchmark::DoNotOptimize(concentration.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * points);
}
BENCHMARK_TEMPLATE(BM_BaselineFixedSizeLoop, 1)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_BaselineFixedSizeLoop, 4)->Unit(benchmark::kMicrosecond);

/// One matrix exponential of the reference system over one minute: `Augmented` computes the
/// 10 x 10 [[A h, I h], [0, 0]] (which also gives the infusion integral), otherwise the plain
/// 5 x 5 A h; `Fixed` uses compile-time sizes, otherwise run-time sizes with a bounded
/// maximum (stack storage, as the engine's exact path).
template <bool Augmented, bool Fixed>
void BM_MatrixExponential(benchmark::State& state) {
    constexpr int n = Augmented ? 2 * kStates : kStates;
    using Matrix =
        std::conditional_t<Fixed, Eigen::Matrix<double, n, n>,
                           Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 32, 32>>;
    const double step = 1.0 / 60.0;
    Matrix m = Matrix::Zero(n, n);
    m.topLeftCorner(kStates, kStates) = reference_system() * step;
    if (Augmented) m.topRightCorner(kStates, kStates) = FixedMatrix::Identity() * step;
    for (auto _ : state) {
        Matrix e = m.exp();
        benchmark::DoNotOptimize(e.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_TEMPLATE(BM_MatrixExponential, true, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatrixExponential, true, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatrixExponential, false, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatrixExponential, false, true)->Unit(benchmark::kMicrosecond);

}  // namespace
