"""The admin for award forms, decisions and their recipients."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardDecision, AwardForm, Commendation
from awards.services import (
    FORM_CHANGE_ORPHANS_RECIPIENTS,
    FORM_ISSUER_MISMATCH,
    NUMBER_MALFORMED,
    RECIPIENT_REPEATED,
    SEX_REQUIRED,
    RecipientInput,
    commendations_update_many,
)
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    AwardFormFactory,
    CommendationFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    """Queries one GET of `url` runs; the page must render."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def decision_data(form: AwardForm, **changes) -> dict:
    data = {
        "number": "163/QĐ-UBND",
        "signed_on": "2024-08-20",
        "issuer_level": "province_chairman",
        "issuer_name": "Ủy ban nhân dân tỉnh Hà Nam",
        "signer_name": "Trần Văn B",
        "signer_capacity": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "form": form.pk,
        "reason": "",
        "occasion": "yearly",
        "programme": "",
        "phase": "",
        "base_salary": "2340000",
        "commendations-TOTAL_FORMS": "0",
        "commendations-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def with_rows(data: dict, *rows: dict) -> dict:
    data = {**data, "commendations-TOTAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        full = {"sex": "", "position": "", "organisation": "", "area": "", **row}
        data.update({f"commendations-{index}-{k}": v for k, v in full.items()})
    return data


@pytest.fixture
def bang_khen():
    return AwardFormFactory(code="bang_khen_chu_tich_ubnd_tinh")


# --- pages render in a fixed number of queries ----------------------------------------


@pytest.mark.parametrize("model_name", ["awardform", "awarddecision", "commendation"])
def test_changelist_and_add_pages_render_for_a_superuser(admin_client, model_name):
    CommendationFactory()

    assert count_queries(admin_client, reverse(f"admin:awards_{model_name}_changelist"))
    if model_name == "awarddecision":
        assert count_queries(admin_client, reverse("admin:awards_awarddecision_add"))


@pytest.mark.parametrize("model_name", ["awarddecision", "commendation"])
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model_name
):
    CommendationFactory()
    url = reverse(f"admin:awards_{model_name}_changelist")
    with_one = count_queries(admin_client, url)
    CommendationFactory.create_batch(29)

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30


def test_decision_page_query_count_does_not_grow_with_its_recipients(
    admin_client, django_assert_max_num_queries
):
    decision = AwardDecisionFactory()
    CommendationFactory(decision=decision, area=AreaFactory())
    url = reverse("admin:awards_awarddecision_change", args=[decision.pk])
    with_one = count_queries(admin_client, url)
    for _ in range(29):
        CommendationFactory(decision=decision, area=AreaFactory())

    with django_assert_max_num_queries(with_one):
        response = admin_client.get(url)

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 31  # + 1 extra


def test_award_forms_cannot_be_added_or_deleted_by_hand(admin_client):
    form = AwardForm.objects.get(code="lao_dong_tien_tien")

    add = admin_client.get(reverse("admin:awards_awardform_add"))
    delete = admin_client.get(reverse("admin:awards_awardform_delete", args=[form.pk]))

    assert (add.status_code, delete.status_code) == (403, 403)


# --- saving through the services ------------------------------------------------------


def test_a_decision_is_added_with_its_recipients_and_their_bonuses(admin_client, bang_khen):
    data = with_rows(
        decision_data(bang_khen),
        {"recipient_kind": "individual", "name": "Nguyễn Thị Lan", "sex": "female"},
        {"recipient_kind": "collective", "name": "Phòng LĐTBXH huyện Kim Bảng"},
    )

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.status_code == 302
    decision = AwardDecision.objects.get()
    assert (decision.year, decision.legal_regime) == (2024, "law_2022")
    assert list(decision.commendations.values_list("name", "bonus")) == [
        ("Nguyễn Thị Lan", D("2340000")),
        ("Phòng LĐTBXH huyện Kim Bảng", D("4680000")),
    ]


def test_a_bad_number_is_refused_with_its_message_and_nothing_is_saved(admin_client, bang_khen):
    data = with_rows(
        decision_data(bang_khen, number="163/UBND"),
        {"recipient_kind": "individual", "name": "Nguyễn Thị Lan", "sex": "female"},
    )

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "number": [NUMBER_MALFORMED % {"number": "163/UBND"}]
    }
    assert (AwardDecision.objects.count(), Commendation.objects.count()) == (0, 0)


def test_a_department_issuing_a_chairman_form_is_refused(admin_client, bang_khen):
    data = decision_data(bang_khen, number="45/QĐ-SLĐTBXH", issuer_level="department_director")

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.context["adminform"].form.errors == {
        "form": [
            FORM_ISSUER_MISMATCH
            % {
                "form": bang_khen.name,
                "form_issuer": "Chairman of the Provincial People's Committee",
                "issuer": "Department director",
            }
        ]
    }
    assert AwardDecision.objects.count() == 0


def test_an_individual_without_sex_in_the_inline_saves_nothing(admin_client, bang_khen):
    data = with_rows(
        decision_data(bang_khen),
        {"recipient_kind": "collective", "name": "Phòng LĐTBXH huyện Kim Bảng"},
        {"recipient_kind": "individual", "name": "Nguyễn Văn Nam"},
    )

    response = admin_client.post(reverse("admin:awards_awarddecision_add"), data)

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.errors == [{}, {"sex": [str(SEX_REQUIRED)]}]
    assert (AwardDecision.objects.count(), Commendation.objects.count()) == (0, 0)


def test_a_form_that_refuses_a_named_recipient_is_refused_on_the_page(admin_client):
    decision = AwardDecisionFactory(signed_on=datetime.date(2024, 5, 1))
    person = CommendationFactory(decision=decision, recipient_kind="individual", sex="male")
    flag = AwardFormFactory(code="co_thi_dua_ubnd_tinh")
    data = decision_data(flag, number=decision.number, signed_on="2024-05-01")
    data.update(
        {
            "commendations-TOTAL_FORMS": "1",
            "commendations-INITIAL_FORMS": "1",
            "commendations-0-id": person.pk,
            "commendations-0-decision": decision.pk,
            "commendations-0-recipient_kind": "individual",
            "commendations-0-name": person.name,
            "commendations-0-sex": "male",
            "commendations-0-position": "",
            "commendations-0-organisation": "",
            "commendations-0-area": "",
        }
    )

    response = admin_client.post(
        reverse("admin:awards_awarddecision_change", args=[decision.pk]), data
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "form": [FORM_CHANGE_ORPHANS_RECIPIENTS % {"form": flag.name, "kinds": "individual"}]
    }
    decision.refresh_from_db()
    assert decision.form.code == "bang_khen_chu_tich_ubnd_tinh"


def test_changing_the_base_salary_on_the_page_recomputes_bonuses(admin_client, bang_khen):
    decision = AwardDecisionFactory(form=bang_khen, signed_on=datetime.date(2024, 5, 1))
    person = CommendationFactory(decision=decision, recipient_kind="individual", sex="male")
    data = decision_data(
        bang_khen, number=decision.number, signed_on="2024-05-01", base_salary="1800000"
    )
    data.update(
        {
            "commendations-TOTAL_FORMS": "1",
            "commendations-INITIAL_FORMS": "1",
            "commendations-0-id": person.pk,
            "commendations-0-decision": decision.pk,
            "commendations-0-recipient_kind": "individual",
            "commendations-0-name": person.name,
            "commendations-0-sex": "male",
            "commendations-0-position": person.position,
            "commendations-0-organisation": person.organisation,
            "commendations-0-area": "",
        }
    )

    response = admin_client.post(
        reverse("admin:awards_awarddecision_change", args=[decision.pk]), data
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bonus == D("1800000")


def test_two_recipients_swap_names_in_one_save_of_the_inline(admin_client, bang_khen):
    """Two rows corrected at once (names entered in the wrong rows): each row, checked
    alone, finds the other's old name still saved; checked as one list they are two
    recipients, as Luật Thi đua, khen thưởng 2022 Điều 5 wants no one named twice."""
    decision = AwardDecisionFactory(form=bang_khen, signed_on=datetime.date(2024, 5, 1))
    lan = CommendationFactory(
        decision=decision, recipient_kind="individual", name="Nguyễn Thị Lan", sex="female"
    )
    mai = CommendationFactory(
        decision=decision, recipient_kind="individual", name="Trần Thị Mai", sex="female"
    )
    data = decision_data(bang_khen, number=decision.number, signed_on="2024-05-01")
    data.update({"commendations-TOTAL_FORMS": "2", "commendations-INITIAL_FORMS": "2"})
    for index, (row, name) in enumerate([(lan, "Trần Thị Mai"), (mai, "Nguyễn Thị Lan")]):
        data.update(
            {
                f"commendations-{index}-id": row.pk,
                f"commendations-{index}-decision": decision.pk,
                f"commendations-{index}-recipient_kind": "individual",
                f"commendations-{index}-name": name,
                f"commendations-{index}-sex": "female",
                f"commendations-{index}-position": row.position,
                f"commendations-{index}-organisation": row.organisation,
                f"commendations-{index}-area": "",
            }
        )

    response = admin_client.post(
        reverse("admin:awards_awarddecision_change", args=[decision.pk]), data
    )

    assert response.status_code == 302
    assert list(decision.commendations.order_by("pk").values_list("pk", "name")) == [
        (lan.pk, "Trần Thị Mai"),
        (mai.pk, "Nguyễn Thị Lan"),
    ]


def test_a_swap_that_names_one_recipient_twice_is_refused_and_nothing_changes(
    admin_client, bang_khen
):
    """The same list check refuses a save that leaves one name on two rows."""
    decision = AwardDecisionFactory(form=bang_khen, signed_on=datetime.date(2024, 5, 1))
    lan = CommendationFactory(
        decision=decision, recipient_kind="individual", name="Nguyễn Thị Lan", sex="female"
    )
    mai = CommendationFactory(
        decision=decision, recipient_kind="individual", name="Trần Thị Mai", sex="female"
    )

    with pytest.raises(ValidationError) as refused:
        commendations_update_many(
            decision=decision,
            changes=[
                (
                    lan,
                    RecipientInput(recipient_kind="individual", name="Trần Thị Mai", sex="female"),
                ),
                (
                    mai,
                    RecipientInput(recipient_kind="individual", name="Trần  thị Mai", sex="female"),
                ),
            ],
        )

    assert refused.value.message_dict == {
        "name": [str(RECIPIENT_REPEATED % {"name": "Trần thị Mai", "line": 1})]
    }
    assert refused.value.rows == {
        1: {"name": [str(RECIPIENT_REPEATED % {"name": "Trần thị Mai", "line": 1})]}
    }
    assert list(decision.commendations.order_by("pk").values_list("name", flat=True)) == [
        "Nguyễn Thị Lan",
        "Trần Thị Mai",
    ]


# --- search ---------------------------------------------------------------------------


def test_a_decision_is_found_by_a_recipient_name_without_accents(admin_client):
    wanted = AwardDecisionFactory()
    CommendationFactory(decision=wanted, name="Nguyễn Thị Lan")
    CommendationFactory(decision=wanted, name="Nguyễn Thị Lành")
    CommendationFactory(name="Trần Văn Hùng")

    response = admin_client.get(
        reverse("admin:awards_awarddecision_changelist"), {"q": "nguyen thi lan"}
    )

    assert [d.pk for d in response.context["cl"].result_list] == [wanted.pk]
