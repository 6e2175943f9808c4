"""NONMEM-format datasets: read, simulate every ID into a pandas DataFrame, write regimens back.

Units: TIME and II in h, AMT in mg, RATE in mg/h, DUR in h; concentrations in mg/L, amounts in mg.
The columns a dataset may hold, the CMT numbering and the parameter columns (CL, V1, Q2, V2, Q3,
V3, KA_<route>, F_<route>, LAG_<route>, SWALLOWED_<route>, R_<route>, D_<route>) are described
in the README ("Datasets") and by ``cmt_table()``.
"""

from __future__ import annotations

import math
import os
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from .simulation import DosingLike, as_regimen, cover_events, simulation_options
from .units import mg_per_l_to_ng_per_ml

ModelLike = Union[_core.Model, Callable[[Dict[str, object]], _core.Model]]
DataLike = Union[_core.Dataset, str, "os.PathLike[str]"]

#: Order of the state columns in a dataset result (states a model lacks are 0 mg).
_STATE_ORDER = [
    "central",
    "peripheral1",
    "peripheral2",
    "depot_im",
    "depot_intranasal",
    "depot_oral",
    "depot_sublingual",
]


def read_dataset(path: Union[str, "os.PathLike[str]"]) -> _core.Dataset:
    """Read and validate a NONMEM-format CSV file.

    Raises:
        ValueError (pkengine.InvalidInput) naming the file, line and column of every record that
        cannot be understood; nothing is returned then.

    >>> data = pk.read_dataset(pk.sample_path("ketamine_study"))
    >>> len(data), data.covariate_names
    (5, ['WT'])
    """
    return _core.Dataset.read_csv(os.fspath(path))


def cmt_table(model: Optional[_core.Model] = None):
    """The CMT numbering of a model as a DataFrame (CMT, compartment, routes): by default the
    route-named numbering; with ``model`` all its compartments (NONMEM's numbering for
    ``pk.advan`` models).

    >>> pk.cmt_table()["compartment"].tolist()
    ['central', 'depot_im', 'depot_intranasal', 'depot_oral', 'depot_sublingual']
    >>> pk.cmt_table(pk.advan(4, CL=3, V2=20, Q=2, V3=30, KA=0.8))["compartment"].tolist()
    ['depot_oral', 'central', 'peripheral1']
    """
    import pandas as pd

    return pd.DataFrame(_core.cmt_table(model), columns=["CMT", "compartment", "routes"])


def subject_covariates(data: _core.Dataset, subject: _core.DatasetSubject) -> Dict[str, object]:
    """The covariates of an ID's first record (NaN when missing), plus its ``"ID"`` (text)."""
    values = subject.records[0].covariates if subject.records else []
    covariates: Dict[str, object] = dict(zip(data.covariate_names, values))
    covariates["ID"] = subject.id
    return covariates


def _as_dataset(data: DataLike) -> _core.Dataset:
    return data if isinstance(data, _core.Dataset) else read_dataset(data)


def _models_for(data: _core.Dataset, model: ModelLike) -> List[_core.Model]:
    if isinstance(model, _core.Model):
        return [model] * len(data)
    return [model(subject_covariates(data, subject)) for subject in data.subjects]


def _state_columns(results: Sequence[_core.SubjectResult]) -> List[str]:
    seen: List[str] = []
    for r in results:
        seen.extend(name for name in r.state_names if name not in seen)

    def rank(name: str) -> int:
        if name in _STATE_ORDER:
            return _STATE_ORDER.index(name)
        return len(_STATE_ORDER) + {"eliminated": 1, "discarded": 2}.get(name, 0)

    return sorted(seen, key=rank)


def _id_values(ids: Sequence[str]):
    """IDs as numbers when every ID is one (NONMEM IDs are numeric), as text otherwise."""
    try:
        numbers = [float(i) for i in ids]
    except ValueError:
        return list(ids)
    if all(math.isfinite(x) and x == int(x) for x in numbers):
        return [int(x) for x in numbers]
    return numbers


def _frame(data: _core.Dataset, results: Sequence[_core.SubjectResult]):
    import pandas as pd

    states = _state_columns(results)
    ids = _id_values([r.id for r in results])
    parts: Dict[str, list] = {name: [] for name in ["ID", "TIME", "EVID", "AMT", "DV"]}
    parts["concentration_mg_per_l"] = []
    parts["concentration_ng_per_ml"] = []
    # The metabolite's columns when any ID's model has one (NaN for an ID whose model has none).
    metabolite = any(r.metabolite_concentration is not None for r in results)
    if metabolite:
        parts["metabolite_concentration_mg_per_l"] = []
        parts["metabolite_concentration_ng_per_ml"] = []
    for name in states:
        parts[f"{name}_mg"] = []
    for name in data.covariate_names:
        parts[name] = []
    parts["LINE"] = []
    for subject_id, r in zip(ids, results):
        n = len(r.times)
        parts["ID"].append(np.full(n, subject_id, dtype=object if isinstance(subject_id, str) else None))
        parts["TIME"].append(np.asarray(r.times, dtype=float))
        parts["EVID"].append(np.asarray(r.evid, dtype=int))
        parts["AMT"].append(np.asarray(r.amount, dtype=float))
        parts["DV"].append(np.asarray(r.dv, dtype=float))
        parts["concentration_mg_per_l"].append(np.asarray(r.concentration))
        parts["concentration_ng_per_ml"].append(mg_per_l_to_ng_per_ml(r.concentration))
        if metabolite:
            m = r.metabolite_concentration
            m = np.full(n, np.nan) if m is None else np.asarray(m)
            parts["metabolite_concentration_mg_per_l"].append(m)
            parts["metabolite_concentration_ng_per_ml"].append(mg_per_l_to_ng_per_ml(m))
        amounts = np.asarray(r.amounts)
        for name in states:
            j = r.state_names.index(name) if name in r.state_names else -1
            parts[f"{name}_mg"].append(amounts[:, j] if j >= 0 else np.zeros(n))
        covariates = np.asarray(r.covariates)
        for j, name in enumerate(data.covariate_names):
            parts[name].append(covariates[:, j])
        parts["LINE"].append(np.asarray(r.line, dtype=int))
    if not results:
        return pd.DataFrame({name: [] for name in parts})
    return pd.DataFrame({name: np.concatenate(arrays) for name, arrays in parts.items()})


def simulate_dataset(
    data: DataLike,
    model: ModelLike,
    *,
    grid: Optional[float] = None,
    grid_end: Optional[float] = None,
    bioavailability: str = "nominal",
    path: str = "automatic",
    stepper: str = "automatic",
    rtol: float = _core.DEFAULT_RTOL,
    atol: float = _core.DEFAULT_ATOL,
    max_actions: int = _core.DEFAULT_MAX_ACTIONS,
    max_output_values: int = _core.DEFAULT_MAX_OUTPUT_VALUES,
):
    """Simulate every ID of a dataset; a tidy pandas DataFrame, one row per record (and grid time).

    Args:
        data: a Dataset, or the path of a NONMEM-format CSV file.
        model: the Model of every ID, or a function of an ID's covariates (a dict of its first
            record's covariate columns and its "ID") returning its Model, e.g. a drug's model at
            the ID's weight ``lambda c: drug_model(weight=c["WT"])``. Parameter columns of the
            dataset (CL, V1, KA_IM, ...) then change that model from their record on.
        grid: also report every ``grid`` hours from each ID's first record to ``grid_end`` as
            EVID 2 rows.
        grid_end: end of the grid (h). By default each ID's grid covers its doses: to its last
            dose (ADDL repeats, lag and infusion included) plus five of the model's slowest
            half-lives (see ``pk.simulate``), or to its last record when that is later.
        bioavailability: "nominal", "low" or "high" end of each route's F range.
        path: "automatic" (exact for linear models, ODE otherwise), "exact" or "ode".
        stepper: ODE path integrator: "automatic" (Rosenbrock 4 when stiff), "dormand_prince5"
            or "rosenbrock4".
        rtol: ODE path relative tolerance (default 1e-8).
        atol: ODE path absolute tolerance in mg (default 1e-12).
        max_actions: most actions one ID's records may imply (doses x ADDL x inputs, infusions
            twice; default 10 million).
        max_output_values: most values the results of all IDs may hold together (rows x states;
            default 100 million). Both are checked for every ID before any is simulated.

    Returns:
        DataFrame with columns ID, TIME (h), EVID, AMT (mg), DV, concentration_mg_per_l,
        concentration_ng_per_ml, where a model has a metabolite metabolite_concentration_mg_per_l
        and metabolite_concentration_ng_per_ml (NaN for an ID whose model has none), one
        ``<state>_mg`` column per state (mg; 0 for a state the ID's model lacks), the covariate
        columns and LINE (the record's line in the file; 0 for grid rows). Records keep their file
        order; a record reports the state after its own action. ``frame.attrs`` holds, per ID,
        the ``"solver"`` ("exact" or "ode") and ``"stepper"`` that ran.

    Raises:
        ValueError naming file, line and column. Every ID is checked before any is simulated.

    Example: the shipped sample dataset (five IDs), each at its own body weight (WT, kg):

    >>> ketamine = pk.load_drug("ketamine")
    >>> frame = pk.simulate_dataset(pk.sample_path("ketamine_study"), lambda s: ketamine.model(weight=s["WT"]), grid=1.0)
    >>> frame.groupby("ID")["TIME"].max().tolist()          # h: each ID's doses covered
    [18.0, 17.0, 89.0, 89.0, 42.0]
    """
    for name, value in (("grid", grid), ("grid_end", grid_end)):
        if value is not None and not (math.isfinite(float(value)) and float(value) >= 0.0):
            raise _core.InvalidInput(f"{name} = {value}: must be a finite time >= 0 (h)")
    data = _as_dataset(data)
    models = _models_for(data, model)
    options = simulation_options(
        bioavailability,
        path,
        stepper,
        rtol,
        atol,
        _core.DEFAULT_MAX_STEPS,
        _core.DEFAULT_STEADY_STATE_RTOL,
        _core.DEFAULT_STEADY_STATE_ATOL,
        _core.DEFAULT_STEADY_STATE_MAX_INTERVALS,
        _core.DEFAULT_STEADY_STATE_WINDOW,
        max_actions,
        max_output_values,
    )
    step = float(grid) if grid else 0.0
    ends = [float(grid_end) if grid_end else 0.0] * len(models)
    # Every ID is checked (its records, its implied actions), and the whole result bounded
    # (rows x states of every ID), before any is simulated.
    values = [_core.check_subject(m, data, i, options, step, ends[i]) for i, m in enumerate(models)]
    if step and not grid_end:
        for i, (m, subject) in enumerate(zip(models, data.subjects)):
            last_record = subject.records[-1].event.time if subject.records else 0.0
            ends[i] = max(last_record, cover_events(m, [r.event for r in subject.records])[0])
        values = [_core.check_subject(m, data, i, options, step, ends[i]) for i, m in enumerate(models)]
    _core.check_dataset_output_values(data, float(sum(values)), max_output_values)
    results = [_core.simulate_subject(m, data, i, options, step, ends[i]) for i, m in enumerate(models)]
    frame = _frame(data, results)
    ids = _id_values([r.id for r in results])
    frame.attrs["solver"] = {i: r.solver for i, r in zip(ids, results)}
    frame.attrs["stepper"] = {i: r.stepper for i, r in zip(ids, results)}
    return frame


#: Beyond this many IDs, plot_dataset overlays every curve on one panel.
MAX_PANELS = 12


def plot_dataset(frame, dv_unit: str = "ng/mL", path: Optional[str] = None, title: str = ""):
    """The curves of :func:`simulate_dataset`'s frame (ng/mL) with the observations (DV, read in
    ``dv_unit``: "ng/mL" or "mg/L") as hollow markers: one panel per ID, or one panel for all
    beyond 12 IDs. Saved to ``path`` when given; returns the matplotlib Figure (shown in Jupyter).

    >>> ketamine = pk.load_drug("ketamine")
    >>> frame = pk.simulate_dataset(pk.sample_path("ketamine_observed"), lambda s: ketamine.model(weight=s["WT"]), grid=0.1)
    >>> pk.plot_dataset(frame)
    <Figure size 1439x400 with 3 Axes>
    """
    from .plotting import panels_figure

    if dv_unit not in ("ng/mL", "mg/L"):
        raise _core.InvalidInput(f"dv_unit = '{dv_unit}': expected 'ng/mL' or 'mg/L'")
    factor = 1.0 if dv_unit == "ng/mL" else 1000.0
    curves = []
    for subject_id, rows in frame.groupby("ID", sort=False):
        observed = rows[rows["DV"].notna() & (rows["EVID"] == 0)]
        curves.append(
            (
                f"ID {subject_id}",
                rows["TIME"].to_numpy(),
                mg_per_l_to_ng_per_ml(rows["concentration_mg_per_l"].to_numpy()),
                observed["TIME"].to_numpy(),
                observed["DV"].to_numpy(dtype=float) * factor,
            )
        )
    panels = [[c] for c in curves] if len(curves) <= MAX_PANELS else [curves]
    return panels_figure(panels, title or f"simulated (lines) and observed (DV in {dv_unit}, markers)", path=path)


def _schedule(
    dosing: DosingLike,
    times: Optional[Iterable[float]],
    subject_id: Union[int, str],
    covariates: Optional[Mapping[str, float]],
) -> _core.SubjectSchedule:
    events = list(as_regimen(dosing).events)
    obs = [float(t) for t in times] if times is not None else []
    cov = [(str(k), float(v)) for k, v in (covariates or {}).items()]
    return _core.SubjectSchedule(str(subject_id), events, obs, cov)


def to_nonmem_csv(
    dosing: Union[DosingLike, Sequence[_core.SubjectSchedule]],
    times: Optional[Iterable[float]] = None,
    *,
    id: Union[int, str] = 1,
    covariates: Optional[Mapping[str, float]] = None,
) -> str:
    """A regimen (or a list of ``SubjectSchedule``) as NONMEM-format CSV text.

    ``times`` (h) become observation records (EVID 0), placed after the doses at their time;
    ``covariates`` (e.g. ``{"WT": 70}``) become constant columns. The text reads back
    (``Dataset.parse_csv``) into the same simulation.

    >>> print(pk.to_nonmem_csv(pk.Dose(35.0, "im"), times=[1.0], covariates={"WT": 70}))
    ID,TIME,EVID,AMT,CMT,RATE,DUR,II,ADDL,SS,DV,WT
    1,0,1,35,2,0,0,0,0,0,.,70
    1,1,0,0,1,0,0,0,0,0,.,70
    <BLANKLINE>
    """
    if isinstance(dosing, (list, tuple)) and dosing and isinstance(dosing[0], _core.SubjectSchedule):
        return _core.to_nonmem_csv(list(dosing))
    return _core.to_nonmem_csv([_schedule(dosing, times, id, covariates)])


def write_dataset(
    path: Union[str, "os.PathLike[str]"],
    dosing: Union[DosingLike, Sequence[_core.SubjectSchedule]],
    times: Optional[Iterable[float]] = None,
    *,
    id: Union[int, str] = 1,
    covariates: Optional[Mapping[str, float]] = None,
) -> None:
    """Write ``to_nonmem_csv(...)`` to a file.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "regimen.csv")
    >>> pk.write_dataset(path, pk.Regimen.single(pk.Dose(35.0, "im")), times=[0.5, 1, 2], covariates={"WT": 70})
    >>> len(pk.read_dataset(path).subjects[0].records)
    4
    """
    text = to_nonmem_csv(dosing, times, id=id, covariates=covariates)  # errors before the file opens
    with open(os.fspath(path), "w", encoding="utf-8", newline="") as out:
        out.write(text)
