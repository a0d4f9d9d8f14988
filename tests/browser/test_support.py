"""ALGEMEEN > Storingen in the browser: the Beheerder finds the mail that failed, with the server's answer, and sends
it again with Opnieuw proberen; a sent mail leaves the list."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from customers.services import customer_inform
from notifications.models import OutboxMessage, OutboxStatus
from tests.orders.factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def failed_email(admin_user, mailoutbox):
    order = make_order()
    with transaction.atomic():
        message = customer_inform(order=order, actor=admin_user, message="Uw pakket is onderweg.")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=10, last_error="SMTPRecipientsRefused: 550 mailbox unavailable"
    )
    mailoutbox.clear()  # the first delivery, before it was made to fail
    return message


def test_the_beheerder_retries_a_failed_mail(admin_page, failed_email, mailoutbox):
    page = admin_page
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Storingen").click()

    row = page.locator(f"#email-{failed_email.pk}")
    expect(row).to_contain_text("SMTPRecipientsRefused: 550 mailbox unavailable")
    expect(row).to_contain_text("Mislukt")
    expect(row.locator("td.attempts")).to_have_text("10")
    expect(page.locator("tr[data-window='24h'] td.emails-failed")).to_have_text("1")

    row.get_by_role("button", name="Opnieuw proberen").click()

    expect(page.locator("#messages")).to_contain_text(f"De e-mail aan {failed_email.to} wordt opnieuw verstuurd.")
    expect(page.locator(f"#email-{failed_email.pk}")).to_have_count(0)
    expect(page.locator("tr[data-window='1h'] td.emails-sent")).to_have_text("1")
    assert OutboxMessage.objects.get(pk=failed_email.pk).status == OutboxStatus.SENT
    assert [mail.to for mail in mailoutbox] == [[failed_email.to]]


def test_a_medewerker_has_no_storingen(staff_page):
    page = staff_page
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Storingen")).to_have_count(0)
    assert page.goto("/support/").status == 403
