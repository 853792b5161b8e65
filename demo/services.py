"""The fictional demo province that `manage.py load_demo` builds.

Tỉnh Minh Hòa (minh họa) is invented, as are its districts, communes and every figure:
the names say "(minh họa)" and the codes start with "MH", so demo statistics can never be
read as a real province's. The data the targets come from is copied into `data/` beside
this file; nothing here reads the domain notes at run time.

Every step is an upsert on a natural key and figures go through
`indicators.services.measurements_save`, so loading twice leaves the same database and
every figure has passed the same rules as one typed in by an officer. Figures stay
drafts: the review workflow approves them, not the loader.
"""

from dataclasses import dataclass

from django.db import transaction

from collection.demo import build_collection_demo
from demo.areas import build_areas
from demo.awards import build_awards
from demo.care import build_care_models
from demo.child_protection import build_child_protection_programme
from demo.gender import build_gender_programme
from indicators.models import Indicator, Measurement, Target
from indicators.selectors import Scorecard, phase_scorecard
from programmes.models import Area, Objective, Phase


@dataclass
class DemoSummary:
    areas: int
    programmes: int
    phases: int
    objectives: int
    indicators: int
    targets: int
    figures: int
    province: Area
    review: Scorecard  # the gender equality programme's 2016–2020 scorecard


@transaction.atomic
def load_demo() -> DemoSummary:
    """Create or update the whole demo province, all or nothing."""
    areas = build_areas()
    gender = build_gender_programme(areas)
    child_protection = build_child_protection_programme(areas)
    build_awards(
        child_protection_phase=Phase.objects.get(programme=child_protection, name="2016–2020"),
        gender_phase=gender.phases["2016–2020"],
    )
    build_care_models(areas, child_protection)
    build_collection_demo()
    programmes = [gender.programme, child_protection]
    return DemoSummary(
        areas=Area.objects.in_tree_of(areas.province).count(),
        programmes=len(programmes),
        phases=Phase.objects.filter(programme__in=programmes).count(),
        objectives=Objective.objects.filter(phase__programme__in=programmes).count(),
        indicators=Indicator.objects.filter(phase__programme__in=programmes).count(),
        targets=Target.objects.filter(indicator__phase__programme__in=programmes).count(),
        figures=Measurement.objects.filter(indicator__phase__programme__in=programmes).count(),
        province=areas.province,
        review=phase_scorecard(phase=gender.phases["2016–2020"], area=areas.province),
    )
