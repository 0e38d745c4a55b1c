"""The benchmark report: figures from each script's output, targets, plots and absent scripts.

No timing is measured here: the outputs below are fixed texts in the scripts' formats.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.run_all import (
    Figure,
    Outcome,
    datetime_utc_now,
    figures_for,
    plot_overhead,
    plot_replay,
    render,
)

# What benchmarks/cassette_replay.py prints (its table), for two sizes.
REPLAY_STDOUT = """\
interactions  file MB   load s  typelink s   vcrpy s  vcrpy/typelink  typelink/load
-----------------------------------------------------------------------------------
        1000      2.6     0.41        0.52      9.61           18.5x          1.27x
        5000     13.0     2.05        2.60    238.00           91.5x          1.27x
"""

OVERHEAD_JSON = {
    "calls_per_second": {
        "raw requests + pydantic": 2000.0,
        "plain uplink @returns.json": 1700.0,
        "typelink typed call": 1800.0,
    },
    "parse_seconds": {"typelink parse": 0.05, "r.json() + validate": 0.08},
    "big_body_bytes": 1_000_000,
}


def test_targets_are_read_as_a_comparison_on_the_ratio() -> None:
    assert Figure("f", 1.0, "s", 2.0, "b", 0.5, "<= 2").met is True
    assert Figure("f", 1.0, "s", 2.0, "b", 2.5, "<= 2").met is False
    assert Figure("f", 1.0, "s", 2.0, "b", 20.0, ">= 20").met is True
    assert Figure("f", 1.0, "s", 2.0, "b", 1.0, "").met is None
    assert Figure("f", 1.0, "s", None, "", None, ">= 1").met is None


def test_replay_table_becomes_figures_with_same_run_baselines() -> None:
    outcome = Outcome("cassette_replay.py", "ok", stdout=REPLAY_STDOUT)
    figures = figures_for(outcome)
    speedups = [f for f in figures if "vcrpy" in f.name]
    assert [round(f.ratio or 0, 1) for f in speedups] == [18.5, 91.5]
    assert speedups[1].target == ">= 20" and speedups[1].met is True
    assert speedups[0].target == ""  # the 20x target is for 5,000 interactions
    loads = [f for f in figures if "loading" in f.name]
    assert all(f.met for f in loads)


def test_replay_rows_from_json_win_over_the_table() -> None:
    rows = [
        {
            "interactions": 1000,
            "file_mb": 2,
            "load_s": 1.0,
            "typelink_s": 1.5,
            "vcrpy_s": 30.0,
        }
    ]
    outcome = Outcome("cassette_replay.py", "ok", stdout=REPLAY_STDOUT, data={"rows": rows})
    (speedup, _) = figures_for(outcome)
    assert speedup.ratio == 20.0


# The table as the script prints it after growing columns (labels with spaces, new order).
WIDER_STDOUT = """\
recording 1000 interactions ...
interactions    MB parse s vcrpy load s   client s typelink s  vcrpy s vcrpy/typelink typelink/parse
----------------------------------------------------------------------------------------------------
        1000   2.6    0.40         0.90       0.30       0.60    10.00          16.7x          1.50x
        5000  12.9    2.00         4.50       1.69       5.75   454.00          79.0x          2.88x

parse = read + parse the YAML file.
"""


def test_replay_table_columns_are_found_by_their_labels() -> None:
    figures = figures_for(Outcome("cassette_replay.py", "ok", stdout=WIDER_STDOUT))
    speedups = [f for f in figures if "vcrpy" in f.name]
    assert [f.value for f in speedups] == [0.6, 5.75]
    assert [f.baseline for f in speedups] == [10.0, 454.0]
    loads = [f for f in figures if "loading" in f.name]
    assert [f.baseline for f in loads] == [0.4, 2.0]
    assert loads[1].met is False  # 2.88x > 2


def test_overhead_output_without_a_figures_list_is_still_read() -> None:
    figures = figures_for(Outcome("overhead.py", "ok", data=OVERHEAD_JSON))
    assert [round(f.ratio or 0, 2) for f in figures] == [0.9, 1.06]


def test_plots_are_written_as_png(tmp_path: Path) -> None:
    replay = plot_replay(Outcome("cassette_replay.py", "ok", stdout=REPLAY_STDOUT), tmp_path)
    overhead = plot_overhead(Outcome("overhead.py", "ok", data=OVERHEAD_JSON), tmp_path)
    for name in (replay, overhead):
        assert name is not None
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    assert not list(tmp_path.glob("*.tmp"))


def test_report_names_the_machine_and_lists_absent_scripts() -> None:
    outcomes = [
        Outcome("cassette_replay.py", "absent"),
        Outcome("overhead.py", "ok", data=OVERHEAD_JSON),
    ]
    outcomes[1].figures = figures_for(outcomes[1])
    text = render(outcomes, quick=True, started=datetime_utc_now())
    assert "cores" in text and "Python 3." in text
    assert "| cassette_replay.py | (absent) |" in text
    assert "0.90x" in text and ">= 0.90" in text
    assert "Not in this checkout" in text


def test_targets_on_a_difference_or_on_the_value_itself() -> None:
    """'at most 30 ms more than its dependencies', 'at most 40 MB' (import_time.py)."""
    data = {
        "figures": [
            {
                "name": "import",
                "value": 120.0,
                "unit": "ms",
                "baseline": 100.0,
                "baseline_name": "deps",
                "target": "<= 30",
                "compare": "difference",
            },
            {
                "name": "import 2",
                "value": 140.0,
                "unit": "ms",
                "baseline": 100.0,
                "baseline_name": "deps",
                "target": "<= 30",
                "compare": "difference",
            },
            {
                "name": "rss",
                "value": 38.5,
                "unit": "MB",
                "baseline": None,
                "target": "<= 40",
                "compare": "value",
            },
        ]
    }
    outcome = Outcome("import_time.py", "ok", data=data)
    figures = figures_for(outcome)
    assert [f.met for f in figures] == [True, False, True]
    assert [f.shown for f in figures] == ["+20.0 ms", "+40.0 ms", "—"]
    outcome.figures = figures
    text = render([outcome], quick=True, started=datetime_utc_now())
    assert "| +20.0 ms | <= 30 ms more | yes |" in text
    assert "| 38.5 MB | — | — | <= 40 MB | yes |" in text
