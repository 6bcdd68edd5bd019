"""Body surface area (m2) from weight and height, or entered directly, for per-m2 dosing.

Formulas (weight in kg, height in cm):

* Mosteller 1987 (default): sqrt(height x weight / 3600). N Engl J Med 317:1098, doi:10.1056/NEJM198710223171717
* Haycock 1978: 0.024265 x height^0.3964 x weight^0.5378. J Pediatr 93:62-66, doi:10.1016/S0022-3476(78)80601-5
* DuBois & DuBois 1916: 0.007184 x height^0.725 x weight^0.425. Arch Intern Med 17:863-871
* Gehan & George 1970: 0.0235 x height^0.42246 x weight^0.51456. Cancer Chemother Rep 54:225-235

Coefficients checked against two independent implementations (R packages admiral ``compute_bsa`` and
clinPK ``calc_bsa`` documentation). The seed gives 52 kg and 1.51 m2; Mosteller returns 1.51 m2 for a
height of 157.9 cm, which is therefore the height implied by the seed, not a measured one.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imnm.model import limits

Method = Literal["mosteller", "haycock", "dubois", "gehan_george"]

#: (coefficient, height exponent, weight exponent) of the power-law formulas, height in cm, weight in kg.
POWER_LAW: dict[str, tuple[float, float, float]] = {
    "haycock": (0.024265, 0.3964, 0.5378),
    "dubois": (0.007184, 0.725, 0.425),
    "gehan_george": (0.0235, 0.42246, 0.51456),
}

FORMULA_TEXT: dict[str, str] = {
    "mosteller": "sqrt(height_cm x weight_kg / 3600)",
    "haycock": "0.024265 x height_cm^0.3964 x weight_kg^0.5378",
    "dubois": "0.007184 x height_cm^0.725 x weight_kg^0.425",
    "gehan_george": "0.0235 x height_cm^0.42246 x weight_kg^0.51456",
}

# The same bounds the model enforces at entry (one place: imnm.model.limits).
WEIGHT_KG_RANGE = limits.WEIGHT_KG
HEIGHT_CM_RANGE = limits.HEIGHT_CM
BSA_M2_RANGE = limits.BODY_SURFACE_AREA_M2


class BodySurfaceArea(BaseModel):
    """A body surface area with how it was obtained."""

    model_config = ConfigDict(frozen=True)

    value_m2: float
    method: Literal["mosteller", "haycock", "dubois", "gehan_george", "entered"]
    calculation: str


def _check(name: str, value: float, bounds: tuple[float, float], unit: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}: got {value!r}; expected a number in {unit}")
    lo, hi = bounds
    if not lo <= value <= hi:
        raise ValueError(f"{name}: got {value:g}; expected {lo:g}-{hi:g} {unit}")


def body_surface_area(weight_kg: float, height_cm: float, method: Method = "mosteller") -> BodySurfaceArea:
    """BSA in m2 (unrounded) by the chosen formula; bad input raises ValueError naming field and range."""
    _check("weight_kg", weight_kg, WEIGHT_KG_RANGE, "kg")
    _check("height_cm", height_cm, HEIGHT_CM_RANGE, "cm")
    if method == "mosteller":
        value = math.sqrt(height_cm * weight_kg / 3600.0)
    elif method in POWER_LAW:
        k, a, b = POWER_LAW[method]
        value = k * height_cm**a * weight_kg**b
    else:
        raise ValueError(f"method: got {method!r}; expected one of mosteller, haycock, dubois, gehan_george")
    calc = f"{method}: {FORMULA_TEXT[method]} with height {height_cm:g} cm, weight {weight_kg:g} kg = {value:.2f} m2"
    return BodySurfaceArea(value_m2=value, method=method, calculation=calc)


def entered_body_surface_area(value_m2: float) -> BodySurfaceArea:
    _check("body_surface_area_m2", value_m2, BSA_M2_RANGE, "m2")
    return BodySurfaceArea(value_m2=value_m2, method="entered", calculation=f"entered: {value_m2:g} m2")


def height_from_mosteller(body_surface_area_m2: float, weight_kg: float) -> float:
    """The height (cm) at which Mosteller gives this BSA for this weight: 3600 x BSA^2 / weight."""
    _check("body_surface_area_m2", body_surface_area_m2, BSA_M2_RANGE, "m2")
    _check("weight_kg", weight_kg, WEIGHT_KG_RANGE, "kg")
    return 3600.0 * body_surface_area_m2**2 / weight_kg


def resolve_body_surface_area(
    weight_kg: float | None, height_cm: float | None, entered_m2: float | None, method: Method = "mosteller"
) -> BodySurfaceArea | None:
    """An entered BSA wins (it is what the clinician used); otherwise compute it when height and weight exist."""
    if entered_m2 is not None:
        return entered_body_surface_area(entered_m2)
    if weight_kg is not None and height_cm is not None:
        return body_surface_area(weight_kg, height_cm, method)
    return None
