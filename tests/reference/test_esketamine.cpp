// The shipped esketamine file (Perez-Ruixo 2021 as a general linear model) against the values it
// is built to reproduce: Perez-Ruixo's Table 4 typical values (a reproduction, not evidence), the
// Spravato label's Tmax window and half-life range, its protocols (each 28 mg device a dose,
// 5 min apart) and mass balance.
//
// Tolerances: Table 4 esketamine Cmax and AUC0-24 and noresketamine Cmax within 10 % (the
// tolerance the issue states; the engine is within 1.3 %). The noresketamine AUC0-24 of the
// transcribed parameters is 1.41 / 1.45 / 1.46 x Table 4 (docs/drug-file-format.md §17): the
// test pins that ratio within 2 % so that a change of the model or of the engine is noticed.
#include <algorithm>
#include <cmath>
#include <vector>

#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;
using testing::esketamine;

namespace {

struct Session {
    double cmax_ng_ml = 0.0, tmax_after_last_min = 0.0, auc_ng_h_ml = 0.0;
    double nk_cmax_ng_ml = 0.0, nk_auc_ng_h_ml = 0.0;
};

/// One session of `devices` 28 mg devices, 5 min apart, with the session's model; curves every
/// 30 s for 24 h, AUC by the trapezoid rule (the curves are smooth at that step: the rule is
/// within 1e-4 of the exact area).
Session session(int devices) {
    const char* ids[] = {"perezruixo2021", "perezruixo2021_56mg_session",
                         "perezruixo2021_84mg_session"};
    const Model model = esketamine().model(70.0, ids[devices - 1]);
    std::vector<DoseEvent> events;
    for (int k = 0; k < devices; ++k) {
        events.push_back(DoseEvent::bolus(5.0 * k / 60.0, 28.0, Route::Intranasal));
    }
    const Result r = simulate(model, events, OutputTimes::uniform(0.0, 24.0, 0.5 / 60.0));
    Session s;
    Eigen::Index peak = 0;
    r.concentration_mg_per_l.maxCoeff(&peak);
    s.cmax_ng_ml = r.concentration_mg_per_l(peak) * 1000.0;
    s.tmax_after_last_min = (r.times_h[static_cast<std::size_t>(peak)] - events.back().time_h) * 60;
    s.nk_cmax_ng_ml = r.metabolite_concentration_mg_per_l.maxCoeff() * 1000.0;
    for (std::size_t i = 1; i < r.times_h.size(); ++i) {
        const double dt = r.times_h[i] - r.times_h[i - 1];
        const auto j = static_cast<Eigen::Index>(i);
        s.auc_ng_h_ml +=
            500.0 * dt * (r.concentration_mg_per_l(j) + r.concentration_mg_per_l(j - 1));
        s.nk_auc_ng_h_ml +=
            500.0 * dt *
            (r.metabolite_concentration_mg_per_l(j) + r.metabolite_concentration_mg_per_l(j - 1));
    }
    return s;
}

}  // namespace

TEST_CASE("esketamine: the drug file loads as S-ketamine general linear models",
          "[drug][esketamine]") {
    const Drug& drug = esketamine();
    CHECK(drug.name() == "esketamine");
    CHECK(drug.analyte() == "s_ketamine");
    CHECK(drug.default_model() == "perezruixo2021");
    REQUIRE(drug.models().size() == 3);
    for (const DrugModel& m : drug.models()) {
        CHECK(m.enantiomer == "S");
        CHECK(m.linear.has_value());
    }
    CHECK(drug.routes().empty());
    REQUIRE_THROWS_WITH(drug.route(Route::Oral), Contains("gives no file routes"));
    CHECK(drug.bands_for_model().empty());
    const LinearStructure s = drug.model_spec().linear_structure(70.0);
    CHECK(s.compartments[static_cast<std::size_t>(s.index("central"))].volume_l == 192.0);
    CHECK(s.compartments[static_cast<std::size_t>(s.index("liver"))].volume_l == 101.0);
    const LinearRoute* nasal = s.route(Route::Intranasal);
    REQUIRE(nasal != nullptr);
    REQUIRE(nasal->targets.size() == 2);
    CHECK(nasal->targets[0].f == 0.54);
    CHECK(nasal->targets[1].f == Approx((1 - 0.54) * 0.64).epsilon(1e-12));
    CHECK(nasal->targets[1].duration_h == 0.53);
    // Session means of FRn (0.54, then x 0.62 for each later device), to 4 decimals.
    const auto frn = [&](const char* id) {
        return drug.model_spec(id).linear_structure(70.0).route(Route::Intranasal)->targets[0].f;
    };
    CHECK(frn("perezruixo2021_56mg_session") == Approx(0.54 * 1.62 / 2).margin(5e-5));
    CHECK(frn("perezruixo2021_84mg_session") == Approx(0.54 * 2.24 / 3).margin(5e-5));
}

TEST_CASE("esketamine: Perez-Ruixo Table 4 typical values are reproduced",
          "[drug][esketamine][reference]") {
    struct Row {
        int devices;
        double cmax, auc, nk_cmax, nk_auc, nk_auc_ratio;
    };
    // Table 4 (Caucasian, 18-60 y); nk_auc_ratio: this model's noresketamine AUC0-24 / Table 4,
    // measured (see the file comment).
    const Row rows[] = {{1, 43.8, 147.3, 59.1, 274.4, 1.410},
                        {2, 72.5, 254.7, 119.7, 516.3, 1.445},
                        {3, 101.0, 362.2, 180.0, 758.0, 1.457}};
    for (const Row& row : rows) {
        const Session s = session(row.devices);
        INFO(row.devices * 28 << " mg: Cmax " << s.cmax_ng_ml << " AUC " << s.auc_ng_h_ml
                              << " NK Cmax " << s.nk_cmax_ng_ml << " NK AUC " << s.nk_auc_ng_h_ml);
        CHECK(s.cmax_ng_ml / row.cmax == Approx(1.0).margin(0.10));
        CHECK(s.auc_ng_h_ml / row.auc == Approx(1.0).margin(0.10));
        CHECK(s.nk_cmax_ng_ml / row.nk_cmax == Approx(1.0).margin(0.10));
        CHECK(s.nk_auc_ng_h_ml / row.nk_auc == Approx(row.nk_auc_ratio).epsilon(0.02));
    }
}

TEST_CASE("esketamine: the label's Tmax window and half-life range", "[drug][esketamine]") {
    // Label: Tmax 20-40 min after the last spray of a session, terminal half-life 7-12 h.
    for (int devices = 1; devices <= 3; ++devices) {
        const Session s = session(devices);
        INFO(devices << " devices: Tmax after the last " << s.tmax_after_last_min << " min");
        CHECK(s.tmax_after_last_min >= 20.0);
        CHECK(s.tmax_after_last_min <= 40.0);
    }
    const DrugCheck check = check_drug(esketamine());
    REQUIRE(check.rows.size() == 2);
    const CheckRow& label = check.rows[0];
    CHECK(label.observation == "spravato_label_28mg");
    CHECK(label.counts);
    REQUIRE(label.half_life_predicted_h.has_value());
    CHECK(*label.half_life_predicted_h >= 7.0);
    CHECK(*label.half_life_predicted_h <= 12.0);
    CHECK(*label.half_life_low_h == 7.0);
    CHECK(*label.half_life_high_h == 12.0);
    CHECK(*label.tmax_passes);
    CHECK(label.passes);
    const CheckRow& huge = check.rows[1];
    CHECK_FALSE(huge.counts);
    CHECK(huge.not_counted_because == "formulation");
    REQUIRE(huge.cmax_fold.has_value());
    CHECK(check.counted == 1);
    CHECK(check.counted_cmax == 0);
    CHECK(check.passes);
}

TEST_CASE("esketamine: protocols give each 28 mg device 5 min after the previous one",
          "[drug][esketamine]") {
    const Drug& drug = esketamine();
    const Regimen r = drug.protocol_regimen("esketamine_induction_84mg", 80.0);
    // Day 1: 56 mg (two devices); then seven sessions of 84 mg (three devices).
    REQUIRE(r.size() == 2 + 7 * 3);
    std::vector<double> times;
    for (const DoseEvent& e : r.events()) {
        CHECK(e.amount_mg == 28.0);
        CHECK(e.route == Route::Intranasal);
        times.push_back(e.time_h);
    }
    std::sort(times.begin(), times.end());
    CHECK(times[1] - times[0] == Approx(5.0 / 60.0).epsilon(1e-12));
    CHECK(times[2] == 72.0);
    CHECK(times[3] - times[2] == Approx(5.0 / 60.0).epsilon(1e-12));
    CHECK(times[4] - times[3] == Approx(5.0 / 60.0).epsilon(1e-12));
    CHECK(times.back() == Approx(24 * 24.0 + 10.0 / 60.0).epsilon(1e-12));
    CHECK(drug.protocol("esketamine_induction_84mg").enantiomer == "S");
    CHECK(drug.protocol("esketamine_induction_84mg").model == "perezruixo2021_84mg_session");
    CHECK(drug.protocol("esketamine_induction_56mg").model == "perezruixo2021_56mg_session");
    CHECK(drug.protocol_regimen("esketamine_induction_56mg", 70.0).size() == 16);
    CHECK(drug.protocol_regimen("esketamine_suicidal_ideation_84mg", 70.0).size() == 24);
    // The protocol's model by default; any other S model when asked.
    const Model m = drug.protocol_model("esketamine_induction_84mg", 80.0);
    CHECK(m.linear_structure()->route(Route::Intranasal)->targets[0].f ==
          Approx(0.54 * 2.24 / 3).margin(5e-5));
    CHECK_NOTHROW(drug.protocol_model("esketamine_induction_84mg", 80.0, "perezruixo2021"));
}

TEST_CASE("esketamine: mass balance of a session", "[drug][esketamine]") {
    // What enters the model is the nasal fraction plus the swallowed fraction that escapes the
    // gut wall; every later amount (compartments, depots, eliminated) adds up to it.
    const Model model = esketamine().model(70.0, "perezruixo2021_84mg_session");
    const LinearRoute* nasal = model.linear_structure()->route(Route::Intranasal);
    const double entering = 84.0 * (nasal->targets[0].f + nasal->targets[1].f);
    const std::vector<DoseEvent> events{DoseEvent::bolus(0.0, 28.0, Route::Intranasal),
                                        DoseEvent::bolus(5.0 / 60.0, 28.0, Route::Intranasal),
                                        DoseEvent::bolus(10.0 / 60.0, 28.0, Route::Intranasal)};
    const Result r = simulate(model, events, OutputTimes::at({1.0, 4.0, 24.0, 240.0}));
    for (Eigen::Index i = 0; i < r.amounts_mg.rows(); ++i) {
        INFO("t = " << r.times_h[static_cast<std::size_t>(i)] << " h");
        CHECK(r.amounts_mg.row(i).sum() == Approx(entering).epsilon(1e-9));
    }
    // After 10 days nearly all has left: esketamine's terminal half-life is about 11 h.
    const int eliminated = r.state_index("eliminated");
    CHECK(r.amounts_mg(3, eliminated) / entering > 0.99);
}

TEST_CASE("esketamine: a protocol's enantiomer must be its model's", "[drug][esketamine][errors]") {
    using testing::replaced;
    using testing::write_scratch;
    const std::string text = replaced(testing::esketamine_text(),
                                      R"("enantiomer": "S",
   "model": "perezruixo2021_56mg_session")",
                                      R"("enantiomer": "racemic",
   "model": "perezruixo2021_56mg_session")");
    const std::string path = write_scratch(text, "esketamine.json");
    REQUIRE_THROWS_WITH(
        Drug::load_file(path),
        Contains("protocols.esketamine_induction_56mg.enantiomer = 'racemic': protocol "
                 "'esketamine_induction_56mg' gives enantiomer 'racemic' but its model "
                 "'perezruixo2021_56mg_session' is 'S'"));
}

TEST_CASE("esketamine: Perez-Ruixo's published variability is sampled", "[drug][esketamine]") {
    const DrugModel& spec = esketamine().model_spec("perezruixo2021");
    const Variability v = published_variability(spec);
    std::vector<std::string> names;
    for (const RandomEffect& e : v.effects) names.push_back(e.parameter);
    CHECK(names == std::vector<std::string>{"V1", "V2", "V4", "V5", "CL14", "CL41", "K40", "CL50",
                                            "F7", "K71", "K84", "K94"});
    // FRn: logit(FRn_i) = logit(0.54) + eta, SD 0.708 (Table 3): omega^2 = 0.708^2, logit-normal;
    // the others log-normal.
    CHECK(v.omega(8, 8) == Approx(0.708 * 0.708).epsilon(1e-15));
    CHECK(v.effects[8].scale == EtaScale::LogitNormal);
    CHECK(v.effects[9].scale == EtaScale::LogNormal);
    CHECK(v.omega(8, 9) == 0.0);
    // Qh is one eta on the flow into and out of the liver: equal variances, covariance = variance.
    const double qh = std::log1p(0.232 * 0.232);
    CHECK(v.omega(4, 4) == Approx(qh).epsilon(1e-15));
    CHECK(v.omega(4, 5) == v.omega(4, 4));
    CHECK(v.omega(5, 5) == v.omega(4, 4));
    CHECK(v.omega(6, 6) == Approx(std::log1p(1.2 * 1.2)).epsilon(1e-15));  // kel 120 %
    CHECK(v.omega(10, 11) == v.omega(10, 10));                             // ka_sw = ka_po
    CHECK(v.omega(4, 6) == 0.0);
    CHECK(v.omega.isApprox(v.omega.transpose(), 0.0));

    // Each subject is the typical model with every parameter at theta exp(eta), FRn at
    // expit(logit(0.54) + eta) (the swallowed share following it): rebuilt here by name from the
    // reported eta, its curve is the population's (to rounding of the rebuild).
    const Model typical = esketamine().model(70.0, "perezruixo2021");
    Population p(typical, Regimen::single(Dose::mg(28.0, Route::Intranasal)));
    p.variability = v;
    PopulationOptions options;
    options.seed = 11;
    options.threads = 2;
    options.keep_curves = true;
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.25);
    const PopulationResult r = simulate_population(p, 40, times, options);
    for (Eigen::Index s = 0; s < 40; ++s) {
        // One eta: the Cholesky factor's second row of a correlation-1 pair is omega / sqrt(omega),
        // sqrt(omega) within one rounding.
        CHECK(r.eta(s, 5) == Approx(r.eta(s, 4)).epsilon(4e-16));
        CHECK(r.eta(s, 11) == Approx(r.eta(s, 10)).epsilon(4e-16));
        Model subject = typical;
        for (std::size_t k = 0; k < names.size(); ++k) {
            const auto c = static_cast<Eigen::Index>(k);
            const double theta = typical.parameter(names[k]);
            if (names[k] == "F7") {
                const double logit = std::log(theta / (1.0 - theta)) + r.eta(s, c);
                subject.set_parameter("F7", 1.0 / (1.0 + std::exp(-logit)));
                continue;
            }
            subject.set_parameter(names[k], theta * std::exp(r.eta(s, c)));
        }
        // The swallowed share follows the subject's FRn.
        const LinearRoute& nasal = *subject.linear_structure()->route(Route::Intranasal);
        CHECK(nasal.targets[1].f == Approx((1.0 - subject.parameter("F7")) * 0.64).epsilon(1e-15));
        const Result own = simulate(subject, p.regimen, times);
        const double peak = own.concentration_mg_per_l.maxCoeff();
        CHECK((r.curves_mg_per_l.row(s).transpose() - own.concentration_mg_per_l)
                  .cwiseAbs()
                  .maxCoeff() <= 1e-12 * peak);
    }
    // The spread is real: the subjects' Cmax differ by more than 1.5-fold between the extremes.
    CHECK(r.cmax_mg_per_l.maxCoeff() > 1.5 * r.cmax_mg_per_l.minCoeff());
}

TEST_CASE("esketamine: parameters that share an eta must give one CV",
          "[drug][esketamine][errors]") {
    std::string text = testing::esketamine_text();
    const std::string qh = "\"value\": 23.2,";
    const std::size_t first = text.find(qh);
    REQUIRE(first != std::string::npos);
    text.replace(first, qh.size(), "\"value\": 25,");
    const std::string path = testing::write_scratch(text, "esketamine.json");
    CHECK_THROWS_WITH(Drug::load_file(path),
                      Contains("models.perezruixo2021: bsv: CL14 and CL41 share eta 'qh' but "
                               "give different CVs (25 % and 23.2 %)"));
}

TEST_CASE("esketamine: age and Asian race act on the typical values", "[drug][esketamine]") {
    const DrugModel& spec = esketamine().model_spec("perezruixo2021");
    REQUIRE(spec.covariate_effects.size() == 5);
    const Model typical = esketamine().model(70.0, "perezruixo2021");
    Population p(typical, Regimen::single(Dose::mg(28.0, Route::Intranasal)));
    p.covariate_effects = spec.covariate_effects;
    p.covariate_names = {"AGE", "ASIAN"};
    p.covariates.resize(3, 2);
    p.covariates << 40.0, 0.0, 70.0, 1.0, 85.0, 0.0;
    PopulationOptions options;
    options.keep_curves = true;
    options.threads = 2;
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.5);
    const PopulationResult r = simulate_population(p, 3, times, options);
    // Qh - 2.19 L/h a year above 60 (on the flow in and out), kel x 0.36 and CLn/F x 0.81.
    const double qh[] = {151.0, 151.0 - 2.19 * 10.0, 151.0 - 2.19 * 25.0};
    const bool asian[] = {false, true, false};
    for (Eigen::Index s = 0; s < 3; ++s) {
        Model own = typical;
        own.set_parameter("CL14", qh[s]).set_parameter("CL41", qh[s]);
        if (asian[s]) own.set_parameter("K40", 1.11 * 0.36).set_parameter("CL50", 38.0 * 0.81);
        const Result expected = simulate(own, p.regimen, times);
        const double peak = expected.concentration_mg_per_l.maxCoeff();
        CHECK((r.curves_mg_per_l.row(s).transpose() - expected.concentration_mg_per_l)
                  .cwiseAbs()
                  .maxCoeff() <= 1e-14 * peak);
    }
    // Older subjects clear less: the 85-year-old's AUC is the highest of the three.
    CHECK(r.auc_mg_h_per_l(2) > r.auc_mg_h_per_l(0));

    p.covariates(1, 1) = 0.5;
    CHECK_THROWS_WITH(simulate_population(p, 3, times, options),
                      Contains("covariate ASIAN = 0.5: an indicator must be 0 or 1"));
    p.covariates.resize(2, 2);
    CHECK_THROWS_WITH(simulate_population(p, 3, times, options),
                      Contains("covariates: 2 x 2 values for 3 subjects and 2 covariates"));
}

TEST_CASE("esketamine: the swallowed share is the remainder of the nasal fraction",
          "[drug][esketamine][remainder]") {
    // Perez-Ruixo's split: FRn to the central compartment, (1 - FRn) x Fgut to the liver. In all
    // three models the liver target is computed from the nasal one, which F7 names.
    const char* ids[] = {"perezruixo2021", "perezruixo2021_56mg_session",
                         "perezruixo2021_84mg_session"};
    const double frn[] = {0.54, 0.4374, 0.4032};
    for (int k = 0; k < 3; ++k) {
        const Model m = esketamine().model(70.0, ids[k]);
        const LinearRoute& nasal = *m.linear_structure()->route(Route::Intranasal);
        CHECK(m.parameter("F7") == frn[k]);
        CHECK(nasal.targets[1].is_remainder());
        CHECK(nasal.targets[1].f == Approx((1.0 - frn[k]) * 0.64).epsilon(1e-15));
    }
    CHECK(esketamine().model(70.0, "perezruixo2021").linear_structure()->routes[0].targets[1].f ==
          Approx(0.2944).epsilon(1e-15));

    // FRn 0.7 by name: the liver target takes (1 - 0.7) x 0.64 = 0.192, and the model is the
    // one with those fractions fixed (1e-12 of the peak: the same system matrix and inputs).
    const Model typical = esketamine().model(70.0, "perezruixo2021");
    Model set = typical;
    set.set_parameter("F7", 0.7);
    CHECK(set.parameter("F7") == 0.7);
    const LinearRoute& moved = *set.linear_structure()->route(Route::Intranasal);
    CHECK(moved.targets[1].f == Approx(0.192).epsilon(1e-15));
    CHECK(set.bioavailability(Route::Intranasal).nominal == Approx(0.892).epsilon(1e-15));
    LinearStructure fixed = *typical.linear_structure();
    for (LinearRoute& r : fixed.routes) {
        if (r.route != Route::Intranasal) continue;
        r.targets[0].f = 0.7;
        r.targets[1].remainder_of.clear();
        r.targets[1].f = 0.192;
    }
    const Model by_hand(fixed);
    const Regimen regimen = Regimen::single(Dose::mg(28.0, Route::Intranasal));
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.1);
    const Result a = simulate(set, regimen, times);
    const Result b = simulate(by_hand, regimen, times);
    const double peak = b.concentration_mg_per_l.maxCoeff();
    CHECK((a.concentration_mg_per_l - b.concentration_mg_per_l).cwiseAbs().maxCoeff() <=
          1e-12 * peak);
    // The dataset column F7 sets the same thing.
    const ParameterColumn column = *parse_parameter_column("F7");
    CHECK(sets_by_nonmem_name(typical, column));
    CHECK(with_parameter(typical, column, 0.7, "F7").linear_structure()->routes[0].targets[1].f ==
          Approx(0.192).epsilon(1e-15));
    // The remainder's own F is computed, not set; F above 1 is refused.
    CHECK_THROWS_WITH(Model(typical).set_parameter("F8", 0.3),
                      Contains("F8 = 0.3: the fraction of the intranasal target 'liver' is the "
                               "remainder of target 'central' (x 0.64), computed from it: set F7 "
                               "instead"));
    CHECK_THROWS_WITH(Model(typical).set_parameter("F7", 1.2),
                      Contains("F7 = 1.2: a fraction must be in (0, 1]"));
}

TEST_CASE("esketamine: Japanese race multiplies FRn by 1.34", "[drug][esketamine][remainder]") {
    const DrugModel& spec = esketamine().model_spec("perezruixo2021");
    const CovariateEffect& japanese = spec.covariate_effects.back();
    CHECK(japanese.covariate == "JAPANESE");
    CHECK(japanese.parameter == "F7");
    CHECK(japanese.coefficient == 1.34);
    CHECK(0.54 * 1.34 < 1.0);
    for (const char* id : {"perezruixo2021_56mg_session", "perezruixo2021_84mg_session"}) {
        CHECK(esketamine().model_spec(id).covariate_effects.back().parameter == "F7");
    }
    const Model typical = esketamine().model(70.0, "perezruixo2021");
    Population p(typical, Regimen::single(Dose::mg(28.0, Route::Intranasal)));
    p.covariate_effects = spec.covariate_effects;
    p.covariate_names = {"JAPANESE"};
    p.covariates.resize(2, 1);
    p.covariates << 0.0, 1.0;
    PopulationOptions options;
    options.keep_curves = true;
    const OutputTimes times = OutputTimes::uniform(0.0, 24.0, 0.25);
    const PopulationResult r = simulate_population(p, 2, times, options);
    // JAPANESE = 1 is FRn = 0.54 x 1.34 = 0.7236 set by hand (the swallowed share following);
    // 1e-14 of the peak: the same model, set the same way.
    Model own = typical;
    own.set_parameter("F7", 0.7236);
    const Result expected = simulate(own, p.regimen, times);
    const double peak = expected.concentration_mg_per_l.maxCoeff();
    CHECK((r.curves_mg_per_l.row(1).transpose() - expected.concentration_mg_per_l)
              .cwiseAbs()
              .maxCoeff() <= 1e-14 * peak);
    const Result plain = simulate(typical, p.regimen, times);
    CHECK((r.curves_mg_per_l.row(0).transpose() - plain.concentration_mg_per_l)
              .cwiseAbs()
              .maxCoeff() <= 1e-14 * peak);
    CHECK(r.cmax_mg_per_l(1) > 1.1 * r.cmax_mg_per_l(0));

    // A factor that takes a fraction above 1 stops the run, naming the subject and the
    // parameter: no clamping.
    p.model.set_parameter("F7", 0.8);  // 0.8 x 1.34 = 1.072
    CHECK_THROWS_WITH(simulate_population(p, 2, times, options),
                      Contains("subject 1") && Contains("F7 = 1.072") &&
                          Contains("a fraction must be in (0, 1]"));
}
