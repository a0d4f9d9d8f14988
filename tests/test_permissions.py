"""Who may do what, over every URL the backoffice has: the permission matrix, CSRF on every POST endpoint, and no
inline code in any page (the Content-Security-Policy forbids it).

The matrix lists every URL pattern by its name ("orders:dashboard"; an unnamed one by its route) with the status
each of anonymous, customer A (whose are the order, invoice and ticket of `World`), customer B (another customer of
the shop), a Medewerker and a Beheerder gets for GET and for a POST (the test client skips the CSRF check, so a
POST is about access, not about the token; its body is empty). `LOGIN` is a redirect to the staff login page,
`ACCOUNT_LOGIN` to Mijn account's. Each request runs in a transaction that is rolled back, so the order, invoice,
packing slip, … of `World` are the same for every request. A URL pattern the matrix does not list fails
`test_every_url_pattern_is_in_the_matrix`: add it with what each role must get.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from invoicing.models import Invoice, InvoiceDocument
from invoicing.printing import services as invoice_printing
from invoicing.services import invoice_document_render
from notifications.models import OutboxMessage
from orders import bulk as bulk_actions
from orders.bulk.services import bulk_run_start
from orders.export import services as order_export
from shipping.models import Carrier, ShippingMethod
from shipping.printing import services as bulk
from status.models import CustomStatus
from tests.backoffice.factories import StaffFactory
from tests.memos.factories import make_memo
from tests.orders.factories import line, make_order, shared_saved_view
from tests.returns.factories import make_action, make_reason, make_return, shipped_order
from tests.shipping.factories import make_shipment
from tests.tasks.factories import make_task
from tests.tickets.factories import customer_account, make_ticket, pdf_upload
from tickets.models import TicketAttachment

ROLES = ("anonymous", "customer_a", "customer_b", "staff", "admin")
CUSTOMERS = ("customer_a", "customer_b")
LOGIN = "login"  # 302 to /login/?next=…
ACCOUNT_LOGIN = "account login"  # 302 to /account/login/?next=…
ADMIN_LOGIN = "admin login"  # 302 to /django-admin/login/?next=…
ADMIN_GROUP = "django-admin/…"  # Django's admin site, only for superusers: its own login for everyone else


def staff_only(get, post) -> dict:
    """A backoffice page or action: Medewerker and Beheerder alike."""
    return {"anonymous": (LOGIN, LOGIN), **dict.fromkeys(CUSTOMERS, (403, 403)), "staff": (get, post),
            "admin": (get, post)}  # fmt: skip


def admin_only(get, post) -> dict:
    """ALGEMEEN > Instellingen and DIENST > E-mails & teksten: Beheerder only (backoffice.manage_shop)."""
    return {"anonymous": (LOGIN, LOGIN), **dict.fromkeys(CUSTOMERS, (403, 403)), "staff": (403, 403),
            "admin": (get, post)}  # fmt: skip


def everyone(get, post) -> dict:
    return dict.fromkeys(ROLES, (get, post))


def customer_only(a, b) -> dict:
    """Mijn account: customer A (whose the order, invoice and ticket are) and customer B (another customer: 404, never
    403). Anonymous goes to Mijn account's login; staff get 403 (they do not see customer pages as a customer)."""
    return {"anonymous": (ACCOUNT_LOGIN, ACCOUNT_LOGIN), "customer_a": a, "customer_b": b, "staff": (403, 403),
            "admin": (403, 403)}  # fmt: skip


# (GET, POST) per role. A POST with an empty body to an action is refused with 422 or answered like the dashboard
# (302); 405 is "not with this method". Customers get 403 wherever staff may go; Mijn account is theirs.
MATRIX: dict[str, dict[str, tuple]] = {
    "favicon.ico": everyone(301, 301),
    "backoffice:home": staff_only(302, 302),
    # The login form for whoever is not staff (an empty POST is the empty form); staff go on to the orders.
    "backoffice:login": {
        "anonymous": (200, 200),
        "customer_a": (200, 200),
        "customer_b": (200, 200),
        "staff": (302, 302),
        "admin": (302, 302),
    },  # fmt: skip
    "backoffice:logout": everyone(405, 302),
    "backoffice:set_language": everyone(405, 302),
    "backoffice:counters": staff_only(200, 405),  # the top bar's counters (polled)
    "backoffice:settings": admin_only(200, 422),
    "backoffice:settings_administration": admin_only(200, 422),
    "backoffice:settings_changes": admin_only(200, 405),  # Wijzigingslog: read-only
    "shipping_settings:list": admin_only(200, 422),
    "shipping_settings:edit": admin_only(200, 422),
    "shipping_settings:example": admin_only(405, 200),
    "shipping_bulk:start": staff_only(405, 302),
    "shipping_bulk:status": staff_only(200, 405),
    "shipping_bulk:download": staff_only(200, 405),
    # Bulkacties: an empty POST chooses no orders, so the dialog answers with the refusal (422)
    "orders_bulk:confirm": staff_only(405, 422),
    "orders_bulk:start": staff_only(405, 422),
    "orders_bulk:status": staff_only(200, 405),
    # Exporteren: an empty POST has no columns (422). An export is its maker's alone (the Medewerker's here).
    "orders_export:dialog": staff_only(200, 405),
    "orders_export:start": staff_only(405, 422),
    "orders_export:status": {**staff_only(200, 405), "admin": (404, 405)},
    "orders_export:download": {**staff_only(200, 405), "admin": (404, 405)},
    "invoicing_bulk:start": staff_only(405, 302),
    "invoicing_bulk:status": staff_only(200, 405),
    "invoicing_bulk:download": staff_only(200, 405),
    "orders:list": staff_only(200, 405),
    "orders:dashboard": staff_only(200, 405),
    "orders:products": staff_only(200, 405),
    "orders:history": staff_only(200, 405),
    "orders:products_block": staff_only(200, 405),
    "orders:actions": staff_only(200, 405),
    "orders:copy": staff_only(200, 302),
    "orders:hold": staff_only(200, 302),
    "orders:release": staff_only(200, 422),
    "orders:cancel": staff_only(200, 422),
    # Saved views (the World's is the shop's shared "In de wacht"): a Medewerker sees why she may not change it (422)
    "orders:saved_view_counts": staff_only(200, 405),
    "orders:saved_view_create": staff_only(200, 422),  # no name
    "orders:saved_view_rename": staff_only(200, 422),  # no name (the Beheerder), not hers (the Medewerker)
    "orders:saved_view_delete": {
        "anonymous": (LOGIN, LOGIN),
        **dict.fromkeys(CUSTOMERS, (403, 403)),
        "staff": (200, 422),
        "admin": (200, 302),
    },  # fmt: skip
    "customers:detail": staff_only(200, 405),
    "customers:tab": staff_only(200, 405),
    "customers:update": staff_only(405, 422),
    "customers:address_update": staff_only(405, 422),
    "customers:inform": staff_only(200, 422),
    "customers:block": staff_only(200, 405),
    "addresses:block": staff_only(200, 405),
    "addresses:edit": staff_only(200, 422),
    "payments:block": staff_only(200, 405),
    "payments:mark_paid": staff_only(405, 302),
    "payments:mark_unpaid": staff_only(200, 302),
    "payments:reminder": staff_only(200, 302),
    "invoicing:block": staff_only(200, 405),
    "invoicing:tab": staff_only(200, 405),
    "invoicing:issue": staff_only(405, 302),
    "invoicing:credit": staff_only(200, 422),
    "invoicing:print": staff_only(302, 405),
    "invoicing:print_pdf": staff_only(200, 405),
    "invoicing:edit": staff_only(200, 422),
    "invoicing:resend": staff_only(405, 302),
    "invoicing:document": staff_only(200, 405),
    "shipping:methods_block": staff_only(200, 405),
    "shipping:shipments_block": staff_only(200, 405),
    "shipping:mark_shipped": staff_only(405, 302),
    "shipping:tab": staff_only(200, 405),
    "shipping:create": staff_only(200, 422),
    "shipping:shipment": staff_only(200, 302),
    "shipping:packing_slip": staff_only(200, 405),
    "status:block": staff_only(200, 405),
    "status:choose": staff_only(405, 302),  # empty: back to the system status (it already shows it)
    "status:settings": admin_only(200, 422),
    "status:settings_edit": admin_only(200, 422),
    "status:settings_up": admin_only(405, 302),
    "status:settings_down": admin_only(405, 302),
    "status:settings_active": admin_only(405, 302),
    "status:settings_delete": admin_only(405, 302),
    "returns:block": staff_only(200, 405),
    "returns:tab": staff_only(200, 405),
    "returns:create": staff_only(200, 422),  # an empty return is refused
    "returns:quote": staff_only(405, 200),
    "returns:detail": staff_only(200, 405),
    "returns:status": staff_only(405, 422),  # no status given
    "returns:credit": staff_only(405, 302),
    "returns:refunded": staff_only(405, 302),
    "returns:list": staff_only(200, 405),
    "returns:reasons": admin_only(200, 422),
    "returns:reason": admin_only(200, 422),
    "returns:reason_delete": admin_only(405, 302),
    "returns:actions": admin_only(200, 422),
    "returns:action": admin_only(200, 422),
    "returns:action_delete": admin_only(405, 302),
    "notifications:templates": admin_only(200, 405),
    "notifications:template": admin_only(200, 422),
    "notifications:template_preview": admin_only(405, 200),
    "notifications:template_reset": admin_only(405, 302),
    "notifications:message": staff_only(200, 405),
    # Wachtwoord vergeten: open to anyone, the same answer whether or not the address has an account.
    "accounts:password_reset": everyone(200, 422),
    "accounts:password_reset_done": everyone(200, 200),
    # The link from the mail: a valid one goes on to the page that sets the password (Django's own redirect).
    "accounts:password_reset_confirm": everyone(302, 302),
    "accounts:password_reset_complete": everyone(200, 200),
    "accounts:password_change": staff_only(200, 422),
    "accounts:users": admin_only(200, 405),
    "accounts:user_deactivate": admin_only(405, 302),
    "accounts:user_activate": admin_only(405, 302),
    "accounts:user_force_password_reset": admin_only(405, 302),
    "operations:support": admin_only(200, 405),  # ALGEMEEN > Storingen
    "operations:email_retry": admin_only(405, 302),  # refused (not failed): the message and back to Storingen
    "operations:document_retry": admin_only(405, 302),
    "operations:print_retry": admin_only(405, 302),
    # Prometheus: by address (the test client's is 127.0.0.1, allowed by default) or bearer token, not by login.
    "operations:metrics": everyone(200, 405),
    "tasks:mine": staff_only(200, 405),
    "tasks:block": staff_only(200, 405),
    "tasks:add": staff_only(200, 422),
    "tasks:edit": staff_only(200, 422),  # a Medewerker sees why she may not change a colleague's task
    "tasks:complete": staff_only(405, 302),  # the task is the Medewerker's: she may complete it
    "memos:unread": staff_only(200, 405),
    "memos:block": staff_only(200, 405),
    "memos:add": staff_only(200, 422),
    "memos:edit": staff_only(200, 422),
    "memos:remove": staff_only(200, 302),  # refused for the Medewerker (not hers): the message and the dashboard
    "tickets:list": staff_only(200, 405),
    "tickets:tab": staff_only(200, 405),
    "tickets:detail": staff_only(200, 405),
    "tickets:reply": staff_only(405, 422),  # an empty answer
    "tickets:close": staff_only(405, 302),
    "tickets:assign": staff_only(405, 302),  # to nobody, as it is: refused, the message and the ticket's page
    "tickets:attachment": staff_only(200, 405),
    # Mijn account. Its login: the form for whoever is not a customer (staff see that they are staff), customers go on.
    "shopaccount:login": {
        "anonymous": (200, 200),
        "customer_a": (302, 302),
        "customer_b": (302, 302),
        "staff": (200, 200),
        "admin": (200, 200),
    },  # fmt: skip
    "shopaccount:logout": everyone(405, 302),
    "shopaccount:password_reset": everyone(200, 422),
    "shopaccount:password_reset_done": everyone(200, 405),
    "shopaccount:password_reset_confirm": everyone(302, 302),  # a customer's valid link: on to set the password
    "shopaccount:password_reset_complete": everyone(200, 405),
    "shopaccount:home": customer_only((200, 405), (200, 405)),
    "shopaccount:ask": customer_only((200, 422), (200, 422)),  # an empty question
    "shopaccount:order": customer_only((200, 405), (404, 405)),
    "shopaccount:invoice": customer_only((200, 405), (404, 405)),
    "shopaccount:ticket": customer_only((200, 422), (404, 404)),  # A: an empty reply; B: no such ticket
    "shopaccount:attachment": customer_only((200, 405), (404, 405)),
    # Django's admin site lets superusers in only (backoffice/urls.py); none of the four roles is one.
    ADMIN_GROUP: everyone(ADMIN_LOGIN, ADMIN_LOGIN),
}
# Django's admin site is checked at these addresses (one entry in the matrix for all of its URLs).
ADMIN_URLS = ["/django-admin/", "/django-admin/backoffice/user/", "/django-admin/orders/order/add/"]


@dataclass
class World:
    """One of everything a URL can name."""

    order: object
    invoice: object
    shipment: object
    message: object
    document: object  # an invoice PDF (ready)
    print_job: object
    method: object
    colleague: object  # a staff account, for Gebruikers and the reset link
    task: object
    memo: object
    custom_status: object
    returned: object  # a return (of another order, shipped in full and invoiced)
    ticket: object  # customer A's question about the order, with a PDF
    attachment: object
    customer_b: object  # a user with a Customer of its own
    shopper: object  # a customer account that never logs in here, so a reset link for it stays valid
    bulk_run: object  # a bulk action's run (Betaald zetten of one order)
    export: object  # the Medewerker's export, done
    invoice_print: object  # a Facturen printen of the order, done

    def kwargs(self, key: str, names: list[str]) -> dict:
        link_user = self.shopper.user if key.startswith("shopaccount:") else self.colleague
        values = {
            "number": self.returned.order.number if key.startswith("returns:") else self.order.number,
            "sequence": self.returned.sequence,
            "invoice_number": self.invoice.number,
            "shipment_number": self.shipment.number,
            "customer_id": self.order.customer_id,
            "kind": "billing" if key.startswith(("customers:", "addresses:")) else "invoice",
            "language": "nl",
            "message_id": self.message.pk,
            "document_id": self.document.pk,
            "print_id": self.print_job.pk,
            "action": "mark-paid",
            "run_id": self.bulk_run.pk,
            "pk": self.colleague.pk
            if key.startswith("accounts:")
            else self.custom_status.pk
            if key.startswith("status:")
            else self.method.pk,
            "uidb64": urlsafe_base64_encode(force_bytes(link_user.pk)),
            "token": default_token_generator.make_token(link_user),
            "task_id": self.task.pk,
            "memo_id": self.memo.pk,
            "ticket_id": self.ticket.pk,
            "attachment_id": self.attachment.pk,
            "export_id": self.export.pk,
            "invoice_print_id": self.invoice_print.pk,
        }
        if "view_id" in names:
            values["view_id"] = shared_saved_view().pk
        if key in {"returns:reason", "returns:reason_delete"}:
            values["pk"] = self.returned.reason_id
        if key in {"returns:action", "returns:action_delete"}:
            values["pk"] = self.returned.action_id
        return {name: values[name] for name in names}


@pytest.fixture
def world(shop, invoice_on_order, staff, admin_user, customer_user) -> World:
    """Customer A's order of two lines (its invoice mailed, its PDFs made, one line on a packing slip, a question
    with a PDF), customer B, and the rest."""
    customer_a = customer_account(user=customer_user)
    order = make_order(lines=[line(quantity=2), line(product_name="Thee", sku="TH-1")], customer=customer_a)
    invoice = Invoice.objects.get(order=order)
    for document in InvoiceDocument.objects.filter(invoice__order=order):
        invoice_document_render(document_id=document.pk)
    shipment = make_shipment(order, quantities={order.lines.order_by("position").first().pk: 1}, actor=staff)
    print_job = bulk.packing_slip_print_start(user=staff, order_ids=[make_order().pk])
    bulk.packing_slip_print_run(print_id=print_job.pk)
    method = ShippingMethod.objects.create(name="PostNL pakket", carrier=Carrier.POSTNL)
    message = OutboxMessage.objects.filter(order=order).get()
    colleague = StaffFactory(email="collega@example.com")  # never logs in here, so a reset link for them stays valid
    task = make_task(order=order, actor=admin_user, assignee=staff)
    memo = make_memo(order=order, actor=admin_user, addressee=staff)
    custom_status = CustomStatus.objects.create(names={"nl": "Wacht op leverancier"}, position=1)
    returned = make_return(shipped_order(), reason=make_reason(), action=make_action())
    ticket = make_ticket(customer=customer_a, order=order, files=[pdf_upload()])
    attachment = TicketAttachment.objects.get(message__ticket=ticket)
    customer_b = customer_account("klant-b@example.com")
    shopper = customer_account("shopper@example.com")
    document = InvoiceDocument.objects.filter(invoice=invoice).first()
    bulk_run = bulk_run_start(user=staff, action=bulk_actions.get("mark-paid"), params={}, order_ids=[make_order().pk])
    export = order_export.order_export_start(user=staff, query="", format="csv", columns=["number"])
    order_export.order_export_run(export_id=export.pk)
    invoice_print = invoice_printing.invoice_print_start(user=staff, language="nl", order_ids=[order.pk])
    invoice_printing.invoice_print_run(print_id=invoice_print.pk)
    return World(
        order, invoice, shipment, message, document, print_job, method, colleague, task, memo, custom_status, returned,
        ticket, attachment, customer_b, shopper, bulk_run, export, invoice_print,
    )  # fmt: skip


def url_patterns(patterns=None, namespaces=(), route="") -> list[tuple[str, str, list[str]]]:
    """(key, route, parameter names) of every URL pattern; Django's admin site is one entry, `ADMIN_GROUP`."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                found.append((ADMIN_GROUP, route + str(pattern.pattern), []))
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            found += url_patterns(pattern.url_patterns, inner, route + str(pattern.pattern))
        else:
            full = route + str(pattern.pattern)
            key = ":".join((*namespaces, pattern.name)) if pattern.name else full
            found.append((key, full, sorted(pattern.pattern.converters)))
    return found


def url_of(world: World, key: str, names: list[str]) -> str:
    if key == ADMIN_GROUP:
        return "/django-admin/"
    if ":" not in key:
        return "/" + key
    return reverse(key, kwargs=world.kwargs(key, names))


def client_for(role: str, users: dict, **options) -> Client:
    client = Client(**options)
    if role != "anonymous":
        client.force_login(users[role])
    return client


def outcome(response, url: str):
    """The status, or LOGIN / ADMIN_LOGIN for a redirect to a login page that asks to come back here."""
    if response.status_code == 302:
        path = url.partition("?")[0]
        if re.fullmatch(rf"/account/login/\?next={re.escape(path)}.*", response.url.replace("%2F", "/")):
            return ACCOUNT_LOGIN
        if re.fullmatch(rf"/login/\?next={re.escape(path)}.*", response.url.replace("%2F", "/")):
            return LOGIN
        if response.url.startswith("/django-admin/login/"):
            return ADMIN_LOGIN
    return response.status_code


def request(client: Client, method: str, url: str, **extra):
    """One request whose writes are rolled back afterwards, so every request finds the same world."""
    with transaction.atomic():
        response = getattr(client, method)(url, **extra)
        transaction.set_rollback(True)
    return response


def test_every_url_pattern_is_in_the_matrix():
    patterns = url_patterns()
    missing = [f'    "{key}": staff_only(GET, POST),  # /{route}' for key, route, _ in patterns if key not in MATRIX]
    stale = sorted(set(MATRIX) - {key for key, _route, _names in patterns})
    assert not missing, (
        "URL patterns the permission matrix does not list. Add each to MATRIX in tests/test_permissions.py with "
        "what anonymous, customer A, customer B, a Medewerker and a Beheerder get for GET and POST (staff_only, "
        "admin_only, customer_only, everyone or a dict per role), and a value for each new URL parameter in "
        "World.kwargs:\n" + "\n".join(missing)
    )
    assert not stale, f"MATRIX lists URL names that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_role_gets_what_the_matrix_says_for_every_url(world, staff, admin_user, customer_user):
    users = {"customer_a": customer_user, "customer_b": world.customer_b.user, "staff": staff, "admin": admin_user}
    wrong = []
    for key, _route, names in url_patterns():
        urls = ADMIN_URLS if key == ADMIN_GROUP else [url_of(world, key, names)]
        for url in urls:
            for role in ROLES:
                for method, expected in zip(("get", "post"), MATRIX[key][role], strict=True):
                    got = outcome(request(client_for(role, users), method, url), url)
                    if got != expected:
                        wrong.append(f"{key} {method.upper()} {url} as {role}: {got}, the matrix says {expected}")
    assert not wrong, "\n".join(wrong)


def who_tries(key: str) -> str:
    """Who tries a URL in the tests below: customer A on Mijn account's pages, the Beheerder everywhere else."""
    return "customer_a" if key.startswith("shopaccount:") else "admin"


# Every endpoint that takes a POST (for Django's admin site: its login form), with who tries it.
def post_urls(world: World) -> list[tuple[str, str, str]]:
    found = [("django-admin/login", "/django-admin/login/", "admin")]
    for key, _route, names in url_patterns():
        if key != ADMIN_GROUP and MATRIX[key][who_tries(key)][1] != 405:
            found.append((key, url_of(world, key, names), who_tries(key)))
    return found


@pytest.mark.django_db
def test_every_post_endpoint_refuses_a_missing_or_wrong_token_and_a_foreign_origin(world, admin_user, customer_user):
    """With the CSRF check on (as in a browser), logged in as Beheerder (customer A on Mijn account): no token, a
    wrong token, or the right token from another site's page is 403; the right token from our own page gets what the
    matrix says."""
    wrong = []
    users = {"admin": admin_user, "customer_a": customer_user}
    for key, url, role in post_urls(world):
        client = client_for(role, users, enforce_csrf_checks=True)
        # a page with the token sets the cookie
        client.get(reverse("shopaccount:home" if role == "customer_a" else "orders:list"))
        token = client.cookies["csrftoken"].value
        tries = {
            "no token": {},
            "a wrong token": {"headers": {"X-CSRFToken": "x" * 32}},
            "a foreign Origin": {"headers": {"X-CSRFToken": token, "Origin": "https://evil.example"}},
        }
        for name, extra in tries.items():
            if (status := request(client, "post", url, **extra).status_code) != 403:
                wrong.append(f"POST {url} ({key}) with {name}: {status}, not 403")
        allowed = request(client, "post", url, headers={"X-CSRFToken": token}).status_code
        if allowed == 403:
            wrong.append(f"POST {url} ({key}) with the right token: 403")
    assert not wrong, "\n".join(wrong)


URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineCode(HTMLParser):
    """What a strict Content-Security-Policy blocks in markup: inline scripts, event handler attributes, inline
    styles, javascript: URLs and htmx's hx-on (evaluated code)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if re.fullmatch(r"on\w+|style|hx-on.*", name):
                self.found.append(f"<{tag} {name}=…>")
            elif name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_scanner_finds_inline_code():
    html = '<p style="color:red" onclick="x()"><script>alert(1)</script><a href="javascript:x()">a</a></p>'
    assert inline_code(html) == ["<p style=…>", "<p onclick=…>", "<script> without src", "<a href='javascript:x()'>"]
    assert inline_code('<script src="/static/x.js"></script><button hx-post="/x/" data-on="1">') == []


@pytest.mark.django_db
def test_no_page_partial_or_popup_has_inline_code(world, admin_user, customer_user):
    """Every page a Beheerder can GET, whole and as the HTMX partial or popup, the login, the error pages."""
    admin = client_for("admin", {"admin": admin_user})
    pages = {"login": Client().get("/login/"), "404": admin.get("/orders/NOPE/")}
    pages["403"] = client_for("customer_a", {"customer_a": customer_user}).get("/orders/")
    for key, _route, names in url_patterns():
        if key != ADMIN_GROUP and MATRIX[key]["admin"][0] in (200, 202, 422):
            url = url_of(world, key, names)
            pages[url] = request(admin, "get", url)
            pages[f"{url} (HTMX)"] = request(admin, "get", url, headers={"HX-Request": "true"})
    customer = client_for("customer_a", {"customer_a": customer_user})
    pages["account login"] = Client().get("/account/login/")
    for key, _route, names in url_patterns():
        if key.startswith("shopaccount:") and MATRIX[key]["customer_a"][0] in (200, 202, 422):
            url = url_of(world, key, names)
            pages[f"{url} (customer)"] = request(customer, "get", url)
    html = {name: response.text for name, response in pages.items() if "text/html" in response["Content-Type"]}
    html["500"] = render_to_string("500.html")
    assert len(html) > 60
    found = {name: inline_code(text) for name, text in html.items() if inline_code(text)}
    assert not found, found


NONEXISTENT = {
    "number": "ORD99999",
    "invoice_number": "F99999",
    "shipment_number": "P99999",
    "customer_id": 999_999,
    "kind": "nothing",
    "language": "xx",
    "message_id": 999_999,
    "document_id": 999_999,
    "print_id": 999_999,
    "action": "nothing",  # a bulk action
    "run_id": 999_999,
    "pk": 999_999,
    "uidb64": "OTk5OTk5",  # user 999999
    "token": "nothing-nothing",
    "task_id": 999_999,
    "memo_id": 999_999,
    "sequence": 999,
    "ticket_id": 999_999,
    "attachment_id": 999_999,
    "export_id": 999_999,
    "invoice_print_id": 999_999,
    "view_id": 999_999,
}
# A reset link that names nothing (an old or mistyped link) gets Django's page "this link is not valid (any more)"
# with the way to ask a new one, not a bare 404.
INVALID_LINK_PAGE = {"accounts:password_reset_confirm", "shopaccount:password_reset_confirm"}


@pytest.mark.django_db
def test_an_address_naming_nothing_is_not_found(world, admin_user, customer_user):
    """Each URL parameter in turn names nothing: 404 for a Beheerder (customer A on Mijn account), with each method
    the matrix lets through."""
    users = {"admin": admin_user, "customer_a": customer_user}
    clients = {role: client_for(role, users) for role in users}
    wrong, asked = [], 0
    for key, _route, names in url_patterns():
        for name in names:
            kwargs = {**world.kwargs(key, names), name: NONEXISTENT[name]}
            url = reverse(key, kwargs=kwargs)
            for method, allowed in zip(("get", "post"), MATRIX[key][who_tries(key)], strict=True):
                if allowed == 405:
                    continue
                asked += 1
                expected = 200 if key in INVALID_LINK_PAGE else 404
                if (status := request(clients[who_tries(key)], method, url).status_code) != expected:
                    wrong.append(f"{method.upper()} {url} ({key}, no such {name}): {status}, not {expected}")
    assert not wrong, "\n".join(wrong)
    assert asked > 50
