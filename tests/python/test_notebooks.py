"""The notebooks of examples/notebooks run headless from top to bottom, and every figure cell
(tagged "figure") shows an image/png: a figure that displays in Jupyter, not a bare repr."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_shows_its_figures(path, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.delenv("PKENGINE_DRUG_PATH", raising=False)
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    figures = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        kinds = [set(output.get("data", {})) for output in cell.outputs]
        if "figure" in cell.metadata.get("tags", []):
            figures += 1
            assert any("image/png" in k for k in kinds), f"{path.name} cell {index}: no image/png in {kinds}"
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name} cell {index}: {output}"
    assert figures >= 1
