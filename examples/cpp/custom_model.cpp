// A custom model on pkengine's ODE path: an oral one-compartment drug that inhibits the
// production of a response (an indirect-response model, Jusko type I), written as a functor
// with its Jacobian, dosed twice daily and reported by the same Result as the built-in models.
// The parameters are illustrative.
#include <cstdio>
#include <pkengine/custom_model.hpp>
#include <pkengine/pkengine.hpp>

namespace {

/// States: gut (mg), central (mg), eliminated (mg), response R (response units).
struct IndirectResponse {
    double ka = 1.2;     // absorption (1/h)
    double k = 0.25;     // elimination (1/h)
    double v = 40.0;     // central volume (L)
    double kin = 10.0;   // production of R (units/h)
    double kout = 0.5;   // loss of R (1/h)
    double imax = 0.9;   // maximal inhibition of production (fraction)
    double ic50 = 0.05;  // concentration of half-maximal inhibition (mg/L)

    using State = pkengine::CustomState<4>;

    void operator()(const State& x, State& dxdt, double /*t*/) const {
        const double c = x[1] / v;
        dxdt[0] = -ka * x[0];
        dxdt[1] = ka * x[0] - k * x[1];
        dxdt[2] = k * x[1];
        dxdt[3] = kin * (1.0 - imax * c / (ic50 + c)) - kout * x[3];
    }

    void jacobian(const State& x, pkengine::CustomJacobian<4>& j, double /*t*/, State& dfdt) const {
        const double c = x[1] / v;
        j.setZero();
        j(0, 0) = -ka;
        j(1, 0) = ka;
        j(1, 1) = -k;
        j(2, 1) = k;
        j(3, 1) = -kin * imax * ic50 / (v * (ic50 + c) * (ic50 + c));
        j(3, 3) = -kout;
        dfdt.fill(0.0);
    }
};

}  // namespace

int main() {
    using namespace pkengine;
    const IndirectResponse system;
    CustomModel<IndirectResponse, 4> model(system, {"gut", "central", "eliminated", "response"}, 1,
                                           system.v);
    model.dose_into(Route::Oral, 0, Bioavailability::exactly(0.6));
    model.set_initial_state({0.0, 0.0, 0.0, system.kin / system.kout});  // response at baseline

    const Regimen regimen = Regimen::repeated(Dose::mg(20.0, Route::Oral), 12.0, 6);
    const Result r = simulate(model, regimen, OutputTimes::uniform(0.0, 96.0, 6.0));

    std::printf("custom model on %s, %ld steps\n", std::string(stepper_name(r.stepper)).c_str(),
                r.steps);
    std::printf("%8s %14s %10s\n", "t (h)", "C (ng/mL)", "response");
    const int response = r.state_index("response");
    for (std::size_t i = 0; i < r.times_h.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        std::printf("%8.1f %14.2f %10.3f\n", r.times_h[i],
                    units::mg_per_l_to_ng_per_ml(r.concentration_mg_per_l[row]),
                    r.amounts_mg(row, response));
    }
    return 0;
}
