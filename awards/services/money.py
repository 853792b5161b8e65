"""The base salary in force on a day and the bonus a form pays on it, rounded as decreed."""

import datetime
from decimal import ROUND_CEILING, Decimal

from awards.models import (
    AwardForm,
)

# The base salary (lương cơ sở; "lương tối thiểu chung" before Decree 66/2013) of the
# public sector and the decree that set it, by the day it took effect (DOMAIN.md §3).
# Bonuses are multiples of the one in force on the signing date.
BASE_SALARIES: tuple[tuple[datetime.date, Decimal, str], ...] = (
    (datetime.date(2011, 5, 1), Decimal(830000), "22/2011/NĐ-CP"),
    (datetime.date(2012, 5, 1), Decimal(1050000), "31/2012/NĐ-CP"),
    (datetime.date(2013, 7, 1), Decimal(1150000), "66/2013/NĐ-CP"),
    (datetime.date(2016, 5, 1), Decimal(1210000), "47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), Decimal(1300000), "47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), Decimal(1390000), "72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), Decimal(1490000), "38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), Decimal(1800000), "24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), Decimal(2340000), "73/2024/NĐ-CP"),
)


def base_salary_on(day: datetime.date) -> Decimal | None:
    """The base salary in force on `day`, or None before the first one this table knows."""
    in_force = None
    for since, amount, _decree in BASE_SALARIES:
        if since <= day:
            in_force = amount
    return in_force


# Bonuses are paid in whole tens of thousands of dong, rounded up.
BONUS_STEP = Decimal(10000)


def bonus_for(form: AwardForm, recipient_kind: str, base_salary: Decimal | None) -> Decimal | None:
    """Coefficient × base salary rounded up to the next 10,000 dong, or None without a bonus.

    Nghị định 91/2017 (and 98/2023): "Tiền thưởng sau khi nhân với hệ số mức lương cơ sở
    được làm tròn số lên hàng chục ngàn đồng": 0.3 × 1,490,000 = 447,000 is paid 450,000.
    A form without a coefficient (an award the province does not pay) gives None.
    """
    coefficient = form.bonus_coefficient(recipient_kind)
    if coefficient is None or base_salary is None:
        return None
    steps = (coefficient * base_salary / BONUS_STEP).to_integral_value(rounding=ROUND_CEILING)
    return steps * BONUS_STEP
