"""Pakbonnen printen with real `pdf` workers (issue 18's proof): two `celery worker -Q pdf --concurrency 1` processes
on a real Redis and the test database render the chunks in parallel, and the merged PDF says what a print run
in-process (one chunk after another) says. A worker killed with SIGKILL while it renders a chunk: the print still
completes, every order's packing slip made once and printed once.

How the killed worker's chunk comes back: its job is unacknowledged (acks_late), so Redis hands it out again once the
broker's visibility timeout has passed – kombu's sweep in the surviving worker puts it back on the queue. These
workers run with a visibility timeout of VISIBILITY_TIMEOUT seconds and sweep every second (PDF_WORKER below), and
with a chunk lease (PRINT_CHUNK_LEASE_SECONDS) shorter than that, so the redelivered job may take the chunk over. In
production the timeout is kombu's hour, and the status page's requeue (after STALE_AFTER, 5 minutes without progress)
comes first; tests/shipping/test_bulk.py covers that path. Redelivery is what is tested here because it is what
nobody has to click: the print completes by itself.
"""

import sys

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count

from backoffice.celery import app as celery_app
from backoffice.models import PrintChunk, PrintStatus
from shipping.models import PackingSlipPrint, PackingSlipPrintStatus, Shipment
from shipping.printing import services as bulk
from tests.notifications.conftest import wait_for
from tests.orders.factories import make_order
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db(transaction=True)

CHUNK_SIZE = 10  # orders a chunk in these workers (PRINT_CHUNK_SIZE): a chunk takes them a second or two
VISIBILITY_TIMEOUT = 10  # seconds before Redis hands an unacknowledged job to another worker (the kill test)
LEASE_SECONDS = 6  # a chunk taken longer ago than this may be taken over: less than VISIBILITY_TIMEOUT

# A production pdf worker (prefork, one process: the job runs in a child of the worker, as the bench measures it),
# on the test's media folder, with its own visibility timeout and a sweep for lost jobs every second.
PDF_WORKER = """
import sys
from django.conf import settings
from backoffice.celery import app
name, media_root, visibility_timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings.MEDIA_ROOT = media_root
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": visibility_timeout, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
app.start(["worker", "-Q", "pdf", "--concurrency", "1", "-l", "info", "-n", name,
           "--without-gossip", "--without-mingle", "--without-heartbeat"])
"""


@pytest.fixture
def pdf_workers(jobs):
    """`pdf_workers(visibility_timeout=…, lease=…)`: two pdf workers, ready; {node name: process}."""

    def start(*, visibility_timeout: int = 3600, lease: int = 300) -> dict:
        started = {}
        for name in ("first@pdf", "second@pdf"):
            command = [sys.executable, "-c", PDF_WORKER, name, str(settings.MEDIA_ROOT), str(visibility_timeout)]
            env = {"PRINT_CHUNK_SIZE": str(CHUNK_SIZE), "PRINT_CHUNK_LEASE_SECONDS": str(lease)}
            started[name] = jobs.launch(name.split("@")[0], command, **env)
        for process in started.values():
            process.wait_ready()
        return started

    return start


def start_print(staff, orders) -> PackingSlipPrint:
    with transaction.atomic():  # the job is published after the commit, as from the view
        return bulk.packing_slip_print_start(user=staff, order_ids=[order.pk for order in orders])


def wait_until_done(job: PackingSlipPrint, jobs, timeout: float = 120) -> PackingSlipPrint:
    def finished():
        row = PackingSlipPrint.objects.get(pk=job.pk)
        return row if row.is_finished else None

    done = wait_for(finished, f"print {job.pk} to finish", timeout=timeout, details=jobs.logs)
    assert done.status == PackingSlipPrintStatus.DONE, f"{done.error}\n{jobs.logs()}"
    return done


def pages(job: PackingSlipPrint) -> list[str]:
    with default_storage.open(job.file, "rb") as file:
        return pdf_pages(file.read())


def printed_in_process(staff, orders) -> list[str]:
    """The same orders printed one chunk after another in this process (as without REDIS_URL)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with transaction.atomic():
            job = bulk.packing_slip_print_start(user=staff, order_ids=[order.pk for order in orders])
        job.refresh_from_db()
        assert job.status == PackingSlipPrintStatus.DONE
        return pages(job)
    finally:
        celery_app.conf.task_always_eager = saved


def assert_printed_once(job: PackingSlipPrint, orders) -> list[str]:
    """Every order has exactly one packing slip, and the PDF has each slip on a page of its own, once."""
    per_order = dict(Shipment.objects.values_list("order").annotate(slips=Count("pk")))
    assert per_order == {order.pk: 1 for order in orders}
    numbers = dict(Shipment.objects.values_list("order_id", "number"))
    text = pages(job)
    assert len(text) == len(orders)
    assert [[number for number in numbers.values() if number in page] for page in text] == [
        [numbers[order_id]] for order_id in job.order_ids
    ]  # newest order first, as the print keeps them
    assert not PrintChunk.objects.exclude(file="").exists()  # the chunk PDFs were deleted after the merge
    return text


def test_two_pdf_workers_render_the_chunks_in_parallel_and_the_pdf_is_the_in_process_one(staff, jobs, pdf_workers):
    workers = pdf_workers()  # kombu's hour of visibility timeout, the lease of production: nothing is redelivered
    orders = [make_order() for _ in range(2 * CHUNK_SIZE)]

    job = wait_until_done(start_print(staff, orders), jobs)

    assert (job.done, job.slip_count, job.skipped) == (len(orders), len(orders), [])
    chunks = bulk.PRINT.chunks(job.pk)
    assert set(chunks.values_list("worker", flat=True)) == set(workers)  # one chunk each, side by side
    assert set(chunks.values_list("status", "attempts")) == {(PrintStatus.DONE, 1)}
    text = assert_printed_once(job, orders)
    assert printed_in_process(staff, orders) == text  # same pages, same text per page
    assert jobs.failures() == []


def test_a_pdf_worker_killed_while_it_renders_a_chunk_the_print_still_completes_once(staff, jobs, pdf_workers):
    workers = pdf_workers(visibility_timeout=VISIBILITY_TIMEOUT, lease=LEASE_SECONDS)
    orders = [make_order() for _ in range(3 * CHUNK_SIZE)]
    job = start_print(staff, orders)

    def rendering():
        """A chunk that a worker has taken and given at least one packing slip: it is in the middle of it."""
        for chunk in bulk.PRINT.chunks(job.pk).filter(status=PrintStatus.RUNNING).exclude(worker=""):
            if Shipment.objects.filter(order_id__in=chunk.order_ids).exists():
                return chunk
        return None

    doomed = wait_for(rendering, "a worker rendering a chunk", timeout=60, details=jobs.logs)
    workers[doomed.worker].kill()
    [survivor] = set(workers) - {doomed.worker}

    job = wait_until_done(job, jobs)

    taken_over = PrintChunk.objects.get(pk=doomed.pk)
    assert (taken_over.status, taken_over.attempts, taken_over.worker) == (PrintStatus.DONE, 2, survivor)
    assert (job.done, job.slip_count, job.skipped) == (len(orders), len(orders), [])
    text = assert_printed_once(job, orders)
    assert printed_in_process(staff, orders) == text
    assert jobs.failures() == []  # the survivor's log: nothing failed (the killed worker logged nothing of it)
