"""Groups of children in special circumstances by date: the 14 of the Law on Children 2016
(102/2016/QH13, Art. 10) from 2017-06-01, the 10 of the Law on Child Protection, Care and
Education 2004 (25/2004/QH11, Art. 40) until 2017-05-31, seeded as data (reverse: removed).
"""

import datetime

from django.db import migrations, models

LAW_2016 = "Luật Trẻ em 2016 (102/2016/QH13), Điều 10"
LAW_2004 = "Luật Bảo vệ, chăm sóc và giáo dục trẻ em 2004 (25/2004/QH11), Điều 40"
IN_FORCE_2016 = datetime.date(2017, 6, 1)
GROUPS_2016 = [
    "orphaned_both_parents",
    "abandoned",
    "no_one_to_rely_on",
    "disability",
    "hiv_aids",
    "conflict_with_law",
    "drug_addiction",
    "dropout_earning_living",
    "harmed_by_violence",
    "exploited",
    "sexually_abused",
    "trafficked",
    "serious_illness_poor_household",
    "migrant_refugee",
]
GROUPS_2004 = [
    "orphaned_or_abandoned_2004",
    "disability_2004",
    "toxic_chemicals_2004",
    "hiv_aids_2004",
    "hazardous_work_2004",
    "working_away_2004",
    "street_children_2004",
    "sexually_abused_2004",
    "drug_addiction_2004",
    "conflict_with_law_2004",
]


def seed_groups(apps, schema_editor) -> None:
    ChildGroup = apps.get_model("care", "ChildGroup")
    last_day_2004 = IN_FORCE_2016 - datetime.timedelta(days=1)
    for code in GROUPS_2004:
        ChildGroup.objects.update_or_create(
            code=code, defaults={"law": LAW_2004, "valid_from": None, "valid_to": last_day_2004}
        )
    for code in GROUPS_2016:
        ChildGroup.objects.update_or_create(
            code=code, defaults={"law": LAW_2016, "valid_from": IN_FORCE_2016, "valid_to": None}
        )


def remove_groups(apps, schema_editor) -> None:
    apps.get_model("care", "ChildGroup").objects.filter(code__in=GROUPS_2004 + GROUPS_2016).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0002_content_types_from_programmes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChildGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("orphaned_both_parents", "a. Orphaned of both parents"),
                            ("abandoned", "b. Abandoned"),
                            ("no_one_to_rely_on", "c. Without anyone to rely on"),
                            ("disability", "d. With disabilities"),
                            ("hiv_aids", "đ. Living with HIV/AIDS"),
                            ("conflict_with_law", "e. In conflict with the law"),
                            ("drug_addiction", "g. Addicted to drugs"),
                            (
                                "dropout_earning_living",
                                "h. Dropped out to earn a living before completing lower-secondary education",
                            ),
                            (
                                "harmed_by_violence",
                                "i. Seriously harmed physically or mentally by violence",
                            ),
                            ("exploited", "k. Exploited"),
                            ("sexually_abused", "l. Sexually abused"),
                            ("trafficked", "m. Trafficked"),
                            (
                                "serious_illness_poor_household",
                                "n. Seriously or long-term ill, in a poor or near-poor household",
                            ),
                            (
                                "migrant_refugee",
                                "o. Migrant or refugee child with unknown parents or without a caregiver",
                            ),
                            (
                                "orphaned_or_abandoned_2004",
                                "1. Orphaned without anyone to rely on, or abandoned (2004 law)",
                            ),
                            ("disability_2004", "2. With disabilities (2004 law)"),
                            ("toxic_chemicals_2004", "3. Victims of toxic chemicals (2004 law)"),
                            ("hiv_aids_2004", "4. Living with HIV/AIDS (2004 law)"),
                            (
                                "hazardous_work_2004",
                                "5. Doing heavy or hazardous work, or exposed to toxic substances (2004 law)",
                            ),
                            ("working_away_2004", "6. Working far from their families (2004 law)"),
                            ("street_children_2004", "7. Living on the street (2004 law)"),
                            ("sexually_abused_2004", "8. Sexually abused (2004 law)"),
                            ("drug_addiction_2004", "9. Addicted to drugs (2004 law)"),
                            ("conflict_with_law_2004", "10. In conflict with the law (2004 law)"),
                        ],
                        max_length=40,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("law", models.CharField(max_length=200, verbose_name="law")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
            ],
            options={
                "verbose_name": "group of children in special circumstances",
                "verbose_name_plural": "groups of children in special circumstances",
                "ordering": ["valid_from", "id"],
            },
        ),
        migrations.AlterField(
            model_name="caremodelreportgroup",
            name="group",
            field=models.CharField(
                choices=[
                    ("orphaned_both_parents", "a. Orphaned of both parents"),
                    ("abandoned", "b. Abandoned"),
                    ("no_one_to_rely_on", "c. Without anyone to rely on"),
                    ("disability", "d. With disabilities"),
                    ("hiv_aids", "đ. Living with HIV/AIDS"),
                    ("conflict_with_law", "e. In conflict with the law"),
                    ("drug_addiction", "g. Addicted to drugs"),
                    (
                        "dropout_earning_living",
                        "h. Dropped out to earn a living before completing lower-secondary education",
                    ),
                    (
                        "harmed_by_violence",
                        "i. Seriously harmed physically or mentally by violence",
                    ),
                    ("exploited", "k. Exploited"),
                    ("sexually_abused", "l. Sexually abused"),
                    ("trafficked", "m. Trafficked"),
                    (
                        "serious_illness_poor_household",
                        "n. Seriously or long-term ill, in a poor or near-poor household",
                    ),
                    (
                        "migrant_refugee",
                        "o. Migrant or refugee child with unknown parents or without a caregiver",
                    ),
                    (
                        "orphaned_or_abandoned_2004",
                        "1. Orphaned without anyone to rely on, or abandoned (2004 law)",
                    ),
                    ("disability_2004", "2. With disabilities (2004 law)"),
                    ("toxic_chemicals_2004", "3. Victims of toxic chemicals (2004 law)"),
                    ("hiv_aids_2004", "4. Living with HIV/AIDS (2004 law)"),
                    (
                        "hazardous_work_2004",
                        "5. Doing heavy or hazardous work, or exposed to toxic substances (2004 law)",
                    ),
                    ("working_away_2004", "6. Working far from their families (2004 law)"),
                    ("street_children_2004", "7. Living on the street (2004 law)"),
                    ("sexually_abused_2004", "8. Sexually abused (2004 law)"),
                    ("drug_addiction_2004", "9. Addicted to drugs (2004 law)"),
                    ("conflict_with_law_2004", "10. In conflict with the law (2004 law)"),
                ],
                max_length=40,
                verbose_name="group of special circumstances",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcaremodelreportgroup",
            name="group",
            field=models.CharField(
                choices=[
                    ("orphaned_both_parents", "a. Orphaned of both parents"),
                    ("abandoned", "b. Abandoned"),
                    ("no_one_to_rely_on", "c. Without anyone to rely on"),
                    ("disability", "d. With disabilities"),
                    ("hiv_aids", "đ. Living with HIV/AIDS"),
                    ("conflict_with_law", "e. In conflict with the law"),
                    ("drug_addiction", "g. Addicted to drugs"),
                    (
                        "dropout_earning_living",
                        "h. Dropped out to earn a living before completing lower-secondary education",
                    ),
                    (
                        "harmed_by_violence",
                        "i. Seriously harmed physically or mentally by violence",
                    ),
                    ("exploited", "k. Exploited"),
                    ("sexually_abused", "l. Sexually abused"),
                    ("trafficked", "m. Trafficked"),
                    (
                        "serious_illness_poor_household",
                        "n. Seriously or long-term ill, in a poor or near-poor household",
                    ),
                    (
                        "migrant_refugee",
                        "o. Migrant or refugee child with unknown parents or without a caregiver",
                    ),
                    (
                        "orphaned_or_abandoned_2004",
                        "1. Orphaned without anyone to rely on, or abandoned (2004 law)",
                    ),
                    ("disability_2004", "2. With disabilities (2004 law)"),
                    ("toxic_chemicals_2004", "3. Victims of toxic chemicals (2004 law)"),
                    ("hiv_aids_2004", "4. Living with HIV/AIDS (2004 law)"),
                    (
                        "hazardous_work_2004",
                        "5. Doing heavy or hazardous work, or exposed to toxic substances (2004 law)",
                    ),
                    ("working_away_2004", "6. Working far from their families (2004 law)"),
                    ("street_children_2004", "7. Living on the street (2004 law)"),
                    ("sexually_abused_2004", "8. Sexually abused (2004 law)"),
                    ("drug_addiction_2004", "9. Addicted to drugs (2004 law)"),
                    ("conflict_with_law_2004", "10. In conflict with the law (2004 law)"),
                ],
                max_length=40,
                verbose_name="group of special circumstances",
            ),
        ),
        migrations.RunPython(seed_groups, remove_groups),
    ]
