#pragma once
// The input rates of a run: which infusions run, and the rate vector (mg/h by state) they sum
// to. The one bookkeeping of the event loop; every propagator reads the rates from here.

#include <algorithm>
#include <cstddef>
#include <vector>

#include "timeline.hpp"

namespace pkengine::detail {

/// The infusions running now and the rates they sum to. The rate vector is re-summed after each
/// change: summing afresh (rather than adding and subtracting) makes a rate exactly 0 once every
/// infusion into its state has stopped. Its address never changes (right-hand sides read it).
class InputRates {
public:
    InputRates(int n_states, int n_infusions)
        : m_rates(static_cast<std::size_t>(n_states), 0.0),
          m_rate(static_cast<std::size_t>(n_infusions), 0.0),
          m_compartment(static_cast<std::size_t>(n_infusions), -1) {}

    /// Starts the infusion of an InfusionOn action.
    void start(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        m_rate[id] = action.rate_mg_per_h;
        m_compartment[id] = action.compartment;
        recompute();
    }
    /// Stops the infusion of an InfusionOff action (nothing when a reset had stopped it).
    void stop(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_rate[id] == 0.0) return;
        m_rate[id] = 0.0;
        recompute();
    }
    /// Stops every infusion (a reset, an SS 1 record).
    void clear() {
        std::fill(m_rate.begin(), m_rate.end(), 0.0);
        recompute();
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
    void restore() { recompute(); }

    /// The rate into each state (mg/h).
    const double* data() const { return m_rates.data(); }
    /// True while any infusion runs.
    bool any() const { return m_any; }
    /// Changes with every change of the rates (propagators cache what they derive from them).
    long version() const { return m_version; }

private:
    void recompute() {
        std::fill(m_rates.begin(), m_rates.end(), 0.0);
        m_any = false;
        for (std::size_t i = 0; i < m_rate.size(); ++i) {
            if (m_rate[i] == 0.0) continue;
            m_rates[static_cast<std::size_t>(m_compartment[i])] += m_rate[i];
            m_any = true;
        }
        ++m_version;
    }

    std::vector<double> m_rates;     // by state
    std::vector<double> m_rate;      // by infusion; 0 = not running
    std::vector<int> m_compartment;  // by infusion
    bool m_any = false;
    long m_version = 0;
};

}  // namespace pkengine::detail
