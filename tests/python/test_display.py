"""What a user sees in Jupyter: figures that show themselves, summaries with units, copies."""

import copy

import numpy as np
import pytest

import pkengine as pk

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ketamine():
    return pk.load_drug("ketamine")


def test_every_plot_is_a_figure_that_shows_itself_as_png(ketamine):
    comparison = pk.compare_routes(ketamine, dose=0.5, dose_unit="mg/kg", weight=70, routes=["im", "oral"])
    result = pk.simulate(ketamine.model(weight=70), pk.Dose(35.0, "im"))
    figures = [
        comparison.plot(),
        comparison.plot(teaching=True),
        pk.protocol_timeline(ketamine, "kit_single_infusion", weight=70, step_minutes=5).plot(),
        ketamine.check().plot(),
        result.plot(),
    ]
    for figure in figures:
        assert figure._repr_png_().startswith(PNG)


def test_summaries_carry_units(ketamine):
    model = ketamine.model(weight=70)
    regimen = ketamine.protocol("kit_series_murrough2013", weight=70)
    result = pk.simulate(model, regimen)
    comparison = pk.compare_routes(ketamine, dose=35, dose_unit="mg", routes=["im"])
    shown = {
        "result": result._repr_html_(),
        "model": model._repr_html_(),
        "regimen": regimen._repr_html_(),
        "comparison": comparison._repr_html_(),
        "timeline": pk.protocol_timeline(ketamine, "kit_single_infusion", weight=70)._repr_html_(),
        "check": ketamine.check()._repr_html_(),
        "nca": pk.nca.compute(result.times, result.concentration_ng_per_ml)._repr_html_(),
    }
    assert "ng/mL" in shown["result"] and "<svg" in shown["result"] and "last dose at 264.7 h" in shown["result"]
    assert "L/h" in shown["model"] and "KA_ (1/h)" in shown["model"]
    assert "amount (mg)" in shown["regimen"]
    assert "cmax_ng_per_ml" in shown["comparison"] and "time_in" not in shown["comparison"]
    assert "peak ng/mL" in shown["timeline"] and "GMFE" in shown["check"] and "conc.h" in shown["nca"]
    assert "at 0 h" not in repr(result) and repr(result).startswith("Result(0-")


def test_a_simulation_covers_the_whole_regimen(ketamine):
    model = ketamine.model(weight=70)
    regimen = pk.Regimen.repeated(pk.Dose(50.0, "oral"), every=24.0, count=5)  # doses to 96 h
    result = pk.simulate(model, regimen)
    assert result.times[-1] > 96.0 + 5 * 1.9
    assert result.span.startswith("0-") and "last dose at 96" in result.span
    assert result.concentration[-1] < 0.05 * result.concentration.max()


def test_copies_and_parameters_by_name(ketamine):
    model = ketamine.model(weight=70)
    twin = copy.deepcopy(model)
    twin.set_absorption("oral", pk.Absorption(pk.Bioavailability(0.5), ka=1.0))
    assert model.params()["F_ORAL"] == 0.2 and twin.params()["F_ORAL"] == 0.5
    faster = model.with_params(CL=80.0, KA_PO=2.0, F_SL=0.4, LAG_IM=0.1)
    p = faster.params()
    assert (p["CL"], p["KA_ORAL"], p["F_SUBLINGUAL"], p["LAG_IM"]) == (80.0, 2.0, 0.4, 0.1)
    assert model.params()["CL"] != 80.0
    with pytest.raises(ValueError, match="Q4 = 1: not a parameter"):
        model.with_params(Q4=1.0)
    regimen = pk.Regimen.single(pk.Dose(35.0, "im"))
    assert len(regimen.copy()) == 1 and len(copy.copy(regimen)) == 1
    result = pk.simulate(model, regimen)
    other = copy.copy(result)
    assert other.span == result.span and np.array_equal(other.concentration, result.concentration)


@pytest.mark.parametrize(
    "make",
    [
        lambda: pk.Dose(35.0, "rectal"),
        lambda: pk.Dose.per_kg(0.5, weight=70.0, route="rectal"),
        lambda: pk.DoseEvent(time=0.0, amount=1.0, route="rectal"),
        lambda: pk.Model(pk.Disposition.one_compartment(cl=1.0, v1=1.0)).set_absorption(
            "rectal", pk.Absorption(pk.Bioavailability(0.5), ka=1.0)
        ),
    ],
)
def test_every_constructor_gives_the_route_error(make):
    with pytest.raises(ValueError, match="route = 'rectal': unknown route"):
        make()


def test_plot_dataset_reads_dv_in_its_unit(ketamine):
    frame = pk.simulate_dataset(pk.sample_path("ketamine_observed"), lambda s: ketamine.model(weight=s["WT"]))
    assert "concentration_ng_per_ml" in frame.columns

    def markers(figure):
        return figure.axes[0].lines[1].get_ydata()

    in_ng = markers(pk.plot_dataset(frame))
    in_mg = markers(pk.plot_dataset(frame, dv_unit="mg/L"))
    observed = frame[(frame["ID"] == 1) & (frame["EVID"] == 0)]["DV"].to_numpy()
    assert np.allclose(in_ng, observed) and np.allclose(in_mg, 1000 * observed)


def test_a_result_whose_ode_curve_rounds_below_zero_still_shows_itself(ketamine):
    # The Dormand-Prince path ends 400 h after an IV bolus about 2e-13 mg/L below zero (its
    # absolute tolerance over V1): rounding, which the summary counts as 0 rather than failing.
    model = ketamine.model(weight=70)
    regimen = pk.Regimen.single(pk.Dose(50, "iv_bolus"))
    r = pk.simulate(model, regimen, pk.OutputTimes.uniform(0, 400, 0.1), path="ode", stepper="dormand_prince5")
    assert np.min(r.concentration) < 0.0
    assert "Cmax 11338 ng/mL at 0 h" in repr(r)
    assert "Cmax" in r._repr_html_()
