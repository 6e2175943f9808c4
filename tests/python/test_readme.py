"""The README runs: every command and code block, from a temporary directory, in order, and each
```text output block shows what the block before it prints (whitespace normalised; ``...``
stands for any text).

The rules are in scripts/readme_blocks.py (``--write`` refreshes the output blocks). C++ and CMake
blocks are built by the consumer test (tests/consumer)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("readme_blocks", ROOT / "scripts" / "readme_blocks.py")
readme_blocks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme_blocks)


@pytest.mark.slow
def test_every_readme_block_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    monkeypatch.delenv("PKENGINE_DRUG_PATH", raising=False)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    results, ran = readme_blocks.run_readme(text, tmp_path)
    assert ran >= 10 and len(results) >= 8
    for line, shown, printed, _, _ in results:
        assert readme_blocks.matches(shown, printed), (
            f"README.md:{line}: the block shows\n{shown}\nbut the commands print\n{printed}"
        )
