#pragma once
// The event loop: the one place where the dosing semantics run, for every solver path. It walks
// the compiled actions and the output times together in (time, record order), applies each
// action (a bolus jump, an infusion start or stop, a reset, a steady state, a change of system)
// and leaves the carrying of the state between two moments to a propagator: the exact one
// (matrix exponentials, solve/exact) or the ODE one (Boost.Odeint, ode_propagator.hpp).
//
// A propagator P offers (t in h, x a P::State):
//   p.begin(t_last)                the run reports up to t_last
//   p.advance_to(t)                carries the state to t, where an action applies
//   p.observe(t, limit, record)    calls record(x) with the state at output time t; no action
//                                  lies before `limit` (h)
//   p.advance_stretch(times, i, limit, record)
//                                  may fill the outputs after times[i] that lie before `limit`
//                                  in one go, calling record(row, x); returns how many
//   p.reset(), p.add(state, mg)    a reset of every amount, a bolus
//   p.empty(state, into)           the amount of `state` moved to `into` (a compartment
//                                  turned off; `into` is the discarded state)
//   p.solve_steady_state(spec, rates), p.set_steady_state(), p.add_steady_state()
//                                  the steady state of an SS record, then SS 1 or SS 2
//   p.switch_system(k)             system k applies from now on
//   p.recorder(map, result)        a callable record(row, x) that writes one output row (made
//                                  once per run, so that it can decide once how to write)
//   p.report(result)               solver, stepper and counters
// Every rate the propagator sees comes from the loop's InputRates.

#include <cstddef>
#include <limits>
#include <vector>

#include "../simulate.hpp"
#include "infusions.hpp"
#include "outputs.hpp"
#include "timeline.hpp"

namespace pkengine::detail {

/// One run of the event loop on propagator P.
template <class Propagator>
class EventLoop {
public:
    /// `central_volume_l[k]` is the central volume (L) of system k, which the concentrations use
    /// from its SwitchSystem action on; `map` (with system 0's volume) says what is reported.
    EventLoop(Propagator& propagator, InputRates& rates, const Timeline& timeline,
              const OutputMap& map, const std::vector<double>& central_volume_l)
        : m_propagator(propagator),
          m_rates(rates),
          m_timeline(timeline),
          m_map(map),
          m_central_volume_l(central_volume_l) {}

    /// Fills the output rows of `result` (sized by prepare_outputs) at `times`, sorted by (time,
    /// order). `order[i]` (optional, may be empty) places output i among same-time actions: it
    /// is recorded after actions whose order is smaller; without it outputs come after every
    /// action at their time.
    void run(const std::vector<double>& times, const std::vector<long>& order, Result& result) {
        const std::size_t n_out = times.size();
        if (n_out > 0) m_propagator.begin(times.back());
        const std::vector<Action>& actions = m_timeline.actions;
        std::size_t next = 0;
        auto record = m_propagator.recorder(m_map, result);
        for (std::size_t i = 0; i < n_out;) {
            const double t_out = times[i];
            const long at = order.empty() ? std::numeric_limits<long>::max() : order[i];
            while (next < actions.size() &&
                   (actions[next].time_h < t_out ||
                    (actions[next].time_h == t_out && actions[next].order < at))) {
                m_propagator.advance_to(actions[next].time_h);
                apply(actions[next]);
                ++next;
            }
            // Outputs strictly before the next action see no event: they may go as one stretch.
            const double limit = next < actions.size() ? actions[next].time_h
                                                       : std::numeric_limits<double>::infinity();
            m_propagator.observe(t_out, limit, [&record, i](const auto& x) { record(i, x); });
            i += 1 + m_propagator.advance_stretch(times, i, limit, record);
        }
        m_propagator.report(result);
    }

private:
    void apply(const Action& action) {
        switch (action.type) {
            case ActionType::Reset:
                m_propagator.reset();
                m_rates.clear();
                break;
            case ActionType::Bolus: m_propagator.add(action.compartment, action.amount_mg); break;
            case ActionType::InfusionOn: m_rates.start(action); break;
            case ActionType::InfusionOff: m_rates.stop(action); break;
            case ActionType::SteadyState: apply_steady_state(action); break;
            case ActionType::Empty:
                m_rates.stop_into(action.compartment);
                m_propagator.empty(action.compartment, action.index);
                break;
            case ActionType::SwitchSystem:
                // Propagators restart after every action, so no step spans the change.
                m_propagator.switch_system(action.index);
                m_map.central_volume_l = m_central_volume_l[static_cast<std::size_t>(action.index)];
                break;
        }
    }

    /// SS 1 sets the state to the steady state of the record's pattern and stops every
    /// infusion; SS 2 adds it to the state, running infusions going on.
    void apply_steady_state(const Action& action) {
        const SteadyStateSpec& spec =
            m_timeline.steady_states[static_cast<std::size_t>(action.index)];
        m_propagator.solve_steady_state(spec, m_rates);
        if (spec.mode == SteadyState::Reset) {
            m_rates.clear();
            m_propagator.set_steady_state();
        } else {
            m_propagator.add_steady_state();
        }
    }

    Propagator& m_propagator;
    InputRates& m_rates;
    const Timeline& m_timeline;
    OutputMap m_map;  // its central volume follows the system in effect
    const std::vector<double>& m_central_volume_l;
};

}  // namespace pkengine::detail
