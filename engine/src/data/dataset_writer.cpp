#include <algorithm>
#include <fstream>
#include <string>

#include "csv.hpp"
#include "pkengine/dataset.hpp"
#include "pkengine/detail/validate.hpp"
#include "pkengine/errors.hpp"

namespace pkengine {

namespace {

using detail::format_number;

/// Covariate names of every subject, in order of first appearance.
std::vector<std::string> covariate_names(const std::vector<SubjectSchedule>& subjects) {
    std::vector<std::string> names;
    for (const SubjectSchedule& s : subjects) {
        for (const auto& [name, value] : s.covariates) {
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    }
    return names;
}

std::string covariate_cells(const SubjectSchedule& s, const std::vector<std::string>& names) {
    std::string cells;
    for (const std::string& name : names) {
        const auto it = std::find_if(s.covariates.begin(), s.covariates.end(),
                                     [&](const auto& c) { return c.first == name; });
        cells += "," + (it == s.covariates.end() ? std::string(".") : format_number(it->second));
    }
    return cells;
}

std::string rate_cell(const DoseEvent& e) {
    if (e.rate_source == RateSource::ModelledRate) return "-1";
    if (e.rate_source == RateSource::ModelledDuration) return "-2";
    return format_number(e.rate_mg_per_h);
}

std::string event_row(const DoseEvent& e) {
    const bool doses = e.kind == EventKind::Dose || e.kind == EventKind::ResetAndDose;
    const bool turns_off = e.kind == EventKind::Other && e.compartment < 0;
    return format_number(e.time_h) + "," + std::to_string(static_cast<int>(e.kind)) + "," +
           format_number(e.amount_mg) + "," +
           (turns_off           ? std::to_string(e.compartment)
            : !doses            ? std::string(".")
            : e.compartment > 0 ? std::to_string(e.compartment)
                                : std::to_string(cmt_for_route(e.route))) +
           "," + rate_cell(e) + "," + format_number(e.duration_h) + "," +
           format_number(e.interval_h) + "," + std::to_string(e.additional) + "," +
           std::to_string(static_cast<int>(e.steady_state)) + ",.";
}

std::string observation_row(double t) {
    return format_number(t) + ",0,0,1,0,0,0,0,0,.";
}

}  // namespace

std::string to_nonmem_csv(const std::vector<SubjectSchedule>& subjects) {
    const std::vector<std::string> covariates = covariate_names(subjects);
    std::string text = "ID,TIME,EVID,AMT,CMT,RATE,DUR,II,ADDL,SS,DV";
    for (const std::string& name : covariates) text += "," + detail::csv_cell(name);
    text += "\n";
    for (const SubjectSchedule& s : subjects) {
        if (s.id.empty()) throw InvalidInput("subject.id: an ID must not be empty");
        validate_events(s.events);
        // A missing covariate is left out of the subject ("." is written); NaN or infinity
        // would be written as text the reader rejects.
        for (const auto& [name, value] : s.covariates) {
            detail::require_finite(value, "subject " + s.id + ": covariates." + name);
        }
        const OutputTimes observations = OutputTimes::at(s.observation_times_h);
        const std::vector<double>& obs = observations.times();
        const std::string id = detail::csv_cell(s.id);
        const std::string tail = covariate_cells(s, covariates) + "\n";
        std::size_t i = 0;
        std::size_t j = 0;
        // Observations after the doses at their time, so they see the state after the doses.
        while (i < s.events.size() || j < obs.size()) {
            if (j == obs.size() || (i < s.events.size() && s.events[i].time_h <= obs[j])) {
                text += id + "," + event_row(s.events[i++]) + tail;
            } else {
                text += id + "," + observation_row(obs[j++]) + tail;
            }
        }
    }
    return text;
}

void write_nonmem_csv(const std::string& path, const std::vector<SubjectSchedule>& subjects) {
    const std::string text = to_nonmem_csv(subjects);
    std::ofstream file(path, std::ios::binary);
    if (!file) throw InvalidInput("path = '" + path + "': cannot be written");
    file << text;
    if (!file) throw InvalidInput("path = '" + path + "': cannot be written");
}

}  // namespace pkengine
