"""The completeness and data-quality benchmarks at a tiny size (on SQLite too: they time
the API alone, with no SQL baseline)."""

import pytest
from django.core.management import call_command

from bench.benchmarks.collection import bench_completeness, bench_data_quality
from bench.harness import BENCHMARKS, parse_args

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture
def tiny(admin_client):
    call_command(
        "generate_scale_data",
        "--provinces=1",
        "--communes-per-province=4",
        "--indicators=12",
        "--years=3",
        verbosity=0,
    )
    return parse_args(["--provinces=1", "--repeat=2", "--warmup=1"]), admin_client


def test_completeness_and_data_quality_are_timed_and_judged_against_their_targets(tiny):
    args, client = tiny
    (completeness,) = bench_completeness(args, client)
    (quality,) = bench_data_quality(args, client)

    assert completeness["name"] == "completeness_province"
    assert completeness["target"] == "≤ 200 ms"
    # 4 communes (the province's children here) × 12 indicators, each due yearly
    assert (completeness["expected"], completeness["child_areas"]) == (48, 4)
    assert quality["name"] == "data_quality_province_year"
    assert quality["target"] == "≤ 2000 ms"
    for result in (completeness, quality):
        assert result["median_ms"] > 0
        assert result["queries"] >= 1
        assert isinstance(result["target_met"], bool)


def test_both_run_before_the_bulk_upload_and_can_be_run_alone():
    assert BENCHMARKS[-3:] == ("completeness", "data_quality", "bulk")
    assert parse_args(["--only", "completeness,data_quality"]).only == "completeness,data_quality"
