"""The read models' plain answers (`scorecard_data`, `progress_data`, over a scorecard of
rows as the API reads it) are byte for byte what their DRF serializers, which stay the
schema, would answer over model instances."""

import io

import pytest
from django.core.management import call_command
from rest_framework.renderers import JSONRenderer

from indicators.models import Indicator
from indicators.read_serializers import (
    ProgressSerializer,
    ScorecardSerializer,
    progress_data,
    scorecard_data,
)
from indicators.selectors import indicator_progress, phase_scorecard
from programmes.models import Phase

pytestmark = pytest.mark.django_db


def _same(plain: dict, drf: dict) -> None:
    assert plain == drf
    assert JSONRenderer().render(plain) == JSONRenderer().render(drf)


def test_the_demo_s_scorecards_and_progress_are_the_serializers_answers():
    call_command("load_demo", stdout=io.StringIO())
    phases = Phase.objects.select_related("programme__area")
    for phase in phases:
        for approved_only in (False, True):
            scorecard = phase_scorecard(phase=phase, approved_only=approved_only)
            rows = phase_scorecard(phase=phase, approved_only=approved_only, as_rows=True)
            _same(scorecard_data(rows), ScorecardSerializer(scorecard).data)
    indicators = Indicator.objects.select_related("phase__programme__area", "previous__phase")
    for indicator in indicators:
        progress = indicator_progress(indicator=indicator)
        _same(progress_data(progress), ProgressSerializer(progress).data)
    assert (len(phases), len(indicators)) == (4, 55)


def test_a_target_by_sex_is_answered_as_its_serializers_do(judged_by_sex):
    indicator = judged_by_sex
    scorecard = phase_scorecard(phase=indicator.phase)
    rows = phase_scorecard(phase=indicator.phase, as_rows=True)
    progress = indicator_progress(indicator=indicator)

    _same(scorecard_data(rows), ScorecardSerializer(scorecard).data)
    _same(progress_data(progress), ProgressSerializer(progress).data)
    line = scorecard_data(rows)["targets"][0]
    assert [(p["sex"], p["actual"], p["status"]) for p in line["parts"]] == [
        ("female", "41.5", "achieved"),
        ("male", "58.5", "achieved"),
    ]
    assert progress_data(progress)["change_by_sex"]["male"]["absolute"] == "-3.5"
