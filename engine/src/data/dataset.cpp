#include "pkengine/dataset.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "csv.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"
#include "pkengine/limits.hpp"

namespace pkengine {

namespace {

constexpr std::size_t kMaxReportedErrors = 20;

/// The NONMEM data items the reader knows.
enum class Item { Id, Time, Amt, Cmt, Route, Rate, Dur, Evid, Ii, Addl, Ss, Dv, Mdv, Count };

constexpr std::array<const char*, static_cast<std::size_t>(Item::Count)> kItemNames = {
    "ID", "TIME", "AMT", "CMT", "ROUTE", "RATE", "DUR", "EVID", "II", "ADDL", "SS", "DV", "MDV"};

/// The dose items of a record, as numbers (missing = 0).
struct DoseItems {
    double amt = 0.0, rate = 0.0, dur = 0.0, ii = 0.0;
    int addl = 0, ss = 0, evid = 0;
};

}  // namespace

/// Reads a dataset line by line, collecting every error before giving up.
class DatasetParser {
public:
    explicit DatasetParser(std::string source) { m_data.m_source = std::move(source); }

    Dataset parse(std::string_view text) {
        const std::vector<std::string_view> lines = detail::csv_lines(text, m_data.m_source);
        bool header_read = false;
        std::vector<std::pair<std::string, DatasetRecord>> records;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const long line = static_cast<long>(i) + 1;
            const std::string_view content = lines[i];
            if (is_blank(content) || content.front() == '#') continue;
            std::vector<std::string> cells;
            try {
                cells = detail::split_csv_line(content, where(line));
            } catch (const InvalidInput& e) {
                add_error(e.what());
                continue;
            }
            if (!header_read) {
                header_read = true;
                if (!read_header(cells, line)) break;
                continue;
            }
            DatasetRecord record;
            std::string id;
            if (read_record(cells, line, record, id)) records.emplace_back(id, std::move(record));
        }
        if (!header_read) add_error(m_data.m_source + ": no header line (ID,TIME,AMT,CMT,...)");
        group(records);
        if (!m_errors.empty()) throw InvalidInput(report());
        return std::move(m_data);
    }

private:
    static bool is_blank(std::string_view s) {
        return std::all_of(s.begin(), s.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
    }

    std::string where(long line) const { return m_data.m_source + ":" + std::to_string(line); }

    void add_error(const std::string& message) {
        if (m_errors.size() < kMaxReportedErrors) m_errors.push_back(message);
        ++m_error_count;
    }

    void error(long line, const std::string& field, std::string_view text, const std::string& why) {
        std::string message = where(line) + ": " + field;
        if (!text.empty()) message += " = '" + std::string(text) + "'";
        add_error(message + ": " + why);
    }

    std::string report() const {
        std::string message = std::to_string(m_error_count) + " error(s) in " + m_data.m_source +
                              " (nothing was simulated):";
        for (const std::string& e : m_errors) message += "\n" + e;
        if (m_error_count > m_errors.size()) {
            message += "\n... and " + std::to_string(m_error_count - m_errors.size()) + " more";
        }
        return message;
    }

    int column(Item item) const { return m_item_column[static_cast<std::size_t>(item)]; }

    bool read_header(const std::vector<std::string>& cells, long line) {
        m_item_column.fill(-1);
        m_width = cells.size();
        std::map<std::string, std::size_t> seen;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string name = detail::upper(cells[c]);
            if (name.empty()) {
                error(line, "column " + std::to_string(c + 1), "", "has no name");
                continue;
            }
            if (!seen.emplace(name, c).second) {
                error(line, name, "", "column appears twice");
                continue;
            }
            classify_column(cells[c], name, static_cast<int>(c), line);
        }
        return check_required(line);
    }

    void classify_column(const std::string& written, const std::string& name, int c, long line) {
        const auto known = std::find(kItemNames.begin(), kItemNames.end(), name);
        if (known != kItemNames.end()) {
            m_item_column[static_cast<std::size_t>(known - kItemNames.begin())] = c;
            return;
        }
        try {
            if (std::optional<ParameterColumn> p = parse_parameter_column(written)) {
                m_data.m_parameters.push_back(*p);
                m_parameter_names.push_back(written);
                m_parameter_columns.push_back(c);
                return;
            }
        } catch (const InvalidInput& e) {
            error(line, written, "", e.what());
            return;
        }
        m_data.m_covariates.push_back(written);
        m_covariate_columns.push_back(c);
    }

    bool check_required(long line) {
        bool ok = true;
        for (Item item : {Item::Id, Item::Time, Item::Amt}) {
            if (column(item) < 0) {
                error(line, kItemNames[static_cast<std::size_t>(item)], "",
                      "missing required column");
                ok = false;
            }
        }
        if (column(Item::Cmt) < 0 && column(Item::Route) < 0) {
            error(line, "CMT", "", "missing required column (CMT or ROUTE)");
            ok = false;
        }
        if (column(Item::Cmt) >= 0 && column(Item::Route) >= 0) {
            error(line, "ROUTE", "", "give CMT or ROUTE, not both");
            ok = false;
        }
        return ok;
    }

    std::string_view cell(const std::vector<std::string>& cells, Item item) const {
        const int c = column(item);
        return c < 0 ? std::string_view() : std::string_view(cells[static_cast<std::size_t>(c)]);
    }

    /// A number from a cell; `missing` when the cell is missing. False (and an error) when the
    /// cell is not a number.
    bool number(const std::vector<std::string>& cells, Item item, long line, double missing,
                double& out) {
        const std::string_view text = cell(cells, item);
        if (detail::is_missing(text)) {
            out = missing;
            return true;
        }
        const std::optional<double> value = detail::parse_number(text);
        if (!value) {
            error(line, kItemNames[static_cast<std::size_t>(item)], text,
                  detail::not_a_number(text));
            return false;
        }
        out = *value;
        return true;
    }

    bool integer(const std::vector<std::string>& cells, Item item, long line, int& out) {
        double value = 0.0;
        if (!number(cells, item, line, 0.0, value)) return false;
        if (value != std::floor(value) || std::abs(value) > 1e9) {
            error(line, kItemNames[static_cast<std::size_t>(item)], cell(cells, item),
                  "must be a whole number");
            return false;
        }
        out = static_cast<int>(value);
        return true;
    }

    bool read_items(const std::vector<std::string>& cells, long line, DoseItems& d) {
        bool ok = number(cells, Item::Amt, line, 0.0, d.amt);
        ok = number(cells, Item::Rate, line, 0.0, d.rate) && ok;
        ok = number(cells, Item::Dur, line, 0.0, d.dur) && ok;
        ok = number(cells, Item::Ii, line, 0.0, d.ii) && ok;
        ok = integer(cells, Item::Addl, line, d.addl) && ok;
        ok = integer(cells, Item::Ss, line, d.ss) && ok;
        if (column(Item::Evid) >= 0) {
            ok = integer(cells, Item::Evid, line, d.evid) && ok;
        } else {
            d.evid = d.amt != 0.0 || d.rate != 0.0 ? 1 : 0;
        }
        return ok;
    }

    /// Range checks of the dose items, each naming its column.
    bool check_items(const std::vector<std::string>& cells, long line, const DoseItems& d) {
        const std::size_t before = m_error_count;
        auto bad = [&](Item item, const std::string& why) {
            error(line, kItemNames[static_cast<std::size_t>(item)], cell(cells, item), why);
        };
        if (d.evid < 0 || d.evid > 4) {
            bad(Item::Evid,
                "unknown EVID (0 observation, 1 dose, 2 other, 3 reset, 4 reset and dose)");
        }
        if (d.amt < 0.0) bad(Item::Amt, "must be >= 0 (a negative dose)");
        if (d.rate < 0.0 && d.rate != -1.0 && d.rate != -2.0) {
            bad(Item::Rate, "must be >= 0, or -1 (modelled rate) or -2 (modelled duration)");
        }
        if (d.dur < 0.0) bad(Item::Dur, "must be >= 0");
        if (d.dur > 0.0 && d.rate != 0.0) {
            bad(Item::Dur, "RATE and DUR are both set (RATE = " + detail::format_value(d.rate) +
                               "); an infusion is given by one of them");
        }
        if (d.ii < 0.0) bad(Item::Ii, "must be >= 0");
        if (d.addl < 0 || d.addl > kMaxAdditionalDoses) bad(Item::Addl, "must be in [0, 1000000]");
        if (d.ss < 0 || d.ss > 2) bad(Item::Ss, "must be 0, 1 or 2");
        if (m_error_count != before) return false;
        return d.evid == 1 || d.evid == 4 ? check_dose(cells, line, d)
                                          : check_no_dose(cells, line, d);
    }

    bool check_no_dose(const std::vector<std::string>& cells, long line, const DoseItems& d) {
        const std::string why =
            "an EVID " + std::to_string(d.evid) + " record carries no dose items (must be 0)";
        const std::size_t before = m_error_count;
        const std::pair<Item, bool> items[] = {
            {Item::Amt, d.amt != 0.0}, {Item::Rate, d.rate != 0.0}, {Item::Dur, d.dur != 0.0},
            {Item::Ii, d.ii != 0.0},   {Item::Addl, d.addl != 0},   {Item::Ss, d.ss != 0}};
        for (const auto& [item, set] : items) {
            if (set)
                error(line, kItemNames[static_cast<std::size_t>(item)], cell(cells, item), why);
        }
        return m_error_count == before;
    }

    bool check_dose(const std::vector<std::string>& cells, long line, const DoseItems& d) {
        const std::size_t before = m_error_count;
        const bool by_rate = d.rate > 0.0 || d.rate == -1.0;
        const bool constant = d.ss > 0 && d.ii == 0.0;
        if (constant && !(d.ss == 1 && d.amt == 0.0 && by_rate && d.addl == 0)) {
            error(line, "SS", cell(cells, Item::Ss),
                  "SS needs II > 0 (II = 0 only for a constant infusion: SS = 1, AMT = 0, RATE > "
                  "0 or -1, no ADDL)");
        }
        if (d.addl > 0 && d.ii == 0.0 && !constant) {
            error(line, "ADDL", cell(cells, Item::Addl), "additional doses need II > 0");
        }
        if ((d.rate != 0.0) && d.amt == 0.0 && !constant) {
            error(line, "AMT", cell(cells, Item::Amt),
                  "an infusion given by RATE needs an amount > 0");
        }
        return m_error_count == before;
    }

    /// The CMT of a record without a dose: ignored (every state is reported), except that a
    /// negative one turns that compartment off on an EVID 2 record (checked against the model
    /// when compiled), and is refused on an observation (NONMEM's output compartment).
    bool read_switch(const std::vector<std::string>& cells, long line, const DoseItems& d,
                     DatasetRecord& record) {
        if (record.cmt >= 0 || d.evid == 3) return true;  // a reset empties every compartment
        if (d.evid == 2) {
            record.event.compartment = record.cmt;
            return true;
        }
        error(line, "CMT", cell(cells, Item::Cmt),
              "a negative CMT on an observation record turns NONMEM's output compartment off, "
              "and pkengine numbers no output compartment (to empty a depot, give an EVID 2 "
              "record with this CMT)");
        return false;
    }

    bool read_route(const std::vector<std::string>& cells, long line, const DoseItems& d,
                    DatasetRecord& record) {
        const bool infusion = d.rate != 0.0 || d.dur > 0.0;
        const bool doses = d.evid == 1 || d.evid == 4;
        if (column(Item::Cmt) >= 0) {
            if (!integer(cells, Item::Cmt, line, record.cmt)) return false;
            if (!doses) return read_switch(cells, line, d, record);
            if (record.cmt < 1) {
                error(line, "CMT", cell(cells, Item::Cmt),
                      "a dose needs a compartment number >= 1 (the model's numbering: see "
                      "--cmt-table)");
                return false;
            }
            // The model decides what the number means (compile step); the route of the
            // route-named numbering is kept for readers of the record.
            record.event.compartment = record.cmt;
            if (record.cmt <= 5) record.event.route = route_for_cmt(record.cmt, infusion, "CMT");
            return true;
        }
        if (!doses) return true;
        const std::string_view text = cell(cells, Item::Route);
        try {
            Route route = parse_route(text, "ROUTE");
            if (route == Route::IvBolus && infusion) route = Route::IvInfusion;
            if (route == Route::IvInfusion && !infusion) {
                error(line, "ROUTE", text, "an IV infusion needs RATE or DUR");
                return false;
            }
            record.event.route = route;
        } catch (const InvalidInput&) {
            error(line, "ROUTE", text,
                  "unknown route (iv, iv_infusion, im, intranasal, oral, sublingual)");
            return false;
        }
        return true;
    }

    bool read_values(const std::vector<std::string>& cells, long line, DatasetRecord& record) {
        bool ok =
            number(cells, Item::Dv, line, std::numeric_limits<double>::quiet_NaN(), record.dv);
        auto read = [&](const std::vector<int>& columns, const std::vector<std::string>& names,
                        std::vector<double>& out) {
            for (std::size_t k = 0; k < columns.size(); ++k) {
                const std::string& text = cells[static_cast<std::size_t>(columns[k])];
                const std::optional<double> value = detail::parse_number(text);
                if (!value && !detail::is_missing(text)) {
                    error(line, names[k], text, detail::not_a_number(text));
                    ok = false;
                }
                out.push_back(value.value_or(std::numeric_limits<double>::quiet_NaN()));
            }
        };
        read(m_parameter_columns, m_parameter_names, record.parameters);
        read(m_covariate_columns, m_data.m_covariates, record.covariates);
        return ok;
    }

    bool read_time(const std::vector<std::string>& cells, long line, double& time) {
        const std::string_view text = cell(cells, Item::Time);
        if (detail::is_missing(text)) {
            error(line, "TIME", "", "is missing");
            return false;
        }
        if (!number(cells, Item::Time, line, 0.0, time)) return false;
        if (time < 0.0 || time > kMaxHorizonH) {
            error(line, "TIME", text, "must be in [0, 87660] h (ten years)");
            return false;
        }
        return true;
    }

    bool read_record(const std::vector<std::string>& cells, long line, DatasetRecord& record,
                     std::string& id) {
        if (cells.size() != m_width) {
            error(line, "record", "",
                  "has " + std::to_string(cells.size()) + " cells, the header has " +
                      std::to_string(m_width));
            return false;
        }
        record.line = line;
        id = std::string(cell(cells, Item::Id));
        bool ok = !id.empty();
        if (!ok) error(line, "ID", "", "is missing");
        DoseItems d;
        ok = read_time(cells, line, record.event.time_h) && ok;
        if (!read_items(cells, line, d) || !check_items(cells, line, d)) return false;
        ok = read_route(cells, line, d, record) && ok;
        ok = read_values(cells, line, record) && ok;
        if (!ok) return false;
        fill_event(d, record.event);
        try {
            validate_event(record.event, "record");
        } catch (const InvalidInput& e) {
            error(line, "record", "", e.what());
            return false;
        }
        return true;
    }

    static void fill_event(const DoseItems& d, DoseEvent& e) {
        e.kind = static_cast<EventKind>(d.evid);
        e.amount_mg = d.amt;
        e.rate_mg_per_h = d.rate > 0.0 ? d.rate : 0.0;
        e.rate_source = d.rate == -1.0   ? RateSource::ModelledRate
                        : d.rate == -2.0 ? RateSource::ModelledDuration
                                         : RateSource::Given;
        e.duration_h = d.dur;
        e.interval_h = d.ii;
        e.additional = d.addl;
        e.steady_state = static_cast<SteadyState>(d.ss);
    }

    /// Records of one ID must be contiguous, their times non-decreasing.
    void group(std::vector<std::pair<std::string, DatasetRecord>>& records) {
        std::map<std::string, long> first_line;  // by detail::id_key: numeric IDs by value
        std::string key;                         // of the last subject
        for (auto& [id, record] : records) {
            auto& subjects = m_data.m_subjects;
            if (subjects.empty() || detail::id_key(id) != key) {
                key = detail::id_key(id);
                const auto [it, fresh] = first_line.emplace(key, record.line);
                if (!fresh) {
                    error(record.line, "ID", id,
                          "the records of an ID must be contiguous (ID " + id + " also at line " +
                              std::to_string(it->second) + ")");
                    continue;
                }
                subjects.push_back({id, {}});
            } else if (record.event.time_h < subjects.back().records.back().event.time_h) {
                const DatasetRecord& previous = subjects.back().records.back();
                error(record.line, "TIME", detail::format_number(record.event.time_h),
                      "times must not decrease within ID " + id + " (line " +
                          std::to_string(previous.line) +
                          " has TIME = " + detail::format_number(previous.event.time_h) + ")");
                continue;
            }
            subjects.back().records.push_back(std::move(record));
        }
    }

    Dataset m_data;
    std::array<int, static_cast<std::size_t>(Item::Count)> m_item_column{};
    std::size_t m_width = 0;
    std::vector<int> m_parameter_columns;
    std::vector<std::string> m_parameter_names;
    std::vector<int> m_covariate_columns;
    std::vector<std::string> m_errors;
    std::size_t m_error_count = 0;
};

Dataset Dataset::parse_csv(std::string_view text, const std::string& source) {
    return DatasetParser(source).parse(text);
}

Dataset Dataset::read_csv(const std::string& path) {
    return parse_csv(detail::read_file_text(path, "dataset"), path);
}

}  // namespace pkengine
