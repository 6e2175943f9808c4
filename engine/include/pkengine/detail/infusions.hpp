#pragma once
// The input rates of a run: which infusions run, and the rate vector (mg/h by state) they sum
// to. The one bookkeeping of the event loop; every propagator reads the rates from here.

#include <algorithm>
#include <cstddef>
#include <vector>

#include "timeline.hpp"

namespace pkengine::detail {

/// The infusions running now and the rates they sum to. A start or a stop changes the rate of
/// its state alone, in constant time (thousands of overlapping infusions cost no more per change
/// than one): the rate is added or subtracted, and set to exactly 0 once the last infusion into
/// its state has stopped, so no rounding is left behind. Its address never changes (right-hand
/// sides read it).
class InputRates {
public:
    InputRates() = default;
    InputRates(int n_states, int n_infusions) { reset(n_states, n_infusions); }

    /// No infusion running, sized for a run of `n_states` states and `n_infusions` infusions
    /// (the lists keep their capacity: a workspace reused by the next run allocates nothing).
    void reset(int n_states, int n_infusions) {
        m_rates.assign(static_cast<std::size_t>(n_states), 0.0);
        m_running.assign(static_cast<std::size_t>(n_states), 0);
        m_rate.assign(static_cast<std::size_t>(n_infusions), 0.0);
        m_compartment.assign(static_cast<std::size_t>(n_infusions), -1);
        m_total = 0;
        ++m_version;
    }

    /// Starts the infusion of an InfusionOn action.
    void start(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_rate[id] != 0.0) remove(id);
        m_rate[id] = action.rate_mg_per_h;
        m_compartment[id] = action.compartment;
        if (m_rate[id] != 0.0) {
            const auto c = static_cast<std::size_t>(action.compartment);
            m_rates[c] += m_rate[id];
            ++m_running[c];
            ++m_total;
        }
        ++m_version;
    }
    /// Stops the infusion of an InfusionOff action (nothing when a reset had stopped it).
    void stop(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_rate[id] == 0.0) return;
        remove(id);
        ++m_version;
    }
    /// Stops every infusion into state `compartment` (the compartment is emptied). Rare: it
    /// looks at every infusion.
    void stop_into(int compartment) {
        for (std::size_t id = 0; id < m_rate.size(); ++id) {
            if (m_rate[id] != 0.0 && m_compartment[id] == compartment) remove(id);
        }
        ++m_version;
    }
    /// Stops every infusion (a reset, an SS 1 record).
    void clear() {
        std::fill(m_rate.begin(), m_rate.end(), 0.0);
        restore_empty();
    }

    /// Sets every rate to 0 without stopping the infusions: a steady-state window then drives
    /// the rates with add_rate until restore().
    void suspend() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        ++m_version;
    }
    /// Adds `delta_mg_per_h` to the rate into state `compartment` (mg/h).
    void add_rate(int compartment, double delta_mg_per_h) {
        m_rates[static_cast<std::size_t>(compartment)] += delta_mg_per_h;
        ++m_version;
    }
    /// The rates of the running infusions again, after suspend().
    void restore() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        for (std::size_t i = 0; i < m_rate.size(); ++i) {
            if (m_rate[i] != 0.0) m_rates[static_cast<std::size_t>(m_compartment[i])] += m_rate[i];
        }
        ++m_version;
    }

    /// The rate into each state (mg/h).
    const double* data() const { return m_rates.data(); }
    /// True while any infusion runs.
    bool any() const { return m_total > 0; }
    /// Changes with every change of the rates (propagators cache what they derive from them).
    long version() const { return m_version; }

private:
    void remove(std::size_t id) {
        const auto c = static_cast<std::size_t>(m_compartment[id]);
        m_rates[c] = --m_running[c] == 0 ? 0.0 : m_rates[c] - m_rate[id];
        m_rate[id] = 0.0;
        --m_total;
    }
    void restore_empty() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        std::fill(m_running.begin(), m_running.end(), 0);
        m_total = 0;
        ++m_version;
    }

    std::vector<double> m_rates;     // by state
    std::vector<long> m_running;     // infusions running into each state
    std::vector<double> m_rate;      // by infusion; 0 = not running
    std::vector<int> m_compartment;  // by infusion
    long m_total = 0;                // infusions running
    long m_version = 0;
};

}  // namespace pkengine::detail
