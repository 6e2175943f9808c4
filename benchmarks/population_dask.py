"""Times the population workload (docs/design.md, "Reference case") from Python: 100 000 subjects of
the reference model with variability on CL, V1 and ka (CV 30, 25, 40 %), 15 doses every 12 h,
241 output times (hourly, 0-240 h), summaries only; on 1 and 2 threads locally and on a local
Dask cluster of 2 single-threaded workers, and checks that the Dask result equals the local one.

    .venv/bin/python benchmarks/population_dask.py [--n 100000] [--repetitions 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import pkengine as pk


def reference_model() -> pk.Model:
    per_h = 60.0
    k = pk.MicroConstants(0.4381 * per_h, 0.5921 * per_h, 0.2470 * per_h, 0.5900 * per_h, 0.0146 * per_h)
    model = pk.Model(pk.Disposition.from_micro_constants(3, k, 0.063 * 70.0))
    model.set_absorption("im", pk.Absorption(pk.Bioavailability(1.0), ka=3.0))
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    model = reference_model()
    regimen = pk.Regimen.repeated(pk.Dose(50.0, "im"), every=12.0, count=15)
    times = pk.OutputTimes.uniform(0.0, 240.0, 1.0)
    omega = {"CL": "30%", "V1": "25%", "KA_IM": "40%"}
    arguments = (model, regimen, args.n, times, 1)

    def timed(run):
        seconds = []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            result = run()
            seconds.append(time.perf_counter() - start)
        return statistics.median(seconds), result

    for threads in (1, 2):
        s, local = timed(lambda t=threads: pk.simulate_population(*arguments, omega=omega, threads=t, progress=False))
        print(f"local, {threads} thread(s): {s:.3f} s ({1e6 * s / args.n:.1f} us per subject)")
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            pk.distributed.simulate_population(client, *arguments, omega=omega, progress=False)  # warm-up
            s, remote = timed(
                lambda: pk.distributed.simulate_population(client, *arguments, omega=omega, progress=False)
            )
    same = np.array_equal(remote.summary.to_numpy(), local.summary.to_numpy())
    print(
        f"Dask LocalCluster, 2 workers x 1 thread: {s:.3f} s ({1e6 * s / args.n:.1f} us per subject); same bits as local: {same}"
    )


if __name__ == "__main__":
    main()
