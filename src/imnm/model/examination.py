"""Examination findings at presentation: what the classification criteria and the suspicion rule ask for."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from imnm.model.case import ImnmModel
from imnm.model.limits import CmasItems, Mmt8Items


class Examination(ImnmModel):
    """Signs on examination; ``None`` means not assessed or not reported (never 'absent')."""

    proximal_weakness_upper_limbs: bool | None = Field(None, description="objective symmetric, usually progressive")
    proximal_weakness_lower_limbs: bool | None = None
    neck_flexors_weaker_than_extensors: bool | None = None
    legs_proximal_weaker_than_distal: bool | None = None
    axial_weakness: bool | None = None
    weakness_severity: Literal["none", "mild", "moderate", "marked"] | None = None
    heliotrope_rash: bool | None = None
    gottron_papules: bool | None = None
    gottron_sign: bool | None = None
    skin_lesions: Literal["none", "minimal", "prominent"] | None = Field(
        None, description="overall cutaneous involvement, as the seed's suspicion rule weighs it"
    )
    finger_flexor_weakness: bool | None = Field(
        None, description="weak finger flexors; with no response to treatment, the IBM branch of the EULAR/ACR tree"
    )
    response_to_treatment: Literal["response", "no_response"] | None = Field(
        None, description="response of the weakness to immunosuppressive treatment, as the EULAR/ACR tree asks"
    )
    dysphagia_or_oesophageal_dysmotility: bool | None = None
    myalgia: bool | None = None
    muscle_atrophy: bool | None = None
    cmas_items: CmasItems | None = Field(  # type: ignore[valid-type]
        None, description="Childhood Myositis Assessment Scale: all 14 items, each within its maximum (limits.CMAS_ITEMS)"
    )
    mmt8_items: Mmt8Items | None = Field(  # type: ignore[valid-type]
        None, description="MMT8: all 8 muscle groups, 0-10 each (limits.MMT8_ITEMS)"
    )
