"""General linear models (``pk.linear_model``, NONMEM's ADVAN5/7) from Python: the built-in
models they reproduce, a presystemic metabolite's closed form, parameters by NONMEM's names in
Python and in dataset columns, pickling, the drug file and the command line.

Tolerances: 1e-12 relative to the dose between two models with the same system matrix (only the
state order differs); 1e-10 relative to the peak against closed forms (sums of exponentials in
double); errors of a wrong rate, target or F are 1e-3 or larger."""

import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from cli_support import run

import pkengine as pk

LINEAR_DEMO = str(Path(__file__).resolve().parents[1] / "data" / "drugs" / "linear_demo.json")
TIMES = np.arange(0.0, 48.0, 0.25)


def two_compartment_with_depot(**extra):
    return pk.linear_model(
        compartments=["depot", ("central", 20.0), ("peripheral", 30.0)],
        transfers=[
            ("depot", "central", 0.8),
            pk.LinearTransfer("central", None, cl=3.0),
            pk.LinearTransfer("central", "peripheral", cl=2.0),
            pk.LinearTransfer("peripheral", "central", cl=2.0),
        ],
        routes={"oral": pk.LinearRouteTarget("depot", f=0.7, lag=0.5)},
        **extra,
    )


def test_a_two_compartment_model_with_depot_reproduces_advan4():
    general = two_compartment_with_depot()
    advan = pk.advan(4, CL=3.0, V2=20.0, Q=2.0, V3=30.0, KA=0.8, F1=0.7, ALAG1=0.5)
    general = general.with_params(F1=0.7, ALAG1=0.5)  # NONMEM's F1 applies to CMT 1 doses too
    assert [c.name for c in general.compartments()] == ["depot", "central", "peripheral"]
    events = [
        pk.DoseEvent(0.0, 100.0, route="oral"),
        pk.DoseEvent(2.0, 50.0, compartment=1),
        pk.DoseEvent(4.0, 50.0, compartment=2, duration=2.0),
        pk.DoseEvent(6.0, 50.0, compartment=3),
        pk.DoseEvent(8.0, 40.0, route="iv_infusion", duration=1.0),
    ]
    a = pk.simulate(general, events, TIMES)
    b = pk.simulate(advan, events, TIMES)
    assert a.solver == "exact"
    np.testing.assert_allclose(a.concentration * 20.0, b.concentration * 20.0, rtol=0, atol=1e-12 * 290.0)
    ode = pk.simulate(general, events, TIMES, path="ode", rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ode.concentration, a.concentration, rtol=0, atol=1e-6 * 290.0 / 20.0)


def test_presystemic_metabolite_closed_form():
    ka, kh, kf, k10, km, vc, vm, dose = 1.1, 2.0, 0.8, 0.12, 0.35, 25.0, 12.0, 80.0
    model = pk.linear_model(
        compartments=["depot", "liver", ("central", vc), ("metabolite", vm)],
        transfers=[
            ("depot", "liver", ka),
            ("liver", "central", kh),
            ("liver", "metabolite", kf),
            ("central", None, k10),
            ("metabolite", None, km),
        ],
        routes={"oral": "depot"},
        metabolite="metabolite",
    )
    result = pk.simulate(model, pk.Dose(dose, "oral"), TIMES)

    def chain(transfers, loss, t):
        total = 0.0
        for j, lj in enumerate(loss):
            denominator = math.prod(li - lj for i, li in enumerate(loss) if i != j)
            total += math.exp(-lj * t) / denominator
        return dose * transfers * total

    kl = kh + kf
    parent = [chain(ka * kh, [ka, kl, k10], t) / vc for t in TIMES]
    metabolite = [chain(ka * kf, [ka, kl, km], t) / vm for t in TIMES]
    np.testing.assert_allclose(result.concentration, parent, rtol=0, atol=1e-10 * dose / vc)
    np.testing.assert_allclose(result.metabolite_concentration, metabolite, rtol=0, atol=1e-10 * dose / vm)
    np.testing.assert_allclose(result.amounts.sum(axis=1), dose, rtol=1e-12)


def test_parameters_by_nonmem_names_repr_and_dataset_columns(tmp_path):
    model = two_compartment_with_depot()
    assert model.params() == {"K12": 0.8, "CL20": 3.0, "CL23": 2.0, "CL32": 2.0, "V2": 20.0, "V3": 30.0}
    assert model.with_params(K12=1.6).params()["K12"] == 1.6
    assert repr(model).startswith("Model(general linear: 3 compartments (depot, central, peripheral), observed central")
    with pytest.raises(ValueError, match="K21 = 1: not a parameter of this general linear model"):
        model.with_params(K21=1.0)
    # A dataset column K12 sets the absorption rate constant.
    data = tmp_path / "k.csv"
    data.write_text("ID,TIME,AMT,CMT,K12\n1,0,100,1,0.4\n1,6,.,2,0.4\n")
    frame = pk.simulate_dataset(data, model)
    slow = pk.simulate(model.with_params(K12=0.4), [pk.DoseEvent(0.0, 100.0, compartment=1)], [6.0])
    observed = frame[frame["EVID"] == 0]["concentration_mg_per_l"].to_numpy()
    np.testing.assert_allclose(observed, slow.concentration, rtol=1e-12)


def test_validation_errors_name_the_field():
    with pytest.raises(ValueError, match=r"transfers\[0\].to = 'liver': no such compartment"):
        pk.linear_model(["depot", ("central", 5.0)], [("depot", "liver", 1.0)])
    with pytest.raises(ValueError, match=r"compartments\[1\].name = 'depot': declared twice"):
        pk.linear_model(["depot", "depot"], [])
    with pytest.raises(ValueError, match=r"routes\[0\].targets\[0\].f = 1.5"):
        pk.linear_model([("central", 5.0)], [], routes={"oral": {"compartment": "central", "f": 1.5}})
    with pytest.raises(ValueError, match="give exactly one of k"):
        pk.LinearTransfer("a", "b", k=1.0, cl=2.0)
    with pytest.raises(ValueError, match="metabolite .* a general linear model declares"):
        pk.linear_model([("central", 5.0)], [("central", None, 1.0)]).set_metabolite(
            pk.Metabolite(fm=0.5, cl=1.0, v=1.0)
        )


def test_a_general_model_pickles():
    model = two_compartment_with_depot(observed="central").with_params(F3=0.5, ALAG2=1.0)
    model.set_effect_compartment(pk.EffectCompartment(ke0=0.7))
    copy = pickle.loads(pickle.dumps(model))
    assert copy.params() == model.params()
    assert copy.compartment_dosing(3).f == 0.5 and copy.compartment_dosing(2).lag == 1.0
    events = [pk.DoseEvent(0.0, 100.0, route="oral"), pk.DoseEvent(1.0, 10.0, compartment=3)]
    a, b = pk.simulate(model, events, TIMES), pk.simulate(copy, events, TIMES)
    np.testing.assert_array_equal(a.amounts, b.amounts)
    np.testing.assert_array_equal(a.effect_site_concentration, b.effect_site_concentration)
    structure = copy.linear_structure
    assert structure.routes[pk.Route.ORAL][0].lag == 0.5
    assert structure.transfers[0].k == 0.8 and structure.transfers[1].cl == 3.0


def test_drug_file_model_and_command_line(capsys):
    drug = pk.load_drug(LINEAR_DEMO)
    model = drug.model(weight=70)
    assert [c.name for c in model.compartments()] == [
        "gut",
        "liver",
        "central",
        "metabolite",
        "depot_intranasal_central",
    ]
    assert drug.model_spec().parameterisation == "linear"
    assert model.params()["CL23"] == 60.0 and model.params()["CL24"] == pytest.approx(30.0, rel=1e-15)
    result = pk.simulate(model, pk.Dose(100.0, "oral"), TIMES)
    assert result.metabolite_concentration.max() > 0.0
    np.testing.assert_allclose(result.amounts[-1].sum(), 90.0, rtol=1e-12)
    status, out, err = run(capsys, "simulate", "--cmt-table", "--drug", LINEAR_DEMO)
    assert status == 0, err
    lines = out.splitlines()
    assert "gut" in lines[1] and "oral enters it" in lines[1]
    assert "central" in lines[3] and "observed (plasma)" in lines[3]
    assert "depot_intranasal_central" in lines[5] and "depot of the intranasal route" in lines[5]


def test_a_route_target_f_range_is_taken_by_bioavailability_low_and_high(tmp_path):
    target = pk.LinearRouteTarget("gut", f=0.5, f_low=0.3, f_high=0.8)
    assert repr(target) == "LinearRouteTarget('gut', f=0.5, f_low=0.3, f_high=0.8)"
    model = pk.linear_model(
        compartments=[("gut", 0.0), ("central", 10.0)],
        transfers=[pk.LinearTransfer("gut", "central", k=0.5), pk.LinearTransfer("central", None, cl=2.0)],
        routes={"oral": target},
    )
    dose = pk.Dose(40.0, "oral")
    nominal = pk.simulate(model, dose, TIMES).concentration
    for choice, scale in (("low", 0.6), ("high", 1.6)):
        curve = pk.simulate(model, dose, TIMES, bioavailability=choice).concentration
        np.testing.assert_allclose(curve, scale * nominal, rtol=0.0, atol=1e-13 * nominal.max())
    copy = pickle.loads(pickle.dumps(model))
    assert copy.linear_structure.routes[pk.Route.ORAL][0].f_low == 0.3
    assert copy.linear_structure.routes[pk.Route.ORAL][0].f_high == 0.8
    # A drug file gives the range as a route's bioavailability is given: nominal, low, high.
    text = (Path(__file__).parent.parent / "data" / "drugs" / "linear_demo.json").read_text()
    ranged = text.replace(
        '"f": {\n       "value": 0.9,\n       "unit": "fraction",',
        '"f": {\n       "nominal": 0.9,\n       "low": 0.7,\n       "high": 1.0,\n       "unit": "fraction",',
        1,
    )
    assert ranged != text
    path = tmp_path / "linear_demo.json"
    path.write_text(ranged)
    oral = pk.load_drug(path).models["presystemic"].linear.routes[pk.Route.ORAL][0]
    assert (oral.f, oral.f_low, oral.f_high) == (0.9, 0.7, 1.0)
    with pytest.raises(ValueError, match=r"f_low = 0.6: must be <= f = 0.5"):
        pk.linear_model(
            compartments=[("gut", 0.0), ("central", 10.0)],
            transfers=[pk.LinearTransfer("gut", "central", k=0.5), pk.LinearTransfer("central", None, cl=2.0)],
            routes={"oral": pk.LinearRouteTarget("gut", f=0.5, f_low=0.6)},
        )
