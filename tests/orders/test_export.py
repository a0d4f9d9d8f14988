"""Exporteren on VERKOOP > Orders: CSV streamed, XLSX sent, a large export as a job (orders/export/)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orders.export import services
from orders.models import ExportStatus, OrderExport, PaymentStatus
from tests.orders.factories import address, line, make_order

pytestmark = pytest.mark.django_db

ALL = services.COLUMN_NAMES


def export(client, *, query: str = "", format: str = "csv", columns=ALL):
    return client.post(reverse("orders_export:start"), {"filter": query, "format": format, "columns": columns})


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def two_rates_order(**overrides):
    """21% and 9% lines and shipping at 21%: 24.95 + 2 × 10.00 + 4.95 = 49.90."""
    return make_order(
        lines=[line(), line(product_name="Molen", sku="M-1", unit_price=Decimal("10.00"), quantity=2,
                             vat_rate=Decimal("21"))],
        shipping_vat_rate=Decimal("21"),
        **overrides,
    )  # fmt: skip


def test_csv_has_the_chosen_columns_vat_per_rate_that_adds_up_and_is_streamed(staff_client):
    order = two_rates_order()
    response = export(staff_client)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="orders-')
    header, *rows = read_csv(response)
    assert header == [
        "Ordernummer", "Datum", "Klant", "E-mailadres", "Land", "Bedrag 21% incl. btw", "Btw 21%",
        "Bedrag 9% incl. btw", "Btw 9%", "Totaal", "Betaalstatus", "Verzendstatus", "Status",
    ]  # fmt: skip
    [row] = rows
    values = dict(zip(header, row, strict=True))
    assert values["Ordernummer"] == order.number
    assert values["Datum"] == timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M:%S")
    assert values["E-mailadres"] == order.email
    assert values["Land"] == "NL"
    assert values["Bedrag 21% incl. btw"] == "24.95"  # 20.00 + 4.95 shipping
    assert values["Btw 21%"] == "4.33"  # 24.95 - round(24.95 / 1.21)
    assert values["Bedrag 9% incl. btw"] == "24.95"
    assert values["Btw 9%"] == "2.06"
    assert values["Totaal"] == "49.90"
    assert Decimal(values["Bedrag 21% incl. btw"]) + Decimal(values["Bedrag 9% incl. btw"]) == order.total
    assert (values["Betaalstatus"], values["Status"]) == ("Niet betaald", "Nieuw")


def test_only_the_chosen_columns_in_the_files_order(staff_client):
    make_order()
    header, row = read_csv(export(staff_client, columns=["status", "number"]))
    assert header == ["Ordernummer", "Status"]


def test_a_cell_that_would_be_a_formula_gets_a_quote_and_separators_are_quoted(staff_client):
    make_order(billing=address(name='=HYPERLINK("http://evil.example";"klik")'))
    make_order(billing=address(name="+31 Jansen; de Vries"))
    make_order(billing=address(name="@SUM(A1)"))
    make_order(billing=address(name="-2+3"))
    header, *rows = read_csv(export(staff_client, columns=["customer", "total"]))
    names = [row[0] for row in rows]
    assert names == ["'-2+3", "'@SUM(A1)", "'+31 Jansen; de Vries", '\'=HYPERLINK("http://evil.example";"klik")']
    assert [row[1] for row in rows] == ["29.90"] * 4  # amounts are numbers, never quoted


def test_the_list_filters_apply_and_the_order_is_the_lists(staff_client):
    first, paid, third = make_order(), make_order(), make_order()
    paid.payment_status = PaymentStatus.PAID
    paid.save(update_fields=["payment_status"])
    header, *rows = read_csv(export(staff_client, columns=["number"]))
    assert [row[0] for row in rows] == [third.number, paid.number, first.number]
    header, *rows = read_csv(export(staff_client, query="payment_status=paid&cursor=xyz", columns=["number"]))
    assert [row[0] for row in rows] == [paid.number]
    # Sorted as the list was (here by order number, oldest number first): the export follows it.
    header, *rows = read_csv(export(staff_client, query="sort=number", columns=["number"]))
    assert [row[0] for row in rows] == [first.number, paid.number, third.number]


def test_the_number_of_queries_does_not_grow_with_the_rows(staff_client):
    make_order()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            read_csv(export(staff_client))
        return len(captured)

    few = queries()
    for _ in range(30):
        two_rates_order()
    with CaptureQueriesContext(connection) as captured:
        header, *rows = read_csv(export(staff_client))
    assert len(rows) == 31
    assert len(captured) == few


def test_xlsx_opens_with_openpyxl_and_has_the_rows(staff_client):
    order = two_rates_order(billing=address(name="=1+1"))
    response = export(staff_client, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="orders-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert values["Ordernummer"] == order.number
    assert values["Klant"] == "=1+1"  # a text cell, not a formula
    assert sheet.cell(row=2, column=header.index("Klant") + 1).data_type == "s"
    assert Decimal(str(values["Totaal"])) == Decimal("49.90")
    placed = timezone.localtime(order.placed_at).replace(tzinfo=None, microsecond=0)
    assert values["Datum"].replace(microsecond=0) == placed


def test_nothing_to_export_is_refused_in_the_dialog(staff_client):
    response = export(staff_client, query="q=niemand-zo")
    assert response.status_code == 422
    assert "niets te exporteren" in response.content.decode()


def test_no_columns_is_refused(staff_client):
    make_order()
    response = export(staff_client, columns=[])
    assert response.status_code == 422
    assert "Kies minstens één kolom." in response.content.decode()


def test_a_large_export_is_a_job_with_a_status_page_and_a_download_for_its_maker_only(
    staff_client, settings, django_capture_on_commit_callbacks, admin_user, staff
):
    settings.ORDER_EXPORT_STREAM_LIMIT = 2
    orders = [make_order() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = export(staff_client, columns=["number", "vat", "total"])
    job = OrderExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("orders_export:status", args=[job.pk])
    assert (job.status, job.total, job.done, job.created_by) == (ExportStatus.DONE, 3, 3, staff)
    page = staff_client.get(response.url)
    assert "3 van 3 orders" in page.content.decode()
    download = staff_client.get(reverse("orders_export:download", args=[job.pk]))
    assert download.status_code == 200
    header, *rows = read_csv(download)
    assert [row[0] for row in rows] == [order.number for order in reversed(orders)]
    # Another staff member does not see it: it holds customers' personal data.
    colleague = Client()
    colleague.force_login(admin_user)
    assert colleague.get(reverse("orders_export:download", args=[job.pk])).status_code == 404
    assert colleague.get(reverse("orders_export:status", args=[job.pk])).status_code == 404


def test_the_job_is_idempotent_and_writes_xlsx(staff, settings):
    make_order()
    job = services.order_export_start(user=staff, query="", format="xlsx", columns=["number"])
    OrderExport.objects.filter(pk=job.pk).update(status=ExportStatus.PENDING)
    services.order_export_run(export_id=job.pk)
    done = OrderExport.objects.get(pk=job.pk)
    assert done.status == ExportStatus.DONE
    again = services.order_export_run(export_id=job.pk)  # a second delivery: left alone
    assert (again.file, again.finished_at) == (done.file, done.finished_at)
    with default_storage.open(done.file, "rb") as content:
        sheet = load_workbook(content).active
        assert sheet.max_row == 2


def test_the_dialog_carries_the_list_filter_without_its_position(staff_client):
    response = staff_client.get(reverse("orders_export:dialog"), {"filter": "payment_status=paid&cursor=abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="payment_status=paid"' in page
    assert "cursor" not in page.split("export-dialog")[1]


def test_the_dialog_partial_for_htmx(staff_client):
    response = staff_client.get(reverse("orders_export:dialog"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert 'id="export-dialog"' in response.content.decode()


def test_the_list_offers_the_export_with_its_filter(staff_client):
    make_order()
    page = staff_client.get(reverse("orders:list"), {"payment_status": "unpaid"}).content.decode()
    assert 'data-action="export-orders"' in page
    assert 'name="filter" value="payment_status=unpaid"' in page
