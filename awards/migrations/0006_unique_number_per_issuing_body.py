"""The constraints of the new rules, now that every row fits them (0005)."""

from django.db import migrations, models

ISSUER_LEVELS = [
    "province_chairman",
    "department_director",
    "minister",
    "prime_minister",
    "state_president",
]


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_normalise_numbers_and_key_issuing_bodies"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="awarddecision",
            constraint=models.UniqueConstraint(
                fields=("issuer_key", "year", "number"),
                name="award_decision_unique_number_per_body_year",
                violation_error_message=(
                    "The issuing body has already given this number to a decision that year."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="awarddecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    number__regex=(
                        "^(0[1-9]|[1-9][0-9]+)/QĐ-[A-ZĐ0-9][A-Za-zĐđ0-9]*"
                        "(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*$"
                    )
                ),
                name="award_decision_number_format",
            ),
        ),
        migrations.AddConstraint(
            model_name="awarddecision",
            constraint=models.CheckConstraint(
                condition=models.Q(issuer_level__in=ISSUER_LEVELS),
                name="award_decision_issuer_level_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardform",
            constraint=models.CheckConstraint(
                condition=models.Q(issuer_level__in=ISSUER_LEVELS),
                name="award_form_issuer_level_valid",
            ),
        ),
    ]
