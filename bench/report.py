"""The figures: one table for the terminal, the same as Markdown for the README."""

import platform
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.delivery import DELIVERY_TARGET, REMINDER_TARGET_SECONDS, DeliveryRun, ReminderRun
from bench.load import WrkResult
from bench.pages import MAX_LATENCY_MS, Instrumented, Page

FULL_SCALE_RECIPIENTS = 100_000
REPO_SETTINGS = Path(__file__).resolve().parent.parent / "community_portal" / "settings.py"


@dataclass
class PageResult:
    page: Page
    status: int
    instrumented: Instrumented | None
    rounds: list[tuple[WrkResult, WrkResult]] = field(default_factory=list)  # (trivial, page)

    @property
    def rps(self) -> float:
        return statistics.median(p.rps for _t, p in self.rounds) if self.rounds else 0.0

    @property
    def trivial_rps(self) -> float:
        return statistics.median(t.rps for t, _p in self.rounds) if self.rounds else 0.0

    @property
    def ratio(self) -> float:
        ratios = [p.rps / t.rps for t, p in self.rounds if t.rps]
        return statistics.median(ratios) if ratios else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(p.p50_ms for _t, p in self.rounds) if self.rounds else 0.0

    @property
    def p99(self) -> float:
        return statistics.median(p.p99_ms for _t, p in self.rounds) if self.rounds else 0.0

    @property
    def max_ms(self) -> float:
        """The slowest request; infinite when a run saw no response at all."""
        if any(p.requests == 0 for _t, p in self.rounds):
            return float("inf")
        return max((p.max_ms for _t, p in self.rounds), default=0.0)

    @property
    def errors(self) -> int:
        return sum(p.non_2xx + p.timeouts + p.socket_errors for _t, p in self.rounds)

    def target_text(self) -> str:
        parts = []
        if self.page.ratio_target is not None:
            parts.append(f"≥{self.page.ratio_target:g} of trivial")
        if self.page.sql_ms_target is not None:
            parts.append(f"SQL ≤{self.page.sql_ms_target:g} ms")
        parts.append("max ≤1 s")
        return ", ".join(parts)

    def misses(self) -> list[str]:
        missed = []
        if self.status != 200:
            missed.append(f"HTTP {self.status}")
        if self.errors:
            missed.append("errors")
        if self.page.ratio_target is not None and self.ratio < self.page.ratio_target:
            missed.append("ratio")
        if (
            self.page.sql_ms_target is not None
            and self.instrumented is not None
            and self.instrumented.sql_ms > self.page.sql_ms_target
        ):
            missed.append("SQL")
        if self.max_ms > MAX_LATENCY_MS:
            missed.append(">1 s")
        return missed

    def result(self) -> str:
        missed = self.misses()
        return "PASS" if not missed else "MISS (" + ", ".join(missed) + ")"

    def cells(self) -> list[str]:
        inst = self.instrumented
        return [
            self.page.name,
            f"{self.rps:.1f}",
            f"{self.trivial_rps:.0f}",
            f"{self.ratio:.3f}",
            f"{self.p50:.0f}",
            f"{self.p99:.0f}",
            f"{self.max_ms:.0f}" if self.max_ms != float("inf") else "none done",
            str(self.errors),
            f"{inst.queries} ({inst.warm_queries})" if inst else "-",
            f"{inst.sql_ms:.1f} ({inst.warm_sql_ms:.1f})" if inst else "-",
            self.target_text(),
            self.result(),
        ]


HEADERS = [
    "page",
    "req/s",
    "trivial req/s",
    "ratio",
    "p50 ms",
    "p99 ms",
    "max ms",
    "non-2xx/errors",
    "queries (warm)",
    "SQL ms (warm)",
    "target",
    "result",
]


def reminder_cells(run: ReminderRun, scale: float) -> list[str]:
    rate = run.created / run.seconds if run.seconds else 0.0
    target_rate = FULL_SCALE_RECIPIENTS / REMINDER_TARGET_SECONDS
    result = f"ERROR {run.error}" if run.error else "PASS" if rate >= target_rate else "MISS"
    return [
        f"reminders: {run.label}",
        f"{run.created:,} recipients in {run.seconds:.2f} s",
        f"{rate:,.0f} recipients/s, {run.queries} queries, peak {run.peak_mb:.0f} MB",
        f"100,000 in ≤{REMINDER_TARGET_SECONDS:g} s (≥{target_rate:,.0f}/s)",
        result,
    ]


def delivery_cells(run: DeliveryRun) -> list[str]:
    if run.error:
        result = f"ERROR {run.error}"
    else:
        result = "PASS" if run.rate >= DELIVERY_TARGET else "MISS"
        if run.timed_out:
            result += " (stopped at the time limit)"
    return [
        f"delivery: {run.label}",
        f"{run.delivered:,} of {run.burst:,} sent in {run.seconds:.1f} s",
        f"{run.rate:,.0f} notifications/s; 2 workers, file backend",
        f"≥{DELIVERY_TARGET:,.0f}/s",
        result,
    ]


def _text_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import os

    return f"{os.cpu_count()} cores {model}, {platform.system()} {platform.release()}".strip()


def render(
    *,
    scale: float,
    duration: float,
    rounds: int,
    counts: dict,
    results: list[PageResult],
    reminders: list[ReminderRun],
    deliveries: list[DeliveryRun],
    pool: list[list[str]],
    charts: list | None = None,
) -> tuple[str, str]:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"Measured {when} on {machine()}; scale {scale:g} "
        f"({counts['members']:,} members, {counts['ledger']:,} ledger entries, "
        f"{counts['submissions']:,} submissions); wrk -t2 -c20 -d{duration:g}s, "
        f"{rounds} round(s), gunicorn 2 sync workers, DEBUG=0. "
        "Ratio: the page's throughput over the trivial view's in the same round (median); "
        "queries and SQL ms: one uncached request, on a connection that has served the page "
        "before (then warm)."
    )
    page_rows = [result.cells() for result in results]
    other_headers = ["measure", "figure", "detail", "target", "result"]
    other_rows = [reminder_cells(run, scale) for run in reminders]
    other_rows += [delivery_cells(run) for run in deliveries]
    text = [head, "", _text_table(HEADERS, page_rows)]
    markdown = [head, "", _markdown_table(HEADERS, page_rows)]
    if other_rows:
        text += ["", _text_table(other_headers, other_rows)]
        markdown += ["", _markdown_table(other_headers, other_rows)]
    if pool:
        pool_headers = ["page", "DATABASE_POOL=0 req/s", "DATABASE_POOL=1 req/s", "p99 0 / 1 ms"]
        settings_text = (REPO_SETTINGS).read_text()
        note = (
            ""
            if "DATABASE_POOL" in settings_text
            else " (the settings do not read DATABASE_POOL yet: both runs are the same)"
        )
        text += ["", f"Connection pooling{note}:", _text_table(pool_headers, pool)]
        markdown += ["", f"Connection pooling{note}:", "", _markdown_table(pool_headers, pool)]
    if charts:
        from bench import insight

        chart_rows = [part.cells() for part in charts]
        note = (
            "Health dashboard, part by part (each chart is drawn from one part; "
            "SQL ms in this process, cold then warm; database ms: the server's own "
            "planning and execution time of the cold queries):"
        )
        text += ["", note, _text_table(insight.HEADERS, chart_rows), insight.summary(charts)]
        markdown += [
            "",
            note,
            "",
            _markdown_table(insight.HEADERS, chart_rows),
            "",
            insight.summary(charts),
        ]
    passed = sum(1 for r in results if not r.misses())
    summary = f"{passed} of {len(results)} pages meet their targets."
    text += ["", summary]
    markdown += ["", summary]
    return "\n".join(text), "\n".join(markdown)
