"""Decisions and recipients through their services: every bad input refused, nothing written."""

import datetime
import unicodedata
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import AwardDecision, Commendation, IssuerLevel, LegalRegime
from awards.services import (
    FORM_CHANGE_ORPHANS_RECIPIENTS,
    FORM_ISSUER_MISMATCH,
    NUMBER_MALFORMED,
    NUMBER_TAKEN,
    PHASE_NOT_IN_PROGRAMME,
    RECIPIENT_KIND_NOT_ALLOWED,
    SEX_ONLY_FOR_INDIVIDUALS,
    SEX_REQUIRED,
    SIGNED_IN_FUTURE,
    BatchInvalid,
    RecipientInput,
    award_decision_create,
    award_decision_update,
    commendation_create,
    commendations_create_many,
)
from tests.factories import (
    AwardDecisionFactory,
    AwardFormFactory,
    CommendationFactory,
    PhaseFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

BASE_SALARY = D("2340000")


def decision_kwargs(**changes) -> dict:
    kwargs = {
        "number": "163/QĐ-UBND",
        "signed_on": datetime.date(2024, 8, 20),
        "issuer_level": IssuerLevel.PROVINCE_CHAIRMAN,
        "issuer_name": "Ủy ban nhân dân tỉnh Hà Nam",
        "signer_name": "Trần Văn B",
        "signer_capacity": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "form": AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh"),
        "base_salary": BASE_SALARY,
        "reason": "Thành tích xuất sắc trong công tác bảo vệ, chăm sóc trẻ em",
    }
    return {**kwargs, **changes}


def refused_decision(**changes) -> dict[str, list[str]]:
    """Create one bad decision, check nothing was written, return the messages by field."""
    before = AwardDecision.objects.count()
    with pytest.raises(ValidationError) as caught:
        award_decision_create(**decision_kwargs(**changes))
    assert AwardDecision.objects.count() == before
    return caught.value.message_dict


def refused_recipient(decision, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        commendation_create(decision=decision, **kwargs)
    assert Commendation.objects.count() == 0
    return caught.value.message_dict


# --- decisions ------------------------------------------------------------------------


def test_a_decision_is_created_with_its_year_and_regime():
    decision = award_decision_create(**decision_kwargs())

    decision.refresh_from_db()
    assert (decision.number, decision.year, decision.legal_regime) == (
        "163/QĐ-UBND",
        2024,
        LegalRegime.LAW_2022,
    )


@pytest.mark.parametrize(
    ("signed_on", "regime"),
    [
        (datetime.date(2023, 12, 31), LegalRegime.LAW_2003),
        (datetime.date(2024, 1, 1), LegalRegime.LAW_2022),
    ],
)
def test_the_regime_is_derived_on_both_sides_of_the_2022_law(signed_on, regime):
    decision = award_decision_create(**decision_kwargs(signed_on=signed_on))

    assert decision.legal_regime == regime


@pytest.mark.parametrize("number", ["163/QĐ-UBND", "45/QĐ-SLĐTBXH", "07/QĐ-UBND-VX"])
def test_well_formed_numbers_are_accepted(number):
    assert award_decision_create(**decision_kwargs(number=number)).number == number


def test_a_number_is_stored_in_nfc_without_spaces_and_lookalike_letters():
    decomposed = "163 / QĐ-UBND".replace("Đ", "Ð")  # Icelandic eth, as some PDFs give

    decision = award_decision_create(**decision_kwargs(number=decomposed))

    assert decision.number == "163/QĐ-UBND"


@pytest.mark.parametrize("number", ["163", "QĐ-UBND", "163/UBND", "163/QD-UBND", ""])
def test_a_malformed_number_is_refused(number):
    errors = refused_decision(number=number)

    assert errors == {"number": [NUMBER_MALFORMED % {"number": number}]}


def test_the_same_number_twice_for_the_same_issuer_and_year_is_refused():
    award_decision_create(**decision_kwargs(signed_on=datetime.date(2020, 3, 2)))

    errors = refused_decision(signed_on=datetime.date(2020, 12, 1))

    assert errors == {
        "number": [
            NUMBER_TAKEN
            % {"issuer": "Ủy ban nhân dân tỉnh Hà Nam", "number": "163/QĐ-UBND", "year": 2020}
        ]
    }


def test_the_same_number_in_the_next_year_is_accepted():
    award_decision_create(**decision_kwargs(signed_on=datetime.date(2020, 3, 2)))

    award_decision_create(**decision_kwargs(signed_on=datetime.date(2021, 3, 2)))

    assert AwardDecision.objects.count() == 2


def test_a_signing_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    errors = refused_decision(signed_on=tomorrow)

    assert errors == {"signed_on": [SIGNED_IN_FUTURE % {"date": f"{tomorrow:%d/%m/%Y}"}]}


def test_a_department_cannot_issue_a_form_of_the_provincial_chairman():
    form = AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh")

    errors = refused_decision(
        number="45/QĐ-SLĐTBXH", issuer_level=IssuerLevel.DEPARTMENT_DIRECTOR, form=form
    )

    assert errors == {
        "form": [
            FORM_ISSUER_MISMATCH
            % {
                "form": form.name,
                "form_issuer": "Chairman of the Provincial People's Committee",
                "issuer": "Department director",
            }
        ]
    }


def test_a_department_issues_its_own_certificate():
    decision = award_decision_create(
        **decision_kwargs(
            number="45/QĐ-SLĐTBXH",
            issuer_level=IssuerLevel.DEPARTMENT_DIRECTOR,
            form=AwardFormFactory(code="giay_khen_giam_doc_so"),
        )
    )

    assert decision.pk is not None


def test_a_phase_of_another_programme_is_refused_and_a_phase_alone_sets_its_programme():
    phase = PhaseFactory()
    other = ProgrammeFactory()

    errors = refused_decision(programme=other, phase=phase)
    decision = award_decision_create(**decision_kwargs(phase=phase))

    assert errors == {
        "phase": [PHASE_NOT_IN_PROGRAMME % {"phase": phase.name, "programme": other.code}]
    }
    assert decision.programme == phase.programme


# --- recipients and bonuses -----------------------------------------------------------


@pytest.fixture
def bang_khen():
    return award_decision_create(**decision_kwargs())


@pytest.mark.parametrize(
    ("kind", "sex", "bonus"),
    [("individual", "female", D("2340000")), ("collective", "", D("4680000"))],
)
def test_the_bonus_is_the_coefficient_times_the_base_salary(bang_khen, kind, sex, bonus):
    commendation = commendation_create(
        decision=bang_khen, recipient_kind=kind, name="Phòng Bảo vệ, chăm sóc trẻ em", sex=sex
    )

    commendation.refresh_from_db()
    assert commendation.bonus == bonus


def test_a_department_certificate_bonus_uses_its_own_coefficient():
    decision = award_decision_create(
        **decision_kwargs(
            number="45/QĐ-SLĐTBXH",
            issuer_level=IssuerLevel.DEPARTMENT_DIRECTOR,
            form=AwardFormFactory(code="giay_khen_giam_doc_so"),
            signed_on=datetime.date(2019, 12, 20),
            base_salary=D("1490000"),
        )
    )

    commendation = commendation_create(
        decision=decision, recipient_kind="individual", name="Lê Thị Mai", sex="female"
    )

    # 0.3 × 1,490,000 = 447,000, rounded up to the next 10,000 (Nghị định 91/2017).
    assert commendation.bonus == D("450000")


def test_a_form_without_a_coefficient_gives_no_bonus():
    decision = award_decision_create(
        **decision_kwargs(
            number="1234/QĐ-TTg",
            issuer_level=IssuerLevel.PRIME_MINISTER,
            issuer_name="Thủ tướng Chính phủ",
            form=AwardFormFactory(code="bang_khen_thu_tuong_chinh_phu"),
        )
    )

    commendation = commendation_create(
        decision=decision, recipient_kind="individual", name="Lê Văn Nam", sex="male"
    )

    assert commendation.bonus is None


def test_a_recipient_kind_the_form_does_not_allow_is_refused():
    decision = award_decision_create(
        **decision_kwargs(form=AwardFormFactory(code="co_thi_dua_ubnd_tinh"))
    )

    errors = refused_recipient(decision, recipient_kind="individual", name="Lê Văn Nam", sex="male")

    assert errors == {
        "recipient_kind": [
            RECIPIENT_KIND_NOT_ALLOWED
            % {"form": decision.form.name, "kind": "individual", "allowed": "collective"}
        ]
    }


def test_an_individual_without_sex_is_refused(bang_khen):
    errors = refused_recipient(bang_khen, recipient_kind="individual", name="Lê Văn Nam")

    assert errors == {"sex": [SEX_REQUIRED]}


def test_a_collective_with_a_sex_is_refused(bang_khen):
    errors = refused_recipient(
        bang_khen, recipient_kind="collective", name="UBND xã Liêm Cần", sex="male"
    )

    assert errors == {"sex": [SEX_ONLY_FOR_INDIVIDUALS % {"kind": "collective"}]}


def test_recipient_text_is_stored_in_nfc(bang_khen):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Lan")

    commendation = commendation_create(
        decision=bang_khen, recipient_kind="individual", name=decomposed, sex="female"
    )

    commendation.refresh_from_db()
    assert commendation.name == unicodedata.normalize("NFC", "Nguyễn Thị Lan")
    assert commendation.search_text.startswith("nguyen thi lan")


def test_many_recipients_are_created_at_once(bang_khen):
    rows = [
        RecipientInput(recipient_kind="collective", name="Phòng LĐTBXH huyện Kim Bảng"),
        RecipientInput(recipient_kind="individual", name="Trần Thị Hà", sex="female"),
        RecipientInput(recipient_kind="household", name="Hộ ông Nguyễn Văn Tư"),
    ]

    created = commendations_create_many(decision=bang_khen, rows=rows)

    assert [c.bonus for c in created] == [D("4680000"), D("2340000"), D("4680000")]
    assert bang_khen.commendations.count() == 3


def test_many_recipients_are_all_or_nothing_and_every_bad_row_is_reported():
    decision = award_decision_create(
        **decision_kwargs(form=AwardFormFactory(code="tap_the_lao_dong_xuat_sac"))
    )
    rows = [
        RecipientInput(recipient_kind="collective", name="Trường THCS Lam Hạ"),
        RecipientInput(recipient_kind="individual", name="Trần Thị Hà", sex="female"),
        RecipientInput(recipient_kind="collective", name="Trạm Y tế xã Tiên Tân"),
        RecipientInput(recipient_kind="collective", name="Hội Phụ nữ", sex="female"),
    ]

    with pytest.raises(BatchInvalid) as caught:
        commendations_create_many(decision=decision, rows=rows)

    assert sorted(caught.value.row_errors) == [1, 3]
    assert list(caught.value.row_errors[1]) == ["recipient_kind"]
    assert caught.value.row_errors[3] == {
        "sex": [str(SEX_ONLY_FOR_INDIVIDUALS % {"kind": "collective"})]
    }
    assert Commendation.objects.count() == 0


# --- updating a decision --------------------------------------------------------------


def test_a_new_base_salary_recomputes_the_bonuses(bang_khen):
    commendation_create(
        decision=bang_khen, recipient_kind="individual", name="Trần Thị Hà", sex="female"
    )

    award_decision_update(decision=bang_khen, base_salary=D("1800000"))

    assert list(bang_khen.commendations.values_list("bonus", flat=True)) == [D("1800000")]


def test_an_update_to_a_taken_number_is_refused_and_changes_nothing():
    award_decision_create(**decision_kwargs(number="1/QĐ-UBND"))
    second = award_decision_create(**decision_kwargs(number="2/QĐ-UBND"))

    with pytest.raises(ValidationError) as caught:
        award_decision_update(decision=second, number="1/QĐ-UBND")

    assert caught.value.message_dict == {
        "number": [
            NUMBER_TAKEN
            % {"issuer": "Ủy ban nhân dân tỉnh Hà Nam", "number": "01/QĐ-UBND", "year": 2024}
        ]
    }
    second.refresh_from_db()
    assert second.number == "02/QĐ-UBND"


def test_a_form_that_excludes_named_recipients_is_refused(bang_khen):
    CommendationFactory(decision=bang_khen, recipient_kind="individual", sex="male")
    flag = AwardFormFactory(code="co_thi_dua_ubnd_tinh")

    with pytest.raises(ValidationError) as caught:
        award_decision_update(decision=bang_khen, form=flag)

    assert caught.value.message_dict == {
        "form": [FORM_CHANGE_ORPHANS_RECIPIENTS % {"form": flag.name, "kinds": "individual"}]
    }
    bang_khen.refresh_from_db()
    assert bang_khen.form.code == "bang_khen_chu_tich_ubnd_tinh"


def test_the_refusal_names_the_recipient_kind_in_the_reader_s_language(bang_khen):
    """Luật Thi đua, khen thưởng 2022 Điều 30: a Cờ thi đua goes to collectives only; the
    refusal names the kind already in the decision as the officer reads it ("cá nhân"),
    never the stored value ("individual")."""
    from django.utils import translation

    CommendationFactory(decision=bang_khen, recipient_kind="individual", sex="male")
    flag = AwardFormFactory(code="co_thi_dua_ubnd_tinh")

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        award_decision_update(decision=bang_khen, form=flag)
    with translation.override("vi"):
        expected = FORM_CHANGE_ORPHANS_RECIPIENTS % {"form": flag.name, "kinds": "cá nhân"}
        assert caught.value.message_dict == {"form": [str(expected)]}


def test_an_update_returns_the_decision_as_saved(bang_khen):
    """Nghị định 98/2023 Điều 44: the bonus follows the base salary the decision names;
    the updated decision comes back as stored."""
    updated = award_decision_update(decision=bang_khen, base_salary=D("1800000"))

    assert (updated.pk, updated.base_salary) == (bang_khen.pk, D("1800000"))
    assert AwardDecision.objects.get(pk=bang_khen.pk).base_salary == D("1800000")


def test_an_update_with_an_unknown_field_is_a_programming_error(bang_khen):
    with pytest.raises(TypeError):
        award_decision_update(decision=bang_khen, year=1999)


def test_a_decision_factory_row_can_be_updated_through_the_service():
    decision = AwardDecisionFactory(signed_on=datetime.date(2023, 6, 1))

    award_decision_update(decision=decision, signed_on=datetime.date(2024, 2, 1))

    decision.refresh_from_db()
    assert (decision.year, decision.legal_regime) == (2024, LegalRegime.LAW_2022)
