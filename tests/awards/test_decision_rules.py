"""Award decisions (DESIGN.md §4 rule 9): numbers, issuing bodies and who may grant a form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import AwardDecision, AwardForm, IssuerLevel, issuer_key, normalise_number
from awards.services import (
    FORM_ISSUER_MISMATCH,
    NUMBER_MALFORMED,
    NUMBER_TAKEN,
    SIGNED_IN_FUTURE,
    award_decision_create,
    award_decision_update,
)
from tests.api_support import api_client
from tests.factories import AwardDecisionFactory

pytestmark = pytest.mark.django_db

HA_NAM = "Ủy ban nhân dân tỉnh Hà Nam"
NAM_DINH = "Ủy ban nhân dân tỉnh Nam Định"
LEVEL_LABELS = {
    "province_chairman": "Chairman of the Provincial People's Committee",
    "department_director": "Department director",
    "minister": "Minister",
    "prime_minister": "Prime Minister",
    "state_president": "President of the State",
}


def decision_kwargs(**changes) -> dict:
    return {
        "number": "163/QĐ-UBND",
        "signed_on": datetime.date(2024, 8, 20),
        "issuer_level": IssuerLevel.PROVINCE_CHAIRMAN,
        "issuer_name": HA_NAM,
        "signer_name": "Trần Văn B",
        "form": AwardForm.objects.get(code="bang_khen_chu_tich_ubnd_tinh"),
        **changes,
    }


def refused(**changes) -> dict[str, list[str]]:
    """Create one bad decision, check nothing was written, return the messages by field."""
    before = list(AwardDecision.objects.values_list("pk", "number"))
    with pytest.raises(ValidationError) as caught:
        award_decision_create(**decision_kwargs(**changes))
    assert list(AwardDecision.objects.values_list("pk", "number")) == before
    return caught.value.message_dict


# --- numbers as Nghị định 30/2020 writes them -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("5/QĐ-UBND", "05/QĐ-UBND"),
        ("005/QĐ-UBND", "05/QĐ-UBND"),
        ("09/QĐ-UBND", "09/QĐ-UBND"),
        ("10/QĐ-UBND", "10/QĐ-UBND"),
        ("0163/QĐ-UBND", "163/QĐ-UBND"),
        (" 7 / QĐ-SLĐTBXH ", "07/QĐ-SLĐTBXH"),
        ("0/QĐ-UBND", "0/QĐ-UBND"),  # left for the format check to refuse
        ("QĐ-UBND", "QĐ-UBND"),
    ],
)
def test_a_number_is_written_with_a_leading_zero_below_10_and_none_above(typed, stored):
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: "số của văn bản … dưới số 10 phải ghi thêm số 0
    phía trước"."""
    assert normalise_number(typed) == stored


def test_a_number_below_10_is_stored_with_its_leading_zero():
    """Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    decision = award_decision_create(**decision_kwargs(number="5/QĐ-UBND"))

    decision.refresh_from_db()
    assert decision.number == "05/QĐ-UBND"


def test_5_and_05_are_one_number_so_the_second_is_refused():
    """Nghị định 30/2020/NĐ-CP: "5/QĐ-UBND" and "05/QĐ-UBND" are the same number of one
    body in one year."""
    award_decision_create(**decision_kwargs(number="05/QĐ-UBND"))

    errors = refused(number="5/QĐ-UBND", signed_on=datetime.date(2024, 11, 2))

    assert errors == {
        "number": [NUMBER_TAKEN % {"issuer": HA_NAM, "number": "05/QĐ-UBND", "year": 2024}]
    }


def test_an_update_to_the_unpadded_form_of_a_taken_number_is_refused():
    """Nghị định 30/2020/NĐ-CP."""
    award_decision_create(**decision_kwargs(number="05/QĐ-UBND"))
    other = award_decision_create(**decision_kwargs(number="06/QĐ-UBND"))

    with pytest.raises(ValidationError) as caught:
        award_decision_update(decision=other, number="5/QĐ-UBND")

    assert caught.value.message_dict == {
        "number": [NUMBER_TAKEN % {"issuer": HA_NAM, "number": "05/QĐ-UBND", "year": 2024}]
    }
    other.refresh_from_db()
    assert other.number == "06/QĐ-UBND"


@pytest.mark.parametrize("number", ["0/QĐ-UBND", "00/QĐ-UBND", "163/QĐ-ubnd"])
def test_a_serial_of_zero_or_a_lower_case_symbol_is_malformed(number):
    """Nghị định 30/2020/NĐ-CP: numbering starts at 01; symbols are capitals."""
    errors = refused(number=number)

    assert errors == {"number": [NUMBER_MALFORMED % {"number": number}]}


def test_the_prime_minister_s_symbol_qd_ttg_is_a_well_formed_number():
    """Nghị định 30/2020/NĐ-CP: the Prime Minister's decisions are numbered "…/QĐ-TTg"."""
    decision = award_decision_create(
        **decision_kwargs(
            number="734/QĐ-TTg",
            issuer_level=IssuerLevel.PRIME_MINISTER,
            issuer_name="Thủ tướng Chính phủ",
            form=AwardForm.objects.get(code="bang_khen_thu_tuong_chinh_phu"),
        )
    )

    assert decision.number == "734/QĐ-TTg"


# --- unique per issuing body and year ------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "UBND tỉnh Hà Nam",
        "ỦY BAN NHÂN DÂN TỈNH HÀ NAM",
        "Uỷ ban nhân dân tỉnh Hà\u00a0Nam",
        "Ủy ban nhân dân\u200b tỉnh  Hà Nam",
    ],
)
def test_one_body_spelled_another_way_cannot_reuse_its_number(spelling):
    """Nghị định 30/2020/NĐ-CP: one number per issuing body and year, however its name is
    typed (abbreviated, in capitals, with the other tone placement or invisible spaces)."""
    award_decision_create(**decision_kwargs())

    errors = refused(issuer_name=spelling)

    assert list(errors) == ["number"]
    assert issuer_key(spelling) == issuer_key(HA_NAM) == "ủy ban nhân dân tỉnh hà nam"


def test_two_bodies_of_one_level_may_issue_the_same_number_in_a_year():
    """Nghị định 30/2020/NĐ-CP numbers per issuing body: the provincial committees of Hà Nam
    and Nam Định, merged in 2025, each issued their own 163/QĐ-UBND in 2024."""
    award_decision_create(**decision_kwargs())
    award_decision_create(**decision_kwargs(issuer_name=NAM_DINH))

    assert sorted(AwardDecision.objects.values_list("issuer_name", "issuer_level", "number")) == [
        (HA_NAM, "province_chairman", "163/QĐ-UBND"),
        (NAM_DINH, "province_chairman", "163/QĐ-UBND"),
    ]


def test_the_database_names_the_rule_when_a_number_is_taken():
    """The named constraint speaks for itself to any caller that skips the services."""
    AwardDecisionFactory(number="05/QĐ-UBND", signed_on=datetime.date(2021, 1, 4))
    duplicate = AwardDecisionFactory.build(number="5/QĐ-UBND", signed_on=datetime.date(2021, 9, 30))
    duplicate.derive_fields()

    with pytest.raises(ValidationError) as caught:
        duplicate.validate_constraints()

    assert caught.value.messages == [
        "The issuing body has already given this number to a decision that year."
    ]


def test_a_taken_number_and_a_future_date_are_both_reported():
    """Every broken rule is reported at once, not the first only."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    AwardDecisionFactory(number="163/QĐ-UBND", signed_on=tomorrow, issuer_name=HA_NAM)

    errors = refused(signed_on=tomorrow)

    assert errors == {
        "number": [NUMBER_TAKEN % {"issuer": HA_NAM, "number": "163/QĐ-UBND", "year": tomorrow.year}],
        "signed_on": [SIGNED_IN_FUTURE % {"date": f"{tomorrow:%d/%m/%Y}"}],
    }  # fmt: skip


def test_a_decision_signed_today_is_accepted():
    today = timezone.localdate()

    decision = award_decision_create(**decision_kwargs(signed_on=today))

    assert (decision.signed_on, decision.year) == (today, today.year)


# --- the issuer decides only its own forms -------------------------------------------

LEVEL_OF_FORM = [
    ("bang_khen_chu_tich_ubnd_tinh", "province_chairman"),
    ("co_thi_dua_ubnd_tinh", "province_chairman"),
    ("chien_si_thi_dua_cap_tinh", "province_chairman"),
    ("tap_the_lao_dong_xuat_sac", "province_chairman"),
    ("giay_khen_giam_doc_so", "department_director"),
    ("chien_si_thi_dua_co_so", "department_director"),
    ("lao_dong_tien_tien", "department_director"),
    ("tap_the_lao_dong_tien_tien", "department_director"),
    ("bang_khen_bo_truong", "minister"),
    ("bang_khen_thu_tuong_chinh_phu", "prime_minister"),
    ("huan_chuong_lao_dong_hang_nhat", "state_president"),
    ("huan_chuong_lao_dong_hang_nhi", "state_president"),
    ("huan_chuong_lao_dong_hang_ba", "state_president"),
]


@pytest.mark.parametrize(("code", "level"), LEVEL_OF_FORM)
def test_each_form_is_granted_by_a_decision_of_its_own_level(code, level):
    """Luật Thi đua, khen thưởng 2022 (06/2022/QH15) names who decides each form and title."""
    decision = award_decision_create(
        **decision_kwargs(issuer_level=level, form=AwardForm.objects.get(code=code))
    )

    assert (decision.form.code, decision.issuer_level) == (code, level)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("giay_khen_giam_doc_so", "province_chairman"),  # a chairman, a director's Giấy khen
        ("lao_dong_tien_tien", "province_chairman"),
        ("bang_khen_chu_tich_ubnd_tinh", "department_director"),  # and the reverse
        ("co_thi_dua_ubnd_tinh", "department_director"),
        ("bang_khen_thu_tuong_chinh_phu", "province_chairman"),
        ("huan_chuong_lao_dong_hang_ba", "prime_minister"),
        ("bang_khen_bo_truong", "department_director"),
    ],
)
def test_a_decision_cannot_grant_a_form_of_another_level(code, level):
    """Luật Thi đua, khen thưởng 2022 (06/2022/QH15): only the authority the law names
    decides a form, neither a lower one nor a higher one."""
    form = AwardForm.objects.get(code=code)

    errors = refused(issuer_level=level, form=form)

    assert errors == {
        "form": [
            FORM_ISSUER_MISMATCH
            % {
                "form": form.name,
                "form_issuer": LEVEL_LABELS[form.issuer_level],
                "issuer": LEVEL_LABELS[level],
            }
        ]
    }


def test_the_api_refuses_a_chairman_s_decision_granting_a_director_s_giay_khen(superuser):
    """Luật Thi đua, khen thưởng 2022: the Giấy khen is the director's to give."""
    response = api_client(superuser).post(
        "/api/v1/award-decisions/",
        {
            "number": "163/QĐ-UBND",
            "signed_on": "2021-03-15",
            "issuer_level": "province_chairman",
            "issuer_name": HA_NAM,
            "signer_name": "Trần Văn B",
            "form": "giay_khen_giam_doc_so",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "form": [
            "Certificate of Commendation of the Department Director is decided by the "
            "Department director; a decision of the Chairman of the Provincial People's "
            "Committee cannot grant it."
        ]
    }
    assert AwardDecision.objects.count() == 0


def test_the_api_records_a_minister_s_bang_khen_with_its_issuer(superuser):
    """DOMAIN.md §3: awards decided above the province are recorded with their issuer; the
    issuer levels of DESIGN.md §6 stay as they were and the higher ones are added."""
    client = api_client(superuser)

    response = client.post(
        "/api/v1/award-decisions/",
        {
            "number": "1523/QĐ-LĐTBXH",
            "signed_on": "2021-10-12",
            "issuer_level": "minister",
            "issuer_name": "Bộ Lao động – Thương binh và Xã hội",
            "signer_name": "Nguyễn Văn A",
            "form": "bang_khen_bo_truong",
        },
        format="json",
    )
    forms = client.get("/api/v1/award-forms/", {"issuer_level": "state_president"})

    assert response.status_code == 201, response.json()
    assert {k: response.json()[k] for k in ("number", "issuer_level", "form", "year")} == {
        "number": "1523/QĐ-LĐTBXH",
        "issuer_level": "minister",
        "form": "bang_khen_bo_truong",
        "year": 2021,
    }
    assert [row["code"] for row in forms.json()["results"]] == [
        "huan_chuong_lao_dong_hang_ba",
        "huan_chuong_lao_dong_hang_nhat",
        "huan_chuong_lao_dong_hang_nhi",
    ]
