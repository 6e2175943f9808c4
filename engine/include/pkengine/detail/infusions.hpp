#pragma once
// The infusions running at one moment of a run, shared by the exact and the ODE event loops.

#include <algorithm>
#include <cstddef>
#include <vector>

#include "system.hpp"

namespace pkengine::detail {

/// Which infusions run now and at what rate (mg/h) into which state. Solvers keep their own rate
/// vector and re-sum it from here after each change: summing afresh (rather than adding and
/// subtracting) makes a rate exactly 0 once every infusion into its state has stopped.
class RunningInfusions {
public:
    explicit RunningInfusions(int n_infusions)
        : m_rate(static_cast<std::size_t>(n_infusions), 0.0),
          m_compartment(static_cast<std::size_t>(n_infusions), -1) {}

    /// Starts the infusion of an InfusionOn action.
    void start(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        m_rate[id] = action.rate_mg_per_h;
        m_compartment[id] = action.compartment;
    }
    /// Stops the infusion of an InfusionOff action; false when a reset had stopped it already.
    bool stop(const Action& action) {
        const auto id = static_cast<std::size_t>(action.infusion_id);
        if (m_rate[id] == 0.0) return false;
        m_rate[id] = 0.0;
        return true;
    }
    /// Stops every infusion (a reset).
    void clear() { std::fill(m_rate.begin(), m_rate.end(), 0.0); }

    /// Calls add(compartment, rate_mg_per_h) for each running infusion; returns whether any runs.
    template <class Add>
    bool sum_into(Add&& add) const {
        bool any = false;
        for (std::size_t i = 0; i < m_rate.size(); ++i) {
            if (m_rate[i] == 0.0) continue;
            add(m_compartment[i], m_rate[i]);
            any = true;
        }
        return any;
    }

private:
    std::vector<double> m_rate;
    std::vector<int> m_compartment;
};

}  // namespace pkengine::detail
