"""The ODE path and the model extensions from Python, against the exact path and closed forms.

Tolerances: the exact path 1e-10 relative (as test_foundation.py); the ODE path at its defaults
(rtol 1e-8, atol 1e-12 mg) 1e-7 relative plus 1e-10 absolute: ten times rtol and a hundred times
atol bound the global error of the integration plus dense-output interpolation (the reasoning and
measurements are in tests/numeric/test_ode_vs_exact.cpp; measured worst a quarter of this).
"""

import math

import numpy as np
import pytest

import pkengine as pk

ODE_REL = 1e-7
ODE_ABS = 1e-10
EXACT = 1e-10


def assert_close(actual, expected, rel=ODE_REL, abs_=ODE_ABS):
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    bound = rel * np.abs(expected) + abs_
    assert np.all(np.abs(actual - expected) <= bound), np.max(np.abs(actual - expected) / bound)


def lambert_w(x: float) -> float:
    """Principal branch of Lambert W (w e^w = x, x >= 0) by Halley's iteration from log1p(x)."""
    w = math.log1p(x)
    for _ in range(100):
        e = math.exp(w)
        f = w * e - x
        step = f / (e * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0))
        w -= step
        if abs(step) <= 1e-16 * (1.0 + abs(w)):
            break
    return w


@pytest.mark.parametrize("stepper", ["dormand_prince5", "rosenbrock4"])
@pytest.mark.parametrize("route", ["iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual"])
def test_ode_path_reproduces_exact_path(domino_model, route, stepper):
    duration = 0.7 if route == "iv_infusion" else 0.0
    regimen = pk.Regimen.repeated(pk.Dose(35.0, route, duration=duration), every=6.0, count=2)
    exact = pk.simulate(domino_model, regimen, t_end=24.0, dt=1 / 12)
    ode = pk.simulate(domino_model, regimen, t_end=24.0, dt=1 / 12, path="ode", stepper=stepper)
    assert exact.solver == "exact"
    assert (ode.solver, ode.stepper) == ("ode", stepper)
    assert ode.steps > 0 and ode.rejected_steps >= 0
    assert_close(ode.amounts, exact.amounts)


@pytest.mark.parametrize("stepper", ["automatic", "dormand_prince5", "rosenbrock4"])
def test_michaelis_menten_bolus_follows_lambert_w(stepper):
    v, vmax, km, dose = 20.0, 30.0, 2.0, 200.0
    model = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=v), pk.MichaelisMenten(vmax=vmax, km=km))
    assert not model.is_linear
    r = pk.simulate(model, pk.Dose(dose, "iv_bolus"), t_end=24.0, dt=1 / 12, stepper=stepper)
    assert r.solver == "ode"
    c0 = dose / v
    expected = [km * lambert_w(c0 / km * math.exp((c0 - vmax / v * t) / km)) for t in r.times]
    assert_close(r.concentration, expected)


def test_exact_path_refuses_a_nonlinear_model():
    model = pk.Model(pk.Disposition.one_compartment(cl=1.0, v1=20.0), pk.MichaelisMenten(vmax=30.0, km=2.0))
    with pytest.raises(ValueError, match="path = exact: the model is nonlinear"):
        pk.simulate(model, pk.Dose(10.0, "iv_bolus"), path="exact")


def test_too_many_steps_raise_solver_error_with_the_time(domino_model):
    with pytest.raises(RuntimeError, match=r"max_steps = 5 .* stopped at t = [0-9.e-]+ h") as info:
        pk.simulate(domino_model, pk.Dose(50.0, "im"), path="ode", stepper="dormand_prince5", max_steps=5)
    assert isinstance(info.value, pk.SolverError)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"path": "fast"}, "path = 'fast': unknown solver path"),
        ({"stepper": "euler"}, "stepper = 'euler': unknown stepper"),
        ({"rtol": 0.0}, "rtol = 0: must be > 0"),
        ({"atol": -1.0}, "atol_mg = -1: must be > 0"),
        ({"max_steps": 0}, "max_steps = 0: must be >= 1"),
    ],
)
def test_solver_options_are_checked(kwargs, message):
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pk.simulate(model, pk.Dose(10.0, "iv_bolus"), **kwargs)


def test_effect_compartment_and_response():
    dose, v, k, ke0 = 50.0, 25.0, 0.3, 1.7
    model = pk.Model(pk.Disposition.one_compartment(cl=k * v, v1=v))
    model.set_effect_compartment(
        pk.EffectCompartment(ke0=ke0, response=pk.SigmoidEmax(emax=-8.0, ec50=0.4, hill=2.2, e0=10.0))
    )
    for path, rel, abs_ in (("exact", EXACT, 0.0), ("ode", ODE_REL, ODE_ABS)):
        r = pk.simulate(model, pk.Dose(dose, "iv_bolus"), t_end=24.0, dt=1 / 12, path=path)
        t = r.times
        ce = dose / v * ke0 / (ke0 - k) * (np.exp(-k * t) - np.exp(-ke0 * t))
        assert_close(r.effect_site_concentration, ce, rel, abs_)
        x = (ce / 0.4) ** 2.2
        # The response's slope is at most 11 per mg/L: the Ce tolerance scaled by it.
        assert_close(r.effect, 10.0 - 8.0 * x / (1.0 + x), 0.0, 11.0 * (rel * ce.max() + abs_) + 1e-12)
        assert r.state_names == ["central", "eliminated"]
        assert r.metabolite_concentration is None


def test_metabolite_bateman_and_mass_balance():
    dose, fm, k, km, vm = 100.0, 0.6, 0.2, 0.5, 40.0
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    model.set_metabolite(pk.Metabolite(fm=fm, cl=km * vm, v=vm))
    for path, rel, abs_ in (("exact", EXACT, 0.0), ("ode", ODE_REL, ODE_ABS)):
        r = pk.simulate(model, pk.Dose(dose, "iv_bolus"), t_end=48.0, dt=0.25, path=path)
        t = r.times
        expected = fm * k * dose / (vm * (km - k)) * (np.exp(-k * t) - np.exp(-km * t))
        assert_close(r.metabolite_concentration, expected, rel, abs_)
        # Everything given is somewhere: parent, metabolite, and both eliminated states.
        assert np.max(np.abs(r.amounts.sum(axis=1) - dose)) < 1e-12 * dose
        assert r.effect is None and r.effect_site_concentration is None


def test_transit_chain_is_erlang():
    n, mtt, dose, f = 3, 2.0, 80.0, 0.6
    ktr = (n + 1) / mtt
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(f), ka=1.1))
    model.set_transit("oral", pk.TransitAbsorption(n=n, mtt=mtt))
    assert model.transit("oral").ktr == pytest.approx(ktr, rel=1e-15)
    r = pk.simulate(model, pk.Dose(dose, "oral"), t_end=24.0, dt=0.1, path="ode")
    t = r.times
    for j in range(n + 1):
        expected = f * dose * (ktr * t) ** j / math.factorial(j) * np.exp(-ktr * t)
        assert_close(r.amounts[:, r.state_index(f"transit_oral_{j}")], expected)


def test_extension_parameters_are_checked():
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    with pytest.raises(ValueError, match=r"metabolite\.fm = 1\.5"):
        pk.Metabolite(fm=1.5, cl=1.0, v=1.0)
    with pytest.raises(ValueError, match=r"effect\.ke0_per_h = 0"):
        pk.EffectCompartment(ke0=0.0)
    with pytest.raises(ValueError, match=r"michaelis_menten\.km_mg_per_l = -2"):
        pk.MichaelisMenten(vmax=1.0, km=-2.0)
    with pytest.raises(ValueError, match=r"oral\.transit\.count = 60"):
        model.set_transit("oral", pk.TransitAbsorption(n=60, mtt=1.0))
    with pytest.raises(ValueError, match="CL = 0: must be > 0 in a model without"):
        pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=30.0))


def test_stiff_problem_rosenbrock_takes_far_fewer_steps():
    model = pk.Model(pk.Disposition.from_micro_constants(2, pk.MicroConstants(0.05, 300.0, 30.0), 10.0))
    regimen = pk.Regimen.repeated(pk.Dose(100.0, "iv_bolus"), every=24.0, count=10)
    exact = pk.simulate(model, regimen, t_end=240.0, dt=0.25)
    dp = pk.simulate(model, regimen, t_end=240.0, dt=0.25, path="ode", stepper="dopri5")
    rb = pk.simulate(model, regimen, t_end=240.0, dt=0.25, path="ode")
    assert rb.stepper == "rosenbrock4"  # the automatic choice
    assert rb.steps * 10 < dp.steps
    assert_close(dp.concentration, exact.concentration)
    assert_close(rb.concentration, exact.concentration)


def test_dataframe_has_extension_columns():
    model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    model.set_metabolite(pk.Metabolite(fm=0.5, cl=5.0, v=40.0))
    model.set_effect_compartment(pk.EffectCompartment(ke0=1.5, response=pk.SigmoidEmax(emax=100.0, ec50=1.0)))
    r = pk.simulate(model, pk.Dose(100.0, "iv_bolus"), t_end=2.0, dt=1.0)
    wide = r.to_dataframe(wide=True)
    assert list(wide.columns[:6]) == [
        "time_h",
        "concentration_mg_per_l",
        "concentration_ng_per_ml",
        "metabolite_concentration_mg_per_l",
        "effect_site_concentration_mg_per_l",
        "effect",
    ]
    long = r.to_dataframe()
    assert set(long.loc[long["quantity"] == "effect", "unit"]) == {"effect unit"}
    assert set(long.loc[long["quantity"] == "effect_site_concentration_mg_per_l", "unit"]) == {"mg/L"}


def test_steady_state_records_on_the_ode_path():
    # A linear model on path="ode" against its exact steady state: an SS 1 infusion longer than
    # the interval with ADDL. Tolerance 5e-7 relative, as tests/numeric/test_ode_steady_state.cpp
    # (the fixed point of the integrated interval, off by 1e-7 / (1 - rho), rho = 0.45 here, plus
    # the stopping tolerance 1e-8 and the curve after the record, 1e-7).
    model = pk.Model(pk.Disposition.one_compartment(cl=4.0, v1=40.0))
    record = pk.DoseEvent(
        time=10.0, amount=120.0, route="iv_infusion", duration=20.0, interval=8.0, additional=1, ss=pk.SteadyState.RESET
    )
    times = [10.0, 12.0, 17.9, 25.0, 40.0]
    exact = pk.simulate(model, [record], times)
    ode = pk.simulate(model, [record], times, path="ode")
    assert (exact.solver, ode.solver) == ("exact", "ode")
    assert_close(ode.amounts, exact.amounts, rel=5e-7, abs_=1e-9)


def test_michaelis_menten_steady_state_record_and_its_cap():
    # SS 1 on a saturable model: the trough one interval after the record equals the trough a
    # long run of explicit doses reaches (80 doses; the slowest decay, about 0.07 /h, has
    # damped the start by e^-65). Both are ODE runs within 2e-7 of the truth: 1e-6 relative.
    model = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=50.0), pk.MichaelisMenten(vmax=20.0, km=2.0))
    ss = pk.DoseEvent(time=0.0, amount=100.0, interval=12.0, ss=pk.SteadyState.RESET)
    explicit = pk.DoseEvent(time=0.0, amount=100.0, interval=12.0, additional=79)
    trough = pk.simulate(model, [ss], [12.0]).concentration[0]
    assert trough == pytest.approx(pk.simulate(model, [explicit], [960.0]).concentration[0], rel=1e-6)
    late = pk.DoseEvent(time=30.0, amount=100.0, interval=12.0, ss=pk.SteadyState.RESET)
    with pytest.raises(pk.SolverError, match=r"record at t = 30 h not reached after 2 intervals"):
        pk.simulate(model, [late], [0.0, 40.0], steady_state_max_intervals=2)
    with pytest.raises(ValueError, match="steady_state_window_h = 0"):
        pk.simulate(model, [late], [0.0, 40.0], steady_state_window=0.0)


def test_dataset_with_a_michaelis_menten_model_takes_the_ode_path():
    # Saturable elimination only (CL 0), then CL = 3 L/h from t = 8 h: by hand, simulate() in two
    # pieces, the second starting from the central amount the first ends with. Two ODE runs
    # that step differently: 5e-7 relative (tests/numeric/test_ode_steady_state.cpp).
    text = "ID,TIME,AMT,CMT,RATE,EVID,CL\n1,0,200,1,100,1,.\n1,6,0,1,0,0,.\n1,8,150,1,0,1,3\n1,14,0,1,0,0,.\n"
    data = pk.Dataset.parse_csv(text, "mm.csv")
    mm = pk.MichaelisMenten(vmax=30.0, km=1.5)
    m0 = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=40.0), mm)
    m1 = pk.Model(pk.Disposition.one_compartment(cl=3.0, v1=40.0), mm)
    frame = pk.simulate_dataset(data, m0)
    first = pk.simulate(m0, [pk.DoseEvent(time=0.0, amount=200.0, route="iv_infusion", rate=100.0)], [6.0, 8.0])
    second = pk.simulate(m1, [pk.DoseEvent(time=0.0, amount=first.amounts[1, 0] + 150.0)], [6.0])
    c = frame["concentration_mg_per_l"].to_numpy()
    assert c[1] == pytest.approx(first.concentration[0], rel=5e-7)
    assert c[3] == pytest.approx(second.concentration[0], rel=5e-7)
