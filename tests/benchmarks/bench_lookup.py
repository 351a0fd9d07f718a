"""How fast `!quote` and `!when` answer at scale: `bench_lookup.py --facts N [--json]`.

Generates a synthetic sheet of N facts (or reuses the one in `tests/benchmarks/out/N/`, see
generate.py), then, in the same run:

- cold load: in a fresh process with an empty cache folder (`bot.sheet.cache`,
  `bot.index_cache`), the time `factbot` takes to read and check the sheet and to build the
  index and file both, split into reading the YAML, building the entries, the checks (the
  verbatim check of every quote against its article included) and the index; and the
  process's peak resident memory;
- warm load: in another fresh process, with the cache the cold load filled: the sheet loaded
  from the cache (the sheet hashed again, the articles' file status taken again), the index
  restored from it, and the peak resident memory after serving the first 50 queries of each
  kind. Wall-clock and CPU seconds, as a shared machine's wall clock also counts waiting for a
  core;
- per query kind (`!quote` with a name, `!quote` with a phrase, `!when` with a phrase, a natural
  question of 3 to 8 words, or the sheet's commonest words; each clean and with one typo), p50
  and p99 latency and queries per second of the command through the index the bot uses
  (`bot.search.Index`); the same search by the reference that scores every entry
  (`tests/oracle.py`, on a smaller sample); and SQLite FTS5 ranking the same texts by `bm25()`
  for the query's words (porter stems, no typo tolerance): the engine the index was chosen over;
- agreement with the reference, on the sampled queries: a query agrees when the first five
  results are the same entries in the same order ("top-5"); "tie-aware" also accepts a
  different entry of equal score where the fifth place is tied; "identical" compares the whole
  search (every hit, the count, the missing words).

Timings are the median of `--repeat` runs (each run's p50 and p99 over all queries of a kind).
One core: nothing here runs in parallel. The loaded sheet is frozen for the garbage collector
(`gc.freeze()`), as a long-running bot should do after loading: otherwise the first query after
the load pays a one-off full collection of a million objects (about 0.2 s at 100k).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import rapidfuzz  # noqa: E402
from generate import DEFAULT_SEED, QUERY_KINDS, generate  # noqa: E402
from oracle import Oracle  # noqa: E402

from bot import answers  # noqa: E402
from bot.check import _Checker, check_sheet  # noqa: E402
from bot.index_cache import index_for  # noqa: E402
from bot.query import analyse  # noqa: E402
from bot.search import Index  # noqa: E402
from bot.sheet import (  # noqa: E402
    FactSheet,
    gc_paused,
    parse_sheet,
    read_yaml,
)

LABELS = {
    "quote_name_clean": "!quote name",
    "quote_name_typo": "!quote name, typo",
    "quote_phrase_clean": "!quote phrase",
    "quote_phrase_typo": "!quote phrase, typo",
    "when_clean": "!when",
    "when_typo": "!when, typo",
    "when_question_clean": "!when question",
    "when_question_typo": "!when question, typo",
    "when_common_clean": "!when common words",
    "when_common_typo": "!when common, typo",
}


# --- data ---------------------------------------------------------------------------------


def prepared(facts: int, out: Path, seed: int) -> Path:
    """The generated sheet for `facts`, made again only when missing or from another seed."""
    stamp = out / "generated.json"
    want = {"facts": facts, "seed": seed, "generator": _generator_version()}
    if not (stamp.exists() and json.loads(stamp.read_text()) == want):
        print(f"generating {facts:,} facts into {out.name}/ ...", file=sys.stderr)
        generate(out, facts, seed=seed)
        stamp.write_text(json.dumps(want))
    return out / "factsheet.yaml"


def _generator_version() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


# --- load + check + index (in a fresh process) -----------------------------------------------


def measure_load(sheet_path: Path, queries_path: Path | None) -> dict[str, Any]:
    """Run in a child process: times and peak memory of check + index as `factbot` loads them
    (each from the cache when the cache folder in the environment holds it), then of serving
    the first 50 queries of each kind; for a cold load also the breakdown, afterwards."""
    clock = time.perf_counter
    start, cpu_start = clock(), time.process_time()
    checked = check_sheet(sheet_path)
    checked_at, cpu_checked_at = clock(), time.process_time()
    assert checked.ok and checked.sheet is not None, checked.problems[:3]
    index = index_for(checked)
    indexed_at = clock()
    loaded_rss = peak_rss_mb()
    result: dict[str, Any] = {
        "load_check_index_s": indexed_at - start,
        "check_sheet_s": checked_at - start,
        # CPU time too: on a shared machine the wall clock also counts waiting for a core.
        "check_sheet_cpu_s": cpu_checked_at - cpu_start,
        "index_s": indexed_at - checked_at,
        "peak_rss_loaded_mb": loaded_rss,
    }
    if queries_path is not None:
        gc.collect()
        gc.freeze()
        queries: dict[str, list[str]] = json.loads(queries_path.read_text())
        for kind in QUERY_KINDS:
            for q in queries[kind][:50]:
                command(kind)(index, q)
        result["peak_rss_serving_mb"] = peak_rss_mb()
        return result
    del checked, index
    # The breakdown of a cold load, afterwards, step by step as `check_sheet` does it.
    text = sheet_path.read_text(encoding="utf-8")
    with gc_paused():
        t0 = clock()
        read_yaml(text)
        read = clock() - t0
    del text
    t0 = clock()
    parsed = parse_sheet(sheet_path)
    parse = clock() - t0
    t0 = clock()
    with gc_paused():
        problems = _Checker(parsed, dt.date.today()).run()
    checks = clock() - t0
    assert not problems
    result.update(read_yaml_s=read, build_entries_s=max(parse - read, 0.0), checks_s=checks)
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh with the process;
    `ru_maxrss` would carry over the peak of the parent it was forked from (the generator's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def load_in_child(sheet_path: Path, cache: Path, *, serve: Path | None = None) -> dict[str, Any]:
    """`measure_load` in a fresh process whose sheet cache is `cache`."""
    out = subprocess.run(
        [sys.executable, __file__, "--load-only", str(sheet_path)]
        + (["--serve", str(serve)] if serve else []),
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), "FACTBOT_NO_CACHE": ""},
    )
    return json.loads(out.stdout)


# --- queries ------------------------------------------------------------------------------


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        xs = sorted(self.seconds)
        if not xs:
            return {}
        return {
            "p50_ms": 1000 * _pct(xs, 0.50),
            "p99_ms": 1000 * _pct(xs, 0.99),
            "mean_ms": 1000 * statistics.fmean(xs),
            "qps": len(xs) / sum(xs) if sum(xs) else float("inf"),
            "n": len(xs),
        }


def _pct(xs: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return xs[min(len(xs) - 1, max(0, round(q * len(xs) + 0.5) - 1))]


def command(kind: str) -> Callable[[Any, str], answers.Answer]:
    return answers.when if kind.startswith("when") else answers.quote


def time_queries(index: Any, kind: str, queries: Sequence[str]) -> Timing:
    run = command(kind)
    index.vocabulary.forget()  # every run starts without remembered word expansions
    timing = Timing()
    clock = time.perf_counter
    for q in queries:
        start = clock()
        run(index, q)
        timing.seconds.append(clock() - start)
    return timing


def reference_top(index: Index, oracle: Oracle, kind: str, q: str) -> tuple[Any, Any]:
    """What the index and the reference find for a query: people for names, else entries."""
    if kind.startswith("quote_name"):
        got = index.find_people(q)
        certain = index.names.certain(q)
        want = got if certain is not None else oracle.fuzzy_people(q, index.settings.name_cutoff)
        return [(m.person.id, m.score) for m in got[:5]], [(m.person.id, m.score) for m in want[:5]]
    events = kind.startswith("when")
    return index.search(q, events=events), oracle.search(q, events=events)


def _top(found: Any) -> list[tuple[str, float | None]]:
    if isinstance(found, list):
        return found
    return [(hit.entry.id, hit.score) for hit in found.hits[:5]]


def agreement(fast: Any, reference: Any) -> dict[str, bool]:
    """Top-5 equal (ids in order); tie-aware (equal scores, ties at the 5th place may differ)."""
    a, b = _top(fast), _top(reference)
    strict = a == b
    tie_aware = strict
    if not strict and len(a) == len(b) and [s for _i, s in a] == [s for _i, s in b] and b:
        floor = b[-1][1]
        above = {i for i, s in b if s is not None and floor is not None and s > floor}
        tie_aware = above == {i for i, s in a if s is not None and floor is not None and s > floor}
    return {"top5": strict, "tie_aware": tie_aware, "identical": fast == reference}


class FTS:
    """SQLite FTS5 over the same fields, ranked by `bm25()` with the same field weights: the
    standard library's engine, for comparison (porter stems; no typo tolerance)."""

    def __init__(self, sheet: FactSheet) -> None:
        self.db = sqlite3.connect(":memory:")
        tokenize = "tokenize='porter unicode61 remove_diacritics 2'"
        self.db.execute(f"CREATE VIRTUAL TABLE quotes USING fts5(text, people, {tokenize})")
        self.db.execute(
            f"CREATE VIRTUAL TABLE events USING fts5(title, keywords, people, summary, {tokenize})"
        )
        self.db.execute(f"CREATE VIRTUAL TABLE people USING fts5(text, {tokenize})")
        names = {p.id: " ".join((p.name, *p.aliases)) for p in sheet.people}
        self.db.executemany(
            "INSERT INTO quotes VALUES (?, ?)", ((q.text, names[q.speaker]) for q in sheet.quotes)
        )
        self.db.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?)",
            (
                (e.title, " ".join(e.keywords), " ".join(names[p] for p in e.people), e.summary)
                for e in sheet.events
            ),
        )
        self.db.executemany("INSERT INTO people VALUES (?)", ((n,) for n in names.values()))
        self.weights = {"quotes": "2.0, 2.0", "events": "3.0, 3.0, 3.0, 1.0", "people": "1.0"}

    def search(self, kind: str, text: str) -> int:
        terms = analyse(text).terms
        if not terms:
            return 0
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        tables = ("events", "quotes") if kind.startswith("when") else ("quotes",)
        if kind.startswith("quote_name"):
            tables = ("people",)
        found = 0
        for table in tables:
            rows = self.db.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
                f"ORDER BY bm25({table}, {self.weights[table]}) LIMIT 10",
                (match,),
            )
            found += len(rows.fetchall())
        return found


def time_fts(fts: FTS, kind: str, queries: Sequence[str]) -> tuple[Timing, int]:
    timing, hits = Timing(), 0
    clock = time.perf_counter
    for q in queries:
        start = clock()
        hits += fts.search(kind, q) > 0
        timing.seconds.append(clock() - start)
    return timing, hits


def _median_summary(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = runs[0].keys()
    return {k: statistics.median(r[k] for r in runs) for k in keys}


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    out = args.out or HERE / "out" / str(args.facts)
    sheet_path = prepared(args.facts, out, args.seed)
    queries: dict[str, list[str]] = json.loads((out / "queries.json").read_text())
    with tempfile.TemporaryDirectory() as scratch:
        cold_runs, warm_runs = [], []
        for run in range(args.load_repeat):
            cache = Path(scratch) / f"cache{run}"  # empty: a cold load, which fills it
            cold_runs.append(load_in_child(sheet_path, cache))
            warm_runs.append(load_in_child(sheet_path, cache, serve=out / "queries.json"))
    load = {
        "cold": _median_summary([{k: float(v) for k, v in r.items()} for r in cold_runs]),
        "warm": _median_summary([{k: float(v) for k, v in r.items()} for r in warm_runs]),
    }

    checked = check_sheet(sheet_path)
    assert checked.sheet is not None
    sheet = checked.sheet
    fast = Index(sheet)
    reference = Oracle(fast)
    fts = FTS(sheet)
    gc.collect()
    gc.freeze()
    for q in queries["when_clean"][:5]:  # warm-up, not measured
        answers.when(fast, q)

    results: dict[str, Any] = {}
    for kind in QUERY_KINDS:
        qs = queries[kind][: args.queries]
        sample = qs[: args.exhaustive_queries]
        fast_runs = [time_queries(fast, kind, qs).summary() for _ in range(args.repeat)]
        fast_sample = [time_queries(fast, kind, sample).summary() for _ in range(args.repeat)]
        fts_runs = []
        found = 0
        for _ in range(args.repeat):
            timing, found = time_fts(fts, kind, qs)
            fts_runs.append(timing.summary())
        ref_timing = Timing()
        agree = {"top5": 0, "tie_aware": 0, "identical": 0}
        clock = time.perf_counter
        for q in sample:
            start = clock()
            got, expected = reference_top(fast, reference, kind, q)
            ref_timing.seconds.append(clock() - start)
            for key, ok in agreement(got, expected).items():
                agree[key] += ok
        ref = ref_timing.summary()
        fast_on_sample = _median_summary(fast_sample)
        results[kind] = {
            "label": LABELS[kind],
            "index": _median_summary(fast_runs),
            "index_on_sample": fast_on_sample,
            "exhaustive": ref,
            "fts5": {**_median_summary(fts_runs), "queries_with_hits": found},
            "speedup_p50": ref["p50_ms"] / fast_on_sample["p50_ms"],
            "agreement": {k: v / len(sample) for k, v in agree.items()},
            "queries": len(qs),
            "sampled": len(sample),
        }
    return {
        "facts": args.facts,
        "sheet": {
            "quotes": len(sheet.quotes),
            "events": len(sheet.events),
            "people": len(sheet.people),
            "articles": len(sheet.sources),
            "yaml_mb": round(sheet_path.stat().st_size / 1e6, 1),
        },
        "machine": machine(),
        "load": load,
        "kinds": results,
        "settings": {
            "queries_per_kind": args.queries,
            "exhaustive_sample": args.exhaustive_queries,
            "repeat": args.repeat,
            "seed": args.seed,
        },
    }


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "python": platform.python_version(),
        "rapidfuzz": rapidfuzz.__version__,
        "sqlite": sqlite3.sqlite_version,
        "cores_used": "1",
    }


def report(result: dict[str, Any]) -> str:
    s, m = result["sheet"], result["machine"]
    cold, warm = result["load"]["cold"], result["load"]["warm"]
    lines = [
        f"factbot lookup benchmark: {result['facts']:,} facts "
        f"({s['quotes']:,} quotes, {s['events']:,} events, {s['people']:,} people, "
        f"{s['articles']:,} articles; {s['yaml_mb']} MB of YAML)",
        f"machine: {m['cpu']}, one core; Python {m['python']}, rapidfuzz {m['rapidfuzz']}, "
        f"SQLite {m['sqlite']}",
        f"cold load+check+index: {cold['load_check_index_s']:.2f} s (check "
        f"{cold['check_sheet_s']:.2f} s, index built and filed {cold['index_s']:.2f} s); peak RSS "
        f"{cold['peak_rss_loaded_mb']:.0f} MB. The check, step by step: read YAML "
        f"{cold['read_yaml_s']:.2f} s, build entries {cold['build_entries_s']:.2f} s, "
        f"cross-checks and verbatim quotes {cold['checks_s']:.2f} s",
        f"warm load (sheet and index cached): {warm['load_check_index_s']:.2f} s (load "
        f"{warm['check_sheet_s']:.2f} s, index restored {warm['index_s']:.2f} s); peak RSS "
        f"{warm['peak_rss_loaded_mb']:.0f} MB loaded, {warm['peak_rss_serving_mb']:.0f} MB serving",
        "",
        f"{'kind':<20} {'index p50':>9} {'p99':>7} {'q/s':>6} | {'exhaustive p50':>14} "
        f"{'p99':>7} | {'speed-up':>8} | {'FTS5 bm25 p50':>13} {'p99':>6} {'found':>5} | "
        f"{'top-5':>5} {'ties':>5} {'ident':>5}",
    ]
    for kind in QUERY_KINDS:
        r = result["kinds"][kind]
        ix, ex, ft, ag = r["index"], r["exhaustive"], r["fts5"], r["agreement"]
        found = ft["queries_with_hits"] / r["queries"]
        lines.append(
            f"{r['label']:<20} {_ms(ix['p50_ms']):>9} {_ms(ix['p99_ms']):>7} {ix['qps']:>6.0f} | "
            f"{_ms(ex['p50_ms']):>14} {_ms(ex['p99_ms']):>7} | {r['speedup_p50']:>7.0f}x | "
            f"{_ms(ft['p50_ms']):>13} {_ms(ft['p99_ms']):>6} {found:>5.0%} | "
            f"{ag['top5']:>5.2f} {ag['tie_aware']:>5.2f} {ag['identical']:>5.2f}"
        )
    st = result["settings"]
    lines += [
        "",
        f"{st['queries_per_kind']} queries per kind (medians of {st['repeat']} runs); the "
        f"exhaustive scan, the speed-up and the agreement use the first "
        f"{st['exhaustive_sample']} of them (the reference's time includes the index's). FTS5 "
        "'found': share of queries with any hit.",
    ]
    return "\n".join(lines)


def _ms(value: float) -> str:
    if value < 0.1:
        return f"{value:.3f}ms"
    if value < 10:
        return f"{value:.2f}ms"
    return f"{value:.1f}ms" if value < 100 else f"{value:.0f}ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, help="quotes + events in the generated sheet")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--out", type=Path, help="where the sheet is generated (cached)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--queries", type=int, default=400, help="queries per kind")
    parser.add_argument(
        "--exhaustive-queries", type=int, default=50, help="queries per kind for the scan"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (medians)")
    parser.add_argument("--load-repeat", type=int, default=3, help="load+check+index runs")
    parser.add_argument("--load-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_only:
        print(json.dumps(measure_load(args.load_only, args.serve)))
        return 0
    if not args.facts:
        parser.error("--facts is required")
    result = run_benchmark(args)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
