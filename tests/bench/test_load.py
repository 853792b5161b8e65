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
