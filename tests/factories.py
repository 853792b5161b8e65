"""factory_boy factories for every model; tests build their data with these."""

import datetime
from decimal import Decimal

import factory

from indicators.models import Accumulation, Indicator, Measurement, Sex, Target, Unit
from programmes.models import Area, AreaLevel, AreaSuccession, Objective, Phase, Programme, Sector


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Khu vực {n}")
    level = AreaLevel.PROVINCE
    parent = None
    valid_from = datetime.date(2000, 1, 1)
    valid_to = None


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Chương trình {n}")
    sector = Sector.GENDER_EQUALITY
    area = factory.SubFactory(AreaFactory)
    legal_basis = "Quyết định 2351/QĐ-TTg"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    programme = factory.SubFactory(ProgrammeFactory)
    start_year = 2016
    end_year = 2020
    name = factory.LazyAttribute(lambda o: f"{o.start_year}–{o.end_year}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    phase = factory.SubFactory(PhaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Mục tiêu {n + 1}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    code = factory.Sequence(lambda n: f"{n + 1}.1")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n + 1}")
    unit = Unit.PERCENT
    accumulation = Accumulation.STOCK


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.LazyAttribute(lambda o: o.indicator.phase.programme.area)
    year = factory.LazyAttribute(lambda o: o.indicator.phase.end_year)
    comparator = "gte"
    value = Decimal("35")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.LazyAttribute(lambda o: o.indicator.phase.programme.area)
    period = "2020"
    sex = Sex.TOTAL
    value = Decimal("10")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")


class AwardFormFactory(factory.django.DjangoModelFactory):
    """The forms are seeded by a migration: by default this fetches one by its code."""

    class Meta:
        model = "awards.AwardForm"
        django_get_or_create = ("code",)

    code = "bang_khen_chu_tich_ubnd_tinh"
    name_vi = factory.LazyAttribute(lambda o: o.code)
    name_en = factory.LazyAttribute(lambda o: o.code)
    kind = "commendation"
    allows_collective = True
    allows_individual = True
    allows_household = True
    issuer_level = "province_chairman"


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    """A decision written straight to the database; tests of rules use the services."""

    class Meta:
        model = "awards.AwardDecision"

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    signed_on = datetime.date(2020, 12, 15)
    issuer_level = "province_chairman"
    issuer_name = "Ủy ban nhân dân tỉnh Minh Hòa"
    signer_name = "Nguyễn Văn A"
    signer_capacity = "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    form = factory.SubFactory(AwardFormFactory)
    reason = "Đã có thành tích xuất sắc trong công tác bảo vệ, chăm sóc trẻ em"
    occasion = "phase_review"
    base_salary = Decimal("1490000")


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.Commendation"

    decision = factory.SubFactory(AwardDecisionFactory)
    recipient_kind = "individual"
    name = factory.Sequence(lambda n: f"Nguyễn Thị Hoa {n}")
    sex = "female"
    position = "Cán bộ"
    organisation = "Sở Lao động - Thương binh và Xã hội"
    area = None
    bonus = factory.LazyAttribute(
        lambda o: (
            None
            if o.decision.form.bonus_coefficient(o.recipient_kind) is None
            else o.decision.form.bonus_coefficient(o.recipient_kind) * o.decision.base_salary
        )
    )


# Care models (issue 4). Rules are tested through care.services; these factories
# write straight to the database to build the scene.


class CareModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.CareModel"

    kind = "community_rehabilitation"
    name = factory.Sequence(lambda n: f"Mô hình {n}")
    area = factory.SubFactory(AreaFactory)
    programme = None
    started_on = datetime.date(2016, 1, 1)
    ended_on = None
    implementing_agency = "Trạm Y tế xã"


class CareModelReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.CareModelReport"

    care_model = factory.SubFactory(CareModelFactory)
    period = "2020"
    beneficiaries_female = 4
    beneficiaries_male = 6
    beneficiaries_total = factory.LazyAttribute(
        lambda o: o.beneficiaries_female + o.beneficiaries_male
    )
    state_budget_vnd = 10_000_000
    mobilised_vnd = 5_000_000


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Partner"

    name = factory.Sequence(lambda n: f"Công ty {n}")
    kind = "business"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Contribution"

    partner = factory.SubFactory(PartnerFactory)
    care_model = factory.SubFactory(CareModelFactory)
    programme = None
    date = datetime.date(2020, 6, 1)
    cash_vnd = 1_000_000


class AreaSuccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaSuccession

    predecessor = factory.SubFactory(AreaFactory, valid_to=datetime.date(2025, 6, 30))
    successor = factory.SubFactory(AreaFactory, valid_from=datetime.date(2025, 7, 1))
    date = datetime.date(2025, 7, 1)
    principal = True


# Review reports (issue 17). A draft with every word an issue needs; tests issue it
# through reports.services, which freezes the numbers.


class ReviewReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.ReviewReport"

    phase = factory.SubFactory(PhaseFactory)
    area = factory.LazyAttribute(lambda o: o.phase.programme.area)
    year = factory.LazyAttribute(lambda o: o.phase.end_year)
    figures = "approved"
    number = factory.Sequence(lambda n: f"{n + 25}/BC-SLĐTBXH")
    place = "Minh Hòa"
    issued_on = datetime.date(2021, 1, 5)
    parent_body = "Ủy ban nhân dân tỉnh Minh Hòa"
    issuing_body = "Sở Lao động – Thương binh và Xã hội"
    recipients = factory.LazyFunction(
        lambda: {
            "to": ["Bộ Lao động – Thương binh và Xã hội"],
            "copies": ["UBND tỉnh (để b/c)", "Lưu: VT, BĐG"],
        }
    )
    signer_name = "Phạm Thị Thanh Huyền"
    signer_title = "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    sections = factory.LazyFunction(
        lambda: {
            "achievements": "Nhận thức về bình đẳng giới được nâng lên.",
            "limitations": "Một số chỉ tiêu chưa đạt.",
            "causes": "Nguồn lực còn hạn chế.",
            "lessons": "Sự vào cuộc của cấp ủy là yếu tố quyết định.",
            "directions": "Tiếp tục lồng ghép bình đẳng giới.",
            "recommendations": "Đề nghị Bộ tăng kinh phí hỗ trợ.",
        }
    )
