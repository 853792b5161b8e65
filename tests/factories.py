"""factory_boy factories for every model; tests build their data with these."""

import datetime
from decimal import Decimal

import factory

from indicators.models import Accumulation, Indicator, Measurement, Sex, Target, Unit
from programmes.models import Area, AreaLevel, Objective, Phase, Programme, Sector


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
