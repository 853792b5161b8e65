"""Seed the award forms and titles of DOMAIN.md §3.

Copied from data/award_forms.json (Law 06/2022/QH15, Art. 80 for department directors;
provincial practice). The bonus coefficients of the base salary are unverified; a form
without one here carries no bonus. The data lives in this file so that the migration
never reads anything outside the repository.
"""

from decimal import Decimal

from django.db import migrations

FORMS = [
    {
        "code": "bang_khen_chu_tich_ubnd_tinh",
        "name_vi": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "name_en": "Certificate of Merit of the Provincial People's Committee Chairman",
        "kind": "commendation",
        "recipient_kinds": ["collective", "individual", "household"],
        "issuer_level": "province_chairman",
        "bonus_coefficients": {"individual": "1.0", "collective": "2.0", "household": "2.0"},
    },
    {
        "code": "co_thi_dua_ubnd_tinh",
        "name_vi": "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "name_en": "Emulation Flag of the Provincial People's Committee",
        "kind": "emulation_title",
        "recipient_kinds": ["collective"],
        "issuer_level": "province_chairman",
        "bonus_coefficients": {},
    },
    {
        "code": "chien_si_thi_dua_cap_tinh",
        "name_vi": "Chiến sĩ thi đua cấp tỉnh",
        "name_en": "Provincial Emulation Fighter",
        "kind": "emulation_title",
        "recipient_kinds": ["individual"],
        "issuer_level": "province_chairman",
        "bonus_coefficients": {},
    },
    {
        "code": "tap_the_lao_dong_xuat_sac",
        "name_vi": "Tập thể lao động xuất sắc",
        "name_en": "Excellent Labour Collective",
        "kind": "emulation_title",
        "recipient_kinds": ["collective"],
        "issuer_level": "province_chairman",
        "bonus_coefficients": {},
    },
    {
        "code": "giay_khen_giam_doc_so",
        "name_vi": "Giấy khen của Giám đốc Sở",
        "name_en": "Certificate of Commendation of the Department Director",
        "kind": "commendation",
        "recipient_kinds": ["collective", "individual", "household"],
        "issuer_level": "department_director",
        "bonus_coefficients": {"individual": "0.3", "collective": "0.6", "household": "0.6"},
    },
    {
        "code": "chien_si_thi_dua_co_so",
        "name_vi": "Chiến sĩ thi đua cơ sở",
        "name_en": "Grassroots Emulation Fighter",
        "kind": "emulation_title",
        "recipient_kinds": ["individual"],
        "issuer_level": "department_director",
        "bonus_coefficients": {},
    },
    {
        "code": "lao_dong_tien_tien",
        "name_vi": "Lao động tiên tiến",
        "name_en": "Advanced Worker",
        "kind": "emulation_title",
        "recipient_kinds": ["individual"],
        "issuer_level": "department_director",
        "bonus_coefficients": {},
    },
    {
        "code": "tap_the_lao_dong_tien_tien",
        "name_vi": "Tập thể lao động tiên tiến",
        "name_en": "Advanced Labour Collective",
        "kind": "emulation_title",
        "recipient_kinds": ["collective"],
        "issuer_level": "department_director",
        "bonus_coefficients": {},
    },
]

KINDS = ("collective", "individual", "household")


def seed_forms(apps, schema_editor) -> None:
    AwardForm = apps.get_model("awards", "AwardForm")
    for row in FORMS:
        coefficients = row["bonus_coefficients"]
        AwardForm.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "issuer_level": row["issuer_level"],
                **{f"allows_{kind}": kind in row["recipient_kinds"] for kind in KINDS},
                **{
                    f"bonus_coefficient_{kind}": (
                        Decimal(coefficients[kind]) if kind in coefficients else None
                    )
                    for kind in KINDS
                },
            },
        )


def remove_forms(apps, schema_editor) -> None:
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardForm.objects.filter(code__in=[row["code"] for row in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_forms, remove_forms),
    ]
