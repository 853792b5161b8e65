"""Decisions numbered per issuing body; issuer levels above the province.

Schema only: the old constraints go, the issuing body's key arrives (filled by 0005),
and 0006 adds the constraints of the new rules once the rows fit them.
"""

from django.db import migrations, models

ISSUER_LEVELS = [
    ("province_chairman", "Chairman of the Provincial People's Committee"),
    ("department_director", "Department director"),
    ("minister", "Minister"),
    ("prime_minister", "Prime Minister"),
    ("state_president", "President of the State"),
]
NUMBER_HELP = (
    'Number and symbol as written, e.g. "163/QĐ-UBND"; '
    'a number below 10 is stored with its leading zero, "05/QĐ-UBND".'
)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_audit_trail"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="awarddecision",
            name="award_decision_unique_number_per_issuer_year",
        ),
        migrations.RemoveConstraint(
            model_name="awarddecision",
            name="award_decision_number_format",
        ),
        migrations.RemoveConstraint(
            model_name="awarddecision",
            name="award_decision_issuer_level_valid",
        ),
        migrations.RemoveConstraint(
            model_name="awardform",
            name="award_form_issuer_level_valid",
        ),
        migrations.AddField(
            model_name="awarddecision",
            name="issuer_key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalawarddecision",
            name="issuer_key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="awarddecision",
            name="issuer_level",
            field=models.CharField(
                choices=ISSUER_LEVELS, max_length=20, verbose_name="issuer level"
            ),
        ),
        migrations.AlterField(
            model_name="historicalawarddecision",
            name="issuer_level",
            field=models.CharField(
                choices=ISSUER_LEVELS, max_length=20, verbose_name="issuer level"
            ),
        ),
        migrations.AlterField(
            model_name="awardform",
            name="issuer_level",
            field=models.CharField(choices=ISSUER_LEVELS, max_length=20, verbose_name="issued by"),
        ),
        migrations.AlterField(
            model_name="awarddecision",
            name="number",
            field=models.CharField(help_text=NUMBER_HELP, max_length=50, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="historicalawarddecision",
            name="number",
            field=models.CharField(help_text=NUMBER_HELP, max_length=50, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="awardform",
            name="kind",
            field=models.CharField(
                choices=[
                    ("commendation", "form of commendation"),
                    ("emulation_title", "emulation title"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
    ]
