"""Prints of many orders (Pakbonnen printen, Facturen printen): chunks rendered in parallel by the `pdf` workers,
counted in the database, merged once.

An app describes its print with a `ChunkedPrint`: its model (a row with `order_ids`, `status`, `done`, a count field,
`skipped`, `file`, `error`, `attempts`, `updated_at`, `finished_at`), how one chunk of orders becomes PDF bytes (and
which orders it skipped, with the reason), and its three jobs, thin wrappers in `<app>/jobs.py` around the methods
here. Everything else is the same for both prints and lives here:

1. **start** (`ChunkedPrint.run`, the app's start job): claims the print (one UPDATE: waiting, or running without a
   sign of life for STALE_AFTER), makes its `PrintChunk` rows once (PRINT_CHUNK_SIZE orders each), and sends one
   chunk job per unfinished chunk to queue `pdf` as a Celery group. There is no result backend: nothing waits for it.
2. **chunk** (`run_chunk`): claims its row with a lease (`PRINT_CHUNK_LEASE_SECONDS`; a second delivery while the
   first is alive does nothing), renders, saves the PDF in default_storage (web and workers may be different
   machines), then under the print's row lock marks the chunk done and recounts the print's progress from its done
   chunks (done, the count, skipped in the orders' order): a chunk counts once however often it is delivered. The
   chunk that leaves none unfinished enqueues the merge, after its commit.
3. **merge** (`merge`): under the print's row lock, if it is running and every chunk is done, merges the chunk PDFs
   in chunk order into one stored file and marks the print done; after the commit the chunk PDFs are deleted. A second
   merge finds the print done and does nothing: the result is made once.

A worker killed mid-chunk leaves its message unacknowledged (acks_late): Redis hands it out again after the broker's
visibility timeout, and the new delivery takes over once the lease has run out. Should that not happen (a lost
message, a failure), the print shows no progress: its status page re-enqueues the start job after STALE_AFTER
(`requeue`), and Storingen's Opnieuw proberen (`retry`) after a failure; either sends the unfinished chunks again.
Without REDIS_URL every job runs in-process, the chunks one after another.
"""

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from celery import group
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from pypdf import PdfWriter

from .models import PrintChunk, PrintStatus

logger = logging.getLogger(__name__)

# A running print that has shown no progress for this long lost its jobs: a new start job takes over.
STALE_AFTER = timedelta(minutes=5)
WAITED_TOO_LONG = timedelta(minutes=1)  # a print still waiting for its start job after this is enqueued again


# How one chunk of a print becomes a PDF: (the print, its chunk's order ids) -> (PDF bytes or None when the chunk has
# nothing to print, the number of documents in it, [[order number, reason], …] for the orders it skipped).
RenderChunk = Callable[[models.Model, list[int]], tuple[bytes | None, int, list[list[str]]]]


def error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


@dataclass(frozen=True)
class ChunkedPrint:
    model: type[models.Model]
    count_field: str  # "slip_count", "document_count"
    language_field: str  # the language of the person who started it: the skip reasons are in it
    result_name: str  # the merged file in default_storage, "packing-slips/print-{pk}.pdf"
    render_chunk: RenderChunk
    start_job: str  # dotted paths of the app's jobs ("shipping.jobs.print_packing_slips"), imported when used
    chunk_job: str
    merge_job: str

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    def chunks(self, print_id: int):
        return PrintChunk.objects.filter(print_type=self.kind, print_id=print_id)

    def _rows(self, print_id: int):
        return self.model.objects.filter(pk=print_id)

    # --- enqueueing --------------------------------------------------------------------------------------------

    def enqueue(self, print_id: int) -> None:
        """The start job (after the commit of whoever calls this). Never raises: a broker that is down leaves the
        print waiting, and its status page enqueues it again; run in-process, a failure is on the print's row."""
        try:
            import_string(self.start_job).delay(print_id)
        except Exception:
            logger.warning("Print %s %s was not enqueued or failed in-process.", self.kind, print_id, exc_info=True)

    def _fan_out(self, chunk_ids: list[int]) -> None:
        """One chunk job per chunk on queue `pdf`, as one Celery group (in-process: one after another)."""
        chunk_job = import_string(self.chunk_job)
        group(chunk_job.s(chunk_id) for chunk_id in chunk_ids).apply_async()

    def _enqueue_merge(self, print_id: int) -> None:
        import_string(self.merge_job).delay(print_id)

    def requeue(self, job, *, now=None) -> bool:
        """The status page, for a print that waited or stalled too long (the broker was down, its jobs were lost):
        enqueue its start job again. Harmless when it was merely slow: the start job takes over only a stale row."""
        now = now or timezone.now()
        waited = job.status == PrintStatus.PENDING and job.created_at < now - WAITED_TOO_LONG
        stalled = job.status == PrintStatus.RUNNING and job.updated_at and job.updated_at < now - STALE_AFTER
        if waited or stalled:
            self.enqueue(job.pk)
        return bool(waited or stalled)

    def retry(self, *, job):
        """Storingen › Opnieuw proberen, after the app checked that it may (under the row lock it took): the print
        waits for its start job again, enqueued after the commit; that sends the chunks that are not done."""
        job.status, job.updated_at, job.finished_at = PrintStatus.PENDING, timezone.now(), None
        job.save(update_fields=["status", "updated_at", "finished_at"])
        transaction.on_commit(partial(self.enqueue, job.pk))
        return job

    # --- the start job -----------------------------------------------------------------------------------------

    def _claim(self, print_id: int) -> bool:
        """Mark the print running, if it waits for its start job or its jobs went silent. One UPDATE: of two
        deliveries at the same moment one wins; a print that is done (or failed) is left alone."""
        now = timezone.now()
        waiting = Q(status=PrintStatus.PENDING) | Q(status=PrintStatus.RUNNING, updated_at__lt=now - STALE_AFTER)
        claimed = self._rows(print_id).filter(waiting)
        return bool(claimed.update(status=PrintStatus.RUNNING, updated_at=now, error="", attempts=F("attempts") + 1))

    def run(self, *, print_id: int):
        """The start job. Idempotent: a print that is done, failed or being made by living jobs is left alone; a
        stale one goes on with the chunks that are not done (those that are keep their PDF and their count)."""
        if not self._claim(print_id):
            return self.model.objects.get(pk=print_id)
        try:
            to_do = self._chunks_to_do(print_id)
            if to_do:
                self._fan_out(to_do)
            else:  # every chunk was done, the merge is what was lost
                self._enqueue_merge(print_id)
        except Exception as error:
            self._fail(print_id, error)
            raise
        return self.model.objects.get(pk=print_id)

    @transaction.atomic
    def _chunks_to_do(self, print_id: int) -> list[int]:
        """Under the print's row lock: its chunks, made on the first run; those not done wait again (a running one
        of a stale print lost its worker); the progress counted from the done ones. Their ids in chunk order."""
        job = self.model.objects.select_for_update().get(pk=print_id)
        chunks = self.chunks(print_id)
        if not chunks.exists():
            order_ids, size = job.order_ids, settings.PRINT_CHUNK_SIZE
            PrintChunk.objects.bulk_create(
                PrintChunk(
                    print_type=self.kind, print_id=print_id, index=index, order_ids=order_ids[start : start + size]
                )
                for index, start in enumerate(range(0, len(order_ids), size))
            )
        unfinished = chunks.exclude(status=PrintStatus.DONE)
        unfinished.update(status=PrintStatus.PENDING, claimed_at=None)
        self._count(print_id)
        return list(unfinished.order_by("index").values_list("pk", flat=True))

    def _count(self, print_id: int) -> None:
        """The print's progress from its done chunks, in chunk order (so the skipped orders keep the print's order).
        Called under the print's row lock: concurrent chunks never overwrite each other's counts."""
        done, count, skipped = 0, 0, []
        rows = self.chunks(print_id).filter(status=PrintStatus.DONE).order_by("index")
        for order_ids, chunk_count, chunk_skipped in rows.values_list("order_ids", "count", "skipped"):
            done, count, skipped = done + len(order_ids), count + chunk_count, skipped + chunk_skipped
        counts = {"done": done, self.count_field: count, "skipped": skipped}
        self._rows(print_id).update(**counts, updated_at=timezone.now())

    def _fail(self, print_id: int, error: BaseException) -> None:
        now = timezone.now()
        self._rows(print_id).exclude(status=PrintStatus.DONE).update(
            status=PrintStatus.FAILED, error=error_text(error), updated_at=now, finished_at=now
        )

    # --- a chunk job -------------------------------------------------------------------------------------------

    def _claim_chunk(self, chunk_id: int, worker: str) -> bool:
        """Take the chunk if it waits, or if the job that took it has been at it longer than the lease (its worker
        died and the broker delivered the job again). One UPDATE: of two deliveries one wins."""
        now = timezone.now()
        lease = timedelta(seconds=settings.PRINT_CHUNK_LEASE_SECONDS)
        waiting = Q(status=PrintStatus.PENDING) | Q(status=PrintStatus.RUNNING, claimed_at__lt=now - lease)
        return bool(
            PrintChunk.objects.filter(waiting, pk=chunk_id).update(
                status=PrintStatus.RUNNING, claimed_at=now, worker=worker[:200], attempts=F("attempts") + 1
            )
        )

    def run_chunk(self, *, chunk_id: int, worker: str = "") -> None:
        """A chunk job. Idempotent: a chunk that is done, or taken by a living job, or of a print that is not
        running (failed, done, waiting for its retry) is left alone; a chunk rendered twice counts once."""
        chunk = PrintChunk.objects.get(pk=chunk_id)
        job = self.model.objects.get(pk=chunk.print_id)
        if job.status != PrintStatus.RUNNING or not self._claim_chunk(chunk_id, worker):
            return
        try:
            with translation.override(getattr(job, self.language_field)):
                content, count, skipped = self.render_chunk(job, chunk.order_ids)
            name = ""
            if content:
                part = self.result_name.format(pk=job.pk).removesuffix(".pdf") + f"-part-{chunk.index:04d}.pdf"
                name = default_storage.save(part, ContentFile(content))  # a name of its own when one exists
            completes = self._finish_chunk(chunk_id, print_id=job.pk, name=name, count=count, skipped=skipped)
        except Exception as error:
            PrintChunk.objects.filter(pk=chunk_id, status=PrintStatus.RUNNING).update(status=PrintStatus.FAILED)
            self._fail(job.pk, error)
            raise
        if completes:  # committed: the merge job finds every chunk done
            self._enqueue_merge(job.pk)

    def _finish_chunk(self, chunk_id: int, *, print_id: int, name: str, count: int, skipped: list) -> bool:
        """Under the print's row lock (every chunk's end takes turns): the chunk done with its PDF and counts, the
        print's progress recounted. Whether this chunk was the last one of a running print."""
        with transaction.atomic():
            job = self.model.objects.select_for_update().get(pk=print_id)
            chunk = PrintChunk.objects.select_for_update().get(pk=chunk_id)
            duplicate, last = chunk.status == PrintStatus.DONE, False  # done: another delivery finished it first
            if not duplicate:
                chunk.status, chunk.file, chunk.count, chunk.skipped = PrintStatus.DONE, name, count, skipped
                chunk.finished_at = timezone.now()
                chunk.save(update_fields=["status", "file", "count", "skipped", "finished_at"])
                self._count(print_id)
                last = not self.chunks(print_id).exclude(status=PrintStatus.DONE).exists()
        if duplicate:
            if name:
                default_storage.delete(name)
            return False
        return last and job.status == PrintStatus.RUNNING

    # --- the merge job -----------------------------------------------------------------------------------------

    def merge(self, *, print_id: int):
        """The merge job: the chunk PDFs, in chunk order, as one stored file; the print done. Idempotent: a print
        that is not running, or has a chunk that is not done, is left alone (a done one only loses its leftover
        chunk PDFs)."""
        try:
            with transaction.atomic():
                job = self.model.objects.select_for_update().get(pk=print_id)
                chunks = self.chunks(print_id)
                if job.status == PrintStatus.RUNNING and not chunks.exclude(status=PrintStatus.DONE).exists():
                    files = list(chunks.exclude(file="").order_by("index").values_list("file", flat=True))
                    stored = self._store(files, self.result_name.format(pk=print_id)) if files else ""
                    now = timezone.now()
                    self._rows(print_id).update(status=PrintStatus.DONE, file=stored, updated_at=now, finished_at=now)
        except Exception as error:
            self._fail(print_id, error)
            raise
        job = self.model.objects.get(pk=print_id)
        if job.status == PrintStatus.DONE:
            self._delete_parts(print_id)
        return job

    def _store(self, files: list[str], name: str) -> str:
        """The files merged into one in default_storage under `name` (replacing an earlier attempt's). pypdf copies
        the finished pages, never a layout; the merged file is written to a temporary file, not held in memory."""
        writer = PdfWriter()
        for file in files:
            with default_storage.open(file, "rb") as content:
                writer.append(content)
        with tempfile.TemporaryFile(prefix="print-") as merged:
            writer.write(merged)
            writer.close()
            merged.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)
            return default_storage.save(name, File(merged, name=name))

    def _delete_parts(self, print_id: int) -> None:
        for pk, file in self.chunks(print_id).exclude(file="").values_list("pk", "file"):
            default_storage.delete(file)  # storage backends ignore a name that does not exist
            PrintChunk.objects.filter(pk=pk).update(file="")
