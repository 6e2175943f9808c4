"""A metabolite formed before the parent reaches plasma (pk.Metabolite(presystemic=...)) from
Python: the route's share reaches the metabolite, mass is conserved, the parent is unchanged,
the molar-mass ratio scales the concentration, the model pickles, and bad input is a ValueError.

Tolerances: 1e-12 relative for exact-path amounts compared with each other (same linear system);
1e-9 relative to the dose for mass balance.
"""

import pickle

import numpy as np
import pytest

import pkengine as pk

F, PRE, DOSE = 0.2, 0.35, 100.0


def oral_model(presystemic=None, ratio=1.0):
    model = pk.Model(pk.Disposition.one_compartment(cl=30.0, v1=60.0))
    model.set_absorption("oral", pk.Absorption(pk.Bioavailability(F), ka=2.0))
    model.set_metabolite(pk.Metabolite(fm=0.8, cl=40.0, v=90.0, presystemic=presystemic or {}, molar_mass_ratio=ratio))
    return model


def test_presystemic_share_reaches_the_metabolite_and_mass_is_conserved():
    with_pre = oral_model({pk.Route.ORAL: PRE})
    without = oral_model()
    r = pk.simulate(with_pre, pk.Dose(DOSE, "oral"), t_end=200.0, dt=0.5, path="exact")
    base = pk.simulate(without, pk.Dose(DOSE, "oral"), t_end=200.0, dt=0.5, path="exact")
    np.testing.assert_allclose(r.concentration, base.concentration, rtol=1e-12, atol=0.0)
    assert r.amounts[-1].sum() == pytest.approx(DOSE * (F + PRE), rel=1e-9)
    # The copy of the oral depot holds PRE / F of the parent's depot at every time.
    depot = r.amounts[:, r.state_names.index("depot_oral")]
    copy = r.amounts[:, r.state_names.index("presystemic_depot_oral")]
    np.testing.assert_allclose(copy, PRE / F * depot, rtol=1e-12, atol=1e-13 * DOSE)
    assert r.metabolite_concentration.max() > 2.0 * base.metabolite_concentration.max()


def test_molar_mass_ratio_scales_the_concentration():
    a = pk.simulate(oral_model({pk.Route.ORAL: PRE}), pk.Dose(DOSE, "oral"), t_end=24.0, dt=1.0)
    b = pk.simulate(oral_model({pk.Route.ORAL: PRE}, 0.941), pk.Dose(DOSE, "oral"), t_end=24.0, dt=1.0)
    np.testing.assert_allclose(b.metabolite_concentration, 0.941 * a.metabolite_concentration, rtol=1e-15)
    np.testing.assert_array_equal(a.amounts, b.amounts)


def test_a_presystemic_metabolite_pickles():
    model = oral_model({pk.Route.ORAL: PRE}, 0.941)
    copy = pickle.loads(pickle.dumps(model))
    assert copy.metabolite.presystemic == {pk.Route.ORAL: PRE}
    assert copy.metabolite.molar_mass_ratio == 0.941
    a = pk.simulate(model, pk.Dose(DOSE, "oral"), t_end=12.0, dt=1.0)
    b = pk.simulate(copy, pk.Dose(DOSE, "oral"), t_end=12.0, dt=1.0)
    np.testing.assert_array_equal(a.metabolite_concentration, b.metabolite_concentration)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"presystemic": {pk.Route.IV_BOLUS: 0.2}}, "metabolite.presystemic"),
        ({"presystemic": {pk.Route.ORAL: 1.0}}, "metabolite.presystemic.oral"),
        ({"presystemic": {pk.Route.ORAL: 0.3}, "fm": 1.0}, "metabolite.fm"),
        ({"molar_mass_ratio": 0.0}, "metabolite.molar_mass_ratio"),
    ],
)
def test_bad_presystemic_input_is_a_value_error(kwargs, field):
    args = {"fm": 0.8, "cl": 40.0, "v": 90.0, **kwargs}
    with pytest.raises(ValueError, match=field):
        pk.Metabolite(**args)


def test_f_and_presystemic_fraction_share_one_dose():
    # F 0.2 and a presystemic fraction of 0.9: only 0.8 of the dose is left to form it.
    model = oral_model({pk.Route.ORAL: 0.9})
    r = pk.simulate(model, pk.Dose(DOSE, "oral"), t_end=1.0, dt=0.5, path="exact")
    assert r.amounts[-1].sum() == pytest.approx(DOSE, rel=1e-12)
