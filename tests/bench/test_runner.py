"""The runner at a tiny size on PostgreSQL: its SQL baselines give the app's numbers."""

import pytest
from django.core.management import call_command
from django.db import connection

from bench.benchmarks.page import bench_measurements_page
from bench.benchmarks.pages import bench_pages
from bench.benchmarks.progress import bench_progress
from bench.benchmarks.scorecard import bench_scorecard
from bench.harness import parse_args

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("bench.urls"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the baselines are PostgreSQL SQL"
    ),
]


@pytest.fixture
def tiny(admin_client):
    call_command(
        "generate_scale_data",
        "--provinces=2",
        "--communes-per-province=4",
        "--indicators=12",
        "--years=3",
        verbosity=0,
    )
    args = parse_args(["--provinces=2", "--repeat=2", "--warmup=1", "--page=1"])
    return args, admin_client


def test_scorecard_and_progress_baselines_agree_with_the_app_and_are_timed(tiny):
    args, client = tiny
    # each raises if the SQL's numbers differ from the API's
    (scorecard,) = bench_scorecard(args, client)
    progress, floor = bench_progress(args, client)

    assert scorecard["targets"] == 12
    assert floor["name"] == "api_floor_indicator_detail"
    assert "target_met" not in floor  # shown beside progress, judged against nothing
    for result in (scorecard, progress, floor):
        assert result["median_ms"] > 0 and result["baseline_median_ms"] > 0
        assert result["queries"] >= 1
    for result in (scorecard, progress):
        assert isinstance(result["target_met"], bool)
        # judged against the floor plus the same numbers from one query over the summaries
        assert result["target"] == "≤ 1.5× (floor + summary SQL)"
        assert result["limit_ms"] == pytest.approx(
            result["floor_median_ms"] + result["summary_sql_median_ms"], abs=0.002
        )
        assert result["limit_ratio"] > 0


def test_the_national_overview_and_the_csv_are_timed(tiny):
    args, client = tiny
    overview, every_page, csv = bench_pages(args, client)
    assert overview["name"] == "progress_overview_national"
    assert overview["programmes_per_page"] == 2 and overview["pages"] == 1
    assert overview["target"] == "≤ 150 ms" and isinstance(overview["target_met"], bool)
    assert every_page["pages"] == 1
    assert csv["rows"] == 4 * 3  # one indicator's totals: 4 communes × 3 years


def test_the_plain_view_returns_the_api_pages_rows(tiny):
    args, client = tiny
    results = bench_measurements_page(args, client)
    assert [r["name"] for r in results] == [
        "measurements_page_phase_year",
        "measurements_page_unfiltered",
    ]
    assert results[1]["rows"] == 100


def test_only_some_benchmarks_can_be_run_and_an_unknown_one_is_refused(capsys):
    assert parse_args(["--only", "scorecard,bulk"]).only == "scorecard,bulk"
    with pytest.raises(SystemExit):
        parse_args(["--only", "scorecard,speed"])
    assert "unknown benchmark speed" in capsys.readouterr().err


def test_the_load_tests_plain_views_give_the_apis_numbers(tiny):
    """`make load`'s baseline: each plain view answers with the API's own numbers."""
    from bench.harness import province_phase
    from indicators.models import Indicator

    _args, client = tiny
    phase = province_phase()
    api = client.get(f"/api/v1/phases/{phase.pk}/scorecard/").json()
    plain = client.get(f"/bench/plain-scorecard/{phase.pk}/").json()
    assert [(t["target"], t["actual"], t["status"]) for t in plain["targets"]] == [
        (t["target"], t["actual"], t["status"]) for t in api["targets"]
    ]
    assert (plain["targets_total"], plain["achieved"]) == (12, api["achieved"])

    indicator = Indicator.objects.filter(phase=phase).order_by("pk").first()
    api = client.get(f"/api/v1/indicators/{indicator.pk}/progress/").json()
    plain = client.get(f"/bench/plain-progress/{indicator.pk}/").json()
    assert plain["series"] == [
        {"period": p["period"], "actual": p["actual"], "target": p["target"]} for p in api["series"]
    ]

    query = f"phase={phase.pk}&year={phase.end_year}&page=1&page_size=5"
    api = client.get(f"/api/v1/measurements/?{query}").json()["results"]
    plain = client.get(f"/bench/plain-measurements/?{query}").json()["results"]
    assert [(r["id"], r["value"], r["version"]) for r in plain] == [
        (r["id"], r["value"], r["version"]) for r in api
    ]

    query = f"indicator={indicator.pk}&sex=total"
    api = b"".join(client.get(f"/api/v1/measurements/?format=csv&{query}").streaming_content)
    plain = b"".join(client.get(f"/bench/plain-measurements.csv?{query}").streaming_content)
    assert len(plain.decode().splitlines()) == len(api.decode().splitlines()) == 1 + 4 * 3
