"""The dashboards in a real browser, under the Content-Security-Policy the site sets.

A leader logs in, finds the demo's 18/24 on the home page, opens the phase and an
indicator, reads the chart's table, switches to English and back; no console error, no
failed request and no response of 400 or more on the way. Each page is served with
`script-src 'self'; style-src 'self'; object-src 'none'`, so an inline script or style
would show up as a console error.
"""

import re

import pytest

from demo.services import load_demo
from indicators.models import Indicator
from programmes.models import Phase
from programmes.roles import VIEWER
from programmes.services import role_grant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSP = "script-src 'self'; style-src 'self'; object-src 'none'"
PASSWORD = "pw-leader-browser-1"


@pytest.fixture
def site(chromium, live_server, django_user_model):
    """The live server with the demo province and a leader who can log in."""
    load_demo()
    # A leader is not staff: the dashboards have a sign-in page of their own. Reading
    # them needs a role: the leader is a viewer, given as `grant_role` gives it.
    django_user_model.objects.create_user("leader", password=PASSWORD)
    role_grant(username="leader", role=VIEWER)
    django_user_model.objects.filter(username="leader").update(is_staff=False)
    phase = Phase.objects.get(programme__code="MH-BDG", name="2016–2020")
    return {
        "url": live_server.url,
        "phase": phase.pk,
        "indicator": Indicator.objects.get(phase=phase, code="2.2").pk,
    }


@pytest.fixture
def page(site, browser):
    """A page that records every problem and gets the policy on every document."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.problems = []

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"console error: {message.text}")

    def on_response(response):
        if response.status >= 400:
            page.problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", on_response)

    def with_policy(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": CSP},
        )

    page.route(re.compile(re.escape(site["url"]) + "/.*"), with_policy)
    yield page
    context.close()


def settle(page) -> None:
    """Let a page finish loading (scripts, icon) before the next step leaves it, so a
    request cut short by navigating away is never mistaken for a failed one."""
    page.wait_for_load_state("networkidle")


def log_in(page, site):
    page.goto(site["url"] + "/")
    settle(page)
    assert "/login/?next=/" in page.url
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in button[type=submit]")
    page.wait_for_url(site["url"] + "/")
    settle(page)


def test_a_leader_reads_the_phase_review_in_both_languages(page, site):
    log_in(page, site)
    card = page.locator(f"article[data-phase='{site['phase']}']")
    assert "18/24" in card.locator(".scorecard").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"

    card.locator("h3 a").click()
    page.wait_for_url(re.compile(rf"/phases/{site['phase']}/$"))
    settle(page)
    row = page.locator("tr[data-indicator='2.2']")
    assert "32,9%" in row.inner_text() and "25,2%" in row.inner_text()

    row.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/indicators/{site['indicator']}/\?area=MH&year=2020$"))
    settle(page)
    # The chart is drawn by the static script from the JSON data block...
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )
    drawn = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets[0].data"
    )
    assert drawn[-1] == 32.9
    # ...and its numbers are in the table beside it.
    assert page.locator("#series-table tr[data-year='2020']").inner_text().split() == [
        "2020",
        "32,9%",
        "35,0%",
    ]

    page.click("button[name=language][value=en]")
    page.wait_for_url(re.compile(rf"/en/indicators/{site['indicator']}/\?area=MH&year=2020$"))
    settle(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#series-table tr[data-year='2020']").inner_text().split() == [
        "2020",
        "32.9%",
        "35.0%",
    ]
    assert "+7.7 percentage points" in page.locator(".headline-change").inner_text()

    page.click("button[name=language][value=vi]")
    page.wait_for_url(re.compile(rf"{re.escape(site['url'])}/indicators/{site['indicator']}/"))
    settle(page)
    assert page.locator("html").get_attribute("lang") == "vi"

    for path in ("/care-models/", "/commendations/", "/en/"):
        page.goto(site["url"] + path)
        settle(page)
        assert page.locator("h1").count() == 1
    assert page.problems == []


def test_the_phase_page_fits_a_phone_and_prints_as_a_report(page, site):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, site)
    for path in ("/", f"/phases/{site['phase']}/", f"/indicators/{site['indicator']}/"):
        page.goto(site["url"] + path)
        settle(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"

    page.goto(site["url"] + f"/phases/{site['phase']}/")
    settle(page)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".filters").is_hidden()
    assert page.locator("tr[data-indicator='2.2']").is_visible()
    # The print says that the page is built on figures not approved yet.
    assert page.locator(".figures-notice--drafts").is_visible()
    assert page.locator("footer .print-only").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    assert page.problems == []
