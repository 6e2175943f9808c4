// NONMEM's dosing validation scenarios (dosing set 1001 of the public nmtests of mrgsolve and
// nlmixr2): ADVAN2 TRANS2 with CL 1.1 L/h, V 20 L, KA 1.5 1/h; per record F2, ALAG2 and, where
// the scenario's MODE selects it, D2; observations every hour from 0 to 130 h, after the same-time
// dose records. The 54 of nlmixr2 (ids as there) and the 3 of mrgsolve's 29 that nlmixr2 does not
// repeat (ids 3023-3025) are written here as their designs (the dose records), and the dataset is
// generated from them. The pinned values are this engine's CP = 1000 A(2)/V (ng/mL) at
// 2, 13, 26, 50, 75 and 120 h; each was checked against NONMEM's tables of the scenario (7.4.3 in
// both repositories): at every observation record of the 69 scenarios of the two sets that NONMEM
// computes as documented, the engine is within 3.4e-5 of NONMEM (relative, or relative to the
// scenario's peak where smaller), NONMEM printing five significant digits.
//
// Not NONMEM's values:
// - The 12 SS = 1 records whose lag is at least II (ids 409, 410, 411, 415, 509, 510, 610, 709,
//   809, 825, 909, 1009). NONMEM's state after such a record is not a periodic steady state (one
//   of them prints negative concentrations); the engine's is, and a test below shows it by dosing
//   the same record explicitly, from far enough back that the state repeats to 1e-12.
// - Id 26 (mrgsolve's 29), a steady-state constant infusion (AMT 0, RATE 100, SS 1, II 0) into
//   the depot: the engine keeps the infusion running after the record (docs/design.md); NONMEM's
//   tables (and mrgsolve's simulation) show it stopped at the record's time. Its pinned values
//   are the engine's.
//
// Tolerances: 1e-8 relative to the scenario's peak on the exact path (the pins carry ten
// significant digits, the path is good to a few ulps per step); on the ODE path (rtol 1e-10,
// atol 1e-12 mg) the issue's criterion against the pins: 1e-4 relative, or 1e-4 of the peak.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>

#include "support.hpp"

using namespace pkengine;

namespace {

struct Record {
    double time;
    int evid;
    double amt;
    int cmt;
    int ss;
    double ii;
    int addl;
    double rate;
    double f2;
    double alag2;
};

struct Scenario {
    int id;
    double d2;  // D2 (h) of the scenario's RATE = -2 records; 0 = none
    std::vector<Record> records;
    std::array<double, 6> cp;  // pinned CP (ng/mL) at kPinnedTimes
};

constexpr std::array<double, 6> kPinnedTimes = {2.0, 13.0, 26.0, 50.0, 75.0, 120.0};
constexpr int kLastObservation = 130;

const std::vector<Scenario>& scenarios() {
    static const std::vector<Scenario> all{
        {1,
         0,
         {{0, 1, 100, 1, 0, 24, 3, 0, 1, 0}},
         {4391.247752, 2539.059386, 5633.335584, 5965.141092, 5916.733464, 502.8227475}},
        {2,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 0, 2.23, 12.13}},
         {0, 10629.03596, 5199.640548, 6588.648097, 6587.253675, 2104.921632}},
        {3,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 10, 1, 0}},
         {946.9624064, 3260.923566, 2542.180492, 2968.319557, 3403.713859, 645.7771506}},
        {4,
         0,
         {{0, 1, 480, 2, 0, 0, 0, 10, 0.5, 0}},
         {946.9624064, 4643.708075, 5968.411028, 1594.373282, 403.1206962, 33.92784323}},
        {5,
         48,
         {{0, 1, 480, 2, 0, 0, 0, -2, 0.5, 0}},
         {473.4812032, 2321.854037, 3457.686717, 3781.392155, 956.085664, 80.46702843}},
        {6,
         0,
         {{0, 1, 100, 1, 0, 24, 3, 8.33333333333333, 1, 0}},
         {545.1771302, 3531.862198, 2304.410742, 2774.364144, 3139.748251, 712.174015}},
        {7,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 10, 1, 4.15}},
         {0, 3503.448464, 2004.231024, 2539.631883, 2539.094396, 811.3540155}},
        {8,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 10, 0.412, 3.25}},
         {0, 1352.418606, 661.592514, 838.3272301, 838.1498065, 267.8262818}},
        {9,
         0,
         {{0, 1, 100, 2, 1, 24, 3, 10, 0.412, 3.16}},
         {898.2909463, 1836.274389, 898.2909463, 898.2909463, 850.2190392, 267.8679163}},
        {10,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 0}},
         {6145.547967, 6081.816556, 6145.547967, 6145.547967, 4907.920976, 597.4217906}},
        {11,
         0,
         {{0, 1, 100, 2, 1, 12, 3, 2, 1, 0}},
         {7664.723556, 7584.08615, 7664.723556, 7475.331075, 4939.438728, 542.9191546}},
        {12,
         0,
         {{0, 1, 100, 2, 1, 6, 12, 8.3333, 1, 0}},
         {15151.51829, 15151.52189, 15151.51829, 15151.51829, 15151.51488, 1797.960882}},
        {13,
         0,
         {{0, 1, 100, 2, 1, 10, 8, 4.12, 0.412, 0}},
         {3745.454545, 3745.454545, 3745.454545, 3745.454545, 3745.454545, 719.3142032}},
        {14,
         0,
         {{0, 1, 100, 2, 1, 10, 8, 10, 1, 0}},
         {9090.909091, 9090.909091, 9090.909091, 9090.909091, 9090.909091, 1745.90826}},
        {15,
         0,
         {{0, 1, 100, 2, 1, 24, 3, 0, 0.412, 4}},
         {838.1989162, 1713.435062, 838.1989162, 838.1989162, 793.3428252, 249.9486364}},
        {16,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 0, 0.412, 5}},
         {0, 1326.715027, 649.018526, 822.394286, 822.2202345, 262.7360723}},
        {17,
         0,
         {{0, 1, 100, 2, 0, 0, 0, 0, 1, 1}, {13, 1, 50, 1, 0, 24, 2, 24, 1, 0}},
         {4732.42574, 2584.256672, 2609.320544, 2042.164213, 1789.478564, 150.6078681}},
        {18,
         9,
         {{0, 1, 100, 2, 0, 24, 3, -2, 0.61, 5}},
         {0, 2193.310941, 1243.375925, 1575.525528, 1575.192083, 503.344194}},
        {19,
         9,
         {{0, 1, 100, 2, 1, 24, 3, -2, 0.61, 0}},
         {1930.517733, 2634.318147, 1930.517733, 1930.517733, 2156.944339, 384.2831535}},
        {20,
         0,
         {{0, 1, 100, 1, 0, 12, 2, 50, 0.61, 0}, {50, 4, 120, 1, 0, 12, 3, 0, 0.5, 0}},
         {3271.062781, 3864.98602, 7124.38043, 0, 9126.975936, 1845.057858}},
        {21,
         0,
         {{0, 4, 100, 1, 1, 12, 0, 0, 1, 0}},
         {9365.248893, 5255.23421, 2570.81913, 686.7565445, 173.6392471, 14.61399826}},
        {22,
         0,
         {{0, 4, 100, 1, 1, 12, 2, 0, 1, 0}},
         {9365.248893, 9009.671862, 9365.248893, 2570.81913, 650.0048696, 54.70635351}},
        {23,
         0,
         {{0, 1, 100, 1, 0, 12, 3, 50, 0.61, 0},
          {50, 3, 0, 2, 0, 0, 0, 0, 1, 0},
          {54, 1, 120, 1, 0, 16, 2, 0, 1, 0}},
         {3271.062781, 3864.98602, 7124.38043, 0, 6689.750299, 1523.259077}},
        {24,
         0,
         {{0, 1, 100, 1, 0, 12, 3, 50, 0.61, 10},
          {50, 3, 0, 2, 0, 0, 0, 0, 1, 10},
          {54, 1, 120, 1, 0, 16, 2, 0, 1, 10}},
         {3271.062781, 3864.98602, 7124.38043, 0, 6689.750299, 1523.259077}},
        {25,
         0,
         {{0, 1, 100, 1, 1, 24, 3, 0, 1, 0}, {12, 1, 50, 1, 2, 24, 3, 0, 1, 0}},
         {6086.08697, 6237.119801, 7725.667932, 7725.667932, 7499.152401, 994.3150266}},
        {26,
         0,
         {{0, 1, 0, 1, 1, 0, 0, 100, 1, 0}},
         {90909.09091, 90909.09091, 90909.09091, 90909.09091, 90909.09091, 90909.09091}},
        {102,
         0,
         {{0, 1, 100, 2, 0, 24, 3, 0, 2.23, 12.13}},
         {0, 10629.03596, 5199.640548, 6588.648097, 6587.253675, 2104.921632}},
        {109,
         0,
         {{0, 1, 100, 2, 1, 24, 3, 10, 0.412, 22}},
         {2471.622371, 1382.562596, 2471.622371, 2471.622371, 2396.330791, 754.9820767}},
        {110,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 5}},
         {6114.930447, 6152.26902, 6114.930447, 6114.930447, 5310.407879, 786.5241132}},
        {111,
         0,
         {{0, 1, 100, 2, 1, 12, 3, 2, 1, 5}},
         {7539.461393, 7554.542704, 7539.461393, 7539.461393, 5480.000047, 714.769721}},
        {125,
         0,
         {{0, 1, 100, 1, 1, 24, 0, 0, 1, 0},
          {12, 1, 50, 1, 2, 24, 0, 0, 1, 0},
          {24, 1, 100, 1, 1, 24, 2, 0, 1, 0},
          {36, 1, 50, 1, 2, 24, 2, 0, 1, 0}},
         {6086.08697, 6237.119801, 6086.08697, 7725.667932, 7499.152401, 994.3150266}},
        {210,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 10}},
         {6262.961574, 6205.8688, 6262.961574, 6262.961574, 5840.294233, 1035.483122}},
        {211,
         0,
         {{0, 1, 100, 2, 1, 12, 3, 2, 1, 10}},
         {7623.890924, 7643.745933, 7623.890924, 7623.890924, 6063.567524, 941.0162631}},
        {225,
         0,
         {{0, 1, 100, 2, 1, 24, 3, 25, 1, 0}, {12, 1, 50, 2, 2, 24, 3, 12.5, 1, 0}},
         {4193.62545, 5305.994267, 5960.303131, 5960.303131, 6857.585029, 1071.392145}},
        {310,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 7.4}},
         {6208.116263, 6250.72362, 6208.116263, 6208.116263, 5546.629448, 897.5092089}},
        {311,
         0,
         {{0, 1, 100, 2, 1, 12, 3, 2, 1, 11}},
         {7643.745933, 7664.723556, 7643.745933, 7643.745933, 6200.803124, 994.221901}},
        {325,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 25, 1, 0},
          {12, 1, 50, 2, 2, 24, 0, 12.5, 1, 0},
          {24, 1, 100, 2, 1, 24, 2, 25, 1, 0},
          {36, 1, 50, 2, 2, 24, 2, 12.5, 1, 0}},
         {4193.62545, 5305.994267, 4193.62545, 5960.303131, 6857.585029, 1071.392145}},
        {409,
         0,
         {{0, 1, 100, 2, 1, 24, 1, 10, 0.412, 46}},
         {2471.622371, 1382.562596, 2471.622371, 2471.622371, 2396.330791, 201.682365}},
        {410,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 17}},
         {6114.930447, 6152.26902, 6114.930447, 6114.930447, 6079.590042, 1521.760825}},
        {411,
         0,
         {{0, 1, 100, 2, 1, 12, 3, 2, 1, 17}},
         {7539.461393, 7554.542704, 7539.461393, 7539.461393, 6756.004993, 1382.930977}},
        {415,
         0,
         {{0, 1, 100, 2, 1, 24, 2, 0, 0.412, 28}},
         {838.1989162, 1713.435062, 838.1989162, 838.1989162, 793.3428252, 249.9486364}},
        {425,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 25, 1, 20},
          {12, 1, 50, 2, 2, 24, 0, 12.5, 1, 20},
          {24, 1, 100, 2, 1, 24, 2, 25, 1, 20},
          {36, 1, 50, 2, 2, 24, 2, 12.5, 1, 20}},
         {5486.266377, 5894.141391, 5486.266377, 6904.058426, 6534.588761, 3218.639881}},
        {509,
         0,
         {{0, 1, 100, 2, 1, 24, 2, 10, 0.412, 27.16}},
         {898.2909463, 1836.274389, 898.2909463, 898.2909463, 850.2190392, 267.8679163}},
        {510,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 34}},
         {6262.961574, 6205.8688, 6262.961574, 6262.961574, 6277.435827, 3596.740923}},
        {525,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 25, 1, 2},
          {12, 1, 50, 2, 2, 24, 0, 12.5, 1, 2},
          {24, 1, 100, 2, 1, 24, 2, 25, 1, 2},
          {36, 1, 50, 2, 2, 24, 2, 12.5, 1, 2}},
         {2038.568706, 5244.130317, 2038.568706, 4010.672259, 5012.288364, 1195.971556}},
        {609,
         0,
         {{0, 1, 100, 2, 1, 24, 3, 10, 0.412, 19.88}},
         {2253.17139, 1230.399275, 2253.17139, 2253.17139, 2132.593256, 671.8895786}},
        {610,
         0,
         {{0, 1, 100, 2, 1, 12, 4, 2, 0.812, 31.4}},
         {6208.116263, 6250.72362, 6208.116263, 6208.116263, 6167.789033, 3359.755159}},
        {625,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 0, 1, 3},
          {12, 1, 50, 2, 2, 24, 0, 0, 1, 3},
          {24, 1, 100, 2, 1, 24, 2, 0, 1, 3},
          {36, 1, 50, 2, 2, 24, 2, 0, 1, 3}},
         {1925.589382, 4953.495864, 1925.589382, 3788.397169, 8585.661655, 1129.689729}},
        {709,
         0,
         {{0, 1, 100, 2, 1, 24, 2, 10, 0.412, 43.88}},
         {2253.17139, 1230.399275, 2253.17139, 2253.17139, 2132.593256, 671.8895786}},
        {725,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 25, 1, 23},
          {12, 1, 50, 2, 2, 24, 0, 12.5, 1, 23},
          {24, 1, 100, 2, 1, 24, 2, 25, 1, 23},
          {36, 1, 50, 2, 2, 24, 2, 12.5, 1, 23}},
         {5185.450842, 5630.168087, 5185.450842, 6857.585029, 7706.849018, 3796.041727}},
        {809,
         0,
         {{0, 1, 100, 2, 1, 24, 1, 10, 0.412, 70}},
         {2471.622371, 1382.562596, 2471.622371, 2471.622371, 2396.330791, 754.9820767}},
        {825,
         0,
         {{0, 1, 100, 2, 1, 24, 0, 25, 1, 34},
          {12, 1, 50, 2, 2, 24, 0, 12.5, 1, 34},
          {24, 1, 100, 2, 1, 24, 2, 25, 1, 34},
          {36, 1, 50, 2, 2, 24, 2, 12.5, 1, 34}},
         {3165.300346, 6857.585029, 3165.300346, 6227.399768, 5894.141391, 5630.168087}},
        {909,
         0,
         {{0, 1, 100, 2, 1, 24, 2, 10, 0.412, 51.16}},
         {898.2909463, 1836.274389, 898.2909463, 898.2909463, 850.2190392, 1002.742484}},
        {1009,
         0,
         {{0, 1, 100, 2, 1, 24, 2, 10, 0.412, 67.88}},
         {2253.17139, 1230.399275, 2253.17139, 2253.17139, 2132.593256, 2515.165812}},
        // mrgsolve's scenarios 23, 24 and 25 (EVID 4 with SS 1 into the central compartment, lag <
        // II), which the nlmixr2 set does not repeat.
        {3023,
         0,
         {{0, 4, 100, 2, 1, 12, 0, 0, 1, 10}},
         {8305.091737, 8774.666729, 4292.497748, 1146.677682, 289.9255216, 24.40099885}},
        {3024,
         0,
         {{0, 4, 100, 2, 1, 12, 2, 0, 1, 10}},
         {8305.091737, 8774.666729, 8305.091737, 4292.497748, 1085.313395, 91.34322073}},
        {3025,
         0,
         {{0, 4, 100, 2, 1, 12, 0, 0, 1, 5},
          {12, 4, 200, 2, 1, 12, 0, 0, 1, 5},
          {24, 4, 300, 2, 1, 12, 0, 0, 1, 5}},
         {6308.316164, 13329.98448, 18924.94849, 9781.384884, 2473.1214, 208.1452923}},
    };
    return all;
}

/// The scenario as a NONMEM dataset: its dose records, an observation every hour after them.
std::string dataset_text(const std::vector<Scenario>& list) {
    std::ostringstream out;
    out.precision(17);
    out << "ID,TIME,EVID,AMT,CMT,SS,II,ADDL,RATE,F2,ALAG2,D2\n";
    for (const Scenario& s : list) {
        std::size_t next = 0;
        for (int t = 0; t <= kLastObservation; ++t) {
            for (; next < s.records.size() && s.records[next].time <= t; ++next) {
                const Record& r = s.records[next];
                out << s.id << ',' << r.time << ',' << r.evid << ',' << r.amt << ',' << r.cmt << ','
                    << r.ss << ',' << r.ii << ',' << r.addl << ',' << r.rate << ',' << r.f2 << ','
                    << r.alag2 << ',';
                if (s.d2 > 0.0) {
                    out << s.d2;
                } else {
                    out << '.';
                }
                out << '\n';
            }
            out << s.id << ',' << t << ",0,.,2,.,.,.,.,.,.,.\n";
        }
    }
    return out.str();
}

Model advan2() {
    return Model::advan(2, {{"CL", 1.1}, {"V", 20.0}, {"KA", 1.5}});
}

/// CP (ng/mL) of the observation at hour t of a result of dataset_text.
double cp_at(const SubjectResult& r, double t) {
    for (std::size_t i = 0; i < r.times_h.size(); ++i) {
        if (r.evid[i] == 0 && r.times_h[i] == t) {
            return 1000.0 * r.concentration_mg_per_l[static_cast<Eigen::Index>(i)];
        }
    }
    FAIL("no observation at " << t);
    return 0.0;
}

void check_pins(const SolverPath path, double tolerance, bool issue_criterion) {
    const Dataset data = Dataset::parse_csv(dataset_text(scenarios()), "nmtests_1001.csv");
    DatasetOptions options;
    options.simulation.path = path;
    options.simulation.rtol = 1e-10;
    options.simulation.atol_mg = 1e-12;
    const std::vector<SubjectResult> results = simulate_dataset(advan2(), data, options);
    REQUIRE(results.size() == scenarios().size());
    for (std::size_t k = 0; k < results.size(); ++k) {
        const Scenario& s = scenarios()[k];
        const double peak = 1000.0 * results[k].concentration_mg_per_l.cwiseAbs().maxCoeff();
        for (std::size_t j = 0; j < kPinnedTimes.size(); ++j) {
            const double ours = cp_at(results[k], kPinnedTimes[j]);
            const double diff = std::abs(ours - s.cp[j]);
            INFO("id " << s.id << " at " << kPinnedTimes[j] << " h: " << ours << " vs " << s.cp[j]);
            if (issue_criterion) {
                CHECK((diff <= tolerance * std::abs(s.cp[j]) || diff <= tolerance * peak));
            } else {
                CHECK(diff <= tolerance * peak);
            }
        }
    }
}

const Scenario& scenario(int id) {
    for (const Scenario& s : scenarios()) {
        if (s.id == id) return s;
    }
    throw std::logic_error("no scenario " + std::to_string(id));
}

DoseEvent event_of(const Record& r, double time) {
    DoseEvent e = DoseEvent::into(r.cmt, time, r.amt);
    if (r.rate == -2.0) {
        e.rate_source = RateSource::ModelledDuration;
    } else if (r.rate > 0.0) {
        e.rate_mg_per_h = r.rate;
    }
    return e;
}

}  // namespace

TEST_CASE("nmtests 1001: every scenario on the exact path", "[nmtests][reference]") {
    check_pins(SolverPath::Exact, 1e-8, false);
}

TEST_CASE("nmtests 1001: every scenario on the ODE path", "[nmtests][ode]") {
    check_pins(SolverPath::Ode, 1e-4, true);
}

TEST_CASE("nmtests 1001: SS with a lag of II or more is the true periodic steady state",
          "[nmtests][steady_state]") {
    // The same records dosed explicitly every II from far back (N intervals: the slowest mode,
    // k = 0.055/h, has decayed by e^-(0.055 N II) < 1e-25 of its value), then the records
    // themselves as plain doses; times shifted by N II. Id 825 has an SS 1 record at 0 h and an
    // SS 2 record at 12 h (which adds its pattern's steady state at 12 h), then another SS 1 at
    // 24 h that resets: it is compared before 12 h with the first pattern alone, from 12 h to
    // 23 h with both.
    const int periodic[] = {409, 410, 411, 415, 509, 510, 610, 709, 809, 825, 909, 1009};
    for (int id : periodic) {
        const Scenario& s = scenario(id);
        const Dataset data = Dataset::parse_csv(dataset_text({s}), "periodic.csv");
        const SubjectResult steady = simulate_dataset(advan2(), data)[0];
        const double ii = s.records.front().ii;
        const int n = static_cast<int>(std::ceil(60.0 / (0.055 * ii)));
        const double shift = n * ii;
        Model model = advan2();
        model.set_compartment_dosing(2,
                                     {s.records.front().f2, s.records.front().alag2, {0.0, s.d2}});
        // The first `used` records dosed explicitly, compared at hours first..last.
        auto compare = [&](std::size_t used, int first, int last) {
            std::vector<DoseEvent> events;
            for (int k = n; k >= 1; --k) {
                for (std::size_t r = 0; r < used; ++r) {
                    events.push_back(event_of(s.records[r], shift + s.records[r].time - k * ii));
                }
            }
            for (std::size_t r = 0; r < used; ++r) {
                DoseEvent e = event_of(s.records[r], shift + s.records[r].time);
                e.interval_h = s.records[r].ii;
                e.additional = s.records[r].addl;
                events.push_back(e);
            }
            std::stable_sort(
                events.begin(), events.end(),
                [](const DoseEvent& a, const DoseEvent& b) { return a.time_h < b.time_h; });
            std::vector<double> times;
            for (int t = first; t <= last; ++t) times.push_back(shift + t);
            const Result explicit_doses = simulate(model, events, OutputTimes::at(times));
            const double peak = 1000.0 * explicit_doses.concentration_mg_per_l.maxCoeff();
            for (std::size_t i = 0; i < times.size(); ++i) {
                const double t = times[i] - shift;
                const double expected =
                    1000.0 * explicit_doses.concentration_mg_per_l[static_cast<Eigen::Index>(i)];
                INFO("id " << id << " at " << t << " h");
                CHECK(std::abs(cp_at(steady, t) - expected) <= 1e-12 * peak);
            }
        };
        if (id == 825) {
            compare(1, 0, 11);
            compare(2, 12, 23);
        } else {
            compare(1, 0, kLastObservation);
        }
    }
}
