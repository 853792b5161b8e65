"""Rows and messages the API tests of indicators build their requests and expectations from."""

from indicators.services import FIGURE_LOCKED


def figure_row(indicator, /, **fields) -> dict:
    return {"indicator": indicator.pk, "area": "35", "period": "2020", "value": "32.9", **fields}


def locked_message(area: str, period: str, sex: str) -> str:
    return str(FIGURE_LOCKED % {"area": area, "period": period, "sex": sex})
