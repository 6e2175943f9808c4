"""Properties of every linear simulation on models and regimens drawn by Hypothesis: mass balance,
linearity in dose, superposition, time-shift invariance, AUC proportional to F, and the exact
path against the ODE path. Derandomized: every run draws the same examples (EXAMPLES each)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pkengine as pk

EXAMPLES = 40
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
GRID = np.arange(0.0, 240.0 + 0.125, 0.25)  # h; every dose below is in by 240 h


def log_uniform(low, high):
    return st.floats(np.log(low), np.log(high)).map(np.exp)


@st.composite
def models(draw):
    """1 to 3 compartments, an oral route with F, ka and a lag."""
    n = draw(st.integers(1, 3))
    cl, v1 = draw(log_uniform(0.5, 50.0)), draw(log_uniform(2.0, 100.0))
    q2, v2 = draw(log_uniform(0.5, 50.0)), draw(log_uniform(2.0, 200.0))
    q3, v3 = draw(log_uniform(0.5, 50.0)), draw(log_uniform(2.0, 200.0))
    if n == 1:
        disposition = pk.Disposition.one_compartment(cl=cl, v1=v1)
    elif n == 2:
        disposition = pk.Disposition.two_compartment(cl=cl, v1=v1, q2=q2, v2=v2)
    else:
        disposition = pk.Disposition.three_compartment(cl=cl, v1=v1, q2=q2, v2=v2, q3=q3, v3=v3)
    model = pk.Model(disposition)
    f = draw(st.floats(0.05, 1.0))
    lag = draw(st.sampled_from([0.0, 0.1, 0.75]))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(f), ka=draw(log_uniform(0.2, 5.0)), lag=lag))
    return model


@st.composite
def doses(draw):
    """1 to 5 doses over 0..60 h: IV bolus, IV infusion (by duration or rate), oral."""
    events, time = [], 0.0
    for _ in range(draw(st.integers(1, 5))):
        # On a 1/64 h grid, exact in binary: a shifted dose time is exactly the time plus the shift
        # (a dose at 5e-324 h would sit after an output at 0, and at 0.25 h after a shift).
        time += draw(st.integers(0, 12 * 64)) / 64
        amount = draw(log_uniform(1.0, 500.0))
        kind = draw(st.sampled_from(["bolus", "duration", "rate", "oral"]))
        if kind == "bolus":
            events.append(pk.DoseEvent(time=time, amount=amount))
        elif kind == "duration":
            events.append(
                pk.DoseEvent(time=time, amount=amount, route="iv_infusion", duration=draw(log_uniform(0.1, 6.0)))
            )
        elif kind == "rate":
            events.append(pk.DoseEvent(time=time, amount=amount, route="iv_infusion", rate=draw(log_uniform(5, 500))))
        else:
            events.append(pk.DoseEvent(time=time, amount=amount, route="oral"))
    return events


def scaled(events, factor):
    return [
        pk.DoseEvent(time=e.time, amount=e.amount * factor, route=e.route, rate=e.rate * factor, duration=e.duration)
        for e in events
    ]


def given_amount(model, events):
    oral = model.bioavailability(pk.Route("oral")).nominal
    return sum(e.amount * (oral if e.route == pk.Route("oral") else 1.0) for e in events)


def aligned(result, names):
    """The amounts of ``result`` in the columns ``names`` (0 for a state it does not have: the
    states of a result depend on the routes its doses use)."""
    out = np.zeros((len(result.times), len(names)))
    for j, name in enumerate(result.state_names):
        out[:, names.index(name)] = result.amounts[:, j]
    return out


def rel_max(a, b):
    """Largest |a - b| relative to the largest |b|."""
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


@PROPERTY
@given(models(), doses(), st.sampled_from(["exact", "ode"]))
def test_mass_balance(model, events, path):
    total = given_amount(model, events)
    r = pk.simulate(model, events, GRID, path=path)
    rows = r.amounts.sum(axis=1)
    assert np.all(rows <= total * (1 + 1e-12))
    # Never negative beyond rounding (exact path) or beyond the ODE path's error on a state that
    # has decayed to 0: its local error is held to atol (1e-12 mg), its global error to a few
    # hundred times that (as for rtol, see kDefaultRtol).
    floor = 1e-12 * total + (300 * pk._core.DEFAULT_ATOL if path == "ode" else 0.0)
    assert r.amounts.min() >= -floor
    # Both paths keep the sum of all states (eliminated included) to rounding: a linear invariant.
    assert abs(rows[-1] - total) <= 1e-9 * total


@PROPERTY
@given(models(), doses(), log_uniform(1e-3, 1e3))
def test_linearity_in_dose(model, events, factor):
    one = pk.simulate(model, events, GRID).amounts
    more = pk.simulate(model, scaled(events, factor), GRID).amounts
    assert rel_max(more, one * factor) < 1e-12  # linear algebra on the amounts: rounding only


@PROPERTY
@given(models(), doses(), doses())
def test_superposition(model, a, b):
    both = pk.simulate(model, pk.Regimen(a) + pk.Regimen(b), GRID)
    parts = aligned(pk.simulate(model, a, GRID), both.state_names) + aligned(
        pk.simulate(model, b, GRID), both.state_names
    )
    assert rel_max(both.amounts, parts) < 1e-12


@PROPERTY
@given(models(), doses(), st.integers(1, 400))
def test_time_shift_invariance(model, events, quarters):
    shift = 0.25 * quarters  # exact in binary, so the shifted grid is the grid plus the shift
    later = [
        pk.DoseEvent(time=e.time + shift, amount=e.amount, route=e.route, rate=e.rate, duration=e.duration)
        for e in events
    ]
    grid = np.arange(0.0, 120.0 + 0.125, 0.25)
    r = pk.simulate(model, events, grid).amounts
    s = pk.simulate(model, later, grid + shift).amounts
    # Shifted dose times lose their last bits (t + shift - shift != t): 1e-9 of the peak is far
    # above that rounding times the fastest rate (< 1e3 /h).
    assert rel_max(s, r) < 1e-9


@PROPERTY
@given(models(), st.floats(0.05, 1.0), log_uniform(1.0, 500.0))
def test_auc_scales_with_f(model, f2, amount):
    oral = model.absorption(pk.Route("oral"))
    f1 = oral.f.nominal
    grid = np.arange(0.0, 480.0 + 0.025, 0.05)

    def auc(f):
        model.set_absorption("oral", pk.Absorption(pk.Bioavailability(f), ka=oral.ka, lag=oral.lag))
        c = pk.simulate(model, pk.Dose(amount, "oral"), grid).concentration
        return float(np.sum(0.5 * (c[1:] + c[:-1]) * np.diff(grid)))

    assert auc(f2) / auc(f1) == pytest.approx(f2 / f1, rel=1e-12)  # F times one curve


@PROPERTY
@given(models(), doses())
def test_exact_and_ode_agree(model, events):
    exact = pk.simulate(model, events, GRID, path="exact")
    ode = pk.simulate(model, events, GRID, path="ode")
    # rtol 1e-8 per step; the global error grows to a few hundred times that over a curve:
    # 1e-5 of the peak bounds it with a margin of ten or more.
    assert rel_max(ode.amounts, exact.amounts) < 1e-5
