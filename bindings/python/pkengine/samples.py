"""Sample data shipped with the package: a NONMEM-format dataset and observed concentrations.

``ketamine_study``: five subjects, mixed routes, body weights and NONMEM items (ADDL, SS, EVID 4),
no observations. ``ketamine_observed``: three subjects with concentrations (DV, ng/mL) to set
against a simulation or to read with ``pkengine nca``; synthetic (see the file's header).

>>> pk.sample_names()
['ketamine_observed', 'ketamine_study']
>>> path = pk.sample_path("ketamine_observed")
>>> pk.nca.by_subject(path, drug="ketamine")["cmax_ng_per_ml"].round(0).tolist()
[220.0, 147.0, 121.0]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Union

#: Directory of the sample files shipped inside the package.
SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "samples"


def sample_names() -> List[str]:
    """Names of the shipped samples (without ``.csv``)."""
    return sorted(p.stem for p in SAMPLE_DIR.glob("*.csv"))


def sample_path(name_or_path: Union[str, "os.PathLike[str]"]) -> str:
    """The path of a file, or of a shipped sample when ``name_or_path`` is not a file but a
    sample's name (``"ketamine_observed"``, with or without ``.csv``)."""
    text = os.fspath(name_or_path)
    if os.path.exists(text):
        return text
    stem = text[:-4] if text.endswith(".csv") else text
    candidate = SAMPLE_DIR / f"{stem}.csv"
    if os.sep not in stem and "/" not in stem and candidate.is_file():
        return str(candidate)
    return text


__all__ = ["SAMPLE_DIR", "sample_names", "sample_path"]
