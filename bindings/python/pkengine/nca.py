"""Non-compartmental analysis: the compiled NCA functions, and per-subject tables of observed data.

The functions of the compiled core (``compute``, ``auc``, ``partial_auc``, ``cavg``, ``time_above``, ``time_in_band``, ``intervals_above``, ``intervals_in_band``,
``relative_bioavailability``) are unit-agnostic: time in h and concentration in any one unit.

    table = pk.nca.by_subject(frame, id="ID", time="TIME", conc="DV", conc_unit="ng/mL",
                              thresholds=[100], bands=[("analgesia", 70, 160)])
    table = pk.nca.by_subject(pk.nca.read_observations("data.csv"), drug="ketamine")

Observed data: one row per sample; dose and other records (EVID != 0, or MDV = 1 when there is
no EVID column) are skipped, and a missing concentration ("." or empty, the NONMEM convention)
is skipped. Within a subject, times must increase strictly.
"""

from __future__ import annotations

import math
import os
from typing import Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core

_compiled = _core.nca
AucMethod = _compiled.AucMethod
LambdaZ = _compiled.LambdaZ
LambdaZOptions = _compiled.LambdaZOptions
Metrics = _compiled.Metrics
auc = _compiled.auc
cavg = _compiled.cavg
intervals_above = _compiled.intervals_above
intervals_in_band = _compiled.intervals_in_band
partial_auc = _compiled.partial_auc
relative_bioavailability = _compiled.relative_bioavailability
time_above = _compiled.time_above
time_in_band = _compiled.time_in_band

#: Concentration units accepted for observed data, with their factor to mg/L and column suffixes.
CONCENTRATION_UNITS = {
    "ng/mL": (1e-3, "ng_per_ml", "ng_h_per_ml"),
    "mg/L": (1.0, "mg_per_l", "mg_h_per_l"),
}
#: Time units accepted for observed data and their factor to h.
TIME_UNITS = {"h": 1.0, "min": 1.0 / 60.0}
_METHODS = {"linear_up_log_down": AucMethod.LINEAR_UP_LOG_DOWN, "linear": AucMethod.LINEAR}

BandSpec = Union[Tuple[str, float, float], object]


def compute(t, c, method=AucMethod.LINEAR_UP_LOG_DOWN, lambda_z_options: Optional[LambdaZOptions] = None) -> Metrics:
    """Non-compartmental metrics of one concentration-time curve.

    Args:
        t: sample times (h), strictly increasing.
        c: concentrations at those times, in any one unit (ng/mL, mg/L, ...): Cmax and Clast
            come out in that unit, AUC in that unit times h.
        method: ``AucMethod.LINEAR_UP_LOG_DOWN`` (default) or ``AucMethod.LINEAR``.
        lambda_z_options: terminal-phase regression options (``LambdaZOptions``).

    Returns:
        Metrics: ``cmax``, ``tmax`` (h), ``clast``, ``tlast`` (h), ``auc_0_t``, ``auc_0_inf``,
        ``aumc_0_t``, ``lambda_z`` (a LambdaZ: ``lambda_z`` 1/h, ``r2_adjusted``, ...),
        ``half_life`` (h), ``mrt`` (h), ``auc_extrapolated_fraction``.

    Raises:
        ValueError (pkengine.InvalidInput) naming the array and the value at fault.

    >>> m = pk.nca.compute([0, 1, 2, 4, 8, 12], [0, 80, 60, 30, 8, 2])   # h, ng/mL
    >>> m.cmax, m.tmax, round(m.auc_0_t, 1), round(m.half_life, 2)
    (80.0, 1.0, 280.0, 2.05)
    """
    options = lambda_z_options if lambda_z_options is not None else LambdaZOptions()
    return _compiled.compute(np.asarray(t, dtype=float), np.asarray(c, dtype=float), method, options)


def read_observations(path):
    """Read a CSV of observations as a pandas DataFrame of text columns (conversion and checks
    happen in by_subject), with the reader of every CSV file of pkengine (``CsvTable``): a UTF-8
    byte-order mark is skipped, a file that is not UTF-8 is rejected naming the line.

    Lines starting with ``#`` are comments. A column ``LINE`` is added with each row's line
    number in the file.
    """
    import pandas as pd

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    table = _core.CsvTable.read(path)
    frame = pd.DataFrame(table.rows, columns=table.columns, dtype=str)
    if not table.rows:
        frame = pd.DataFrame({name: pd.Series([], dtype=str) for name in table.columns})
    frame["LINE"] = np.asarray(table.lines, dtype=int)
    return frame


def _column(frame, name: str) -> str:
    if name in frame.columns:
        return name
    matches = [c for c in frame.columns if str(c).lower() == name.lower()]
    if len(matches) == 1:
        return matches[0]
    raise _core.InvalidInput(f"column '{name}': not in the data (columns: {', '.join(map(str, frame.columns))})")


def _numbers(frame, column: str, lines, what: str, missing_ok: bool) -> np.ndarray:
    values = []
    for text, line in zip(frame[column], lines):
        text = str(text).strip()
        if missing_ok and text in ("", "."):
            values.append(math.nan)
            continue
        try:
            value = float(text)
        except ValueError:
            raise _core.InvalidInput(f"line {line}: {column} = '{text}': {what} must be a number") from None
        if not math.isfinite(value) or value < 0:
            raise _core.InvalidInput(f"line {line}: {column} = '{text}': {what} must be finite and >= 0")
        values.append(value)
    return np.array(values, dtype=float)


def _observation_rows(frame) -> np.ndarray:
    """True for rows that are observations (EVID 0, or MDV 0 when there is no EVID)."""
    for flag in ("EVID", "MDV"):
        matches = [c for c in frame.columns if str(c).upper() == flag]
        if matches:
            return np.array([str(v).strip() in ("0", "0.0", "") for v in frame[matches[0]]])
    return np.ones(len(frame), dtype=bool)


def _resolve_bands(bands: Sequence[BandSpec], drug, factor_to_mg_per_l: float) -> List[Tuple[str, float, float]]:
    """(name, low, high) in the data's unit; high is inf for an 'above' band."""
    out = []
    for band in bands:
        if isinstance(band, tuple):
            name, low, high = band
            out.append((str(name), float(low), float(high)))
        else:
            out.append((band.name, band.low / factor_to_mg_per_l, band.upper / factor_to_mg_per_l))
    if drug is not None:
        from .drugs import load_drug

        for band in load_drug(drug).bands:
            if band.shape != "level":
                out.append((band.name, band.low / factor_to_mg_per_l, band.upper / factor_to_mg_per_l))
    return out


def _metrics_row(t, c, method, options, thresholds, bands, conc_suffix, auc_suffix) -> dict:
    m = compute(t, c, method, options)
    row = {
        "n_obs": len(t),
        f"cmax_{conc_suffix}": m.cmax,
        "tmax_h": m.tmax,
        f"clast_{conc_suffix}": m.clast,
        "tlast_h": m.tlast,
        f"auc_0_t_{auc_suffix}": m.auc_0_t,
        f"auc_0_inf_{auc_suffix}": m.auc_0_inf,
        "auc_extrapolated_pct": m.auc_extrapolated_fraction * 100.0,
        "lambda_z_per_h": m.lambda_z.lambda_z if m.lambda_z.ok else math.nan,
        "half_life_h": m.half_life,
        "lambda_z_points": m.lambda_z.n_points,
        "lambda_z_r2_adj": m.lambda_z.r2_adjusted,
        "mrt_h": m.mrt,
    }
    for threshold in thresholds:
        row[f"time_above_{threshold:g}_{conc_suffix}_h"] = time_above(t, c, threshold)
    for name, low, high in bands:
        row[f"time_in_{name}_h"] = time_above(t, c, low) if math.isinf(high) else time_in_band(t, c, low, high)
    return row


def _subjects(frame, id: str, time: str, conc: str, time_unit: str):
    """(ID, times in h, concentrations) of each subject, in order of first appearance, from the
    observation rows with a concentration; checks that times increase strictly."""
    id_col, time_col, conc_col = _column(frame, id), _column(frame, time), _column(frame, conc)
    lines = frame["LINE"].to_numpy() if "LINE" in frame.columns else np.arange(len(frame)) + 1
    keep = _observation_rows(frame)
    frame, lines = frame[keep], lines[keep]
    scale = TIME_UNITS[time_unit]
    t_all = _numbers(frame, time_col, lines, "time", missing_ok=False) * scale
    c_all = _numbers(frame, conc_col, lines, "concentration", missing_ok=True)
    ids = frame[id_col].astype(str).str.strip().to_numpy()
    for subject in dict.fromkeys(ids):
        mask = (ids == subject) & ~np.isnan(c_all)
        t, c, where = t_all[mask], c_all[mask], lines[mask]
        bad = np.nonzero(np.diff(t) <= 0)[0]
        if bad.size:
            i = bad[0] + 1
            raise _core.InvalidInput(
                f"line {where[i]}: ID {subject}: {time_col} = {t[i] / scale:g} does not increase "
                f"(previous sample {t[i - 1] / scale:g}); sort the data by ID and time"
            )
        if len(t) < 2:
            raise _core.InvalidInput(f"ID {subject}: {len(t)} observation(s); NCA needs at least 2")
        yield subject, t, c


def by_subject(
    data,
    id: str = "ID",
    time: str = "TIME",
    conc: str = "DV",
    time_unit: str = "h",
    conc_unit: str = "ng/mL",
    thresholds: Iterable[float] = (),
    bands: Sequence[BandSpec] = (),
    drug=None,
    method: str = "linear_up_log_down",
    lambda_z_options: Optional[LambdaZOptions] = None,
):
    """NCA per subject of observed data: one row per ID (pandas DataFrame).

    Args:
        data: a DataFrame (or a CSV path, read with :func:`read_observations`).
        id, time, conc: column names (matched case-insensitively when not exact).
        time_unit: "h" or "min" (times are converted to h).
        conc_unit: "ng/mL" or "mg/L": the unit of the concentrations, kept in the results.
        thresholds: concentrations (conc_unit) for time-above columns.
        bands: (name, low, high) tuples in conc_unit (high = inf for "above"), or drug Bands.
        drug: a drug name or Drug whose range and above bands are added.
        method: "linear_up_log_down" (default) or "linear".
        lambda_z_options: terminal-phase regression options.

    Returns:
        Columns ``ID``, ``n_obs``, ``cmax_<u>``, ``tmax_h``, ``clast_<u>``, ``tlast_h``,
        ``auc_0_t_<U>``, ``auc_0_inf_<U>``, ``auc_extrapolated_pct``, ``lambda_z_per_h``,
        ``half_life_h``, ``lambda_z_points``, ``lambda_z_r2_adj``, ``mrt_h``, then
        ``time_above_<x>_<u>_h`` and ``time_in_<band>_h`` (h), where <u> is ng_per_ml or
        mg_per_l and <U> ng_h_per_ml or mg_h_per_l.

    Raises:
        ValueError naming the column, line, ID or value at fault.
    """
    import pandas as pd

    if conc_unit not in CONCENTRATION_UNITS:
        raise _core.InvalidInput(f"conc_unit = '{conc_unit}': expected 'ng/mL' or 'mg/L'")
    if time_unit not in TIME_UNITS:
        raise _core.InvalidInput(f"time_unit = '{time_unit}': expected 'h' or 'min'")
    if method not in _METHODS:
        raise _core.InvalidInput(f"method = '{method}': expected 'linear_up_log_down' or 'linear'")
    frame = read_observations(data) if not isinstance(data, pd.DataFrame) else data
    factor, conc_suffix, auc_suffix = CONCENTRATION_UNITS[conc_unit]
    band_list = _resolve_bands(bands, drug, factor)
    threshold_list = [float(x) for x in thresholds]
    options = lambda_z_options or LambdaZOptions()
    rows = []
    for subject, t, c in _subjects(frame, id, time, conc, time_unit):
        row = {"ID": subject}
        row.update(_metrics_row(t, c, _METHODS[method], options, threshold_list, band_list, conc_suffix, auc_suffix))
        rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs.update(conc_unit=conc_unit, method=method)
    return table
