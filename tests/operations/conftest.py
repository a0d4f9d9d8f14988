import pytest
from django.db import transaction

from backoffice.celery import app as celery_app
from customers.services import customer_inform
from invoicing.models import InvoiceDocument
from notifications.models import OutboxMessage, OutboxStatus
from tests.invoicing.factories import make_invoice
from tests.notifications.conftest import broker, jobs, redis_server  # noqa: F401  (the real worker, Redis, broker)
from tests.orders.factories import make_order


@pytest.fixture(autouse=True)
def jobs_in_process():
    """Jobs run in the process that enqueues them (as without REDIS_URL), whatever the environment."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def failed_email(staff):
    """A Klant inlichten e-mail that failed for good (its job ran out of attempts), with the SMTP server's answer."""
    order = make_order()
    with transaction.atomic():
        message = customer_inform(order=order, actor=staff, message="Uw pakket is onderweg.")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=10, last_error="SMTPDataError: (554, b'5.7.1 Rejected')"
    )
    message.refresh_from_db()
    return message


@pytest.fixture
def failed_document(shop, staff):
    """The PDF of a new invoice, whose render failed."""
    invoice = make_invoice(actor=staff)
    document = InvoiceDocument.objects.get(invoice=invoice)
    InvoiceDocument.objects.filter(pk=document.pk).update(
        status="failed", attempts=1, last_error="OSError: no space left on device"
    )
    document.refresh_from_db()
    return document
