// Integration windows of a regimen and the check of planned sessions against them.
#include <cmath>

#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

TEST_CASE("the KIT series opens one 48 h window per infusion", "[windows]") {
    const Drug& drug = testing::ketamine();
    const Regimen kit = drug.protocol_regimen("kit_series_murrough2013", 70.0);
    const std::vector<IntegrationWindow> w = integration_windows(kit, drug.integration_window_h());
    REQUIRE(w.size() == 6);
    const double days[] = {0, 2, 4, 7, 9, 11};
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(w[i].administration == i);
        CHECK(w[i].start_h == days[i] * 24.0);
        CHECK(w[i].end_h == days[i] * 24.0 + 48.0);
        CHECK(w[i].route == Route::IvInfusion);
        CHECK(w[i].amount_mg == Approx(35.0).epsilon(1e-15));
    }

    // Day 1 inside the first window; day 6.25 in the gap between day 4 + 48 h and day 7;
    // day 2 exactly: inside the first window (closed) and the second, which is more recent;
    // day 13 = the end of the last window (closed); day 13.5 after every window.
    const std::vector<SessionCheck> s = check_sessions(w, {24.0, 150.0, 48.0, 312.0, 324.0, 0.0});
    CHECK(s[0].inside);
    CHECK(*s[0].administration == 0);
    CHECK(s[0].hours_since_administration == 24.0);
    CHECK_FALSE(s[1].inside);
    CHECK_FALSE(s[1].administration);
    CHECK(std::isnan(s[1].hours_since_administration));
    CHECK(*s[2].administration == 1);
    CHECK(s[2].hours_since_administration == 0.0);
    CHECK(*s[3].administration == 5);
    CHECK(s[3].hours_since_administration == 48.0);
    CHECK_FALSE(s[4].inside);
    CHECK(s[5].inside);  // a session at the very start of the first administration
}

TEST_CASE("repeated records open a window per repeat in time order", "[windows]") {
    DoseEvent daily = DoseEvent::bolus(0.0, 10.0, Route::Oral);
    daily.additional = 2;
    daily.interval_h = 24.0;
    const DoseEvent extra = DoseEvent::bolus(30.0, 5.0, Route::Sublingual);
    const std::vector<IntegrationWindow> w = integration_windows({daily, extra}, 12.0);
    REQUIRE(w.size() == 4);
    CHECK(w[0].start_h == 0.0);
    CHECK(w[1].start_h == 24.0);
    CHECK(w[2].start_h == 30.0);
    CHECK(w[2].route == Route::Sublingual);
    CHECK(w[3].start_h == 48.0);
    CHECK(w[3].end_h == 60.0);
    CHECK(w[3].administration == 3);

    const std::vector<SessionCheck> s = check_sessions(w, {37.0, 43.0});
    CHECK(*s[0].administration == 2);  // 24 h and 30 h windows both hold 37 h: 30 h is later
    CHECK(s[0].hours_since_administration == 7.0);
    CHECK_FALSE(s[1].inside);  // after the 30 h window (ends at 42 h), before the 48 h dose
}

TEST_CASE("integration window input is checked", "[windows][errors]") {
    const Regimen one = Regimen::single(Dose::mg(10.0, Route::IvBolus));
    REQUIRE_THROWS_WITH(integration_windows(one, 0.0), Contains("window_h = 0: must be > 0"));
    REQUIRE_THROWS_WITH(check_sessions(integration_windows(one, 48.0), {1.0, -2.0}),
                        Contains("session_times_h[1] = -2: must be >= 0"));
}
