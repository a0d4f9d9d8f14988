"""The bench's "Pakbonnen printen, N orders, two pdf workers" scenarios (bench/run.py; issue 18).

Two real `celery -A backoffice worker -Q pdf --concurrency 1` processes, with the bench's production settings and
database, on Redis (BENCH_REDIS_URL, else REDIS_URL, else redis://127.0.0.1:6379/14: give the bench a Redis database
of its own); this process starts a print through the service (`packing_slip_print_start`, as the view does) and polls
its row until it is done. Timed: from the start to done – the start job, the chunks on both workers side by side,
the merge. Memory: the peak RSS (VmHWM) of each worker's pool process, the child that runs the jobs, reset before
each print (/proc/<pid>/clear_refs), so each print's peak is its own. The orders (PARALLEL_ORDERS, 3 lines each,
placed in 2000, postcode 9997ZZ, no e-mail) are made once through `order_create`; before every print their packing
slips are deleted, so every print makes and renders new ones.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARALLEL_ORDERS = 1_000
PARALLEL_POSTCODE = "9997ZZ"
PARALLEL_NOTE = "bench/run.py: Pakbonnen printen, 1,000 orders, two pdf workers"
WORKER_NAMES = ("bench-pdf-1@%h", "bench-pdf-2@%h")
WARMUP_ORDERS = 50  # one untimed print first: each worker loads WeasyPrint and its fonts once


def bench_redis_url() -> str:
    """The bench's Redis (the pdf workers' broker; gunicorn's cache and sessions): a database nobody else uses."""
    return os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"


class PdfWorkers:
    """The two pdf workers, started on first use and stopped by `stop()` (bench/run.py's finally)."""

    def __init__(self, env: dict[str, str], results: Path):
        self.redis_url = bench_redis_url()
        self.env = {**env, "REDIS_URL": self.redis_url, "DJANGO_LOG_LEVEL": "INFO"}  # INFO: the worker's "ready."
        self.results = results
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []

    def start(self, timeout: float = 60) -> None:
        if self.processes:
            return
        from backoffice.celery import app

        # This process publishes to the workers' Redis from now on (it ran every job in-process before).
        self.before = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
        app.conf.update(broker_url=self.redis_url, task_always_eager=False)
        _forget_connections(app)
        for number, name in enumerate(WORKER_NAMES, start=1):
            log = open(self.results / f"pdf-worker-{number}.log", "w")  # noqa: SIM115 (closed in stop())
            command = [sys.executable, "-m", "celery", "-A", "backoffice", "worker", "-Q", "pdf", "-n", name,
                       "--concurrency", "1", "-l", "info", "--without-gossip", "--without-mingle",
                       "--without-heartbeat"]  # fmt: skip
            self.processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )  # fmt: skip
            )
            self.logs.append(log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a pdf worker exited with {process.returncode}: see {self.results}")
            logs = [(self.results / f"pdf-worker-{n}.log").read_text(errors="replace") for n in (1, 2)]
            if all(" ready." in log for log in logs):
                return
            time.sleep(0.2)
        raise RuntimeError(f"the pdf workers were not ready within {timeout:.0f} s: see {self.results}")

    def pool_processes(self) -> list[int]:
        """The pid of each worker's pool process (its child that runs the jobs), in worker order."""
        children = []
        for process in self.processes:
            found = [
                int(entry.name)
                for entry in Path("/proc").iterdir()
                if entry.name.isdigit() and _parent(int(entry.name)) == process.pid
            ]
            if len(found) != 1:
                raise RuntimeError(f"pdf worker {process.pid} has {len(found)} pool processes, expected 1")
            children.append(found[0])
        return children

    def stop(self) -> None:
        import signal

        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self.logs:
            log.close()
        self.processes, self.logs = [], []
        if getattr(self, "before", None):  # the scenarios after this one run their jobs in-process again
            from backoffice.celery import app

            app.conf.update(**self.before)
            _forget_connections(app)
            self.before = None


def _forget_connections(app) -> None:
    """Connections made with the other broker would keep publishing there: forget them, as Celery does after a
    fork, so the next publish connects to the broker now configured."""
    app._pool = None
    app.amqp._producer_pool = None


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state, behind the command in parentheses


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for {pid}")


def print_orders_prepare(
    admin,
    *,
    count: int,
    postcode: str,
    note: str,
    person: tuple[str, str],
    street: str,
    city: str,
    year: int,
    what: str,
) -> list[int]:
    """`count` orders of 3 lines to print packing slips for (here and bench/run.py's Pakbonnen scenario), newest first
    (as a print keeps them): made once through `order_create` for a customer without an e-mail address (nothing is
    mailed), placed in `year` (at the far end of the list), found again by `postcode` and `note` on later runs."""
    from django.utils import timezone

    from customers.models import Customer
    from orders.models import Address, Carrier, Order, PaymentMethod
    from orders.services import LineInput, order_create

    orders = Order.objects.filter(billing_postcode=postcode, customer_note=note)
    missing = count - orders.count()
    if missing > 0:
        print(f"Preparing the {missing} orders of {what}", flush=True)
        first_name, last_name = person
        customer = Customer.objects.create(email="", first_name=first_name, last_name=last_name, language="nl")
        long_ago = timezone.now().replace(year=year, month=1, day=1)
        for index in range(missing):
            order_create(
                customer=customer,
                lines=[
                    LineInput("Koffiebonen 1 kg", 1 + index % 3, Decimal("24.95"), Decimal("9"), sku="KB-1000"),
                    LineInput("Koffiefilters (100)", 2, Decimal("3.49"), Decimal("21"), sku="KF-100"),
                    LineInput("Espressokopjes (6)", 1, Decimal("19.95"), Decimal("21"), sku="EK-6"),
                ],
                billing=Address(name=f"{first_name} {last_name} {index + 1}", company="", street=street,
                                house_number=str(index + 1), postcode=postcode, city=city, country="NL", phone=""),
                payment_method=PaymentMethod.BANK_TRANSFER,
                shipping_method="PostNL pakket",
                carrier=Carrier.POSTNL,
                shipping_cost=Decimal("4.95"),
                placed_at=long_ago + timedelta(minutes=index),
                customer_note=note,
                actor=admin,
            )  # fmt: skip
    return list(orders.order_by("-placed_at", "-id").values_list("id", flat=True)[:count])


def orders_prepare(admin) -> list[int]:
    """The PARALLEL_ORDERS orders, newest first."""
    return print_orders_prepare(
        admin, count=PARALLEL_ORDERS, postcode=PARALLEL_POSTCODE, note=PARALLEL_NOTE, person=("Pim", "Parallel"),
        street="Drukkerijstraat", city="Deventer", year=2000, what="the parallel Pakbonnen printen scenario",
    )  # fmt: skip


def print_on_workers(workers: PdfWorkers, admin, order_ids: list[int], *, timeout: float = 600) -> dict:
    """One print of `order_ids` on the pdf workers, through the service; checked (done, one slip per order, a PDF of
    as many pages), then its PDF deleted. Its wall time, slips a minute and each worker's peak RSS."""
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from shipping.models import PackingSlipPrintStatus, Shipment, ShipmentLine
    from shipping.printing.services import packing_slip_print_start

    ShipmentLine.objects.filter(shipment__order_id__in=order_ids).delete()  # untimed: every slip is new
    Shipment.objects.filter(order_id__in=order_ids).delete()
    pools = workers.pool_processes()
    for pid in pools:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS now
    before = [_peak_kb(pid) for pid in pools]
    started = time.perf_counter()
    job = packing_slip_print_start(user=admin, order_ids=order_ids)  # enqueued after its commit
    deadline = time.monotonic() + timeout
    while not job.is_finished:
        if time.monotonic() > deadline:
            raise RuntimeError(f"print {job.pk} not done after {timeout:.0f} s ({job.done}/{job.total})")
        time.sleep(0.05)
        job.refresh_from_db()
    elapsed = time.perf_counter() - started
    peaks = [_peak_kb(pid) for pid in pools]
    if pools != workers.pool_processes():
        raise RuntimeError("a pdf worker's pool process was replaced during the print: its peak is lost")
    if job.status != PackingSlipPrintStatus.DONE or job.slip_count != len(order_ids) or job.skipped:
        raise RuntimeError(f"print {job.pk}: {job.status}, {job.slip_count} slips, {job.error or job.skipped[:3]}")
    with default_storage.open(job.file, "rb") as file:
        pages = len(PdfReader(file).pages)
    if pages != len(order_ids):
        raise RuntimeError(f"print {job.pk}: {pages} pages for {len(order_ids)} orders")
    default_storage.delete(job.file)
    return {
        "orders": len(order_ids),
        "seconds": elapsed,
        "per_minute": len(order_ids) / elapsed * 60,
        "rss_before_kb": before,
        "peak_kb": peaks,
        "chunks_per_worker": _chunks_per_worker(job),
    }


def _chunks_per_worker(job) -> dict[str, int]:
    from django.db.models import Count

    from shipping.printing.services import PRINT

    rows = PRINT.chunks(job.pk).values_list("worker").annotate(chunks=Count("pk")).order_by("worker")
    return {worker.split("@")[0]: chunks for worker, chunks in rows}


def describe(run: dict) -> str:
    workers = ", ".join(
        f"worker {number}: peak {peak / 1024:.0f} MB (from {before / 1024:.0f} MB)"
        for number, (before, peak) in enumerate(zip(run["rss_before_kb"], run["peak_kb"], strict=True), start=1)
    )
    chunks = ", ".join(f"{name} {count}" for name, count in run["chunks_per_worker"].items())
    return (
        f"{run['orders']:,} slips in {run['seconds']:.1f} s ({run['per_minute']:,.0f} a minute); pool processes' "
        f"VmHWM {workers}; chunks per worker: {chunks}"
    )
