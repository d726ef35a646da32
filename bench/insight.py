"""The health dashboard chart by chart: each measure's queries and SQL time, against
issue 15's target of 100 ms per chart at scale 1.

Each part of ``insight.selectors.MEASURES`` is computed on its own, with the
dashboard's cache out of the way: once **cold** (the first computation in this
process, as the page does it when nothing is cached) and once more **warm** (the
same queries again, the database's buffers and plans warm). Both times are taken
in this process around each query (``SQL ms``); the **database side** is the
server's own planning and execution time of the same queries (``EXPLAIN (ANALYZE,
TIMING OFF)`` run after them), which leaves out the round trips and this
process's waiting for a CPU on a loaded machine. A chart reads one part (the
review charts share theirs), so its time is its part's time.

    python -m bench.insight --explain     # also print each query's plan (slowest first)
    python -m bench.insight --days 365 --parts events,reviews
"""

import json
import time
from dataclasses import dataclass, field

CHART_SQL_MS = 100.0
PERIODS = (30, 365)


@dataclass
class Query:
    sql: str
    params: tuple
    ms: float


@dataclass
class PartRun:
    queries: list[Query] = field(default_factory=list)

    @property
    def ms(self) -> float:
        return sum(q.ms for q in self.queries)


class Recorder:
    """A ``connection.execute_wrapper`` that keeps each query, its parameters and time."""

    def __init__(self):
        self.run = PartRun()

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.run.queries.append(Query(sql, tuple(params or ()), elapsed))


@dataclass
class PartResult:
    days: int
    part: str
    charts: tuple[str, ...]
    cold: PartRun
    warm: PartRun
    server_ms: float
    plans: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def worst_ms(self) -> float:
        return max(self.cold.ms, self.server_ms)

    def result(self) -> str:
        return "PASS" if self.worst_ms <= CHART_SQL_MS else "MISS"

    def cells(self) -> list[str]:
        return [
            f"{self.days} days",
            self.part,
            ", ".join(self.charts) or "(figures only)",
            str(len(self.cold.queries)),
            f"{self.cold.ms:.1f}",
            f"{self.warm.ms:.1f}",
            f"{self.server_ms:.1f}",
            f"≤{CHART_SQL_MS:g} ms",
            self.result(),
        ]


HEADERS = [
    "period",
    "part",
    "charts",
    "queries",
    "SQL ms cold",
    "SQL ms warm",
    "database ms",
    "target",
    "result",
]


def _server_ms(queries: list[Query], explain: bool) -> tuple[float, list]:
    """The database's own planning and execution time of these queries."""
    from django.db import connection

    total, plans = 0.0, []
    with connection.cursor() as cursor:
        for query in queries:
            if not query.sql.lstrip(" (").upper().startswith("SELECT"):
                continue
            options = "ANALYZE, FORMAT JSON" + ("" if explain else ", TIMING OFF")
            cursor.execute(f"EXPLAIN ({options}) {query.sql}", query.params)
            found = cursor.fetchone()[0]
            plan = (json.loads(found) if isinstance(found, str) else found)[0]
            ms = plan.get("Planning Time", 0.0) + plan.get("Execution Time", 0.0)
            total += ms
            if explain:
                cursor.execute(f"EXPLAIN (ANALYZE) {query.sql}", query.params)
                text = "\n".join(row[0] for row in cursor.fetchall())
                plans.append((ms, cursor.mogrify(query.sql, query.params), text))
    return total, plans


def measure(explain: bool = False, days_list=PERIODS, parts=()) -> list[PartResult]:
    """Every part of the dashboard for each period (the last ``days`` days), unfiltered."""
    from django.db import connection
    from django.utils import timezone

    from insight.figures import CHART_PARTS
    from insight.periods import last_days
    from insight.selectors import MEASURES, Filters

    results = []
    for days in days_list:
        period = last_days(days)
        for part, compute in MEASURES.items():
            if parts and part not in parts:
                continue
            runs = []
            for _attempt in ("cold", "warm"):
                recorder = Recorder()
                with connection.execute_wrapper(recorder):
                    compute(period, Filters(), timezone.now())
                runs.append(recorder.run)
            server_ms, plans = _server_ms(runs[0].queries, explain)
            charts = tuple(chart for chart, reads in CHART_PARTS.items() if part in reads)
            results.append(PartResult(days, part, charts, runs[0], runs[1], server_ms, plans))
    return results


def summary(results: list[PartResult]) -> str:
    passed = sum(1 for r in results if r.result() == "PASS")
    return f"{passed} of {len(results)} dashboard parts within {CHART_SQL_MS:g} ms of SQL."


def main():
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m bench.insight")
    parser.add_argument("--explain", action="store_true", help="print the plans")
    parser.add_argument("--days", default=",".join(str(d) for d in PERIODS))
    parser.add_argument("--parts", default="", help="comma-separated parts (default: all)")
    args = parser.parse_args()
    from bench.__main__ import bench_env

    env = bench_env()
    os.environ.update(env)
    import django

    django.setup()
    from bench.report import _text_table

    parts = tuple(part for part in args.parts.split(",") if part)
    results = measure(args.explain, [int(d) for d in args.days.split(",")], parts)
    print(_text_table(HEADERS, [r.cells() for r in results]))
    print(summary(results))
    if args.explain:
        for result in results:
            for ms, sql, plan in sorted(result.plans, key=lambda found: -found[0]):
                if ms < 5:
                    continue
                print(f"\n=== {result.days} days, {result.part}: {ms:.1f} ms\n{sql}\n{plan}")


if __name__ == "__main__":
    main()
