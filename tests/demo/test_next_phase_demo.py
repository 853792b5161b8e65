"""`next-phase/` on the demo's 2016–2020 gender-equality review (issue #19, done when).

The demo's running 2021–2025 phase is still built by hand (see the report of #19); here
it is removed first, so the planning office starts 2021–2025 from the reviewed phase.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.gender_data import FEMALE_JOBS_CODE
from indicators.models import Indicator, Measurement, Target
from indicators.selectors import phase_scorecard
from programmes.models import Area, Objective, Phase
from tests.api_support import api_client
from tests.users import user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed() -> Phase:
    call_command("load_demo", stdout=StringIO())
    running = Phase.objects.get(programme__code="MH-BDG", name="2021–2025")
    Measurement.objects.filter(indicator__phase=running).delete()
    Target.objects.filter(indicator__phase=running).delete()
    Indicator.objects.filter(phase=running).delete()
    Objective.objects.filter(phase=running).delete()
    running.delete()
    return Phase.objects.get(programme__code="MH-BDG", name="2016–2020")


def test_next_phase_on_the_demos_review_continues_every_indicator_from_its_2020_actual(reviewed):
    actuals_2020 = {
        line.indicator.code: line.actual
        for line in phase_scorecard(
            phase=reviewed, area=Area.objects.get(code="MH"), year=2020
        ).lines
    }
    client = api_client(user_in_role("officer", "provincial_officer"))

    response = client.post(
        f"/api/v1/phases/{reviewed.pk}/next-phase/",
        {"name": "2021–2025", "start_year": 2021, "end_year": 2025},
        format="json",
    )

    assert response.status_code == 201
    new = Phase.objects.get(pk=response.json()["id"])
    assert new.previous == reviewed
    indicators = list(Indicator.objects.filter(phase=new).select_related("previous"))
    # The 24 indicators with a target and the female workers given jobs, followed without.
    assert len(indicators) == 25
    assert all(i.previous.phase == reviewed and i.previous.code == i.code for i in indicators)
    proposed = Target.objects.filter(indicator__phase=new).select_related("indicator__previous")
    targets = [t for t in proposed if t.indicator.code != FEMALE_JOBS_CODE]
    assert len(targets) == 25  # 2.1 "ít nhất 40% cho mỗi giới": a female and a male target
    # Every 2016–2020 figure of the demo is a draft: the baselines are provisional.
    assert {
        t.indicator.code: (t.baseline_value, t.baseline_year, t.baseline_provisional)
        for t in targets
        if t.sex == "total"
    } == {code: (actual, 2020, True) for code, actual in actuals_2020.items() if code != "2.1"}
    by_sex = {t.sex: t for t in targets if t.indicator.code == "2.1"}
    assert sorted(by_sex) == ["female", "male"]
    assert (by_sex["female"].baseline_value, by_sex["female"].baseline_year) == (
        actuals_2020["2.1"],
        2020,
    )
    assert by_sex["male"].baseline_value is not None
    old_targets = Target.objects.filter(indicator__phase=reviewed).select_related("indicator")
    assert {(t.indicator.code, t.sex): (t.year, t.value) for t in targets} == {
        (t.indicator.code, t.sex): (2025, t.value) for t in old_targets
    }
    assert len(actuals_2020) == 24 and None not in actuals_2020.values()


def test_the_demos_review_cannot_be_planned_over_itself_or_under_a_name_it_has(reviewed):
    client = api_client(user_in_role("officer", "provincial_officer"))
    url = f"/api/v1/phases/{reviewed.pk}/next-phase/"
    counts = [m.objects.count() for m in (Phase, Objective, Indicator, Target)]

    overlap = client.post(
        url, {"name": "2020–2024", "start_year": 2020, "end_year": 2024}, format="json"
    )
    duplicate = client.post(
        url, {"name": "2011–2015", "start_year": 2021, "end_year": 2025}, format="json"
    )

    assert (overlap.status_code, overlap.json()) == (
        400,
        {"start_year": ["The new phase (2020–2024) must start after 2016–2020 ends (2020)."]},
    )
    assert (duplicate.status_code, duplicate.json()) == (
        400,
        {"name": ['The programme already has a phase named "2011–2015"; choose another name.']},
    )
    assert [m.objects.count() for m in (Phase, Objective, Indicator, Target)] == counts
