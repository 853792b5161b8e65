"""The awards data migrations forwards and backwards, on rows written before them."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback: the rows the data migrations seed (award forms, roles) come back
# for the next test after this one has migrated back and forth.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LATEST = ("awards", "0008_awards_above_the_province")


def migrate_to(target: tuple[str, str]):
    """Migrate the awards app to `target`; return the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.fixture
def at_latest_afterwards():
    yield
    migrate_to(LATEST)


def add_decision(apps, number: str, form_code: str, issuer_name: str, level: str, **extra):
    AwardDecision = apps.get_model("awards", "AwardDecision")
    return AwardDecision.objects.create(
        number=number,
        signed_on=datetime.date(2021, 3, 15),
        year=2021,
        legal_regime="law_2003",
        issuer_level=level,
        issuer_name=issuer_name,
        signer_name="Nguyễn Văn A",
        form=apps.get_model("awards", "AwardForm").objects.get(code=form_code),
        base_salary=D(1490000),
        **extra,
    )


def test_numbers_are_padded_and_bodies_keyed_by_0005(at_latest_afterwards):
    """Nghị định 30/2020/NĐ-CP: "5/QĐ-UBND" is stored "05/QĐ-UBND"."""
    apps = migrate_to(("awards", "0004_issuing_body_and_levels_above_the_province"))
    add_decision(
        apps, "5/QĐ-UBND", "bang_khen_chu_tich_ubnd_tinh", "UBND tỉnh Hà Nam", "province_chairman"
    )
    add_decision(apps, "45/QĐ-SLĐTBXH", "giay_khen_giam_doc_so", "Sở LĐTBXH tỉnh Hà Nam", "department_director")  # fmt: skip

    apps = migrate_to(("awards", "0006_unique_number_per_issuing_body"))

    AwardDecision = apps.get_model("awards", "AwardDecision")
    assert sorted(AwardDecision.objects.values_list("number", "issuer_key")) == [
        ("05/QĐ-UBND", "ủy ban nhân dân tỉnh hà nam"),
        ("45/QĐ-SLĐTBXH", "sở lao động - thương binh và xã hội tỉnh hà nam"),
    ]


def test_0005_stops_and_names_two_decisions_that_turn_out_to_share_a_number(
    at_latest_afterwards,
):
    apps = migrate_to(("awards", "0004_issuing_body_and_levels_above_the_province"))
    first = add_decision(apps, "5/QĐ-UBND", "bang_khen_chu_tich_ubnd_tinh", "UBND tỉnh Hà Nam", "province_chairman")  # fmt: skip
    second = add_decision(apps, "05/QĐ-UBND", "bang_khen_chu_tich_ubnd_tinh", "Ủy ban nhân dân tỉnh Hà Nam", "province_chairman")  # fmt: skip

    with pytest.raises(RuntimeError, match=rf"#{first.pk} and #{second.pk} \(05/QĐ-UBND, 2021\)"):
        migrate_to(("awards", "0005_normalise_numbers_and_key_issuing_bodies"))

    # Someone corrects the second number; the migration then goes through.
    apps.get_model("awards", "AwardDecision").objects.filter(pk=second.pk).update(
        number="06/QĐ-UBND"
    )
    migrate_to(("awards", "0005_normalise_numbers_and_key_issuing_bodies"))


def test_0007_prices_the_titles_and_rounds_every_bonus_up_and_back(at_latest_afterwards):
    """Nghị định 91/2017/NĐ-CP Art. 68-69: Lao động tiên tiến 0.3; bonuses rounded up to
    10,000 đồng. Backwards: no coefficient for the titles, bonuses to the whole đồng."""
    apps = migrate_to(("awards", "0006_unique_number_per_issuing_body"))
    Commendation = apps.get_model("awards", "Commendation")
    giay_khen = add_decision(apps, "45/QĐ-SLĐTBXH", "giay_khen_giam_doc_so", "Sở A", "department_director")  # fmt: skip
    title = add_decision(apps, "46/QĐ-SLĐTBXH", "lao_dong_tien_tien", "Sở A", "department_director")  # fmt: skip
    Commendation.objects.create(
        decision=giay_khen, recipient_kind="collective", name="UBND xã A", bonus=D(894000)
    )
    Commendation.objects.create(
        decision=title, recipient_kind="individual", name="Lê Thị B", sex="female", bonus=None
    )

    apps = migrate_to(("awards", "0007_emulation_title_coefficients_and_rounded_bonuses"))
    forwards = sorted(apps.get_model("awards", "Commendation").objects.values_list("name", "bonus"))
    coefficient = (
        apps.get_model("awards", "AwardForm")
        .objects.get(code="lao_dong_tien_tien")
        .bonus_coefficient_individual
    )
    apps = migrate_to(("awards", "0006_unique_number_per_issuing_body"))
    backwards = sorted(
        apps.get_model("awards", "Commendation").objects.values_list("name", "bonus")
    )

    assert coefficient == D("0.30")
    # 0.6 × 1,490,000 = 894,000 → 900,000; 0.3 × 1,490,000 = 447,000 → 450,000.
    assert forwards == [("Lê Thị B", D(450000)), ("UBND xã A", D(900000))]
    assert backwards == [("Lê Thị B", None), ("UBND xã A", D(894000))]


def test_0008_adds_the_awards_above_the_province_and_takes_them_back(at_latest_afterwards):
    apps = migrate_to(("awards", "0007_emulation_title_coefficients_and_rounded_bonuses"))
    before = apps.get_model("awards", "AwardForm").objects.filter(issuer_level="minister").count()

    apps = migrate_to(LATEST)
    codes = set(
        apps.get_model("awards", "AwardForm")
        .objects.exclude(issuer_level__in=["province_chairman", "department_director"])
        .values_list("code", flat=True)
    )

    assert before == 0
    assert codes == {
        "bang_khen_bo_truong",
        "bang_khen_thu_tuong_chinh_phu",
        "huan_chuong_lao_dong_hang_nhat",
        "huan_chuong_lao_dong_hang_nhi",
        "huan_chuong_lao_dong_hang_ba",
    }
