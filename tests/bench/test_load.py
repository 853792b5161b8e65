"""`bench/load.py`: Locust's statistics as bench/results/load.json, judged."""

import json
import sys

from bench import load

HEADER = "Type,Name,Request Count,Failure Count,50%,95%,99%,Requests/s\n"


def test_locust_statistics_become_judged_entries(tmp_path, monkeypatch):
    stats = tmp_path / "load_stats.csv"
    stats.write_text(
        HEADER
        + "GET,/progress/,120,0,80,250,400,4.0\n"
        + "GET,/phases/{id}/,60,1,90,200,300,2.0\n"
        + 'POST,"POST /api/v1/measurements/bulk/ (10,000 rows)",1,0,9000,9000,9000,0.02\n'
        + ",Aggregated,181,1,85,250,9000,6.02\n"
    )
    output = tmp_path / "load.json"
    argv = ["load.py", "--stats", str(stats), "--users", "50", "--duration", "3m"]
    monkeypatch.setattr(sys, "argv", [*argv, "--figures", "4896000", "--output", str(output)])
    load.main()
    entries = {e["name"]: e for e in json.loads(output.read_text())}
    assert set(entries) == {
        "/progress/",
        "/phases/{id}/",
        "POST /api/v1/measurements/bulk/ (10,000 rows)",
    }
    page = entries["/progress/"]
    assert (page["requests"], page["p95_ms"], page["rps"], page["baseline_rps"]) == (
        120,
        250.0,
        4.0,
        None,
    )
    assert page["target_met"] is True
    assert entries["/phases/{id}/"]["target_met"] is False  # one failure
    assert entries["POST /api/v1/measurements/bulk/ (10,000 rows)"]["target_met"] is True
    assert (page["users"], page["duration"], page["figures"]) == (50, "3m", 4896000)


def test_the_baseline_run_gives_each_endpoint_its_throughput_target(tmp_path, monkeypatch):
    stats, baseline = tmp_path / "load_stats.csv", tmp_path / "load_baseline_stats.csv"
    stats.write_text(
        HEADER
        + "GET,/api/v1/phases/{id}/scorecard/,100,0,20,60,90,3.0\n"
        + "GET,/api/v1/indicators/{id}/progress/,100,0,10,30,40,1.4\n"
        + "GET,/progress/,100,0,80,250,400,4.0\n"
    )
    baseline.write_text(
        HEADER
        + "GET,/api/v1/phases/{id}/scorecard/,100,0,8,20,30,4.0\n"
        + "GET,/api/v1/indicators/{id}/progress/,100,0,5,9,12,3.0\n"
        + "GET,/progress/ (in the baseline run),100,0,80,250,400,4.0\n"
    )
    servers = tmp_path / "load_db.json"
    servers.write_text('{"seconds": 180.0, "primary": {"transactions": 9000, "cpu_s": 90.0}}')
    output = tmp_path / "load.json"
    argv = ["load.py", "--stats", str(stats), "--baseline-stats", str(baseline)]
    argv += ["--users", "50", "--duration", "3m", "--db-stats", str(servers)]
    argv += ["--baseline-db-stats", str(tmp_path / "not_recorded.json")]
    monkeypatch.setattr(sys, "argv", [*argv, "--output", str(output)])
    load.main()
    entries = {e["name"]: e for e in json.loads(output.read_text())}
    scorecard = entries["/api/v1/phases/{id}/scorecard/"]
    assert (scorecard["baseline_rps"], scorecard["target_met"]) == (4.0, True)  # 3.0 ≥ 2.0
    progress = entries["/api/v1/indicators/{id}/progress/"]
    assert (progress["baseline_rps"], progress["target_met"]) == (3.0, False)  # 1.4 < 1.5
    assert entries["/progress/"]["baseline_rps"] is None  # a page: no plain equivalent
    assert scorecard["database_servers"]["primary"] == {"transactions": 9000, "cpu_s": 90.0}
    assert scorecard["database_servers_baseline"] is None  # none recorded for it


def test_the_database_servers_work_is_the_difference_of_two_snapshots():
    from bench import pgload

    machine = {"machine_busy_s": 1000.0, "load_generator_s": 20.0}
    before = {"at": 100.0, **machine, "primary": dict.fromkeys(pgload.FIELDS, 10) | {"cpu_s": 5.0}}
    machine = {"machine_busy_s": 1324.0, "load_generator_s": 74.0}
    after = {"at": 280.0, **machine, "primary": dict.fromkeys(pgload.FIELDS, 70) | {"cpu_s": 95.0}}
    assert pgload.difference(before, after) == {
        "seconds": 180.0,
        "machine_busy_s": 324.0,
        "machine_busy_cores": 1.8,
        "load_generator_s": 54.0,
        "load_generator_cores": 0.3,
        "primary": {**dict.fromkeys(pgload.FIELDS, 60), "cpu_s": 90.0, "cpu_share": 0.5},
    }
    after["primary"]["cpu_s"] = None  # a server on another machine
    assert pgload.difference(before, after)["primary"]["cpu_share"] is None


def test_the_uploader_changes_every_figure_and_keeps_them_consistent():
    from decimal import Decimal

    from bench.uploads import scaled

    rows = [
        {"sex": "female", "value": "3", "period": "2025S1"},
        {"sex": "male", "value": "4", "period": "2025S1"},
        {"sex": "total", "value": "7", "period": "2025S1"},
        {"sex": "total", "value": "80.0000", "numerator": "8", "denominator": "10"},
    ]
    assert scaled(rows, 1) is rows
    doubled = scaled(rows, 2)
    assert [r["value"] for r in doubled] == ["6", "8", "14", "80.0000"]  # 6 + 8 = 14
    assert (doubled[3]["numerator"], doubled[3]["denominator"]) == ("16", "20")  # 80 %
    assert rows[0]["value"] == "3"  # the rows read once are left as they were
    assert Decimal(doubled[3]["numerator"]) / Decimal(doubled[3]["denominator"]) == Decimal("0.8")
