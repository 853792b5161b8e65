"""Awards the province proposes and a higher level decides, so the tracker records them.

Bằng khen of a minister and of the Prime Minister, and the Huân chương Lao động in its
three classes (decided by the President of the State). They carry no bonus coefficient:
the body that decides them pays their bonus, not the province, so the tracker computes
none and the province's bonus totals leave them out. Backwards, the forms are removed
(refused while a decision uses one).
"""

from django.db import migrations

KINDS = ("collective", "individual", "household")
FORMS = [
    {
        "code": "bang_khen_bo_truong",
        "name_vi": "Bằng khen của Bộ trưởng",
        "name_en": "Certificate of Merit of the Minister",
        "recipient_kinds": ["collective", "individual", "household"],
        "issuer_level": "minister",
    },
    {
        "code": "bang_khen_thu_tuong_chinh_phu",
        "name_vi": "Bằng khen của Thủ tướng Chính phủ",
        "name_en": "Certificate of Merit of the Prime Minister",
        "recipient_kinds": ["collective", "individual", "household"],
        "issuer_level": "prime_minister",
    },
    {
        "code": "huan_chuong_lao_dong_hang_nhat",
        "name_vi": "Huân chương Lao động hạng Nhất",
        "name_en": "Labour Order, First Class",
        "recipient_kinds": ["collective", "individual"],
        "issuer_level": "state_president",
    },
    {
        "code": "huan_chuong_lao_dong_hang_nhi",
        "name_vi": "Huân chương Lao động hạng Nhì",
        "name_en": "Labour Order, Second Class",
        "recipient_kinds": ["collective", "individual"],
        "issuer_level": "state_president",
    },
    {
        "code": "huan_chuong_lao_dong_hang_ba",
        "name_vi": "Huân chương Lao động hạng Ba",
        "name_en": "Labour Order, Third Class",
        "recipient_kinds": ["collective", "individual"],
        "issuer_level": "state_president",
    },
]


def add_forms(apps, schema_editor) -> None:
    AwardForm = apps.get_model("awards", "AwardForm")
    for row in FORMS:
        AwardForm.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "kind": "commendation",
                "issuer_level": row["issuer_level"],
                **{f"allows_{kind}": kind in row["recipient_kinds"] for kind in KINDS},
                **{f"bonus_coefficient_{kind}": None for kind in KINDS},
            },
        )


def remove_forms(apps, schema_editor) -> None:
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardForm.objects.filter(code__in=[row["code"] for row in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_emulation_title_coefficients_and_rounded_bonuses"),
    ]

    operations = [
        migrations.RunPython(add_forms, remove_forms),
    ]
