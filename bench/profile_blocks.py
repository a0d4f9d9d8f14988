"""Where a dashboard's time goes: each block's selector and template, timed inside real dashboard requests.

`bench/run.py` calls `dashboard_profile` after the timed scenarios (gunicorn stopped, so nothing competes): for a
small and a large order it GETs the dashboard in this process through Django's test client (the same settings,
middleware, session and database as gunicorn) with `orders.views.render_slot` instrumented, so every block is
measured where it really runs: its context (selector: queries and Python) and its template, with the number of
queries and their time in the database driver. What is left of the page is the rest: middleware, session and user,
the order itself, the header, the tabs, the bottom bar and the layout.
"""

import statistics
import time
from collections import defaultdict
from contextlib import contextmanager


class QueryMeter:
    """Counts queries and the time spent in the driver, through `connection.execute_wrapper`."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


@contextmanager
def measured(connection):
    meter = QueryMeter()
    with connection.execute_wrapper(meter):
        yield meter


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def profile_order(client, number: str, *, runs: int, warmup: int) -> list[tuple[str, float, float, float, float]]:
    """[(part, selector ms, template ms, queries, database ms)] by median over `runs` requests."""
    from django.db import connection
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from backoffice import blocks
    from orders import views

    samples: dict[str, list[tuple[float, float, int, float]]] = defaultdict(list)
    original = views.render_slot

    def render_slot(request, order, slot):
        parts = []
        for block in blocks.blocks_in(slot):
            with measured(connection) as queries:
                started = time.perf_counter()
                context = block.context(order, request.user) if block.for_user else block.context(order)
                selected = time.perf_counter()
                parts.append(mark_safe(render_to_string(block.template, {"order": order, **context}, request)))
                rendered = time.perf_counter()
            samples[block.name].append((selected - started, rendered - selected, queries.count, queries.seconds))
        return parts

    views.render_slot = render_slot
    try:
        for run in range(warmup + runs):
            if run == warmup:
                samples.clear()
            with measured(connection) as queries:
                started = time.perf_counter()
                response = client.get(f"/orders/{number}/")
                elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"in-process GET /orders/{number}/ gave {response.status_code}")
            samples["(whole page)"].append((elapsed, 0.0, queries.count, queries.seconds))
    finally:
        views.render_slot = original

    rows = []
    whole = samples.pop("(whole page)")
    for name, values in samples.items():
        rows.append((name, p50([v[0] for v in values]) * 1000, p50([v[1] for v in values]) * 1000,
                     p50([v[2] for v in values]), p50([v[3] for v in values]) * 1000))  # fmt: skip
    page_ms, page_queries, page_db = (p50([v[0] for v in whole]) * 1000, p50([v[2] for v in whole]),
                                      p50([v[3] for v in whole]) * 1000)  # fmt: skip
    in_blocks = sum(row[1] + row[2] for row in rows)
    rows.append(("rest: middleware, session, user, order, header, tabs, bottom bar, layout",
                 page_ms - in_blocks, 0.0, page_queries - sum(row[3] for row in rows),
                 page_db - sum(row[4] for row in rows)))  # fmt: skip
    rows.append(("whole page, in-process", page_ms, 0.0, page_queries, page_db))
    return rows


def small_order() -> tuple[str, str] | None:
    """A recent order of two lines, the common case: (number, label)."""
    from django.db.models import Count, Max

    from orders.models import Order

    newest = Order.objects.aggregate(newest=Max("id"))["newest"] or 0
    number = (
        Order.objects.filter(id__gt=newest - 5_000)
        .annotate(line_count=Count("lines"))
        .filter(line_count=2)
        .values_list("number", flat=True)
        .first()
    )
    return (number, f"{number} (2 lines)") if number else None


def dashboard_profile(admin, orders: list[tuple[str, str]], *, host: str, runs: int, warmup: int = 5) -> str:
    """A markdown section: per block of each order in `orders` ([(number, label)]), medians over `runs`."""
    from django.test import Client

    client = Client(HTTP_HOST=host)
    client.force_login(admin)
    parts = [
        "## Where a dashboard's time goes\n",
        f"Medians over {runs} dashboard requests per order in this process (Django's test client, the production "
        "settings, the bench database; gunicorn stopped). Per block: its selector (the block's context: queries and "
        "Python), its template, its queries and their time in the database driver. The last rows are what the page "
        "does outside the blocks, and the whole request. Over HTTP add gunicorn and the socket (compare the Floor "
        "scenario).\n",
    ]
    for number, label in orders:
        rows = profile_order(client, number, runs=runs, warmup=warmup)
        parts.append(f"### {label}\n")
        parts.append("| part | selector ms | template ms | queries | database ms |")
        parts.append("|---|---:|---:|---:|---:|")
        for name, selector_ms, template_ms, queries, database_ms in rows:
            parts.append(f"| {name} | {selector_ms:.2f} | {template_ms:.2f} | {queries:g} | {database_ms:.2f} |")
        parts.append("")
    return "\n".join(parts)
