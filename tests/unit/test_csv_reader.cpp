// The one CSV reader of every file (datasets, observed data): byte-order mark, text that is not
// UTF-8, numbers in decimal only, numeric IDs by value.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

#include "support.hpp"
#include "support_drug.hpp"

using namespace pkengine;
using Catch::Matchers::Contains;

TEST_CASE("a UTF-8 byte-order mark before the header is skipped", "[dataset][csv]") {
    const Dataset data = Dataset::parse_csv("\xEF\xBB\xBFID,TIME,AMT,CMT\n1,0,100,1\n", "bom.csv");
    REQUIRE(data.subjects().size() == 1);
    CHECK(data.subjects()[0].records[0].event.amount_mg == 100.0);
    const CsvTable table = CsvTable::parse("\xEF\xBB\xBFID,TIME,DV\n1,0.5,3\n", "bom.csv");
    CHECK(table.columns == std::vector<std::string>{"ID", "TIME", "DV"});
}

TEST_CASE("text that is not UTF-8 is rejected naming file, line and column", "[dataset][csv]") {
    // "Pe\xE9" is Latin-1 for "Peé": 0xE9 cannot start a UTF-8 sequence before an ASCII byte.
    const std::string latin1 = "ID,TIME,AMT,CMT,SITE\n1,0,100,1,a\n1,1,0,1,Pe\xE9rez\n";
    REQUIRE_THROWS_AS(Dataset::parse_csv(latin1, "latin1.csv"), InvalidInput);
    REQUIRE_THROWS_WITH(Dataset::parse_csv(latin1, "latin1.csv"),
                        Contains("latin1.csv:3: column 11: byte 0xE9 is not UTF-8 text") &&
                            Contains("save the file as UTF-8"));
    REQUIRE_THROWS_WITH(CsvTable::parse(latin1, "obs.csv"), Contains("obs.csv:3: column 11"));
    // Valid multi-byte UTF-8 (é, €, an emoji) reads; overlong forms and surrogates do not.
    CHECK_NOTHROW(CsvTable::parse("ID,NOTE\n1,P\xC3\xA9rez \xE2\x82\xAC \xF0\x9F\x98\x80\n"));
    CHECK_THROWS_WITH(CsvTable::parse("ID,NOTE\n1,\xC0\xAF\n"), Contains("byte 0xC0"));
    CHECK_THROWS_WITH(CsvTable::parse("ID,NOTE\n1,\xED\xA0\x80\n"), Contains("byte 0xED"));
    CHECK_THROWS_WITH(CsvTable::parse("ID,NOTE\n1,\xE2\x82\n"), Contains("byte 0xE2"));
}

TEST_CASE("numeric IDs are compared by value, text IDs as text", "[dataset][csv]") {
    const Dataset data = Dataset::parse_csv(
        "ID,TIME,AMT,CMT\n1,0,100,1\n1.0,1,0,1\n01,2,0,1\n1e0,3,0,1\n2,0,50,1\n", "ids.csv");
    REQUIRE(data.subjects().size() == 2);
    CHECK(data.subjects()[0].id == "1");  // as first written
    CHECK(data.subjects()[0].records.size() == 4);
    CHECK(data.subjects()[1].id == "2");
    // 1 and 1.0 are one ID: records of it after another ID are not contiguous.
    REQUIRE_THROWS_WITH(
        Dataset::parse_csv("ID,TIME,AMT,CMT\n1,0,100,1\n2,0,50,1\n1.0,1,0,1\n", "split.csv"),
        Contains("split.csv:4: ID = '1.0'") && Contains("also at line 2"));
    // Text IDs stay text: "A1" and "a1" differ, "0x1" is not the number 1.
    const Dataset text = Dataset::parse_csv(
        "ID,TIME,AMT,CMT\nA1,0,1,1\na1,0,1,1\n0x1,0,1,1\n1,0,1,1\n-0,0,1,1\n0,1,1,1\n", "t.csv");
    REQUIRE(text.subjects().size() == 5);
    CHECK(text.subjects()[4].records.size() == 2);  // -0 and 0
}

TEST_CASE("numbers are read in decimal only, within the range of a double", "[dataset][csv]") {
    auto time_error = [](const std::string& time) {
        try {
            Dataset::parse_csv("ID,TIME,AMT,CMT\n1," + time + ",100,1\n", "n.csv");
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(time_error("0x10"),
               Contains("n.csv:2: TIME = '0x10': not a number: hexadecimal is not read"));
    CHECK_THAT(time_error("1e-400"), Contains("TIME = '1e-400': not a number: too small for a "
                                              "double (below 2.2e-308, it would read as 0)"));
    CHECK_THAT(time_error("1e400"),
               Contains("TIME = '1e400': not a number: beyond the range of a double"));
    CHECK_THAT(time_error("inf"), Contains("TIME = 'inf': not a number"));
    CHECK_THAT(time_error("nan"), Contains("TIME = 'nan': not a number"));
    CHECK_THAT(time_error("1e"), Contains("TIME = '1e': not a number"));
    CHECK_THAT(time_error("1.5.2"), Contains("TIME = '1.5.2': not a number"));
    CHECK(time_error("0e-999") == "accepted");  // zero, however written
    CHECK(time_error("+.5e1") == "accepted");
    const Dataset data = Dataset::parse_csv("ID,TIME,AMT,CMT,WT\n1,.5,1E2,1,7.0e1\n", "ok.csv");
    CHECK(data.subjects()[0].records[0].event.time_h == 0.5);
    CHECK(data.subjects()[0].records[0].event.amount_mg == 100.0);
    CHECK(data.subjects()[0].records[0].covariates[0] == 70.0);
    CHECK_THROWS_WITH(Dataset::parse_csv("ID,TIME,AMT,CMT,WT\n1,0,1,1,0x46\n", "c.csv"),
                      Contains("WT = '0x46': not a number: hexadecimal"));
}

TEST_CASE("any CSV reads as a table of text cells with line numbers", "[csv]") {
    const CsvTable table =
        CsvTable::parse("# observed\nID,TIME,DV\n\n1, 0.5 ,\"3,5\"\n# note\n2,1,.\n", "obs.csv");
    CHECK(table.columns == std::vector<std::string>{"ID", "TIME", "DV"});
    REQUIRE(table.rows.size() == 2);
    CHECK(table.rows[0] == std::vector<std::string>{"1", "0.5", "3,5"});
    CHECK(table.lines == std::vector<long>{4, 6});
    CHECK_THROWS_WITH(CsvTable::parse("ID,TIME\n1,2,3\n", "w.csv"),
                      Contains("w.csv:2: has 3 cells, the header has 2"));
    CHECK_THROWS_WITH(CsvTable::parse("# nothing\n", "e.csv"), Contains("e.csv: no header line"));
    CHECK_THROWS_WITH(CsvTable::read("/nonexistent/obs.csv"),
                      Contains("data = '/nonexistent/obs.csv': cannot be opened"));
}

TEST_CASE("a negative or non-finite grid is rejected, not ignored", "[dataset]") {
    const Dataset data = Dataset::parse_csv("ID,TIME,AMT,CMT\n1,0,100,1\n1,4,0,1\n", "g.csv");
    const Model model(Disposition::one_compartment(5.0, 10.0));
    DatasetOptions options;
    options.grid_step_h = -1.0;
    REQUIRE_THROWS_WITH(simulate_dataset(model, data, options),
                        Contains("grid_step_h = -1: must be >= 0"));
    REQUIRE_THROWS_WITH(simulate_subject(model, data, 0, options), Contains("grid_step_h = -1"));
    options.grid_step_h = 1.0;
    options.grid_end_h = std::numeric_limits<double>::quiet_NaN();
    REQUIRE_THROWS_WITH(simulate_dataset(model, data, options),
                        Contains("grid_end_h = nan: must be a finite number"));
    options.grid_end_h = 0.0;
    CHECK(simulate_dataset(model, data, options)[0].times_h.size() == 2 + 5);  // records + grid
}

TEST_CASE("covariates written to a dataset must be finite", "[dataset]") {
    SubjectSchedule subject{"7", {DoseEvent::bolus(0.0, 100.0)}, {1.0}, {{"WT", 70.0}}};
    CHECK(to_nonmem_csv({subject}).find(",70\n") != std::string::npos);
    subject.covariates[0].second = std::numeric_limits<double>::quiet_NaN();
    REQUIRE_THROWS_WITH(to_nonmem_csv({subject}),
                        Contains("subject 7: covariates.WT = nan: must be a finite number"));
    subject.covariates[0].second = -std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_WITH(to_nonmem_csv({subject}), Contains("covariates.WT = -inf"));
}

TEST_CASE("a drug file that is not UTF-8 is rejected naming file and line, in valid text",
          "[drug][csv]") {
    // "Racemic" -> "R\xE9cemic": a Latin-1 byte inside the description string on line 6.
    const std::string text = testing::replaced(testing::ketamine_text(),
                                               "\"Racemic ketamine (R,S-ketamine). Intravenous",
                                               "\"R\xE9"
                                               "cemic ketamine (R,S-ketamine). Intravenous");
    const std::string path = testing::write_scratch(text, "latin1.json");
    try {
        Drug::load_file(path);
        FAIL("a Latin-1 drug file was accepted");
    } catch (const InvalidInput& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Contains("latin1.json: JSON syntax error: parse error at line 6") &&
                             Contains("ill-formed UTF-8 byte") && Contains("\\xE9") &&
                             Contains("the file is not UTF-8 text") &&
                             Contains("save it as UTF-8"));
        // The message is ASCII: it shows anywhere (Python decodes it as UTF-8).
        CHECK(std::all_of(what.begin(), what.end(),
                          [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
        CHECK(what.size() < 400);  // the parser's "last read" quoted by its end only
    }
}
