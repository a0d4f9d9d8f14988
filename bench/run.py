"""The backoffice benchmark: `make bench` runs this file (`.venv/bin/python bench/run.py $BENCH_ARGS`).

What it does, in order:

1. a dedicated PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/backoffice_bench):
   created when missing, migrated, seeded once with `seed_demo` and `seed_demo --orders N` (a top-up, so a
   second run reuses the data), then VACUUM ANALYZE after a seed, ANALYZE after new migrations (and only then:
   every ANALYZE draws a new sample, and the trigram LIKE estimates, hence the plans, move with it);
2. gunicorn with the production settings on a free port of 127.0.0.1, logged in over plain HTTP;
3. per scenario: warm-up requests, then N sequential timed requests over one keep-alive connection
   (http.client), each checked for status 200 and for the content it must have; a scenario that is not a page
   (one invoice render, the packing slip print job) is timed in this process instead, with the same settings
   and database;
4. a markdown table on stdout and in bench/results/latest.md, plus, for every scenario that misses its
   target (or all with --explain), EXPLAIN (ANALYZE, BUFFERS) of the queries the page runs, captured
   in-process through the Django test client with the same settings and database.

Exit status: 0 when everything ran (missed targets are reported, not failed), 1 on any error.
"""

import argparse
import ctypes.util
import gc
import html
import http.client
import io
import math
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import parallel_print  # bench/: the pdf workers of the parallel Pakbonnen printen scenarios

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/backoffice_bench"
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "admin"
HOST = "127.0.0.1"

# p95 targets in ms by scale (issue 18): up to a few million orders the first page 15, every other list page (search,
# filters, deep pages, sorts, saved views) 25, the dashboard of a 2-line order 25 and of a 40-line order 40; from
# 5,000,000 orders on every list page 50 and every dashboard 60.
LARGE_SCALE = 5_000_000


def page_targets(order_count: int) -> dict[str, float]:
    if order_count >= LARGE_SCALE:
        return {"first page": 50, "list": 50, "dashboard small": 60, "dashboard large": 60}
    return {"first page": 15, "list": 25, "dashboard small": 25, "dashboard large": 40}


# Tables whose queries are worth an EXPLAIN; session, user and shop-settings lookups are not.
EXPLAIN_TABLES = re.compile(r'"(orders_|customers_|history_|invoicing_|tasks_|memos_)\w+"')

# The order of the Print facturen scenario, found again by its postcode (indexed) and note.
INVOICES_DOCUMENTS = 10
RETURNS_PER_ORDER = 3  # on each large dashboard order: the Retour block and the ledger have something to show
INVOICES_POSTCODE = "9999ZZ"
INVOICES_NOTE = "bench/run.py: Print facturen, 10 documents"
RENDER_RUNS, RENDER_WARMUP = 20, 2
MAILS_PER_RUN = 200  # E-mails versturen: mails per timed run

# The orders of the Pakbonnen bulk printen scenario: placed long ago (the end of the list, out of the way of the
# list scenarios), found again by their postcode (indexed) and note.
SLIPS_ORDERS = 200
SLIPS_POSTCODE = "9998ZZ"
SLIPS_NOTE = "bench/run.py: Pakbonnen bulk printen, 200 orders"
SLIPS_RUNS, SLIPS_WARMUP = 3, 1

# The tasks of the Mijn taken scenario: the bench's Beheerder has this many open tasks over the slips' orders, found
# again by their description.
TASKS_COUNT = 1_000
TASKS_DESCRIPTION = "bench/run.py: Mijn taken"


PDF_WORKERS = None  # parallel_print.PdfWorkers, once the scenarios are built; stopped at the end however it ends


class BenchError(Exception):
    """Something is wrong (not merely slow): the run stops and exits 1."""


# --------------------------------------------------------------------------------------------- setup


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders to seed up to (default 1,000,000)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is (still migrates)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per scenario first (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="run only scenarios whose name contains TEXT (repeatable)")  # fmt: skip
    parser.add_argument("--explain", action="store_true", help="EXPLAIN every scenario, not only missed ones")
    parser.add_argument("--seed", type=int, default=1, help="random seed for picking names, postcodes, pages")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.orders < 1 or args.workers < 1 or args.threads < 1:
        parser.error("--requests, --orders, --workers and --threads must be positive, --warmup not negative")
    return args


def bench_environment(database_url: str) -> dict[str, str]:
    """The environment of gunicorn and of this process: production settings on the bench database, plain HTTP."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "backoffice.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_LOG_LEVEL": "WARNING",
        # Invoice PDFs: stored here while the bench prepares its order, read from here by gunicorn.
        "MEDIA_ROOT": os.environ.get("BENCH_MEDIA_ROOT") or str(ROOT / "var" / "bench-media"),
        # Production insists on an SMTP server; the benchmarked pages send no mail, so nothing needs to listen.
        "EMAIL_HOST": os.environ.get("EMAIL_HOST") or HOST,
        "EMAIL_PORT": os.environ.get("EMAIL_PORT") or "1025",
        # The setup places hundreds of made-up orders: no geocoding job for them (Nominatim allows 1 request/s, and
        # the pages timed here never ask the geocoder anyway: the address blocks read the cache).
        "GEOCODING_ENABLED": "false",
        "GUNICORN_ACCESS_LOG": "",  # gunicorn.conf.py: no line per timed request
    }


def manage(*arguments: str, env: dict[str, str]) -> None:
    """A management command in a child process; its output goes straight to ours."""
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    print(f"$ manage.py {' '.join(arguments)}", flush=True)
    completed = subprocess.run(command, cwd=ROOT, env=env)
    if completed.returncode != 0:
        raise BenchError(f"`manage.py {' '.join(arguments)}` failed with exit status {completed.returncode}")


def database_ensure(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not re.fullmatch(r"\w+", name):
        raise BenchError(f"BENCH_DATABASE_URL needs a plain database name, not {name!r}")
    maintenance = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                print(f"Creating database {name}", flush=True)
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"cannot reach PostgreSQL at {parts.hostname}:{parts.port or 5432}: {error}") from error


def database_seed(args, env: dict[str, str]) -> tuple[str, float | None]:
    """Seed once: the demo accounts and the orders. Returns what happened and how long it took."""
    from django.db import connection

    from backoffice.models import User
    from orders.models import Order

    seed_command = ROOT / "demo" / "management" / "commands" / "seed_demo.py"
    if not seed_command.exists():
        raise BenchError(f"{seed_command.relative_to(ROOT)} does not exist yet: cannot seed (use --skip-seed)")
    before = Order.objects.count()
    if before >= args.orders and User.objects.filter(email=ADMIN_EMAIL).exists():
        return f"reused ({before:,} orders already there)", None
    # Development settings (DEBUG still off), and the demo's e-mails go to var/mail/ as in `make run`: not to the
    # SMTP address production insists on, where nothing listens (a traceback per e-mail).
    seed_env = {key: value for key, value in env.items() if key not in {"EMAIL_HOST", "EMAIL_PORT"}}
    seed_env["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
    started = time.perf_counter()
    # DEBUG is off, so seed_demo wants to be told that the demo logins are meant (the bench logs in with them).
    manage("seed_demo", "--allow-demo-accounts", env=seed_env)
    manage("seed_demo", "--allow-demo-accounts", "--orders", str(args.orders), env=seed_env)
    seconds = time.perf_counter() - started
    after = Order.objects.count()
    print("VACUUM ANALYZE after seeding", flush=True)
    vacuum_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    vacuum_seconds = time.perf_counter() - vacuum_started
    return (
        f"seeded {before:,} → {after:,} orders in {seconds:,.0f} s (+ VACUUM ANALYZE {vacuum_seconds:,.0f} s)",
        seconds,
    )


def migrations_pending() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    connection.close()
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def database_prepare(args, database_url: str, env: dict[str, str]) -> tuple[str, float | None]:
    """The bench database ready for gunicorn (also bench/load.py's): created, migrated, seeded unless --skip-seed,
    analyzed after new migrations, the static files collected. Returns database_seed's (what happened, seconds)."""
    database_ensure(database_url)
    django_setup()
    from django.db import connection

    pending = migrations_pending()
    manage("migrate", "--no-input", "-v", "0", env=env)

    if args.skip_seed:
        seeding, seed_seconds = "skipped (--skip-seed)", None
    else:
        seeding, seed_seconds = database_seed(args, env)
    print(f"Seeding: {seeding}", flush=True)
    if pending and seed_seconds is None:  # new indexes or tables need statistics; a seed ends with VACUUM ANALYZE
        print(f"ANALYZE after {len(pending)} new migrations", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    manage("collectstatic", "--no-input", "-v", "0", env=env)  # the production storage needs the manifest
    return seeding, seed_seconds


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --------------------------------------------------------------------------------------------- facts


def read_cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def read_memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def font_subsetting() -> str:
    """Which font subsetter WeasyPrint uses: HarfBuzz's when libharfbuzz-subset is installed, else fontTools, which
    makes every PDF about three times slower (Eén factuur renderen ~140 ms against ~460 ms on this machine)."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return "WeasyPrint fonts subset by HarfBuzz (libharfbuzz-subset)"
    return (
        "WeasyPrint fonts subset by fontTools: **libharfbuzz-subset is missing, every PDF scenario is ~3× slower** "
        "(apt-get install libharfbuzz-subset0)"
    )


def git_revision() -> str:
    try:
        revision = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        return f"{revision}{' (with uncommitted changes)' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def database_facts() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), pg_size_pretty(pg_database_size(current_database())),"
            " pg_size_pretty(pg_total_relation_size('orders_order')), current_setting('server_version'),"
            " current_setting('shared_buffers'), current_setting('work_mem'),"
            " current_setting('random_page_cost'), current_setting('effective_cache_size')"
        )
        name, size, order_size, version, shared_buffers, work_mem, random_page_cost, cache = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM orders_order")
        orders = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM orders_orderline")
        lines = cursor.fetchone()[0]
        cursor.execute(
            "SELECT greatest(last_analyze, last_autoanalyze) FROM pg_stat_user_tables WHERE relname = 'orders_order'"
        )
        analyzed = cursor.fetchone()[0]
    return {
        "database": name,
        "size": size,
        "orders_table": order_size,
        "orders": orders,
        "lines": lines,
        "analyzed": f"{analyzed.astimezone():%Y-%m-%d %H:%M}" if analyzed else "never",
        "server": (
            f"PostgreSQL {version}; shared_buffers {shared_buffers}, work_mem {work_mem}, "
            f"random_page_cost {random_page_cost}, effective_cache_size {cache}"
        ),
    }


# --------------------------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Target:
    """One URL of a scenario, and what its response must contain."""

    path: str
    headers: dict = field(default_factory=dict)
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    count: tuple[str, int] | None = None  # (substring, exact number of occurrences)
    label: str = ""
    pdf_pages: int | None = None  # the response is a PDF of at least this many pages
    # Timed in this process instead of requested over HTTP; a call that returns its own time (seconds) is
    # timed by itself, so it can leave its preparation out.
    call: Callable[[], float | None] | None = None


def in_process(call: Callable[[], float | None], *, label: str) -> Target:
    return Target(path="", call=call, label=label)


@dataclass
class Scenario:
    name: str
    targets: list[Target]
    target_ms: float | None
    note: str = ""
    requests: int | None = None  # timed requests (runs) instead of --requests, for something slow
    warmup: int | None = None
    after: Callable[["Scenario"], None] | None = None  # once the timed runs are done (an extra measurement)
    memory: str = ""  # what `after` measured of memory, for the report
    timings: list[float] = field(default_factory=list)
    per_target: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))  # by index in targets

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        values = sorted(self.timings if values is None else values)
        return values[max(0, math.ceil(q / 100 * len(values)) - 1)]

    @property
    def ok(self) -> bool | None:
        return None if self.target_ms is None else self.percentile(95) <= self.target_ms

    @property
    def over_http(self) -> bool:
        return all(target.call is None for target in self.targets)


def order_link(number: str) -> str:
    return f'href="/orders/{number}/'  # a filtered, sorted or later page adds ?back=<the list> (the breadcrumb)


def list_target(admin, query: dict, *, label: str, cursor=None) -> Target:
    """A list URL and the first order the same selector returns in-process: the page must show it."""
    from django.http import QueryDict

    from orders import selectors
    from orders.forms import OrderFilterForm

    params = dict(query)
    if cursor is not None:
        params["cursor"] = cursor.encode()
    path = "/orders/" + (f"?{urlencode(params, quote_via=quote)}" if params else "")
    form_data = QueryDict(mutable=True)
    form_data.update(query)
    page = selectors.order_list(user=admin, filters=OrderFilterForm(form_data).valid_filters(), cursor=cursor)
    if not page.orders:
        raise BenchError(f"{path} would show no orders; pick other bench parameters")
    return Target(
        path=path,
        must_contain=(order_link(page.orders[0].number), order_link(page.orders[-1].number)),
        label=f"{label} ({'10000+' if page.count_is_capped else page.count} orders)",
    )


CUSTOM_STATUS_ORDERS = 2_000  # orders that carry the demo's custom status "Wacht op leverancier"


def status_targets_prepare(admin, rng: random.Random) -> list[Target]:
    """The list filtered on a status, alone and within a date range: a few system statuses, and a custom status
    that CUSTOM_STATUS_ORDERS orders spread over the table carry (given here once, as a shop would over time)."""
    from datetime import timedelta

    from django.db.models import Max

    from orders.models import Order, OrderStatus
    from status.models import CustomStatus

    waiting = CustomStatus.objects.filter(names__nl="Wacht op leverancier").first()
    if waiting is None:
        raise BenchError("the demo's custom status “Wacht op leverancier” is missing (did seed_demo run?)")
    carrying = Order.objects.filter(custom_status=waiting).count()
    open_statuses = [OrderStatus.NEW, OrderStatus.PROCESSING]
    # At most half the open orders: on a small database the plain "processing" filter must still find orders.
    wanted = min(CUSTOM_STATUS_ORDERS, Order.objects.filter(status__in=open_statuses)[:100_000].count() // 2)
    if carrying < wanted:
        open_orders = Order.objects.filter(status__in=open_statuses, custom_status__isnull=True).values_list(
            "pk", flat=True
        )
        ids = list(open_orders[:100_000])
        chosen = rng.sample(ids, min(len(ids), wanted - carrying))
        Order.objects.filter(pk__in=chosen).update(custom_status=waiting)

    newest = Order.objects.aggregate(newest=Max("placed_at"))["newest"]
    day = timedelta(days=1)
    month_ago, year_ago = (newest - 30 * day).date(), (newest - 365 * day).date()
    plain = [
        (OrderStatus.COMPLETED, None, None),
        (OrderStatus.PROCESSING, None, None),
        (OrderStatus.CANCELLED, None, None),
        (OrderStatus.ON_HOLD, None, None),
        (f"custom-{waiting.pk}", None, None),
        (OrderStatus.COMPLETED, year_ago, year_ago + 30 * day),
        (OrderStatus.CANCELLED, month_ago, newest.date()),
        (OrderStatus.NEW, newest.date() - 7 * day, newest.date()),
        (f"custom-{waiting.pk}", year_ago, newest.date()),
    ]
    targets = []
    for status, start, end in plain:
        query = {"status": status} | ({"placed_from": start.isoformat(), "placed_to": end.isoformat()} if start else {})
        label = f"status={status}" + (f" {start:%Y-%m-%d}…{end:%Y-%m-%d}" if start else "")
        targets.append(list_target(admin, query, label=label))
    return targets


def saved_view_targets_prepare(admin) -> tuple[list[Target], list[Target], list[Target]]:
    """Saved views (issue 17): the shop's shared "Te verzenden" and a shared "Bench: open > 14 dagen" made here (three
    filters each) opened from their tab; the tabs' counts as the tab bar asks for them after the page (cached per
    view for a minute); and the same counts uncached, in this process: what the first request of a minute costs."""
    from django.core.cache import cache
    from django.http import QueryDict

    from orders import saved_views
    from orders.models import SavedView

    to_ship = SavedView.objects.filter(key="to_ship", is_shared=True).first()
    if to_ship is None:
        raise BenchError("the shared saved view “Te verzenden” is missing (migration orders 0010_saved_view_defaults)")
    open_old, _created = SavedView.objects.get_or_create(
        name="Bench: open > 14 dagen", is_shared=True,
        defaults={"owner": admin, "position": 99,
                  "query": "payment_status=unpaid&shipment_status=not_shipped&placed_before_days=14"},
    )  # fmt: skip
    opened = []
    for view in (to_ship, open_old):
        target = list_target(admin, dict(QueryDict(view.query).items()), label=saved_views.saved_view_label(view))
        active_tab = f'aria-current="page" data-view="{view.pk}"'  # opened from its tab: the tab is the current one
        opened.append(replace(target, must_contain=(*target.must_contain, active_tab)))
    tabs = saved_views.saved_views_for(admin).count() + 1  # and "Alle orders"
    counts = [
        Target(
            path="/orders/views/counts/",
            headers={"HX-Request": "true"},
            must_contain=('id="saved-view-all-count"', f'id="saved-view-{to_ship.pk}-count"'),
            must_not_contain=("<html",),
            count=('class="view-tab-count"', tabs),
            label=f"HX-Request ({tabs} tabs)",
        )
    ]

    def uncached() -> float:
        cache.clear()
        started = time.perf_counter()
        saved_views.saved_view_counts(user=admin)
        return time.perf_counter() - started

    return opened, counts, [in_process(uncached, label=f"{tabs} tabs, cache cleared before each run")]


def sample_orders(rng: random.Random, how_many: int):
    """About `how_many` orders spread over the whole table (ids drawn at random, the next existing one taken)."""
    from django.db.models import Max, Min

    from orders.models import Order

    bounds = Order.objects.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        raise BenchError("the bench database has no orders")
    picked = []
    for _ in range(how_many):
        wanted = rng.randint(bounds["low"], bounds["high"])
        order = Order.objects.select_related("customer").filter(id__gte=wanted).order_by("id").first()
        if order is not None:
            picked.append(order)
    return picked


def invoices_prepare(admin):
    """The order of the Print facturen scenario: 10 issued documents (invoice, credit invoice, invoice, …) with
    their Dutch PDFs stored under MEDIA_ROOT. Made once through the services, like staff would; a later run
    finds it again and only renders what is missing (a new MEDIA_ROOT)."""
    from decimal import Decimal

    from customers.models import Customer
    from invoicing import services as invoicing
    from invoicing.models import Invoice
    from invoicing.rules import open_invoices
    from orders.models import Address, Carrier, Order, PaymentMethod
    from orders.services import LineInput, order_create

    order = Order.objects.filter(billing_postcode=INVOICES_POSTCODE, customer_note=INVOICES_NOTE).order_by("id").first()
    if order is None:
        print("Preparing the Print facturen order (10 invoices and credit invoices)", flush=True)
        # Ordered by phone, without an e-mail address: nothing is mailed while its documents are made.
        customer = Customer.objects.create(email="", first_name="Bram", last_name="Bench", language="nl")
        order = order_create(
            customer=customer,
            lines=[
                LineInput("Koffiebonen 1 kg", 2, Decimal("24.95"), Decimal("9"), sku="KB-1000"),
                LineInput("Koffiemolen", 1, Decimal("89.00"), Decimal("21"), sku="KM-20"),
                LineInput("Melkopschuimer", 1, Decimal("39.95"), Decimal("21"), sku="MO-5"),
                LineInput("Espressokopjes (6)", 1, Decimal("19.95"), Decimal("21"), sku="EK-6"),
                LineInput("Ontkalker", 3, Decimal("7.49"), Decimal("21"), sku="ON-1"),
            ],
            billing=Address(name="Bram Bench", company="", street="Benchstraat", house_number="10",
                            postcode=INVOICES_POSTCODE, city="Groningen", country="NL", phone=""),
            payment_method=PaymentMethod.BANK_TRANSFER,
            shipping_method="PostNL pakket",
            carrier=Carrier.POSTNL,
            shipping_cost=Decimal("4.95"),
            customer_note=INVOICES_NOTE,
            actor=admin,
        )  # fmt: skip
    invoices = list(Invoice.objects.for_order(order))
    while len(invoices) < INVOICES_DOCUMENTS:
        if still_open := open_invoices(invoices):
            invoicing.credit_invoice_create(invoice=still_open[0], actor=admin, send=False)
        else:
            invoicing.invoice_issue(order=order, actor=admin)
        invoices = list(Invoice.objects.for_order(order))
    for document in invoicing.invoice_documents_request(invoices=invoices, language="nl"):
        invoicing.invoice_document_render(document_id=document.pk)  # idempotent: a stored PDF stays as it is
    return order, invoices


def returns_prepare(admin, order_ids: list[int]) -> dict[int, int]:
    """The large dashboard orders "now with returns" (issue 12): each shipped in full and given RETURNS_PER_ORDER
    returns of one piece (the first also credited when the order has an open invoice), through the real services,
    once; later runs find them. {order id: its number of returns}."""
    from django.db import transaction

    from backoffice.exceptions import ActionRefused
    from invoicing.models import Invoice
    from invoicing.rules import open_invoices
    from orders.models import Order
    from returns.models import Return
    from returns.services import return_create, return_credit
    from shipping.services import shipment_create, shipment_mark_shipped

    counts = {}
    for order_id in order_ids:
        order = Order.objects.get(pk=order_id)
        if not Return.objects.filter(order=order).exists():
            print(f"Preparing {RETURNS_PER_ORDER} returns on {order.number}", flush=True)
            try:
                with transaction.atomic():
                    if order.is_on_hold or order.is_cancelled:
                        raise ActionRefused("on hold or cancelled")
                    if order.shipment_status != "shipped":  # what is left on one packing slip, shipped
                        shipment = shipment_create(order=order, actor=admin)
                        shipment_mark_shipped(shipment=shipment, actor=admin, tracking_code="")
                    lines = list(order.lines.order_by("position")[:RETURNS_PER_ORDER])
                    for number, line in enumerate(lines):
                        ret = return_create(order=order, actor=admin, quantities={line.pk: 1})
                        if number == 0 and open_invoices(list(Invoice.objects.for_order(order))):
                            return_credit(ret=ret, actor=admin, send=False)
            except ActionRefused as refusal:
                print(f"  {order.number}: no returns ({refusal.message})", flush=True)
        counts[order_id] = Return.objects.filter(order_id=order_id).count()
    return counts


def packing_slips_prepare(admin) -> list[int]:
    """The 200 orders of the Pakbonnen scenario, newest first (as a print keeps them); made once, found again."""
    return parallel_print.print_orders_prepare(
        admin, count=SLIPS_ORDERS, postcode=SLIPS_POSTCODE, note=SLIPS_NOTE, person=("Pien", "Pakbon"),
        street="Pakhuisstraat", city="Zwolle", year=2001, what="the Pakbonnen scenario",
    )  # fmt: skip


def tasks_prepare(admin, order_ids: list[int]) -> None:
    """The Beheerder's TASKS_COUNT open tasks for Mijn taken, spread over the Pakbonnen orders (out of the way of the
    list scenarios). Made once through `task_add` (due in the coming weeks); later runs find them again and keep
    them open, whatever time has passed (an overdue task is still on the list)."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from orders.models import Order
    from tasks.models import Task, TaskStatus
    from tasks.services import task_add

    tasks = Task.objects.filter(assignee=admin, description__startswith=TASKS_DESCRIPTION)
    tasks.exclude(status=TaskStatus.OPEN).update(status=TaskStatus.OPEN, completed_at=None, completed_by=None)
    missing = TASKS_COUNT - tasks.count()
    if missing > 0:
        print(f"Preparing the {missing} tasks of the Mijn taken scenario", flush=True)
        start = timezone.now() + timedelta(days=1)
        orders = list(Order.objects.filter(pk__in=order_ids).order_by("pk"))
        for index in range(missing):
            task_add(
                order=orders[index % len(orders)], actor=admin, assignee=admin,
                due_at=start + timedelta(minutes=30 * index), description=f"{TASKS_DESCRIPTION} {index + 1}",
            )  # fmt: skip
        with connection.cursor() as cursor:  # what autovacuum would do after so many new rows
            cursor.execute("ANALYZE tasks_task")


def packing_slips_reset(order_ids: list[int]) -> None:
    """The bench orders lose their packing slips, so every run makes and prints 200 new ones (what a real print
    of 200 new orders does). Bench data only: their history keeps its "Pakbon … aangemaakt" lines (append-only)."""
    from django.db import transaction

    from shipping.models import Shipment, ShipmentLine

    with transaction.atomic():
        ShipmentLine.objects.filter(shipment__order_id__in=order_ids).delete()
        Shipment.objects.filter(order_id__in=order_ids).delete()


def memory_now() -> dict[str, int]:
    """VmRSS and VmHWM (peak) of this process, in kB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def peak_reset() -> bool:
    """Reset VmHWM to the current RSS (Linux: 5 > /proc/self/clear_refs), so a peak belongs to one run."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def packing_slips_print(admin, order_ids: list[int], memory: dict, *, traced: bool = False) -> float:
    """One print of the 200 orders, as the jobs do it, in this process (`packing_slip_print_run`: chunks of 25 one
    after another, each order through `shipment_create`, WeasyPrint per chunk, pypdf merge into MEDIA_ROOT). Returns
    the jobs' time alone; the reset before it and the check of the PDF after it are not timed. Records the run's
    memory in `memory`."""
    from django.core.files.storage import default_storage

    from backoffice.celery import app as celery_app
    from shipping.models import PackingSlipPrint, PackingSlipPrintStatus
    from shipping.printing.services import packing_slip_print_run

    celery_app.conf.task_always_eager = True  # in this process, whatever a parallel scenario set before
    packing_slips_reset(order_ids)
    job = PackingSlipPrint.objects.create(created_by=admin, order_ids=order_ids, total=len(order_ids))
    gc.collect()
    exact = peak_reset()
    before = memory_now()
    rusage_before = resource_maxrss()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    job = packing_slip_print_run(print_id=job.pk)
    elapsed = time.perf_counter() - started
    if traced:
        memory["traced_peak_kb"] = tracemalloc.get_traced_memory()[1] // 1024
        tracemalloc.stop()
    after = memory_now()
    if job.status != PackingSlipPrintStatus.DONE or job.slip_count != len(order_ids) or job.skipped:
        raise BenchError(f"the print made {job.slip_count} slips ({job.status}, skipped {job.skipped[:3]}…)")
    with default_storage.open(job.file, "rb") as file:
        content = file.read()
    if problems := pdf_problems(content, len(order_ids)):
        raise BenchError(f"the packing slips PDF: {'; '.join(problems)}")
    memory["pdf_kb"] = len(content) // 1024
    default_storage.delete(job.file)  # 200 pages a run would pile up in the bench's MEDIA_ROOT
    if not traced:
        memory.setdefault("runs", []).append(
            {
                "rss_before_kb": before["VmRSS"],
                "peak_kb": after["VmHWM"] if exact else None,
                "maxrss_delta_kb": resource_maxrss() - rusage_before,
            }
        )
    return elapsed


def megabytes(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def resource_maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


class MailSink:
    """An SMTP server on the loopback that accepts every e-mail and counts it: nothing leaves the machine."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
                sink.received += 1
                return "250 OK"

        self.received, self.started = 0, False
        self.port = free_port()
        self.controller = Controller(Handler(), hostname=HOST, port=self.port)

    def start(self):
        self.controller.start()
        self.started = True

    def stop(self):
        if self.started:
            self.controller.stop()
            self.started = False


def mails_send(admin, order, sink: MailSink) -> float:
    """MAILS_PER_RUN "Klant inlichten" mails about `order`: composed through `mail_queue` (the shop's text in the
    customer's language) in one transaction, then each sent after the commit by the job that sends outbox mail, to
    the local sink: with production settings and no broker the job runs in this process, so the time is what one
    worker process needs for that many mails (compose, claim, one SMTP conversation each, mark sent)."""
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings

    from notifications.registry import EmailKind
    from notifications.services import mail_queue

    before = sink.received
    smtp = settings.MAILERS["default"]
    mailers = {"default": {**smtp, "OPTIONS": {**smtp["OPTIONS"], "host": HOST, "port": sink.port}}}
    with override_settings(MAILERS=mailers):
        started = time.perf_counter()
        with transaction.atomic():
            for number in range(MAILS_PER_RUN):
                mail_queue(order=order, kind=EmailKind.INFORM_CUSTOMER, actor=admin,
                           extra={"message": f"bench/run.py: E-mails versturen, bericht {number + 1}."})  # fmt: skip
        elapsed = time.perf_counter() - started
    if sink.received - before != MAILS_PER_RUN:
        raise BenchError(f"E-mails versturen: the sink received {sink.received - before} of {MAILS_PER_RUN} mails")
    return elapsed


def export_query(rows: int) -> tuple[str, int]:
    """The list's filter (placed from a day on) whose export is about `rows` orders, and how many it is exactly."""
    from django.utils import timezone

    from orders.models import Order

    newest = Order.objects.order_by("-placed_at", "-id").values_list("placed_at", flat=True)
    placed_at = newest[min(rows, Order.objects.count()) - 1]
    day = timezone.localdate(placed_at)
    count = Order.objects.filter(placed_at__gte=timezone.make_aware(datetime.combine(day, datetime.min.time()))).count()
    return f"placed_from={day.isoformat()}", count


def export_csv(admin, query: str, rows: int, measured: dict) -> float:
    """One CSV export through the view, in this process, as gunicorn would send it: the view's answer (the count
    and the VAT rates), then the streamed pieces read to the end. Returns the time to the first byte; records the
    time to the first order's row, the total time and the memory of the run in `measured`."""
    from django.test import RequestFactory
    from django.utils import translation

    from orders.export import services, views

    request = RequestFactory().post(
        "/orders/export/start/", {"filter": query, "format": "csv", "columns": services.COLUMN_NAMES}
    )
    request.user = admin
    request.htmx = False
    gc.collect()
    exact = peak_reset()
    before = memory_now()
    with translation.override("nl"):
        started = time.perf_counter()
        response = views.start(request)
        if not response.streaming:
            raise BenchError(f"the export of {rows:,} orders was not streamed ({response.status_code})")
        pieces = iter(response.streaming_content)
        first = next(pieces)
        first_byte = time.perf_counter() - started
        lines, first_row = 0, None
        for piece in pieces:
            if first_row is None:
                first_row = time.perf_counter() - started
            lines += piece.count(b"\n")
        total = time.perf_counter() - started
        response.close()
    after = memory_now()
    if not first.startswith("\ufeff".encode()) or lines != rows:
        raise BenchError(f"the export of {rows:,} orders had {lines:,} rows")
    measured.setdefault(rows, []).append(
        {"first_row": first_row or total, "total": total, "rss_before_kb": before["VmRSS"],
         "peak_kb": after["VmHWM"] - before["VmRSS"] if exact else None}
    )  # fmt: skip
    return first_byte


def build_scenarios(args, rng: random.Random, order_count: int) -> tuple[list[Scenario], object]:
    from django.db import connection
    from django.db.models import Count

    from backoffice.models import User
    from orders import selectors, sorting
    from orders.models import Order, OrderLine

    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None or not admin.is_staff:
        raise BenchError(f"no staff account {ADMIN_EMAIL} in the bench database (did seed_demo run?)")
    # The bench's own orders first: the Print facturen order is placed now and tops the list, so every list
    # expectation below must be picked after it exists (on a fresh database this run makes it).
    invoice_order, invoices = invoices_prepare(admin)
    slips_orders = packing_slips_prepare(admin)
    tasks_prepare(admin, slips_orders)
    samples = sample_orders(rng, 400)
    status_targets = status_targets_prepare(admin, rng)
    saved_view_targets, view_count_targets, view_count_uncached = saved_view_targets_prepare(admin)

    # The newest page, exactly as the list shows it.
    first_page = list_target(admin, {}, label="first page")

    # Surnames: the customer's last name of randomly drawn orders, each at least 3 characters and in the name.
    surnames = []
    for order in samples:
        surname = order.customer.last_name.strip()
        if len(surname) >= 3 and surname.lower() in order.billing_name.lower() and surname not in surnames:
            surnames.append(surname)
        if len(surnames) == 6:
            break
    if not surnames:
        raise BenchError("found no customer surnames to search for")
    name_targets = [list_target(admin, {"q": surname}, label=f"q={surname}") for surname in surnames]

    # Postcodes: Dutch ones as stored ("1012AB"), searched as typed both ways: "1012AB" and "1012 ab".
    postcodes = []
    for order in samples:
        postcode = order.billing_postcode
        if re.fullmatch(r"\d{4}[A-Z]{2}", postcode) and postcode not in postcodes:
            postcodes.append(postcode)
        if len(postcodes) == 4:
            break
    if not postcodes:
        raise BenchError("found no Dutch postcodes (1234AB) on the orders")
    typed_postcodes = [typed for code in postcodes for typed in (code, f"{code[:4]} {code[4:].lower()}")]
    postcode_targets = [list_target(admin, {"q": typed}, label=f"q={typed}") for typed in typed_postcodes]

    # Deep pages: the cursor of the order at a given position of the newest-first list, as the list encodes it.
    deep_targets = []
    for fraction in (0.3, 0.4, 0.5, 0.6, 0.7):
        position = max(1, int(order_count * fraction))
        values = Order.objects.order_by("-placed_at", "-id").values_list("placed_at", "id")[position - 1]
        cursor = selectors.Cursor(values=tuple(values))
        deep_targets.append(list_target(admin, {}, cursor=cursor, label=f"after position {position:,}"))

    # Sorted by a column header (orders/sorting.py): the first page both ways, and deep pages by the cursor of the
    # order at a position of that sort, as the list encodes it.
    def sorted_targets(sort: str, fractions=()) -> list[Target]:
        targets = [list_target(admin, {"sort": sort}, label=f"sort={sort}")]
        columns = sorting.Sort(sort).order_by()
        for fraction in fractions:
            position = max(1, int(order_count * fraction))
            values = Order.objects.order_by(*columns).values_list(*sorting.Sort(sort).columns)[position - 1]
            cursor = selectors.Cursor(values=tuple(values), sort=sort)
            targets.append(list_target(admin, {"sort": sort}, cursor=cursor, label=f"sort={sort} after {position:,}"))
        return targets

    deep_fractions = (0.3, 0.5, 0.7)
    total_targets = sorted_targets("-total") + sorted_targets("total")
    total_deep_targets = sorted_targets("-total", deep_fractions)[1:] + sorted_targets("total", deep_fractions)[1:]
    customer_targets = sorted_targets("customer", deep_fractions) + sorted_targets("-customer")

    # Dashboard: the orders with the number of lines closest to 40.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT order_id, count(*) FROM orders_orderline GROUP BY order_id"
            " ORDER BY abs(count(*) - 40), order_id LIMIT 3"
        )
        large = cursor.fetchall()
    if not large:
        raise BenchError("no order lines in the bench database")
    dashboard_targets = []
    return_counts = returns_prepare(admin, [order_id for order_id, _count in large])  # "now with returns"
    for order_id, line_count in large:
        number = Order.objects.values_list("number", flat=True).get(id=order_id)
        last_line = OrderLine.objects.filter(order_id=order_id).order_by("-position").first()
        dashboard_targets.append(
            Target(
                path=f"/orders/{number}/",
                must_contain=(f"Order {number}", html.escape(last_line.product_name), 'id="block-returns"'),
                count=('id="orderline-', line_count),
                label=f"{number} ({line_count} lines, {return_counts[order_id]} returns)",
            )
        )

    # Dashboard of a small order: three recent orders of two lines (the common case), every block on the page.
    newest = Order.objects.order_by("-id").values_list("id", flat=True).first() or 0
    small = list(
        Order.objects.filter(id__gt=newest - 5_000).annotate(line_count=Count("lines")).filter(line_count=2)
        .order_by("-id").values_list("number", flat=True)[:3]
    )  # fmt: skip
    small_dashboard_targets = [
        Target(path=f"/orders/{number}/", must_contain=(f"Order {number}", 'id="block-returns"'),
               count=('id="orderline-', 2), label=f"{number} (2 lines)")
        for number in small
    ]  # fmt: skip

    # Floor: the history tab of an order as HTMX asks for it: the partial alone, no shell, two small queries.
    floor_order = samples[0]
    floor_targets = [
        Target(
            path=f"/orders/{floor_order.number}/history/",
            headers={"HX-Request": "true"},
            must_contain=('data-tab-content="history"',),
            must_not_contain=("<html",),
            label=f"{floor_order.number} history, HX-Request",
        )
    ]

    # Mijn taken: the Beheerder's 1,000 open tasks by due time, a page of 50 with their orders; a page deep in the
    # list; and the top bar's counters as every open page polls them.
    from tasks import selectors as task_selectors

    tasks_first = task_selectors.task_list(user=admin)
    tasks_deep = task_selectors.task_list(user=admin, page=15)
    if not tasks_first.rows or not tasks_deep.rows:
        raise BenchError("the Beheerder has no tasks for Mijn taken")
    tasks_targets = [
        Target(
            path="/tasks/",
            must_contain=(f'id="task-{tasks_first.rows[0].task.pk}"', f'id="task-{tasks_first.rows[-1].task.pk}"'),
            count=('class="task-row', len(tasks_first.rows)),
            label=f"first page ({len(tasks_first.rows)} of {TASKS_COUNT:,} open tasks)",
        ),
        Target(
            path="/tasks/?page=15",
            headers={"HX-Request": "true"},
            must_contain=(f'id="task-{tasks_deep.rows[0].task.pk}"',),
            must_not_contain=("<html",),
            label="page 15, HX-Request",
        ),
    ]
    open_tasks, _overdue = task_selectors.open_task_count(admin)
    counter_targets = [
        Target(
            path="/counters/",
            headers={"HX-Request": "true"},
            must_contain=(
                'data-counter="tasks"',
                f'<span class="header-counter-count" aria-hidden="true">{open_tasks}<',
            ),
            must_not_contain=("<html",),
            label=f"HX-Request ({open_tasks:,} open tasks)",
        )
    ]

    # Print facturen: the stored PDFs of an order's 10 documents merged into one download; nothing is rendered.
    print_targets = [
        Target(
            path=f"/orders/{invoice_order.number}/invoices/print.pdf?language=nl",
            pdf_pages=len(invoices),
            label=f"{invoice_order.number} ({len(invoices)} documents)",
        )
    ]

    # One invoice render: what the PDF job does for every new document, timed in this process.
    from invoicing.pdf import invoice_pdf

    render_invoice = invoices[0]

    def render_one() -> None:
        if not invoice_pdf(render_invoice, "nl").startswith(b"%PDF-"):
            raise BenchError(f"invoice_pdf({render_invoice.number}) did not make a PDF")

    render_targets = [in_process(render_one, label=f"{render_invoice.number} ({invoice_order.number}), nl")]

    # Pakbonnen bulk printen: the print job for 200 orders (prepared above), timed in this process, with its memory.
    slips_memory: dict = {}

    def print_slips() -> float:
        return packing_slips_print(admin, slips_orders, slips_memory)

    def slips_after(scenario: Scenario) -> None:
        print(f"  {scenario.name}: one more run under tracemalloc (not timed)…", flush=True)
        packing_slips_print(admin, slips_orders, slips_memory, traced=True)
        runs = slips_memory["runs"]
        mb = megabytes
        peaks = [run["peak_kb"] - run["rss_before_kb"] for run in runs if run["peak_kb"] is not None]
        scenario.memory = (
            f"RSS before a run {mb(runs[-1]['rss_before_kb'])}, peak during a run "
            + (f"+{mb(max(peaks))} (VmHWM reset before each run)" if peaks else "unknown")
            + f"; ru_maxrss grew by {mb(sum(run['maxrss_delta_kb'] for run in runs))} over {len(runs)} runs"
            + f"; tracemalloc peak {mb(slips_memory['traced_peak_kb'])} (Python objects only)"
            + f"; PDF {slips_memory['pdf_kb'] / 1024:.1f} MB"
        )
        print(f"  {scenario.name}: {scenario.memory}", flush=True)

    slips_targets = [in_process(print_slips, label=f"{len(slips_orders)} orders, postcode {SLIPS_POSTCODE}")]

    # Pakbonnen printen on two real pdf workers (bench/parallel_print.py): 250 and 1,000 orders, from the service to
    # done, with each worker's peak memory. The workers and the 1,000 orders are made on first use.
    global PDF_WORKERS
    PDF_WORKERS = parallel_print.PdfWorkers(env=dict(os.environ), results=RESULTS)
    parallel_runs: dict[int, dict] = {}
    parallel_orders: list[int] = []

    def print_on_workers(count: int) -> float:
        try:
            if not parallel_orders:
                parallel_orders.extend(parallel_print.orders_prepare(admin))
                print("starting two pdf workers and one untimed print to warm them…", end=" ", flush=True)
                PDF_WORKERS.start()
                parallel_print.print_on_workers(PDF_WORKERS, admin, parallel_orders[: parallel_print.WARMUP_ORDERS])
            run = parallel_print.print_on_workers(PDF_WORKERS, admin, parallel_orders[:count])
        except RuntimeError as error:
            raise BenchError(str(error)) from error
        parallel_runs[count] = run
        return run["seconds"]

    def parallel_after(scenario: Scenario) -> None:
        scenario.memory = "; ".join(parallel_print.describe(run) for _count, run in sorted(parallel_runs.items()))
        print(f"  {scenario.name}: {scenario.memory}", flush=True)

    parallel_targets = {
        count: [in_process(partial(print_on_workers, count), label=f"{count:,} orders, postcode 9997ZZ")]
        for count in (250, 1_000)
    }

    # Exporteren: the CSV of about 100,000 orders (a date filter), streamed; and once one of about 10,000 for memory.
    export_rows = min(100_000, order_count)
    export_filter, export_count = export_query(export_rows)
    small_filter, small_count = export_query(max(1, export_rows // 10))
    exported: dict = {}

    def export_big() -> float:
        return export_csv(admin, export_filter, export_count, exported)

    def export_after(scenario: Scenario) -> None:
        print(f"  {scenario.name}: one export of {small_count:,} rows for the memory (not timed)…", flush=True)
        export_csv(admin, small_filter, small_count, exported)

        def text(rows: int) -> str:
            runs = exported[rows]
            peaks = [run["peak_kb"] for run in runs if run["peak_kb"] is not None]
            return (
                f"{rows:,} rows: total {max(run['total'] for run in runs):.1f} s (slowest run), first order row after "
                f"{max(run['first_row'] for run in runs) * 1000:.0f} ms, peak RSS "
                + (f"+{megabytes(max(peaks))}" if peaks else "unknown")
                + f" over {megabytes(runs[-1]['rss_before_kb'])} before"
            )

        scenario.memory = f"{text(export_count)}; {text(small_count)}"
        print(f"  {scenario.name}: {scenario.memory}", flush=True)

    export_targets = [in_process(export_big, label=f"{export_count:,} rows, {export_filter}")]

    # E-mails versturen: MAILS_PER_RUN mails about an order with an e-mail address, to a sink on the loopback.
    mail_order = Order.objects.exclude(email="").order_by("-id").first()
    mail_sink = MailSink()

    def send_mails() -> float:
        if not mail_sink.started:
            mail_sink.start()
        return mails_send(admin, mail_order, mail_sink)

    def mails_after(scenario: Scenario) -> None:
        mail_sink.stop()
        per_minute = MAILS_PER_RUN / (scenario.percentile(50) / 1000) * 60
        scenario.memory = f"{per_minute:,.0f} mails a minute per worker process (p50 of a run of {MAILS_PER_RUN})"
        print(f"  {scenario.name}: {scenario.memory}", flush=True)

    mail_targets = [in_process(send_mails, label=f"{MAILS_PER_RUN} mails about {mail_order.number}")]

    target = page_targets(order_count)
    scenarios = [
        Scenario("Orders list, first page", [first_page], target["first page"]),
        Scenario("Search by customer name", name_targets, target["list"], note=", ".join(surnames)),
        Scenario("Search by postcode", postcode_targets, target["list"],
                 note=", ".join(repr(typed) for typed in typed_postcodes)),
        Scenario("Filter by status", status_targets, target["list"],
                 note="system statuses and the custom status “Wacht op leverancier”, alone and within a date range"),
        Scenario("Saved view, three filters", saved_view_targets, target["list"],
                 note="a saved view opened from its tab: " + "; ".join(t.path for t in saved_view_targets)),
        Scenario("Saved view tab counts", view_count_targets, 50,
                 note="GET /orders/views/counts/ with HX-Request, as the tab bar asks after the list: the views and "
                      "a bounded count per tab, cached per view for 60 s (so mostly the cache)"),
        Scenario("Saved view tab counts, uncached", view_count_uncached, None,
                 note="orders.saved_views.saved_view_counts in this process after cache.clear(): the custom statuses "
                      "and a count bounded at ORDERS_COUNT_LIMIT per tab, what the first request of a minute costs"),
        Scenario("Deep page", deep_targets, target["list"], note="keyset cursor after positions "
                 + ", ".join(f"{max(1, int(order_count * f)):,}" for f in (0.3, 0.4, 0.5, 0.6, 0.7))),
        Scenario("Sorted by total", total_targets, target["list"], note="first page, highest and lowest first"),
        Scenario("Sorted by total, deep page", total_deep_targets, target["list"],
                 note="keyset cursor on (total, id) after "
                 + ", ".join(f"{max(1, int(order_count * f)):,}" for f in deep_fractions) + ", both ways"),
        Scenario("Sorted by customer name", customer_targets, target["list"], note="A–Z (first page and after "
                 + ", ".join(f"{max(1, int(order_count * f)):,}" for f in deep_fractions) + "), Z–A"),
        Scenario("Dashboard, small order", small_dashboard_targets, target["dashboard small"],
                 note=", ".join(t.label for t in small_dashboard_targets)),
        Scenario("Dashboard, large order", dashboard_targets, target["dashboard large"],
                 note=", ".join(t.label for t in dashboard_targets)),
        Scenario("Mijn taken", tasks_targets, 50,
                 note=f"GET /tasks/ as the Beheerder with {TASKS_COUNT:,} open tasks (a page of 50 by due time, each "
                      "with its order), and page 15 as HTMX asks for it"),
        Scenario("Header counters (poll)", counter_targets, 50,
                 note="GET /counters/ with HX-Request: what every open page asks every 30 seconds (open and "
                      "overdue tasks in one query, unread memos in one)"),
        Scenario("Floor: minimal logged-in page", floor_targets, None,
                 note=f"GET {floor_targets[0].path} with HX-Request: true (the history tab partial: "
                      "session + user + order + its events, no page shell)"),
        Scenario("Print facturen (10 facturen)", print_targets, 300,
                 note=f"GET {print_targets[0].path}: the stored PDFs of {len(invoices)} invoices and credit "
                      "invoices merged into one download (a PDF of at least as many pages)"),
        Scenario("Eén factuur renderen", render_targets, 1000,
                 requests=min(args.requests, RENDER_RUNS), warmup=min(args.warmup, RENDER_WARMUP),
                 note=f"invoicing.pdf.invoice_pdf(invoice, \"nl\") in this process (WeasyPrint, "
                      f"{render_invoice.lines.count()} lines), not over HTTP: what the PDF job does per document"),
        Scenario("Pakbonnen bulk printen (200)", slips_targets, 30_000,
                 requests=min(args.requests, SLIPS_RUNS), warmup=min(args.warmup, SLIPS_WARMUP), after=slips_after,
                 note=f"shipping.printing.services.packing_slip_print_run for {len(slips_orders)} orders "
                      "(3 lines each) in this process: a new packing slip per order through shipment_create, "
                      "WeasyPrint per chunk of 25, the chunks merged with pypdf into MEDIA_ROOT; their slips are "
                      "removed before each run"),
        Scenario("Pakbonnen printen, 250 orders, two pdf workers", parallel_targets[250], None,
                 requests=1, warmup=0, after=parallel_after,
                 note="packing_slip_print_start for 250 orders (3 lines each) in this process, the jobs on two real "
                      "`celery worker -Q pdf --concurrency 1` processes (chunks of 25 side by side, then the merge), "
                      "timed until the print is done; for the memory: is it flat in the number of slips?"),
        Scenario("Pakbonnen printen, 1,000 orders, two pdf workers", parallel_targets[1_000], 60_000,
                 requests=1, warmup=0, after=parallel_after,
                 note="the same for 1,000 orders (40 chunks): target 60 s; each worker's peak RSS under Memory"),
        Scenario(f"E-mails versturen ({MAILS_PER_RUN})", mail_targets, None,
                 requests=min(args.requests, 5), warmup=min(args.warmup, 1), after=mails_after,
                 note=f"{MAILS_PER_RUN} Klant inlichten mails about one order through mail_queue in one transaction, "
                      "each sent after the commit by the outbox job in this process to an SMTP sink on the loopback: "
                      "what one worker process sends a minute (the email worker runs 4)"),
        Scenario("Export CSV, 100,000 rows", export_targets, 1000,
                 requests=min(args.requests, 3), warmup=min(args.warmup, 1), after=export_after,
                 note=f"POST /orders/export/start/ (all columns, {export_filter}) through the view in this process, "
                      "the streamed CSV read to the end: the time is the first byte (target 1 s); total time, first "
                      "order row and peak memory for this export and one a tenth its size under Memory"),
    ]  # fmt: skip
    if args.only:
        scenarios = [s for s in scenarios if any(text.lower() in s.name.lower() for text in args.only)]
    return scenarios, admin


# --------------------------------------------------------------------------------------------- HTTP


class HttpClient:
    """One keep-alive connection and a cookie jar that sends Secure cookies over plain HTTP too."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)

    def request(self, method: str, path: str, *, headers: dict | None = None, body: str | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                elapsed = time.perf_counter() - started
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle keep-alive connection: reconnect and time the retry only.
                self.connection.close()
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if value in ("", '""'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        if response.headers.get_content_type() == "application/pdf":
            return response.status, response.headers, content, elapsed
        return response.status, response.headers, content.decode("utf-8", errors="replace"), elapsed

    def close(self) -> None:
        self.connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, *, env: dict[str, str], workers: int, threads: int):
        self.port = free_port()
        self.log_path = RESULTS / "gunicorn.log"
        self.command = [
            sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
            "--bind", f"{HOST}:{self.port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--keep-alive", "60", "--timeout", "120",
            "--log-level", "warning", "--chdir", str(ROOT),
        ]  # fmt: skip
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/login/")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
                raise BenchError(f"gunicorn answers GET /login/ with {status}:\n{self.log_tail()}")
            except (ConnectionRefusedError, http.client.RemoteDisconnected, ConnectionResetError, TimeoutError):
                time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # the group we started: the master and its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def login(client: HttpClient) -> None:
    status, _, page, _ = client.request("GET", "/login/")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match or "csrftoken" not in client.cookies:
        raise BenchError(f"GET /login/ gave {status} without a CSRF token and cookie")
    body = urlencode({"csrfmiddlewaretoken": match.group(1), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    status, headers, page, _ = client.request("POST", "/login/", body=body)
    if status != 302 or "sessionid" not in client.cookies:
        raise BenchError(f"login as {ADMIN_EMAIL} failed: {status} {headers.get('Location')!r}\n{page[:500]}")


def check_cursor_encoding(client: HttpClient) -> None:
    """The bench computes deep cursors itself: make sure they are what the page's "Oudere orders" link carries."""
    from orders import selectors
    from orders.models import Order

    status, _, page, _ = client.request("GET", "/orders/")
    match = re.search(r'rel="next" href="([^"]+)"', page)
    if status != 200 or not match:
        raise BenchError(f"/orders/ gave {status} without an 'Oudere orders' (rel=next) link")
    token = parse_qs(urlsplit(html.unescape(match.group(1))).query)["cursor"][0]
    from django.conf import settings

    last = Order.objects.order_by("-placed_at", "-id").values_list("placed_at", "id")[settings.ORDERS_PER_PAGE - 1]
    expected = selectors.Cursor(values=tuple(last)).encode()
    if token != expected:
        raise BenchError(f"the page's next cursor {token!r} is not the computed {expected!r}: cursor format changed?")
    status, _, page, _ = client.request("GET", f"/orders/?cursor={token}")
    if status != 200 or 'rel="prev"' not in page:
        raise BenchError(f"following the next cursor gave {status} (or no 'Nieuwere orders' link)")


def pdf_problems(content: bytes, min_pages: int) -> list[str]:
    from pypdf import PdfReader

    if not content.startswith(b"%PDF-"):
        return ["not a PDF"]
    pages = len(PdfReader(io.BytesIO(content)).pages)
    return [] if pages >= min_pages else [f"{pages} pages, expected at least {min_pages}"]


def check_response(scenario: Scenario, target: Target, status: int, page: str | bytes) -> None:
    problems = []
    if status != 200:
        problems.append(f"status {status}")
    if target.pdf_pages is not None:
        problems += pdf_problems(page if isinstance(page, bytes) else b"", target.pdf_pages)
    problems += [f"missing {text!r}" for text in target.must_contain if text not in page]
    problems += [f"unexpected {text!r}" for text in target.must_not_contain if text in page]
    if target.count and page.count(target.count[0]) != target.count[1]:
        problems.append(f"{page.count(target.count[0])} × {target.count[0]!r}, expected {target.count[1]}")
    if problems:
        raise BenchError(f"{scenario.name}: GET {target.path}: {'; '.join(problems)}\n{page[:800]}")


def fetch(client: HttpClient, scenario: Scenario, target: Target) -> float:
    """One request of `target` (or one call, for an in-process target), checked; its wall time in seconds."""
    if target.call is not None:
        started = time.perf_counter()
        measured = target.call()
        return measured if measured is not None else time.perf_counter() - started
    status, _, page, elapsed = client.request("GET", target.path, headers=target.headers)
    check_response(scenario, target, status, page)
    return elapsed


def run_scenario(client: HttpClient, scenario: Scenario, *, requests: int, warmup: int) -> None:
    targets = scenario.targets
    for index in range(warmup):
        fetch(client, scenario, targets[index % len(targets)])
    for index in range(requests):
        elapsed = fetch(client, scenario, targets[index % len(targets)])
        scenario.timings.append(elapsed * 1000)
        scenario.per_target[index % len(targets)].append(elapsed * 1000)


# --------------------------------------------------------------------------------------------- EXPLAIN


def explain(scenario: Scenario, admin) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the order queries of the scenario's slowest URL, run in-process."""
    import sqlparse
    from django.db import connection
    from django.test import Client

    slowest = max(scenario.per_target, key=lambda index: scenario.percentile(50, scenario.per_target[index]))
    target = scenario.targets[slowest]
    client = Client(HTTP_HOST=HOST)
    client.force_login(admin)
    captured: list[tuple[str, object, float]] = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((sql, params, (time.perf_counter() - started) * 1000))

    for _ in range(2):  # warm, like the timed requests were
        client.get(target.path, headers=target.headers)
    with connection.execute_wrapper(capture):
        started = time.perf_counter()
        response = client.get(target.path, headers=target.headers)
        page_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise BenchError(f"in-process GET {target.path} gave {response.status_code}")

    median = scenario.percentile(50, scenario.per_target[slowest])
    parts = [
        f"### {scenario.name}: EXPLAIN\n",
        f"Slowest URL of the scenario: `{target.path}` ({target.label}), p50 {median:.1f} ms over HTTP. "
        f"In-process (Django test client, same settings and database) the page took {page_ms:.1f} ms and ran "
        f"{len(captured)} queries, {sum(ms for _, _, ms in captured):.1f} ms of it in the database driver.\n",
    ]
    for number, (sql, params, ms) in enumerate(captured, start=1):
        if not EXPLAIN_TABLES.search(sql):
            parts.append(f"Query {number} of {len(captured)} ({ms:.1f} ms in-process), not explained: `{sql[:90]}…`\n")
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if hasattr(cursor.cursor, "mogrify"):  # psycopg's client-side-binding cursor, Django's default
                bound = cursor.mogrify(sql, params)
            else:
                bound = f"{sql}\n-- params: {params!r}"
            readable = sqlparse.format(bound, reindent=True, keyword_case="upper")
        parts.append(f"Query {number} of {len(captured)} ({ms:.1f} ms in-process):\n\n```sql\n{readable}\n```\n")
        parts.append(f"```\n{plan}\n```\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------- report


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def table(scenarios: list[Scenario]) -> str:
    rows = ["| scenario | requests | p50 ms | p95 ms | target | ok? |", "|---|---:|---:|---:|---|---|"]
    for scenario in scenarios:
        target = f"p95 ≤ {scenario.target_ms:.0f} ms" if scenario.target_ms is not None else "none"
        ok = {None: "–", True: "yes", False: "**NO**"}[scenario.ok]
        rows.append(
            f"| {scenario.name} | {len(scenario.timings)} | {scenario.percentile(50):.1f} | "
            f"{scenario.percentile(95):.1f} | {target} | {ok} |"
        )
    return "\n".join(rows)


def details(scenarios: list[Scenario]) -> str:
    rows = ["| scenario | URL | requests | p50 ms | p95 ms | max ms |", "|---|---|---:|---:|---:|---:|"]
    for scenario in scenarios:
        for index, values in sorted(scenario.per_target.items()):
            rows.append(
                f"| {scenario.name} | {scenario.targets[index].label} | {len(values)} | "
                f"{scenario.percentile(50, values):.1f} | {scenario.percentile(95, values):.1f} | {max(values):.1f} |"
            )
    return "\n".join(rows)


# --------------------------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up under make and pipes too
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {**os.environ, **bench_environment(database_url)}
    os.environ.update(env)
    RESULTS.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: gunicorn stops

    seeding, seed_seconds = database_prepare(args, database_url, env)
    from django.db import connection

    facts = database_facts()
    print(f"Database {facts['database']}: {facts['orders']:,} orders, {facts['lines']:,} lines, {facts['size']}")
    print("Picking bench parameters from the database…", flush=True)
    scenarios, admin = build_scenarios(args, random.Random(args.seed), facts["orders"])
    connection.close()

    # gunicorn as deployed (docker-compose.yml): the cache, the sessions and the users' permissions in Redis. This
    # process keeps running jobs in-process (no REDIS_URL): the setup above renders its PDFs right away.
    server = Gunicorn(
        env={**env, "REDIS_URL": parallel_print.bench_redis_url()}, workers=args.workers, threads=args.threads
    )
    started_at = datetime.now().astimezone()
    load_before = os.getloadavg()
    try:
        server.start()
        print(f"gunicorn on http://{HOST}:{server.port} ({args.workers} workers × {args.threads} threads)", flush=True)
        client = HttpClient(server.port)
        login(client)
        check_cursor_encoding(client)
        for scenario in scenarios:
            requests = scenario.requests or args.requests
            warmup = args.warmup if scenario.warmup is None else scenario.warmup
            what = "timed requests" if scenario.over_http else "timed runs in-process"
            print(f"  {scenario.name}: {warmup} warm-up + {requests} {what}…", end=" ", flush=True)
            run_scenario(client, scenario, requests=requests, warmup=warmup)
            print(f"p50 {scenario.percentile(50):.1f} ms, p95 {scenario.percentile(95):.1f} ms", flush=True)
            if scenario.after is not None:
                scenario.after(scenario)
        client.close()
        load_after = os.getloadavg()
    finally:
        server.stop()
        if PDF_WORKERS is not None:
            PDF_WORKERS.stop()

    # Per block, in this process, once gunicorn is gone: a small order and the large ones the dashboard scenario timed.
    profile = ""
    if dashboards := [s for s in scenarios if s.name.startswith("Dashboard")]:
        import profile_blocks

        print("Profiling the dashboard per block…", flush=True)
        large = [(t.path.strip("/").rsplit("/", 1)[-1], t.label) for s in dashboards for t in s.targets]
        try:
            small = profile_blocks.small_order()
            profile = profile_blocks.dashboard_profile(
                admin, ([small] if small else []) + large[:1], host=HOST, runs=min(args.requests, 50)
            )
        except Exception as error:  # the timed scenarios stand on their own: report the profile's failure, go on
            profile = f"## Where a dashboard's time goes\n\nThe profile failed: {error!r}\n"
            print(f"  profile failed: {error!r}", flush=True)

    explained = [s for s in scenarios if s.over_http and (args.explain or s.ok is False)]
    explains = [explain(scenario, admin) for scenario in explained]
    missed = [s for s in scenarios if s.ok is False]

    summary = table(scenarios)
    busy = max(load_before[0], load_after[0]) > len(os.sched_getaffinity(0))
    verdict = "All targets met."
    if missed:
        verdict = "MISSED TARGETS: " + "; ".join(
            f"{s.name} (p95 {s.percentile(95):.1f} ms > {s.target_ms:.0f} ms)" for s in missed
        )
    report = "\n".join(
        [
            f"# Backoffice benchmark, {started_at:%Y-%m-%d %H:%M %Z}\n",
            summary,
            f"\n{verdict}\n",
            "## Setup\n",
            f"- date: {started_at.isoformat(timespec='seconds')}",
            f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {read_cpu_model()}, "
            f"{read_memory()} RAM, {platform.system()} {platform.release()}",
            f"- database: {facts['database']}, {facts['size']} (orders table with indexes {facts['orders_table']}); "
            f"{facts['orders']:,} orders, {facts['lines']:,} order lines; orders_order analyzed {facts['analyzed']}",
            f"- {facts['server']}",
            f"- seeding: {seeding}",
            f"- load average (1/5/15 min) before the requests: {load_text(load_before)}, after: {load_text(load_after)}"
            + (" — **the machine was busy with other work: treat the numbers with care**" if busy else ""),
            f"- code: {git_revision()}; {font_subsetting()}",
            f"- server: gunicorn gthread, {args.workers} workers × {args.threads} threads, production settings, "
            f"plain HTTP on 127.0.0.1",
            f"- client: one keep-alive connection (http.client), sequential; {args.warmup} warm-up requests, "
            f"then {args.requests} timed per scenario, wall time from sending the request to the last body byte; "
            f"in-process scenarios: {min(args.warmup, RENDER_WARMUP)} warm-up + {min(args.requests, RENDER_RUNS)} "
            f"timed calls (Pakbonnen: {min(args.warmup, SLIPS_WARMUP)} + {min(args.requests, SLIPS_RUNS)}), "
            "wall time of the call",
            "",
            "## Scenarios\n",
            *(f"- **{s.name}**: {s.note or s.targets[0].path}" for s in scenarios),
            "",
            *(
                ["## Memory\n", *(f"- **{s.name}**: {s.memory}" for s in scenarios if s.memory), ""]
                if any(s.memory for s in scenarios)
                else []
            ),
            "## Per URL\n",
            details(scenarios),
            "",
            profile,
            *explains,
        ]
    )
    print()
    print(summary)
    print()
    print(verdict)
    if busy:
        print(f"Note: load average {load_text(load_before)} → {load_text(load_after)} on "
              f"{len(os.sched_getaffinity(0))} CPUs: other work was running, timings are noisy.")  # fmt: skip
    for text in explains:
        print()
        print(text)
    (RESULTS / "latest.md").write_text(report + "\n")
    print(f"\nWritten to {(RESULTS / 'latest.md').relative_to(ROOT)}")
    if seed_seconds is not None:
        print(f"Seeding took {seed_seconds:,.0f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        print(f"\nBENCH FAILED: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
