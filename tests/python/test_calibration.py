"""The fitted absorption in the ketamine file is what the project's fitting code produces.

A refit must reproduce the file's ka and mean transit time to 1 % and its transit count exactly:
the file prints 4 significant digits, and the optimiser's own convergence (xtol 1e-10 on log
parameters) is far tighter, so 1 % only absorbs the rounding and platform differences in the last
digits of a least-squares minimum.
"""

import pytest

import pkengine as pk
from pkengine.calibrate import fit_absorption


@pytest.mark.slow
@pytest.mark.parametrize("route", ["intranasal", "oral", "sublingual"])
def test_file_values_are_the_fit(route):
    drug = pk.load_drug("ketamine")
    spec = drug.routes[route]
    fit = fit_absorption(drug, route)
    assert fit.observations == list(spec.fitted_to)
    assert fit.transit_count == spec.transit.n
    assert spec.ka.ka == pytest.approx(fit.ka, rel=0.01)
    assert spec.transit.mtt == pytest.approx(fit.mtt, rel=0.01)
    assert fit.chosen.cost <= min(c.cost for c in fit.candidates) * (1 + 0.02) + 1e-12


def test_fit_rejects_iv_and_routes_without_observations():
    with pytest.raises(ValueError, match="an IV route has no absorption"):
        fit_absorption("ketamine", "iv_bolus")
    with pytest.raises(ValueError, match="no observations"):
        fit_absorption("ketamine", "im")
    with pytest.raises(ValueError, match="no such observation"):
        fit_absorption("ketamine", "oral", observations=["nope"])
