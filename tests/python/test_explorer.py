"""The ipywidgets route explorer builds headless and redraws when a slider moves."""

import struct

import pytest

import pkengine as pk

pytest.importorskip("ipywidgets")


def png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_explorer_builds_and_reacts():
    explorer = pk.explore_routes("ketamine", dose=0.5, weight=70)
    assert png_size(explorer.image.value) == (1200, 520)
    assert explorer.comparison.dose_mg == pytest.approx(35.0, rel=1e-15)
    assert set(explorer.f) == {"im", "intranasal", "oral", "sublingual"}
    assert explorer.f["im"].disabled  # IM F has no range (0.93)
    slider = explorer.f["intranasal"]
    assert (slider.min, slider.value, slider.max) == (0.11, 0.13, 0.5)

    before = explorer.comparison.table.set_index("route").loc["intranasal", "cmax_ng_per_ml"]
    slider.value = 0.26
    after = explorer.comparison.table.set_index("route").loc["intranasal", "cmax_ng_per_ml"]
    # Linear model: Cmax scales with F (exact path accuracy, 1e-9).
    assert after == pytest.approx(before * 0.26 / 0.13, rel=1e-9)

    explorer.weight.value = 35
    assert explorer.comparison.dose_mg == pytest.approx(17.5, rel=1e-15)
    explorer.model.value = "clements1981"
    assert explorer.comparison.model.id == "clements1981"
