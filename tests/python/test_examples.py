"""The Python example runs headless and writes its figures."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"


def test_ketamine_routes_example(tmp_path):
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "ketamine_routes.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={"MPLBACKEND": "Agg", "PATH": ""},
    )
    assert "ketamine 0.5 mg/kg x 70 kg = 35 mg by each route" in done.stdout
    assert "intranasal 50 mg, Intranasal spray 25 mg, adults (Yanagihara 2003, n = 3)" in done.stdout
    assert "ketamine with domino1984 meets its targets" in done.stdout
    assert (tmp_path / "ketamine_routes_python.png").stat().st_size > 20_000
    assert (tmp_path / "ketamine_kit_series_python.png").stat().st_size > 20_000
