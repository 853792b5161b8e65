"""The app as production serves it: gunicorn, DEBUG off, static files from the manifest.

Runs only against a server started apart, named by PRODUCTION_URL: `.ci/run` starts
`make serve` on PostgreSQL with the demo province, creates an administrator and sets
PRODUCTION_URL, PRODUCTION_USERNAME and PRODUCTION_PASSWORD (without them the module is
skipped, so a plain `make test` never needs a server). It signs in as a reader would,
then opens every dashboard page reachable from the home page (every phase and indicator),
the English home page, and in the admin every model's list, add page, first record and
its history, and the pages they link to; every document must answer 200 with the
Content-Security-Policy header, and no request may fail or answer 400 or more, and no
console error may appear. Then the API: a token, a list, a CSV export, the docs.
"""

import os
import re
from collections import deque
from urllib.parse import urlsplit

import pytest

PRODUCTION_URL = os.environ.get("PRODUCTION_URL", "").rstrip("/")
USERNAME = os.environ.get("PRODUCTION_USERNAME", "")
PASSWORD = os.environ.get("PRODUCTION_PASSWORD", "")
ADMIN = "/" + os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

pytestmark = pytest.mark.skipif(
    not PRODUCTION_URL, reason="PRODUCTION_URL names no running server (.ci/run sets it)"
)

# Pages of the dashboards, Vietnamese (no prefix); the English ones differ only in words.
DASHBOARD_PAGE = re.compile(r"^/(phases/\d+/|indicators/\d+/|care-models/|commendations/)?$")
# Links that download a file or change something are not pages to open.
NOT_A_PAGE = re.compile(r"format=|\.xlsx$|\.csv$|/logout/|/i18n/|/delete/")


@pytest.fixture
def page(browser):
    """A page that records every problem: console errors, failed requests, answers ≥ 400."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.problems = []

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"{page.url}: console error: {message.text}")

    def on_response(response):
        if response.status >= 400:
            page.problems.append(f"{page.url}: {response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"{page.url}: {error}"))
    page.on(
        "requestfailed",
        lambda r: page.problems.append(f"{page.url}: failed {r.url} {r.failure}"),
    )
    page.on("response", on_response)
    yield page
    context.close()


def open_page(page, path: str) -> None:
    """Open `path`; it must answer 200 under the site's Content-Security-Policy."""
    response = page.goto(PRODUCTION_URL + path)
    assert response is not None, path
    assert response.status == 200, f"{path} answered {response.status}"
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
    # Let scripts, styles and the icon load before leaving, so none is cut short.
    page.wait_for_load_state("networkidle")


def links(page, selector: str = "a[href]") -> list[str]:
    """The paths (with query) of the same-site links `selector` finds on the page."""
    found = []
    for href in page.eval_on_selector_all(selector, "els => els.map(e => e.href)"):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != PRODUCTION_URL or NOT_A_PAGE.search(href):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def sign_in(page) -> None:
    response = page.goto(PRODUCTION_URL + "/")
    assert "/login/?next=/" in page.url
    assert response is not None and response.status == 200, "the sign-in page fails"
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in button[type=submit]")
    page.wait_for_url(PRODUCTION_URL + "/")
    page.wait_for_load_state("networkidle")


def crawl_dashboards(page) -> set[str]:
    """Every dashboard page reachable from the home page, each path once."""
    opened: set[str] = set()
    queue = deque(["/"])
    while queue:
        target = queue.popleft()
        path = target.split("?", 1)[0]
        if path in opened:
            continue
        open_page(page, target)
        opened.add(path)
        for link in links(page):
            if DASHBOARD_PAGE.match(link.split("?", 1)[0]):
                queue.append(link)
    return opened


def crawl_admin(page) -> set[str]:
    """The admin's index, every model's list and add page, the first record of each list
    and its history, and the pages their tools link to (the figure grid, the upload)."""
    opened: set[str] = set()

    def visit(path: str) -> bool:
        if path in opened:
            return False
        open_page(page, path)
        opened.add(path)
        return True

    visit(ADMIN)
    models = [link for link in links(page, "#content-main a[href]") if link.startswith(ADMIN)]
    for model in models:
        if not visit(model) or not model.endswith("/") or model.endswith("/add/"):
            continue
        first = links(page, "#result_list tbody tr:first-child a[href]")[:1]
        tools = links(page, ".object-tools a[href]")
        for record in first:
            if visit(record):
                for tool in links(page, ".object-tools a[href]"):
                    visit(tool)
        for tool in tools:
            visit(tool)
    return opened


def test_production_serves_every_page_without_an_error(page):
    # Both sign-in pages, before anyone signs in (each answered 500 without the manifest).
    open_page(page, ADMIN + "login/")
    sign_in(page)

    dashboards = crawl_dashboards(page)
    open_page(page, "/en/")
    admin = crawl_admin(page)

    assert page.problems == [], "\n".join(page.problems)
    # The demo province has phases, indicators, and admin lists with records in them.
    assert {"/", "/care-models/", "/commendations/"} <= dashboards
    assert sum(path.startswith("/phases/") for path in dashboards) >= 2
    assert sum(path.startswith("/indicators/") for path in dashboards) >= 20
    assert sum(path.endswith("/history/") for path in admin) >= 10
    assert any(path.endswith("/grid/") for path in admin)


def test_production_serves_the_api_and_hides_debugging(page):
    api = page.request
    token = api.post(
        PRODUCTION_URL + "/api/v1/auth/token/",
        data={"username": USERNAME, "password": PASSWORD},
    )
    assert token.status == 200, token.text()
    headers = {"Authorization": f"Token {token.json()['token']}"}

    figures = api.get(PRODUCTION_URL + "/api/v1/measurements/?page_size=5", headers=headers)
    assert figures.status == 200
    assert figures.json()["count"] > 0
    export = api.get(PRODUCTION_URL + "/api/v1/indicators/?format=csv", headers=headers)
    assert export.status == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert api.get(PRODUCTION_URL + "/api/v1/measurements/").status == 401

    # DEBUG is off: a missing page is the plain 404, without Django's URL listing.
    missing = api.get(PRODUCTION_URL + "/no-such-page/")
    assert missing.status == 404
    assert "URLconf" not in missing.text()

    sign_in(page)
    open_page(page, "/api/v1/docs/")
    assert page.problems == [], "\n".join(page.problems)
