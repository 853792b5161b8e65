"""The benchmark runner's pure parts: statistics, entries, the table and its options."""

import json

from bench.harness import parse_args, small_database_url, small_provinces
from bench.stats import alternate, entry, median, p95, table


def test_median_and_nearest_rank_p95():
    samples = [float(n) for n in range(1, 21)]  # 1 … 20
    assert median(samples) == 10.5
    assert p95(samples) == 19.0
    assert p95([5.0]) == 5.0


def test_an_entry_has_the_shape_latest_json_promises():
    result = entry("scorecard", [10, 12, 11], baseline="SQL", baseline_ms=[5, 6, 4], queries=7)
    assert result == {
        "name": "scorecard",
        "median_ms": 11,
        "p95_ms": 12,
        "baseline": "SQL",
        "baseline_median_ms": 5,
        "ratio": 2.2,
        "queries": 7,
    }
    assert json.loads(json.dumps([result]))[0]["ratio"] == 2.2


def test_an_entry_without_samples_or_baseline_has_no_numbers():
    result = entry("dashboard_phase", [], queries=3)
    assert (result["median_ms"], result["p95_ms"], result["ratio"]) == (None, None, None)


def test_alternate_drops_the_warm_up_and_switches_who_goes_first():
    calls = []

    def first():
        calls.append("a")
        return 0.001 * len(calls)

    def second():
        calls.append("b")
        return 0.002

    a, b = alternate(first, second, warmup=1, repeat=2)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert (len(a), b) == (2, [2.0, 2.0])
    assert a == [4.0, 5.0]


def test_the_table_lists_every_entry_with_its_verdict():
    met = entry("scorecard", [10], baseline="SQL", baseline_ms=[8], queries=7)
    met.update(target="≤ 1.5× SQL", target_met=True)
    unjudged = entry("dashboard_phase", [132, 172], queries=11)
    text = table([met, unjudged])
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["benchmark", "median", "ms"]
    assert "≤ 1.5× SQL: MET" in lines[2]
    assert lines[3].split() == ["dashboard_phase", "152", "172", "-", "-", "-", "11"]


def test_options_and_the_sibling_database_for_one_tenth_of_the_data():
    args = parse_args([])
    assert (args.provinces, args.communes_per_province, args.indicators, args.years) == (
        34,
        100,
        60,
        10,
    )
    assert small_provinces(34) == 3
    assert small_provinces(4) == 1
    assert (
        small_database_url("postgres://u@h:5432/bench_scale")
        == "postgres://u@h:5432/bench_scale_small"
    )
