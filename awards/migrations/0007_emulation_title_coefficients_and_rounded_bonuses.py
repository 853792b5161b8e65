"""Bonus coefficients of the emulation titles, and every bonus rounded up to 10,000 đồng.

Nghị định 91/2017/NĐ-CP (Art. 69 for the titles; the same values under Nghị định
98/2023/NĐ-CP), copied from data/award_forms.json: Cờ thi đua of the province 8.0,
Chiến sĩ thi đua cấp tỉnh 3.0, Tập thể lao động xuất sắc 1.5, Chiến sĩ thi đua cơ sở
1.0, Lao động tiên tiến 0.3, Tập thể lao động tiên tiến 0.8 (0002 seeded them without
a bonus). The same decrees pay a bonus "làm tròn số lên hàng chục ngàn đồng": each
recipient's stored bonus is computed again, coefficient × the decision's base salary
rounded up to the next 10,000 đồng. Backwards, the titles lose their coefficients and
the bonuses are computed as before, to the whole đồng, half up.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import migrations

TITLE_COEFFICIENTS = {
    "co_thi_dua_ubnd_tinh": ("collective", Decimal("8.0")),
    "chien_si_thi_dua_cap_tinh": ("individual", Decimal("3.0")),
    "tap_the_lao_dong_xuat_sac": ("collective", Decimal("1.5")),
    "chien_si_thi_dua_co_so": ("individual", Decimal("1.0")),
    "lao_dong_tien_tien": ("individual", Decimal("0.3")),
    "tap_the_lao_dong_tien_tien": ("collective", Decimal("0.8")),
}
STEP = Decimal(10000)


def rounded_up(amount: Decimal) -> Decimal:
    return (amount / STEP).to_integral_value(rounding=ROUND_CEILING) * STEP


def whole_dong(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def set_coefficients(apps, coefficient_of) -> None:
    AwardForm = apps.get_model("awards", "AwardForm")
    for code, (kind, coefficient) in TITLE_COEFFICIENTS.items():
        AwardForm.objects.filter(code=code).update(
            **{f"bonus_coefficient_{kind}": coefficient_of(coefficient)}
        )


def recompute_bonuses(apps, rounding) -> None:
    Commendation = apps.get_model("awards", "Commendation")
    commendations = list(Commendation.objects.select_related("decision__form").order_by("pk"))
    for commendation in commendations:
        decision = commendation.decision
        coefficient = getattr(decision.form, f"bonus_coefficient_{commendation.recipient_kind}")
        commendation.bonus = (
            None if coefficient is None else rounding(coefficient * decision.base_salary)
        )
    Commendation.objects.bulk_update(commendations, ["bonus"], batch_size=500)


def forwards(apps, schema_editor) -> None:
    set_coefficients(apps, lambda coefficient: coefficient)
    recompute_bonuses(apps, rounded_up)


def backwards(apps, schema_editor) -> None:
    set_coefficients(apps, lambda coefficient: None)
    recompute_bonuses(apps, whole_dong)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_unique_number_per_issuing_body"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
