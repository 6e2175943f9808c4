"""The one place where engine units (mg/L) become presentation units (ng/mL)."""

from __future__ import annotations

import numpy as np

#: ng/mL per mg/L (1 mg/L = 1 ug/mL = 1000 ng/mL).
NG_PER_ML_PER_MG_PER_L = 1000.0


def mg_per_l_to_ng_per_ml(concentration_mg_per_l):
    """Concentration in mg/L (scalar or array) -> ng/mL.

    >>> pk.ng_per_ml(0.25)
    array(250.)
    """
    return np.asarray(concentration_mg_per_l, dtype=float) * NG_PER_ML_PER_MG_PER_L


ng_per_ml = mg_per_l_to_ng_per_ml
