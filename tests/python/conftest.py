import numpy as np
import pytest

import pkengine as pk


def domino_70kg() -> pk.Disposition:
    """The reference disposition of docs/design.md ("Reference case") (Domino 1984 at 70 kg)."""
    per_h = 60.0
    k = pk.MicroConstants(0.4381 * per_h, 0.5921 * per_h, 0.2470 * per_h, 0.5900 * per_h, 0.0146 * per_h)
    return pk.Disposition.from_micro_constants(3, k, 0.063 * 70.0)


@pytest.fixture
def domino_model() -> pk.Model:
    model = pk.Model(domino_70kg())
    model.set_absorption("im", pk.Absorption(pk.Bioavailability(0.93), ka=3.0))
    model.set_absorption("intranasal", pk.Absorption(pk.Bioavailability(0.45, 0.25, 0.5), ka=2.9, lag=0.05))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2, 0.1, 0.3), ka=0.9, lag=0.3))
    model.set_absorption("sublingual", pk.Absorption(pk.Bioavailability(0.29, 0.1, 0.3), ka=1.3, lag=0.1))
    return model


def max_rel_error(actual, expected) -> float:
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    nonzero = expected != 0
    assert np.all(actual[~nonzero] == 0)
    return float(np.max(np.abs(actual[nonzero] - expected[nonzero]) / np.abs(expected[nonzero])))
