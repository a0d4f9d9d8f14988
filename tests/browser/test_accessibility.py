"""axe-core over every page type and every popup, in Dutch and in English: no serious or critical violation.

axe-playwright-python bundles axe.min.js (no CDN). A page is checked as a person sees it: the list, an empty
list, the dashboard with each tab, each popup opened by its own button, the settings, the e-mail texts and the
login page. The failure names every rule with the elements it found.
"""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page, expect

from invoicing.models import Invoice
from orders.models import Order
from status.services import order_custom_status_set
from tests.backoffice.factories import StaffFactory
from tests.invoicing.factories import make_credit_invoice
from tests.memos.factories import make_memo
from tests.orders.factories import line, make_order
from tests.returns.factories import make_action, make_reason, make_return
from tests.shipping.factories import make_shipment
from tests.status.factories import make_custom_status
from tests.support import shop_settings
from tests.tasks.factories import make_task
from tests.tickets.factories import customer_account, make_ticket, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}
TABS = ["customer", "products", "invoices", "shipments", "returns", "tickets", "history"]
BOTTOM_BAR = ["inform", "payment_reminder", "copy", "hold", "cancel"]
BLOCK_DIALOGS = [
    "invoice-info", "credit-invoice", "credit-invoice-only", "create-packing-slip", "shipment-info", "add-task",
    "edit-task", "add-memo", "edit-memo", "remove-memo", "edit-address-billing", "edit-address-shipping",
]  # fmt: skip
RETURN_DIALOGS = ["create-return", "return-info"]  # on an order shipped in part, with a return


@pytest.fixture
def order(invoice_on_order, admin_user, nominatim):
    """An unpaid order with its invoice, a credit invoice for one line of it, a packing slip and a custom status; its
    address found by the (fake) geocoder, so the dashboard has its maps."""
    shop_settings(languages=["nl", "en"])
    order = make_order(
        lines=[
            line(product_name="Koffiebonen 1 kg", sku="KB-1000", quantity=2, unit_price=Decimal("24.95")),
            line(product_name="Koffiemolen", sku="KM-20", unit_price=Decimal("89.00"), vat_rate=Decimal("21")),
        ]
    )
    invoice = Invoice.objects.get(order=order)
    first_line = invoice.lines.order_by("pk").first()
    make_credit_invoice(invoice, quantities={first_line.pk: 1}, send=False, actor=admin_user)
    make_shipment(order, quantities={order.lines.order_by("pk").first().pk: 1}, actor=admin_user)
    waiting = make_custom_status("Wacht op leverancier", en="Awaiting supplier", colour="purple", mail=True)
    make_custom_status("Wordt gecontroleerd", colour="grey")
    order_custom_status_set(order=order, status=waiting, actor=admin_user)  # the drop-down, a coloured badge
    make_task(order=order, actor=admin_user, assignee=admin_user)  # Taken: a task she may change
    make_memo(order=order, actor=admin_user, addressee=admin_user)  # Memo: hers, so it can be corrected
    make_memo(order=order, actor=StaffFactory(), addressee=admin_user)  # and one for her: unread, highlighted
    make_ticket(customer=order.customer, order=order, files=[pdf_upload()])  # Tickets: a question with a PDF
    return order


@pytest.fixture
def returned_order(order, admin_user):
    """Another order, shipped in part, with a return of one item."""
    returned = make_order(lines=[line(quantity=2)])
    first = returned.lines.get()
    make_shipment(returned, quantities={first.pk: 2}, shipped=True, actor=admin_user)
    make_return(returned, quantities={first.pk: 1}, reason=make_reason(), action=make_action(), actor=admin_user)
    return returned


class Scanner:
    """Runs axe on the page as it is now and keeps what it found per page, to report all of them at once."""

    def __init__(self, page: Page):
        self.page = page
        self.axe = Axe()
        self.found: list[str] = []

    def check(self, name: str) -> None:
        results = self.axe.run(self.page)
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                nodes = violation["nodes"]
                targets = [" ".join(node["target"]) for node in nodes][:5]
                self.found.append(f"{name}: {violation['id']} ({violation['impact']}, {len(nodes)}×) {targets}")


def open_dialog(page: Page, opener) -> None:
    opener.click()
    expect(page.locator("dialog[open]")).to_have_count(1)


def close_dialog(page: Page) -> None:
    page.keyboard.press("Escape")
    expect(page.locator("dialog[open]")).to_have_count(0)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_or_popup_has_a_serious_or_critical_accessibility_violation(
    page, admin_user, order, returned_order, live_server, log_in, language
):
    admin_user.language = language
    admin_user.save(update_fields=["language"])
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    scan = Scanner(page)

    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    scan.check("login")
    log_in(page, admin_user)

    page.goto("/orders/")
    expect(page.locator("#order-results tbody tr")).to_have_count(2)
    scan.check("orders list")
    page.locator("#order-results [data-select-row]").first.check()  # Bulkacties › Klant inlichten
    page.locator('[data-action="bulk-menu"]').click()
    open_dialog(page, page.locator('[data-bulk-action="inform"]'))
    scan.check("dialog bulk inform")
    close_dialog(page)
    open_dialog(page, page.locator('[data-action="export-orders"]'))  # Exporteren (orders/export/)
    scan.check("dialog export-orders")
    close_dialog(page)
    page.locator("#order-results tbody input[name=order]").first.check()  # Facturen printen asks the language
    page.locator('[data-list-action="invoices"]').click()
    expect(page.locator("[data-action=print-invoices]")).to_be_visible()
    scan.check("invoice print: choose the language")
    page.goto("/orders/")
    page.goto("/orders/?sort=-total")
    expect(page.locator("#order-results th[aria-sort=descending]")).to_have_count(1)
    scan.check("orders list sorted by total")
    page.goto("/orders/?q=nobody-has-this-name&carrier=dhl&open_tasks=on")
    expect(page.locator("#order-results .empty .chip")).to_have_count(3)
    scan.check("empty orders list")
    page.goto("/orders/?payment_status=unpaid")  # a filter no tab shows: Weergave opslaan
    open_dialog(page, page.locator('#saved-views [data-action="save-view"]'))
    scan.check("dialog save-view")
    close_dialog(page)
    page.keyboard.press("?")  # the keyboard shortcuts' overlay
    expect(page.locator("#shortcuts-dialog")).to_be_visible()
    scan.check("shortcuts overlay")
    close_dialog(page)

    page.goto(f"/orders/{order.number}/")
    expect(page.locator("#block-invoicing")).to_be_visible()
    expect(page.locator("#header-counters [data-counter]")).to_have_count(2)  # the top bar's counters
    scan.check("dashboard")
    for name in BOTTOM_BAR:  # Betaalherinnering is there while the order is unpaid
        open_dialog(page, page.locator(f'#order-actions [data-action="{name}"]'))
        scan.check(f"dialog {name}")
        close_dialog(page)
    for name in BLOCK_DIALOGS:
        open_dialog(page, page.locator(f'#tab-panel [data-action="{name}"]').first)
        scan.check(f"dialog {name}")
        close_dialog(page)
    page.locator('#block-payments [data-action="mark-paid"]').click()  # Niet betaald is there once it is paid
    open_dialog(page, page.locator('#block-payments [data-action="mark-unpaid"]'))
    scan.check("dialog mark-unpaid")
    close_dialog(page)
    for name in TABS:
        page.locator(f'.tabs [data-tab="{name}"]').click()
        expect(page.locator(f'#tab-panel [data-tab-content="{name}"]')).to_be_visible()
        scan.check(f"tab {name}")
        if name == "tickets":  # the magnifier's popup: the conversation, reply, assign, close
            open_dialog(page, page.locator('#tab-panel [data-action="open-ticket"]'))
            scan.check("dialog ticket")
            close_dialog(page)

    page.goto(f"/orders/{returned_order.number}/")
    for name in RETURN_DIALOGS:
        open_dialog(page, page.locator(f'#tab-panel [data-action="{name}"]').first)
        scan.check(f"dialog {name}")
        close_dialog(page)

    page.goto(f"/customers/{order.customer_id}/")  # Bekijk klant
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    scan.check("customer page")

    custom = Order.objects.get(pk=order.pk).custom_status_id
    urls = ["/tasks/", "/tasks/?assignee=all&include_done=on", "/memos/", "/tickets/"]  # + DIENST > Tickets
    urls += ["/support/", "/support/?show=pdf", "/support/?show=print"]  # ALGEMEEN > Storingen
    urls += [
        "/settings/", "/settings/shipping-methods/", "/settings/workflow/order-statuses/",
        f"/settings/workflow/order-statuses/{custom}/", "/settings/advanced/administration/", "/settings/changes/",
        "/returns/",
        "/returns/reasons/", "/returns/actions/", "/emails/",  # the e-mail list last: its first text is opened next
    ]  # fmt: skip
    for url in urls:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        scan.check(url)
    page.locator("main a[href^='/emails/']").first.click()
    expect(page).to_have_url(re.compile(r"/emails/\w+/\w+/$"))
    scan.check("e-mail text")

    page.goto("/orders/")  # Bulkacties › Betaald zetten on a paid order: the summary with a refused order
    page.locator(f"#order-{order.pk} [data-select-row]").check()
    page.locator('[data-action="bulk-menu"]').click()
    open_dialog(page, page.locator('[data-bulk-action="mark-paid"]'))
    page.locator('dialog [data-action="bulk-start"]').click()
    expect(page.locator("tr[data-outcome=refused]")).to_have_count(1)
    scan.check("bulk action summary")

    assert not scan.found, "\n".join(scan.found)


@pytest.mark.parametrize("language", ["nl", "en", "de", "fr"])
def test_no_page_of_mijn_account_has_a_serious_or_critical_accessibility_violation(
    browser, live_server, shop, language
):
    """Mijn account in each language a customer reads (a browser in that language): login, reset, the orders, one
    order, a question, asking."""
    customer = customer_account("klant@example.com", language=language)
    order = make_order(customer=customer)
    ticket = make_ticket(customer=customer, order=order, files=[pdf_upload()])
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": 390, "height": 844})
    page = context.new_page()
    scan = Scanner(page)
    for url in ("/account/login/", "/account/password-reset/"):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        scan.check(f"{language} {url}")
    page.goto("/account/login/")
    page.locator("input[name=email]").fill(customer.email)
    page.locator("input[name=password]").fill("secret-password")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    for url in ("/account/", f"/account/orders/{order.number}/", "/account/questions/new/",
                f"/account/questions/{ticket.pk}/"):  # fmt: skip
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        scan.check(f"{language} {url}")
    context.close()
    assert not scan.found, "\n".join(scan.found)
