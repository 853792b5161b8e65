"""Care models, their reports and groups, partners and contributions move to the `care` app.

State only: the tables (and their history tables) stay where they are, under their
names; `care` 0001 takes them over with `db_table`. No row is copied.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0007_area_official_codes_kinds_successions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay; only Django's picture of which app owns them changes.
            state_operations=[
                migrations.RemoveField(
                    model_name="caremodelreport",
                    name="care_model",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodelreport",
                    name="care_model",
                ),
                migrations.RemoveField(
                    model_name="contribution",
                    name="care_model",
                ),
                migrations.RemoveField(
                    model_name="historicalcontribution",
                    name="care_model",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodelreportgroup",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="caremodelreportgroup",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="contribution",
                    name="partner",
                ),
                migrations.RemoveField(
                    model_name="contribution",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodel",
                    name="area",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodel",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodel",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodelreport",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcaremodelreportgroup",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcontribution",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcontribution",
                    name="partner",
                ),
                migrations.RemoveField(
                    model_name="historicalcontribution",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="historicalpartner",
                    name="area",
                ),
                migrations.RemoveField(
                    model_name="historicalpartner",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="partner",
                    name="area",
                ),
                migrations.DeleteModel(
                    name="CareModel",
                ),
                migrations.DeleteModel(
                    name="CareModelReport",
                ),
                migrations.DeleteModel(
                    name="CareModelReportGroup",
                ),
                migrations.DeleteModel(
                    name="Contribution",
                ),
                migrations.DeleteModel(
                    name="HistoricalCareModel",
                ),
                migrations.DeleteModel(
                    name="HistoricalCareModelReport",
                ),
                migrations.DeleteModel(
                    name="HistoricalCareModelReportGroup",
                ),
                migrations.DeleteModel(
                    name="HistoricalContribution",
                ),
                migrations.DeleteModel(
                    name="HistoricalPartner",
                ),
                migrations.DeleteModel(
                    name="Partner",
                ),
            ],
            database_operations=[],
        ),
    ]
