"""An interactive route explorer for teaching (Jupyter, ipywidgets): what does this dose look like
in plasma by each route, and how much does the bioavailability range matter?

    import pkengine as pk
    pk.explore_routes()            # in a notebook: sliders for dose, weight and each route's F

ipywidgets is optional (``pip install ipywidgets``); nothing else in pkengine needs it.
"""

from __future__ import annotations

import importlib.util
import io
from typing import Optional, Sequence

from . import _core
from .compare import RouteComparison
from .drugs import load_drug


class RouteExplorer:
    """Sliders (dose in mg/kg, body weight in kg, F of each absorbed route within its literature
    range), a model selector, and the route figure, redrawn on every change.

    Attributes:
        dose, weight, model, f: the widgets (``f`` maps an absorbed route name to its slider).
        image: the figure (an ipywidgets Image holding a PNG).
        comparison: the RouteComparison last drawn.
        widget: the whole explorer (an ipywidgets VBox); displaying the explorer displays it.

    >>> explorer = pk.explore_routes(routes=["oral"])
    >>> explorer.weight.value = 80.0                          # kg: the figure is redrawn
    >>> explorer.comparison.weight
    80.0
    """

    def __init__(self, drug, dose: float, weight: float, model: Optional[str], routes: Sequence[str], hours: float):
        import ipywidgets as widgets

        self.drug = load_drug(drug)
        self.routes = [_core.Route(r) for r in routes]
        self.hours = hours
        style = {"description_width": "10em"}
        layout = widgets.Layout(width="32em")
        self.dose = widgets.FloatSlider(
            value=dose, min=0.05, max=3.0, step=0.05, description="dose (mg/kg)", style=style, layout=layout
        )
        self.weight = widgets.FloatSlider(
            value=weight, min=5.0, max=150.0, step=1.0, description="body weight (kg)", style=style, layout=layout
        )
        self.model = widgets.Dropdown(
            options=list(self.drug.models),
            value=model or self.drug.default_model,
            description="model",
            style=style,
            layout=layout,
        )
        self.f = {}
        for name, route in self.drug.routes.items():
            if route.ka is None or _core.Route(name) not in self.routes:
                continue
            self.f[name] = widgets.FloatSlider(
                value=route.f.nominal,
                min=route.f.low,
                max=route.f.high,
                step=0.01,
                description=f"F {name}",
                disabled=route.f.low == route.f.high,
                style=style,
                layout=layout,
            )
        self.image = widgets.Image(format="png")
        for control in [self.dose, self.weight, self.model, *self.f.values()]:
            control.observe(lambda change: self.update(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([widgets.VBox([self.dose, self.weight, self.model]), widgets.VBox(list(self.f.values()))]),
                self.image,
            ]
        )
        self.comparison: Optional[RouteComparison] = None
        self.update()

    def _model(self) -> _core.Model:
        """The drug's model at the chosen weight, with each route's F set to its slider (the
        literature range kept for the ribbons)."""
        model = self.drug.model(self.weight.value, self.model.value)
        for name, slider in self.f.items():
            absorption = model.absorption(name)
            f = absorption.f
            model.set_absorption(
                name,
                _core.Absorption(
                    _core.Bioavailability(slider.value, f.low, f.high),
                    absorption.ka,
                    absorption.lag,
                    absorption.fraction_swallowed,
                ),
            )
        return model

    def update(self) -> None:
        """Recompute the comparison and redraw the figure."""
        dose_mg = self.dose.value * self.weight.value
        bands = [b for b in self.drug.bands_for_model(self.model.value) if b.shape != "level"]
        result = _core.compare_routes_model(
            self._model(),
            dose_mg,
            self.routes,
            bands,
            t_end=self.hours,
            step=1 / 60,
            infusion_duration=_core.protocol_infusion_duration(self.drug),
        )
        self.comparison = RouteComparison(
            self.drug,
            self.drug.model_spec(self.model.value),
            self.weight.value,
            self.dose.value,
            "mg/kg",
            result,
            1 / 60,
        )
        buffer = io.BytesIO()
        self.comparison.plot(size_px=(1200, 520), dpi=80).savefig(buffer, format="png", dpi=80)
        self.image.value = buffer.getvalue()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def explore_routes(
    drug="ketamine",
    dose: float = 0.5,
    weight: float = 70.0,
    model: Optional[str] = None,
    routes: Sequence[str] = ("iv_infusion", "im", "intranasal", "oral", "sublingual"),
    hours: float = 12.0,
) -> RouteExplorer:
    """An ipywidgets route explorer: sliders for dose (mg/kg), weight (kg) and each route's F.

    The IV bolus is left out by default (its peak dwarfs the other routes); pass ``routes`` to
    choose. Raises ImportError with an install hint when ipywidgets is missing.

    >>> explorer = pk.explore_routes(routes=["im", "oral"])   # shows its sliders in a notebook
    >>> sorted(explorer.f), explorer.dose.value               # F sliders; dose in mg/kg
    (['im', 'oral'], 0.5)
    """
    if importlib.util.find_spec("ipywidgets") is None:
        raise ImportError("pk.explore_routes needs ipywidgets: pip install ipywidgets")
    return RouteExplorer(drug, dose, weight, model, routes, hours)
