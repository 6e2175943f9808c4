"""Thread safety by snapshot: simulate copies its inputs before releasing the GIL, so a model
changed by another thread during a simulation gives the result of the model before or after the
change, never a mix of the two."""

import threading

import numpy as np

import pkengine as pk

SLOW = pk.Absorption(pk.Bioavailability(0.2), ka=0.3, lag=0.5)
FAST = pk.Absorption(pk.Bioavailability(0.9), ka=3.0)


def test_a_model_changed_by_another_thread_never_tears_a_result():
    model = pk.Model(pk.Disposition.three_compartment(cl=60, v1=20, q2=90, v2=50, q3=20, v3=200))
    regimen = pk.Regimen.repeated(pk.Dose(100.0, "oral"), every=6.0, count=8)
    times = pk.OutputTimes.uniform(0.0, 96.0, 1.0 / 60.0)  # long enough to overlap a change
    expected = []
    for absorption in (SLOW, FAST):
        model.set_absorption("oral", absorption)
        expected.append(np.array(pk._core.simulate(model, regimen, times).amounts))

    stop = threading.Event()
    changes = 0

    def flip():
        nonlocal changes
        while not stop.is_set():
            model.set_absorption("oral", SLOW if changes % 2 else FAST)
            changes += 1

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        for _ in range(200):
            amounts = pk._core.simulate(model, regimen, times).amounts
            assert any(np.array_equal(amounts, e) for e in expected)
            regimen_events = pk._core.simulate(model, list(regimen.events), times).amounts
            assert any(np.array_equal(regimen_events, e) for e in expected)
    finally:
        stop.set()
        flipper.join()
    assert changes > 100  # the model did change while simulations ran
