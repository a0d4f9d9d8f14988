"""Customers never see tasks or memos: not on the invoice or packing slip PDFs, not in any e-mail to them (issue 14).

An order with a task (mailed to the colleague) and a memo, each with a text nobody else would write; then every
customer-facing output the backoffice has is made for that order and searched for it. My Account does not exist yet
(issue 15): it gets its own check when it does.
"""

import pytest
from django.core import mail

from customers.services import customer_inform
from invoicing.models import Invoice
from invoicing.pdf import invoice_pdf
from notifications.models import OutboxMessage
from shipping.pdf import packing_slip_pdf
from tasks.services import TASK_EMAIL_KIND
from tests.memos.factories import make_memo
from tests.orders.factories import make_order
from tests.shipping.factories import make_shipment
from tests.support import pdf_text
from tests.tasks.factories import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop", "invoice_on_order")]

TASK_TEXT = "Taaktekst-Zebra-41"
MEMO_TEXT = "Memotekst-Okapi-73"


@pytest.fixture
def order(staff, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order()
        make_task(order=order, actor=admin_user, assignee=staff, description=TASK_TEXT, notify=True,
                  site_url="https://bo.example.com")  # fmt: skip
        make_memo(order=order, actor=admin_user, addressee=staff, text=MEMO_TEXT)
    return order


def assert_private(text: str) -> None:
    assert TASK_TEXT not in text and MEMO_TEXT not in text


@pytest.mark.parametrize("language", ["nl", "en", "de", "fr"])
def test_the_invoice_pdf_shows_no_task_or_memo(order, language):
    assert_private(pdf_text(invoice_pdf(Invoice.objects.get(order=order), language)))


def test_the_packing_slip_pdf_shows_no_task_or_memo(order):
    shipment = make_shipment(order)
    assert_private(pdf_text(packing_slip_pdf([shipment])))


def test_no_e_mail_to_the_customer_mentions_a_task_or_memo(order, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        customer_inform(order=order, actor=staff, message="Uw pakket komt morgen.")
        make_shipment(order, shipped=True, tracking_code="3SABC1234567")

    to_customer = OutboxMessage.objects.filter(to=order.email)
    assert {message.kind for message in to_customer} >= {"invoice", "inform_customer", "track_and_trace"}
    for message in to_customer:
        assert_private(message.subject + message.body)
    for sent in mail.outbox:
        if sent.to == [order.email]:
            assert_private(sent.subject + sent.body)
    # the one e-mail that carries the task went to the colleague, and only to her
    task_mail = OutboxMessage.objects.get(kind=TASK_EMAIL_KIND)
    assert task_mail.to == staff.email != order.email and TASK_TEXT in task_mail.body
