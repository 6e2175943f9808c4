"""Populations beyond one machine: the same run split into chunks of subjects on a Dask cluster.

Subject i draws from its own streams (seed, i), and the summaries merge exactly (integer sums),
so the result is the same, bit for bit, as :func:`pkengine.simulate_population` on one machine.

>>> from dask.distributed import Client                    # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                # a real cluster  # doctest: +SKIP
>>> result = pkengine.distributed.simulate_population(     # doctest: +SKIP
...     client, "ketamine", pk.Dose(35.0, "im"), 1_000_000, times, seed=1, model="herd2007")

Needs the optional extra ``pkengine[distributed]`` (``dask.distributed``).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Union

from . import _core
from .population import PopulationResult, PopulationSpec, _threads, _title, make_spec, run_chunk


def _run(spec: PopulationSpec, first: int, n: int, times, seed: int, curves: bool, threads: int):
    return run_chunk(spec, first, n, times, seed, curves, threads)


def chunks(n: int, chunk_size: int):
    """The subject ranges [first, first + size) of n subjects in chunks of chunk_size."""
    return [(first, min(chunk_size, n - first)) for first in range(0, n, chunk_size)]


def simulate_population(
    client,
    model_or_drug,
    regimen,
    n: int,
    times,
    seed: int,
    omega=None,
    covariates=None,
    curves: bool = False,
    threads: Optional[int] = 1,
    progress: Union[bool, Callable[[int, int], None]] = True,
    *,
    chunk_size: Optional[int] = None,
    **kwargs: Any,
) -> PopulationResult:
    """:func:`pkengine.simulate_population` on the Dask cluster of ``client``
    (``dask.distributed.Client``), in chunks of ``chunk_size`` subjects (default: four chunks per
    worker), each run on ``threads`` threads of its worker (default 1: Dask runs one chunk per
    worker thread). Same arguments and result, bit-identical to the local run. ``progress``:
    True shows chunks done on stderr, or a callable(completed subjects, n)."""
    from .simulation import as_output_times

    spec = make_spec(model_or_drug, regimen, n, omega, covariates, **_spec_keywords(kwargs))
    output = as_output_times(times, 0.0, 0.0, 1.0)
    if chunk_size is None:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        chunk_size = max(1, math.ceil(n / (4 * workers)))
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise _core.InvalidInput(f"chunk_size = {chunk_size!r}: must be a whole number >= 1")
    # hash=False: a key of its own per call, so one call releasing its data never takes it from
    # another call with the same arguments.
    spec_future = client.scatter(spec, broadcast=True, hash=False)
    futures = [
        client.submit(_run, spec_future, first, size, output, int(seed), bool(curves), _threads(threads), pure=False)
        for first, size in chunks(int(n), chunk_size)
    ]
    if progress:
        from dask.distributed import as_completed

        report = progress if callable(progress) else _ChunkProgress(int(n))
        done = 0
        for future in as_completed(futures):
            done += future.result().n_subjects
            report(done, int(n))
    parts = client.gather(futures)
    return PopulationResult(_core.merge_populations(parts), title=_title(model_or_drug))


def _spec_keywords(kwargs: dict) -> dict:
    names = ("model", "dose_per_kg", "omega_scales", "residual", "bands", "f_range", "weight_scaling")
    spec = {k: kwargs.pop(k) for k in names if k in kwargs}
    spec["solver_options"] = kwargs
    return spec


class _ChunkProgress:
    def __init__(self, total: int):
        from .population import TextProgress

        self.bar = TextProgress(total, after_s=0.0)

    def __call__(self, completed: int, total: int) -> None:
        self.bar(completed, completed)
