"""Exporteren on VERKOOP > Orders: the filtered list as CSV or XLSX, newest first, with the columns chosen.

The list's query string is parsed by `OrderFilterForm` and queried with `order_filter`, so every filter the list
has (and every one added later) works here too. Small exports are sent while the browser waits: CSV streamed
(`csv_stream`: the header goes out before the first row is read, rows come from a server-side cursor in chunks,
so memory stays flat whatever the count), XLSX written by openpyxl's write-only workbook into a temporary file.
Anything above `settings.ORDER_EXPORT_STREAM_LIMIT` (CSV) or `ORDER_EXPORT_XLSX_LIMIT` (XLSX) is an `OrderExport`
row and the job `orders.export_orders` (queue `default`) writes the same file into default_storage; its status
page polls and offers the download to the person who started it.

CSV: UTF-8 with a byte order mark (Excel reads it as UTF-8 only then) and `;` between fields: the people who open
it use Dutch Excel, whose list separator is `;` (`,` is its decimal comma), so a `,` file opens as one column.
Amounts are plain decimals with a point (`1234.50`), dates ISO in the shop's time zone (`2026-11-30 14:05:00`).
A text cell that starts with = + - @ (or a tab or carriage return) gets a leading `'`, so a spreadsheet shows it
instead of running it as a formula (CSV injection); in XLSX such a cell is written as a string cell.

VAT per rate: one column pair (amount incl. VAT, VAT) per rate present in the shop's order lines and shipping
costs, found with one query (a skip scan over two small indexes). Each order's (rate, amount) pairs come with its
row from one correlated subquery on the lines' order index — no query per order — and `money.vat_breakdown`
splits them exactly as the invoice does, so the amounts per rate add up to the order's total.

Every export is logged (who, how many rows, which format); it is not an order's history.
"""

import csv
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from decimal import Decimal
from functools import partial
from itertools import islice

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.money import ZERO, quantize, vat_breakdown
from backoffice.retention import stored_results_expire

from .. import sorting
from ..forms import OrderFilterForm
from ..models import ExportFormat, ExportStatus, Order, OrderExport, OrderLine, OrderQuerySet
from ..selectors import order_filter

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000  # rows fetched from the server-side cursor at a time
BATCH = 500  # CSV rows per piece of the streamed response
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STALE_AFTER = timedelta(minutes=5)  # a running export whose job has been silent this long lost its worker

# The columns the dialog offers, in the file's order. "vat" is a pair of columns per VAT rate.
COLUMNS = [
    ("number", gettext_lazy("Ordernummer")),
    ("placed_at", gettext_lazy("Datum")),
    ("customer", gettext_lazy("Klant")),
    ("email", gettext_lazy("E-mailadres")),
    ("country", gettext_lazy("Land")),
    ("vat", gettext_lazy("Bedragen per btw-tarief")),
    ("total", gettext_lazy("Totaal")),
    ("payment_status", gettext_lazy("Betaalstatus")),
    ("shipment_status", gettext_lazy("Verzendstatus")),
    ("status", gettext_lazy("Status")),
]
COLUMN_NAMES = [name for name, _label in COLUMNS]
FIELDS = [
    "id", "number", "placed_at", "billing_name", "email", "shipping_country", "total", "shipping_cost",
    "shipping_vat_rate", "payment_status", "shipment_status", "status", "custom_status", "custom_status__names",
]  # fmt: skip


# --- what is exported ---------------------------------------------------------------------------------------


def filters_from(query: str) -> dict:
    """The list's valid filters from its query string (invalid ones are left out, as the list does)."""
    return OrderFilterForm(QueryDict(query)).valid_filters()


def export_count(*, user, filters: dict, limit: int) -> int:
    """How many orders match, counted up to `limit` + 1 (enough to know it is more than `limit`). One query."""
    return order_filter(Order.objects.for_staff(user), filters).order_by()[: limit + 1].count()


def rates_present() -> list[Decimal]:
    """The VAT rates of all order lines and shipping costs, highest first. One query: a skip scan (the next rate
    above the last one, from the index) touches a few index pages per rate, whatever the number of orders."""
    line, order = OrderLine._meta.db_table, Order._meta.db_table
    sql = f"""
        WITH RECURSIVE line_rates(rate) AS (
            SELECT MIN(vat_rate) FROM {line}
            UNION ALL
            SELECT (SELECT MIN(vat_rate) FROM {line} WHERE vat_rate > line_rates.rate)
            FROM line_rates WHERE line_rates.rate IS NOT NULL
        ), shipping_rates(rate) AS (
            SELECT MIN(shipping_vat_rate) FROM {order}
            UNION ALL
            SELECT (SELECT MIN(shipping_vat_rate) FROM {order} WHERE shipping_vat_rate > shipping_rates.rate)
            FROM shipping_rates WHERE shipping_rates.rate IS NOT NULL
        )
        SELECT rate FROM line_rates WHERE rate IS NOT NULL
        UNION
        SELECT rate FROM shipping_rates WHERE rate IS NOT NULL
    """  # noqa: S608  (table names from the models, no input)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rates = {Decimal(rate).normalize() for (rate,) in cursor.fetchall()}
    return sorted(rates, reverse=True)


def _rate_text(rate: Decimal) -> str:
    return format(rate.normalize(), "f")


def headers(columns: list[str], rates: list[Decimal]) -> list[str]:
    """The first row, in the active language."""
    labels = dict(COLUMNS)
    row = []
    for column in columns:
        if column == "vat":
            for rate in rates:
                row += [
                    _("Bedrag %(rate)s%% incl. btw") % {"rate": _rate_text(rate)},
                    _("Btw %(rate)s%%") % {"rate": _rate_text(rate)},
                ]
        else:
            row.append(str(labels[column]))
    return row


def export_queryset(*, user, filters: dict, columns: list[str]) -> OrderQuerySet:
    """The orders to export in the list's order (its sort), with each order's VAT pairs when asked for."""
    orders = (
        order_filter(Order.objects.for_staff(user), filters)
        .select_related("custom_status")
        .only(*FIELDS)
        .order_by(*sorting.order_by(filters))
    )
    if "vat" in columns:
        pair = Concat(Cast("vat_rate", CharField()), Value(":"), Cast("total", CharField()), output_field=CharField())
        pairs = (
            OrderLine.objects.filter(order=OuterRef("pk"))
            .order_by()
            .values("order")
            .annotate(pairs=StringAgg(pair, delimiter=Value(" ")))
            .values("pairs")
        )
        orders = orders.annotate(vat_pairs=Subquery(pairs, output_field=CharField()))
    return orders


def _vat_lines(order: Order) -> dict[Decimal, tuple[Decimal, Decimal]]:
    amounts = []
    for pair in (order.vat_pairs or "").split():
        rate, amount = pair.split(":")
        amounts.append((Decimal(amount), Decimal(rate)))
    if order.shipping_cost:
        amounts.append((order.shipping_cost, order.shipping_vat_rate))
    return {line.rate: (line.gross, line.vat) for line in vat_breakdown(amounts)}


def row_values(order: Order, columns: list[str], rates: list[Decimal]) -> list:
    """One order's cells, typed: text, Decimal amounts, an aware datetime. Labels in the active language."""
    row = []
    for column in columns:
        if column == "number":
            row.append(order.number)
        elif column == "placed_at":
            row.append(timezone.localtime(order.placed_at))
        elif column == "customer":
            row.append(order.billing_name)
        elif column == "email":
            row.append(order.email)
        elif column == "country":
            row.append(order.shipping_country)
        elif column == "vat":
            per_rate = _vat_lines(order)
            for rate in rates:
                gross, vat = per_rate.get(rate, (ZERO, ZERO))
                row += [gross, vat]
        elif column == "total":
            row.append(order.total)
        elif column == "payment_status":
            row.append(order.get_payment_status_display())
        elif column == "shipment_status":
            row.append(order.get_shipment_status_display())
        elif column == "status":
            row.append(order.status_label)
    return row


def safe_text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_cell(value) -> str:
    if isinstance(value, Decimal):
        return str(quantize(value))
    if hasattr(value, "isoformat"):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    return safe_text(str(value))


class _Echo:
    """csv.writer's file: hands back the line it writes."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(orders: Iterator[Order], columns: list[str], rates: list[Decimal], language: str) -> Iterator[str]:
    """The header (with the byte order mark), then the rows, BATCH at a time. Translated labels are made with the
    language switched on and off around each batch, never across a `yield`."""
    writer = csv.writer(_Echo(), delimiter=";")
    with translation.override(language):
        first = "\ufeff" + writer.writerow(headers(columns, rates))
    yield first
    while True:
        with translation.override(language):
            batch = [
                writer.writerow([csv_cell(v) for v in row_values(o, columns, rates)]) for o in islice(orders, BATCH)
            ]
        if not batch:
            return
        yield "".join(batch)


def _no_jit() -> None:
    """PostgreSQL's JIT compiles a query this long (100,000 rows with a subquery each) before its first row, which
    took seconds in the bench; the per-row work is index lookups that JIT does not speed up. For this transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def csv_stream(*, user, filters: dict, columns: list[str], rates: list[Decimal], language: str) -> Iterator[str]:
    """The CSV for a StreamingHttpResponse. The rows come from a server-side cursor inside a transaction: without
    one PostgreSQL would run the whole query WITH HOLD before the first row comes out."""
    sent = [0]
    try:
        with transaction.atomic():
            _no_jit()
            orders = export_queryset(user=user, filters=filters, columns=columns).iterator(chunk_size=CHUNK_SIZE)
            orders = _counted(orders, lambda done: sent.__setitem__(0, done))
            yield from _csv_lines(orders, columns, rates, language)
    finally:
        logger.info("Order export (CSV, streamed) by user %s: %s rows.", user.pk, sent[0])


def _counted(orders: Iterable[Order], progress: Callable[[int], None] | None) -> Iterator[Order]:
    done = 0
    for done, order in enumerate(orders, start=1):
        yield order
        if progress and done % CHUNK_SIZE == 0:
            progress(done)
    if progress:
        progress(done)


def export_write(output, *, format: str, user, filters: dict, columns: list[str], language: str, progress=None) -> None:
    """Write the export into `output` (a binary file): the job's file and the small XLSX sent at once.

    Not in a transaction, so the job's progress is seen while it writes: PostgreSQL then keeps the cursor's result
    WITH HOLD (on its side, spilling to disk), which is fine for a job, not for a stream that must start at once."""
    rates = rates_present() if "vat" in columns else []
    orders = export_queryset(user=user, filters=filters, columns=columns).iterator(chunk_size=CHUNK_SIZE)
    orders = _counted(orders, progress)
    if format == ExportFormat.CSV:
        text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
        for piece in _csv_lines(orders, columns, rates, language):
            text.write(piece)
        text.detach()
    else:
        _xlsx_write(output, orders, columns, rates, language)


def _xlsx_write(output, orders: Iterator[Order], columns: list[str], rates: list[Decimal], language: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    with translation.override(language):
        sheet = workbook.create_sheet(title=_("Orders"))
        sheet.append(headers(columns, rates))

        def cell(value):
            if hasattr(value, "tzinfo"):
                return value.replace(tzinfo=None)  # local time; Excel knows no time zones
            if isinstance(value, str) and value.startswith("="):
                text = WriteOnlyCell(sheet, value)
                text.data_type = "s"  # a string that looks like a formula stays a string
                return text
            return value

        for order in orders:
            sheet.append([cell(value) for value in row_values(order, columns, rates)])
    workbook.save(output)


def xlsx_file(*, user, filters: dict, columns: list[str], language: str):
    """A small export as XLSX in a temporary file (deleted when closed), positioned at its start."""
    output = tempfile.TemporaryFile(prefix="orders-export-")
    rows = []
    export_write(
        output, format=ExportFormat.XLSX, user=user, filters=filters, columns=columns, language=language,
        progress=rows.append,
    )  # fmt: skip
    logger.info("Order export (XLSX) by user %s: %s rows.", user.pk, rows[-1] if rows else 0)
    output.seek(0)
    return output


def export_filename(format: str, *, now=None) -> str:
    return f"orders-{timezone.localdate(now or timezone.now()).isoformat()}.{format}"


# --- large exports: a job -----------------------------------------------------------------------------------


def stream_limit(format: str) -> int:
    """Up to how many rows an export is sent while the browser waits."""
    return settings.ORDER_EXPORT_STREAM_LIMIT if format == ExportFormat.CSV else settings.ORDER_EXPORT_XLSX_LIMIT


def order_export_start(*, user, query: str, format: str, columns: list[str]) -> OrderExport:
    """A large export: the row the status page polls, and its job after the commit."""
    with transaction.atomic():
        export = OrderExport.objects.create(
            created_by=user,
            format=format,
            query=query,
            columns=columns,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        transaction.on_commit(partial(_enqueue, export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from ..jobs import export_orders

    try:
        export_orders.delay(export_id)
    except Exception:  # broker down (or, run in-process, the job failed: its row says so)
        logger.warning("Order export %s was not enqueued or failed in-process.", export_id, exc_info=True)


def order_export_for(*, user, export_id: int) -> OrderExport:
    """An export for its status page or download: only the person who started it (it holds customers' personal
    data). Raises OrderExport.DoesNotExist."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise OrderExport.DoesNotExist
    return OrderExport.objects.get(pk=export_id, created_by=user)


def order_export_requeue(export: OrderExport, *, now=None) -> bool:
    """The status page, for an export that waited or stalled too long: enqueue its job again."""
    now = now or timezone.now()
    waited = export.status == ExportStatus.PENDING and export.created_at < now - timedelta(minutes=1)
    stalled = export.status == ExportStatus.RUNNING and export.updated_at and export.updated_at < now - STALE_AFTER
    if waited or stalled:
        _enqueue(export.pk)
    return bool(waited or stalled)


def _claim(export_id: int) -> bool:
    """Mark the export running if it waits for a job or its job went silent: of two deliveries one wins."""
    now = timezone.now()
    return bool(
        OrderExport.objects.filter(pk=export_id)
        .filter(Q(status=ExportStatus.PENDING) | Q(status=ExportStatus.RUNNING, updated_at__lt=now - STALE_AFTER))
        .update(status=ExportStatus.RUNNING, updated_at=now, done=0, error="")
    )


def order_export_run(*, export_id: int) -> OrderExport:
    """The job's work. Idempotent: an export that is done, failed or being written by a living job is left alone;
    a stale one starts over and replaces the file."""
    if not _claim(export_id):
        return OrderExport.objects.get(pk=export_id)
    export = OrderExport.objects.select_related("created_by").get(pk=export_id)
    rows = OrderExport.objects.filter(pk=export_id)
    filters = filters_from(export.query)
    user = export.created_by
    try:
        total = order_filter(Order.objects.for_staff(user), filters).count()
        rows.update(total=total, updated_at=timezone.now())

        def progress(done: int) -> None:
            rows.update(done=done, updated_at=timezone.now())

        name = f"exports/orders-{export_id}.{export.format}"
        with tempfile.TemporaryFile(prefix="orders-export-") as output:
            export_write(
                output, format=export.format, user=user, filters=filters, columns=export.columns,
                language=export.language, progress=progress,
            )  # fmt: skip
            output.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, File(output))
        export.refresh_from_db()
        logger.info("Order export %s (%s, job) by user %s: %s rows.", export_id, export.format, user.pk, export.done)
        now = timezone.now()
        rows.update(status=ExportStatus.DONE, file=stored, updated_at=now, finished_at=now)
    except Exception as error:
        now = timezone.now()
        rows.update(
            status=ExportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], updated_at=now, finished_at=now
        )
        raise
    export.refresh_from_db()
    return export


def order_exports_expire(*, now=None, limit: int = 500) -> int:
    """Beat, daily: delete the files of large exports older than PRINT_RESULT_RETENTION_DAYS. They hold customers'
    names and addresses: they are meant for one download, not to be kept in the storage."""
    done = OrderExport.objects.filter(status=ExportStatus.DONE)
    return stored_results_expire(done, what="order exports", now=now, limit=limit)
