"""Drug files: ``load_drug("ketamine")`` and where drug files are found.

A drug file (format ``pkengine-drug/1``, see docs/drug-file-format.md) holds a drug's disposition
models, routes with bioavailability ranges, literature presets per route, dosing protocols,
concentration bands and a reference for every number. The C++ core reads and validates it; this
module finds it.

>>> drug = pk.load_drug("ketamine")
>>> drug.default_model
'domino1984'
>>> model = drug.model(weight=70)                    # Model, default disposition, every route
>>> model = drug.model(weight=70, model="clements1981", alternatives=["intranasal_singh2022"])
>>> regimen = drug.protocol("kit_series_murrough2013", weight=70)
>>> regimen
Regimen(6 records: 35 mg iv_infusion over 40 min at 0, 48, 96, 168, 216, 264 h)

Search order for a name: each directory of the environment variable ``PKENGINE_DRUG_PATH``
(separated by ``os.pathsep``), then the drug files shipped in the package (``pkengine/data/drugs``).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import List, Union

from . import _core

Drug = _core.Drug

#: Directory of the drug files shipped inside the package.
PACKAGE_DRUG_DIR = Path(__file__).resolve().parent / "data" / "drugs"


def drug_search_path() -> List[Path]:
    """Directories searched for ``<name>.json``: ``PKENGINE_DRUG_PATH`` entries, then the package's.

    >>> pk.drug_search_path()[-1].name
    'drugs'
    """
    entries = [Path(p) for p in os.environ.get("PKENGINE_DRUG_PATH", "").split(os.pathsep) if p]
    return entries + [PACKAGE_DRUG_DIR]


def available_drugs() -> List[str]:
    """Names of every drug file in the search path, sorted.

    >>> pk.available_drugs()
    ['esketamine', 'ketamine']
    """
    return _core.available_drugs([str(d) for d in drug_search_path()])


def find_drug_file(name_or_path: Union[str, os.PathLike]) -> Path:
    """The file for a drug name, or the path itself when it names a ``.json`` file or a directory part.

    Raises:
        ValueError (pkengine.InvalidInput) when no file of that name is in the search path.
    """
    text = os.fspath(name_or_path)
    if text.endswith(".json") or os.sep in text or "/" in text:
        return Path(text)
    for directory in drug_search_path():
        candidate = directory / f"{text}.json"
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in drug_search_path())
    raise _core.InvalidInput(
        f"drug = '{text}': no drug file '{text}.json' in the search path ({searched}; "
        "set PKENGINE_DRUG_PATH to add directories)"
    )


@functools.lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int) -> _core.Drug:
    # Keyed on the modification time too, so an edited file is read again. One Drug per file
    # also shares its cache of derived ka values between calls. The content read here is what
    # the Drug pickles as, even if the file changes later.
    with open(path, "rb") as source:
        content = source.read()
    drug = _core.Drug.load_file(path)
    _CONTENT[drug] = content
    return drug


def load_drug(name_or_path: Union[str, os.PathLike, _core.Drug]) -> _core.Drug:
    """Load a drug by name (``"ketamine"``) or from a path to its JSON file.

    Returns a validated ``Drug`` (engine units: h, mg, L, L/h, 1/h, kg, mg/L). A Drug passed in is
    returned as it is.

    Raises:
        ValueError (pkengine.InvalidInput) naming the file and the JSON key of the first problem,
        e.g. ``ketamine.json: models.domino1984.parameters.V1.unit = 'L/lb': unknown volume unit``.

    >>> drug = pk.load_drug("ketamine")
    >>> sorted(drug.routes)
    ['im', 'intranasal', 'iv_bolus', 'iv_infusion', 'oral', 'sublingual']
    >>> drug.routes["intranasal"].f
    Bioavailability(nominal=0.130000, low=0.110000, high=0.500000)
    """
    if isinstance(name_or_path, _core.Drug):
        return name_or_path
    path = find_drug_file(name_or_path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise _core.InvalidInput(f"{path}: cannot open the drug file") from None
    return _load(str(path), mtime)


#: The file content each Drug was loaded from (by load_drug or by unpickling, whose temporary
#: file is gone): a Drug pickles as the content it was made from, not as its path.
_CONTENT: "weakref.WeakKeyDictionary[_core.Drug, bytes]" = weakref.WeakKeyDictionary()


def drug_from_content(name: str, content: bytes) -> _core.Drug:
    """A Drug from the content of its JSON file (how a Drug unpickles: by content, not path)."""
    directory = tempfile.mkdtemp(prefix="pkengine-drug-")
    try:
        path = os.path.join(directory, f"{name}.json")
        with open(path, "wb") as out:
            out.write(content)
        drug = _core.Drug.load_file(path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    _CONTENT[drug] = content
    return drug


def _reduce_drug(drug: _core.Drug):
    content = _CONTENT.get(drug)
    if content is None:  # made by Drug.load_file directly: the file as it is now
        with open(drug.source, "rb") as source:
            content = source.read()
    return drug_from_content, (drug.name, content)


_core.Drug.__reduce__ = _reduce_drug
