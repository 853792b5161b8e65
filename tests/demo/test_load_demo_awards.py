"""`manage.py load_demo`: the two award decisions and the statistics they give, exactly."""

import datetime
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import AwardDecision, Commendation
from awards.services import award_decision_clean
from programmes.models import Phase
from tests.api_support import api_client

pytestmark = pytest.mark.django_db

# Decree 38/2019/NĐ-CP: the base salary from 1 July 2019 to 30 June 2023, so in force when
# both decisions were signed in 2021.
BASE_SALARY = 1_490_000
# Worked by hand. Coefficients of the seeded forms (Nghị định 91/2017/NĐ-CP Art. 73):
# Bằng khen of the provincial chairman 2.0 for a collective, 1.0 for a person; Giấy khen
# of the director 0.6 and 0.3. Each bonus is rounded UP to the next 10,000 đồng (Art. 68).
# Bằng khen: 2.0 × 1,490,000 = 2,980,000 and 1.0 × 1,490,000 = 1,490,000 (already whole
#   tens of thousands); 13 × 2,980,000 + 12 × 1,490,000 = 38,740,000 + 17,880,000.
BANG_KHEN_BONUS = 56_620_000
# Giấy khen: 0.6 × 1,490,000 = 894,000 → 900,000; 0.3 × 1,490,000 = 447,000 → 450,000;
#   3 × 900,000 + 5 × 450,000 = 2,700,000 + 2,250,000.
GIAY_KHEN_BONUS = 4_950_000
# 56,620,000 + 4,950,000.
TOTAL_BONUS = 61_570_000


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def admin_api(superuser):
    return api_client(superuser)


def child_protection_phase() -> Phase:
    return Phase.objects.get(programme__code="MH-BVTE", name="2016–2020")


def test_the_chairman_commends_13_collectives_and_12_individuals(demo):
    decision = AwardDecision.objects.get(number="163/QĐ-UBND")

    assert decision.signed_on == datetime.date(2021, 3, 15)
    assert decision.form.code == "bang_khen_chu_tich_ubnd_tinh"
    assert (decision.issuer_level, decision.occasion) == ("province_chairman", "phase_review")
    assert decision.phase == child_protection_phase()
    assert decision.legal_regime == "law_2003"
    assert decision.base_salary == D(BASE_SALARY)
    assert "bảo vệ, chăm sóc trẻ em và bình đẳng giới" in decision.reason
    assert "2016–2020" in decision.reason
    recipients = decision.commendations.all()
    assert recipients.filter(recipient_kind="collective").count() == 13
    assert recipients.filter(recipient_kind="individual").count() == 12
    assert recipients.filter(sex="female").count() == 8
    lan = recipients.get(name="Phạm Thị Lan")
    assert (lan.sex, lan.position, lan.area.code, lan.bonus) == (
        "female",
        "Chủ tịch Hội Liên hiệp Phụ nữ xã",
        "MH-03-04",
        D(BASE_SALARY),
    )
    # Every recipient sits in the demo's fictional province.
    assert not recipients.exclude(area__code__startswith="MH").exists()


def test_the_director_commends_a_few_with_giay_khen(demo):
    """Nghị định 91/2017/NĐ-CP: 447,000 and 894,000 are paid 450,000 and 900,000."""
    decision = AwardDecision.objects.get(number="45/QĐ-SLĐTBXH")

    assert decision.issuer_level == "department_director"
    assert decision.form.code == "giay_khen_giam_doc_so"
    assert decision.phase == Phase.objects.get(programme__code="MH-BDG", name="2016–2020")
    assert sorted(decision.commendations.values_list("recipient_kind", "bonus")) == [
        ("collective", D(900000)),
        ("collective", D(900000)),
        ("collective", D(900000)),
        ("individual", D(450000)),
        ("individual", D(450000)),
        ("individual", D(450000)),
        ("individual", D(450000)),
        ("individual", D(450000)),
    ]


def test_the_demo_decisions_follow_the_rules(demo):
    """DESIGN.md §4 rule 9: each decision is issued at its form's level, numbered as Nghị
    định 30/2020 writes numbers, and passes the checks the admin and the API apply."""
    decisions = AwardDecision.objects.select_related("form").order_by("signed_on")

    for decision in decisions:
        award_decision_clean(decision)  # raises on a broken rule

    assert [(d.number, d.issuer_level, d.form.issuer_level, d.issuer_key) for d in decisions] == [
        (
            "45/QĐ-SLĐTBXH",
            "department_director",
            "department_director",
            "sở lao động - thương binh và xã hội tỉnh minh hòa (minh họa)",
        ),
        (
            "163/QĐ-UBND",
            "province_chairman",
            "province_chairman",
            "ủy ban nhân dân tỉnh minh hòa (minh họa)",
        ),
    ]


def test_loading_twice_keeps_the_same_decisions_and_recipients(demo):
    before = list(Commendation.objects.order_by("pk").values())

    call_command("load_demo", stdout=StringIO())

    assert AwardDecision.objects.count() == 2
    assert list(Commendation.objects.order_by("pk").values()) == before


def test_the_stats_endpoint_gives_the_demo_s_exact_numbers(demo, admin_api):
    response = admin_api.get("/api/v1/award-decisions/stats/")

    assert response.status_code == 200
    assert response.json() == {
        "decisions": 2,
        "recipients": 33,
        "by_form": [
            {"form": "giay_khen_giam_doc_so", "decisions": 1, "recipients": 8},
            {"form": "bang_khen_chu_tich_ubnd_tinh", "decisions": 1, "recipients": 25},
        ],
        # Both decisions were signed in 2021 (Giấy khen in January, Bằng khen in March).
        "by_year": [{"year": 2021, "decisions": 2, "recipients": 33}],
        "by_recipient_kind": {"collective": 16, "individual": 17, "household": 0},
        "individuals_female": 11,
        "individuals_male": 6,
        "female_share_percent": "64.7",  # 11 / 17 = 64.70…%
        "total_bonus_vnd": "61570000",
    }
    assert BANG_KHEN_BONUS + GIAY_KHEN_BONUS == TOTAL_BONUS


def test_the_stats_for_child_protection_2016_2020(demo, admin_api):
    phase = child_protection_phase()

    response = admin_api.get(
        "/api/v1/award-decisions/stats/",
        {"phase": phase.pk, "programme": phase.programme_id, "year": 2021},
    )

    assert response.json() == {
        "decisions": 1,
        "recipients": 25,
        "by_form": [{"form": "bang_khen_chu_tich_ubnd_tinh", "decisions": 1, "recipients": 25}],
        "by_year": [{"year": 2021, "decisions": 1, "recipients": 25}],
        "by_recipient_kind": {"collective": 13, "individual": 12, "household": 0},
        "individuals_female": 8,
        "individuals_male": 4,
        "female_share_percent": "66.7",  # 8 / 12
        "total_bonus_vnd": str(BANG_KHEN_BONUS),
    }
