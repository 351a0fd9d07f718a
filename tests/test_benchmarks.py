"""The benchmark runs, on a small generated sheet: every query kind is timed, finds things and
agrees with the reference. Timings are not checked here (CI machines are noisy); the numbers in
the README come from `tests/benchmarks/bench_lookup.py --facts N` run by hand."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks import bench_lookup
from benchmarks.generate import QUERY_KINDS


def test_benchmark_measures_every_kind_and_agrees_with_the_reference(tmp_path: Path):
    """A 400-fact run: every kind has timings, the natural questions and common words are
    there, and the first five results agree with the reference for nearly every query."""
    args = argparse.Namespace(
        facts=400,
        out=tmp_path,
        seed=bench_lookup.DEFAULT_SEED,
        queries=20,
        exhaustive_queries=10,
        repeat=1,
        load_repeat=1,
    )
    result = bench_lookup.run_benchmark(args)
    assert set(result["kinds"]) == set(QUERY_KINDS)
    assert {"when_question_clean", "when_common_clean"} <= set(QUERY_KINDS)
    for kind, measured in result["kinds"].items():
        assert measured["index"]["n"] == 20 and measured["index"]["p50_ms"] > 0, kind
        assert measured["agreement"]["top5"] >= 0.9, (kind, measured["agreement"])
    assert result["load"]["cold"]["load_check_index_s"] > 0
    assert result["load"]["warm"]["load_check_index_s"] > 0
    assert "!when question" in bench_lookup.report(result)
