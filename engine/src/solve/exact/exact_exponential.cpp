// The matrix exponentials of the exact path: e^{Ah} and, for infusions, Gamma(h), accurate for
// compartmental rate constants of any spread (see compartmental_exp). A translation unit of its
// own: inlined into the propagation loop's, it made the compiler stop inlining that loop's
// fixed-size matrix-vector product (a quarter slower per output point).
#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "exact_solver.hpp"

namespace pkengine::detail {

namespace {

using AugmentedMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0,
                                      2 * kMaxExactStates, 2 * kMaxExactStates>;

/// Coefficients of the diagonal Pade approximants of degree 3, 5, 7, 9 and 13 to e^x, and the
/// largest 1-norm each is used for (Higham, SIAM J. Matrix Anal. Appl. 26 (2005) 1179-1193).
constexpr double kPade3[] = {120.0, 60.0, 12.0, 1.0};
constexpr double kPade5[] = {30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0};
constexpr double kPade7[] = {17297280.0, 8648640.0, 1995840.0, 277200.0,
                             25200.0,    1512.0,    56.0,      1.0};
constexpr double kPade9[] = {17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0,
                             2162160.0,     110880.0,     3960.0,       90.0,        1.0};
constexpr double kPade13[] = {64764752532480000.0,
                              32382376266240000.0,
                              7771770303897600.0,
                              1187353796428800.0,
                              129060195264000.0,
                              10559470521600.0,
                              670442572800.0,
                              33522128640.0,
                              1323241920.0,
                              40840800.0,
                              960960.0,
                              16380.0,
                              182.0,
                              1.0};
constexpr double kTheta3 = 1.495585217958292e-2;
constexpr double kTheta5 = 2.539398330063230e-1;
constexpr double kTheta7 = 9.504178996162932e-1;
constexpr double kTheta9 = 2.097847961257068;
constexpr double kTheta13 = 5.371920351148152;

/// The odd (u) and even (v) parts of the degree-m Pade numerator at x: r_m(x) = (v - u)^-1 (v + u).
template <class Matrix, std::size_t M>
void pade_parts(const Matrix& x, const double (&b)[M], Matrix& u, Matrix& v) {
    const Eigen::Index n = x.rows();
    const Matrix x2 = x * x;
    if constexpr (M == 14) {
        const Matrix x4 = x2 * x2;
        const Matrix x6 = x4 * x2;
        Matrix inner = b[13] * x6 + b[11] * x4 + b[9] * x2;
        Matrix odd = x6 * inner;
        odd += b[7] * x6 + b[5] * x4 + b[3] * x2;
        odd.diagonal().array() += b[1];
        u.noalias() = x * odd;
        inner = b[12] * x6 + b[10] * x4 + b[8] * x2;
        v.noalias() = x6 * inner;
        v += b[6] * x6 + b[4] * x4 + b[2] * x2;
        v.diagonal().array() += b[0];
    } else {
        Matrix power = Matrix::Identity(n, n);
        Matrix odd = b[1] * power;
        v = b[0] * power;
        for (std::size_t k = 1; 2 * k < M; ++k) {
            power = power * x2;
            odd += b[2 * k + 1] * power;
            v += b[2 * k] * power;
        }
        u.noalias() = x * odd;
    }
}

/// e^m of the matrix of a compartmental system, accurate for rate constants of any size.
///
/// Scaling and squaring (Eigen's MatrixFunctions, Higham 2005) evaluates e^{m / 2^s} and squares
/// it s times; a rate of 1e12 /h over hours needs s ~ 45. At that scale a slow rate k is a
/// change of k h 2^-s ~ 1e-14 next to the identity, kept to about 1e-2 of itself, and the
/// squarings multiply the error by 2^s: a 100 mg oral dose with ka = 1e12 /h lost 4e-5 of its
/// mass, CL/V1 = 1e16 /h half of it. Here every quantity of the squarings is a sum of
/// nonnegative terms, so it keeps its relative precision whatever the spread of the rates:
///   - at the scaled step the Pade approximant gives E = e^X - I = 2 (v - u)^-1 u (no 1 + tiny);
///   - the squarings work on P = e^X, whose off-diagonal entries are nonnegative for a
///     compartmental matrix (nonnegative transfers), so P P adds nonnegative products;
///   - a diagonal entry P_jj = 1 + e_j is never squared on its own (that would lose the slow
///     part of e_j): where column j of m conserves mass (its entries sum to 0 over the states
///     that feed something), e_j = -(sum of the other entries of column j of P), a sum of
///     nonnegatives, as in the GTH algorithm for Markov chains (Grassmann, Taksar and Heyman,
///     Oper. Res. 33 (1985) 1107-1116); a state that feeds nothing (an effect site: its column is
///     its diagonal) keeps e_j = expm1(m_jj); any other column follows the squaring of E,
///     e_j <- e_j (2 + e_j) + (P P)_jj - P_jj^2.
/// A column of an input rate (the augmented matrix [[A h, I h], [0, 0]]) feeds without losing:
/// its e_j stays 0 exactly. Checked against a 40-digit matrix exponential (tests/numeric): every
/// state within 1e-15 of the dose for rate constants up to 1e16 /h, mass to rounding.
template <class Matrix>
void compartmental_exp(const Matrix& m, Matrix& p) {
    const Eigen::Index n = m.rows();
    const double norm = m.cwiseAbs().colwise().sum().maxCoeff();
    int squarings = 0;
    Matrix u(n, n);
    Matrix v(n, n);
    Matrix x = m;
    if (norm <= kTheta3) {
        pade_parts(x, kPade3, u, v);
    } else if (norm <= kTheta5) {
        pade_parts(x, kPade5, u, v);
    } else if (norm <= kTheta7) {
        pade_parts(x, kPade7, u, v);
    } else if (norm <= kTheta9) {
        pade_parts(x, kPade9, u, v);
    } else {
        squarings = std::max(0, static_cast<int>(std::ceil(std::log2(norm / kTheta13))));
        x *= std::ldexp(1.0, -squarings);
        pade_parts(x, kPade13, u, v);
    }
    const Matrix denominator = v - u;
    p.noalias() = Eigen::PartialPivLU<Matrix>(denominator).solve(u);
    p *= 2.0;  // E = e^X - I

    // Which columns conserve mass, and which states feed nothing (their rows are left out of
    // the column sums: what they receive is not taken from the column's state).
    bool feeds_nothing[2 * kMaxExactStates];
    bool conserving[2 * kMaxExactStates];
    double e[2 * kMaxExactStates];
    for (Eigen::Index j = 0; j < n; ++j) {
        bool feeds = false;
        for (Eigen::Index i = 0; i < n; ++i) feeds = feeds || (i != j && m(i, j) != 0.0);
        feeds_nothing[j] = !feeds && m(j, j) < 0.0;
    }
    for (Eigen::Index j = 0; j < n; ++j) {
        double sum = 0.0;
        double magnitude = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            if (feeds_nothing[i] && i != j) continue;
            sum += m(i, j);
            magnitude += std::abs(m(i, j));
        }
        conserving[j] = !feeds_nothing[j] && magnitude > 0.0 && std::abs(sum) <= 1e-12 * magnitude;
        e[j] = p(j, j);
    }
    // P = I + E with its diagonal from e (above); level: 2^k X.
    auto set_diagonal = [&](int level) {
        for (Eigen::Index j = 0; j < n; ++j) {
            if (feeds_nothing[j]) {
                e[j] = std::expm1(std::ldexp(x(j, j), level));
            } else if (conserving[j]) {
                double out = 0.0;
                for (Eigen::Index i = 0; i < n; ++i) {
                    if (i != j && !feeds_nothing[i]) out += p(i, j);
                }
                e[j] = -out;
            }
            // Otherwise p(j, j) holds (P P)_jj: kept as the diagonal where e_j is large.
            if (feeds_nothing[j] || conserving[j] || e[j] > -0.5) p(j, j) = 1.0 + e[j];
        }
    };
    for (Eigen::Index j = 0; j < n; ++j) p(j, j) = 1.0 + e[j];
    set_diagonal(0);
    Matrix square(n, n);
    for (int k = 1; k <= squarings; ++k) {
        square.noalias() = p * p;
        for (Eigen::Index j = 0; j < n; ++j) {
            e[j] = e[j] * (2.0 + e[j]) + (square(j, j) - p(j, j) * p(j, j));
        }
        p.swap(square);
        set_diagonal(k);
    }
}

}  // namespace

void step_matrices(const ExactMatrix& a, double h, ExactMatrix& phi, ExactMatrix& gamma) {
    const Eigen::Index n = a.rows();
    AugmentedMatrix m = AugmentedMatrix::Zero(2 * n, 2 * n);
    m.topLeftCorner(n, n) = a * h;
    m.topRightCorner(n, n).setIdentity();
    m.topRightCorner(n, n) *= h;
    AugmentedMatrix e(2 * n, 2 * n);
    compartmental_exp(m, e);
    phi = e.topLeftCorner(n, n);
    gamma = e.topRightCorner(n, n);
}

void step_matrix(const ExactMatrix& a, double h, ExactMatrix& phi) {
    const ExactMatrix ah = a * h;
    compartmental_exp(ah, phi);
}

}  // namespace pkengine::detail
