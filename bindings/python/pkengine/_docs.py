"""Docstrings with units and an example for the compiled classes most used from Python.

The compiled module documents each field with its unit; these add how the class is used. They are
set on the classes when pkengine is imported and run as doctests by the test suite.
"""

from __future__ import annotations

from . import _core

DOCS = {
    "Dose": """An amount (mg) by a route, given at once or over a duration (h).

    Routes: "iv_bolus", "iv_infusion", "im", "intranasal", "oral", "sublingual" (or pk.Route.IM,
    ...); an unknown route raises ValueError naming it. ``Dose.per_kg(mg_per_kg, weight, route)``
    multiplies by the body weight (kg).

    >>> pk.Dose(35.0, "iv_infusion", duration=40 / 60).amount       # mg
    35.0
    >>> pk.Dose.per_kg(0.5, weight=70.0, route="im").amount          # mg/kg x kg
    35.0
    >>> pk.Dose(35.0, "rectal")
    Traceback (most recent call last):
    ...
    pkengine._core.InvalidInput: route = 'rectal': unknown route (expected iv_bolus, iv_infusion, im, intranasal, oral or sublingual)
    """,
    "Regimen": """Dose records sorted by time (h): what is given, when, by which route.

    >>> regimen = pk.Regimen.repeated(pk.Dose(50.0, "oral"), every=12.0, count=4)   # 50 mg q12h x 4
    >>> regimen + pk.Regimen.single(pk.Dose(35.0, "im"), at=60.0)
    Regimen(5 records: 2 kinds of dose at 0, 12, 24, 36, 60 h)
    >>> pk.Regimen.on_days(pk.Dose(35.0, "im"), days=[0, 7]).copy()
    Regimen(2 records: 35 mg im at 0, 168 h)
    """,
    "DoseEvent": """One dose record with NONMEM's data items: time (h), amount (mg), route, rate
    (mg/h) or duration (h), interval II (h), ADDL, SS, kind (EVID).

    >>> event = pk.DoseEvent(time=0.0, amount=100.0, route="oral", interval=24.0, additional=6)
    >>> pk.Regimen([event])
    Regimen(1 record: 100 mg oral at 0 h (+6 ADDL repeats))
    """,
    "Model": """A disposition plus the absorption of each absorbed route, and optional extensions
    (Michaelis-Menten elimination, a metabolite, an effect compartment, transit absorption).

    Parameters by their dataset names (CL, V1, Q2, V2, Q3, V3 in L/h and L; KA_<ROUTE> 1/h,
    F_<ROUTE>, LAG_<ROUTE> h): ``model.params()``, ``model.with_params(CL=..., KA_ORAL=...)``
    (a copy). ``model.copy()`` or ``copy.copy(model)`` copies it.

    >>> model = pk.Model(pk.Disposition.two_compartment(cl=6.0, v1=30.0, q2=10.0, v2=50.0))
    >>> model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2, low=0.1, high=0.3), ka=0.9))
    Model(2-compartment: CL 6 L/h, V1 30 L, Q2 10 L/h, V2 50 L; routes: iv, oral)
    >>> model.with_params(KA_ORAL=1.5).params()["KA_ORAL"]
    1.5
    """,
    "Disposition": """Linear mammillary disposition: clearances CL, Q2, Q3 (L/h), volumes V1, V2, V3 (L).

    >>> d = pk.Disposition.three_compartment(cl=116.0, v1=4.41, q2=156.6, v2=10.6, q3=156.0, v3=178.0)
    >>> d.compartments, round(d.vss, 2)                                # L
    (3, 193.01)
    """,
    "Absorption": """First-order absorption from a route's depot: F (Bioavailability), ka (1/h), lag (h),
    fraction_swallowed (of an intranasal or sublingual dose, to the oral route).

    >>> pk.Absorption(pk.Bioavailability(0.93), ka=0.98, lag=0.0).ka   # 1/h
    0.98
    """,
    "Bioavailability": """Bioavailability F (fraction in (0, 1]): a nominal value and its range.

    >>> pk.Bioavailability(0.13, low=0.11, high=0.50)
    Bioavailability(nominal=0.130000, low=0.110000, high=0.500000)
    """,
    "Result": """The outcome of one simulation: ``times`` (h), ``concentration`` (mg/L),
    ``concentration_ng_per_ml``, ``amounts`` (mg, times x states), and what was simulated
    (``model``, ``regimen``, ``span``). ``plot()`` draws it, ``to_dataframe()`` tabulates it,
    ``copy()`` copies it; in Jupyter it shows Cmax, Tmax, AUC and a small curve.

    >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"))
    >>> result.state_names
    ['central', 'eliminated']
    >>> result.copy().span == result.span
    True
    """,
}


def install() -> None:
    """Set the docstrings of :data:`DOCS` on the compiled classes."""
    for name, doc in DOCS.items():
        getattr(_core, name).__doc__ = doc
