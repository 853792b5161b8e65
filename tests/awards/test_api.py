"""API v1 for award forms, decisions and recipients, and the award statistics."""

import datetime
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from awards.api import RECIPIENT_CANNOT_MOVE
from awards.models import AwardDecision, AwardForm, Commendation
from awards.selectors import award_stats
from awards.services import (
    FORM_ISSUER_MISMATCH,
    NUMBER_MALFORMED,
    NUMBER_TAKEN,
    RECIPIENT_KIND_NOT_ALLOWED,
    SEX_REQUIRED,
)
from tests.api_support import api_client, body, user_with_permissions
from tests.factories import (
    AreaFactory,
    AwardDecisionFactory,
    AwardFormFactory,
    CommendationFactory,
    PhaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANG_KHEN = "bang_khen_chu_tich_ubnd_tinh"
GIAY_KHEN = "giay_khen_giam_doc_so"
FLAG = "co_thi_dua_ubnd_tinh"


@pytest.fixture
def admin_api(superuser) -> APIClient:
    return api_client(superuser)


def decision_body(**changes) -> dict:
    return {
        "number": "163/QĐ-UBND",
        "signed_on": "2021-03-15",
        "issuer_level": "province_chairman",
        "issuer_name": "Ủy ban nhân dân tỉnh Minh Hòa",
        "signer_name": "Trần Văn B",
        "signer_capacity": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "form": BANG_KHEN,
        "reason": "Thành tích xuất sắc trong công tác bảo vệ, chăm sóc trẻ em",
        "occasion": "phase_review",
        **changes,
    }


@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("get", "/api/v1/award-forms/"),
        ("get", "/api/v1/award-decisions/"),
        ("post", "/api/v1/award-decisions/"),
        ("get", "/api/v1/award-decisions/stats/"),
        ("get", "/api/v1/commendations/"),
        ("post", "/api/v1/commendations/"),
    ],
)
def test_anonymous_requests_get_401(method, route):
    assert getattr(APIClient(), method)(route).status_code == 401


# Award forms


def test_award_forms_are_listed_with_their_recipient_kinds(admin_api):
    response = admin_api.get("/api/v1/award-forms/", {"issuer_level": "department_director"})

    rows = {row["code"]: row for row in response.json()["results"]}
    assert set(rows) == set(
        AwardForm.objects.filter(issuer_level="department_director").values_list("code", flat=True)
    )
    giay_khen = rows[GIAY_KHEN]
    assert giay_khen == {
        "id": AwardForm.objects.get(code=GIAY_KHEN).pk,
        "code": GIAY_KHEN,
        "name": "Certificate of Commendation of the Department Director",
        "kind": "commendation",
        "recipient_kinds": ["collective", "individual", "household"],
        "issuer_level": "department_director",
        "name_vi": "Giấy khen của Giám đốc Sở",
        "name_en": "Certificate of Commendation of the Department Director",
        "bonus_coefficient_individual": "0.3",
        "bonus_coefficient_collective": "0.6",
        "bonus_coefficient_household": "0.6",
    }


def test_award_forms_are_read_only(admin_api):
    assert admin_api.post("/api/v1/award-forms/", {}, format="json").status_code == 405


def test_award_forms_answer_csv_with_kinds_in_one_cell(admin_api):
    response = admin_api.get("/api/v1/award-forms/", {"format": "csv", "issuer_level": "x"})
    assert response.status_code == 400
    response = admin_api.get("/api/v1/award-forms/", {"format": "csv"})
    lines = body(response).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,code,name,kind,recipient_kinds,issuer_level,")
    bang_khen = next(line for line in lines if BANG_KHEN in line)
    assert '"collective, individual, household"' in bang_khen


# Decisions


def test_a_decision_is_listed_with_its_form_code_and_recipients(admin_api):
    phase = PhaseFactory()
    decision = AwardDecisionFactory(
        number="163/QĐ-UBND",
        signed_on=datetime.date(2021, 3, 15),
        programme=phase.programme,
        phase=phase,
    )
    CommendationFactory.create_batch(2, decision=decision)
    CommendationFactory(decision=decision, recipient_kind="collective", sex="")

    response = admin_api.get("/api/v1/award-decisions/")

    assert response.json()["results"] == [
        {
            "id": decision.pk,
            "number": "163/QĐ-UBND",
            "signed_on": "2021-03-15",
            "issuer_level": "province_chairman",
            "form": BANG_KHEN,
            "reason": decision.reason,
            "programme": phase.programme_id,
            "phase": phase.pk,
            "recipients_count": 3,
            "year": 2021,
            "issuer_name": "Ủy ban nhân dân tỉnh Minh Hòa",
            "signer_name": "Nguyễn Văn A",
            "signer_capacity": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
            "occasion": "phase_review",
            "legal_regime": "law_2003",
            # 2 × 1.0 × 1,490,000 + 1 × 2.0 × 1,490,000
            "base_salary": "1490000",
            "total_bonus_vnd": "5960000",
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"form": GIAY_KHEN}, ["45/QĐ-SLĐTBXH"]),
        ({"issuer_level": "province_chairman"}, ["02/QĐ-UBND", "163/QĐ-UBND"]),
        ({"year": 2021}, ["163/QĐ-UBND", "45/QĐ-SLĐTBXH"]),
        ({"year": 2021, "issuer_level": "province_chairman"}, ["163/QĐ-UBND"]),
    ],
)
def test_decisions_are_filtered(admin_api, query, expected):
    AwardDecisionFactory(number="163/QĐ-UBND", signed_on=datetime.date(2021, 3, 15))
    AwardDecisionFactory(number="02/QĐ-UBND", signed_on=datetime.date(2022, 1, 5))
    AwardDecisionFactory(
        number="45/QĐ-SLĐTBXH",
        signed_on=datetime.date(2021, 1, 20),
        issuer_level="department_director",
        form=AwardFormFactory(code=GIAY_KHEN),
    )

    response = admin_api.get("/api/v1/award-decisions/", query)

    assert [row["number"] for row in response.json()["results"]] == expected


def test_decisions_are_filtered_by_phase(admin_api):
    phase = PhaseFactory()
    linked = AwardDecisionFactory(programme=phase.programme, phase=phase)
    AwardDecisionFactory()

    response = admin_api.get("/api/v1/award-decisions/", {"phase": phase.pk})

    assert [row["id"] for row in response.json()["results"]] == [linked.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"form": "nope"}, "form"),
        ({"issuer_level": "king"}, "issuer_level"),
        ({"year": "x"}, "year"),
    ],
)
def test_unknown_decision_filter_values_are_a_400(admin_api, query, field):
    response = admin_api.get("/api/v1/award-decisions/", query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_decision_is_created_through_the_service_with_the_base_salary_of_its_date(admin_api):
    phase = PhaseFactory()

    response = admin_api.post(
        "/api/v1/award-decisions/", decision_body(phase=phase.pk), format="json"
    )

    assert response.status_code == 201, response.json()
    decision = AwardDecision.objects.get()
    assert response.json()["id"] == decision.pk
    assert response.json()["recipients_count"] == 0
    assert response.json()["total_bonus_vnd"] == "0"
    # Decree 38/2019/NĐ-CP: 1,490,000 VND from 1 July 2019 to 30 June 2023.
    assert decision.base_salary == D("1490000")
    assert (decision.year, decision.legal_regime) == (2021, "law_2003")
    assert decision.programme_id == phase.programme_id  # taken from the phase


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": "163-UBND"}, "number", lambda: NUMBER_MALFORMED % {"number": "163-UBND"}),
        (
            {"issuer_level": "department_director"},
            "form",
            lambda: FORM_ISSUER_MISMATCH % {"form": "Certificate of Merit of the Provincial People's Committee Chairman", "form_issuer": "Chairman of the Provincial People's Committee", "issuer": "Department director"},
        ),
        (
            {"signed_on": "2009-05-01"},
            "base_salary",
            lambda: "The base salary in force on the signing date is not known here; enter it from the decision.",
        ),
    ],
)  # fmt: skip
def test_a_decision_breaking_a_rule_is_a_400_and_nothing_is_saved(
    admin_api, changes, field, message
):
    response = admin_api.post("/api/v1/award-decisions/", decision_body(**changes), format="json")

    assert response.status_code == 400
    assert response.json() == {field: [str(message())]}
    assert AwardDecision.objects.count() == 0


def test_the_same_number_twice_for_an_issuer_and_year_is_a_400(admin_api):
    admin_api.post("/api/v1/award-decisions/", decision_body(), format="json")

    response = admin_api.post("/api/v1/award-decisions/", decision_body(), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "number": [
            str(
                NUMBER_TAKEN
                % {"issuer": "Ủy ban nhân dân tỉnh Minh Hòa", "number": "163/QĐ-UBND", "year": 2021}
            )
        ]
    }
    assert AwardDecision.objects.count() == 1


def test_changing_a_decision_s_base_salary_updates_its_bonuses(admin_api):
    decision = AwardDecisionFactory()
    recipient = CommendationFactory(decision=decision)

    response = admin_api.patch(
        f"/api/v1/award-decisions/{decision.pk}/", {"base_salary": "1800000"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["total_bonus_vnd"] == "1800000"
    recipient.refresh_from_db()
    assert recipient.bonus == D("1800000")


def test_a_form_the_recipients_do_not_allow_is_refused(admin_api):
    decision = AwardDecisionFactory()
    CommendationFactory(decision=decision)  # an individual

    response = admin_api.patch(
        f"/api/v1/award-decisions/{decision.pk}/", {"form": FLAG}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["form"]
    decision.refresh_from_db()
    assert decision.form.code == BANG_KHEN


def test_writing_decisions_needs_the_model_permission():
    nobody = api_client(UserFactory(username="nobody"))
    assert nobody.get("/api/v1/award-decisions/").status_code == 403
    assert (
        nobody.post("/api/v1/award-decisions/", decision_body(), format="json").status_code == 403
    )

    reader = api_client(user_with_permissions("view_awarddecision", username="reader"))
    assert reader.get("/api/v1/award-decisions/").status_code == 200
    assert (
        reader.post("/api/v1/award-decisions/", decision_body(), format="json").status_code == 403
    )

    clerk = api_client(user_with_permissions("add_awarddecision"))
    assert clerk.post("/api/v1/award-decisions/", decision_body(), format="json").status_code == 201


# Recipients


def test_recipients_are_listed_with_area_codes_and_bonuses(admin_api):
    area = AreaFactory(code="MH-01")
    decision = AwardDecisionFactory(number="163/QĐ-UBND")
    person = CommendationFactory(
        decision=decision, name="Nguyễn Thị Lan", position="Chuyên viên", area=area
    )

    response = admin_api.get("/api/v1/commendations/")

    assert response.json()["results"] == [
        {
            "id": person.pk,
            "decision": decision.pk,
            "recipient_kind": "individual",
            "name": "Nguyễn Thị Lan",
            "sex": "female",
            "position": "Chuyên viên",
            "organisation": "Sở Lao động - Thương binh và Xã hội",
            "area": "MH-01",
            "bonus_vnd": "1490000",
            "decision_number": "163/QĐ-UBND",
            "form": BANG_KHEN,
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"recipient_kind": "collective"}, ["Hội Liên hiệp Phụ nữ"]),
        ({"sex": "male"}, ["Trần Văn Hùng"]),
        ({"sex": "female"}, ["Nguyễn Thị Lan"]),
    ],
)
def test_recipients_are_filtered(admin_api, query, expected):
    decision = AwardDecisionFactory()
    CommendationFactory(decision=decision, name="Nguyễn Thị Lan")
    CommendationFactory(decision=decision, name="Trần Văn Hùng", sex="male")
    CommendationFactory(
        decision=decision, name="Hội Liên hiệp Phụ nữ", recipient_kind="collective", sex=""
    )

    response = admin_api.get("/api/v1/commendations/", query)

    assert [row["name"] for row in response.json()["results"]] == expected


def test_recipients_are_filtered_by_decision(admin_api):
    wanted = CommendationFactory()
    CommendationFactory()

    response = admin_api.get("/api/v1/commendations/", {"decision": wanted.decision_id})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_a_recipient_is_added_with_its_bonus(admin_api):
    decision = AwardDecisionFactory()
    AreaFactory(code="MH-02")

    response = admin_api.post(
        "/api/v1/commendations/",
        {
            "decision": decision.pk,
            "recipient_kind": "collective",
            "name": "Phòng LĐ-TB&XH huyện Sơn Mây",
            "area": "MH-02",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["bonus_vnd"] == "2980000"  # 2.0 × 1,490,000
    assert Commendation.objects.get().area.code == "MH-02"


@pytest.mark.parametrize(
    ("form", "changes", "field", "message"),
    [
        (BANG_KHEN, {"sex": ""}, "sex", lambda: str(SEX_REQUIRED)),
        (
            FLAG,
            {"recipient_kind": "household", "sex": ""},
            "recipient_kind",
            lambda: str(
                RECIPIENT_KIND_NOT_ALLOWED
                % {"form": "Emulation Flag of the Provincial People's Committee", "kind": "household", "allowed": "collective"}
            ),
        ),
    ],
)  # fmt: skip
def test_a_recipient_breaking_a_rule_is_a_400_and_nothing_is_saved(
    admin_api, form, changes, field, message
):
    decision = AwardDecisionFactory(form=AwardFormFactory(code=form))
    data = {
        "decision": decision.pk,
        "recipient_kind": "individual",
        "name": "Lê Văn Tâm",
        "sex": "male",
        **changes,
    }

    response = admin_api.post("/api/v1/commendations/", data, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [message()]}
    assert Commendation.objects.count() == 0


def test_a_recipient_is_changed_through_the_service(admin_api):
    recipient = CommendationFactory()

    response = admin_api.patch(
        f"/api/v1/commendations/{recipient.pk}/",
        {"recipient_kind": "collective", "sex": "", "name": "UBND xã Bến Lúa"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    recipient.refresh_from_db()
    assert (recipient.recipient_kind, recipient.bonus) == ("collective", D("2980000"))


def test_a_recipient_cannot_move_to_another_decision(admin_api):
    recipient = CommendationFactory()
    other = AwardDecisionFactory()

    response = admin_api.patch(
        f"/api/v1/commendations/{recipient.pk}/", {"decision": other.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"decision": [str(RECIPIENT_CANNOT_MOVE)]}


# Query counts: every list costs the same for 1 row and for 100.

LIST_FACTORIES = {
    "/api/v1/award-decisions/": lambda n: [
        CommendationFactory(decision=AwardDecisionFactory(phase=PhaseFactory())) for _ in range(n)
    ],
    "/api/v1/commendations/": lambda n: CommendationFactory.create_batch(
        n, decision=AwardDecisionFactory(), area=AreaFactory()
    ),
}


@pytest.mark.parametrize("route", LIST_FACTORIES)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_a_list_runs_the_same_queries_for_1_and_for_100_rows(
    admin_api, django_assert_max_num_queries, route, format_
):
    LIST_FACTORIES[route](1)
    with django_assert_max_num_queries(2):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        body(response)

    LIST_FACTORIES[route](99)
    with django_assert_max_num_queries(2):
        response = admin_api.get(route, {"format": format_, "page_size": 1000})
        content = body(response)
    assert response.status_code == 200
    assert (
        content.count(b"\n") >= 100 if format_ == "csv" else len(response.json()["results"]) == 100
    )


@pytest.mark.parametrize("format_", ["json", "csv"])
def test_the_award_forms_list_runs_a_fixed_number_of_queries(
    admin_api, django_assert_num_queries, format_
):
    with django_assert_num_queries(2 if format_ == "json" else 1):
        response = admin_api.get("/api/v1/award-forms/", {"format": format_})
        body(response)
    assert response.status_code == 200


def test_lists_answer_csv(admin_api):
    CommendationFactory(name="Nguyễn Thị Lan")

    decisions = body(admin_api.get("/api/v1/award-decisions/", {"format": "csv"}))
    recipients = body(admin_api.get("/api/v1/commendations/", {"format": "csv"}))

    assert decisions.decode("utf-8-sig").splitlines()[0] == (
        "id,number,signed_on,issuer_level,form,reason,programme,phase,recipients_count,year,"
        "issuer_name,signer_name,signer_capacity,occasion,legal_regime,base_salary,"
        "total_bonus_vnd"
    )
    lines = recipients.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "id,decision,recipient_kind,name,sex,position,organisation,area,bonus_vnd,"
        "decision_number,form"
    )
    assert ",Nguyễn Thị Lan,female," in lines[1]


# Statistics


def stats_story():
    """Two phases, three decisions in two years, recipients of every kind."""
    child = PhaseFactory()
    gender = PhaseFactory()
    bang_khen = AwardDecisionFactory(
        number="163/QĐ-UBND",
        signed_on=datetime.date(2021, 3, 15),
        programme=child.programme,
        phase=child,
    )
    for name, sex in [("A", "female"), ("B", "female"), ("C", "male")]:
        CommendationFactory(decision=bang_khen, name=name, sex=sex)
    for name in ["Tập thể 1", "Tập thể 2"]:
        CommendationFactory(decision=bang_khen, name=name, recipient_kind="collective", sex="")
    CommendationFactory(decision=bang_khen, name="Hộ ông D", recipient_kind="household", sex="")
    giay_khen = AwardDecisionFactory(
        number="45/QĐ-SLĐTBXH",
        signed_on=datetime.date(2021, 1, 20),
        issuer_level="department_director",
        form=AwardFormFactory(code=GIAY_KHEN),
        programme=gender.programme,
        phase=gender,
    )
    CommendationFactory(decision=giay_khen, name="E", sex="male")
    CommendationFactory(decision=giay_khen, name="Tập thể 3", recipient_kind="collective", sex="")
    AwardDecisionFactory(number="7/QĐ-UBND", signed_on=datetime.date(2022, 6, 1))  # no one yet
    return child, gender


def test_stats_count_everything_when_unfiltered(admin_api):
    stats_story()

    response = admin_api.get("/api/v1/award-decisions/stats/")

    # Bonuses at 1,490,000: Bằng khen 3 × 1.0 + 2 × 2.0 + 1 × 2.0 = 9 base salaries;
    # Giấy khen 1 × 0.3 + 1 × 0.6 = 0.9 base salaries. 9.9 × 1,490,000 = 14,751,000.
    assert response.json() == {
        "decisions": 3,
        "recipients": 8,
        "by_form": [
            {"form": GIAY_KHEN, "decisions": 1, "recipients": 2},
            {"form": BANG_KHEN, "decisions": 2, "recipients": 6},
        ],
        "by_year": [
            {"year": 2021, "decisions": 2, "recipients": 8},
            {"year": 2022, "decisions": 1, "recipients": 0},
        ],
        "by_recipient_kind": {"collective": 3, "individual": 4, "household": 1},
        "individuals_female": 2,
        "individuals_male": 2,
        "female_share_percent": "50",
        "total_bonus_vnd": "14751000",
    }


def test_stats_for_a_phase(admin_api):
    child, _gender = stats_story()

    response = admin_api.get("/api/v1/award-decisions/stats/", {"phase": child.pk})

    assert response.json() == {
        "decisions": 1,
        "recipients": 6,
        "by_form": [{"form": BANG_KHEN, "decisions": 1, "recipients": 6}],
        "by_year": [{"year": 2021, "decisions": 1, "recipients": 6}],
        "by_recipient_kind": {"collective": 2, "individual": 3, "household": 1},
        "individuals_female": 2,
        "individuals_male": 1,
        "female_share_percent": "66.7",
        "total_bonus_vnd": "13410000",  # 9 × 1,490,000
    }


def test_stats_for_a_year_and_a_programme(admin_api):
    _child, gender = stats_story()

    by_year = admin_api.get("/api/v1/award-decisions/stats/", {"year": 2022}).json()
    by_programme = admin_api.get(
        "/api/v1/award-decisions/stats/", {"programme": gender.programme_id, "year": 2021}
    ).json()

    assert (by_year["decisions"], by_year["recipients"]) == (1, 0)
    assert by_year["female_share_percent"] is None
    assert by_year["total_bonus_vnd"] == "0"
    assert by_year["by_form"] == [{"form": BANG_KHEN, "decisions": 1, "recipients": 0}]
    assert (by_programme["decisions"], by_programme["total_bonus_vnd"]) == (1, "1341000")


def test_stats_of_nothing_are_zeros():
    assert award_stats() == {
        "decisions": 0,
        "recipients": 0,
        "by_form": [],
        "by_year": [],
        "by_recipient_kind": {"collective": 0, "individual": 0, "household": 0},
        "individuals_female": 0,
        "individuals_male": 0,
        "female_share_percent": None,
        "total_bonus_vnd": D(0),
    }


def test_the_selector_takes_instances_or_ids():
    child, _gender = stats_story()

    by_instance = award_stats(phase=child, year=2021, programme=child.programme)
    by_id = award_stats(phase=child.pk, year=2021, programme=child.programme_id)

    assert by_instance == by_id
    assert by_instance["female_share_percent"] == D("66.7")
    assert by_instance["total_bonus_vnd"] == D("13410000")


@pytest.mark.parametrize(
    ("query", "field"),
    [({"phase": 999999}, "phase"), ({"year": "x"}, "year"), ({"programme": "a"}, "programme")],
)
def test_unknown_stats_filters_are_a_400(admin_api, query, field):
    response = admin_api.get("/api/v1/award-decisions/stats/", query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_stats_run_a_fixed_number_of_queries(admin_api, django_assert_num_queries):
    child, _gender = stats_story()
    with django_assert_num_queries(3):
        admin_api.get("/api/v1/award-decisions/stats/")
    CommendationFactory.create_batch(50, decision=AwardDecisionFactory(phase=child))
    with django_assert_num_queries(3):
        admin_api.get("/api/v1/award-decisions/stats/")
    # Each filter given by id is looked up once, to answer 400 when it does not exist.
    with django_assert_num_queries(5):
        admin_api.get(
            "/api/v1/award-decisions/stats/",
            {"phase": child.pk, "programme": child.programme_id, "year": 2020},
        )
