"""The API's shape of indicators, targets, figures and the read models (DESIGN.md §6).

Serializers describe shape only; the rules run in `indicators.services`, which the
views call. Areas are given and returned by code, decimals as plain strings ("32.9").
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import ModelSerializer, PlainDecimalField
from core.numbers import plain_text
from indicators.fields import INDICATOR_FIELDS, TARGET_ADOPTED_FIELDS, TARGET_FIELDS
from indicators.models import (
    DIRECTION_COMPARATORS,
    Indicator,
    Measurement,
    Sex,
    Target,
)
from programmes.models import MAX_YEAR, MIN_YEAR, Area

YEAR_RANGE = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}
FIGURE_KEY_FIXED = _(
    "The indicator, area, period and sex of a figure cannot change; "
    "delete the figure and enter a new one."
)
INDICATOR_MISSING = _('Give the indicator\'s id, or its "indicator_code" and "phase".')
# The largest batch one request may carry; bigger imports go in several requests.
BULK_MAX_ROWS = 10_000
# Ids are 64-bit in the database; a larger number is no id at all.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}


def area_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), **kwargs)


class IndicatorSerializer(ModelSerializer):
    """Shape only: `indicator_save` checks and saves (the phase comes from the objective)."""

    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS]
        read_only_fields = ["phase"]


class TargetSerializer(ModelSerializer):
    """Shape only: `target_save` checks and saves.

    A target that names only a direction (`increase` / `decrease`, "giảm tỷ lệ …") is
    judged against its baseline and needs no `value`: left out, it follows the baseline.
    Every other comparator needs one.
    """

    area = area_field()

    class Meta:
        model = Target
        fields = ["id", *TARGET_FIELDS, *TARGET_ADOPTED_FIELDS]
        read_only_fields = TARGET_ADOPTED_FIELDS
        extra_kwargs = {
            "year": YEAR_RANGE,
            "baseline_year": YEAR_RANGE,
            "value": {
                "required": False,
                "help_text": _(
                    "Required, except for an increase or a decrease on the baseline, "
                    "whose value is the baseline's."
                ),
            },
        }

    def validate(self, attrs: dict) -> dict:
        instance = self.instance
        comparator = attrs.get("comparator", getattr(instance, "comparator", None))
        if comparator in DIRECTION_COMPARATORS:
            # The value is the baseline's (target_clean sets it), unless one is sent.
            attrs.setdefault("value", None)
        elif "value" not in attrs and getattr(instance, "value", None) is None:
            raise serializers.ValidationError(
                {"value": [self.fields["value"].error_messages["required"]]}
            )
        return attrs


class MeasurementSerializer(ModelSerializer):
    area = area_field()
    value = PlainDecimalField(
        max_digits=20,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text=_("Computed from numerator ÷ denominator when left out for a rate."),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "Raised by one on every change. An update must send the version it read (here "
            "or as If-Match); if the figure changed since, the answer is 409."
        ),
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "area",
            "period",
            "year",
            "sex",
            "value",
            "numerator",
            "denominator",
            "status",
            "note",
            "version",
        ]
        # Status moves only through the workflow actions (submit, approve, return, reopen).
        read_only_fields = ["year", "status"]
        extra_kwargs = {"sex": {"default": Sex.TOTAL}}

    # What a list reads of each figure, as a row: the fields above, the indicator by its
    # id column, the area apart (its code comes joined, as `area_code`).
    row_columns = tuple(
        "indicator_id" if name == "indicator" else name for name in Meta.fields if name != "area"
    )

    def to_representation(self, instance) -> dict:
        """The figure as the fields above write it, built in one step.

        `instance` is a `Measurement` or, in lists, a row of `row_columns` and `area_code`.
        Lists read pages of up to 1,000 figures, and DRF's field-by-field path costs
        several times what the rows themselves do. tests/indicators/test_api.py checks that
        both give exactly what the fields give, field by field.
        """
        area_code = getattr(instance, "area_code", None)
        return {
            "id": instance.id,
            "indicator": instance.indicator_id,
            "area": instance.area.code if area_code is None else area_code,
            "period": instance.period,
            "year": instance.year,
            "sex": instance.sex,
            "value": plain_text(instance.value),
            "numerator": plain_text(instance.numerator),
            "denominator": plain_text(instance.denominator),
            "status": instance.status,
            "note": instance.note,
            "version": instance.version,
        }

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None:
            for name in ("indicator", "area", "period", "sex"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: [FIGURE_KEY_FIXED]})
        return attrs


class BulkMeasurementRowSerializer(serializers.Serializer):
    """One row of a bulk upsert, the one validator of a row (read by `indicators.api.bulk`);
    indicators and areas are resolved in bulk by `indicators.services.figures_from_rows`."""

    indicator = serializers.IntegerField(required=False, **ID_RANGE)
    indicator_code = serializers.CharField(required=False, max_length=20)
    phase = serializers.IntegerField(required=False, **ID_RANGE)
    area = serializers.CharField(max_length=20, help_text=_("The area's code."))
    period = serializers.CharField(max_length=6)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.TOTAL)
    value = PlainDecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    numerator = PlainDecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    denominator = PlainDecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict) -> dict:
        if "indicator" not in attrs and not ("indicator_code" in attrs and "phase" in attrs):
            raise serializers.ValidationError({"indicator": [INDICATOR_MISSING]})
        return attrs


class BulkMeasurementsSerializer(serializers.Serializer):
    measurements = BulkMeasurementRowSerializer(
        many=True, allow_empty=False, max_length=BULK_MAX_ROWS
    )


class BulkErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        allow_null=True, help_text=_("The row's position in the list, from 0.")
    )
    field = serializers.CharField()
    message = serializers.CharField()


class BulkErrorsSerializer(serializers.Serializer):
    errors = BulkErrorSerializer(many=True)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


# Read models. They serialise the dataclasses of `indicators.selectors`.


class TransitionSerializer(serializers.Serializer):
    """The body of a workflow action."""

    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_(
            "Why; required to return or reopen a figure, and to approve one that breaks a "
            "validation rule (the approver's comment); kept in its history."
        ),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The version read; if the figure changed since, the answer is 409."),
    )


class TransitionResultSerializer(MeasurementSerializer):
    """The figure after a workflow step, with what the data-quality checks say of it."""

    violations = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_(
            "After submit and approve: the validation rules the figure breaks, as in "
            "data-quality/ (nothing blocks entry; approving needs a comment). Empty after "
            "return and reopen."
        ),
    )
    outliers = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_("After submit and approve: the figure's value if it looks unusual."),
    )

    class Meta(MeasurementSerializer.Meta):
        fields = [*MeasurementSerializer.Meta.fields, "violations", "outliers"]


class HistoryEntrySerializer(serializers.Serializer):
    """One recorded state of a figure: who, when, what it was, what changed and why."""

    history_id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text=_("The username; null if unknown."))
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    status = serializers.CharField()
    value = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    numerator = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    denominator = PlainDecimalField(max_digits=20, decimal_places=4, allow_null=True)
    note = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_null=True)
    changes = serializers.DictField(
        child=serializers.ListField(
            child=serializers.JSONField(allow_null=True), min_length=2, max_length=2
        ),
        help_text=_("Each changed field with its [old, new] values; areas by code."),
    )
