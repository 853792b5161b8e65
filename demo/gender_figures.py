"""The gender programme demo's invented figures, spread over the province's areas."""

from fractions import Fraction

from demo.areas import DemoAreas
from demo.gender_data import (
    BIRTHS,
    BUSINESS_OWNERS,
    DISTRICT_BOY_TILT,
    FEMALE_JOBS_CODE,
    FEMALE_SHARE_OF_VICTIMS,
    VIOLENCE_VICTIMS,
)
from demo.helpers import apportion, figure, one_decimal, share
from indicators.models import Indicator
from indicators.services import FigureInput


def province_figures(
    indicators: dict[str, Indicator],
    areas: DemoAreas,
    table: dict[str, dict[int, str | tuple[int, int]]],
) -> list[FigureInput]:
    figures = []
    for code, by_year in table.items():
        for year, given in by_year.items():
            if isinstance(given, tuple):
                numerator, denominator = given
                # Written to one decimal, as the province's report quotes it.
                figures.append(
                    figure(
                        indicators[code],
                        areas.province,
                        year,
                        value=one_decimal(
                            Fraction(numerator, denominator) * int(indicators[code].scale)
                        ),
                        numerator=numerator,
                        denominator=denominator,
                    )
                )
            else:
                figures.append(figure(indicators[code], areas.province, year, value=given))
    return figures


def new_jobs_by_sex(
    indicators: dict[str, Indicator], areas: DemoAreas, jobs: dict[int, tuple[int, int]]
) -> list[FigureInput]:
    """2.1 by sex (each sex's share of the year's new jobs) and 2.5, the women's count."""
    figures = []
    for year, (women, all_jobs) in jobs.items():
        for sex, count in (("female", women), ("male", all_jobs - women)):
            figures.append(
                figure(
                    indicators["2.1"],
                    areas.province,
                    year,
                    sex=sex,
                    value=one_decimal(Fraction(count, all_jobs) * 100),
                    numerator=count,
                    denominator=all_jobs,
                )
            )
        figures.append(figure(indicators[FEMALE_JOBS_CODE], areas.province, year, value=women))
    return figures


def business_owners_by_commune(indicator: Indicator, areas: DemoAreas) -> list[FigureInput]:
    """2.2 has no provincial figure: the communes' owners add up to 25.2% → 32.9%."""
    figures = []
    for year, (women, owners) in BUSINESS_OWNERS.items():
        totals = apportion(owners, [areas.weight(c) for c in areas.communes])
        # Towns have a higher share of women owners than the countryside.
        leaning = [
            total * (Fraction(6, 5) if commune.code in areas.urban else Fraction(4, 5))
            for commune, total in zip(areas.communes, totals, strict=True)
        ]
        for commune, women_owners, all_owners in zip(
            areas.communes, apportion(women, leaning), totals, strict=True
        ):
            figures.append(
                figure(indicator, commune, year, numerator=women_owners, denominator=all_owners)
            )
    return figures


def births_by_district(indicator: Indicator, areas: DemoAreas) -> list[FigureInput]:
    """4.1 from the districts' births: boys per 100 girls, rising to 116.2 in 2020."""
    figures = []
    for year, (girls, ratio) in BIRTHS.items():
        boys = share(girls, Fraction(ratio) / 100)
        girls_by_district = apportion(girls, [areas.weight(d) for d in areas.districts])
        boys_by_district = apportion(
            boys,
            [g * tilt for g, tilt in zip(girls_by_district, DISTRICT_BOY_TILT, strict=True)],
        )
        for district, district_boys, district_girls in zip(
            areas.districts, boys_by_district, girls_by_district, strict=True
        ):
            figures.append(
                figure(
                    indicator, district, year, numerator=district_boys, denominator=district_girls
                )
            )
    return figures


def violence_victims_by_district_and_sex(
    indicator: Indicator, areas: DemoAreas
) -> list[FigureInput]:
    """6.2 by district and sex; the totals' ratios are the sums of female and male."""
    figures = []
    for year, (victims, rate) in VIOLENCE_VICTIMS.items():
        for district, detected in zip(
            areas.districts,
            apportion(victims, [areas.weight(d) for d in areas.districts]),
            strict=True,
        ):
            female = share(detected, FEMALE_SHARE_OF_VICTIMS)
            male = detected - female
            # Women reach the support services more often than men do.
            female_helped = share(female, Fraction(rate) + Fraction(2, 100))
            male_helped = share(male, Fraction(rate) - Fraction(10, 100))
            for sex, helped, of in (
                ("female", female_helped, female),
                ("male", male_helped, male),
                ("total", female_helped + male_helped, detected),
            ):
                figures.append(
                    figure(indicator, district, year, sex=sex, numerator=helped, denominator=of)
                )
    return figures
