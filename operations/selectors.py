"""Every read of Storingen: the failed and waiting work of each kind, a page at a time, and the counters.

The lists read only rows that are not done (partial indexes: `outbox_unsent`, `outbox_failed`,
`invoicedocument_unready`; print jobs are few), newest first, keyset-paginated on the id. The counters read bounded
time windows (the last hour and the last 24 hours) on indexed timestamps, a query per kind of work, so a scrape of
/metrics costs the same at a million orders as at a hundred.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.utils import timezone

from invoicing.models import DocumentStatus, InvoiceDocument
from invoicing.rules import document_retry_refusal
from notifications import registry
from notifications.models import OutboxMessage, OutboxStatus
from notifications.rules import outbox_retry_refusal
from shipping.models import PackingSlipPrint, PackingSlipPrintStatus
from shipping.printing.rules import print_retry_refusal

PAGE_SIZE = 50
WINDOWS = {"1h": timedelta(hours=1), "24h": timedelta(hours=24)}

WAITING = {
    "email": [OutboxStatus.PENDING, OutboxStatus.SENDING],
    "pdf": [DocumentStatus.PENDING],
    "print": [PackingSlipPrintStatus.PENDING, PackingSlipPrintStatus.RUNNING],
}
FAILED = {"email": [OutboxStatus.FAILED], "pdf": [DocumentStatus.FAILED], "print": [PackingSlipPrintStatus.FAILED]}


@dataclass
class Row:
    """One piece of work as Storingen shows it, whatever its kind."""

    pk: int
    status: str
    status_label: str
    what: str  # the e-mail's kind and subject, the invoice and language, the print's size
    to: str  # the e-mail's address; empty for the others
    order_number: str  # the order it is about, if one
    attempts: int
    error: str
    created_at: object
    can_retry: bool
    refusal: str | None


@dataclass
class SupportPage:
    rows: list[Row]
    next_before: int | None  # the cursor of the next page, None on the last


def _statuses(show: str, problem: str) -> list[str]:
    if problem == "failed":
        return FAILED[show]
    if problem == "waiting":
        return WAITING[show]
    return FAILED[show] + WAITING[show]


def _page(queryset, before: int | None, to_row) -> SupportPage:
    if before:
        queryset = queryset.filter(pk__lt=before)
    found = list(queryset.order_by("-pk")[: PAGE_SIZE + 1])
    rows = [to_row(item) for item in found[:PAGE_SIZE]]
    return SupportPage(rows=rows, next_before=rows[-1].pk if len(found) > PAGE_SIZE else None)


def _email_row(message: OutboxMessage, now) -> Row:
    refusal = outbox_retry_refusal(message, now=now)
    kind = registry.email_kind(message.kind)
    return Row(
        pk=message.pk, status=message.status, status_label=message.get_status_display(),
        what=f"{kind.label if kind else message.kind}: {message.subject}", to=message.to,
        order_number=message.order.number if message.order_id else "", attempts=message.attempts,
        error=message.last_error, created_at=message.created_at, can_retry=refusal is None, refusal=refusal,
    )  # fmt: skip


def _document_row(document: InvoiceDocument, now) -> Row:
    refusal = document_retry_refusal(document, now=now)
    return Row(
        pk=document.pk, status=document.status, status_label=document.get_status_display(),
        what=f"{document.invoice.number} ({document.language})", to="",
        order_number=document.invoice.order.number, attempts=document.attempts, error=document.last_error,
        created_at=document.created_at, can_retry=refusal is None, refusal=refusal,
    )  # fmt: skip


def _print_row(job: PackingSlipPrint, now) -> Row:
    refusal = print_retry_refusal(job, now=now)
    return Row(
        pk=job.pk, status=job.status, status_label=job.get_status_display(), what=f"#{job.pk}: {job.total}",
        to=str(job.created_by or ""), order_number="", attempts=job.attempts, error=job.error,
        created_at=job.created_at, can_retry=refusal is None, refusal=refusal,
    )  # fmt: skip


def support_page(*, show: str, problem: str = "", kind: str = "", before: int | None = None, now=None) -> SupportPage:
    """The failed and/or waiting e-mails, invoice PDFs or print jobs, newest first, PAGE_SIZE a page. One query."""
    now = now or timezone.now()
    statuses = _statuses(show, problem)
    if show == "pdf":
        documents = InvoiceDocument.objects.filter(status__in=statuses).select_related("invoice__order")
        documents = documents.only(
            "status", "language", "attempts", "last_error", "created_at", "queued_at", "invoice__number",
            "invoice__order__number",
        )  # fmt: skip
        return _page(documents, before, lambda document: _document_row(document, now))
    if show == "print":
        jobs = PackingSlipPrint.objects.filter(status__in=statuses).select_related("created_by")
        jobs = jobs.defer("order_ids", "skipped")
        return _page(jobs, before, lambda job: _print_row(job, now))
    messages = OutboxMessage.objects.filter(status__in=statuses).select_related("order")
    if kind:
        messages = messages.filter(kind=kind)
    messages = messages.only(
        "kind", "to", "subject", "status", "attempts", "last_error", "created_at", "enqueued_at", "claimed_at",
        "order__number",
    )  # fmt: skip
    return _page(messages, before, lambda message: _email_row(message, now))


@dataclass
class Counters:
    """What happened in one window (the last hour or 24 hours): done, failed, and how long the work waited from being
    asked for to being done (seconds; None when nothing was done)."""

    window: str
    emails_sent: int
    emails_failed: int
    email_latency_avg: float | None
    email_latency_max: float | None
    pdfs_rendered: int
    pdfs_failed: int
    pdf_latency_avg: float | None
    pdf_latency_max: float | None


@dataclass
class Backlog:
    """What is not done now: waiting and failed e-mails, PDFs and print jobs."""

    emails_waiting: int
    emails_failed: int
    pdfs_waiting: int
    pdfs_failed: int
    prints_waiting: int
    prints_failed: int


def _seconds(duration) -> float | None:
    return None if duration is None else duration.total_seconds()


def _window_counts(model, done_field: str, failed_status: str, now) -> dict:
    """Done in each window (by `done_field`, indexed) with the average and longest wait from created_at, and failed
    in each window (by created_at, on the partial index of failed rows): two queries over the last 24 hours."""
    day = now - WINDOWS["24h"]
    wait = ExpressionWrapper(F(done_field) - F("created_at"), output_field=DurationField())
    done, failed = {}, {}
    for name, span in WINDOWS.items():
        since = now - span
        in_window = Q(**{f"{done_field}__gte": since})
        done[f"done_{name}"] = Count("pk", filter=in_window)
        done[f"avg_{name}"] = Avg(wait, filter=in_window)
        done[f"max_{name}"] = Max(wait, filter=in_window)
        failed[f"failed_{name}"] = Count("pk", filter=Q(created_at__gte=since))
    result = model.objects.filter(**{f"{done_field}__gte": day}).aggregate(**done)
    result |= model.objects.filter(status=failed_status, created_at__gte=day).aggregate(**failed)
    return result


def support_counters(*, now=None) -> list[Counters]:
    """The counters of the last hour and the last 24 hours. Four queries."""
    now = now or timezone.now()
    emails = _window_counts(OutboxMessage, "sent_at", OutboxStatus.FAILED, now)
    pdfs = _window_counts(InvoiceDocument, "rendered_at", DocumentStatus.FAILED, now)
    return [
        Counters(
            window=name,
            emails_sent=emails[f"done_{name}"],
            emails_failed=emails[f"failed_{name}"],
            email_latency_avg=_seconds(emails[f"avg_{name}"]),
            email_latency_max=_seconds(emails[f"max_{name}"]),
            pdfs_rendered=pdfs[f"done_{name}"],
            pdfs_failed=pdfs[f"failed_{name}"],
            pdf_latency_avg=_seconds(pdfs[f"avg_{name}"]),
            pdf_latency_max=_seconds(pdfs[f"max_{name}"]),
        )
        for name in WINDOWS
    ]


def support_backlog() -> Backlog:
    """What waits or failed now, whenever it was asked for. Three queries, each on a partial index (print jobs are
    few)."""

    def by_status(model, statuses) -> dict[str, int]:
        rows = model.objects.filter(status__in=statuses).values("status").annotate(n=Count("pk")).order_by()
        return {row["status"]: row["n"] for row in rows}

    emails = by_status(OutboxMessage, [*WAITING["email"], *FAILED["email"]])
    pdfs = by_status(InvoiceDocument, [*WAITING["pdf"], *FAILED["pdf"]])
    prints = by_status(PackingSlipPrint, [*WAITING["print"], *FAILED["print"]])
    return Backlog(
        emails_waiting=sum(emails.get(status, 0) for status in WAITING["email"]),
        emails_failed=emails.get(OutboxStatus.FAILED, 0),
        pdfs_waiting=pdfs.get(DocumentStatus.PENDING, 0),
        pdfs_failed=pdfs.get(DocumentStatus.FAILED, 0),
        prints_waiting=sum(prints.get(status, 0) for status in WAITING["print"]),
        prints_failed=prints.get(PackingSlipPrintStatus.FAILED, 0),
    )
