// The models of the shipped ketamine file reproduce the published parameters and the derived
// values of the ketamine data sheet (docs/design.md, "Ketamine reference values").
//
// Tolerances: a derived value of the sheet is printed to 3 significant figures, so the engine's
// value must lie within half a unit of its last printed digit ("rounding(x, unit)"). Published
// parameters go through one multiplication by 60 (1/min -> 1/h) or by a weight: 1e-12 relative.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <vector>

#include "support_drug.hpp"

using namespace pkengine;
using testing::ketamine;

namespace {

constexpr double kConversion = 1e-12;  // one multiplication in double precision

/// |value - printed| <= half a unit of the printed value's last digit.
void check_rounds_to(double value, double printed, double last_digit_unit) {
    INFO("value " << value << " printed " << printed);
    CHECK(std::abs(value - printed) <= 0.5 * last_digit_unit + 1e-12);
}

/// Disposition half-lives (min), fastest first, from the eigenvalues of the micro-constant
/// matrix (computed here with Eigen, not by the engine).
std::vector<double> half_lives_min(const Disposition& d) {
    const MicroConstants k = d.micro_constants();
    const int n = d.compartments();
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
    a(0, 0) = -(k.k10 + k.k12 + k.k13);
    if (n >= 2) a(0, 1) = k.k21, a(1, 0) = k.k12, a(1, 1) = -k.k21;
    if (n == 3) a(0, 2) = k.k31, a(2, 0) = k.k13, a(2, 2) = -k.k31;
    const Eigen::VectorXd lambda = a.eigenvalues().real();
    std::vector<double> out;
    for (Eigen::Index i = 0; i < lambda.size(); ++i) out.push_back(std::log(2.0) / -lambda[i] * 60);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("Domino 1984 loads with the published micro-constants", "[drug][ketamine]") {
    const Disposition d = ketamine().model(70.0).disposition();
    const MicroConstants k = d.micro_constants();
    CHECK(d.compartments() == 3);
    CHECK(d.v1() == Approx(0.063 * 70.0).epsilon(kConversion));
    CHECK(k.k10 == Approx(0.4381 * 60.0).epsilon(kConversion));
    CHECK(k.k12 == Approx(0.5921 * 60.0).epsilon(kConversion));
    CHECK(k.k21 == Approx(0.2470 * 60.0).epsilon(kConversion));
    CHECK(k.k13 == Approx(0.5900 * 60.0).epsilon(kConversion));
    CHECK(k.k31 == Approx(0.0146 * 60.0).epsilon(kConversion));
}

TEST_CASE("Domino 1984 at 70 kg gives the derived values of the data sheet", "[drug][ketamine]") {
    const Disposition d = ketamine().model(70.0, "domino1984").disposition();
    check_rounds_to(d.v1(), 4.41, 0.01);
    check_rounds_to(d.v2(), 10.6, 0.1);
    check_rounds_to(d.v3(), 178.0, 1.0);
    check_rounds_to(d.vss(), 193.0, 1.0);
    check_rounds_to(d.cl(), 116.0, 1.0);                        // L/h
    check_rounds_to(d.cl() / 60.0, 1.93, 0.01);                 // L/min
    check_rounds_to(d.cl() / 60.0 / 70.0 * 1000.0, 27.6, 0.1);  // mL/min/kg
    check_rounds_to(d.q2() / 60.0, 2.61, 0.01);
    check_rounds_to(d.q3() / 60.0, 2.60, 0.01);
    const std::vector<double> t = half_lives_min(d);
    check_rounds_to(t[0], 0.4, 0.1);
    check_rounds_to(t[1], 4.6, 0.1);
    check_rounds_to(t[2], 115.0, 1.0);
}

TEST_CASE("Clements 1981 and Hijazi 2003 convert per kg as in the data sheet", "[drug][ketamine]") {
    const double w = 63.0;  // any weight: per-kg values do not depend on it
    const Disposition clements = ketamine().model_spec("clements1981").disposition(w);
    check_rounds_to(clements.cl() / w / 0.06, 19.1, 0.1);  // mL/min/kg
    check_rounds_to(clements.cl() / w, 1.15, 0.01);        // L/kg/h
    check_rounds_to(clements.v2() / w, 2.38, 0.01);        // L/kg
    check_rounds_to(clements.vss() / w, 4.1, 0.1);         // L/kg
    check_rounds_to(half_lives_min(clements)[0], 17.6, 0.1);
    check_rounds_to(half_lives_min(clements)[1] / 60.0, 3.05, 0.01);

    const Disposition hijazi = ketamine().model_spec("hijazi2003").disposition(w);
    check_rounds_to(hijazi.cl() / w / 0.06, 36.0, 0.1);  // mL/min/kg, also the abstract's value
    const double beta_half_life_h = half_lives_min(hijazi)[1] / 60.0;
    check_rounds_to(beta_half_life_h, 4.95, 0.01);
    const double v_beta = hijazi.cl() / (std::log(2.0) / beta_half_life_h) / w;
    check_rounds_to(v_beta, 15.4, 0.1);  // L/kg
}

TEST_CASE("allometric models scale volumes linearly and clearances to the 0.75",
          "[drug][ketamine]") {
    const DrugModel& herd = ketamine().model_spec("herd2007");
    const Disposition at70 = herd.disposition(70.0);
    CHECK(at70.cl() == Approx(90.0).epsilon(kConversion));
    CHECK(at70.v1() == Approx(38.7).epsilon(kConversion));
    CHECK(at70.q2() == Approx(215.0).epsilon(kConversion));
    CHECK(at70.v2() == Approx(102.0).epsilon(kConversion));
    check_rounds_to(half_lives_min(at70)[0], 4.4, 0.1);
    check_rounds_to(half_lives_min(at70)[1], 80.0, 1.0);
    CHECK(herd.parameter("CL").bsv_percent.value() == 38.1);

    const Disposition at20 = herd.disposition(20.0);
    const double ratio = 20.0 / 70.0;
    CHECK(at20.cl() == Approx(90.0 * std::pow(ratio, 0.75)).epsilon(kConversion));
    CHECK(at20.q2() == Approx(215.0 * std::pow(ratio, 0.75)).epsilon(kConversion));
    CHECK(at20.v1() == Approx(38.7 * ratio).epsilon(kConversion));
    CHECK(at20.v2() == Approx(102.0 * ratio).epsilon(kConversion));

    const Disposition kamp = ketamine().model_spec("kamp2020_one_compartment").disposition(70.0);
    CHECK(kamp.compartments() == 1);
    check_rounds_to(kamp.cl() / kamp.v1(), 0.31, 0.01);
    check_rounds_to(std::log(2.0) / (kamp.cl() / kamp.v1()), 2.2, 0.1);

    const Disposition hornik = ketamine().model_spec("hornik2018").disposition(70.0);
    CHECK(hornik.cl() == Approx(38.9).epsilon(kConversion));
    CHECK(hornik.v2() == Approx(152.0).epsilon(kConversion));
    const Disposition flint = ketamine().model_spec("flint2017_s_ketamine").disposition(35.0);
    CHECK(flint.cl() == Approx(112.0 * std::pow(0.5, 0.75)).epsilon(kConversion));
    CHECK(flint.v2() == Approx(545.0 * 0.5).epsilon(kConversion));
    CHECK(ketamine().model_spec("flint2017_s_ketamine").enantiomer == "S");
}

TEST_CASE("derived ka reproduces its Tmax with the chosen model", "[drug][ketamine][ka]") {
    const Drug& drug = ketamine();
    // Expected ka from an independent RK4 simulation with Domino 1984 at 70 kg, printed to two
    // digits. The drug file derives IM and the children's intranasal preset from a Tmax; the
    // other two Tmax values exercise ka_for_tmax on the same disposition.
    struct Case {
        double tmax_h;
        double ka;
        double independent_ka;
    };
    const Disposition domino = drug.model_spec("domino1984").disposition(70.0);
    const Case cases[] = {
        {15.0 / 60.0, drug.ka(Route::Intramuscular), 0.98},
        {20.0 / 60.0, drug.ka(Route::Intranasal, "", "intranasal_malinovsky1996_children"), 0.69},
        {0.75, ka_for_tmax(domino, 0.75), 0.39},
        {0.96, ka_for_tmax(domino, 0.96), 0.35}};
    for (const Case& c : cases) {
        INFO("Tmax " << c.tmax_h << " h, ka " << c.ka);
        // ka_for_tmax bisects log(ka) to 1e-10 and tmax_for_ka is accurate to 1e-9 h.
        CHECK(std::abs(tmax_for_ka(domino, c.ka) - c.tmax_h) < 1e-6);
        // The independent figures agree to their 2 printed digits (1 %).
        CHECK(c.ka == Approx(c.independent_ka).epsilon(0.01));
    }
    // The same Tmax of 15 min needs a far faster ka with slower-distributing models (format §8).
    CHECK(drug.ka(Route::Intramuscular, "clements1981") == Approx(8.1).epsilon(0.01));
    CHECK(drug.ka(Route::Intramuscular, "herd2007") == Approx(3.0).epsilon(0.02));
    const Disposition herd = drug.model_spec("herd2007").disposition(70.0);
    CHECK(std::abs(tmax_for_ka(herd, drug.ka(Route::Intramuscular, "herd2007")) - 0.25) < 1e-6);
}

TEST_CASE("ka from a published value or an absorption half-life", "[drug][ketamine][ka]") {
    const Drug& drug = ketamine();
    CHECK(drug.ka(Route::Oral, "", "oral_children_brunette2011") ==
          Approx(std::log(2.0) / (59.0 / 60.0)).epsilon(kConversion));
    // An alternative without a ka keeps the route's.
    CHECK(drug.ka(Route::Oral, "", "oral_chong2009") == drug.ka(Route::Oral));
    const double children_ka = drug.ka(Route::Intranasal, "", "intranasal_malinovsky1996_children");
    CHECK(std::abs(tmax_for_ka(drug.model(70.0).disposition(), children_ka) - 20.0 / 60.0) < 1e-6);
}
