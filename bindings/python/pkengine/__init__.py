"""pkengine: pharmacokinetic simulation for every route of administration.

Units everywhere: time h, amount mg, volume L, clearance L/h, rate constants 1/h, weight kg,
concentration mg/L (= ug/mL). ``ng_per_ml`` converts for presentation (ketamine literature
reports ng/mL).

>>> import pkengine as pk
>>> model = pk.Model(pk.Disposition.one_compartment(cl=6.0, v1=30.0))   # L/h, L
>>> result = pk.simulate(model, pk.Dose(100.0, "iv_bolus"))             # mg; covers the dose
>>> result
Result(0-18 h, 1081 points, exact path; Cmax 3333 ng/mL at 0 h, AUC0-t 16211 ng.h/mL)
>>> result.times[:3], result.concentration[:3].round(4)                 # numpy (h, mg/L)
(array([0.        , 0.01666667, 0.03333333]), array([3.3333, 3.3222, 3.3112]))

In Jupyter, objects show a summary with units, and ``.plot()`` returns a figure shown inline.
Quantities on the command line take their unit (``pkengine --help``).
"""

from __future__ import annotations

from . import _core, _docs, calibrate, distributed, nca
from . import display as _display
from ._core import (
    ALL_ROUTES,
    MAX_RATE_CONSTANT,
    MIN_INFUSION_DURATION,
    Absorption,
    Bioavailability,
    Compartment,
    CompartmentDosing,
    CompartmentKind,
    CsvTable,
    Dataset,
    Disposition,
    Dose,
    DoseEvent,
    EffectCompartment,
    EventKind,
    FChoice,
    InvalidInput,
    LinearRouteTarget,
    LinearStructure,
    LinearTransfer,
    Metabolite,
    MichaelisMenten,
    MicroConstants,
    Model,
    ModelledInfusion,
    OutputTimes,
    RateSource,
    Regimen,
    Result,
    Route,
    SigmoidEmax,
    SimulationOptions,
    SolverError,
    SolverPath,
    SteadyState,
    Stepper,
    SubjectResult,
    SubjectSchedule,
    TransitAbsorption,
    ka_for_tmax,
    parse_route,
    simulate_records,
    tmax_for_ka,
)
from .check import DrugCheck, check_drug
from .compare import RouteComparison, compare_routes
from .dataset import cmt_table, plot_dataset, read_dataset, simulate_dataset, to_nonmem_csv, write_dataset
from .drugs import Drug, available_drugs, drug_search_path, load_drug
from .explorer import RouteExplorer, explore_routes
from .model_params import advan, linear_model, params, with_params
from .population import PopulationResult, simulate_population
from .protocols import ProtocolTimeline, check_sessions, integration_windows, protocol_timeline
from .quantity import parse_dose, parse_quantity
from .samples import sample_names, sample_path
from .simulation import simulate
from .units import NG_PER_ML_PER_MG_PER_L, mg_per_l_to_ng_per_ml, ng_per_ml

__version__ = _core.__version__
_display.install()
_docs.install()

__all__ = [
    "ALL_ROUTES",
    "PopulationResult",
    "distributed",
    "simulate_population",
    "MIN_INFUSION_DURATION",
    "MAX_RATE_CONSTANT",
    "DrugCheck",
    "ProtocolTimeline",
    "RouteComparison",
    "RouteExplorer",
    "advan",
    "calibrate",
    "check_drug",
    "check_sessions",
    "compare_routes",
    "explore_routes",
    "integration_windows",
    "protocol_timeline",
    "available_drugs",
    "drug_search_path",
    "load_drug",
    "Absorption",
    "Compartment",
    "CompartmentDosing",
    "CompartmentKind",
    "Bioavailability",
    "CsvTable",
    "Dataset",
    "Disposition",
    "Dose",
    "Drug",
    "DoseEvent",
    "EffectCompartment",
    "EventKind",
    "FChoice",
    "InvalidInput",
    "LinearRouteTarget",
    "LinearStructure",
    "LinearTransfer",
    "linear_model",
    "Metabolite",
    "MichaelisMenten",
    "MicroConstants",
    "Model",
    "ModelledInfusion",
    "NG_PER_ML_PER_MG_PER_L",
    "OutputTimes",
    "RateSource",
    "Regimen",
    "Result",
    "Route",
    "SigmoidEmax",
    "SimulationOptions",
    "SolverError",
    "SolverPath",
    "SteadyState",
    "SubjectResult",
    "SubjectSchedule",
    "cmt_table",
    "Stepper",
    "TransitAbsorption",
    "ka_for_tmax",
    "mg_per_l_to_ng_per_ml",
    "nca",
    "ng_per_ml",
    "params",
    "plot_dataset",
    "parse_dose",
    "parse_quantity",
    "parse_route",
    "sample_names",
    "sample_path",
    "with_params",
    "read_dataset",
    "simulate",
    "simulate_dataset",
    "simulate_records",
    "tmax_for_ka",
    "to_nonmem_csv",
    "write_dataset",
]
