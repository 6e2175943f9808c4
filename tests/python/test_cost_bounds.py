"""Cost bounded before any work, with limits the caller can raise, and infusions too short to
resolve given as a bolus that the result counts."""

import numpy as np
import pytest

import pkengine as pk


@pytest.fixture
def model():
    return pk.Model(pk.Disposition.one_compartment(cl=5.0, v1=10.0))


def test_implied_actions_are_bounded_before_any_work(model):
    huge = [pk.DoseEvent(time=0.0, amount=1.0, interval=0.01, additional=1_000_000)] * 100
    with pytest.raises(ValueError, match=r"imply 100000100 actions .* more than max_actions = 10000000"):
        pk.simulate(model, huge, t_end=10.0)
    small = [pk.DoseEvent(time=0.0, amount=1.0, route="iv_infusion", duration=0.5, interval=1.0, additional=4)] * 3
    with pytest.raises(ValueError, match=r"imply 30 actions"):
        pk.simulate(model, small, t_end=10.0, max_actions=29)
    r = pk.simulate(model, small, [10.0], max_actions=30)
    assert r.amounts.sum() == pytest.approx(15.0, rel=1e-12)


def test_output_values_are_bounded_before_any_work(model):
    with pytest.raises(ValueError, match=r"100001 output points x 2 states = 200002 values"):
        pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1000.0, dt=0.01, max_output_values=200_001)
    assert len(pk.simulate(model, pk.Dose(1.0, "iv_bolus"), t_end=1000.0, dt=0.01).times) == 100_001
    assert pk.SimulationOptions().max_output_values == pk._core.DEFAULT_MAX_OUTPUT_VALUES == 100_000_000


@pytest.mark.parametrize("duration", [1e-12, 1e-300, 0.99e-6])
def test_an_infusion_too_short_to_resolve_is_a_bolus_and_counted(model, duration):
    assert pk.MIN_INFUSION_DURATION == 1e-6
    times = np.arange(0.0, 24.0, 0.5)
    bolus = pk.simulate(model, pk.DoseEvent(time=2.0, amount=100.0), times)
    short = pk.simulate(model, pk.DoseEvent(time=2.0, amount=100.0, route="iv_infusion", duration=duration), times)
    assert (bolus.infusions_as_bolus, short.infusions_as_bolus) == (0, 1)
    assert np.array_equal(short.amounts, bolus.amounts)


def test_interleaved_regimens_merge(model):
    even = pk.Regimen.series(pk.Dose(1.0, "iv_bolus"), list(np.arange(100_000) * 0.04))
    odd = pk.Regimen.series(pk.Dose(2.0, "oral"), list(np.arange(100_000) * 0.04 + 0.02))
    merged = even + odd
    times = [e.time for e in merged.events]
    assert len(times) == 200_000 and times == sorted(times)
    assert [e.amount for e in merged.events[:4]] == [1.0, 2.0, 1.0, 2.0]
