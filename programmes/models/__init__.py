"""The frame every figure hangs on: areas (`areas`), programmes, their phases and
objectives (`frame`), and the areas each user is assigned. Care models live in their own
app, `care`. Every model is importable from `programmes.models`."""

from core.history import audit_trail
from core.periods import MAX_YEAR, MIN_YEAR
from programmes.models.areas import (
    KINDS_BY_LEVEL,
    Area,
    AreaAssignment,
    AreaKind,
    AreaLevel,
    AreaQuerySet,
    AreaSuccession,
)
from programmes.models.frame import Objective, Phase, PlanStatus, Programme, Sector

# The owners need `Programme` above; imported last, as the models of one module.
from programmes.owners import ProgrammeOwner

__all__ = [
    "KINDS_BY_LEVEL",
    "MAX_YEAR",
    "MIN_YEAR",
    "Area",
    "AreaAssignment",
    "AreaKind",
    "AreaLevel",
    "AreaQuerySet",
    "AreaSuccession",
    "Objective",
    "Phase",
    "PlanStatus",
    "Programme",
    "ProgrammeOwner",
    "Sector",
    "audit_trail",
]
