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
    "MicroConstants": """Micro-constants (1/h) of a mammillary disposition: k10 (elimination),
    k12, k21, k13, k31 (transfers between the central and peripheral compartments).

    >>> pk.Disposition.two_compartment(cl=6.0, v1=30.0, q2=10.0, v2=50.0).micro_constants()
    MicroConstants(k10=0.2, k12=0.333333, k21=0.2, k13=0, k31=0)
    """,
    "MichaelisMenten": """Saturable elimination from the central compartment at the rate
    Vmax C / (Km + C) (mg/h), with Vmax in mg/h and Km in mg/L; makes a model nonlinear (ODE path).

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=30.0), pk.MichaelisMenten(vmax=20.0, km=0.5))
    >>> model.is_linear
    False
    """,
    "Metabolite": """A metabolite formed from fraction fm of the parent's linear elimination, with its
    own volume v (L), clearance cl (L/h) and optional peripheral compartment (q L/h, vp L). Amounts
    are mg of parent (parent-equivalents); ``Result.metabolite_concentration`` is in mg/L.

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> model.set_metabolite(pk.Metabolite(fm=0.8, cl=20.0, v=50.0))
    Model(1-compartment + metabolite (fm 0.800): CL 6 L/h, V1 30 L; routes: iv)
    >>> result = pk.simulate(model, pk.Dose(100.0, "iv_bolus"))
    >>> round(max(result.metabolite_concentration) * 1000)                # ng/mL
    400
    """,
    "EffectCompartment": """Effect site: dCe/dt = ke0 (C - Ce), Ce in mg/L, ke0 in 1/h, with an
    optional response model (SigmoidEmax). ``Result.effect_site_concentration`` and
    ``Result.effect`` hold what it gives.

    >>> pk.EffectCompartment(ke0=2.0, response=pk.SigmoidEmax(emax=100.0, ec50=0.3, hill=2.0))
    EffectCompartment(ke0=2, response=SigmoidEmax(emax=100, ec50=0.3, hill=2, e0=0))
    """,
    "SigmoidEmax": """Effect E = E0 + Emax Ce^hill / (EC50^hill + Ce^hill) of the effect-site
    concentration Ce (mg/L); EC50 in mg/L, Emax and E0 in the effect's own unit; hill = 1 is the Emax
    model.

    >>> pk.SigmoidEmax(emax=100.0, ec50=0.3)
    SigmoidEmax(emax=100, ec50=0.3, hill=1, e0=0)
    """,
    "TransitAbsorption": """Transit chain before an absorbed route's depot: the dose enters transit
    compartment 0 and passes n more, each with ktr = (n + 1) / mtt (1/h); mtt (h) is the mean time to
    reach the depot.

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2), ka=1.0))
    Model(1-compartment: CL 6 L/h, V1 30 L; routes: iv, oral)
    >>> model.set_transit("oral", pk.TransitAbsorption(n=3, mtt=0.5)).transit("oral")
    TransitAbsorption(n=3, mtt=0.5, ktr=8)
    """,
    "ModelledInfusion": """A route's modelled infusion: rate (mg/h) or duration (h), NONMEM's Rn and
    Dn, used by dose records with RATE -1 (``RateSource.MODELLED_RATE``) or RATE -2
    (``RateSource.MODELLED_DURATION``).

    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> model.set_modelled_infusion("iv_infusion", pk.ModelledInfusion(duration=0.5)).modelled_infusion("iv_infusion")
    ModelledInfusion(rate=0, duration=0.5)
    """,
    "LinearTransfer": """A first-order transfer of a general linear model (pk.linear_model): from
    ``source`` to ``to`` (None: out of the system) at rate constant ``k`` (1/h), or given as a
    clearance ``cl`` (L/h) from a compartment with a volume (k = CL / V_source).

    >>> pk.LinearTransfer("depot", "central", k=1.5)
    LinearTransfer('depot', 'central', k=1.5)
    >>> pk.LinearTransfer("central", None, cl=6.0).cl                  # L/h
    6.0
    """,
    "LinearRouteTarget": """Where a route's doses enter a general linear model (pk.linear_model):
    the fraction ``f`` of each dose goes into ``compartment`` after ``lag`` (h); with ``ka`` (1/h)
    through a depot of its own, with ``duration`` (h) as a zero-order input.

    >>> pk.LinearRouteTarget("gut", f=0.7, duration=2.0)               # 70 % over 2 h
    LinearRouteTarget('gut', f=0.7, duration=2)
    """,
    "LinearStructure": """The structure of a general linear model: compartments ``(name, volume)``
    (L, 0 = none) in CMT order, transfers, routes ``{Route: [LinearRouteTarget]}``, the observed
    and the metabolite compartment. ``pk.Model(structure)`` makes the model; ``pk.linear_model``
    takes the same in a shorter form.

    >>> s = pk.LinearStructure([("depot", 0.0), ("central", 20.0)],
    ...                        [pk.LinearTransfer("depot", "central", k=1.5),
    ...                         pk.LinearTransfer("central", None, cl=1.1)],
    ...                        {pk.Route.ORAL: [pk.LinearRouteTarget("depot")]})
    >>> s
    LinearStructure(2 compartments: depot, central; 2 transfers; observed central)
    >>> pk.Model(s)
    Model(general linear: 2 compartments (depot, central), observed central; K12 1.5 /h, CL20 1.1 L/h, V2 20 L; routes: iv, oral)
    """,
    "Compartment": """One compartment of a model's numbering, NONMEM's CMT: its number, state name
    and kind (``model.compartments()``; ``pk.cmt_table(model)`` tabulates them).

    >>> pk.advan(2, CL=1.1, V=20.0, KA=1.5).compartments()
    [Compartment(1, 'depot_oral'), Compartment(2, 'central')]
    """,
    "CompartmentDosing": """The settings of the doses into one compartment, NONMEM's F<n>, ALAG<n>,
    R<n> and D<n>: the fraction f that arrives, the lag (h), and the rate (mg/h) and duration (h)
    of its RATE -1 and -2 records (0: not modelled). Set by ``with_params(F2=..., ALAG2=...)``.

    >>> pk.advan(2, CL=1.1, V=20.0, KA=1.5, F2=0.4, ALAG2=2.0).compartment_dosing(2)
    CompartmentDosing(f=0.4, lag=2, rate=0, duration=0)
    """,
    "CsvTable": """Any CSV file as text cells, read the way every command reads its files: a UTF-8
    byte-order mark skipped, the text checked to be UTF-8 (an error names file, line and column),
    '#' comment lines skipped; ``lines`` gives each row's line in the file.

    >>> table = pk.CsvTable.parse("\\ufeffID,TIME,DV\\n# observed\\n1,0,5\\n1,1,4\\n", source="obs.csv")
    >>> table.columns, table.rows, table.lines
    (['ID', 'TIME', 'DV'], [['1', '0', '5'], ['1', '1', '4']], [3, 4])
    """,
    "OutputTimes": """Times (h) at which results are reported: a uniform grid or given times.

    >>> pk.OutputTimes.uniform(0.0, 2.0, 0.5)
    OutputTimes(0, 0.5, 1, 1.5, 2 h)
    >>> pk.OutputTimes.at([0.0, 0.25, 1.0]).times
    [0.0, 0.25, 1.0]
    """,
    "SimulationOptions": """How a simulation runs: the end of each F range used (bioavailability),
    the solver path and ODE stepper, the ODE tolerances rtol and atol (mg), and the steady-state
    iteration's tolerances and limits. ``pk.simulate`` takes the same names as keywords.

    >>> pk.SimulationOptions(path="ode", rtol=1e-10)
    SimulationOptions(path=ode, stepper=automatic, rtol=1e-10, atol=1e-12 mg, bioavailability=nominal)
    """,
    "Dataset": """A NONMEM-format dataset (ID, TIME h, EVID, AMT mg, CMT, RATE mg/h, II h, ADDL, SS,
    DV, MDV; parameter and covariate columns beside them), read and validated as a whole:
    ``Dataset.read_csv(path)`` or ``Dataset.parse_csv(text)``. ``pk.simulate_dataset`` runs it.

    >>> data = pk.Dataset.read_csv(pk.sample_path("ketamine_study"))
    >>> data
    Dataset(5 IDs, 20 records; columns beyond NONMEM's: WT)
    >>> data.subjects[0].id
    '1'
    """,
    "SubjectResult": """The simulation of one ID of a dataset: one row per record (h, mg, mg/L),
    with the state amounts, DV and EVID; ``pk.simulate_dataset`` tabulates them all.

    >>> data = pk.Dataset.read_csv(pk.sample_path("ketamine_study"))
    >>> model = pk.Model(pk.Disposition.one_compartment(cl=80.0, v1=150.0))
    >>> model.set_absorption("im", pk.Absorption(pk.Bioavailability(0.93), ka=2.0))
    Model(1-compartment: CL 80 L/h, V1 150 L; routes: iv, im)
    >>> pk._core.simulate_subject(model, data, 0)        # what pk.simulate_dataset tabulates
    SubjectResult(ID 1: ... rows, ... h, exact path)
    """,
    "SubjectSchedule": """One subject for the dataset writer (``pk.write_dataset``): an id, dose
    records, observation times (h) and constant covariates.

    >>> schedule = pk.SubjectSchedule("1", [pk.DoseEvent(time=0.0, amount=35.0, route="im")],
    ...                               observation_times=[0.5, 1.0], covariates=[("WT", 70.0)])
    >>> print(pk.to_nonmem_csv([schedule]).splitlines()[0])
    ID,TIME,EVID,AMT,CMT,RATE,DUR,II,ADDL,SS,DV,WT
    """,
    "Drug": """A drug file, loaded and validated (engine units): its models, routes with F ranges,
    protocols, concentration bands and the published observations it is checked against.
    ``pk.load_drug(name_or_path)`` loads one; ``drug.model(...)`` builds a Model.

    >>> drug = pk.load_drug("ketamine")
    >>> drug.name, drug.analyte, drug.default_model
    ('ketamine', 'racemic_ketamine', 'domino1984')
    """,
    "InvalidInput": """Raised for invalid input: a value outside its domain, an unknown name, a
    malformed record or file. The message names the field and the value. A subclass of ValueError.

    >>> pk.Dose(-5.0, "oral")                                          # mg
    Traceback (most recent call last):
    ...
    pkengine._core.InvalidInput: dose.amount_mg = -5: must be >= 0
    """,
    "SolverError": """Raised when a simulation cannot give a trustworthy answer: the ODE path's step
    limit reached, or a value that is not finite. The message says what to change. A subclass of
    RuntimeError.

    >>> issubclass(pk.SolverError, RuntimeError)
    True
    """,
}


def install() -> None:
    """Set the docstrings of :data:`DOCS` on the compiled classes."""
    for name, doc in DOCS.items():
        getattr(_core, name).__doc__ = doc
