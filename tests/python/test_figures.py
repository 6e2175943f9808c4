"""The figures are produced headless: PNG files of the stated pixel size, and no pyplot state."""

import struct

import pytest

import pkengine as pk


def png_size(path):
    """Width and height from the PNG header (IHDR follows the 8-byte signature)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_route_figure(tmp_path):
    comparison = pk.compare_routes("ketamine", dose=0.5, weight=70)
    path = tmp_path / "routes.png"
    figure = comparison.plot(str(path))
    assert path.stat().st_size > 20_000
    assert png_size(path) == (1600, 1150)  # a second row for norketamine
    lin, log = figure.axes[:2]
    assert log.get_yscale() == "log" and lin.get_xlim() == (0.0, 6.0)
    assert len(lin.get_lines()) >= 6  # one nominal line per route (plus level lines)
    nk_labels = [ax.get_ylabel() for ax in figure.axes if "norketamine" in ax.get_ylabel()]
    assert nk_labels == ["plasma norketamine (ng/mL)"] * 2  # linear and log panels
    assert figure.canvas.manager is None  # built without pyplot: no window, no global figure list


def test_route_figure_without_metabolite(tmp_path):
    path = tmp_path / "parent.png"
    figure = pk.compare_routes("ketamine", dose=0.5, weight=70).plot(str(path), metabolite=False)
    assert png_size(path) == (1600, 760)
    assert not any("norketamine" in ax.get_ylabel() for ax in figure.axes)


def test_route_figure_other_size(tmp_path):
    path = tmp_path / "small.png"
    pk.compare_routes("ketamine", dose=30, dose_unit="mg", routes=["oral", "sublingual"]).plot(
        str(path), size_px=(800, 400), dpi=80
    )
    assert png_size(path) == (800, 400)


def test_timeline_figure(tmp_path):
    timeline = pk.protocol_timeline("ketamine", "kit_series_murrough2013", weight=70, sessions=[24, 150])
    path = tmp_path / "kit.png"
    figure = timeline.plot(str(path))
    assert path.stat().st_size > 20_000
    assert png_size(path) == (1600, 950)
    days = figure.axes[0]
    assert days.get_xlim() == (0.0, 13.0)  # 11 days of infusions + the last 48 h window
    assert len(days.patches) >= 6  # one shaded window per administration


@pytest.mark.parametrize(
    "drug, protocol",
    [
        ("esketamine", "esketamine_induction_84mg"),
        ("ketamine", "kap_sublingual_100mg"),
        ("ketamine", "anaesthesia_induction_iv"),
    ],
)
def test_every_kind_of_protocol_plots(tmp_path, drug, protocol):
    path = tmp_path / f"{protocol}.png"
    pk.protocol_timeline(drug, protocol, weight=60, step_minutes=5).plot(str(path), size_px=(900, 600))
    assert png_size(path) == (900, 600)
