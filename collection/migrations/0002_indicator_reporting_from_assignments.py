"""Copy how each indicator is reported from the reporting calendars onto the indicator.

`Indicator.by_sex` and `Indicator.reporting_frequency` (DESIGN.md §3) now say how an
indicator is reported; until now only its calendar assignments said so. Rule: each
indicator takes the values of its LATEST assignment — the one whose years reach furthest
(an open `last_year` reaches furthest; then the later `first_year`, an open one counting
as the earliest; then the newest row). An indicator without assignments keeps the
defaults (yearly, not by sex). The migration lives here, not in indicators, because
indicators may not know the collection app.

Reverse: the indicators go back to the defaults (the assignments were never changed).
"""

from django.db import migrations

OPEN_END = 10_000


def _latest_key(assignment) -> tuple[int, int, int]:
    last = OPEN_END if assignment.last_year is None else assignment.last_year
    first = 0 if assignment.first_year is None else assignment.first_year
    return (last, first, assignment.pk)


def copy_from_assignments(apps, schema_editor) -> None:
    Assignment = apps.get_model("collection", "ReportingAssignment")
    Indicator = apps.get_model("indicators", "Indicator")
    latest: dict[int, object] = {}
    for assignment in Assignment.objects.order_by("pk"):
        current = latest.get(assignment.indicator_id)
        if current is None or _latest_key(assignment) > _latest_key(current):
            latest[assignment.indicator_id] = assignment
    for indicator_id, assignment in latest.items():
        Indicator.objects.filter(pk=indicator_id).update(
            by_sex=assignment.by_sex, reporting_frequency=assignment.frequency
        )


def back_to_defaults(apps, schema_editor) -> None:
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.update(by_sex=False, reporting_frequency="year")


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0001_reporting_calendar_rules_and_imports"),
        ("indicators", "0015_indicator_by_sex_and_reporting_frequency"),
    ]

    operations = [migrations.RunPython(copy_from_assignments, back_to_defaults)]
