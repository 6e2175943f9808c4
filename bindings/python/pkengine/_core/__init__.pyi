"""
pkengine compiled core (units: h, mg, L, L/h, 1/h, kg, mg/L)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
from . import nca
__all__: list[str] = ['ALL_ROUTES', 'Absorption', 'AbsorptionShape', 'Administration', 'BOLUS_MIXING_TIME', 'Band', 'Bioavailability', 'CHECK_FOLD_LIMIT', 'CHECK_GMFE_LIMIT', 'CHECK_MISSES_ALLOWED', 'CHECK_TMAX_FACTOR', 'CheckRow', 'Compartment', 'CompartmentDosing', 'CompartmentKind', 'CovariateDistribution', 'CovariateEffect', 'CsvTable', 'DEFAULT_ATOL', 'DEFAULT_MAX_ACTIONS', 'DEFAULT_MAX_OUTPUT_VALUES', 'DEFAULT_MAX_STEPS', 'DEFAULT_RTOL', 'DEFAULT_STEADY_STATE_ATOL', 'DEFAULT_STEADY_STATE_MAX_INTERVALS', 'DEFAULT_STEADY_STATE_RTOL', 'DEFAULT_STEADY_STATE_WINDOW', 'Dataset', 'DatasetRecord', 'DatasetSubject', 'Disposition', 'Dose', 'DoseEvent', 'Drug', 'DrugCheck', 'DrugMetabolite', 'DrugModel', 'DrugParameter', 'DrugPresystemic', 'DrugRoute', 'DrugVariability', 'EffectCompartment', 'EtaScale', 'EventKind', 'FChoice', 'IntegrationWindow', 'InvalidInput', 'KaSpec', 'LinearRouteTarget', 'LinearStructure', 'LinearTransfer', 'MAX_RATE_CONSTANT', 'MIN_INFUSION_DURATION', 'Metabolite', 'MichaelisMenten', 'MicroConstants', 'Model', 'ModelledInfusion', 'Observation', 'ObservedValue', 'OutputTimes', 'Population', 'PopulationResult', 'Protocol', 'RateSource', 'Reference', 'Regimen', 'Result', 'Route', 'RouteAlternative', 'RouteComparison', 'RouteMetrics', 'RouteOutcome', 'SKETCH_FLOOR', 'SKETCH_RELATIVE_ERROR', 'SessionCheck', 'SigmoidEmax', 'SimulationOptions', 'SolverError', 'SolverPath', 'SteadyState', 'Stepper', 'SubjectResult', 'SubjectSchedule', 'TransitAbsorption', 'WeightDistribution', 'available_drugs', 'check_dataset_output_values', 'check_drug', 'check_sessions', 'check_subject', 'cmt_table', 'compare_routes_drug', 'compare_routes_model', 'drug_search_path', 'integration_windows', 'ka_for_tmax', 'merge_populations', 'nca', 'normal_quantile', 'omega_squared_from_cv', 'parse_route', 'protocol_infusion_duration', 'published_variability', 'simulate', 'simulate_population', 'simulate_records', 'simulate_subject', 'subject_normals', 'tmax_for_ka', 'to_nonmem_csv', 'why_not_counted', 'write_nonmem_csv']
class InvalidInput(ValueError):
    """
    Raised for invalid input: a value outside its domain, an unknown name, a
        malformed record or file. The message names the field and the value. A subclass of ValueError.
    
        >>> pk.Dose(-5.0, "oral")                                          # mg
        Traceback (most recent call last):
        ...
        pkengine._core.InvalidInput: dose.amount_mg = -5: must be >= 0
        
    """
class SolverError(RuntimeError):
    """
    Raised when a simulation cannot give a trustworthy answer: the ODE path's step
        limit reached, or a value that is not finite. The message says what to change. A subclass of
        RuntimeError.
    
        >>> issubclass(pk.SolverError, RuntimeError)
        True
        
    """
class MichaelisMenten:
    """
    Saturable elimination from the central compartment at the rate
        Vmax C / (Km + C) (mg/h), with Vmax in mg/h and Km in mg/L; makes a model nonlinear (ODE path).
    
        >>> model = pk.Model(pk.Disposition.one_compartment(cl=0.0, v1=30.0), pk.MichaelisMenten(vmax=20.0, km=0.5))
        >>> model.is_linear
        False
        
    """
    def __init__(self, vmax: typing.SupportsFloat | typing.SupportsIndex, km: typing.SupportsFloat | typing.SupportsIndex) -> None:
        """
        vmax: maximum elimination rate (mg/h); km: concentration (mg/L).
        """
    def __repr__(self) -> str:
        ...
    @property
    def km(self) -> float:
        """
        mg/L
        """
    @property
    def vmax(self) -> float:
        """
        mg/h
        """
class Metabolite:
    """
    A metabolite formed from fraction fm of the parent's linear elimination, with its
        own volume v (L), clearance cl (L/h) and optional peripheral compartment (q L/h, vp L). Amounts
        are mg of parent (parent-equivalents); ``Result.metabolite_concentration`` is in mg/L.
    
        >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
        >>> model.set_metabolite(pk.Metabolite(fm=0.8, cl=20.0, v=50.0))
        Model(1-compartment + metabolite (fm 0.800): CL 6 L/h, V1 30 L; routes: iv)
        >>> result = pk.simulate(model, pk.Dose(100.0, "iv_bolus"))
        >>> round(max(result.metabolite_concentration) * 1000)                # ng/mL
        400
        
    """
    def __init__(self, fm: typing.SupportsFloat | typing.SupportsIndex, cl: typing.SupportsFloat | typing.SupportsIndex, v: typing.SupportsFloat | typing.SupportsIndex, q: typing.SupportsFloat | typing.SupportsIndex = 0.0, vp: typing.SupportsFloat | typing.SupportsIndex = 0.0, presystemic: collections.abc.Mapping[..., typing.SupportsFloat | typing.SupportsIndex] = {}, molar_mass_ratio: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        """
        fm: fraction in (0, 1] (< 1 with presystemic formation); cl, q: clearances (L/h); v, vp: volumes (L). q and vp both 0: no peripheral compartment. presystemic: {route: fraction of a dose formed before plasma} for oral, sublingual and intranasal (F + fraction <= 1). molar_mass_ratio: metabolite / parent molar mass (1: parent-equivalents).
        """
    def __repr__(self) -> str:
        ...
    @property
    def cl(self) -> float:
        """
        L/h
        """
    @property
    def fm(self) -> float:
        ...
    @property
    def molar_mass_ratio(self) -> float:
        """
        Metabolite / parent molar mass.
        """
    @property
    def presystemic(self) -> dict:
        """
        {route: fraction of a dose formed before the parent reaches plasma}.
        """
    @property
    def q(self) -> float:
        """
        L/h
        """
    @property
    def v(self) -> float:
        """
        L
        """
    @property
    def vp(self) -> float:
        """
        L
        """
class SigmoidEmax:
    """
    Effect E = E0 + Emax Ce^hill / (EC50^hill + Ce^hill) of the effect-site
        concentration Ce (mg/L); EC50 in mg/L, Emax and E0 in the effect's own unit; hill = 1 is the Emax
        model.
    
        >>> pk.SigmoidEmax(emax=100.0, ec50=0.3)
        SigmoidEmax(emax=100, ec50=0.3, hill=1, e0=0)
        
    """
    def __call__(self, ce: typing.SupportsFloat | typing.SupportsIndex) -> float:
        """
        The effect at Ce (mg/L).
        """
    def __init__(self, emax: typing.SupportsFloat | typing.SupportsIndex, ec50: typing.SupportsFloat | typing.SupportsIndex, hill: typing.SupportsFloat | typing.SupportsIndex = 1.0, e0: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        """
        emax, e0: in the effect's own unit; ec50: mg/L; hill: dimensionless.
        """
    def __repr__(self) -> str:
        ...
    @property
    def e0(self) -> float:
        ...
    @property
    def ec50(self) -> float:
        """
        mg/L
        """
    @property
    def emax(self) -> float:
        ...
    @property
    def hill(self) -> float:
        ...
class EffectCompartment:
    """
    Effect site: dCe/dt = ke0 (C - Ce), Ce in mg/L, ke0 in 1/h, with an
        optional response model (SigmoidEmax). ``Result.effect_site_concentration`` and
        ``Result.effect`` hold what it gives.
    
        >>> pk.EffectCompartment(ke0=2.0, response=pk.SigmoidEmax(emax=100.0, ec50=0.3, hill=2.0))
        EffectCompartment(ke0=2, response=SigmoidEmax(emax=100, ec50=0.3, hill=2, e0=0))
        
    """
    def __init__(self, ke0: typing.SupportsFloat | typing.SupportsIndex, response: SigmoidEmax | None = None) -> None:
        """
        ke0: equilibration rate constant (1/h); response: a SigmoidEmax or None.
        """
    def __repr__(self) -> str:
        ...
    @property
    def ke0(self) -> float:
        """
        1/h
        """
    @property
    def response(self) -> SigmoidEmax | None:
        ...
class TransitAbsorption:
    """
    Transit chain before an absorbed route's depot: the dose enters transit
        compartment 0 and passes n more, each with ktr = (n + 1) / mtt (1/h); mtt (h) is the mean time to
        reach the depot.
    
        >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
        >>> model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2), ka=1.0))
        Model(1-compartment: CL 6 L/h, V1 30 L; routes: iv, oral)
        >>> model.set_transit("oral", pk.TransitAbsorption(n=3, mtt=0.5)).transit("oral")
        TransitAbsorption(n=3, mtt=0.5, ktr=8)
        
    """
    def __init__(self, n: typing.SupportsInt | typing.SupportsIndex, mtt: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def ktr(self) -> float:
        """
        1/h
        """
    @property
    def mtt(self) -> float:
        """
        h
        """
    @property
    def n(self) -> int:
        ...
class Route:
    """
    Route of administration: IV_BOLUS, IV_INFUSION, IM, INTRANASAL, ORAL, SUBLINGUAL.
    Built from its name; an unknown name raises ValueError naming it.
    
    >>> pk.Route("intranasal"), pk.Route.ORAL.is_absorbed, pk.Route.IV_BOLUS.label
    (<Route.INTRANASAL: 3>, True, 'iv_bolus')
    
    
    Members:
    
      IV_BOLUS
    
      IV_INFUSION
    
      IM
    
      INTRANASAL
    
      ORAL
    
      SUBLINGUAL
    """
    IM: typing.ClassVar[Route]
    INTRANASAL: typing.ClassVar[Route]
    IV_BOLUS: typing.ClassVar[Route]
    IV_INFUSION: typing.ClassVar[Route]
    ORAL: typing.ClassVar[Route]
    SUBLINGUAL: typing.ClassVar[Route]
    __members__: typing.ClassVar[dict[str, Route]]
    @typing.overload
    def __eq__(self, other: Route) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    @typing.overload
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @typing.overload
    def __init__(self, name: str) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Route) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def is_absorbed(self) -> bool:
        ...
    @property
    def label(self) -> str:
        """
        Canonical name, e.g. 'im'.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class FChoice:
    """
    Which value of each bioavailability range a simulation uses: NOMINAL, LOW or HIGH.
    
    >>> pk.FChoice("high")
    <FChoice.HIGH: 2>
    >>> pk.SimulationOptions(bioavailability="low").bioavailability
    <FChoice.LOW: 1>
    
    
    Members:
    
      NOMINAL
    
      LOW
    
      HIGH
    """
    HIGH: typing.ClassVar[FChoice]
    LOW: typing.ClassVar[FChoice]
    NOMINAL: typing.ClassVar[FChoice]
    __members__: typing.ClassVar[dict[str, FChoice]]
    @typing.overload
    def __eq__(self, other: FChoice) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    @typing.overload
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @typing.overload
    def __init__(self, name: str) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: FChoice) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Bioavailability:
    """
    Bioavailability F (fraction in (0, 1]): a nominal value and its range.
    
        >>> pk.Bioavailability(0.13, low=0.11, high=0.50)
        Bioavailability(nominal=0.130000, low=0.110000, high=0.500000)
        
    """
    def __init__(self, nominal: typing.SupportsFloat | typing.SupportsIndex, low: typing.SupportsFloat | typing.SupportsIndex | None = None, high: typing.SupportsFloat | typing.SupportsIndex | None = None) -> None:
        """
        F as a fraction in (0, 1]; low <= nominal <= high (default: both = nominal).
        """
    def __repr__(self) -> str:
        ...
    def value(self, choice: FChoice) -> float:
        ...
    @property
    def high(self) -> float:
        ...
    @property
    def low(self) -> float:
        ...
    @property
    def nominal(self) -> float:
        ...
class Absorption:
    """
    First-order absorption from a route's depot: F (Bioavailability), ka (1/h), lag (h),
        fraction_swallowed (of an intranasal or sublingual dose, to the oral route).
    
        >>> pk.Absorption(pk.Bioavailability(0.93), ka=0.98, lag=0.0).ka   # 1/h
        0.98
        
    """
    def __init__(self, f: Bioavailability, ka: typing.SupportsFloat | typing.SupportsIndex, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0, fraction_swallowed: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        """
        f: Bioavailability; ka: absorption rate constant (1/h); lag: lag time (h); fraction_swallowed: share of an intranasal/sublingual dose that follows the oral route.
        """
    @property
    def f(self) -> Bioavailability:
        ...
    @property
    def fraction_swallowed(self) -> float:
        ...
    @property
    def ka(self) -> float:
        """
        1/h
        """
    @property
    def lag(self) -> float:
        """
        h
        """
class MicroConstants:
    """
    Micro-constants (1/h) of a mammillary disposition: k10 (elimination),
        k12, k21, k13, k31 (transfers between the central and peripheral compartments).
    
        >>> pk.Disposition.two_compartment(cl=6.0, v1=30.0, q2=10.0, v2=50.0).micro_constants()
        MicroConstants(k10=0.2, k12=0.333333, k21=0.2, k13=0, k31=0)
        
    """
    def __init__(self, k10: typing.SupportsFloat | typing.SupportsIndex, k12: typing.SupportsFloat | typing.SupportsIndex = 0.0, k21: typing.SupportsFloat | typing.SupportsIndex = 0.0, k13: typing.SupportsFloat | typing.SupportsIndex = 0.0, k31: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def k10(self) -> float:
        ...
    @property
    def k12(self) -> float:
        ...
    @property
    def k13(self) -> float:
        ...
    @property
    def k21(self) -> float:
        ...
    @property
    def k31(self) -> float:
        ...
class Disposition:
    """
    Linear mammillary disposition: clearances CL, Q2, Q3 (L/h), volumes V1, V2, V3 (L).
    
        >>> d = pk.Disposition.three_compartment(cl=116.0, v1=4.41, q2=156.6, v2=10.6, q3=156.0, v3=178.0)
        >>> d.compartments, round(d.vss, 2)                                # L
        (3, 193.01)
        
    """
    @staticmethod
    def from_micro_constants(compartments: typing.SupportsInt | typing.SupportsIndex, k: MicroConstants, v1: typing.SupportsFloat | typing.SupportsIndex) -> Disposition:
        """
        From micro-constants (1/h) and V1 (L).
        """
    @staticmethod
    def one_compartment(cl: typing.SupportsFloat | typing.SupportsIndex, v1: typing.SupportsFloat | typing.SupportsIndex) -> Disposition:
        """
        CL (L/h), V1 (L).
        """
    @staticmethod
    def three_compartment(cl: typing.SupportsFloat | typing.SupportsIndex, v1: typing.SupportsFloat | typing.SupportsIndex, q2: typing.SupportsFloat | typing.SupportsIndex, v2: typing.SupportsFloat | typing.SupportsIndex, q3: typing.SupportsFloat | typing.SupportsIndex, v3: typing.SupportsFloat | typing.SupportsIndex) -> Disposition:
        """
        CL, Q2, Q3 (L/h); V1, V2, V3 (L).
        """
    @staticmethod
    def two_compartment(cl: typing.SupportsFloat | typing.SupportsIndex, v1: typing.SupportsFloat | typing.SupportsIndex, q2: typing.SupportsFloat | typing.SupportsIndex, v2: typing.SupportsFloat | typing.SupportsIndex) -> Disposition:
        """
        CL, Q2 (L/h); V1, V2 (L).
        """
    def micro_constants(self) -> MicroConstants:
        ...
    @property
    def cl(self) -> float:
        """
        L/h
        """
    @property
    def compartments(self) -> int:
        ...
    @property
    def q2(self) -> float:
        """
        L/h
        """
    @property
    def q3(self) -> float:
        """
        L/h
        """
    @property
    def v1(self) -> float:
        """
        L
        """
    @property
    def v2(self) -> float:
        """
        L
        """
    @property
    def v3(self) -> float:
        """
        L
        """
    @property
    def vss(self) -> float:
        """
        L
        """
class ModelledInfusion:
    """
    A route's modelled infusion: rate (mg/h) or duration (h), NONMEM's Rn and
        Dn, used by dose records with RATE -1 (``RateSource.MODELLED_RATE``) or RATE -2
        (``RateSource.MODELLED_DURATION``).
    
        >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
        >>> model.set_modelled_infusion("iv_infusion", pk.ModelledInfusion(duration=0.5)).modelled_infusion("iv_infusion")
        ModelledInfusion(rate=0, duration=0.5)
        
    """
    def __init__(self, rate: typing.SupportsFloat | typing.SupportsIndex = 0.0, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def duration(self) -> float:
        """
        h
        """
    @property
    def rate(self) -> float:
        """
        mg/h
        """
class CompartmentKind:
    """
    What a numbered compartment is: CENTRAL, PERIPHERAL, DEPOT,
    METABOLITE_CENTRAL, METABOLITE_PERIPHERAL, DECLARED (a general linear model's), or TRANSIT
    (a compartment of a route's transit chain).
    
    >>> pk.advan(4, CL=3.0, V2=20.0, Q=2.0, V3=30.0, KA=0.8).compartments()[2].kind
    <CompartmentKind.PERIPHERAL: 1>
    
    
    Members:
    
      CENTRAL
    
      PERIPHERAL
    
      DEPOT
    
      METABOLITE_CENTRAL
    
      METABOLITE_PERIPHERAL
    
      DECLARED
    
      TRANSIT
    """
    CENTRAL: typing.ClassVar[CompartmentKind]
    DECLARED: typing.ClassVar[CompartmentKind]
    DEPOT: typing.ClassVar[CompartmentKind]
    METABOLITE_CENTRAL: typing.ClassVar[CompartmentKind]
    METABOLITE_PERIPHERAL: typing.ClassVar[CompartmentKind]
    PERIPHERAL: typing.ClassVar[CompartmentKind]
    TRANSIT: typing.ClassVar[CompartmentKind]
    __members__: typing.ClassVar[dict[str, CompartmentKind]]
    @typing.overload
    def __eq__(self, other: CompartmentKind) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: CompartmentKind) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Compartment:
    """
    One compartment of a model's numbering, NONMEM's CMT: its number, state name
        and kind (``model.compartments()``; ``pk.cmt_table(model)`` tabulates them).
    
        >>> pk.advan(2, CL=1.1, V=20.0, KA=1.5).compartments()
        [Compartment(1, 'depot_oral'), Compartment(2, 'central')]
        
    """
    def __repr__(self) -> str:
        ...
    @property
    def kind(self) -> CompartmentKind:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def number(self) -> int:
        ...
    @property
    def route(self) -> Route:
        """
        Depot, transit: its route
        """
class CompartmentDosing:
    """
    The settings of the doses into one compartment, NONMEM's F<n>, ALAG<n>,
        R<n> and D<n>: the fraction f that arrives, the lag (h), and the rate (mg/h) and duration (h)
        of its RATE -1 and -2 records (0: not modelled). Set by ``with_params(F2=..., ALAG2=...)``.
    
        >>> pk.advan(2, CL=1.1, V=20.0, KA=1.5, F2=0.4, ALAG2=2.0).compartment_dosing(2)
        CompartmentDosing(f=0.4, lag=2, rate=0, duration=0)
        
    """
    def __init__(self, f: typing.SupportsFloat | typing.SupportsIndex = 1.0, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0, rate: typing.SupportsFloat | typing.SupportsIndex = 0.0, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def duration(self) -> float:
        ...
    @property
    def f(self) -> float:
        ...
    @property
    def lag(self) -> float:
        """
        h
        """
    @property
    def rate(self) -> float:
        ...
class LinearTransfer:
    """
    A first-order transfer of a general linear model (pk.linear_model): from
        ``source`` to ``to`` (None: out of the system) at rate constant ``k`` (1/h), or given as a
        clearance ``cl`` (L/h) from a compartment with a volume (k = CL / V_source).
    
        >>> pk.LinearTransfer("depot", "central", k=1.5)
        LinearTransfer('depot', 'central', k=1.5)
        >>> pk.LinearTransfer("central", None, cl=6.0).cl                  # L/h
        6.0
        
    """
    def __init__(self, source: str, to: str | None, *, k: typing.SupportsFloat | typing.SupportsIndex | None = None, cl: typing.SupportsFloat | typing.SupportsIndex | None = None) -> None:
        """
        source, to: compartment names (to None: elimination); k: rate constant (1/h), or cl: clearance (L/h) from a compartment with a volume (k = cl / V_source).
        """
    def __repr__(self) -> str:
        ...
    @property
    def cl(self) -> float | None:
        """
        L/h
        """
    @property
    def k(self) -> float | None:
        """
        1/h
        """
    @property
    def source(self) -> str:
        ...
    @property
    def to(self) -> str | None:
        ...
class LinearRouteTarget:
    """
    Where a route's doses enter a general linear model (pk.linear_model):
        the fraction ``f`` of each dose goes into ``compartment`` after ``lag`` (h); with ``ka`` (1/h)
        through a depot of its own, with ``duration`` (h) as a zero-order input.
    
        >>> pk.LinearRouteTarget("gut", f=0.7, duration=2.0)               # 70 % over 2 h
        LinearRouteTarget('gut', f=0.7, duration=2)
        
    """
    def __init__(self, compartment: str, f: typing.SupportsFloat | typing.SupportsIndex = 1.0, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0, ka: typing.SupportsFloat | typing.SupportsIndex = 0.0, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0, *, f_low: typing.SupportsFloat | typing.SupportsIndex | None = None, f_high: typing.SupportsFloat | typing.SupportsIndex | None = None, remainder_of: str | None = None, times: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        """
        compartment: name; f: fraction of the dose in (0, 1]; lag (h); ka (1/h, 0: none); duration (h) of a zero-order input of a bolus share (0: a bolus); f_low, f_high: the range of f that simulate(bioavailability='low' or 'high') takes (None: f); remainder_of: the compartment of another target of the route whose remainder (1 - f) this target takes, times `times` (in (0, 1]): f is then computed by the structure (and follows the other target's F set by name).
        """
    def __repr__(self) -> str:
        ...
    @property
    def compartment(self) -> str:
        ...
    @property
    def duration(self) -> float:
        """
        h
        """
    @property
    def f(self) -> float:
        ...
    @property
    def f_high(self) -> float:
        ...
    @property
    def f_low(self) -> float:
        ...
    @property
    def ka(self) -> float:
        """
        1/h
        """
    @property
    def lag(self) -> float:
        """
        h
        """
    @property
    def remainder_of(self) -> str | None:
        ...
    @property
    def times(self) -> float:
        ...
class LinearStructure:
    """
    The structure of a general linear model: compartments ``(name, volume)``
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
        
    """
    def __init__(self, compartments: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]], transfers: collections.abc.Sequence[LinearTransfer], routes: collections.abc.Mapping[Route, collections.abc.Sequence[LinearRouteTarget]] = {}, observed: str | None = None, metabolite: str | None = None) -> None:
        """
        compartments: [(name, volume L)], volume 0 = none; transfers: [LinearTransfer]; routes: {Route: [LinearRouteTarget]}; observed (default: the first with a volume) and metabolite: compartment names.
        """
    def __repr__(self) -> str:
        ...
    @property
    def compartments(self) -> list[tuple[str, float]]:
        ...
    @property
    def metabolite(self) -> str | None:
        ...
    @property
    def observed(self) -> str:
        ...
    @property
    def routes(self) -> dict:
        ...
    @property
    def transfers(self) -> list[LinearTransfer]:
        ...
class Model:
    """
    A disposition plus the absorption of each absorbed route, and optional extensions
        (Michaelis-Menten elimination, a metabolite, an effect compartment, transit absorption).
    
        Parameters by their dataset names (CL, V1, Q2, V2, Q3, V3 in L/h and L; KA_<ROUTE> 1/h,
        F_<ROUTE>, LAG_<ROUTE> h): ``model.params()``, ``model.with_params(CL=..., KA_ORAL=...)``
        (a copy). ``model.copy()`` or ``copy.copy(model)`` copies it.
    
        >>> model = pk.Model(pk.Disposition.two_compartment(cl=6.0, v1=30.0, q2=10.0, v2=50.0))
        >>> model.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.2, low=0.1, high=0.3), ka=0.9))
        Model(2-compartment: CL 6 L/h, V1 30 L, Q2 10 L/h, V2 50 L; routes: iv, oral)
        >>> model.with_params(KA_ORAL=1.5).params()["KA_ORAL"]
        1.5
        
    """
    @staticmethod
    def advan(number: typing.SupportsInt | typing.SupportsIndex, parameters: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> Model:
        """
        NONMEM's library model ADVAN1, 2, 3, 4, 5, 7, 11 or 12 from its parameters by NONMEM's names (ADVAN2: CL, V, KA; ADVAN5/7: K<m><n>, V<n>; L/h, L, 1/h).
        """
    @staticmethod
    def params(model: _core.Model) -> dict[str, float]:
        """
        The model's parameters by name: disposition (CL, V1, ...), then KA_, F_, LAG_ per absorbed
            route (F_ is the nominal F). Units: L/h, L, 1/h, fraction, h.
        
            >>> pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)).params()
            {'CL': 6.0, 'V1': 30.0}
            
        """
    @staticmethod
    def with_params(model: _core.Model, **values: float) -> _core.Model:
        """
        A copy of ``model`` with some parameters changed, named as dataset columns (see the module).
        
            Raises:
                ValueError (pkengine.InvalidInput) naming an unknown parameter, a route the model does
                not have, or an invalid value.
        
            >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
            >>> model.with_params(V1=40.0).params()
            {'CL': 6.0, 'V1': 40.0}
            >>> model.with_params(Q3=1.0)
            Traceback (most recent call last):
            ...
            pkengine._core.InvalidInput: Q3 = 1: not a parameter of this model (CL, V1; per absorbed route KA_<ROUTE>, F_<ROUTE>, LAG_<ROUTE>)
            
        """
    def __copy__(self) -> Model:
        ...
    def __deepcopy__(self, memo: dict) -> Model:
        ...
    def __getstate__(self) -> tuple:
        ...
    @typing.overload
    def __init__(self, disposition: Disposition, michaelis_menten: MichaelisMenten | None = None) -> None:
        """
        With michaelis_menten, the disposition's CL may be 0 (saturable elimination only).
        """
    @typing.overload
    def __init__(self, structure: LinearStructure) -> None:
        """
        A general linear model (NONMEM's ADVAN5/7); see pk.linear_model.
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def _repr_html_(self) -> str:
        ...
    def absorption(self, route: Route) -> Absorption:
        ...
    def bioavailability(self, route: Route) -> Bioavailability:
        ...
    def compartment_dosing(self, number: typing.SupportsInt | typing.SupportsIndex) -> CompartmentDosing:
        ...
    def compartments(self) -> list[Compartment]:
        """
        The compartments by number (NONMEM's CMT): NONMEM's numbering for library models.
        """
    def copy(self):
        """
        A copy of the model, to change without touching this one.
        """
    def has_route(self, route: Route) -> bool:
        ...
    def modelled_infusion(self, route: Route) -> ModelledInfusion:
        ...
    @typing.overload
    def parameter(self, name: str) -> float:
        ...
    @typing.overload
    def parameter(self, index: typing.SupportsInt | typing.SupportsIndex) -> float:
        """
        The value of parameter_names[index].
        """
    def parameter_index(self, name: str) -> int:
        """
        The position of a parameter in parameter_names (case-insensitive name).
        """
    def set_absorption(self, route: Route, absorption: Absorption) -> Model:
        ...
    def set_compartment_dosing(self, number: typing.SupportsInt | typing.SupportsIndex, dosing: CompartmentDosing) -> Model:
        """
        F, lag, modelled rate and duration of the doses into compartment `number`.
        """
    def set_disposition(self, disposition: Disposition) -> Model:
        ...
    def set_effect_compartment(self, effect: EffectCompartment) -> Model:
        ...
    def set_metabolite(self, metabolite: Metabolite) -> Model:
        ...
    def set_michaelis_menten(self, michaelis_menten: MichaelisMenten) -> Model:
        """
        Adds saturable elimination beside the linear clearance.
        """
    def set_modelled_infusion(self, route: Route, infusion: ModelledInfusion) -> Model:
        """
        Rate (mg/h) and duration (h) that RATE = -1 / -2 records of this route take.
        """
    @typing.overload
    def set_parameter(self, name: str, value: typing.SupportsFloat | typing.SupportsIndex) -> Model:
        ...
    @typing.overload
    def set_parameter(self, index: typing.SupportsInt | typing.SupportsIndex, value: typing.SupportsFloat | typing.SupportsIndex) -> Model:
        """
        Sets parameter_names[index] (look the name up once with parameter_index).
        """
    def set_transit(self, route: Route, transit: TransitAbsorption) -> Model:
        """
        Gives an absorbed route a transit chain before its depot.
        """
    def transit(self, route: Route) -> TransitAbsorption | None:
        ...
    @property
    def advan_number(self) -> int:
        """
        The ADVAN number of a library model (5 or 7 for a general one built by advan); 0 for a route-named model.
        """
    @property
    def disposition(self) -> Disposition:
        ...
    @property
    def effect_compartment(self) -> EffectCompartment | None:
        ...
    @property
    def is_linear(self) -> bool:
        """
        False with Michaelis-Menten elimination (ODE path only).
        """
    @property
    def linear_structure(self) -> LinearStructure | None:
        """
        The structure of a general linear model; None for other models.
        """
    @property
    def metabolite(self) -> Metabolite | None:
        ...
    @property
    def michaelis_menten(self) -> MichaelisMenten | None:
        ...
    @property
    def parameter_names(self) -> list[str]:
        """
        A library model's parameter names (empty for route-named ones).
        """
class EventKind:
    """
    NONMEM's EVID by name: OBSERVATION (0), DOSE (1), OTHER (2), RESET (3),
    RESET_AND_DOSE (4).
    
    >>> pk.EventKind(1), int(pk.EventKind.RESET)
    (<EventKind.DOSE: 1>, 3)
    
    
    Members:
    
      OBSERVATION
    
      DOSE
    
      OTHER
    
      RESET
    
      RESET_AND_DOSE
    """
    DOSE: typing.ClassVar[EventKind]
    OBSERVATION: typing.ClassVar[EventKind]
    OTHER: typing.ClassVar[EventKind]
    RESET: typing.ClassVar[EventKind]
    RESET_AND_DOSE: typing.ClassVar[EventKind]
    __members__: typing.ClassVar[dict[str, EventKind]]
    @typing.overload
    def __eq__(self, other: EventKind) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: EventKind) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class SteadyState:
    """
    NONMEM's SS by name: NONE (0), RESET (1: the steady state replaces the state),
    ADD (2: the steady state is added to it).
    
    >>> event = pk.DoseEvent(time=0.0, amount=100.0, route="oral", interval=12.0,
    ...                      ss=pk.SteadyState.RESET)
    >>> event.ss
    <SteadyState.RESET: 1>
    
    
    Members:
    
      NONE
    
      RESET
    
      ADD
    """
    ADD: typing.ClassVar[SteadyState]
    NONE: typing.ClassVar[SteadyState]
    RESET: typing.ClassVar[SteadyState]
    __members__: typing.ClassVar[dict[str, SteadyState]]
    @typing.overload
    def __eq__(self, other: SteadyState) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: SteadyState) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class RateSource:
    """
    NONMEM's RATE -1 / -2 by name: where an infusion's rate or duration comes from:
    GIVEN (the record's RATE), MODELLED_RATE (-1, the route's modelled rate) or MODELLED_DURATION
    (-2, the route's modelled duration); see ModelledInfusion.
    
    >>> pk.RateSource.MODELLED_DURATION
    <RateSource.MODELLED_DURATION: -2>
    
    
    Members:
    
      GIVEN
    
      MODELLED_RATE
    
      MODELLED_DURATION
    """
    GIVEN: typing.ClassVar[RateSource]
    MODELLED_DURATION: typing.ClassVar[RateSource]
    MODELLED_RATE: typing.ClassVar[RateSource]
    __members__: typing.ClassVar[dict[str, RateSource]]
    @typing.overload
    def __eq__(self, other: RateSource) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: RateSource) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class DoseEvent:
    """
    One dose record with NONMEM's data items: time (h), amount (mg), route, rate
        (mg/h) or duration (h), interval II (h), ADDL, SS, kind (EVID).
    
        >>> event = pk.DoseEvent(time=0.0, amount=100.0, route="oral", interval=24.0, additional=6)
        >>> pk.Regimen([event])
        Regimen(1 record: 100 mg oral at 0 h (+6 ADDL repeats))
        
    """
    def __init__(self, time: typing.SupportsFloat | typing.SupportsIndex, amount: typing.SupportsFloat | typing.SupportsIndex = 0.0, route: Route = Route.IV_BOLUS, rate: typing.SupportsFloat | typing.SupportsIndex = 0.0, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0, interval: typing.SupportsFloat | typing.SupportsIndex = 0.0, additional: typing.SupportsInt | typing.SupportsIndex = 0, ss: SteadyState = SteadyState.NONE, kind: EventKind = EventKind.DOSE, rate_source: RateSource = RateSource.GIVEN, compartment: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        """
        compartment: NONMEM's CMT, 0 to dose by route; n >= 1 doses into the model's compartment n (Model.compartments()), whatever route says. On an OTHER record (EVID 2), -n turns compartment n off: one that receives no drug from another (a depot without a transit chain, the first transit compartment) is emptied into the 'discarded' state and its infusions stop; any other is refused.
        """
    def __repr__(self) -> str:
        ...
    @property
    def additional(self) -> int:
        ...
    @property
    def amount(self) -> float:
        """
        mg
        """
    @property
    def compartment(self) -> int:
        """
        CMT; 0 = by route; < 0 on an OTHER record: turned off
        """
    @property
    def duration(self) -> float:
        """
        h
        """
    @property
    def interval(self) -> float:
        """
        h
        """
    @property
    def kind(self) -> EventKind:
        ...
    @property
    def rate(self) -> float:
        """
        mg/h
        """
    @property
    def rate_source(self) -> RateSource:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def ss(self) -> SteadyState:
        ...
    @property
    def time(self) -> float:
        """
        h
        """
class Dose:
    """
    An amount (mg) by a route, given at once or over a duration (h).
    
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
        
    """
    @staticmethod
    def per_kg(mg_per_kg: typing.SupportsFloat | typing.SupportsIndex, weight: typing.SupportsFloat | typing.SupportsIndex, route: Route, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Dose:
        """
        Weight-based dose: mg/kg x body weight (kg).
        """
    def __init__(self, amount: typing.SupportsFloat | typing.SupportsIndex, route: Route, duration: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def at(self, time: typing.SupportsFloat | typing.SupportsIndex) -> DoseEvent:
        """
        This dose as a record at `time` (h).
        """
    @property
    def amount(self) -> float:
        """
        mg
        """
    @property
    def duration(self) -> float:
        """
        h
        """
    @property
    def route(self) -> Route:
        ...
class Regimen:
    """
    Dose records sorted by time (h): what is given, when, by which route.
    
        >>> regimen = pk.Regimen.repeated(pk.Dose(50.0, "oral"), every=12.0, count=4)   # 50 mg q12h x 4
        >>> regimen + pk.Regimen.single(pk.Dose(35.0, "im"), at=60.0)
        Regimen(5 records: 2 kinds of dose at 0, 12, 24, 36, 60 h)
        >>> pk.Regimen.on_days(pk.Dose(35.0, "im"), days=[0, 7]).copy()
        Regimen(2 records: 35 mg im at 0, 168 h)
        
    """
    @staticmethod
    def on_days(dose: Dose, days: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], hour_of_day: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Regimen:
        """
        One dose on each day (day 0 = t 0) at `hour_of_day` (h).
        """
    @staticmethod
    def repeated(dose: Dose, every: typing.SupportsFloat | typing.SupportsIndex, count: typing.SupportsInt | typing.SupportsIndex, start: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Regimen:
        """
        `count` doses every `every` hours from `start` (h).
        """
    @staticmethod
    def series(dose: Dose, times: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> Regimen:
        """
        One dose at each time (h).
        """
    @staticmethod
    def single(dose: Dose, at: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Regimen:
        """
        One dose at `at` (h).
        """
    def __add__(self, arg0: Regimen) -> Regimen:
        ...
    def __copy__(self) -> Regimen:
        ...
    def __deepcopy__(self, memo: dict) -> Regimen:
        ...
    def __getstate__(self) -> tuple:
        ...
    @typing.overload
    def __init__(self) -> None:
        ...
    @typing.overload
    def __init__(self, events: collections.abc.Sequence[DoseEvent]) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def _repr_html_(self) -> str:
        ...
    def add(self, event: DoseEvent) -> Regimen:
        ...
    def copy(self):
        """
        A copy of the regimen.
        """
    @property
    def events(self) -> list[DoseEvent]:
        ...
class OutputTimes:
    """
    Times (h) at which results are reported: a uniform grid or given times.
    
        >>> pk.OutputTimes.uniform(0.0, 2.0, 0.5)
        OutputTimes(0, 0.5, 1, 1.5, 2 h)
        >>> pk.OutputTimes.at([0.0, 0.25, 1.0]).times
        [0.0, 0.25, 1.0]
        
    """
    @staticmethod
    def at(times: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> OutputTimes:
        """
        Explicit sorted times (h).
        """
    @staticmethod
    def uniform(start: typing.SupportsFloat | typing.SupportsIndex, stop: typing.SupportsFloat | typing.SupportsIndex, step: typing.SupportsFloat | typing.SupportsIndex) -> OutputTimes:
        """
        start, start+step, ... up to stop inclusive (h).
        """
    def __getstate__(self) -> tuple[list[float], float]:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def is_uniform(self) -> bool:
        ...
    @property
    def times(self) -> list[float]:
        ...
class SolverPath:
    """
    Which solver path runs: AUTOMATIC (exact for linear models, ODE otherwise),
    EXACT (matrix exponential and closed forms) or ODE.
    
    >>> pk.SimulationOptions(path="ode").path
    <SolverPath.ODE: 2>
    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> pk.simulate(model, pk.Dose(100.0, "iv_bolus"), path="ode").solver        # the path that ran
    'ode'
    
    
    Members:
    
      AUTOMATIC
    
      EXACT
    
      ODE
    """
    AUTOMATIC: typing.ClassVar[SolverPath]
    EXACT: typing.ClassVar[SolverPath]
    ODE: typing.ClassVar[SolverPath]
    __members__: typing.ClassVar[dict[str, SolverPath]]
    @typing.overload
    def __eq__(self, other: SolverPath) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    @typing.overload
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @typing.overload
    def __init__(self, name: str) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: SolverPath) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Stepper:
    """
    Which integrator the ODE path uses: AUTOMATIC (Rosenbrock 4 when stiff),
    DORMAND_PRINCE5 or ROSENBROCK4.
    
    >>> pk.SimulationOptions(stepper="rosenbrock4").stepper
    <Stepper.ROSENBROCK4: 2>
    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> pk.simulate(model, pk.Dose(100.0, "iv_bolus"), path="ode").stepper      # the one that ran
    'dormand_prince5'
    
    
    Members:
    
      AUTOMATIC
    
      DORMAND_PRINCE5
    
      ROSENBROCK4
    """
    AUTOMATIC: typing.ClassVar[Stepper]
    DORMAND_PRINCE5: typing.ClassVar[Stepper]
    ROSENBROCK4: typing.ClassVar[Stepper]
    __members__: typing.ClassVar[dict[str, Stepper]]
    @typing.overload
    def __eq__(self, other: Stepper) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    @typing.overload
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @typing.overload
    def __init__(self, name: str) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Stepper) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class SimulationOptions:
    """
    How a simulation runs: the end of each F range used (bioavailability),
        the solver path and ODE stepper, the ODE tolerances rtol and atol (mg), and the steady-state
        iteration's tolerances and limits. ``pk.simulate`` takes the same names as keywords.
    
        >>> pk.SimulationOptions(path="ode", rtol=1e-10)
        SimulationOptions(path=ode, stepper=automatic, rtol=1e-10, atol=1e-12 mg, bioavailability=nominal)
        
    """
    def __init__(self, bioavailability: FChoice = FChoice.NOMINAL, path: SolverPath = SolverPath.AUTOMATIC, stepper: Stepper = Stepper.AUTOMATIC, rtol: typing.SupportsFloat | typing.SupportsIndex = 1e-08, atol: typing.SupportsFloat | typing.SupportsIndex = 1e-12, max_steps: typing.SupportsInt | typing.SupportsIndex = 100000, steady_state_rtol: typing.SupportsFloat | typing.SupportsIndex = 1e-08, steady_state_atol: typing.SupportsFloat | typing.SupportsIndex = 1e-12, steady_state_max_intervals: typing.SupportsInt | typing.SupportsIndex = 10000, steady_state_window: typing.SupportsFloat | typing.SupportsIndex = 24.0, max_actions: typing.SupportsInt | typing.SupportsIndex = 10000000, max_output_values: typing.SupportsInt | typing.SupportsIndex = 100000000) -> None:
        """
        rtol: relative tolerance; atol: absolute tolerance (mg); max_steps: most steps between two discontinuities; steady_state_rtol, steady_state_atol (mg): when the iteration of an SS record stops; steady_state_max_intervals: most intervals it integrates; steady_state_window: stretch of an SS constant infusion (h) (ODE path); max_actions: most actions the records may imply (doses x ADDL x inputs, infusions twice); max_output_values: most output points x states.
        """
    def __repr__(self) -> str:
        ...
    @property
    def atol(self) -> float:
        """
        mg
        """
    @property
    def bioavailability(self) -> FChoice:
        ...
    @property
    def max_actions(self) -> int:
        ...
    @property
    def max_output_values(self) -> int:
        ...
    @property
    def max_steps(self) -> int:
        ...
    @property
    def path(self) -> SolverPath:
        ...
    @property
    def rtol(self) -> float:
        ...
    @property
    def steady_state_atol(self) -> float:
        """
        mg
        """
    @property
    def steady_state_max_intervals(self) -> int:
        ...
    @property
    def steady_state_rtol(self) -> float:
        ...
    @property
    def steady_state_window(self) -> float:
        """
        h
        """
    @property
    def stepper(self) -> Stepper:
        ...
class Result:
    """
    The outcome of one simulation: ``times`` (h), ``concentration`` (mg/L),
        ``concentration_ng_per_ml``, ``amounts`` (mg, times x states), and what was simulated
        (``model``, ``regimen``, ``span``). ``plot()`` draws it, ``to_dataframe()`` tabulates it,
        ``copy()`` copies it; in Jupyter it shows Cmax, Tmax, AUC and a small curve.
    
        >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"))
        >>> result.state_names
        ['central', 'eliminated']
        >>> result.copy().span == result.span
        True
        
    """
    def __copy__(self) -> _core.Result:
        """
        A copy of the result (its arrays, and what ``simulate`` recorded: model, regimen, span).
        """
    def __deepcopy__(self, memo):
        ...
    def __getstate__(self) -> tuple:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def _copy(self) -> Result:
        ...
    def _repr_html_(self) -> str:
        ...
    def copy(self) -> _core.Result:
        """
        A copy of the result (its arrays, and what ``simulate`` recorded: model, regimen, span).
        """
    def plot(self, path: str | None = None, *, size_px = (900, 500), dpi: int = 100, log: bool = False):
        """
        Plasma concentration (ng/mL) against time (h): a matplotlib Figure, shown in Jupyter.
        
            Saved to ``path`` (PNG, PDF or SVG by its extension) when given; ``log=True`` for a log axis.
        
            >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"))
            >>> result.plot()
            <Figure size 900x500 with 1 Axes>
            
        """
    def state_index(self, name: str) -> int:
        ...
    def to_dataframe(self, *, wide: bool = False):
        """
        The result as a pandas DataFrame.
        
            Long (tidy) format by default: one row per time and quantity, columns ``time_h``,
            ``quantity`` ("concentration_mg_per_l", "concentration_ng_per_ml", the metabolite and effect-site concentrations and the
            effect where present, then each state's amount in mg), ``value``, ``unit``.
            With ``wide=True``: one row per time, a column per quantity.
        
            >>> result = pk.simulate(pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0)), pk.Dose(100.0, "iv_bolus"), t_end=2.0, dt=1.0)
            >>> result.to_dataframe(wide=True)[["time_h", "concentration_ng_per_ml"]].round(1)
               time_h  concentration_ng_per_ml
            0     0.0                   3333.3
            1     1.0                   2729.1
            2     2.0                   2234.4
            
        """
    @property
    def amounts(self) -> numpy.ndarray:
        """
        Amount in every state (mg), times x states, read-only numpy view.
        """
    @property
    def concentration(self) -> numpy.ndarray:
        """
        Plasma concentration (mg/L), read-only numpy view.
        """
    @property
    def concentration_ng_per_ml(self) -> np.ndarray:
        """
        Plasma concentration in ng/mL (a new array).
        """
    @property
    def effect(self) -> typing.Any:
        """
        Effect E(Ce) (unit of E0 and Emax), read-only numpy view; None without a response.
        """
    @property
    def effect_site_concentration(self) -> typing.Any:
        """
        Effect-site concentration Ce (mg/L), read-only numpy view; None without an effect compartment.
        """
    @property
    def infusions_as_bolus(self) -> int:
        """
        Infusions shorter than MIN_INFUSION_DURATION (h), given as a bolus at their start.
        """
    @property
    def metabolite_concentration(self) -> typing.Any:
        """
        Metabolite concentration (mg/L) in the metabolite's own mass (molar_mass_ratio; parent-equivalents when it is 1), read-only numpy view; None without a metabolite.
        """
    @property
    def propagators_computed(self) -> int:
        ...
    @property
    def rejected_steps(self) -> int:
        """
        ODE path: steps rejected by the error control.
        """
    @property
    def solver(self) -> str:
        """
        'exact' or 'ode'.
        """
    @property
    def state_names(self) -> list[str]:
        ...
    @property
    def stepper(self) -> str:
        """
        'matrix_exponential', 'dormand_prince5' or 'rosenbrock4'.
        """
    @property
    def steps(self) -> int:
        """
        Propagation steps (exact path) or accepted steps (ODE path).
        """
    @property
    def times(self) -> numpy.ndarray:
        """
        Output times (h), read-only numpy view.
        """
    @property
    def v1(self) -> float:
        """
        Central volume (L).
        """
class DatasetRecord:
    """
    One record of a dataset.
    """
    @property
    def cmt(self) -> int:
        ...
    @property
    def covariates(self) -> list[float]:
        ...
    @property
    def dv(self) -> float:
        ...
    @property
    def event(self) -> DoseEvent:
        ...
    @property
    def line(self) -> int:
        """
        Line number in the file.
        """
    @property
    def parameters(self) -> list[float]:
        ...
class DatasetSubject:
    """
    The records of one ID.
    """
    @property
    def id(self) -> str:
        ...
    @property
    def records(self) -> list[DatasetRecord]:
        ...
class Dataset:
    """
    A NONMEM-format dataset (ID, TIME h, EVID, AMT mg, CMT, RATE mg/h, II h, ADDL, SS,
        DV, MDV; parameter and covariate columns beside them), read and validated as a whole:
        ``Dataset.read_csv(path)`` or ``Dataset.parse_csv(text)``. ``pk.simulate_dataset`` runs it.
    
        >>> data = pk.Dataset.read_csv(pk.sample_path("ketamine_study"))
        >>> data
        Dataset(5 IDs, 20 records; columns beyond NONMEM's: WT)
        >>> data.subjects[0].id
        '1'
        
    """
    @staticmethod
    def parse_csv(text: str, source: str = '<text>') -> Dataset:
        """
        Parses and validates CSV text.
        """
    @staticmethod
    def read_csv(path: str) -> Dataset:
        """
        Reads and validates a CSV file.
        """
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def covariate_names(self) -> list[str]:
        ...
    @property
    def parameter_names(self) -> list[str]:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def subjects(self) -> list[DatasetSubject]:
        ...
class CsvTable:
    """
    Any CSV file as text cells, read the way every command reads its files: a UTF-8
        byte-order mark skipped, the text checked to be UTF-8 (an error names file, line and column),
        '#' comment lines skipped; ``lines`` gives each row's line in the file.
    
        >>> table = pk.CsvTable.parse("\\ufeffID,TIME,DV\\n# observed\\n1,0,5\\n1,1,4\\n", source="obs.csv")
        >>> table.columns, table.rows, table.lines
        (['ID', 'TIME', 'DV'], [['1', '0', '5'], ['1', '1', '4']], [3, 4])
        
    """
    @staticmethod
    def parse(text: str, source: str = '<text>') -> CsvTable:
        """
        Parses CSV text.
        """
    @staticmethod
    def read(path: str) -> CsvTable:
        """
        Reads a CSV file.
        """
    @property
    def columns(self) -> list[str]:
        """
        The header's cells.
        """
    @property
    def lines(self) -> list[int]:
        """
        The line number of each row in the file.
        """
    @property
    def rows(self) -> list[list[str]]:
        """
        The cells of each row.
        """
    @property
    def source(self) -> str:
        ...
class SubjectResult:
    """
    The simulation of one ID of a dataset: one row per record (h, mg, mg/L),
        with the state amounts, DV and EVID; ``pk.simulate_dataset`` tabulates them all.
    
        >>> data = pk.Dataset.read_csv(pk.sample_path("ketamine_study"))
        >>> model = pk.Model(pk.Disposition.one_compartment(cl=80.0, v1=150.0))
        >>> model.set_absorption("im", pk.Absorption(pk.Bioavailability(0.93), ka=2.0))
        Model(1-compartment: CL 80 L/h, V1 150 L; routes: iv, im)
        >>> pk._core.simulate_subject(model, data, 0)        # what pk.simulate_dataset tabulates
        SubjectResult(ID 1: ... rows, ... h, exact path)
        
    """
    def __repr__(self) -> str:
        ...
    @property
    def amount(self) -> list[float]:
        """
        AMT of each row (mg).
        """
    @property
    def amounts(self) -> numpy.ndarray:
        """
        Amount in every state (mg), rows x states, read-only numpy view.
        """
    @property
    def concentration(self) -> numpy.ndarray:
        """
        Plasma concentration (mg/L), read-only numpy view.
        """
    @property
    def covariates(self) -> numpy.ndarray:
        """
        Covariates of every row, rows x covariates, read-only numpy view.
        """
    @property
    def dv(self) -> list[float]:
        ...
    @property
    def evid(self) -> list[int]:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def line(self) -> list[int]:
        ...
    @property
    def metabolite_concentration(self) -> typing.Any:
        """
        The metabolite's concentration (mg/L), read-only numpy view; None when the model has no metabolite.
        """
    @property
    def rejected_steps(self) -> int:
        """
        ODE path: steps rejected by the error control.
        """
    @property
    def solver(self) -> str:
        """
        'exact' or 'ode'.
        """
    @property
    def state_names(self) -> list[str]:
        ...
    @property
    def stepper(self) -> str:
        """
        'matrix_exponential', 'dormand_prince5' or 'rosenbrock4'.
        """
    @property
    def steps(self) -> int:
        """
        Propagation steps (exact path) or accepted steps (ODE path).
        """
    @property
    def times(self) -> list[float]:
        """
        Row times (h).
        """
class SubjectSchedule:
    """
    One subject for the dataset writer (``pk.write_dataset``): an id, dose
        records, observation times (h) and constant covariates.
    
        >>> schedule = pk.SubjectSchedule("1", [pk.DoseEvent(time=0.0, amount=35.0, route="im")],
        ...                               observation_times=[0.5, 1.0], covariates=[("WT", 70.0)])
        >>> print(pk.to_nonmem_csv([schedule]).splitlines()[0])
        ID,TIME,EVID,AMT,CMT,RATE,DUR,II,ADDL,SS,DV,WT
        
    """
    def __init__(self, id: str, events: collections.abc.Sequence[DoseEvent], observation_times: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], covariates: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]] = []) -> None:
        ...
    @property
    def covariates(self) -> list[tuple[str, float]]:
        ...
    @property
    def events(self) -> list[DoseEvent]:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def observation_times(self) -> list[float]:
        ...
class DrugParameter:
    """
    A model parameter in engine units.
    """
    @property
    def bsv_percent(self) -> float | None:
        """
        CV % or None.
        """
    @property
    def file_value(self) -> float:
        """
        The number as written.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def unit(self) -> str:
        """
        The unit as written.
        """
    @property
    def value(self) -> float:
        """
        Engine units (L, L/h, 1/h): per kg for per-kg models, at the reference weight for allometric models.
        """
class DrugPresystemic:
    """
    A route's presystemic metabolite fraction in a drug file.
    """
    @property
    def fitted_to(self) -> list[str]:
        ...
    @property
    def fraction(self) -> float:
        """
        Of the dose.
        """
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def route(self) -> Route:
        ...
class DrugMetabolite:
    """
    The metabolite of a drug file's model.
    """
    @property
    def analyte(self) -> str:
        ...
    @property
    def fitted_to(self) -> list[str]:
        ...
    @property
    def molar_mass_ratio(self) -> float:
        ...
    @property
    def molar_mass_refs(self) -> list[str]:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def parameters(self) -> dict:
        ...
    @property
    def presystemic(self) -> list[DrugPresystemic]:
        ...
class DrugVariability:
    """
    The published between-subject variability of one parameter (a bsv field): its name as a population takes it, its CV (%; log-normal) or for a fraction its SD on the logit scale (sd_logit; logit-normal; cv_percent is then 0), and the eta it belongs to (shared by parameters that carry one random effect together).
    """
    def __repr__(self) -> str:
        ...
    @property
    def cv_percent(self) -> float:
        ...
    @property
    def eta(self) -> str:
        ...
    @property
    def parameter(self) -> str:
        ...
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def sd_logit(self) -> float:
        ...
class CovariateEffect:
    """
    A covariate's effect on a parameter's typical value (format 6.8): kind linear_above (theta + coefficient max(0, c - reference)), factor (theta coefficient^c, c 0 or 1) or power (theta (c / reference)^coefficient).
    """
    def __getstate__(self) -> tuple[str, str, str, float, float, list[str]]:
        ...
    def __init__(self, covariate: str, parameter: str, kind: str, reference: typing.SupportsFloat | typing.SupportsIndex = 0.0, coefficient: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def apply(self, theta: typing.SupportsFloat | typing.SupportsIndex, c: typing.SupportsFloat | typing.SupportsIndex) -> float:
        """
        The typical value after the effect of covariate value c.
        """
    @property
    def coefficient(self) -> float:
        ...
    @property
    def covariate(self) -> str:
        ...
    @property
    def kind(self) -> str:
        ...
    @property
    def parameter(self) -> str:
        ...
    @property
    def reference(self) -> float:
        ...
    @property
    def refs(self) -> list[str]:
        ...
class DrugModel:
    """
    A disposition model of a drug file.
    """
    def disposition(self, weight: typing.SupportsFloat | typing.SupportsIndex) -> Disposition:
        """
        The Disposition at body weight `weight` (kg) after weight scaling.
        """
    def linear_structure(self, weight: typing.SupportsFloat | typing.SupportsIndex) -> LinearStructure:
        """
        A general linear model's structure at body weight `weight` (kg).
        """
    def metabolite_at(self, weight: typing.SupportsFloat | typing.SupportsIndex) -> Metabolite:
        """
        The Metabolite at body weight `weight` (kg), scaled as the disposition is.
        """
    @property
    def compartments(self) -> int:
        ...
    @property
    def covariate_effects(self) -> list[CovariateEffect]:
        """
        The covariate effects on typical values (format 6.8); empty if none.
        """
    @property
    def derivation_weight_kg(self) -> float:
        """
        Weight (kg) at which a derived ka is solved.
        """
    @property
    def enantiomer(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def linear(self) -> LinearStructure | None:
        """
        A general linear model's structure (volumes and clearances per kg or at the reference weight), or None.
        """
    @property
    def metabolite(self) -> DrugMetabolite | None:
        """
        The model's metabolite (format 6.7), or None.
        """
    @property
    def model_kind(self) -> str:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def parameterisation(self) -> str:
        ...
    @property
    def parameters(self) -> dict:
        ...
    @property
    def population(self) -> str:
        ...
    @property
    def reference_weight_kg(self) -> float | None:
        """
        kg or None.
        """
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def sampling(self) -> str:
        ...
    @property
    def title(self) -> str:
        ...
    @property
    def variability(self) -> list[DrugVariability]:
        """
        The published between-subject variability (bsv fields), in file order; empty when the source publishes none.
        """
    @property
    def weight_scaling(self) -> str:
        ...
class KaSpec:
    """
    Where a route's ka comes from.
    """
    @property
    def fitted_to(self) -> list[str]:
        """
        fitted: the observations it was fitted to.
        """
    @property
    def half_life(self) -> float:
        """
        derived_from_half_life: t1/2 (h).
        """
    @property
    def ka(self) -> float:
        """
        Published or from a half-life (1/h); 0 if solved.
        """
    @property
    def method(self) -> str:
        ...
    @property
    def method_refs(self) -> list[str]:
        ...
    @property
    def path(self) -> str:
        ...
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def tmax(self) -> float:
        """
        derived_from_tmax: the Tmax (h).
        """
class DrugRoute:
    """
    A route of a drug file.
    """
    @property
    def f(self) -> Bioavailability:
        ...
    @property
    def f_refs(self) -> list[str]:
        ...
    @property
    def fitted_to(self) -> list[str]:
        """
        Observations any of the route's parameters was fitted to.
        """
    @property
    def fraction_swallowed(self) -> float:
        ...
    @property
    def ka(self) -> KaSpec | None:
        """
        KaSpec, or None for IV routes.
        """
    @property
    def lag(self) -> float:
        """
        h
        """
    @property
    def lag_fitted_to(self) -> list[str]:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def transit(self) -> TransitAbsorption | None:
        """
        TransitAbsorption, or None.
        """
    @property
    def transit_fitted_to(self) -> list[str]:
        ...
class RouteAlternative:
    """
    A literature preset for one route.
    """
    @property
    def f(self) -> Bioavailability:
        ...
    @property
    def f_refs(self) -> list[str]:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def ka(self) -> KaSpec | None:
        """
        KaSpec, or None (the route's ka is kept).
        """
    @property
    def note(self) -> str:
        ...
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def title(self) -> str:
        ...
class Administration:
    """
    A dose by a route at one or more times.
    """
    def dose_mg(self, weight: typing.SupportsFloat | typing.SupportsIndex) -> float:
        """
        Amount (mg) at `weight` (kg).
        """
    @property
    def dose(self) -> float:
        """
        mg, or mg/kg when dose_per_kg.
        """
    @property
    def dose_basis(self) -> str:
        ...
    @property
    def dose_per_kg(self) -> bool:
        ...
    @property
    def dose_refs(self) -> list[str]:
        ...
    @property
    def duration(self) -> float:
        """
        h (iv_infusion), else 0.
        """
    @property
    def note(self) -> str:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def route_alternative(self) -> str:
        ...
    @property
    def times(self) -> list[float]:
        """
        h from the protocol start.
        """
class Protocol:
    """
    A named dosing protocol of a drug file.
    """
    def regimen(self, weight: typing.SupportsFloat | typing.SupportsIndex) -> Regimen:
        """
        Dose records at `weight` (kg).
        """
    @property
    def administrations(self) -> list[Administration]:
        ...
    @property
    def context(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def enantiomer(self) -> str:
        """
        'racemic' or 'S': the drug given (simulated only with a model of it).
        """
    @property
    def id(self) -> str:
        ...
    @property
    def model(self) -> str:
        """
        The model it is simulated with by default ('' = the drug's default).
        """
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def route_alternatives(self) -> list[str]:
        ...
    @property
    def span(self) -> float:
        """
        First to last administration (h).
        """
    @property
    def title(self) -> str:
        ...
class Band:
    """
    A concentration band or level (mg/L).
    """
    @property
    def enantiomer(self) -> str:
        """
        'racemic' or 'S': the concentrations the band is of.
        """
    @property
    def has_extent(self) -> bool:
        ...
    @property
    def high(self) -> float | None:
        """
        mg/L or None.
        """
    @property
    def kind(self) -> str:
        """
        'observed_peak', 'target_range' or 'threshold'.
        """
    @property
    def low(self) -> float | None:
        """
        mg/L or None.
        """
    @property
    def lower(self) -> float:
        """
        Lower bound (mg/L).
        """
    @property
    def meaning(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def nominal(self) -> float | None:
        """
        mg/L or None.
        """
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def regimen(self) -> str:
        """
        observed_peak: the regimen measured after.
        """
    @property
    def shape(self) -> str:
        ...
    @property
    def spread(self) -> float | None:
        """
        threshold: one SD (mg/L) or None.
        """
    @property
    def unit(self) -> str:
        """
        Display unit of the file ('ng/mL' or 'mg/L').
        """
    @property
    def upper(self) -> float:
        """
        Upper bound (mg/L); inf if above.
        """
class Reference:
    """
    A reference of a drug file.
    """
    @property
    def citation(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def status(self) -> str:
        ...
    @property
    def where_read(self) -> str:
        ...
class ObservedValue:
    """
    A published value with its dispersion.
    """
    @property
    def dispersion(self) -> str:
        ...
    @property
    def high(self) -> float:
        """
        range, iqr, ci: upper bound.
        """
    @property
    def low(self) -> float:
        """
        range, iqr, ci: lower bound.
        """
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def spread(self) -> float:
        """
        sd, sem, unstated: +/-; gsd: factor.
        """
    @property
    def unit(self) -> str:
        """
        The unit as written in the file.
        """
    @property
    def value(self) -> float:
        """
        mg/L (Cmax), h (Tmax) or mg*h/L (AUC).
        """
class Observation:
    """
    A published human observation of a drug file.
    """
    def dose_mg(self) -> float:
        """
        Amount of each dose (mg).
        """
    def regimen(self) -> Regimen:
        """
        The study's dosing design as a Regimen.
        """
    @property
    def analyte(self) -> str:
        ...
    @property
    def auc(self) -> ObservedValue | None:
        """
        ObservedValue (mg*h/L) or None.
        """
    @property
    def auc_end(self) -> float:
        """
        End of the AUC interval (h).
        """
    @property
    def auc_interval(self) -> str:
        ...
    @property
    def auc_ratio(self) -> ObservedValue | None:
        """
        ObservedValue (a metabolite's AUC over the parent's) or None.
        """
    @property
    def auc_ratio_end(self) -> float:
        """
        End of the AUC ratio's interval (h).
        """
    @property
    def auc_ratio_interval(self) -> str:
        ...
    @property
    def cmax(self) -> ObservedValue | None:
        """
        ObservedValue (mg/L) or None.
        """
    @property
    def dose(self) -> float:
        """
        mg, or mg/kg when dose_per_kg.
        """
    @property
    def dose_per_kg(self) -> bool:
        ...
    @property
    def duration(self) -> float:
        """
        iv_infusion duration (h), else 0.
        """
    @property
    def half_life(self) -> ObservedValue | None:
        """
        ObservedValue (h) or None.
        """
    @property
    def id(self) -> str:
        ...
    @property
    def n(self) -> int | None:
        ...
    @property
    def not_counted(self) -> str:
        """
        Why it is shown but never counts ('' = counts if the rules allow).
        """
    @property
    def note(self) -> str:
        ...
    @property
    def population(self) -> str:
        ...
    @property
    def refs(self) -> list[str]:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def sampling(self) -> str:
        ...
    @property
    def status(self) -> str:
        ...
    @property
    def study_f(self) -> float | None:
        """
        The study's own F, or None.
        """
    @property
    def times(self) -> list[float]:
        """
        Dose times (h).
        """
    @property
    def tmax(self) -> ObservedValue | None:
        """
        ObservedValue (h) or None.
        """
    @property
    def weight(self) -> float:
        """
        Body weight behind a mg/kg dose (kg).
        """
class Drug:
    """
    A drug file, loaded and validated (engine units): its models, routes with F ranges,
        protocols, concentration bands and the published observations it is checked against.
        ``pk.load_drug(name_or_path)`` loads one; ``drug.model(...)`` builds a Model.
    
        >>> drug = pk.load_drug("ketamine")
        >>> drug.name, drug.analyte, drug.default_model
        ('ketamine', 'racemic_ketamine', 'domino1984')
        
    """
    @staticmethod
    def __reduce__(drug: _core.Drug):
        ...
    @staticmethod
    def load_file(path: str) -> Drug:
        ...
    def __repr__(self) -> str:
        ...
    def band(self, name: str) -> Band:
        ...
    def bands_for_model(self, model: str | None = None) -> list[Band]:
        """
        The bands of the enantiomer of `model` (None = the default model), every shape: the only ones its curves are measured against or drawn with.
        """
    def check(self, model: str | None = None) -> DrugCheck:
        """
        This drug's defaults against its published observations (see :func:`check_drug`).
        """
    def ka(self, route: Route, model: str | None = None, alternative: str | None = None) -> float:
        """
        Absorption rate constant (1/h) of `route` with `model` (None = default), from `alternative` when given. A ka derived from a Tmax is solved with ka_for_tmax.
        """
    def model(self, weight: typing.SupportsFloat | typing.SupportsIndex = 70.0, model: str | None = None, alternatives: collections.abc.Sequence[str] = []) -> Model:
        """
        The Model at body weight `weight` (kg) with disposition `model` (None = default) and every route; each id of `alternatives` replaces its route's F (and ka).
        """
    def model_spec(self, id: str | None = None) -> DrugModel:
        ...
    def observation(self, id: str) -> Observation:
        """
        The observation `id`.
        """
    def protocol(self, name: str, weight: typing.SupportsFloat | typing.SupportsIndex = 70.0) -> Regimen:
        """
        The dose records (Regimen) of protocol `name` at body weight `weight` (kg).
        """
    def protocol_model(self, name: str, weight: typing.SupportsFloat | typing.SupportsIndex = 70.0, model: str | None = None) -> Model:
        """
        The Model for protocol `name`: model() with the protocol's route alternatives.
        """
    def reference(self, id: str) -> Reference:
        ...
    @property
    def analyte(self) -> str:
        """
        What the drug's models predict.
        """
    @property
    def bands(self) -> list[Band]:
        ...
    @property
    def default_model(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def dose_basis(self) -> str:
        ...
    @property
    def integration_window_h(self) -> float:
        ...
    @property
    def models(self) -> dict:
        ...
    @property
    def molar_mass_base(self) -> float | None:
        """
        g/mol or None.
        """
    @property
    def molar_mass_hydrochloride(self) -> float | None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def observations(self) -> dict:
        ...
    @property
    def protocols(self) -> dict:
        ...
    @property
    def references(self) -> dict:
        ...
    @property
    def route_alternatives(self) -> dict:
        ...
    @property
    def routes(self) -> dict:
        ...
    @property
    def source(self) -> str:
        ...
class RouteMetrics:
    """
    Metrics of one route at one F choice (mg/L, h).
    """
    @property
    def auc_0_inf(self) -> float:
        """
        Exact F.dose/CL (mg.h/L).
        """
    @property
    def auc_0_t(self) -> float:
        """
        Exact AUC over the horizon, eliminated / CL (mg.h/L).
        """
    @property
    def c0(self) -> float:
        """
        IV bolus: dose / V1 with instant mixing (mg/L); nan for other routes.
        """
    @property
    def cmax(self) -> float:
        """
        Peak on the output grid from peak_from on (mg/L).
        """
    @property
    def f(self) -> float:
        """
        Overall bioavailability used (fraction).
        """
    @property
    def metabolite_auc_0_t(self) -> float:
        """
        The metabolite's exact AUC over the horizon (mg.h/L); nan without one.
        """
    @property
    def metabolite_cmax(self) -> float:
        """
        The metabolite's peak on the grid (mg/L, its own mass); nan without one.
        """
    @property
    def metabolite_tmax(self) -> float:
        """
        Time of the metabolite's peak (h); nan without one.
        """
    @property
    def peak_from(self) -> float:
        """
        Time from which cmax, tmax and time in band are read (h): 2 min after an IV bolus, else 0.
        """
    @property
    def time_in_band(self) -> list[float]:
        """
        Hours in each band of the comparison (h).
        """
    @property
    def tmax(self) -> float:
        """
        Time of the peak on the grid (h).
        """
class RouteOutcome:
    """
    One route of a comparison.
    """
    def at(self, choice: FChoice) -> RouteMetrics:
        """
        Metrics at 'nominal', 'low' or 'high'.
        """
    def curve(self, choice: FChoice) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Concentration (mg/L) on the comparison's times at 'nominal', 'low' or 'high'.
        """
    def metabolite_curve(self, choice: FChoice) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        The metabolite's concentration (mg/L, its own mass) likewise; empty without one.
        """
    @property
    def dose(self) -> float:
        """
        mg
        """
    @property
    def duration(self) -> float:
        """
        Infusion duration (h), else 0.
        """
    @property
    def f(self) -> Bioavailability:
        """
        Overall bioavailability (nominal and range).
        """
    @property
    def ka(self) -> float:
        """
        1/h (nan for IV routes).
        """
    @property
    def route(self) -> Route:
        ...
class RouteComparison:
    """
    The outcome of a route comparison.
    """
    @property
    def bands(self) -> list[Band]:
        ...
    @property
    def cl(self) -> float:
        """
        L/h
        """
    @property
    def dose(self) -> float:
        """
        mg
        """
    @property
    def enantiomer(self) -> str:
        """
        'racemic' or 'S' (the model's concentrations); '' on a bare Model.
        """
    @property
    def metabolite(self) -> str:
        """
        The metabolite the outcomes carry ('norketamine'; 'metabolite' on a bare Model with one); '' when the model has none.
        """
    @property
    def routes(self) -> list[RouteOutcome]:
        ...
    @property
    def times(self) -> list[float]:
        """
        Output grid (h).
        """
class IntegrationWindow:
    """
    The window one administration opens.
    """
    @property
    def administration(self) -> int:
        ...
    @property
    def amount(self) -> float:
        """
        mg
        """
    @property
    def end(self) -> float:
        """
        h
        """
    @property
    def route(self) -> Route:
        ...
    @property
    def start(self) -> float:
        """
        h
        """
class SessionCheck:
    """
    Whether a planned session is inside a window.
    """
    @property
    def administration(self) -> int | None:
        ...
    @property
    def hours_since_administration(self) -> float:
        ...
    @property
    def inside(self) -> bool:
        ...
    @property
    def time(self) -> float:
        """
        h
        """
class CheckRow:
    """
    One observation of a check (mg/L, h, mg*h/L).
    """
    @property
    def analyte(self) -> str:
        ...
    @property
    def auc_end(self) -> float:
        """
        h (inf for 0-inf)
        """
    @property
    def auc_fold(self) -> float | None:
        ...
    @property
    def auc_interval(self) -> str:
        ...
    @property
    def auc_observed(self) -> float | None:
        ...
    @property
    def auc_passes(self) -> bool | None:
        ...
    @property
    def auc_predicted(self) -> float | None:
        ...
    @property
    def auc_predicted_at_study_f(self) -> float | None:
        ...
    @property
    def auc_ratio_end(self) -> float:
        """
        h (inf for 0-inf)
        """
    @property
    def auc_ratio_fold(self) -> float | None:
        ...
    @property
    def auc_ratio_interval(self) -> str:
        ...
    @property
    def auc_ratio_observed(self) -> float | None:
        """
        Metabolite AUC / parent AUC over one interval (each in its own mass), or None.
        """
    @property
    def auc_ratio_passes(self) -> bool | None:
        ...
    @property
    def auc_ratio_predicted(self) -> float | None:
        ...
    @property
    def cmax_fold(self) -> float | None:
        """
        Predicted / observed.
        """
    @property
    def cmax_observed(self) -> float | None:
        ...
    @property
    def cmax_passes(self) -> bool | None:
        ...
    @property
    def cmax_predicted(self) -> float | None:
        ...
    @property
    def cmax_predicted_at_study_f(self) -> float | None:
        ...
    @property
    def counts(self) -> bool:
        ...
    @property
    def dose(self) -> float:
        """
        Amount of each dose (mg).
        """
    @property
    def duration(self) -> float:
        """
        Infusion duration (h), else 0.
        """
    @property
    def f_nominal(self) -> float:
        """
        Overall nominal F simulated.
        """
    @property
    def half_life_high(self) -> float | None:
        """
        h, or None.
        """
    @property
    def half_life_low(self) -> float | None:
        """
        h, or None.
        """
    @property
    def half_life_observed(self) -> float | None:
        """
        h, or None.
        """
    @property
    def half_life_passes(self) -> bool | None:
        ...
    @property
    def half_life_predicted(self) -> float | None:
        """
        Terminal half-life of the predicted curve (h): 48-72 h after the last dose.
        """
    @property
    def metabolite(self) -> bool:
        """
        True when the row is the model's metabolite (its own mass).
        """
    @property
    def n(self) -> int | None:
        ...
    @property
    def not_counted_because(self) -> str:
        ...
    @property
    def observation(self) -> str:
        ...
    @property
    def passes(self) -> bool:
        ...
    @property
    def peak_after_mixing(self) -> bool:
        """
        True when Cmax and Tmax are read from 2 min after an IV bolus.
        """
    @property
    def population(self) -> str:
        ...
    @property
    def route(self) -> Route:
        ...
    @property
    def sampling(self) -> str:
        ...
    @property
    def status(self) -> str:
        ...
    @property
    def study_f(self) -> float | None:
        ...
    @property
    def tmax_high(self) -> float | None:
        ...
    @property
    def tmax_interval(self) -> str:
        ...
    @property
    def tmax_low(self) -> float | None:
        ...
    @property
    def tmax_observed(self) -> float | None:
        ...
    @property
    def tmax_passes(self) -> bool | None:
        ...
    @property
    def tmax_predicted(self) -> float | None:
        ...
    @property
    def weight(self) -> float:
        """
        kg
        """
class DrugCheck:
    """
    A drug's defaults against its observations.
    """
    @property
    def counted(self) -> int:
        ...
    @property
    def counted_cmax(self) -> int:
        ...
    @property
    def counted_cmax_metabolite(self) -> int:
        ...
    @property
    def counted_misses(self) -> int:
        ...
    @property
    def drug(self) -> str:
        ...
    @property
    def gmfe_cmax(self) -> float:
        """
        Geometric mean fold error of the counted Cmax values.
        """
    @property
    def gmfe_cmax_metabolite(self) -> float:
        """
        The same over the counted metabolite rows (nan when none).
        """
    @property
    def model(self) -> str:
        ...
    @property
    def passes(self) -> bool:
        ...
    @property
    def rows(self) -> list[CheckRow]:
        ...
class AbsorptionShape:
    """
    An absorption shape replacing a route's for a check.
    """
    def __init__(self, route: Route, ka: typing.SupportsFloat | typing.SupportsIndex, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0, transit: TransitAbsorption | None = None) -> None:
        ...
    @property
    def ka(self) -> float:
        """
        1/h
        """
    @property
    def lag(self) -> float:
        """
        h
        """
    @property
    def route(self) -> Route:
        ...
    @property
    def transit(self) -> TransitAbsorption | None:
        ...
class EtaScale:
    """
    How a random effect acts on its parameter.
    
    Members:
    
      log_normal
    
      logit_normal
    
      additive
    """
    __members__: typing.ClassVar[dict[str, EtaScale]]
    additive: typing.ClassVar[EtaScale]
    log_normal: typing.ClassVar[EtaScale]
    logit_normal: typing.ClassVar[EtaScale]
    @typing.overload
    def __eq__(self, other: EtaScale) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: EtaScale) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class WeightDistribution:
    """
    Log-normal body weights (kg) with a median and a CV, redrawn within [min, max].
    """
    def __init__(self, median: typing.SupportsFloat | typing.SupportsIndex = 70.0, cv: typing.SupportsFloat | typing.SupportsIndex = 0.0, min: typing.SupportsFloat | typing.SupportsIndex = 40.0, max: typing.SupportsFloat | typing.SupportsIndex = 150.0) -> None:
        ...
    @property
    def cv(self) -> float:
        ...
    @property
    def max(self) -> float:
        ...
    @property
    def median(self) -> float:
        ...
    @property
    def min(self) -> float:
        ...
class CovariateDistribution:
    """
    How a covariate other than weight is drawn for each subject: kind normal (a = mean, b = SD) or log_normal (a = median, b = CV), both redrawn within [min, max]; uniform on [a, b); bernoulli (1 with probability a).
    """
    def __init__(self, name: str, kind: str, a: typing.SupportsFloat | typing.SupportsIndex, b: typing.SupportsFloat | typing.SupportsIndex = 0.0, min: typing.SupportsFloat | typing.SupportsIndex = ..., max: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def a(self) -> float:
        ...
    @property
    def b(self) -> float:
        ...
    @property
    def kind(self) -> str:
        ...
    @property
    def max(self) -> float:
        ...
    @property
    def min(self) -> float:
        ...
    @property
    def name(self) -> str:
        ...
class Population:
    """
    What every subject of a population is given.
    """
    dose_per_kg: bool
    f_uniform_in_range: bool
    weight_distribution: WeightDistribution
    weight_scaling: str
    def __init__(self, model: Model, regimen: Regimen) -> None:
        ...
    def set_bands(self, bands: collections.abc.Iterable) -> None:
        """
        (name, low mg/L, high mg/L) per band; high may be inf.
        """
    def set_covariates(self, names: collections.abc.Sequence[str], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], effects: collections.abc.Sequence[CovariateEffect]) -> None:
        """
        Covariates beside weight: names (upper case), values (subjects x names) and the effects that use them.
        """
    def set_residual(self, additive: typing.SupportsFloat | typing.SupportsIndex, proportional: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def set_variability(self, effects: collections.abc.Sequence[tuple[str, EtaScale]], omega: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"]) -> None:
        ...
    @property
    def covariate_distributions(self) -> list[CovariateDistribution]:
        """
        Covariates drawn for each subject (CovariateDistribution list).
        """
    @covariate_distributions.setter
    def covariate_distributions(self, arg0: collections.abc.Sequence[CovariateDistribution]) -> None:
        ...
    @property
    def reference_weight(self) -> float:
        ...
    @reference_weight.setter
    def reference_weight(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def weights(self) -> list[float]:
        ...
    @weights.setter
    def weights(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
class PopulationResult:
    """
    The outcome of a population run or of a chunk of one (mg/L, h).
    """
    def __getstate__(self) -> tuple:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def sketch_percentile(self, time_index: typing.SupportsInt | typing.SupportsIndex, percent: typing.SupportsFloat | typing.SupportsIndex) -> float:
        """
        A percentile (mg/L) read from the histogram (within 1/128 relative of the exact one, or 2^-30 mg/L below the lowest bin).
        """
    @property
    def auc(self) -> numpy.ndarray:
        ...
    @property
    def band_reached(self) -> list[int]:
        ...
    @property
    def bands(self) -> tuple:
        ...
    @property
    def cmax(self) -> numpy.ndarray:
        ...
    @property
    def curves(self) -> typing.Any:
        ...
    @property
    def drawn_covariate_names(self) -> list[str]:
        ...
    @property
    def drawn_covariates(self) -> numpy.ndarray:
        ...
    @property
    def effect_names(self) -> list[str]:
        ...
    @property
    def eta(self) -> numpy.ndarray:
        ...
    @property
    def exact_percentiles(self) -> bool:
        ...
    @property
    def first_subject(self) -> int:
        ...
    @property
    def mean(self) -> numpy.ndarray:
        ...
    @property
    def n_subjects(self) -> int:
        ...
    @property
    def percentile_levels(self) -> list[float]:
        ...
    @property
    def percentiles(self) -> numpy.ndarray:
        ...
    @property
    def time_in_band(self) -> numpy.ndarray:
        ...
    @property
    def times(self) -> numpy.ndarray:
        ...
    @property
    def tmax(self) -> numpy.ndarray:
        ...
    @property
    def weight(self) -> numpy.ndarray:
        ...
def _seconds_per_simulate(model: Model, regimen: Regimen, times: OutputTimes, options: SimulationOptions, calls: typing.SupportsInt | typing.SupportsIndex) -> float:
    """
    Seconds per simulate() call, timed in C++ over `calls` calls (benchmarks only).
    """
def available_drugs(directories: collections.abc.Sequence[str]) -> list[str]:
    """
    Names of the drug files (<name>.json) in `directories`, sorted.
    """
def check_dataset_output_values(data: Dataset, values: typing.SupportsFloat | typing.SupportsIndex, max_output_values: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Raises ValueError, saying what to change, when the IDs' results would hold more than max_output_values values in all.
    """
def check_drug(drug: Drug, model: str | None = None, absorption: collections.abc.Sequence[AbsorptionShape] = [], metabolite: Metabolite | None = None) -> DrugCheck:
    """
    Simulate each observation of `drug` with its study's design at the routes' nominal F; `absorption` replaces routes' absorption shapes and `metabolite` the model's metabolite (used to fit them).
    """
def check_sessions(windows: collections.abc.Sequence[IntegrationWindow], sessions: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> list[SessionCheck]:
    """
    Check session times (h) against integration windows.
    """
@typing.overload
def check_subject(model: Model, data: Dataset, subject: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Checks that the model can simulate every record of subject `subject` (an index).
    """
@typing.overload
def check_subject(model: Model, data: Dataset, subject: typing.SupportsInt | typing.SupportsIndex, options: SimulationOptions, grid_step: typing.SupportsFloat | typing.SupportsIndex = 0.0, grid_end: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> int:
    """
    Checks subject `subject` and its implied actions against options.max_actions; returns the values (rows x states) its result would hold.
    """
def cmt_table(model: Model | None = None) -> list[tuple[int, str, str]]:
    """
    The CMT numbering of a model (default: of route-named models): (CMT, compartment, meaning).
    """
def compare_routes_drug(drug: Drug, dose: typing.SupportsFloat | typing.SupportsIndex, dose_unit: str = 'mg/kg', weight: typing.SupportsFloat | typing.SupportsIndex = 70.0, routes: collections.abc.Sequence[Route] = [], model: str | None = None, alternatives: collections.abc.Sequence[str] = [], bands: collections.abc.Sequence[str] = [], t_end: typing.SupportsFloat | typing.SupportsIndex = 24.0, step: typing.SupportsFloat | typing.SupportsIndex = 0.016666666666666666, infusion_duration: typing.SupportsFloat | typing.SupportsIndex | None = None) -> RouteComparison:
    """
    Compare routes for a drug (dose in mg/kg or mg, weight kg, times h).
    """
def compare_routes_model(model: Model, dose: typing.SupportsFloat | typing.SupportsIndex, routes: collections.abc.Sequence[Route], bands: collections.abc.Sequence[Band] = [], t_end: typing.SupportsFloat | typing.SupportsIndex = 24.0, step: typing.SupportsFloat | typing.SupportsIndex = 0.016666666666666666, infusion_duration: typing.SupportsFloat | typing.SupportsIndex | None = None) -> RouteComparison:
    """
    Compare `dose` (mg) by each route with `model` (t_end, step, duration in h).
    """
def drug_search_path() -> list[str]:
    """
    Directories the C++ loader searches: PKENGINE_DRUG_PATH, then the installed share dir.
    """
def integration_windows(regimen: Regimen, hours: typing.SupportsFloat | typing.SupportsIndex) -> list[IntegrationWindow]:
    """
    The window (h) each administration of `regimen` opens.
    """
def ka_for_tmax(disposition: Disposition, tmax: typing.SupportsFloat | typing.SupportsIndex, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> float:
    """
    Absorption rate constant (1/h) whose single-dose peak time equals tmax (h), after lag (h).
    
    >>> round(pk.ka_for_tmax(pk.Disposition.one_compartment(cl=6.0, v1=30.0), tmax=2.0), 3)  # 1/h
    1.009
    """
def merge_populations(chunks: collections.abc.Sequence[PopulationResult]) -> PopulationResult:
    """
    Joins consecutive chunks into the result of the whole run (same bits).
    """
def normal_quantile(p: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Standard normal quantile (Wichura AS 241), as the population draws use it.
    """
def omega_squared_from_cv(cv: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    omega^2 = ln(1 + cv^2) of a log-normal effect whose CV is `cv` (a fraction).
    """
def parse_route(name: str) -> Route:
    """
    Route from a name such as 'iv_bolus', 'im', 'intranasal', 'oral', 'sublingual'; an
    unknown name raises ValueError naming it.
    
    >>> pk.parse_route("sublingual")
    <Route.SUBLINGUAL: 5>
    """
def protocol_infusion_duration(drug: Drug) -> float:
    """
    Duration (h) of the first iv_infusion among the drug's protocols (file order).
    """
def published_variability(model: DrugModel) -> tuple[list[str], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
    """
    A drug model's published variability as (names, omega): log-normal effects, omega^2 = ln(1 + CV^2), parameters sharing an eta correlated 1.
    """
@typing.overload
def simulate(model: Model, regimen: Regimen, times: OutputTimes, options: SimulationOptions = ...) -> Result:
    ...
@typing.overload
def simulate(model: Model, events: collections.abc.Sequence[DoseEvent], times: OutputTimes, options: SimulationOptions = ...) -> Result:
    ...
def simulate_population(population: Population, n: typing.SupportsInt | typing.SupportsIndex, times: OutputTimes, seed: typing.SupportsInt | typing.SupportsIndex, first_subject: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0, keep_curves: bool = False, keep_nca: bool = True, options: SimulationOptions = ..., progress: typing.Any = None) -> PopulationResult:
    """
    Simulates subjects [first_subject, first_subject + n) on `threads` threads (0: every core) with the GIL released. progress(completed, started) is called about every 50 ms on this thread; Ctrl-C (or an exception from progress) stops the workers.
    """
def simulate_records(model: Model, records: collections.abc.Sequence[DoseEvent], bioavailability: FChoice = FChoice.NOMINAL) -> Result:
    """
    One output per record (h, mg/L), after that record and before later same-time records,
    with the given end of each F range.
    
    >>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))
    >>> records = [pk.DoseEvent(time=0.0, amount=100.0, route="iv_bolus"),
    ...            pk.DoseEvent(time=2.0, amount=0.0, route="iv_bolus", kind=pk.EventKind.OBSERVATION)]
    >>> [round(float(c), 4) for c in pk.simulate_records(model, records).concentration]   # mg/L
    [3.3333, 2.2344]
    """
def simulate_subject(model: Model, data: Dataset, subject: typing.SupportsInt | typing.SupportsIndex, options: SimulationOptions = ..., grid_step: typing.SupportsFloat | typing.SupportsIndex = 0.0, grid_end: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> SubjectResult:
    """
    Simulates one ID (rows: its records in file order, plus a grid every grid_step h) with the options' bioavailability, solver path, stepper and tolerances.
    """
def subject_normals(seed: typing.SupportsInt | typing.SupportsIndex, subject: typing.SupportsInt | typing.SupportsIndex, count: typing.SupportsInt | typing.SupportsIndex) -> list[float]:
    """
    The first `count` standard normal draws of a subject's eta stream (Philox4x32-10).
    """
def tmax_for_ka(disposition: Disposition, ka: typing.SupportsFloat | typing.SupportsIndex, lag: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> float:
    """
    Peak time (h) of one first-order absorbed dose with rate constant ka (1/h) and lag (h).
    
    >>> round(pk.tmax_for_ka(pk.Disposition.one_compartment(cl=6.0, v1=30.0), ka=1.0), 3)   # h
    2.012
    """
def to_nonmem_csv(subjects: collections.abc.Sequence[SubjectSchedule]) -> str:
    """
    The subjects as NONMEM-format CSV text (numbers read back exactly).
    """
def why_not_counted(drug: Drug, observation: Observation) -> str:
    """
    '' when the observation counts for the drug, else why not.
    """
def write_nonmem_csv(path: str, subjects: collections.abc.Sequence[SubjectSchedule]) -> None:
    ...
ALL_ROUTES: list
BOLUS_MIXING_TIME: float = 0.03333333333333333
CHECK_FOLD_LIMIT: float = 2.0
CHECK_GMFE_LIMIT: float = 1.5
CHECK_MISSES_ALLOWED: int = 2
CHECK_TMAX_FACTOR: float = 1.5
DEFAULT_ATOL: float = 1e-12
DEFAULT_MAX_ACTIONS: int = 10000000
DEFAULT_MAX_OUTPUT_VALUES: int = 100000000
DEFAULT_MAX_STEPS: int = 100000
DEFAULT_RTOL: float = 1e-08
DEFAULT_STEADY_STATE_ATOL: float = 1e-12
DEFAULT_STEADY_STATE_MAX_INTERVALS: int = 10000
DEFAULT_STEADY_STATE_RTOL: float = 1e-08
DEFAULT_STEADY_STATE_WINDOW: float = 24.0
MAX_RATE_CONSTANT: float = 1000000000000.0
MIN_INFUSION_DURATION: float = 1e-06
SKETCH_FLOOR: float = 9.313225746154785e-10
SKETCH_RELATIVE_ERROR: float = 0.0078125
__version__: str = '0.1.0'
