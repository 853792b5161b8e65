"""The work queue in a real browser (issue #18 point 7): a commune officer signs in, lands
on the work queue, reads the figure a provincial officer returned and why, and sends the
area's figures for review with "Gửi duyệt tất cả"; under the site's CSP, with no
console error and no failed request."""

import datetime
from decimal import Decimal

import pytest

from indicators.services import RETURN, SUBMIT, measurements_transition
from programmes.roles import DATA_ENTRY
from programmes.services import role_grant
from tests.collection.support import build_province, officer
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pw-commune-browser-1"
REASON = "Thiếu mẫu số: ghi rõ tổng số trẻ em của xã"


@pytest.fixture
def site(chromium, live_server, monkeypatch):
    """A province reporting through a calendar, a commune officer and a returned figure."""
    monkeypatch.setattr("collection.work_queue_views.today", lambda: datetime.date(2020, 8, 1))
    world = build_province()
    clerk, _created = role_grant(
        username="lan", role=DATA_ENTRY, area_codes=["C11"], password=PASSWORD
    )
    rate = MeasurementFactory(
        indicator=world.rate,
        area=world.c11,
        period="2020",
        value=Decimal(50),
        numerator=Decimal(5),
        denominator=Decimal(10),
    )
    measurements_transition(measurements=[rate], user=clerk, transition=SUBMIT)
    measurements_transition(measurements=[rate], user=officer(), transition=RETURN, reason=REASON)
    MeasurementFactory(indicator=world.count, area=world.c11, period="2020", value=Decimal(10))
    return {"url": live_server.url, "figure": rate.pk}


@pytest.fixture
def page(site, browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: page.problems.append(f"console {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: page.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    yield page
    context.close()


def test_a_commune_officer_sees_a_returned_figure_with_its_reason_and_submits_all(page, site):
    page.goto(site["url"] + "/")
    page.fill("#id_username", "lan")
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in button[type=submit]")
    page.wait_for_url(site["url"] + "/")

    assert page.locator("h1").inner_text() == "Việc cần làm"
    returned = page.locator(f"#returned-table tr[data-figure='{site['figure']}']")
    assert returned.locator(".reason").inner_text() == REASON
    assert "officer" in returned.inner_text()
    row = page.locator("#due-table tr[data-area='C11'][data-period='2020']")
    assert row.locator("td.num").all_inner_texts()[:4] == ["2", "0", "1", "1"]

    row.locator("form.submit-all button").click()
    page.wait_for_url(site["url"] + "/")

    assert "Đã gửi duyệt 2 số liệu." in page.locator("#messages").inner_text()
    assert page.locator("#returned-table").count() == 0
    row = page.locator("#due-table tr[data-area='C11'][data-period='2020']")
    # expected, missing, draft, returned, awaiting review
    assert row.locator("td.num").all_inner_texts()[:5] == ["2", "0", "0", "0", "2"]
    assert page.problems == []
