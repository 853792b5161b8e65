"""Shapes of the read models' answers and queries: the scorecard and an indicator's
progress (`indicators.api.read_models`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import PlainDecimalField
from core.numbers import plain_text
from indicators.models import (
    Comparator,
    PhaseAggregate,
    Sex,
)
from indicators.rules import ChangeHeadline, TargetStatus
from indicators.serializers import YEAR_RANGE, area_field

FIGURES_CHOICES = [
    ("all", _("every figure, whatever its review status")),
    ("approved", _("approved figures only")),
]
FIGURES_HELP = _(
    'Which figures count: "all" (default; drafts included, for monitoring) or "approved" '
    "(only reviewed figures: the official result)."
)


class ScorecardQuerySerializer(serializers.Serializer):
    area = area_field(required=False, help_text=_("Default: the programme's jurisdiction."))
    figures = serializers.ChoiceField(
        choices=FIGURES_CHOICES, required=False, default="all", help_text=FIGURES_HELP
    )
    year = serializers.IntegerField(
        required=False, help_text=_("Default: the phase's end year."), **YEAR_RANGE
    )


class ProgressQuerySerializer(serializers.Serializer):
    area = area_field(required=False, help_text=_("Default: the programme's jurisdiction."))
    figures = serializers.ChoiceField(
        choices=FIGURES_CHOICES, required=False, default="all", help_text=FIGURES_HELP
    )


class ObjectiveScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="objective.pk")
    number = serializers.IntegerField(source="objective.number")
    title = serializers.CharField(source="objective.title")
    targets_total = serializers.IntegerField()
    achieved = serializers.IntegerField()
    not_achieved = serializers.IntegerField()
    no_data = serializers.IntegerField()
    on_track = serializers.IntegerField()
    off_track = serializers.IntegerField()


class ScorecardPartSerializer(serializers.Serializer):
    """One target of a line: a target by sex is judged in one part per sex."""

    target = serializers.IntegerField(source="target.pk")
    sex = serializers.ChoiceField(source="target.sex", choices=Sex.choices)
    comparator = serializers.ChoiceField(source="target.comparator", choices=Comparator.choices)
    target_value = PlainDecimalField(source="target.value", max_digits=20, decimal_places=4)
    value_max = PlainDecimalField(
        source="target.value_max", max_digits=20, decimal_places=4, allow_null=True
    )
    actual = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.ChoiceField(choices=TargetStatus.choices)
    explanation = serializers.CharField()


class ScorecardLineSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.pk")
    indicator = serializers.IntegerField(source="target.indicator_id")
    indicator_code = serializers.CharField(source="target.indicator.code")
    objective = serializers.IntegerField(source="target.indicator.objective_id")
    comparator = serializers.ChoiceField(source="target.comparator", choices=Comparator.choices)
    target_value = PlainDecimalField(source="target.value", max_digits=20, decimal_places=4)
    actual = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.ChoiceField(choices=TargetStatus.choices)
    explanation = serializers.CharField()
    sex = serializers.ChoiceField(source="target.sex", choices=Sex.choices)
    value_max = PlainDecimalField(
        source="target.value_max", max_digits=20, decimal_places=4, allow_null=True
    )
    parts = ScorecardPartSerializer(many=True)


class ScorecardSerializer(serializers.Serializer):
    phase = serializers.IntegerField(source="phase.pk")
    area = serializers.CharField(source="area.code")
    year = serializers.IntegerField()
    targets_total = serializers.IntegerField()
    achieved = serializers.IntegerField()
    not_achieved = serializers.IntegerField()
    no_data = serializers.IntegerField()
    on_track = serializers.IntegerField()
    off_track = serializers.IntegerField()
    objectives = ObjectiveScoreSerializer(many=True)
    targets = ScorecardLineSerializer(many=True, source="lines")


class ProgressPointSerializer(serializers.Serializer):
    period = serializers.CharField()
    actual = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    target = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)


class PreviousPhaseValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    value = PlainDecimalField(max_digits=20, decimal_places=4)
    year = serializers.IntegerField()
    start_year = serializers.IntegerField(allow_null=True)
    aggregate = serializers.ChoiceField(choices=PhaseAggregate.choices)


class ChangeSerializer(serializers.Serializer):
    absolute = PlainDecimalField(max_digits=20, decimal_places=4)
    relative_percent = PlainDecimalField(max_digits=20, decimal_places=2, allow_null=True)
    headline = serializers.ChoiceField(choices=ChangeHeadline.choices)
    aggregate = serializers.ChoiceField(choices=PhaseAggregate.choices)
    series_break = serializers.BooleanField()


class ChangeBySexSerializer(serializers.Serializer):
    female = ChangeSerializer(allow_null=True, source="change_by_sex.female", default=None)
    male = ChangeSerializer(allow_null=True, source="change_by_sex.male", default=None)

    def to_representation(self, instance) -> dict:
        changes = instance or {}
        return {
            sex: None if changes.get(sex) is None else ChangeSerializer(changes[sex]).data
            for sex in ("female", "male")
        }


class ProgressSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    area = serializers.CharField(source="area.code")
    series = ProgressPointSerializer(many=True)
    previous_phase = PreviousPhaseValueSerializer(allow_null=True)
    change = ChangeSerializer(allow_null=True)
    change_by_sex = ChangeBySexSerializer(
        help_text=_(
            "For an indicator judged by sex: each sex's change on the previous phase "
            "(null where it cannot be computed); both null otherwise."
        )
    )


# The same answers as the serializers above, written as plain dicts: a scorecard of 60
# targets through DRF's nested fields costs more than all its queries together. The
# classes stay the schema (`@extend_schema`); tests/indicators/test_read_serializers.py
# checks that both give the same JSON.


def scorecard_data(scorecard) -> dict:
    """`ScorecardSerializer(scorecard).data`, built directly."""
    return {
        "phase": scorecard.phase.pk,
        "area": scorecard.area.code,
        "year": scorecard.year,
        **_counts(scorecard),
        "objectives": [
            {
                "id": score.objective.pk,
                "number": score.objective.number,
                "title": score.objective.title,
                **_counts(score),
            }
            for score in scorecard.objectives
        ],
        "targets": [_line_data(line) for line in scorecard.lines],
    }


def _counts(counts) -> dict:
    return {
        "targets_total": counts.targets_total,
        "achieved": counts.achieved,
        "not_achieved": counts.not_achieved,
        "no_data": counts.no_data,
        "on_track": counts.on_track,
        "off_track": counts.off_track,
    }


def _line_data(line) -> dict:
    target = line.target
    return {
        "target": target.pk,
        "indicator": target.indicator_id,
        "indicator_code": target.indicator.code,
        "objective": target.indicator.objective_id,
        "comparator": str(target.comparator),
        "target_value": plain_text(target.value),
        "actual": plain_text(line.actual),
        "status": str(line.status),
        "explanation": line.explanation,
        "sex": str(target.sex),
        "value_max": plain_text(target.value_max),
        "parts": [
            {
                "target": part.target.pk,
                "sex": str(part.target.sex),
                "comparator": str(part.target.comparator),
                "target_value": plain_text(part.target.value),
                "value_max": plain_text(part.target.value_max),
                "actual": plain_text(part.actual),
                "status": str(part.status),
                "explanation": part.explanation,
            }
            for part in line.parts
        ],
    }


def progress_data(progress) -> dict:
    """`ProgressSerializer(progress).data`, built directly."""
    previous = progress.previous_phase
    return {
        "indicator": progress.indicator.pk,
        "area": progress.area.code,
        "series": [
            {
                "period": point.period,
                "actual": plain_text(point.actual),
                "target": plain_text(point.target),
            }
            for point in progress.series
        ],
        "previous_phase": None
        if previous is None
        else {
            "indicator": previous.indicator.pk,
            "value": plain_text(previous.value),
            "year": previous.year,
            "start_year": previous.start_year,
            "aggregate": str(previous.aggregate),
        },
        "change": _change_data(progress.change),
        "change_by_sex": {
            sex: _change_data((progress.change_by_sex or {}).get(sex)) for sex in ("female", "male")
        },
    }


def _change_data(change) -> dict | None:
    if change is None:
        return None
    return {
        "absolute": plain_text(change.absolute),
        "relative_percent": plain_text(change.relative_percent),
        "headline": str(change.headline),
        "aggregate": str(change.aggregate),
        "series_break": bool(change.series_break),
    }
