"""Betaalherinnering in the bottom bar: the dialog, sending, a refusal, as staff use them."""

import json
from datetime import datetime

import pytest
from django.core import mail
from django.utils import timezone

from backoffice import blocks
from backoffice.models import InvoiceTiming
from history.models import OrderEvent
from invoicing.models import Invoice
from notifications.models import OutboxMessage
from notifications.registry import EmailKind
from orders.models import Order, OrderStatus, PaymentMethod
from payments.events import PaymentEventType
from payments.models import PaymentReminder
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.support import HTMX, element, shop_settings, top

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop", "invoice_on_order")]
NBSP = "\N{NO-BREAK SPACE}"


def url(order) -> str:
    return f"/orders/{order.number}/payment/reminder/"


def reminders_sent(order) -> int:
    """Everything a reminder leaves behind, counted; the invoice's own e-mail does not count."""
    emails = OutboxMessage.objects.filter(order=order, kind=EmailKind.PAYMENT_REMINDER).count()
    events = OrderEvent.objects.filter(order=order, type=PaymentEventType.PAYMENT_REMINDER_SENT).count()
    rows = PaymentReminder.objects.filter(order=order).count()
    assert emails == events == rows
    return rows


# The bottom bar


@pytest.mark.parametrize(
    ("method", "prepare", "offered"),
    [
        (PaymentMethod.BANK_TRANSFER, {}, True),
        (PaymentMethod.BANK_TRANSFER, {"is_on_hold": True}, True),
        (PaymentMethod.IDEAL, {}, False),
        (PaymentMethod.BANK_TRANSFER, {"status": OrderStatus.CANCELLED}, False),
    ],
    ids=["unpaid", "on-hold", "paid", "cancelled"],
)
def test_the_bottom_bar_offers_betaalherinnering_for_an_unpaid_order_only(method, prepare, offered):
    order = make_order(payment_method=method)
    Order.objects.filter(pk=order.pk).update(**prepare)

    names = [action.name for action in blocks.actions_for(Order.objects.get(pk=order.pk))]

    assert ("payment_reminder" in names) == offered
    if offered:
        assert names.index("payment_reminder") == names.index("inform") + 1  # right after Klant inlichten


# The dialog


def test_the_dialog_says_to_whom_how_much_and_which_invoice(staff_client):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    invoice = Invoice.objects.get(order=order)

    response = staff_client.get(url(order), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    dialog = top(html)
    assert (dialog.tag, dialog.attrs["aria-labelledby"], dialog.has("open")) == ("dialog", "dialog-title", False)
    assert {"dialog", "card"} <= dialog.classes
    assert element(html, "h2", id="dialog-title").text == "Betaalherinnering versturen"
    assert f'hx-post="{url(order)}"' in html and f'action="{url(order)}"' in html
    assert "per e-mail aan jan@example.nl" in html and f"€{NBSP}29,90 staat open" in html
    assert f"Factuur {invoice.number} gaat als bijlage mee." in html
    assert ">Versturen</button>" in html and "data-close-dialog" in html
    assert "message-warning" not in html
    assert reminders_sent(order) == 0


def test_without_an_invoice_the_dialog_says_to_make_one_first(staff_client):
    shop_settings(invoice_timing=InvoiceTiming.MANUAL)
    order = make_order()

    html = staff_client.get(url(order), headers=HTMX).text

    assert "Maak eerst een factuur aan" in html


def test_without_javascript_the_dialog_is_a_page(staff_client):
    order = make_order()

    html = staff_client.get(url(order)).text

    assert "<html" in html and element(html, "dialog", aria_labelledby="dialog-title").has("open")
    assert f'<form method="post" action="{url(order)}"' in html


def test_the_dialog_of_a_paid_order_says_why_it_cannot(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    html = staff_client.get(url(order), headers=HTMX).text

    assert "Deze order is al betaald; een betaalherinnering is niet nodig." in html
    assert "staat open" not in html


def test_the_dialog_tells_when_the_last_reminder_went(staff_client):
    order = make_order()
    staff_client.post(url(order), headers=HTMX)

    just_now = staff_client.get(url(order), headers=HTMX).text
    PaymentReminder.objects.update(sent_at=timezone.make_aware(datetime(2026, 3, 2, 14, 5)), automatic=True)
    earlier = staff_client.get(url(order), headers=HTMX).text

    assert "Er is net al een betaalherinnering verstuurd (om " in just_now and "staat open" not in just_now
    assert "Op 2 maart 2026 14:05 is al automatisch een betaalherinnering verstuurd." in earlier
    assert "staat open" in earlier


# Versturen


def test_versturen_queues_the_reminder_closes_the_dialog_and_tells_the_blocks(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the invoice's PDF is rendered
        order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(order), headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert json.loads(response.headers["HX-Trigger"]) == {"order-changed": {}}
    assert "action-bar" in element(html, id="order-actions").classes and 'data-action="payment_reminder"' in html
    assert "De betaalherinnering is verstuurd naar jan@example.nl." in html
    assert reminders_sent(order) == 1
    reminder = PaymentReminder.objects.get()
    assert not reminder.automatic and reminder.created_by.email == "medewerker@example.com"
    assert [sent.subject for sent in mail.outbox] == [f"Betaalherinnering voor uw bestelling {order.number}"]


def test_a_refusal_comes_back_in_the_dialog_with_422_and_changes_nothing(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    before = Order.objects.values().get(pk=order.pk)

    response = staff_client.post(url(order), headers=HTMX)

    html = response.text
    assert response.status_code == 422 and "HX-Trigger" not in response.headers
    assert "<dialog" in html and "<html" not in html
    error = element(html, "div", class_="form-error", role="alert")
    assert error.text.startswith("Deze order is geannuleerd; een betaalherinnering is niet nodig.")
    assert html.count("betaalherinnering is niet nodig") == 1  # said once, not again as a warning
    assert Order.objects.values().get(pk=order.pk) == before
    assert reminders_sent(order) == 0


def test_a_second_versturen_right_after_is_refused_with_the_time(staff_client):
    order = make_order()
    first = staff_client.post(url(order), headers=HTMX)

    second = staff_client.post(url(order), headers=HTMX)

    assert first.status_code == 200 and second.status_code == 422
    assert "Er is net al een betaalherinnering verstuurd (om " in second.text
    assert reminders_sent(order) == 1


def test_without_javascript_versturen_redirects_back_with_a_message(staff_client):
    order = make_order()

    response = staff_client.post(url(order))

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    assert reminders_sent(order) == 1


def test_the_history_tells_who_sent_it_and_links_the_email(staff_client):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))
    invoice = Invoice.objects.get(order=order)
    staff_client.post(url(order), headers=HTMX)
    email = OutboxMessage.objects.get(kind=EmailKind.PAYMENT_REMINDER)

    html = staff_client.get(f"/orders/{order.number}/history/", headers=HTMX).text

    assert "Betaalherinnering verstuurd" in html
    assert f"Betaalherinnering naar jan@example.nl: €{NBSP}29,90 open, factuur {invoice.number} als bijlage." in html
    assert f'href="/outbox/{email.pk}/"' in html and "Mila de Vries" in html


# Who may


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_staff_may(client, customer_user, method):
    order = make_order()

    anonymous = getattr(client, method)(url(order), headers=HTMX)
    client.force_login(customer_user)
    customer = getattr(client, method)(url(order), headers=HTMX)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/")
    assert customer.status_code == 403
    assert reminders_sent(order) == 0


def test_an_unknown_order_is_404(staff_client):
    assert staff_client.post("/orders/NOPE/payment/reminder/", headers=HTMX).status_code == 404


# The bar keeps up with the order (issue 9: after Betaald it still offered Betaalherinnering, which then refused)


def test_the_bar_refreshes_itself_when_the_order_changed(staff_client, staff):
    order = make_order()
    dashboard = staff_client.get(f"/orders/{order.number}/").text
    bar = dashboard[dashboard.index('id="order-actions"') :].split(">", 1)[0]
    assert f'hx-get="/orders/{order.number}/actions/"' in bar and 'hx-trigger="order-changed from:body"' in bar

    before = staff_client.get(f"/orders/{order.number}/actions/", headers=HTMX)
    paid = staff_client.post(f"/orders/{order.number}/payment/paid/", headers=HTMX)
    after = staff_client.get(f"/orders/{order.number}/actions/", headers=HTMX)

    assert json.loads(paid.headers["HX-Trigger"]) == {"order-changed": {}}  # the bar hears it like a block
    assert before.status_code == 200 and "<html" not in before.text and 'id="order-actions"' in before.text
    assert 'data-action="payment_reminder"' in before.text
    assert 'data-action="payment_reminder"' not in after.text and 'data-action="copy"' in after.text


def test_a_dialog_that_can_only_refuse_offers_no_versturen(staff_client):
    order = make_order(payment_method=PaymentMethod.IDEAL)

    html = staff_client.get(url(order), headers=HTMX).text

    assert element(html, "div", class_="form-error", role="alert").text.startswith("Deze order is al betaald")
    assert 'type="submit"' not in html and "data-close-dialog" in html
