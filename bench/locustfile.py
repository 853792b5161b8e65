"""Many users at once (issue #21 point 5): `make load` runs this with Locust against
`make serve` (gunicorn, production settings) on the benchmark database.

- **Leaders** open the progress overview (a page of programmes), a province phase's page
  and an indicator's page.
- **Officers** list a province's figures 100 at a time and, with `LOAD_WRITES=1`, enter
  a figure (its note, which changes no number).
- **Clients** (API) pull a province's scorecard, an indicator's progress and a 1,000-row
  CSV.
- **One bulk upload a minute** (`LOAD_WRITES=1`): 10,000 half-year figures of the last
  province (its last year's yearly figures, as the first half-year's), their numbers
  doubled one minute and back the next (`scaled`): every upload changes 10,000 figures;
  yearly numbers do not move.

With `LOAD_BASELINE=1` the same users ask the plain views of `bench/urls.py` instead of
the API (same names in the statistics, so `bench/load.py` sets each endpoint's
`baseline_rps` from that run); the pages, which have no plain equivalent, are still
opened (the same load on the server) under names of their own, and judged on their p95.
The server must then run with `bench.serve_settings` (the plain views mounted).

Writes are off by default: run them on a copy of the benchmark database
(`createdb -T bench_scale bench_load`), never on `bench_scale` itself. Every user signs in
once, for all (they share the benchmark account), before any is timed; `make load` also
resets the statistics once all users are running. The load's host, users and duration come from the
command line (see the Makefile); `bench/load.py` turns Locust's CSV into
`bench/results/load.json`.
"""

import os
import random
import re
import time

from locust import HttpUser, between, constant, events, task

from bench import pgload
from bench.uploads import scaled

WRITES = os.environ.get("LOAD_WRITES") == "1"
BASELINE = os.environ.get("LOAD_BASELINE") == "1"
USERNAME = os.environ.get("LOAD_USERNAME", "bench")
PASSWORD = os.environ.get("LOAD_PASSWORD", "bench-load")
PROVINCES = int(os.environ.get("LOAD_PROVINCES", "34"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


_IDS: dict = {}


def load_ids() -> dict:
    """What the users open, read once from the benchmark database (`DATABASE_URL`) by
    the Locust process: each synthetic province's phase, indicators and last year, how
    many pages the overview has, and for writes the last province's figures."""
    if _IDS:
        return _IDS
    import psycopg2

    with psycopg2.connect(os.environ["DATABASE_URL"]) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT ph.id, ph.end_year, array_agg(i.id ORDER BY i.id)"
            " FROM programmes_phase ph JOIN programmes_programme p ON p.id = ph.programme_id"
            " JOIN indicators_indicator i ON i.phase_id = ph.id"
            " WHERE p.code LIKE 'SC%%-CT' GROUP BY ph.id, p.code ORDER BY p.code"
        )
        provinces = [
            {"phase": phase, "year": year, "indicators": indicators}
            for phase, year, indicators in cursor.fetchall()
        ]
        cursor.execute("SELECT count(*) FROM programmes_programme")
        (programmes,) = cursor.fetchone()
        last = provinces[-1]["phase"]
        cursor.execute(
            "SELECT m.id FROM indicators_measurement m JOIN indicators_indicator i"
            " ON i.id = m.indicator_id WHERE i.phase_id = %s AND m.status <> 'approved'"
            " ORDER BY m.id LIMIT 3000",
            [last],
        )
        writable = [row[0] for row in cursor.fetchall()]
        # The last year's yearly figures, sent as its first half-year's: new figures on the
        # first upload, the same again (unchanged) on every later one.
        cursor.execute(
            "SELECT m.indicator_id, a.code, m.period || 'S1', m.sex, m.value::text,"
            " m.numerator::text, m.denominator::text FROM indicators_measurement m"
            " JOIN indicators_indicator i ON i.id = m.indicator_id"
            " JOIN programmes_phase ph ON ph.id = i.phase_id"
            " JOIN programmes_area a ON a.id = m.area_id"
            " WHERE i.phase_id = %s AND m.period = ph.end_year::text"
            " AND i.unit <> 'milestone'"  # 0 or 1: not to be doubled
            " ORDER BY m.indicator_id, m.area_id, m.sex LIMIT 10000",
            [last],
        )
        upload = [
            {
                "indicator": indicator,
                "area": area,
                "period": period,
                "sex": sex,
                "value": value,
                **({"numerator": num, "denominator": den} if num is not None else {}),
            }
            for indicator, area, period, sex, value, num, den in cursor.fetchall()
        ]
    _IDS.update(
        provinces=provinces,
        overview_pages=max(1, -(-programmes // 6)),
        writable=writable,
        upload=upload,
    )
    return _IDS


_SERVERS: dict = {}


@events.spawning_complete.add_listener
def _servers_before(**kwargs) -> None:
    """The database servers' counters when the timed part starts: every user runs, and
    `--reset-stats` has just reset the statistics."""
    _SERVERS["before"] = pgload.snapshot()


@events.test_stop.add_listener
def _servers_after(**kwargs) -> None:
    if "before" in _SERVERS:
        out = os.environ.get("LOAD_DB_STATS", "bench/results/load_db.json")
        pgload.write(out, _SERVERS["before"], pgload.snapshot())


_COOKIES: dict = {}


def signed_in_cookies(host: str) -> dict:
    """One sign-in for every simulated user (they share the benchmark account): a
    password check costs ~0.4 s of CPU, and fifty at the ramp-up stalled everyone in
    issue #21's first try. Its cost is not in the figures."""
    if not _COOKIES:
        import requests

        session = requests.Session()
        page = session.get(f"{host}/login/")
        token = CSRF.search(page.text).group(1)
        session.post(
            f"{host}/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{host}/login/"},
        )
        _COOKIES.update(session.cookies.get_dict())
        if "sessionid" not in _COOKIES:
            raise RuntimeError("The load test's sign-in failed: run `bench/run.py --load-user`.")
    return _COOKIES


class SignedIn(HttpUser):
    abstract = True

    def on_start(self) -> None:
        for name, value in signed_in_cookies(self.host).items():
            self.client.cookies.set(name, value)
        self.ids = load_ids()

    def province(self) -> dict:
        return random.choice(self.ids["provinces"][:PROVINCES])

    def read(self, api: str, plain: str, name: str) -> None:
        """The API's answer, or in the baseline run the plain view's, under one name."""
        self.client.get(plain if BASELINE else api, name=name)

    def page(self, url: str, name: str) -> None:
        """A page (no plain equivalent): renamed in the baseline run, so that it does
        not become a baseline."""
        self.client.get(url, name=f"{name} (in the baseline run)" if BASELINE else name)


class Leader(SignedIn):
    weight = 3
    wait_time = between(1, 3)

    @task(3)
    def overview(self) -> None:
        page = random.randint(1, self.ids["overview_pages"])
        self.page(f"/progress/?page={page}", "/progress/")

    @task(2)
    def phase(self) -> None:
        self.page(f"/phases/{self.province()['phase']}/", "/phases/{id}/")

    @task(1)
    def indicator(self) -> None:
        indicator = random.choice(self.province()["indicators"])
        self.page(f"/indicators/{indicator}/", "/indicators/{id}/")


class Officer(SignedIn):
    weight = 3
    wait_time = between(1, 3)
    started = 0

    @task(3)
    def figures(self) -> None:
        province = self.province()
        query = (
            f"phase={province['phase']}&year={province['year']}"
            f"&page={random.randint(1, 20)}&page_size=100"
        )
        self.read(
            f"/api/v1/measurements/?{query}",
            f"/bench/plain-measurements/?{query}",
            "/api/v1/measurements/ (100 rows)",
        )

    def on_start(self) -> None:
        super().on_start()
        # Each officer enters its own figures (up to 100 officers, 30 figures each): two
        # officers changing one figure at once is refused (409, the version check),
        # rightly, but not what this load measures.
        Officer.started += 1
        self.own_figures = self.ids["writable"][Officer.started % 100 :: 100]

    @task(1)
    def enter(self) -> None:
        if not WRITES:
            return
        figure = self.client.get(
            f"/api/v1/measurements/{random.choice(self.own_figures)}/",
            name="/api/v1/measurements/{id}/",
        ).json()
        self.client.patch(
            f"/api/v1/measurements/{figure['id']}/",
            json={"note": f"load {random.randint(0, 10**6)}", "version": figure["version"]},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="PATCH /api/v1/measurements/{id}/",
        )


class Client(SignedIn):
    weight = 2
    wait_time = between(1, 3)

    @task(2)
    def scorecard(self) -> None:
        phase = self.province()["phase"]
        self.read(
            f"/api/v1/phases/{phase}/scorecard/",
            f"/bench/plain-scorecard/{phase}/",
            "/api/v1/phases/{id}/scorecard/",
        )

    @task(2)
    def progress(self) -> None:
        indicator = random.choice(self.province()["indicators"])
        self.read(
            f"/api/v1/indicators/{indicator}/progress/",
            f"/bench/plain-progress/{indicator}/",
            "/api/v1/indicators/{id}/progress/",
        )

    @task(1)
    def csv(self) -> None:
        indicator = random.choice(self.province()["indicators"])
        query = f"indicator={indicator}&sex=total"
        self.read(
            f"/api/v1/measurements/?format=csv&{query}",
            f"/bench/plain-measurements.csv?{query}",
            "/api/v1/measurements/?format=csv (1,000 rows)",
        )


class Uploader(SignedIn):
    """One bulk upload a minute: 10,000 half-year figures, their numbers alternately
    doubled and back, so that every upload writes 10,000 changes."""

    fixed_count = 1
    wait_time = constant(60)

    @task
    def upload(self) -> None:
        if not WRITES:
            return
        self.client.post(
            "/api/v1/measurements/bulk/",
            json={"measurements": scaled(load_ids()["upload"], 1 + int(time.time() // 60) % 2)},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="POST /api/v1/measurements/bulk/ (10,000 rows)",
        )
