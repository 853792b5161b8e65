"""Award forms as seeded, and what the database itself refuses."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from awards.models import (
    AwardDecision,
    AwardForm,
    Commendation,
    LegalRegime,
    legal_regime_on,
)
from tests.factories import AwardDecisionFactory, AwardFormFactory, CommendationFactory

pytestmark = pytest.mark.django_db

ALL_KINDS = ["collective", "individual", "household"]
NO_BONUS = (None, None, None)
# What data/award_forms.json says, written out again so the test can fail; the
# coefficients (individual, collective, household) are Nghị định 91/2017's (Art. 69 for
# the titles, Art. 73 for Bằng khen and Giấy khen), kept by Nghị định 98/2023. The awards
# decided above the province carry none: the province does not pay them.
SEEDED = {
    "bang_khen_chu_tich_ubnd_tinh": (
        ALL_KINDS,
        "province_chairman",
        (D("1.00"), D("2.00"), D("2.00")),
    ),
    "co_thi_dua_ubnd_tinh": (["collective"], "province_chairman", (None, D("8.00"), None)),
    "chien_si_thi_dua_cap_tinh": (["individual"], "province_chairman", (D("3.00"), None, None)),
    "tap_the_lao_dong_xuat_sac": (["collective"], "province_chairman", (None, D("1.50"), None)),
    "giay_khen_giam_doc_so": (
        ALL_KINDS,
        "department_director",
        (D("0.30"), D("0.60"), D("0.60")),
    ),
    "chien_si_thi_dua_co_so": (["individual"], "department_director", (D("1.00"), None, None)),
    "lao_dong_tien_tien": (["individual"], "department_director", (D("0.30"), None, None)),
    "tap_the_lao_dong_tien_tien": (
        ["collective"],
        "department_director",
        (None, D("0.80"), None),
    ),
    "bang_khen_bo_truong": (ALL_KINDS, "minister", NO_BONUS),
    "bang_khen_thu_tuong_chinh_phu": (ALL_KINDS, "prime_minister", NO_BONUS),
    "huan_chuong_lao_dong_hang_nhat": (["collective", "individual"], "state_president", NO_BONUS),
    "huan_chuong_lao_dong_hang_nhi": (["collective", "individual"], "state_president", NO_BONUS),
    "huan_chuong_lao_dong_hang_ba": (["collective", "individual"], "state_president", NO_BONUS),
}


def test_the_data_migrations_seed_exactly_the_forms_of_the_data_file_and_those_above():
    """Nghị định 91/2017/NĐ-CP Art. 69 and 73 (Nghị định 98/2023/NĐ-CP keeps them)."""
    seeded = {
        form.code: (
            form.recipient_kinds,
            form.issuer_level,
            (
                form.bonus_coefficient_individual,
                form.bonus_coefficient_collective,
                form.bonus_coefficient_household,
            ),
        )
        for form in AwardForm.objects.all()
    }

    assert seeded == SEEDED


def test_seeded_forms_carry_both_names():
    form = AwardForm.objects.get(code="bang_khen_chu_tich_ubnd_tinh")

    assert form.name_vi == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert form.name_en == "Certificate of Merit of the Provincial People's Committee Chairman"
    assert str(form) == form.name_en  # tests run in English


def test_the_form_factory_fetches_a_seeded_form_by_code():
    count = AwardForm.objects.count()

    form = AwardFormFactory(code="lao_dong_tien_tien")

    assert (form.name_vi, AwardForm.objects.count()) == ("Lao động tiên tiến", count)


@pytest.mark.parametrize(
    ("day", "regime"),
    [
        (datetime.date(2023, 12, 31), LegalRegime.LAW_2003),
        (datetime.date(2024, 1, 1), LegalRegime.LAW_2022),
    ],
)
def test_the_legal_regime_follows_the_signing_date(day, regime):
    decision = AwardDecisionFactory(signed_on=day)

    decision.refresh_from_db()
    assert (legal_regime_on(day), decision.legal_regime, decision.year) == (
        regime,
        regime,
        day.year,
    )


def test_the_database_refuses_a_regime_that_contradicts_the_date():
    decision = AwardDecisionFactory(signed_on=datetime.date(2024, 3, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecision.objects.filter(pk=decision.pk).update(legal_regime=LegalRegime.LAW_2003)


def test_the_database_refuses_the_same_number_twice_for_an_issuing_body_in_a_year():
    """Nghị định 30/2020/NĐ-CP: a body numbers its documents once a year; "5/QĐ-UBND" is
    stored as "05/QĐ-UBND", so the database sees the two as one number."""
    AwardDecisionFactory(number="05/QĐ-UBND", signed_on=datetime.date(2020, 3, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecisionFactory(
            number="5/QĐ-UBND",
            signed_on=datetime.date(2020, 11, 1),
            issuer_name="UBND tỉnh Minh Hòa",  # the factory's body, abbreviated
        )

    assert list(AwardDecision.objects.values_list("number", "issuer_key")) == [
        ("05/QĐ-UBND", "ủy ban nhân dân tỉnh minh hòa")
    ]


def test_the_same_number_may_recur_in_another_year_or_for_another_issuing_body():
    """Nghị định 30/2020/NĐ-CP numbers per body and year: after the 2025 merger two former
    provincial committees may both have issued 45/QĐ-UBND in 2020, at the same level."""
    AwardDecisionFactory(number="45/QĐ-UBND", signed_on=datetime.date(2020, 3, 1))
    AwardDecisionFactory(number="45/QĐ-UBND", signed_on=datetime.date(2021, 3, 1))
    AwardDecisionFactory(
        number="45/QĐ-UBND",
        signed_on=datetime.date(2020, 3, 1),
        issuer_name="Ủy ban nhân dân tỉnh Hà Nam",
    )

    assert AwardDecision.objects.filter(number="45/QĐ-UBND").count() == 3


@pytest.mark.parametrize("number", ["163/UBND", "0/QĐ-UBND", "163/QĐ-ubnd"])
def test_the_database_refuses_a_malformed_number(number):
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecisionFactory(number=number)


def test_the_database_refuses_a_serial_below_10_without_its_leading_zero():
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: numbers below 10 are written "05"."""
    decision = AwardDecisionFactory(number="05/QĐ-UBND")

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecision.objects.filter(pk=decision.pk).update(number="5/QĐ-UBND")


def test_the_database_refuses_an_individual_without_sex():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommendationFactory(recipient_kind="individual", sex="")


def test_the_database_refuses_a_sex_for_a_collective():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommendationFactory(recipient_kind="collective", sex="female")


def test_the_database_refuses_a_negative_bonus():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommendationFactory(bonus=D("-1"))


def test_the_database_refuses_a_form_with_a_coefficient_for_a_kind_it_does_not_allow():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardForm.objects.filter(code="co_thi_dua_ubnd_tinh").update(
            bonus_coefficient_individual=D("1.5")
        )


def test_a_form_in_use_cannot_be_deleted():
    decision = AwardDecisionFactory()

    with pytest.raises(ProtectedError):
        decision.form.delete()


def test_a_recipient_is_searchable_without_accents():
    commendation = CommendationFactory(
        name="Nguyễn Thị Lan", organisation="Hội Liên hiệp Phụ nữ tỉnh"
    )

    commendation.refresh_from_db()
    assert commendation.search_text == "nguyen thi lan can bo hoi lien hiep phu nu tinh"
    assert Commendation.objects.filter(search_text__contains="thi lan").count() == 1
