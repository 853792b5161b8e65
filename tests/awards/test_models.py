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
    IssuerLevel,
    LegalRegime,
    legal_regime_on,
)
from tests.factories import AwardDecisionFactory, AwardFormFactory, CommendationFactory

pytestmark = pytest.mark.django_db

# What data/award_forms.json says, written out again so the test can fail.
SEEDED = {
    "bang_khen_chu_tich_ubnd_tinh": (
        ["collective", "individual", "household"],
        "province_chairman",
        (D("1.00"), D("2.00"), D("2.00")),
    ),
    "co_thi_dua_ubnd_tinh": (["collective"], "province_chairman", (None, None, None)),
    "chien_si_thi_dua_cap_tinh": (["individual"], "province_chairman", (None, None, None)),
    "tap_the_lao_dong_xuat_sac": (["collective"], "province_chairman", (None, None, None)),
    "giay_khen_giam_doc_so": (
        ["collective", "individual", "household"],
        "department_director",
        (D("0.30"), D("0.60"), D("0.60")),
    ),
    "chien_si_thi_dua_co_so": (["individual"], "department_director", (None, None, None)),
    "lao_dong_tien_tien": (["individual"], "department_director", (None, None, None)),
    "tap_the_lao_dong_tien_tien": (["collective"], "department_director", (None, None, None)),
}


def test_the_data_migration_seeds_exactly_the_forms_of_the_data_file():
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


def test_the_database_refuses_the_same_number_twice_for_an_issuer_in_a_year():
    AwardDecisionFactory(number="163/QĐ-UBND", signed_on=datetime.date(2020, 3, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecisionFactory(number="163/QĐ-UBND", signed_on=datetime.date(2020, 11, 1))


def test_the_same_number_may_recur_in_another_year_or_for_another_issuer():
    AwardDecisionFactory(number="45/QĐ-SLĐTBXH", signed_on=datetime.date(2020, 3, 1))
    AwardDecisionFactory(number="45/QĐ-SLĐTBXH", signed_on=datetime.date(2021, 3, 1))
    AwardDecisionFactory(
        number="45/QĐ-SLĐTBXH",
        signed_on=datetime.date(2020, 3, 1),
        issuer_level=IssuerLevel.DEPARTMENT_DIRECTOR,
        form=AwardFormFactory(code="giay_khen_giam_doc_so"),
    )

    assert AwardDecision.objects.filter(number="45/QĐ-SLĐTBXH").count() == 3


def test_the_database_refuses_a_malformed_number():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecisionFactory(number="163/UBND")


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
