#pragma once
/// @file custom_model.hpp
/// Custom models for C++ embedders: any system of N ordinary differential equations, given as a
/// functor, dosed by the same events (routes into chosen states, F, lag, infusions, repeats,
/// resets) and reported by the same Result as the built-in models, on the ODE path.
///
/// The system is a template parameter, so the integrator calls it directly (no virtual call,
/// no std::function): it needs
///     void operator()(const pkengine::CustomState<N>& x, pkengine::CustomState<N>& dxdt,
///                     double t) const;
/// writing dx/dt (per h) at time t (h) into dxdt. For the stiff integrator (Rosenbrock 4) it
/// also provides the Jacobian J = df/dx (1/h) and df/dt:
///     void jacobian(const pkengine::CustomState<N>& x, pkengine::CustomJacobian<N>& j,
///                   double t, pkengine::CustomState<N>& dfdt) const;
/// Infusions add their rates (mg/h) to dxdt outside the system, so the functor describes the
/// model alone. The states are reported as they are (Result::amounts_mg holds them, named as
/// given); Result::concentration_mg_per_l is the state `central` divided by its volume.
///
/// This header instantiates Boost.Odeint's steppers in the including translation unit; it is
/// not part of pkengine.hpp, so only code that simulates custom models pays that compile time.

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/custom_support.hpp"
#include "detail/event_loop.hpp"
#include "detail/ode_dopri5.hpp"
#include "detail/ode_rosenbrock4.hpp"
#include "detail/validate.hpp"
#include "regimen.hpp"
#include "simulate.hpp"

namespace pkengine {

/// The state of a custom system of N states.
template <std::size_t N>
using CustomState = std::array<double, N>;

/// The Jacobian df/dx (1/h) of a custom system of N states.
template <std::size_t N>
using CustomJacobian = Eigen::Matrix<double, static_cast<int>(N), static_cast<int>(N)>;

namespace detail {

/// True when System has jacobian(const CustomState<N>&, CustomJacobian<N>&, double,
/// CustomState<N>&) const.
template <class System, std::size_t N, class = void>
struct HasJacobian : std::false_type {};

template <class System, std::size_t N>
struct HasJacobian<System, N,
                   std::void_t<decltype(std::declval<const System&>().jacobian(
                       std::declval<const CustomState<N>&>(), std::declval<CustomJacobian<N>&>(),
                       0.0, std::declval<CustomState<N>&>()))>> : std::true_type {};

}  // namespace detail

/// A user-supplied system of N ODEs with its state names, its plasma state and the states that
/// doses of each route enter. Validated on construction and by each setter.
template <class System, std::size_t N>
class CustomModel {
public:
    static_assert(N >= 1, "a custom model has at least one state");
    using State = CustomState<N>;        ///< the system's state
    using Jacobian = CustomJacobian<N>;  ///< the system's Jacobian df/dx (1/h)
    /// True when the system provides a Jacobian (and can run on Rosenbrock 4).
    static constexpr bool has_jacobian = detail::HasJacobian<System, N>::value;

    /// `system` with states named `state_names`; state `central` (an amount, mg) over
    /// `central_volume_l` (L) is the reported concentration. IV doses enter `central`.
    CustomModel(System system, std::array<std::string, N> state_names, int central,
                double central_volume_l)
        : m_system(std::move(system)),
          m_names(state_names.begin(), state_names.end()),
          m_central(central),
          m_volume(central_volume_l) {
        detail::validate_custom_frame(static_cast<int>(N), central, central_volume_l);
        m_routing = detail::default_custom_routing(central);
    }

    /// Doses by `route` enter state `compartment`, scaled by bioavailability `f` and delayed by
    /// `lag_h` (h). IV routes keep F = 1 and no lag. Throws InvalidInput for a bad value.
    CustomModel& dose_into(Route route, int compartment,
                           const Bioavailability& f = Bioavailability::exactly(1.0),
                           double lag_h = 0.0) {
        m_routing[static_cast<std::size_t>(route)] =
            detail::custom_target(route, compartment, static_cast<int>(N), f, lag_h);
        return *this;
    }

    /// The state at t = 0 before any dose (default: all 0), e.g. a baseline. Throws InvalidInput
    /// for a non-finite value.
    CustomModel& set_initial_state(const State& x0) {
        for (std::size_t i = 0; i < N; ++i) {
            detail::require_finite(x0[i], detail::indexed("initial_state", i));
        }
        m_initial = x0;
        return *this;
    }

    /// The system functor.
    const System& system() const { return m_system; }
    /// The names of the states, in order.
    const std::vector<std::string>& state_names() const { return m_names; }
    /// The state whose amount over central_volume_l() is the reported concentration.
    int central() const { return m_central; }
    /// Volume of the central state (L).
    double central_volume_l() const { return m_volume; }
    /// The state at t = 0 before any dose.
    const State& initial_state() const { return m_initial; }
    /// Where each route's doses go (indexed by Route), with F and lag.
    const detail::DoseRouting& routing() const { return m_routing; }

private:
    System m_system;
    std::vector<std::string> m_names;
    int m_central;
    double m_volume;
    State m_initial{};
    detail::DoseRouting m_routing;
};

namespace detail {

/// The user's system plus the infusion rates, as Dormand-Prince sees it.
template <class System, std::size_t N>
struct CustomRhs {
    const System* system;
    const double* rates;
    void operator()(const CustomState<N>& x, CustomState<N>& dxdt, double t) const {
        (*system)(x, dxdt, t);
        for (std::size_t i = 0; i < N; ++i) dxdt[i] += rates[i];
    }
};

/// The user's system on the uBLAS types of Rosenbrock 4: values are copied into fixed-size
/// scratch (N doubles each way, no allocation) around each call.
template <class System, std::size_t N>
class CustomUblasSystem {
public:
    CustomUblasSystem(const System& system, const double* rates)
        : m_system(&system), m_rates(rates) {}

    void operator()(const UblasState& x, UblasState& dxdt, double t) const {
        for (std::size_t i = 0; i < N; ++i) m_x[i] = x[i];
        (*m_system)(m_x, m_f, t);
        for (std::size_t i = 0; i < N; ++i) dxdt[i] = m_f[i] + m_rates[i];
    }

    void jacobian(const UblasState& x, UblasMatrix& j, double t, UblasState& dfdt) const {
        for (std::size_t i = 0; i < N; ++i) m_x[i] = x[i];
        m_system->jacobian(m_x, m_j, t, m_f);
        for (std::size_t r = 0; r < N; ++r) {
            for (std::size_t c = 0; c < N; ++c) {
                j(r, c) = m_j(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
            }
            dfdt[r] = m_f[r];
        }
    }

private:
    const System* m_system;
    const double* m_rates;
    // Scratch of the calls above; a system belongs to one run, so one thread.
    mutable CustomState<N> m_x{};
    mutable CustomState<N> m_f{};
    mutable CustomJacobian<N> m_j;
};

/// Runs a custom model's timeline through the event loop on the ODE propagator.
template <class Driver>
void run_custom_loop(Driver& driver, const typename Driver::State& initial, int n,
                     InputRates& rates, const Timeline& timeline, const std::vector<double>& times,
                     const OdeControl& control, const OutputMap& map, Result& result) {
    // A custom model's timeline has no changes of system: one system throughout.
    int current = 0;
    const std::vector<double> volumes{map.central_volume_l};
    OdePropagator<Driver> propagator(driver, current, control, initial, n);
    EventLoop<OdePropagator<Driver>> loop(propagator, rates, timeline, map, volumes);
    loop.run(times, {}, result);
}

template <class System, std::size_t N>
void run_custom(const CustomModel<System, N>& model, Stepper stepper, const Timeline& timeline,
                const std::vector<double>& times, const OdeControl& control, const OutputMap& map,
                Result& result) {
    InputRates rates(static_cast<int>(N), timeline.n_infusions);
    const int n = static_cast<int>(N);
    if constexpr (CustomModel<System, N>::has_jacobian) {
        if (stepper == Stepper::Rosenbrock4) {
            const CustomUblasSystem<System, N> system(model.system(), rates.data());
            Rosenbrock4Driver<CustomUblasSystem<System, N>> driver(system, control, n);
            UblasState initial(N);
            for (std::size_t i = 0; i < N; ++i) initial[i] = model.initial_state()[i];
            run_custom_loop(driver, initial, n, rates, timeline, times, control, map, result);
            return;
        }
    }
    const CustomRhs<System, N> rhs{&model.system(), rates.data()};
    Dopri5Driver<CustomState<N>, CustomRhs<System, N>> driver(rhs, control, CustomState<N>{});
    run_custom_loop(driver, model.initial_state(), n, rates, timeline, times, control, map, result);
}

}  // namespace detail

/// Simulates `events` (sorted by time) on a custom model and reports at `times`, on the ODE
/// path (options.path Automatic or Ode; Exact throws InvalidInput). The stepper is
/// options.stepper; Automatic picks Rosenbrock 4 for a stiff system with a Jacobian (judged at
/// the initial state) and Dormand-Prince 5(4) otherwise. Throws InvalidInput for invalid
/// events or options or a route the model does not take; SolverError (naming the time) when
/// the integration cannot finish.
template <class System, std::size_t N>
Result simulate(const CustomModel<System, N>& model, const std::vector<DoseEvent>& events,
                const OutputTimes& times, const SimulationOptions& options = {}) {
    validate_events(events);
    Eigen::MatrixXd jacobian;
    if constexpr (CustomModel<System, N>::has_jacobian) {
        CustomJacobian<N> j;
        CustomState<N> dfdt{};
        model.system().jacobian(model.initial_state(), j, 0.0, dfdt);
        jacobian = j;
    }
    const double horizon = times.size() > 0 ? times.times().back() : 0.0;
    const Stepper stepper =
        detail::custom_stepper(options, jacobian, CustomModel<System, N>::has_jacobian, horizon);
    const detail::Timeline timeline =
        detail::build_timeline(model.routing(), events, options.bioavailability);
    const detail::OutputMap map{static_cast<int>(N), model.central(), model.central_volume_l(), -1};
    Result result;
    detail::prepare_custom_result(model.state_names(), map, times.times(), result);
    detail::run_custom(model, stepper, timeline, result.times_h, detail::ode_control(options), map,
                       result);
    return result;
}

/// Simulates a regimen on a custom model (see the overload on events).
template <class System, std::size_t N>
Result simulate(const CustomModel<System, N>& model, const Regimen& regimen,
                const OutputTimes& times, const SimulationOptions& options = {}) {
    return simulate(model, regimen.events(), times, options);
}

}  // namespace pkengine
