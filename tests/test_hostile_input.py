"""Hostile input never gets a 500, and a refusal changes nothing (issue 10).

Generated from the URL conf and from the forms the pages render, as a Beheerder:

- every URL pattern with parameters gets, in each parameter in turn, a NUL, an overlong, an out-of-range and a
  non-decimal value (GET and POST): the answer is a refusal (400, 404, 405) and the database is as it was;
- every form a page renders (`<form>` with its inputs, selects, textareas and named buttons) and every field of
  every form class (FORMS) is posted – one field at a time, the others as the page rendered them – with the same
  kinds of values: never a 500, and an answer of 400 or more left the database as it was.

Each request runs in a savepoint that is rolled back, so every one starts from the same order. URLS names every
URL and FORMS every form class: a new URL or form fails `test_every_url_and_form_is_listed` until it is listed
here (with the value its new parameter takes, in PARAMETERS). The Django admin (superusers only, Django's own
forms) is left out.
"""

import inspect
import re
from collections import Counter
from urllib.parse import quote, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.services import customer_inform
from invoicing.printing.services import invoice_print_run, invoice_print_start
from orders import bulk as bulk_actions
from orders.bulk.services import bulk_run_start
from orders.export.services import order_export_run, order_export_start
from shipping.methods.services import shipping_method_save
from shipping.printing.services import packing_slip_print_start
from status.services import custom_status_create
from tests.backoffice.factories import StaffFactory, UserFactory
from tests.invoicing.factories import make_invoice
from tests.memos.factories import make_memo
from tests.orders.factories import shared_saved_view
from tests.returns.factories import make_action, make_reason, make_return
from tests.shipping.factories import coffee_and_tea, lines, make_shipment
from tests.support import HTMX, parse
from tests.tasks.factories import make_task
from tests.tickets.factories import customer_account, make_ticket, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]

URLS = {
    "favicon.ico": "",
    "backoffice:home": "",
    "backoffice:login": "",
    "backoffice:logout": "",
    "backoffice:set_language": "",
    "backoffice:settings": "",
    "backoffice:settings_administration": "",
    "backoffice:settings_changes": "",
    "shipping_settings:list": "",
    "shipping_settings:edit": "pk",
    "shipping_settings:example": "",
    "shipping_bulk:start": "",
    "shipping_bulk:status": "print_id",
    "shipping_bulk:download": "print_id",
    "orders_bulk:confirm": "action",
    "orders_bulk:start": "action",
    "orders_bulk:status": "run_id",
    "orders_export:dialog": "",
    "orders_export:start": "",
    "orders_export:status": "export_id",
    "orders_export:download": "export_id",
    "invoicing_bulk:start": "",
    "invoicing_bulk:status": "invoice_print_id",
    "invoicing_bulk:download": "invoice_print_id",
    "orders:list": "",
    "orders:dashboard": "number",
    "orders:products": "number",
    "orders:history": "number",
    "orders:products_block": "number",
    "orders:actions": "number",
    "orders:copy": "number",
    "orders:hold": "number",
    "orders:release": "number",
    "orders:cancel": "number",
    "orders:saved_view_counts": "",
    "orders:saved_view_create": "",
    "orders:saved_view_rename": "view_id",
    "orders:saved_view_delete": "view_id",
    "customers:detail": "customer_id",
    "customers:tab": "number",
    "customers:update": "number",
    "customers:address_update": "number kind",
    "customers:inform": "number",
    "customers:block": "number",
    "addresses:block": "number kind",
    "addresses:edit": "number kind",
    "payments:block": "number",
    "payments:mark_paid": "number",
    "payments:mark_unpaid": "number",
    "payments:reminder": "number",
    "invoicing:block": "number",
    "invoicing:tab": "number",
    "invoicing:issue": "number",
    "invoicing:credit": "number",
    "invoicing:print": "number",
    "invoicing:print_pdf": "number",
    "invoicing:edit": "number invoice_number",
    "invoicing:resend": "number invoice_number",
    "invoicing:document": "number invoice_number",
    "shipping:methods_block": "number",
    "shipping:shipments_block": "number",
    "shipping:mark_shipped": "number",
    "shipping:tab": "number",
    "shipping:create": "number",
    "shipping:shipment": "number shipment_number",
    "shipping:packing_slip": "number shipment_number",
    "status:block": "number",
    "status:choose": "number",
    "status:settings": "",
    "status:settings_edit": "pk",
    "status:settings_up": "pk",
    "status:settings_down": "pk",
    "status:settings_active": "pk",
    "status:settings_delete": "pk",
    "returns:block": "number",
    "returns:tab": "number",
    "returns:create": "number",
    "returns:quote": "number",
    "returns:detail": "number sequence",
    "returns:status": "number sequence",
    "returns:credit": "number sequence",
    "returns:refunded": "number sequence",
    "returns:list": "",
    "returns:reasons": "",
    "returns:reason": "pk",
    "returns:reason_delete": "pk",
    "returns:actions": "",
    "returns:action": "pk",
    "returns:action_delete": "pk",
    "notifications:templates": "",
    "notifications:template": "kind language",
    "notifications:template_preview": "kind language",
    "notifications:template_reset": "kind language",
    "notifications:message": "message_id",
    "accounts:password_reset": "",
    "accounts:password_reset_done": "",
    "accounts:password_reset_confirm": "uidb64 token",
    "accounts:password_reset_complete": "",
    "accounts:password_change": "",
    "accounts:users": "",
    "accounts:user_deactivate": "pk",
    "accounts:user_activate": "pk",
    "accounts:user_force_password_reset": "pk",
    "backoffice:counters": "",
    "operations:support": "",
    "operations:email_retry": "message_id",
    "operations:document_retry": "document_id",
    "operations:print_retry": "print_id",
    "operations:metrics": "",
    "tasks:mine": "",
    "tasks:block": "number",
    "tasks:add": "number",
    "tasks:edit": "number task_id",
    "tasks:complete": "number task_id",
    "memos:unread": "",
    "memos:block": "number",
    "memos:add": "number",
    "memos:edit": "number memo_id",
    "memos:remove": "number memo_id",
    "tickets:list": "",
    "tickets:tab": "number",
    "tickets:detail": "ticket_id",
    "tickets:reply": "ticket_id",
    "tickets:close": "ticket_id",
    "tickets:assign": "ticket_id",
    "tickets:attachment": "ticket_id attachment_id",
    "shopaccount:home": "",
    "shopaccount:login": "",
    "shopaccount:logout": "",
    "shopaccount:password_reset": "",
    "shopaccount:password_reset_done": "",
    "shopaccount:password_reset_confirm": "uidb64 token",
    "shopaccount:password_reset_complete": "",
    "shopaccount:order": "number",
    "shopaccount:invoice": "number invoice_number",
    "shopaccount:ask": "",
    "shopaccount:ticket": "ticket_id",
    "shopaccount:attachment": "ticket_id attachment_id",
}
# Django's page for a reset link that names nothing ("this link is not valid (any more)"): a 200 that changes nothing.
ANSWERED_WITH_A_PAGE = {"accounts:password_reset_confirm", "shopaccount:password_reset_confirm"}

# The valid value of each URL parameter (the world fixture's objects); `kind` is an address kind for the Klant tab
# and an e-mail kind for E-mails & teksten.
PARAMETERS = {
    "number": lambda world, name: world["order"].number,
    "customer_id": lambda world, name: world["order"].customer_id,
    "kind": lambda world, name: "billing" if name.startswith(("customers:", "addresses:")) else "inform_customer",
    "language": lambda world, name: "nl",
    "invoice_number": lambda world, name: world["invoice"].number,
    "shipment_number": lambda world, name: world["shipment"].number,
    "pk": lambda world, name: (
        {"accounts": world["colleague"], "status": world["custom_status"]}.get(name.split(":")[0], world["method"]).pk
        if not name.startswith("returns:")
        else world["return"].reason_id
        if name.startswith("returns:reason")
        else world["return"].action_id
    ),
    "uidb64": lambda world, name: urlsafe_base64_encode(force_bytes(_link_user(world, name).pk)),
    "token": lambda world, name: default_token_generator.make_token(_link_user(world, name)),
    "print_id": lambda world, name: world["print"].pk,
    "action": lambda world, name: "inform",  # a bulk action with a parameter (the message)
    "run_id": lambda world, name: world["bulk_run"].pk,
    "export_id": lambda world, name: world["export"].pk,
    "invoice_print_id": lambda world, name: world["invoice_print"].pk,
    "message_id": lambda world, name: world["message"].pk,
    "document_id": lambda world, name: world["invoice"].documents.first().pk,
    "task_id": lambda world, name: world["task"].pk,
    "memo_id": lambda world, name: world["memo"].pk,
    "sequence": lambda world, name: world["return"].sequence,
    "ticket_id": lambda world, name: world["ticket"].pk,
    "attachment_id": lambda world, name: world["attachment"].pk,
    "view_id": lambda world, name: shared_saved_view().pk,
}


def _link_user(world, name: str):
    """Whose reset link: a customer's on Mijn account, a colleague's in the backoffice (neither ever logs in here)."""
    return world["shopper"].user if name.startswith("shopaccount:") else world["colleague"]


# Every form class and the URL that takes it (a prefix: how its fields are named in the page).
FORMS = {
    "backoffice.forms.login.LoginForm": ("backoffice:login", ""),
    "backoffice.forms.shop.ShopSettingsForm": ("backoffice:settings", ""),
    "backoffice.forms.shop.AdministrationForm": ("backoffice:settings_administration", ""),
    "backoffice.forms.audit.ConfigChangeFilterForm": ("backoffice:settings_changes", ""),
    "orders.forms.OrderFilterForm": ("orders:list", ""),
    "orders.forms.HoldForm": ("orders:hold", ""),
    "orders.forms.CancelForm": ("orders:cancel", ""),
    "orders.forms.ConfirmForm": ("orders:release", ""),
    "orders.forms.CopyForm": ("orders:copy", ""),
    "orders.forms.SavedViewForm": ("orders:saved_view_create", ""),
    "orders.forms.SavedViewRenameForm": ("orders:saved_view_rename", ""),
    "customers.forms.ChangesForm": ("customers:update", "customer-"),  # the base of the two below
    "customers.forms.CustomerForm": ("customers:update", "customer-"),
    "customers.forms.AddressForm": ("customers:address_update", "billing-"),
    "customers.forms.InformForm": ("customers:inform", ""),
    "invoicing.forms.InvoiceEditForm": ("invoicing:edit", ""),
    "invoicing.forms.CreditForm": ("invoicing:credit", ""),
    "shipping.methods.forms.ShippingMethodForm": ("shipping_settings:edit", ""),
    "shipping.printing.forms.PackingSlipPrintForm": ("shipping_bulk:start", ""),
    "orders.bulk.forms.BulkSelectionForm": ("orders_bulk:start", ""),
    "orders.export.forms.ExportForm": ("orders_export:start", ""),
    "orders.selection.OrderChoiceForm": ("invoicing_bulk:start", ""),  # the base of the one below
    "invoicing.printing.forms.InvoicePrintForm": ("invoicing_bulk:start", ""),
    "shipping.forms.PackingSlipForm": ("shipping:create", ""),
    "shipping.forms.TrackingCodeForm": ("shipping:shipment", ""),
    "notifications.forms.EmailTemplateForm": ("notifications:template", ""),
    "status.forms.OrderStatusForm": ("status:choose", ""),
    "status.forms.CustomStatusForm": ("status:settings_edit", ""),
    "accounts.forms.PasswordResetRequestForm": ("accounts:password_reset", ""),
    "tasks.forms.TaskForm": ("tasks:add", ""),
    "tasks.forms.TaskFilterForm": ("tasks:mine", ""),
    "memos.forms.MemoForm": ("memos:add", ""),
    "memos.forms.MemoEditForm": ("memos:edit", ""),
    "returns.forms.ReturnForm": ("returns:create", ""),
    "returns.forms.ReturnStatusForm": ("returns:status", ""),
    "returns.forms.ReturnChoiceForm": ("returns:reason", ""),
    "returns.forms.ReturnListFilterForm": ("returns:list", ""),
    "tickets.forms.ReplyForm": ("tickets:reply", ""),
    "tickets.forms.AssignForm": ("tickets:assign", ""),
    "tickets.forms.TicketFilterForm": ("tickets:list", ""),
    "operations.forms.SupportFilterForm": ("operations:support", ""),
    # Mijn account's, posted as the customer whose the order and the ticket are (the login also as nobody, below)
    "shopaccount.forms.CustomerLoginForm": ("shopaccount:login", ""),
    "shopaccount.forms.ResetRequestForm": ("shopaccount:password_reset", ""),
    "shopaccount.forms.MessageForm": ("shopaccount:ticket", ""),
    "shopaccount.forms.QuestionForm": ("shopaccount:ask", ""),
}
GET_FORMS = {
    "orders:list",
    "tasks:mine",
    "returns:list",
    "tickets:list",
    "operations:support",
    "backoffice:settings_changes",
}

# In a URL: NUL (alone and inside a real number), overlong, out of range, not a number, not decimal digits.
HOSTILE_PARAMETERS = ["\x00", "{valid}\x00", "9" * 10_000, "99999999999999999999", "²"]
# In a field: the same kinds, and an impossible date and a line break.
HOSTILE_VALUES = ["a\x00b", "9" * 10_000, "99999999999999999999", "-1", "9999-12-31", "²", "NaN", "a\r\nb"]

SNAPSHOT_MODELS = [
    "orders.Order", "orders.OrderLine", "customers.Customer", "history.OrderEvent", "invoicing.Invoice",
    "addresses.GeocodedAddress", "orders.SavedView",
    "invoicing.InvoiceLine", "invoicing.InvoiceDocument", "shipping.Shipment", "shipping.ShipmentLine",
    "shipping.ShippingMethod",
    "shipping.PackingSlipPrint", "notifications.OutboxMessage", "notifications.EmailTemplate",
    "backoffice.ShopSettings", "backoffice.User", "status.CustomStatus", "tasks.Task", "memos.Memo",
    "memos.MemoRead", "returns.Return", "returns.ReturnLine", "returns.ReturnReason", "returns.ReturnAction",
    "tickets.Ticket", "tickets.TicketMessage", "tickets.TicketAttachment", "orders.BulkRun", "orders.BulkRunItem",
    "orders.OrderExport", "invoicing.InvoicePrint", "backoffice.ConfigChange",
]  # fmt: skip


def snapshot() -> dict[str, str]:
    """{table: a digest of all its rows}, in one query."""
    tables = [connection.ops.quote_name(apps.get_model(name)._meta.db_table) for name in SNAPSHOT_MODELS]
    digests = " UNION ALL ".join(
        f"SELECT '{table}', md5(coalesce(string_agg(row.*::text, '|' ORDER BY row.id), '')) FROM {table} row"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(digests)
        return dict(cursor.fetchall())


@pytest.fixture
def world(admin_user):
    """One order with a bit of everything: an invoice, a packing slip for part of it (so more can be packed), an
    e-mail, a shipping method and a packing slip print."""
    order = coffee_and_tea()
    invoice = make_invoice(order=order, actor=admin_user)
    shipment = make_shipment(order=order, quantities={lines(order)[0].pk: 1})
    make_shipment(order=order, quantities={lines(order)[0].pk: 1}, shipped=True)  # one coffee left, and returned
    ret = make_return(order, quantities={lines(order)[0].pk: 1}, reason=make_reason(), action=make_action())
    with transaction.atomic():
        message = customer_inform(order=order, actor=admin_user, message="Hallo")
    method = shipping_method_save(name="Brievenbus", carrier="postnl", tracking_url="", actor=admin_user)
    job = packing_slip_print_start(user=admin_user, order_ids=[order.pk])
    bulk_run = bulk_run_start(user=admin_user, action=bulk_actions.get("release"), params={}, order_ids=[order.pk])
    export = order_export_start(user=admin_user, query="", format="csv", columns=["number"])
    order_export_run(export_id=export.pk)
    invoice_print = invoice_print_start(user=admin_user, language="nl", order_ids=[order.pk])
    invoice_print_run(print_id=invoice_print.pk)
    colleague = StaffFactory(email="collega@example.com")  # Gebruikers; never logs in, so a reset link stays valid
    task = make_task(order=order, actor=admin_user, assignee=colleague)
    memo = make_memo(order=order, actor=admin_user, addressee=admin_user)
    customer = order.customer
    customer.user = UserFactory(email="klant-a@example.com")  # the order's customer has a Mijn account
    customer.save(update_fields=["user"])
    ticket = make_ticket(customer=customer, order=order, files=[pdf_upload()])
    return {"order": order, "invoice": invoice, "shipment": shipment, "message": message, "method": method,
            "print": job, "bulk_run": bulk_run, "colleague": colleague, "task": task, "memo": memo, "return": ret,
            "ticket": ticket,
            "attachment": ticket.messages.get().attachments.get(), "shopper": customer_account("shopper@example.com"),
            "export": export, "invoice_print": invoice_print,
            "custom_status": custom_status_create(names={"nl": "Wacht op leverancier"}, colour="blue",
                                                  mail_customer=True, actor=admin_user)}  # fmt: skip


def url_patterns(resolver=None, prefix="", namespace=""):
    """(view name, route) of every URL pattern but the Django admin's."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("django-admin/"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or route}", route  # the favicon redirect has no name


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def build(route: str, values: dict) -> str:
    return "/" + PARAMETER.sub(lambda match: quote(str(values[match.group(1)]), safe=""), route)


def valid_values(world, name: str, route: str) -> dict:
    return {parameter: PARAMETERS[parameter](world, name) for parameter in PARAMETER.findall(route)}


def in_savepoint(send, *args, **kwargs):
    """`send(*args, **kwargs)` in a savepoint that is rolled back; (response, database before, database after)."""
    with transaction.atomic():
        before = snapshot()
        response = send(*args, **kwargs)
        after = snapshot()
        transaction.set_rollback(True)
    return response, before, after


def form_class_names() -> set[str]:
    """Every form class of the project's apps."""
    found, todo = set(), [forms.Form, forms.ModelForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            module = inspect.getmodule(subclass).__name__
            if module.split(".")[0] in {"backoffice", "orders", "customers", "invoicing", "payments", "shipping",
                                        "notifications", "history", "accounts", "status", "tasks",
                                        "memos", "addresses", "returns", "tickets", "shopaccount",
                                        "operations"}:  # fmt: skip
                found.add(f"{module}.{subclass.__name__}")
    return found


def test_every_url_and_form_is_listed():
    assert {name for name, _route in url_patterns()} == set(URLS), "list a new URL in URLS (and PARAMETERS)"
    assert form_class_names() == set(FORMS), "list a new form in FORMS with the URL that takes it"


@pytest.fixture
def customer_client(world):
    """Customer A, whose the order and the ticket are: Mijn account's pages are tried as her."""
    client = Client()
    client.force_login(world["order"].customer.user)
    return client


def client_for(name: str, admin_client, customer_client):
    return customer_client if name.startswith("shopaccount:") else admin_client


def test_hostile_url_parameters_are_refused_and_change_nothing(world, admin_client, customer_client):
    checked = 0
    for name, route in url_patterns():
        valid = valid_values(world, name, route)
        client = client_for(name, admin_client, customer_client)
        for parameter in valid:
            for hostile in HOSTILE_PARAMETERS:
                url = build(route, valid | {parameter: hostile.format(valid=valid[parameter])})
                for method in (client.get, client.post):
                    response, before, after = in_savepoint(method, url)
                    refusals = {200, 400, 404, 405} if name in ANSWERED_WITH_A_PAGE else {400, 404, 405}
                    assert response.status_code in refusals, (name, parameter, hostile[:20], method)
                    assert after == before, (name, parameter, hostile[:20])
                    checked += 1
    assert checked > 500


def rendered_forms(world, admin_client, customer_client) -> dict[tuple[str, str], dict[str, list[str]]]:
    """{(view name it posts to, method): {field name: the values the page rendered}} of every form on every page."""
    found: dict[tuple[str, str], dict[str, list[str]]] = {}
    for name, route in url_patterns():
        if name in {
            "backoffice:logout",
            "shopaccount:logout",
            "favicon.ico",
            "shipping_bulk:download",
            "orders_export:download",
            "invoicing_bulk:download",
        } or name.endswith((".pdf", "_pdf", "attachment", "shopaccount:invoice")):
            continue
        page_url = build(route, valid_values(world, name, route))
        response = client_for(name, admin_client, customer_client).get(page_url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in parse(response.text).elements("form"):
            method = (form.attrs.get("method") or "get").lower()
            targets = {(form.attrs.get("action") or page_url, method)}  # and the live preview's hx-post
            targets |= {(form.attrs[attribute], "post") for attribute in ("hx-post",) if form.attrs.get(attribute)}
            for action, method in targets:
                try:
                    target = resolve(urlsplit(action).path).view_name
                except Resolver404:
                    continue
                _add_fields(found.setdefault((target, method), {}), form)
    return found


def _add_fields(fields: dict[str, list[str]], form) -> None:
    """The form's field names with the values the page rendered (checked boxes, selected options, text)."""
    for field in form.iter():
        if not field.attrs.get("name") or field.tag not in {"input", "select", "textarea", "button"}:
            continue
        fields.setdefault(field.attrs["name"], [])
        kind = field.attrs.get("type", "")
        if field.tag == "button" or kind == "file":
            continue
        if kind in {"checkbox", "radio"} and not field.has("checked"):
            continue
        if field.tag == "select":
            options = field.elements("option")
            chosen = [option for option in options if option.has("selected")] or options[:1]
            fields[field.attrs["name"]] += [option.attrs.get("value", option.text) for option in chosen]
        elif field.tag == "textarea":
            fields[field.attrs["name"]].append(field.text_raw.lstrip("\n"))
        else:
            fields[field.attrs["name"]].append(field.attrs.get("value") or "")


def test_hostile_values_in_every_form_field_never_give_a_500_and_a_refusal_changes_nothing(
    world, admin_client, customer_client
):
    found = rendered_forms(world, admin_client, customer_client)
    for path, (name, prefix) in FORMS.items():  # every field of every form, also those a page shows only sometimes
        module, class_name = path.rsplit(".", 1)
        form_class = getattr(__import__(module, fromlist=[class_name]), class_name)
        method = "get" if name in GET_FORMS else "post"
        fields = found.setdefault((name, method), {})
        for field in form_class.base_fields:
            fields.setdefault(f"{prefix}{field}", [])
    del found[("backoffice:logout", "post")]  # it would log the client out for the rest of the test
    found.pop(("shopaccount:logout", "post"), None)
    routes = dict(url_patterns())
    posted, statuses = 0, Counter()
    for (name, method), fields in found.items():
        url = build(routes[name], valid_values(world, name, routes[name]))
        client = client_for(name, admin_client, customer_client)
        send = client.get if method == "get" else client.post
        base = {field: values for field, values in fields.items() if values}
        for field in fields:
            for hostile in HOSTILE_VALUES:
                data = base | {field: [hostile]}
                response, before, after = in_savepoint(send, url, data, headers=HTMX)
                assert response.status_code < 500, (name, field, hostile[:20])
                if response.status_code >= 400:
                    assert after == before, (name, field, hostile[:20], response.status_code)
                posted += 1
                statuses[response.status_code] += 1
    assert {name for name, _method in found} >= {name for name, _prefix in FORMS.values()}
    assert posted > 500
    assert statuses[422] > 100 and statuses[400] > 50, statuses  # the forms answered, not the login page


def test_hostile_values_in_the_login_form_as_someone_not_logged_in(world):
    client = Client()
    for field in ("email", "password"):
        for hostile in HOSTILE_VALUES:
            data = {"email": "beheerder@example.com", "password": "x"} | {field: hostile}
            response, before, after = in_savepoint(client.post, "/login/", data)
            assert response.status_code < 500 and after == before, (field, hostile[:20])


def test_hostile_values_in_mijn_accounts_login_and_reset_as_someone_not_logged_in(world):
    client = Client()
    for url, fields in (("/account/login/", ("email", "password")), ("/account/password-reset/", ("email",))):
        for field in fields:
            for hostile in HOSTILE_VALUES:
                data = {"email": "klant-a@example.com", "password": "x"} | {field: hostile}
                response, before, after = in_savepoint(client.post, url, data)
                assert response.status_code < 500 and after == before, (url, field, hostile[:20])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    number=st.text(min_size=1, max_size=300).filter(lambda text: "/" not in text),
    query=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "status",
                "placed_from",
                "placed_to",
                "cursor",
                "sort",
                "payment_method",
                "carrier",
                "country",
                "total_from",
                "total_to",
                "unanswered_tickets",
                "open_tasks",
            ]
        ),
        st.text(),
    ),  # fmt: skip
    back=st.text(),
)
def test_any_order_number_and_any_list_filter_never_give_a_500(world, admin_client, number, query, back):
    number = quote(number, safe="")
    for url in (f"/orders/{number}/", f"/orders/ORD00001/invoices/{number}.pdf"):
        response, before, after = in_savepoint(admin_client.get, url)
        assert response.status_code in {200, 400, 404} and after == before
    assert admin_client.get("/orders/", query).status_code in {200, 400}
    # ?back= (the breadcrumb to the list the order was opened from): anything but our list is ignored
    assert admin_client.get(f"/orders/{world['order'].number}/", {"back": back}).status_code in {200, 400}
