"""The load test (issue 18, "Many people at once"): `make load` runs this file (`.venv/bin/python bench/load.py
$LOAD_ARGS`).

What it does, in order:

1. the bench database exactly as `make bench` prepares it (bench/run.py's `database_prepare`: BENCH_DATABASE_URL,
   created, migrated, seeded to --orders unless --skip-seed), and the load's own staff accounts (load-01@example.com …,
   made once through `staff_user_create`);
2. what the jobs need: a local SMTP sink (aiosmtpd) on a free loopback port that every e-mail goes to, Redis db 12 as
   broker and cache (LOAD_REDIS_URL; emptied before and after) and one Celery worker on every queue, so the web
   processes run as in production and the mails and PDFs are made beside them on the same two cores;
3. gunicorn as bench/run.py starts it (production settings, gunicorn.conf.py, a free port of 127.0.0.1);
4. per run (--users, default 20 then 50): a plan from the database (bench/locustfile.py's input: the accounts,
   orders to open and to search for, and per action a pool of fresh orders it applies to), then locust headless for
   --run-time seconds, while a thread samples pg_stat_activity every second for backends waiting on a lock;
5. a markdown report on stdout and in bench/results/load-latest.md: the machine and its load average, per run the
   requests per second and per kind of request p50/p95/p99/max and count, the errors, the lock waits and deadlocks.

Exit status: 1 on any error (a failed request or check, an exhausted pool, locust failing); a page kind whose p95
misses PAGE_TARGET_MS is reported, not failed (as in bench/run.py).
"""

import argparse
import json
import math
import os
import platform
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: the database, gunicorn, the machine's facts)

ROOT, RESULTS, HOST, BenchError = bench.ROOT, bench.RESULTS, bench.HOST, bench.BenchError
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
LOGIN_ALLOWANCE = 240  # seconds the logins may take at most before locust's own --run-time ends the run
PAGE_TARGET_MS = 250  # p95 of every page and partial (GET) at 50 users, the target
ACCOUNT_PASSWORD = "laadtest-wachtwoord-2026"  # the bench database's load accounts only
ACCOUNT_EMAIL = "load-{:02d}@example.com"
ACTIONS = ("paid", "shipped", "inform", "memo_add", "task_add")
# The orders bench/load.py places when the database has too few for Betaald and Verzonden.
TOP_UP_POSTCODE = "9997ZZ"
TOP_UP_NOTE = "bench/load.py: an order for the load test's actions"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders to seed up to (default 1,000,000)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is (still migrates)")
    parser.add_argument("--users", default="20,50", help="simulated staff per run, comma-separated (default 20,50)")
    parser.add_argument(
        "--run-time", type=int, default=120, help="seconds measured per run, once everyone is logged in (default 120)"
    )
    parser.add_argument("--settle", type=float, default=5,
                        help="seconds after the last login before the measuring starts (default 5)")  # fmt: skip
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second (default 5)")
    parser.add_argument("--think", default="1,5", help="think time between clicks, min,max seconds (default 1,5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the plan")
    args = parser.parse_args(argv)
    try:
        args.users = [int(count) for count in args.users.split(",")]
        args.think = [float(value) for value in args.think.split(",")]
    except ValueError:
        parser.error("--users is a list of numbers (20,50), --think min,max seconds (1,5)")
    if len(args.think) != 2 or not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think is min,max with 0 <= min <= max")
    if min(args.users) < 1 or args.run_time < 5 or args.spawn_rate <= 0 or args.workers < 1 or args.threads < 1:
        parser.error("--users, --workers, --threads and --spawn-rate must be positive, --run-time at least 5")
    return args


def locust_command() -> list[str]:
    """How to start locust: LOCUST (a path to its command) or this Python's `-m locust` (a dev dependency)."""
    return [os.environ["LOCUST"]] if os.environ.get("LOCUST") else [sys.executable, "-m", "locust"]


def locust_version() -> str:
    try:
        completed = subprocess.run([*locust_command(), "--version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise BenchError(f"cannot start locust ({error}): make install, or LOCUST=/path/to/locust") from error
    if completed.returncode != 0:
        raise BenchError(f"locust is not installed here ({completed.stderr.strip()[-200:]}): make install")
    return completed.stdout.strip().splitlines()[-1]


# --------------------------------------------------------------------------------------------- the plan


def accounts_ensure(count: int) -> list[dict[str, str]]:
    """The load's staff accounts, made once through the service `manage.py create_staff_user` calls: one in five a
    Beheerder, the rest Medewerker."""
    from accounts.services import staff_user_create
    from backoffice.models import User
    from backoffice.roles import Role

    accounts = []
    for index in range(1, count + 1):
        email = ACCOUNT_EMAIL.format(index)
        if not User.objects.filter(email=email).exists():
            role = Role.ADMIN if index % 5 == 0 else Role.STAFF
            staff_user_create(email=email, password=ACCOUNT_PASSWORD, role=role, first_name="Laad",
                              last_name=f"Test {index:02d}")  # fmt: skip
        accounts.append({"email": email, "password": ACCOUNT_PASSWORD})
    return accounts


def orders_top_up(count: int) -> None:
    """`count` new orders for Betaald and Verzonden, when the database has too few unpaid or unshipped ones (the
    demo's are mostly completed: 60 unpaid in 100,000). Placed through `order_create` like the webshop does, unpaid
    (bank transfer), long ago (2002: at the far end of the list), found again by their postcode; their invoice PDFs
    and confirmation mails are jobs, which the worker does before the run starts (see `jobs_drained`)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from backoffice.models import User
    from customers.models import Customer
    from orders.models import Address, Carrier, PaymentMethod
    from orders.services import LineInput, order_create

    print(f"Placing {count} orders for the actions (postcode {TOP_UP_POSTCODE})…", flush=True)
    admin = User.objects.get(email=bench.ADMIN_EMAIL)
    customer, _created = Customer.objects.get_or_create(
        email="laadtest@example.com", defaults={"first_name": "Lotte", "last_name": "Laadtest", "language": "nl"}
    )
    long_ago = timezone.now().replace(year=2002, month=1, day=1)
    for index in range(count):
        order_create(
            customer=customer,
            lines=[
                LineInput("Koffiebonen 1 kg", 1 + index % 3, Decimal("24.95"), Decimal("9"), sku="KB-1000"),
                LineInput("Koffiefilters (100)", 2, Decimal("3.49"), Decimal("21"), sku="KF-100"),
            ],
            billing=Address(name="Lotte Laadtest", company="", street="Laadstraat", house_number=str(index + 1),
                            postcode=TOP_UP_POSTCODE, city="Zwolle", country="NL", phone=""),
            payment_method=PaymentMethod.BANK_TRANSFER,
            shipping_method="PostNL pakket",
            carrier=Carrier.POSTNL,
            shipping_cost=Decimal("4.95"),
            placed_at=long_ago + timedelta(seconds=index),
            customer_note=TOP_UP_NOTE,
            actor=admin,
        )  # fmt: skip


def jobs_drained(redis_url: str, timeout: float = 600) -> None:
    """Wait until the worker has taken every queued job (the top-up's PDFs and mails), so the run starts quiet."""
    deadline = time.monotonic() + timeout
    while (queued := redis_queued(redis_url)) and time.monotonic() < deadline:
        print(f"  waiting for the worker: {queued} jobs queued", flush=True)
        time.sleep(5)
    if queued:
        raise BenchError(
            f"the worker did not take {queued} jobs within {timeout:.0f} s; see {RESULTS / 'load-worker.log'}"
        )
    time.sleep(3)  # the last one taken is still being done


def action_pools(rng: random.Random, size: int, *, top_up: bool = True) -> dict[str, list[str]]:
    """Per action `size` orders it applies to, none in two pools (no two users on one order by design), taken from a
    random point of the table on: unpaid ones for Betaald, unshipped ones for Verzonden, ones with an e-mail address
    for Klant inlichten; none cancelled or on hold. Too few unpaid or unshipped ones: new orders first (`top_up`)."""
    from django.db.models import Exists, Max, Min, OuterRef

    from orders.models import Order, OrderLine, OrderStatus, PaymentStatus, ShipmentStatus

    usable = Order.objects.exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.ON_HOLD])
    conditions = {
        "paid": usable.filter(payment_status=PaymentStatus.UNPAID),
        "shipped": usable.exclude(shipment_status=ShipmentStatus.SHIPPED).filter(
            Exists(OrderLine.objects.filter(order=OuterRef("pk")))
        ),
        "inform": usable.exclude(email=""),
        "memo_add": usable,
        "task_add": usable,
    }
    # A new order serves either pool. Betaald takes `size` unpaid ones first, which may all be unshipped too, so
    # Verzonden needs `size` more unshipped ones than that.
    missing = max(0, size - conditions["paid"].count(), 2 * size - conditions["shipped"].count())
    if top_up and missing:
        orders_top_up(missing)
    bounds = Order.objects.aggregate(low=Min("id"), high=Max("id"))
    taken: set[int] = set()
    pools = {}
    for action in ACTIONS:
        start = rng.randint(bounds["low"] or 0, bounds["high"] or 0)
        picked = []
        for first in (start, bounds["low"] or 0):  # from the random point on, then from the start
            rows = conditions[action].filter(id__gte=first).exclude(id__in=taken).order_by("id")
            picked += [row for row in rows.values_list("id", "number")[: size - len(picked)] if row[0] not in taken]
            taken |= {order_id for order_id, _number in picked}
            if len(picked) >= size:
                break
        if len(picked) < size:
            raise BenchError(f"only {len(picked)} orders for the action {action!r}, the run needs {size}")
        pools[action] = [number for _order_id, number in picked]
    return pools


def plan_build(
    rng: random.Random,
    *,
    accounts: list[dict],
    pool_size: int,
    think: list[float],
    measure_seconds: int,
    settle_seconds: float = 0,
    decks: int = 0,
) -> dict:
    """What bench/locustfile.py's users do, drawn from the database: orders to open (and search by number),
    surnames and postcodes to search for, filters, sorts, deep pages, and the action pools."""
    from django.db.models import Max

    from orders import selectors
    from orders.models import Order

    samples = bench.sample_orders(rng, 200)
    numbers = list(dict.fromkeys(order.number for order in samples))
    surnames = list(dict.fromkeys(
        order.customer.last_name.strip() for order in samples
        if len(order.customer.last_name.strip()) >= 3 and order.customer.last_name.lower() in order.billing_name.lower()
    ))[:12]  # fmt: skip
    postcodes = list(
        dict.fromkeys(o.billing_postcode for o in samples if re.fullmatch(r"\d{4}[A-Z]{2}", o.billing_postcode))
    )
    typed = [variant for code in postcodes[:6] for variant in (code, f"{code[:4]} {code[4:].lower()}")]
    newest = Order.objects.aggregate(newest=Max("placed_at"))["newest"]
    month_ago = newest.date().replace(day=1).isoformat() if newest else "2026-01-01"
    filters = [
        {"status": "processing"},
        {"status": "completed"},
        {"payment_status": "unpaid"},
        {"shipment_status": "not_shipped"},
        {"payment_status": "unpaid", "shipment_status": "not_shipped"},
        {"country": "BE"},
        {"placed_from": month_ago},
        {"payment_method": "ideal", "placed_from": month_ago},
        {"open_tasks": "on"},
    ]
    count = Order.objects.count()
    deep = []
    for fraction in (0.3, 0.5, 0.7):  # as bench/run.py's Deep page: the cursor of the row at that position
        values = Order.objects.order_by("-placed_at", "-id").values_list("placed_at", "id")[
            max(0, int(count * fraction) - 1)
        ]
        deep.append(f"/orders/?cursor={selectors.Cursor(values=tuple(values)).encode()}")
    if not (numbers and surnames and typed):
        raise BenchError("the database has too few orders (or no Dutch postcodes, no surnames) for a load plan")
    return {
        "accounts": accounts,
        "orders": numbers,
        "names": surnames,
        "postcodes": typed,
        "filters": filters,
        "sorts": ["-total", "total", "customer", "-customer", "number", "placed_at"],
        "deep": deep,
        "pools": action_pools(rng, pool_size),
        "think": think,
        "poll_seconds": 30,  # BACKOFFICE_COUNTER_POLL_SECONDS: every open page asks for the counters this often
        "settle_seconds": settle_seconds,  # after the last login, before the measured part (the queue drains)
        "measure_seconds": measure_seconds,  # then the locustfile ends the run
        "decks": decks,  # 0: click until the run ends; n: each user stops after n decks (the test)
    }


def pool_size(users: int, run_time: int, think: list[float]) -> int:
    """Enough orders per action for the run: a user clicks about once per mean think time (at least 0.5 s), and each
    action is 1 card in a deck of 36; three times that, to be safe (a run of 20 users used a third of it)."""
    clicks = users * run_time / max(sum(think) / 2, 0.5)
    return math.ceil(clicks / 36 * 3) + 10


# --------------------------------------------------------------------------------------------- what runs beside


class Worker:
    """One Celery worker on every queue (what `make worker` runs), concurrency 1: the jobs share the two cores."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.log_path = RESULTS / "load-worker.log"
        self.process: subprocess.Popen | None = None

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        command = [
            sys.executable, "-m", "celery", "-A", "backoffice", "worker", "-Q", "default,email,pdf,geocode",
            "--concurrency", "1", "-l", "warning", "--without-heartbeat", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)  # fmt: skip

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process is not None:
            self.log.close()


def redis_flush(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise BenchError(f"cannot reach Redis at {url}: {error}") from error


def redis_queued(url: str) -> int:
    import redis

    client = redis.Redis.from_url(url)
    return sum(client.llen(queue) for queue in ("default", "email", "pdf", "geocode"))


class LockSampler(threading.Thread):
    """Every second: how many backends of the database wait for a lock (pg_stat_activity, wait_event_type 'Lock'),
    and how many are connected; deadlocks from pg_stat_database before and after."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(database_url, autocommit=True)
        self.samples: list[tuple[int, int]] = []
        self.stopping = threading.Event()
        self.deadlocks_before = self.deadlocks()

    def deadlocks(self) -> int:
        row = self.connection.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return row.fetchone()[0]

    def run(self):
        while not self.stopping.wait(1.0):
            row = self.connection.execute(
                "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()
            self.samples.append((row[0], row[1]))

    def finish(self) -> dict:
        self.stopping.set()
        self.join()
        waiting = [count for count, _connections in self.samples]
        result = {
            "samples": len(self.samples),
            "samples_waiting": sum(1 for count in waiting if count),
            "max_waiting": max(waiting, default=0),
            "backend_seconds_waiting": sum(waiting),
            "max_connections": max((connections for _count, connections in self.samples), default=0),
            "deadlocks": self.deadlocks() - self.deadlocks_before,
        }
        self.connection.close()
        return result


# --------------------------------------------------------------------------------------------- a run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else 0.0


def run_locust(
    *, users: int, run_time: int, spawn_rate: float, host: str, plan: dict, results_path: Path, log_path: Path
) -> int:
    """locust headless with bench/locustfile.py and `plan` (written next to the results); its exit status. The
    locustfile ends the run itself after the plan's settle and measure time; `run_time` here is only the bound."""
    plan_path = results_path.with_name(results_path.name.replace("results", "plan"))
    plan_path.write_text(json.dumps(plan))
    results_path.unlink(missing_ok=True)
    command = [
        *locust_command(), "-f", str(LOCUSTFILE), "--headless", "--host", host, "--users", str(users),
        "--spawn-rate", str(spawn_rate), "--run-time", f"{run_time}s", "--stop-timeout", "10",
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_RESULTS": str(results_path)}
    with open(log_path, "w") as log:
        try:
            completed = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       timeout=run_time + 120)  # fmt: skip
        except subprocess.TimeoutExpired as error:
            raise BenchError(f"locust did not end within {run_time + 120} s; see {log_path}") from error
    return completed.returncode


def summarize(results: dict, *, run_time: float) -> dict:
    """Per kind: count, p50/p95/p99/max of the steady part (every user logged in); logins over the whole run."""
    steady: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    methods: dict[str, str] = {}
    for name, method, milliseconds, is_steady, error in results["records"]:
        if error:
            errors[f"{name}: {error}"] += 1
            continue
        methods.setdefault(name, method)
        if is_steady or name == "login":
            steady[name].append(milliseconds)
    kinds = []
    for name in sorted(steady, key=lambda kind: results["kinds"].index(kind) if kind in results["kinds"] else 99):
        values = steady[name]
        page = methods[name] == "GET" and name != "login"
        kinds.append({
            "name": name, "method": methods[name], "count": len(values), "page": page,
            "p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "max": max(values), "ok": None if not page else percentile(values, 95) <= PAGE_TARGET_MS,
        })  # fmt: skip
    pages = [ms for kind in kinds if kind["page"] for ms in steady[kind["name"]]]
    measured = sum(len(steady[name]) for name in steady if name != "login")
    return {
        "kinds": kinds,
        "errors": dict(errors),
        "requests": measured,
        "rps": measured / run_time if run_time else 0.0,
        "pages_p95": percentile(pages, 95),
        "pages_p99": percentile(pages, 99),
        "missing_kinds": [kind for kind in results["kinds"] if kind not in steady],
        "pool_used": results["pool_used"],
        "exhausted": sorted(set(results["exhausted"])),
    }


def run_table(summary: dict) -> str:
    rows = ["| kind | requests | p50 ms | p95 ms | p99 ms | max ms | target |", "|---|---:|---:|---:|---:|---:|---|"]
    for kind in summary["kinds"]:
        target = {None: "–", True: "ok", False: "**missed**"}[kind["ok"]]
        rows.append(
            f"| {kind['name']} ({kind['method']}) | {kind['count']} | {kind['p50']:.1f} | {kind['p95']:.1f} | "
            f"{kind['p99']:.1f} | {kind['max']:.1f} | {target} |"
        )
    return "\n".join(rows)


def run_text(run: dict) -> str:
    summary, locks = run["summary"], run["locks"]
    errors = summary["errors"]
    worst = sorted(errors.items(), key=lambda item: -item[1])[:10]
    lines = [
        f"### {run['users']} users, {run['run_time']} s\n",
        f"- {summary['requests']:,} requests in the {run['steady_seconds']:.0f} s measured (from {run['settle']:g} s "
        f"after the last of {run['users']} logins on): "
        f"**{summary['rps']:.1f} requests/s**; all pages and partials (GET) p95 **{summary['pages_p95']:.1f} ms**, "
        f"p99 {summary['pages_p99']:.1f} ms (target p95 ≤ {PAGE_TARGET_MS} ms per kind)",
        f"- errors: **{sum(errors.values())}**"
        + ("" if not errors else " — " + "; ".join(f"{count} × {text}" for text, count in worst)),
        f"- lock waits (pg_stat_activity every second, {locks['samples']} samples): a backend waited on a lock in "
        f"{locks['samples_waiting']} samples, at most {locks['max_waiting']} at once, "
        f"{locks['backend_seconds_waiting']} backend-seconds in all; deadlocks: {locks['deadlocks']}; "
        f"connections to the database: at most {locks['max_connections']}",
        "- actions on their own orders (each used once): "
        + ", ".join(f"{action} {used}" for action, used in summary["pool_used"].items()),
        f"- load average before: {bench.load_text(run['load_before'])}, after: {bench.load_text(run['load_after'])}; "
        f"e-mails received by the SMTP sink: {run['mails']}; jobs still queued after the run: {run['queued']}",
        f"- locust exit status {run['locust_status']}, its log: {run['log']}",
        "",
        run_table(summary),
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    database_url = os.environ.get("BENCH_DATABASE_URL", bench.DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL)
    RESULTS.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the finally blocks stop what was started
    version = locust_version()
    sink = bench.MailSink()
    env = {
        **os.environ,
        **bench.bench_environment(database_url),
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(sink.port),
        "REDIS_URL": redis_url,
    }
    os.environ.update(env)

    seeding, _seconds = bench.database_prepare(args, database_url, env)
    from django.db import connection

    facts = bench.database_facts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')")
        max_connections = cursor.fetchone()[0]
    print(f"Database {facts['database']}: {facts['orders']:,} orders; load accounts…", flush=True)
    accounts = accounts_ensure(max(args.users))
    connection.close()

    redis_flush(redis_url)
    server = bench.Gunicorn(env=env, workers=args.workers, threads=args.threads)
    server.log_path = RESULTS / "load-gunicorn.log"
    worker = Worker(env)
    started_at = datetime.now().astimezone()
    runs = []
    try:
        sink.start()
        worker.start()
        server.start()
        host = f"http://{HOST}:{server.port}"
        print(f"gunicorn on {host} ({args.workers} workers × {args.threads} threads), locust {version}", flush=True)
        for number, users in enumerate(args.users, start=1):
            rng = random.Random(args.seed * 100 + number)
            plan = plan_build(rng, accounts=accounts[:users], pool_size=pool_size(users, args.run_time, args.think),
                              think=args.think, measure_seconds=args.run_time, settle_seconds=args.settle)  # fmt: skip
            connection.close()
            jobs_drained(redis_url)  # the top-up's jobs, or what the previous run left the worker
            results_path = RESULTS / f"load-results-{users}.json"
            log_path = RESULTS / f"load-locust-{users}.log"
            print(f"Run {number}: {users} users for {args.run_time} s (spawn rate {args.spawn_rate}/s)…", flush=True)
            mails_before = sink.received
            load_before = os.getloadavg()
            sampler = LockSampler(database_url)
            sampler.start()
            began = time.monotonic()
            bound = round(args.run_time + args.settle + LOGIN_ALLOWANCE)
            status = run_locust(users=users, run_time=bound, spawn_rate=args.spawn_rate, host=host,
                                plan=plan, results_path=results_path, log_path=log_path)  # fmt: skip
            elapsed = time.monotonic() - began
            locks = sampler.finish()
            load_after = os.getloadavg()
            if not results_path.exists():
                raise BenchError(f"locust wrote no results (exit status {status}); see {log_path.relative_to(ROOT)}")
            results = json.loads(results_path.read_text())
            if not results["steady_started"]:
                raise BenchError(f"not every one of the {users} users logged in; see {log_path.relative_to(ROOT)}")
            steady_seconds = results["ended"] - results["steady_started"]
            summary = summarize(results, run_time=steady_seconds)
            run = {
                "users": users, "run_time": args.run_time, "settle": args.settle, "elapsed": elapsed,
                "steady_seconds": steady_seconds,
                "summary": summary, "locks": locks, "load_before": load_before, "load_after": load_after,
                "locust_status": status, "log": str(log_path.relative_to(ROOT)),
                "mails": sink.received - mails_before, "queued": redis_queued(redis_url),
            }  # fmt: skip
            runs.append(run)
            print(run_text(run), flush=True)
    finally:
        server.stop()
        worker.stop()
        sink.stop()
        try:
            redis_flush(redis_url)
        except BenchError:
            pass

    failures = []
    for run in runs:
        summary = run["summary"]
        if summary["errors"]:
            failures.append(f"{run['users']} users: {sum(summary['errors'].values())} errors")
        if summary["exhausted"]:
            failures.append(f"{run['users']} users: pools ran out ({', '.join(summary['exhausted'])})")
        if run["locust_status"] != 0:
            failures.append(f"{run['users']} users: locust exited with {run['locust_status']}")
    missed = [f"{run['users']} users: {kind['name']} p95 {kind['p95']:.0f} ms" for run in runs
              for kind in run["summary"]["kinds"] if kind["ok"] is False]  # fmt: skip
    targets = "all met." if not missed else "MISSED: " + "; ".join(missed)
    verdict = f"FAILED: {'; '.join(failures)}" if failures else f"No errors. Page p95 ≤ {PAGE_TARGET_MS} ms: {targets}"
    busy = max(max(run["load_before"][0], run["load_after"][0]) for run in runs) > len(os.sched_getaffinity(0))
    report = "\n".join([
        f"# Backoffice load test, {started_at:%Y-%m-%d %H:%M %Z}\n",
        verdict,
        "",
        "## Setup\n",
        f"- date: {started_at.isoformat(timespec='seconds')}",
        f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {bench.read_cpu_model()}, "
        f"{bench.read_memory()} RAM, {platform.system()} {platform.release()}"
        + (" — **the machine was busy with other work: treat the numbers with care**" if busy else ""),
        f"- database: {facts['database']}, {facts['size']}; {facts['orders']:,} orders, {facts['lines']:,} lines; "
        f"seeding: {seeding}",
        f"- {facts['server']}, max_connections {max_connections}",
        f"- server: gunicorn gthread {args.workers} workers × {args.threads} threads, production settings, "
        f"DATABASE_CONN_MAX_AGE {os.environ.get('DATABASE_CONN_MAX_AGE', '60')} s with health checks; "
        f"Redis {redis_url} as broker and cache, one Celery worker (concurrency 1) on every queue, e-mail to a local "
        f"SMTP sink; all on this machine, with locust",
        f"- client: locust {version}, headless, on 127.0.0.1; spawn rate {args.spawn_rate}/s; think time "
        f"{args.think[0]:g}–{args.think[1]:g} s between clicks; percentiles over the requests after every user was "
        f"logged in and {args.settle:g} s more (logins: all of them); the mix is bench/locustfile.py's MIX",
        f"- code: {bench.git_revision()}",
        "",
        "## Runs\n",
        *(run_text(run) for run in runs),
    ])  # fmt: skip
    (RESULTS / "load-latest.md").write_text(report + "\n")
    print(verdict)
    print(f"Written to {(RESULTS / 'load-latest.md').relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        print(f"\nLOAD TEST FAILED: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
