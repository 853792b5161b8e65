"""A recipient is named once per decision, in the API and the admin as in the upload.

Names compare after NFC, case folding, removal of zero-width characters, no-break spaces
read as spaces and the tone mark's two placements ("Hòa" / "Hoà") taken as one; accents
still count ("Hà" is not "Hạ").
"""

import datetime
import unicodedata
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Commendation
from awards.services import (
    AREA_NOT_VALID_ON_DATE,
    NAME_REQUIRED,
    RECIPIENT_ALREADY_NAMED,
    RECIPIENT_REPEATED,
    SEX_REQUIRED,
    BatchInvalid,
    ImportedRecipient,
    RecipientInput,
    commendation_create,
    commendations_create_many,
    commendations_import,
)
from core.text import identity_key, tidy
from tests.api_support import api_client
from tests.factories import AreaFactory, AwardDecisionFactory, CommendationFactory

pytestmark = pytest.mark.django_db

LAN = "Nguyễn Thị Lan"


@pytest.mark.parametrize(
    "spelling",
    [
        "NGUYỄN THỊ LAN",
        "nguyễn thị lan",
        "Nguyễn\u00a0Thị Lan",
        "Nguyễn Thị\u202fLan",
        "Nguyễn Thị\u200b Lan",
        "\ufeffNguyễn  Thị Lan ",
        unicodedata.normalize("NFD", LAN),
    ],
)
def test_spellings_of_one_name_share_a_key(spelling):
    assert identity_key(spelling) == identity_key(LAN) == "nguyễn thị lan"


@pytest.mark.parametrize(
    ("old_placement", "new_placement"),
    [("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Khoẻ", "Khỏe"), ("Thuý", "Thúy"), ("Uỷ ban", "Ủy ban")],
)
def test_the_two_placements_of_a_tone_mark_share_a_key(old_placement, new_placement):
    assert identity_key(old_placement) == identity_key(new_placement)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lê Thị Hà", "Lê Thị Hạ"),
        ("Hoàng Văn An", "Hoang Van An"),
        ("Trần Thị Hoa", "Trần Thị Hòa"),
    ],
)
def test_names_differing_in_a_letter_or_an_accent_do_not(one, other):
    assert identity_key(one) != identity_key(other)


def test_a_name_is_stored_tidy():
    assert tidy("\u200bNguyễn\u00a0Thị  Lan ") == LAN


@pytest.fixture
def decision():
    return AwardDecisionFactory(base_salary=D(1490000))


def test_a_recipient_named_again_in_another_spelling_is_refused_and_nothing_is_written(decision):
    CommendationFactory(decision=decision, name=LAN, organisation="Sở Y tế")

    with pytest.raises(ValidationError) as caught:
        commendation_create(
            decision=decision,
            recipient_kind="individual",
            name="NGUYỄN\u00a0THỊ LAN",
            sex="female",
            organisation="SỞ Y TẾ",
        )

    assert caught.value.message_dict == {
        "name": [RECIPIENT_ALREADY_NAMED % {"name": "NGUYỄN THỊ LAN"}]
    }
    assert Commendation.objects.count() == 1


def test_namesakes_in_other_organisations_or_other_decisions_are_accepted(decision):
    CommendationFactory(decision=decision, name=LAN, organisation="Sở Y tế")
    CommendationFactory(name=LAN, organisation="Sở Nội vụ")  # another decision

    created = commendation_create(
        decision=decision,
        recipient_kind="individual",
        name=LAN,
        sex="female",
        organisation="Sở Nội vụ",
    )

    assert created.pk is not None
    assert Commendation.objects.filter(name=LAN).count() == 3


def test_a_list_naming_someone_twice_is_refused_whole(decision):
    rows = [
        RecipientInput(recipient_kind="individual", name=LAN, sex="female"),
        RecipientInput(recipient_kind="collective", name="UBND xã Liêm Cần"),
        RecipientInput(recipient_kind="individual", name="nguyễn thị lan", sex="female"),
    ]

    with pytest.raises(BatchInvalid) as caught:
        commendations_create_many(decision=decision, rows=rows)

    assert caught.value.row_errors == {
        2: {"name": [str(RECIPIENT_REPEATED % {"name": "nguyễn thị lan", "line": 1})]}
    }
    assert Commendation.objects.count() == 0


def test_rows_without_a_name_are_not_called_repeats_of_each_other(decision):
    rows = [
        RecipientInput(recipient_kind="collective", name=""),
        RecipientInput(recipient_kind="collective", name="\u200b"),
    ]

    with pytest.raises(BatchInvalid) as caught:
        commendations_create_many(decision=decision, rows=rows)

    assert caught.value.row_errors == {
        0: {"name": [str(NAME_REQUIRED)]},
        1: {"name": [str(NAME_REQUIRED)]},
    }


def test_an_imported_list_without_line_numbers_cites_rows_from_1(decision):
    rows = [
        ImportedRecipient(recipient_kind="collective", name="UBND xã A"),
        ImportedRecipient(recipient_kind="collective", name="UBND xã B"),
        ImportedRecipient(recipient_kind="collective", name="ubnd xã b"),
    ]

    with pytest.raises(BatchInvalid) as caught:
        commendations_import(decision=decision, rows=rows)

    assert caught.value.row_errors == {
        2: {"name": [str(RECIPIENT_REPEATED % {"name": "ubnd xã b", "line": 2})]}
    }
    assert Commendation.objects.count() == 0


def test_an_empty_name_is_reported_with_the_other_faults_of_its_row(decision):
    with pytest.raises(ValidationError) as caught:
        commendation_create(decision=decision, recipient_kind="individual", name=" \u200b ")

    assert caught.value.message_dict == {"sex": [SEX_REQUIRED], "name": [NAME_REQUIRED]}
    assert Commendation.objects.count() == 0


def test_an_unknown_recipient_kind_is_named_as_such_with_the_row_s_other_faults(decision):
    with pytest.raises(ValidationError) as caught:
        commendation_create(decision=decision, recipient_kind="organisation", name="")

    assert caught.value.message_dict == {
        "recipient_kind": ["Recipient kind must be collective, individual or household."],
        "name": [NAME_REQUIRED],
    }
    assert Commendation.objects.count() == 0


def test_a_recipient_s_area_must_exist_on_the_signing_date():
    """The 2025 reform of administrative units: a district closed on 30/06/2025 cannot be the
    area of a recipient commended on 01/07/2025; on its last day it still can."""
    decision = AwardDecisionFactory(signed_on=datetime.date(2025, 7, 1))
    closed = AreaFactory(name="Huyện Kim Bảng", valid_to=datetime.date(2025, 6, 30))
    last_day = AwardDecisionFactory(signed_on=datetime.date(2025, 6, 30))

    with pytest.raises(ValidationError) as caught:
        commendation_create(
            decision=decision, recipient_kind="collective", name="UBND huyện", area=closed
        )
    kept = commendation_create(
        decision=last_day, recipient_kind="collective", name="UBND huyện", area=closed
    )

    assert caught.value.message_dict == {
        "area": [AREA_NOT_VALID_ON_DATE % {"area": "Huyện Kim Bảng", "date": "01/07/2025"}]
    }
    assert list(Commendation.objects.values_list("pk", flat=True)) == [kept.pk]


# --- the API --------------------------------------------------------------------------


def test_the_api_refuses_a_recipient_the_decision_already_names(decision, superuser):
    CommendationFactory(decision=decision, name=LAN, organisation="")

    response = api_client(superuser).post(
        "/api/v1/commendations/",
        {
            "decision": decision.pk,
            "recipient_kind": "individual",
            "name": "Nguyễn Thị\u200b Lan",
            "sex": "female",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "name": ["Nguyễn Thị Lan is already named in this decision; "
                 "remove the row or the earlier recipient."]
    }  # fmt: skip
    assert Commendation.objects.count() == 1


def test_the_api_refuses_renaming_a_recipient_to_another_s_name(decision, superuser):
    CommendationFactory(decision=decision, name=LAN, organisation="")
    other = CommendationFactory(decision=decision, name="Trần Thị Hoa", organisation="")
    client = api_client(superuser)

    renamed = client.patch(
        f"/api/v1/commendations/{other.pk}/", {"name": "nguyễn thị lan"}, format="json"
    )
    kept = client.patch(
        f"/api/v1/commendations/{other.pk}/", {"position": "Chuyên viên"}, format="json"
    )

    assert renamed.status_code == 400
    assert renamed.json() == {"name": [str(RECIPIENT_ALREADY_NAMED % {"name": "nguyễn thị lan"})]}
    assert kept.status_code == 200, kept.json()
    other.refresh_from_db()
    assert (other.name, other.position) == ("Trần Thị Hoa", "Chuyên viên")


# --- the admin inline -----------------------------------------------------------------


def inline_data(decision, rows: list[dict], initial: int = 0) -> dict:
    data = {
        "number": decision.number,
        "signed_on": f"{decision.signed_on:%Y-%m-%d}",
        "issuer_level": decision.issuer_level,
        "issuer_name": decision.issuer_name,
        "signer_name": decision.signer_name,
        "signer_capacity": decision.signer_capacity,
        "form": decision.form_id,
        "reason": decision.reason,
        "occasion": decision.occasion,
        "programme": "",
        "phase": "",
        "base_salary": str(decision.base_salary),
        "commendations-TOTAL_FORMS": str(len(rows)),
        "commendations-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        full = {"sex": "", "position": "", "organisation": "", "area": "", **row}
        data.update({f"commendations-{index}-{k}": v for k, v in full.items()})
    return data


def existing_row(commendation: Commendation, **changes) -> dict:
    return {
        "id": commendation.pk,
        "decision": commendation.decision_id,
        "recipient_kind": commendation.recipient_kind,
        "name": commendation.name,
        "sex": commendation.sex,
        "position": commendation.position,
        "organisation": commendation.organisation,
        **changes,
    }


def post_inline(admin_client, decision, rows, initial=0):
    url = reverse("admin:awards_awarddecision_change", args=[decision.pk])
    return admin_client.post(url, inline_data(decision, rows, initial))


def test_the_inline_refuses_two_new_rows_naming_one_person(admin_client):
    decision = AwardDecisionFactory(signed_on=datetime.date(2021, 3, 15))
    rows = [
        {"recipient_kind": "individual", "name": LAN, "sex": "female"},
        {"recipient_kind": "individual", "name": "NGUYỄN\u00a0THỊ LAN", "sex": "female"},
    ]

    response = post_inline(admin_client, decision, rows)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {},
        {"name": [str(RECIPIENT_REPEATED % {"name": "NGUYỄN THỊ LAN", "line": 1})]},
    ]
    assert Commendation.objects.count() == 0


def test_the_inline_refuses_a_new_row_naming_someone_already_named(admin_client):
    decision = AwardDecisionFactory(signed_on=datetime.date(2021, 3, 15))
    lan = CommendationFactory(decision=decision, name=LAN, organisation="")
    rows = [existing_row(lan), {"recipient_kind": "individual", "name": "Nguyễn Thị Lan"}]
    rows[1]["sex"] = "female"

    response = post_inline(admin_client, decision, rows, initial=1)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {},
        {"name": [str(RECIPIENT_ALREADY_NAMED % {"name": LAN})]},
    ]
    assert list(Commendation.objects.values_list("pk", flat=True)) == [lan.pk]


def test_the_inline_accepts_a_row_replaced_by_its_correction_in_one_save(admin_client):
    """Deleting a row and adding it again, or renaming one, is not a duplicate."""
    decision = AwardDecisionFactory(signed_on=datetime.date(2021, 3, 15))
    lan = CommendationFactory(decision=decision, name=LAN, organisation="")
    ha = CommendationFactory(decision=decision, name="Lê Thị Hà", organisation="")
    rows = [
        existing_row(lan, DELETE="on"),
        existing_row(ha, name="Lê Thị Hạ"),  # a different person from Lê Thị Hà
        {"recipient_kind": "individual", "name": LAN, "sex": "female", "position": "Kế toán"},
        {"recipient_kind": "individual", "name": "Lê Thị Hà", "sex": "female"},
    ]

    response = post_inline(admin_client, decision, rows, initial=2)

    assert response.status_code == 302
    assert sorted(Commendation.objects.values_list("name", "position")) == [
        ("Lê Thị Hà", ""),
        ("Lê Thị Hạ", "Cán bộ"),
        (LAN, "Kế toán"),
    ]
