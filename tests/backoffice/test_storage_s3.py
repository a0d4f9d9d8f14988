"""Documents and attachments in an S3-compatible bucket (STORAGE_BACKEND=s3), so web and workers on different
machines share them: against a local S3 server (moto, in server mode, on a free port of 127.0.0.1).

Every file is written by the code that writes it today (the invoice job, the print job, the ticket upload) and read
back through the view that checks who asks: the response is the file itself, never a redirect to the bucket."""

import socket

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from backoffice.storage import file_storages
from invoicing.models import InvoiceDocument
from invoicing.services import invoice_document_render
from shipping.printing import services as bulk
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order
from tests.tickets.factories import PDF, customer_account, make_ticket, pdf_upload
from tickets.models import TicketAttachment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-west-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, request):
    """A new private bucket per test, and the settings pointing both storages at it."""
    client = boto3.client("s3", endpoint_url=s3_server, **CREDENTIALS)
    name = f"backoffice-{request.node.name.replace('_', '-')[:40].lower().strip('-')}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    environ = {
        "S3_BUCKET": name, "S3_ENDPOINT_URL": s3_server, "S3_REGION": "eu-west-1",
        "S3_ACCESS_KEY_ID": "test", "S3_SECRET_ACCESS_KEY": "test",
    }  # fmt: skip
    settings.STORAGES = {**settings.STORAGES, **file_storages("s3", environ)}
    client.objects = lambda prefix="": {  # key → bytes
        item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
        for item in client.list_objects_v2(Bucket=name, Prefix=prefix).get("Contents", [])
    }
    client.name = name
    return client


def body(response) -> bytes:
    assert response.status_code == 200 and "Location" not in response
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_invoice_pdf_is_stored_in_the_bucket_and_downloaded_through_the_view(bucket, staff_client):
    invoice = make_invoice()
    for document in InvoiceDocument.objects.filter(invoice=invoice):
        invoice_document_render(document_id=document.pk)
    stored = bucket.objects("media/")
    [document] = InvoiceDocument.objects.filter(invoice=invoice, language="nl")
    assert stored[f"media/{document.file}"].startswith(b"%PDF")
    response = staff_client.get(f"/orders/{invoice.order.number}/invoices/{invoice.number}.pdf")
    assert body(response) == stored[f"media/{document.file}"]


def test_a_customer_downloads_her_invoice_from_the_bucket_and_nobody_elses(bucket, client):
    anna, bert = customer_account("anna@example.com"), customer_account("bert@example.com")
    order = make_order(customer=anna)
    invoice = make_invoice(order=order)
    for document in InvoiceDocument.objects.filter(invoice=invoice):
        invoice_document_render(document_id=document.pk)
    url = f"/account/orders/{order.number}/invoices/{invoice.number}/"
    client.force_login(anna.user)
    assert body(client.get(url)).startswith(b"%PDF")
    client.force_login(bert.user)
    assert client.get(url).status_code == 404


def test_a_ticket_attachment_lives_under_its_own_prefix_and_is_sent_only_by_the_view(bucket, client, staff):
    anna = customer_account("anna@example.com")
    ticket = make_ticket(customer=anna, files=[pdf_upload()])
    attachment = TicketAttachment.objects.get()
    assert bucket.objects("ticket-attachments/") == {f"ticket-attachments/{attachment.file}": PDF}
    assert not any(key.startswith("media/") for key in bucket.objects())
    client.force_login(staff)
    response = client.get(f"/tickets/{ticket.pk}/attachments/{attachment.pk}/")
    assert body(response) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="factuur.pdf"'


def test_a_packing_slip_print_is_merged_into_the_bucket_and_downloaded(
    bucket, staff, staff_client, django_capture_on_commit_callbacks
):
    orders = [make_order(), make_order()]
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.packing_slip_print_start(user=staff, order_ids=[order.pk for order in orders])
    job.refresh_from_db()
    assert default_storage.exists(job.file)
    stored = bucket.objects("media/")[f"media/{job.file}"]
    assert body(staff_client.get(f"/orders/packing-slips/prints/{job.pk}/pakbonnen.pdf")) == stored


def test_nothing_in_the_bucket_is_readable_by_everyone(bucket):
    anna = customer_account("anna@example.com")
    make_ticket(customer=anna, files=[pdf_upload()])
    invoice = make_invoice()
    for document in InvoiceDocument.objects.filter(invoice=invoice):
        invoice_document_render(document_id=document.pk)
    keys = list(bucket.objects())
    assert keys
    for key in keys:
        grants = bucket.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
        assert not [grant for grant in grants if "AllUsers" in grant["Grantee"].get("URI", "")], key


def test_the_backend_is_chosen_by_settings_and_a_bucket_is_required():
    from django.core.exceptions import ImproperlyConfigured

    local = file_storages("filesystem", {})
    assert local["attachments"]["BACKEND"] == "backoffice.storage.AttachmentFileStorage"
    remote = file_storages("s3", {"S3_BUCKET": "shop"})
    assert {remote[alias]["OPTIONS"]["location"] for alias in ("default", "attachments")} == {
        "media", "ticket-attachments"
    }  # fmt: skip
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        file_storages("s3", {})
    with pytest.raises(ImproperlyConfigured, match="filesystem"):
        file_storages("ftp", {})
