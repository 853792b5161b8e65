"""The API's shape of review reports and of the review documents' queries (DESIGN.md §6).

Shape only: a report is checked and saved by `reports.services` (see `reports.api`), so
the API refuses what the admin refuses, with the same messages. The area is given and
returned by its code, the phase by its id.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programmes.models import MAX_YEAR, MIN_YEAR, Area
from reports.models import (
    AREA_OUTSIDE_PROGRAMME,
    SECTION_KEYS,
    SECTION_LABELS,
    YEAR_OUTSIDE_PHASE,
    Figures,
    ReviewReport,
)

DOCUMENT_FORMATS = [("docx", _("Word document")), ("xlsx", _("Excel appendices"))]
FIGURES_HELP = _(
    'Which figures count: "approved" (default: the official result) or "all" (drafts '
    "included; the document then says so on its first page)."
)


def jurisdiction_area_field() -> serializers.SlugRelatedField:
    """An area by code, optional: a report covers the programme's jurisdiction by default."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        help_text=_("Default: the programme's jurisdiction."),
    )


def optional_year_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, required=False, help_text=help_text
    )


class SectionsSerializer(serializers.Serializer):
    """The six parts the officer writes; a key left out keeps its text."""

    def get_fields(self) -> dict:
        return {
            key: serializers.CharField(
                required=False,
                allow_blank=True,
                trim_whitespace=False,
                help_text=SECTION_LABELS[key],
            )
            for key in SECTION_KEYS
        }


class RecipientsSerializer(serializers.Serializer):
    to = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_('The addressees ("Kính gửi").'),
    )
    copies = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_('The other recipients ("Nơi nhận"), after "Như trên".'),
    )


class ReviewReportSerializer(serializers.ModelSerializer):
    area = jurisdiction_area_field()
    year = optional_year_field(_("The year judged; default: the phase's end year."))
    recipients = RecipientsSerializer(required=False)
    sections = SectionsSerializer(required=False)

    class Meta:
        model = ReviewReport
        fields = [
            "id",
            "phase",
            "area",
            "year",
            "figures",
            "number",
            "place",
            "issued_on",
            "recipients",
            "parent_body",
            "issuing_body",
            "signer_name",
            "signer_title",
            "status",
            "sections",
            "issued_at",
        ]
        read_only_fields = ["status", "issued_at"]


class DocumentQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=DOCUMENT_FORMATS, required=False, default="docx")


class ReviewQuerySerializer(DocumentQuerySerializer):
    area = jurisdiction_area_field()
    year = optional_year_field(_("Default: the phase's end year."))
    figures = serializers.ChoiceField(
        choices=Figures.choices, required=False, default=Figures.APPROVED, help_text=FIGURES_HELP
    )

    def validate(self, data: dict) -> dict:
        phase = self.context["phase"]
        year = data.get("year") or phase.end_year
        if not phase.contains_year(year):
            raise serializers.ValidationError(
                {
                    "year": [
                        YEAR_OUTSIDE_PHASE
                        % {
                            "year": year,
                            "phase": phase.name,
                            "start": phase.start_year,
                            "end": phase.end_year,
                        }
                    ]
                }
            )
        jurisdiction = phase.programme.area
        area = data.get("area") or jurisdiction
        if not area.path.startswith(jurisdiction.path):
            raise serializers.ValidationError(
                {
                    "area": [
                        AREA_OUTSIDE_PROGRAMME
                        % {"area": area.name, "jurisdiction": jurisdiction.name}
                    ]
                }
            )
        return {**data, "year": year, "area": area}


class TargetChangeSerializer(serializers.Serializer):
    indicator_code = serializers.CharField()
    issued_actual = serializers.CharField(allow_null=True)
    current_actual = serializers.CharField(allow_null=True)
    issued_status = serializers.CharField(allow_null=True)
    current_status = serializers.CharField(allow_null=True)


class ChangesSerializer(serializers.Serializer):
    changes = TargetChangeSerializer(many=True)
