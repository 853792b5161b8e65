"""Award money (DESIGN.md §4 rule 9): coefficient × base salary, rounded up to 10,000 đồng.

Every expected amount below is worked by hand from the decrees, not from the code's
tables, so a wrong table or a wrong rounding fails here.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from awards.models import AwardDecision, AwardForm, Commendation, IssuerLevel
from awards.services import (
    BASE_SALARY_NOT_POSITIVE,
    BASE_SALARY_UNKNOWN,
    award_decision_create,
    base_salary_on,
    bonus_for,
    commendation_create,
)
from tests.factories import AwardFormFactory

pytestmark = pytest.mark.django_db

# (first day, amount in đồng, decree): DOMAIN.md §3, written out again here.
DECREES = [
    (datetime.date(2011, 5, 1), D(830000), "22/2011/NĐ-CP"),
    (datetime.date(2012, 5, 1), D(1050000), "31/2012/NĐ-CP"),
    (datetime.date(2013, 7, 1), D(1150000), "66/2013/NĐ-CP"),
    (datetime.date(2016, 5, 1), D(1210000), "47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), D(1300000), "47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), D(1390000), "72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), D(1490000), "38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), D(1800000), "24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), D(2340000), "73/2024/NĐ-CP"),
]
BOUNDARIES = [
    pytest.param(first_day, amount, previous, id=decree)
    for (first_day, amount, decree), previous in zip(
        DECREES, [None] + [amount for _day, amount, _decree in DECREES[:-1]], strict=True
    )
]


@pytest.mark.parametrize(("first_day", "amount", "previous"), BOUNDARIES)
def test_the_base_salary_changes_on_each_decree_s_first_day_and_not_the_day_before(
    first_day, amount, previous
):
    """Nghị định 22/2011, 31/2012, 66/2013, 47/2016, 47/2017, 72/2018, 38/2019, 24/2023
    and 73/2024/NĐ-CP: the base salary in force on the signing date (Nghị định 91/2017,
    98/2023) is the one set by the last decree in force that day."""
    day_before = first_day - datetime.timedelta(days=1)

    assert (base_salary_on(day_before), base_salary_on(first_day)) == (previous, amount)


def test_the_last_base_salary_stays_in_force_until_the_next_decree():
    """Nghị định 73/2024/NĐ-CP: 2,340,000 đồng from 1 July 2024."""
    assert base_salary_on(datetime.date(2030, 12, 31)) == D(2340000)


def test_a_decision_before_2011_needs_its_base_salary_typed_and_nothing_is_written():
    """DOMAIN.md §3: the tracker knows the base salary from Nghị định 22/2011/NĐ-CP on."""
    with pytest.raises(ValidationError) as caught:
        award_decision_create(**chairman_decision(datetime.date(2011, 4, 30)))

    assert caught.value.message_dict == {"base_salary": [BASE_SALARY_UNKNOWN]}
    assert AwardDecision.objects.count() == 0


def chairman_decision(signed_on: datetime.date, **changes) -> dict:
    return {
        "number": "163/QĐ-UBND",
        "signed_on": signed_on,
        "issuer_level": IssuerLevel.PROVINCE_CHAIRMAN,
        "issuer_name": "Ủy ban nhân dân tỉnh Hà Nam",
        "signer_name": "Trần Văn B",
        "form": AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh"),
        **changes,
    }


@pytest.mark.parametrize(
    ("code", "kind", "base_salary", "bonus"),
    [
        # Exact multiples of 10,000 stay as they are.
        ("bang_khen_chu_tich_ubnd_tinh", "collective", 2340000, 4680000),  # 2.0 × 2,340,000
        ("bang_khen_chu_tich_ubnd_tinh", "individual", 1490000, 1490000),  # 1.0 × 1,490,000
        # 0.3 × 1,490,000 = 447,000 → 450,000 (the example of DOMAIN.md §3).
        ("giay_khen_giam_doc_so", "individual", 1490000, 450000),
        ("giay_khen_giam_doc_so", "collective", 1490000, 900000),  # 894,000
        # Up, not to the nearest: 702,000 → 710,000 and 1,192,000 → 1,200,000.
        ("giay_khen_giam_doc_so", "individual", 2340000, 710000),
        ("tap_the_lao_dong_tien_tien", "collective", 1490000, 1200000),
        # One đồng over a multiple is another 10,000.
        ("bang_khen_chu_tich_ubnd_tinh", "individual", 1000001, 1010000),
        ("giay_khen_giam_doc_so", "household", 830000, 500000),  # 0.6 × 830,000 = 498,000
    ],
)
def test_a_bonus_is_rounded_up_to_the_next_10000_dong(code, kind, base_salary, bonus):
    """Nghị định 91/2017/NĐ-CP (and 98/2023/NĐ-CP): "Tiền thưởng sau khi nhân với hệ số
    mức lương cơ sở được làm tròn số lên hàng chục ngàn đồng"."""
    form = AwardForm.objects.get(code=code)

    assert bonus_for(form, kind, D(base_salary)) == D(bonus)


def test_without_a_coefficient_or_a_base_salary_there_is_no_bonus():
    flag = AwardForm.objects.get(code="co_thi_dua_ubnd_tinh")

    assert (bonus_for(flag, "individual", D(1490000)), bonus_for(flag, "collective", None)) == (
        None,
        None,
    )


@pytest.mark.parametrize(
    ("code", "level", "kind", "sex", "bonus"),
    [
        ("co_thi_dua_ubnd_tinh", "province_chairman", "collective", "", 11920000),  # 8.0×
        ("chien_si_thi_dua_cap_tinh", "province_chairman", "individual", "male", 4470000),  # 3.0×
        # 1.5 × 1,490,000 = 2,235,000 → 2,240,000
        ("tap_the_lao_dong_xuat_sac", "province_chairman", "collective", "", 2240000),
        ("chien_si_thi_dua_co_so", "department_director", "individual", "female", 1490000),
        # 0.3 × 1,490,000 = 447,000 → 450,000
        ("lao_dong_tien_tien", "department_director", "individual", "female", 450000),
        # 0.8 × 1,490,000 = 1,192,000 → 1,200,000
        ("tap_the_lao_dong_tien_tien", "department_director", "collective", "", 1200000),
    ],
)
def test_each_emulation_title_pays_its_coefficient_of_the_2021_base_salary(
    code, level, kind, sex, bonus
):
    """Nghị định 91/2017/NĐ-CP Art. 69: Cờ thi đua 8.0, Chiến sĩ thi đua cấp tỉnh 3.0, Tập thể
    lao động xuất sắc 1.5, Chiến sĩ thi đua cơ sở 1.0, Lao động tiên tiến 0.3, Tập thể lao
    động tiên tiến 0.8; signed 15/03/2021, under Nghị định 38/2019 (1,490,000 đồng)."""
    decision = award_decision_create(
        **chairman_decision(
            datetime.date(2021, 3, 15),
            number="12/QĐ-SLĐTBXH",
            issuer_level=level,
            form=AwardForm.objects.get(code=code),
        )
    )

    commendation = commendation_create(
        decision=decision, recipient_kind=kind, name="Phòng Bảo vệ trẻ em", sex=sex
    )

    commendation.refresh_from_db()
    assert (decision.base_salary, commendation.bonus) == (D(1490000), D(bonus))


@pytest.mark.parametrize("base_salary", [D(0), D(-1490000)])
def test_a_base_salary_of_zero_or_less_is_refused_and_nothing_is_written(base_salary):
    """Rule 9: a bonus is a multiple of a base salary, which is a positive amount."""
    with pytest.raises(ValidationError) as caught:
        award_decision_create(
            **chairman_decision(datetime.date(2021, 3, 15), base_salary=base_salary)
        )

    assert caught.value.message_dict == {"base_salary": [BASE_SALARY_NOT_POSITIVE]}
    assert AwardDecision.objects.count() == 0


def test_a_base_salary_of_one_dong_is_accepted():
    decision = award_decision_create(
        **chairman_decision(datetime.date(2021, 3, 15), base_salary=D(1))
    )

    assert decision.base_salary == D(1)


def test_a_decision_signed_today_takes_today_s_base_salary():
    """Nghị định 91/2017/NĐ-CP: the base salary in force when the decision is issued; a
    decision signed today is not in the future."""
    today = timezone.localdate()

    decision = award_decision_create(**chairman_decision(today))

    assert (decision.signed_on, decision.base_salary) == (today, base_salary_on(today))
    assert decision.base_salary is not None


def test_awards_decided_above_the_province_are_recorded_without_a_bonus():
    """Luật Thi đua, khen thưởng 2022: the Prime Minister decides his Bằng khen; the body
    that decides an award pays its bonus, so the province records it without one."""
    decision = award_decision_create(
        **chairman_decision(
            datetime.date(2021, 6, 2),
            number="734/QĐ-TTg",
            issuer_level=IssuerLevel.PRIME_MINISTER,
            issuer_name="Thủ tướng Chính phủ",
            form=AwardForm.objects.get(code="bang_khen_thu_tuong_chinh_phu"),
        )
    )

    commendation = commendation_create(
        decision=decision,
        recipient_kind="collective",
        name="Sở Lao động – Thương binh và Xã hội tỉnh Hà Nam",
    )

    commendation.refresh_from_db()
    assert (decision.number, decision.issuer_level, commendation.bonus) == (
        "734/QĐ-TTg",
        "prime_minister",
        None,
    )
    assert Commendation.objects.filter(bonus__isnull=False).count() == 0


def test_messages_name_recipient_kinds_in_vietnamese():
    """The refusal speaks the officer's language: "cá nhân", "tập thể", not the codes."""
    decision = award_decision_create(
        **chairman_decision(
            datetime.date(2021, 3, 15), form=AwardForm.objects.get(code="co_thi_dua_ubnd_tinh")
        )
    )

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        commendation_create(
            decision=decision, recipient_kind="individual", name="Lê Văn Nam", sex="male"
        )
    with translation.override("vi"):
        messages = caught.value.message_dict

    assert messages == {
        "recipient_kind": [
            "Không thể tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho cá nhân; "
            "hình thức này dành cho: tập thể."
        ]
    }
    assert Commendation.objects.count() == 0
