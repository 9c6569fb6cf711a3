"""bench/browser.py: its limits, and a tiny bounded run in Debian's Chromium."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser import burst_figures, parse_args

REPO = Path(__file__).resolve().parents[2]


def test_arguments_are_bounded():
    with pytest.raises(SystemExit):
        parse_args(["--questions", "5000"])
    with pytest.raises(SystemExit):
        parse_args(["--questions", "10", "--changed", "20"])
    args = parse_args([])
    assert (args.questions, args.changed, args.burst) == (500, 100, 200)
    assert not args.reconnect and args.keep_traces is None
    assert parse_args(["--reconnect"]).reconnect


def test_burst_figures_judge_cpu_time_and_report_wall_time():
    figures = burst_figures([(120.0, 30.0), (10.0, 9.0), (70.0, 55.0)], [120.0, 70.0], 2.345)
    assert figures == {
        "seconds_until_shown": 2.35,
        "tasks": 3,
        "main_thread_cpu_ms": 94.0,
        "longest_task_cpu_ms": 55.0,
        "tasks_over_50ms_cpu": 1,
        "long_tasks_wall": 2,
        "longest_task_wall_ms": 120.0,
    }


@pytest.mark.browser
@pytest.mark.live
def test_a_tiny_run_measures_both_pages(chromium_path):
    tiny = ["--questions", "30", "--changed", "10", "--burst", "10", "--rounds", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.browser", *tiny],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    for page in ("attendee", "dashboard"):
        votes, burst = report[page]["votes"], report[page]["burst"]
        assert votes["rounds"] == 2 and votes["changed"] == 10
        assert 0 < votes["script_ms_median"] <= votes["script_ms_max"]
        assert burst["questions"] == 10 and burst["tasks"] > 0
        assert burst["main_thread_cpu_ms"] >= burst["longest_task_cpu_ms"] > 0
        assert burst["reconnects"] >= 0  # the socket's (re)connections during the burst
    assert isinstance(report["within_budget"], bool)
