import os
import random
import re
import subprocess
import sys
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from backoffice.models import NumberCounter, ShopSettings, User
from backoffice.money import quantize
from backoffice.roles import Role, role_of
from backoffice.rules import iban_is_valid
from backoffice.services import shop_settings_update
from customers.models import Customer
from demo import data as demo
from history.models import OrderEvent
from memos.selectors import unread_memo_count
from orders.events import OrderEventType
from orders.models import Carrier, Order, OrderLine, PaymentMethod, normalize_postcode
from shipping.models import Shipment, ShippingMethod
from status.models import CustomStatus
from tasks.selectors import open_task_count
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db

POSTCODE = {"NL": re.compile(r"\d{4}[A-Z]{2}"), "BE": re.compile(r"\d{4}")}


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def database_state() -> dict:
    return {
        "users": list(User.objects.order_by("pk").values_list("email", "password", "is_staff", "groups__name")),
        "customers": list(Customer.objects.order_by("pk").values_list("pk", "email", "user_id")),
        "orders": list(Order.objects.order_by("pk").values_list("number", "total", "placed_at")),
        "lines": OrderLine.objects.count(),
        "events": list(OrderEvent.objects.order_by("pk").values_list("order_id", "type", "created_at")),
        "counter": NumberCounter.objects.get(series="order").last_number,
        "shop": ShopSettings.objects.values().get(),
        "shipping_methods": list(ShippingMethod.objects.order_by("pk").values_list("name", "carrier", "tracking_url")),
    }


def assert_orders_add_up(orders) -> None:
    """Line total = quantity × unit price − discount; subtotal = Σ lines; total = subtotal + shipping."""
    for order in orders.prefetch_related("lines"):
        lines = order.lines.all()
        for line in lines:
            assert line.total == line.quantity * line.unit_price - line.discount, order.number
        assert order.subtotal == sum(line.total for line in lines), order.number
        assert order.discount_total == sum(line.discount for line in lines), order.number
        assert order.total == order.subtotal + order.shipping_cost, order.number


def assert_one_created_event_each(orders) -> None:
    events = OrderEvent.objects.filter(order__in=orders, type=OrderEventType.ORDER_CREATED)
    assert events.count() == orders.count()
    for number, data, created_at, placed_at in events.values_list(
        "order__number", "data", "created_at", "order__placed_at"
    ):
        assert data == {"number": number}
        assert created_at == placed_at


def assert_postcodes_normalized(orders) -> None:
    for kind in ("billing", "shipping"):
        for postcode, country in orders.values_list(f"{kind}_postcode", f"{kind}_country"):
            assert postcode == normalize_postcode(postcode)
            assert POSTCODE[country].fullmatch(postcode), postcode


def test_seed_demo_makes_the_demo_logins_with_their_roles():
    output = seed()

    admin = authenticate(email="admin@example.com", password="admin")
    staff = authenticate(email="medewerker@example.com", password="medewerker")
    customer = authenticate(email="klant@example.com", password="klant")
    assert admin.is_staff and role_of(admin) == Role.ADMIN and not admin.is_superuser
    assert admin.get_full_name() == "Anne Bakker"
    assert admin.has_perm("backoffice.manage_shop")
    assert staff.is_staff and role_of(staff) == Role.STAFF
    assert not staff.has_perm("backoffice.manage_shop")
    assert not customer.is_staff and role_of(customer) is None
    assert customer.customer.email == "klant@example.com"
    assert customer.customer.orders.count() == 3
    for account in demo.DEMO_ACCOUNTS:
        assert account.email in output and account.password in output


def test_seed_demo_fills_in_a_dutch_shop():
    seed()

    shop = ShopSettings.load()
    assert shop.name == "De Gouden Boon" and shop.city == "Utrecht" and shop.country == "NL"
    assert re.fullmatch(r"NL\d{9}B01", shop.vat_number)
    assert re.fullmatch(r"\d{8}", shop.coc_number)
    assert iban_is_valid(shop.iban)
    assert shop.languages == ["nl", "en", "de", "fr"]
    assert shop.order_prefix == "ORD"
    with shop.logo.open("rb") as logo, open(finders.find(demo.DEMO_LOGO), "rb") as static:
        assert shop.logo.name == "shop/logo.svg" and logo.read() == static.read()


def test_seed_demo_leaves_settings_alone_that_someone_filled_in():
    ShopSettings.objects.update_or_create(
        pk=1, defaults={"name": "Mijn winkel", "vat_number": "NL000099998B57", "languages": ["nl"]}
    )
    shop_settings_update(changes={"logo": ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "eigen.svg")},
                         actor=None)  # fmt: skip

    seed()

    shop = ShopSettings.load()
    assert (shop.name, shop.languages, shop.logo.name) == ("Mijn winkel", ["nl"], "shop/eigen.svg")


@pytest.mark.parametrize("args", [(), ("--orders", "120")], ids=["demo", "bulk"])
def test_every_shipping_method_the_orders_name_exists_with_their_carrier(args):
    seed(*args)

    methods = dict(ShippingMethod.objects.values_list("name", "carrier"))
    used = set(Order.objects.values_list("shipping_method", "carrier").distinct())
    assert used and used <= set(methods.items())
    assert not ShippingMethod.objects.exclude(tracking_url="").exists()  # the carriers' own links
    assert {"PostNL pakket", "DHL pakket", "Afhalen", "bpost"} == set(methods)


def test_seed_demo_leaves_a_shipping_method_alone_that_someone_changed():
    ShippingMethod.objects.create(name="postnl Pakket", carrier=Carrier.POSTNL, tracking_url="https://t.example/{code}")

    seed()

    assert not ShippingMethod.objects.filter(name="PostNL pakket").exists()  # the same name, in another case
    assert ShippingMethod.objects.get(name__iexact="PostNL pakket").tracking_url == "https://t.example/{code}"


def test_running_seed_demo_twice_changes_nothing():
    seed()
    before = database_state()

    output = seed()

    assert database_state() == before
    assert "nothing to do" in output
    assert len(before["orders"]) == demo.DEMO_ORDER_COUNT
    assert len(before["shipping_methods"]) == 4
    assert default_storage.listdir("shop") == ([], ["logo.svg"])  # the demo logo was stored once


def test_demo_orders_add_up_and_have_their_first_event():
    seed()

    orders = Order.objects.all()
    assert orders.count() == 50
    assert sorted(orders.values_list("number", flat=True)) == [f"ORD{n:05d}" for n in range(1, 51)]
    assert_orders_add_up(orders)
    assert_one_created_event_each(orders)
    assert_postcodes_normalized(orders)
    now = timezone.now()
    assert all(now - timedelta(days=61) < placed_at < now for placed_at in orders.values_list("placed_at", flat=True))
    line_counts = orders.annotate(count=Count("lines")).values_list("count", flat=True)
    assert min(line_counts) >= 1 and max(line_counts) <= 6


def test_some_demo_orders_were_handled_by_staff_through_the_services():
    seed()

    held = Order.objects.filter(is_on_hold=True)
    cancelled = Order.objects.filter(status="cancelled")
    assert held.count() == 3 and cancelled.count() == 2
    events = OrderEvent.objects.filter(order__in=[*held, *cancelled]).exclude(
        type__in=[OrderEventType.ORDER_CREATED, "INVOICE_ISSUED", "CREDIT_INVOICE_ISSUED"]
    )
    assert sorted(events.values_list("type", "actor__email")) == sorted(
        [(OrderEventType.ORDER_HELD.value, "medewerker@example.com")] * 3
        + [(OrderEventType.ORDER_CANCELLED.value, "medewerker@example.com")] * 2
        + [(OrderEventType.STATUS_CHANGED.value, "medewerker@example.com")] * 5
    )
    assert {order.status for order in held} == {"on_hold"}


def test_the_demo_colleagues_have_tasks_and_memos_for_each_other():
    seed()

    mila = User.objects.get(email="medewerker@example.com")
    assert open_task_count(mila) == (3, 1)  # one of them overdue
    assert unread_memo_count(mila) == (1, 1)


def test_some_demo_orders_have_returns_with_the_default_reasons_and_actions():
    from returns.models import Return, ReturnAction, ReturnReason

    seed()

    assert ReturnReason.objects.filter(names__nl="Te klein", names__en="Too small").exists()
    assert set(ReturnAction.objects.values_list("names__nl", flat=True)) == {"Geld terug", "Ruilen", "Tegoedbon"}
    returns = list(Return.objects.select_related("order"))
    assert len(returns) == 3
    assert sorted(ret.status for ret in returns) == ["handled", "received", "registered"]
    assert sum(ret.is_locked for ret in returns) == 1
    assert {ret.order.status for ret in returns if ret.is_open} == {"return"}


def test_demo_orders_look_like_a_dutch_and_belgian_shop():
    seed()

    orders = list(Order.objects.prefetch_related("lines"))
    lines = [line for order in orders for line in order.lines.all()]
    assert {order.billing_country for order in orders} == {"NL", "BE"}
    assert {"Amsterdam", "Utrecht", "Rotterdam", "Gent", "Antwerpen"} <= {order.billing_city for order in orders}
    assert {order.payment_method for order in orders} == {"ideal", "bank_transfer", "paypal", "bancontact"}
    assert all(order.billing_country == "BE" for order in orders if order.payment_method == PaymentMethod.BANCONTACT)
    assert {order.carrier for order in orders} == {Carrier.POSTNL, Carrier.DHL, Carrier.PICKUP}
    assert all(order.shipping_cost == 0 for order in orders if order.carrier == Carrier.PICKUP)
    assert {line.vat_rate for line in lines} == {Decimal("9"), Decimal("21")}
    assert any(line.discount for line in lines)
    assert any(order.shipping_address != order.billing_address for order in orders)
    assert any(order.billing_company for order in orders)
    languages = [order.language for order in orders]
    assert languages.count("nl") > len(orders) / 2
    assert {"en", "fr", "de"} & set(languages)


def test_demo_orders_are_the_same_every_time():
    def signature():
        return list(
            Order.objects.order_by("number").values_list(
                "number", "billing_name", "billing_postcode", "payment_method", "carrier", "total"
            )
        )

    with transaction.atomic():
        seed()
        first = signature()
        transaction.set_rollback(True)

    seed()

    assert signature() == first


def test_bulk_orders_add_up_and_continue_the_number_series():
    output = seed("--orders", "300")

    orders = Order.objects.all()
    assert orders.count() == 300
    assert "300 / 300 orders" in output
    assert set(orders.values_list("number", flat=True)) == {f"ORD{n:05d}" for n in range(1, 301)}
    assert NumberCounter.objects.get(series="order").last_number == 300
    assert_orders_add_up(orders)
    assert_one_created_event_each(orders)
    assert_postcodes_normalized(orders)
    line_counts = orders.annotate(count=Count("lines")).values_list("count", flat=True)
    assert min(line_counts) >= 1 and max(line_counts) <= 45
    now = timezone.now()
    placed = orders.values_list("placed_at", flat=True)
    assert min(placed) < now - timedelta(days=2 * 365) and max(placed) > now - timedelta(days=30)
    assert len(set(orders.values_list("status", flat=True))) >= 2
    assert set(orders.values_list("payment_status", flat=True)) == {"paid", "unpaid"}
    assert orders.values("billing_name").distinct().count() > 50
    # Every order belongs to a real customer whose name it carries (the customer written is the one drawn).
    assert not orders.exclude(customer__email=F("email")).exists()
    customer_name = Concat("customer__first_name", Value(" "), "customer__last_name")
    assert not orders.annotate(customer_name=customer_name).exclude(billing_name=F("customer_name")).exists()
    assert Customer.objects.filter(orders__isnull=True).count() < 100 // 4  # 100 customers, ~3 orders each

    order = make_order()

    assert order.number == "ORD00301"
    assert OrderEvent.objects.get(order=order, type=OrderEventType.ORDER_CREATED).data == {"number": "ORD00301"}


def test_bulk_orders_top_up_to_the_requested_total():
    seed()
    seed("--orders", "120")
    before = database_state()

    output = seed("--orders", "100")

    assert "nothing to do" in output
    assert database_state() == before
    assert sorted(Order.objects.values_list("number", flat=True)) == [f"ORD{n:05d}" for n in range(1, 121)]
    assert before["counter"] == 120


def test_bulk_orders_elsewhere_than_postgresql_use_bulk_create(monkeypatch):
    """SQLite (`make run`) has no COPY: the plain writer gives the same rows through bulk_create."""
    monkeypatch.setattr(demo, "_writer", demo._Writer)

    demo.orders_bulk_create(total=40, progress=lambda message: None)

    orders = Order.objects.all()
    assert orders.count() == 40
    assert_orders_add_up(orders)
    assert_one_created_event_each(orders)
    assert NumberCounter.objects.get(series="order").last_number == 40


class DiscardingWriter(demo._Writer):
    """Takes the rows (as COPY does, one by one) and keeps none: what is left is the generator's own memory."""

    def write(self, model, columns: list[str], rows) -> None:
        for _row in rows:
            pass


def test_bulk_seed_memory_does_not_grow_with_the_number_of_orders(monkeypatch):
    """10,000,000 orders must be made in the memory of a few thousand: a batch of rows at a time, and no list of
    customers (they are drawn from their ids). Python's allocations, traced; small batches so a growth shows."""
    monkeypatch.setattr(demo, "_writer", DiscardingWriter)
    monkeypatch.setattr(demo, "BULK_BATCH", 500)

    def peak_bytes(total: int) -> int:
        tracemalloc.start()
        try:
            demo.orders_bulk_create(total=total, progress=lambda message: None)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak_bytes(1_000)  # warm-up: Django's and the module's caches

    small, large = peak_bytes(4_000), peak_bytes(16_000)

    # 4 × the orders (and customers): the peak stays that of one batch. Keeping the 5,333 customers costs ~3 MB.
    assert large < small * 1.2, (small, large)


def test_bulk_customers_are_drawn_from_their_id_alone():
    since = timezone.now()
    customers = demo._BulkCustomers(range(1001, 1101), since)

    again = demo._BulkCustomers(range(1050, 1060), since - timedelta(days=1))

    assert len(customers) == 100
    assert customers[49] == again[0]  # the same id, the same person, whatever else the run makes
    assert customers[49] != customers[50]
    (row,) = customers.rows(range(1050, 1051))
    customer_id, email, first_name, last_name, *_rest = row
    assert (customer_id, f"{first_name} {last_name}", email) == customers[49][:3]
    assert len({customer[6][2] for customer in customers}) > 50  # postcodes spread over their city


def test_bulk_rows_have_the_intended_shape():
    """Without the database: 1–6 lines, a few orders of ~40 lines, money in cents that adds up."""
    rng = random.Random(demo.SEED)
    now = timezone.now()
    customers = [
        (1, "Jan de Vries", "jan@example.nl", "nl", "", "", ("Damrak", "1", "1012LG", "Amsterdam", "NL")),
        (2, "Wout Peeters", "wout@example.be", "nl", "", "", ("Meir", "78", "2000", "Antwerpen", "BE")),
    ]
    moments = [now - timedelta(hours=hour) for hour in range(5000, 0, -1)]

    orders, lines, events = demo._bulk_batch(rng, demo._Writer(), customers, range(1, 5001), 1, "ORD", moments, now)

    lines_per_order = [0] * 5001
    subtotal = [Decimal(0)] * 5001
    for order_id, _position, _name, _sku, quantity, unit_price, discount, _rate, total in lines:
        assert Decimal(total) == quantize(quantity * Decimal(unit_price) - Decimal(discount))
        lines_per_order[order_id] += 1
        subtotal[order_id] += Decimal(total)
    counts = lines_per_order[1:]
    assert set(range(1, 7)) <= set(counts)
    assert 0 < sum(count >= 35 for count in counts) < 50
    assert max(counts) <= 45
    column = demo.ORDER_COLUMNS.index
    for order in orders:
        assert Decimal(order[column("subtotal")]) == subtotal[order[0]]
        assert Decimal(order[column("total")]) == subtotal[order[0]] + Decimal(order[column("shipping_cost")])
    assert [event[5] for event in events[:2]] == [{"number": "ORD00001"}, {"number": "ORD00002"}]


def test_demo_invoices_are_dated_at_their_order_and_customers_are_customers_since_their_first_order():
    from invoicing.models import Invoice, InvoiceKind

    ShopSettings.objects.filter(pk=1).delete()  # a fresh shop: invoices on order, as seed_demo sets it up
    seed()

    invoices = Invoice.objects.filter(kind=InvoiceKind.INVOICE).select_related("order")
    assert invoices.count() == 50
    for invoice in invoices:
        placed = timezone.localdate(invoice.order.placed_at)
        assert (invoice.issued_at, invoice.invoice_date) == (invoice.order.placed_at, placed)
        assert invoice.due_date == placed + timedelta(days=invoice.payment_term_days)
    for customer in Customer.objects.filter(orders__isnull=False).distinct():
        first = customer.orders.order_by("placed_at").first().placed_at
        assert customer.created_at <= first


def test_seed_demo_refuses_the_demo_logins_outside_development_unless_asked(settings):
    # given settings that are not for development (production, or DEBUG off)
    settings.SEED_DEMO_ACCOUNTS = False

    # then seed_demo refuses and makes nothing
    with pytest.raises(CommandError, match="--allow-demo-accounts"):
        seed("--orders", "0")
    assert not User.objects.filter(email="admin@example.com").exists()

    # unless it is told the demo logins are meant
    seed("--allow-demo-accounts", "--orders", "0")
    assert User.objects.filter(email="admin@example.com").exists()


@pytest.mark.parametrize(
    "environment",
    [
        {"DJANGO_SETTINGS_MODULE": "backoffice.settings.production", "DJANGO_DEBUG": "true"},
        {"DJANGO_SETTINGS_MODULE": "backoffice.settings", "DJANGO_DEBUG": "false"},  # as bench/run.py seeds
    ],
    ids=["production", "debug-off"],
)
def test_production_settings_and_debug_off_refuse_the_demo_logins(environment):
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "EMAIL_HOST": "smtp.example.com",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/no-database-is-touched",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert "Refused: seed_demo makes logins with published passwords" in result.stderr
    assert "--allow-demo-accounts" in result.stderr


def test_the_demo_shop_has_custom_statuses_and_two_orders_wait_for_the_supplier():
    seed()

    names = [status.names["nl"] for status in CustomStatus.objects.in_order()]
    assert names == ["Wacht op leverancier", "Klaar om af te halen", "Wordt gecontroleerd"]
    waiting = Order.objects.filter(custom_status__names__nl="Wacht op leverancier")
    assert waiting.count() == 2 and not waiting.filter(status="cancelled").exists()
    seed()  # again: nothing doubles
    assert CustomStatus.objects.count() == 3


def test_older_paid_demo_orders_have_left_dated_after_the_order_and_their_status_followed():
    seed()

    statuses = set(Order.objects.values_list("status", flat=True))
    assert {"new", "processing", "completed", "on_hold", "cancelled"} <= statuses
    shipped = Shipment.objects.filter(shipped_at__isnull=False).select_related("order")
    assert shipped.count() >= 30
    assert all(s.order.placed_at < s.shipped_at < timezone.now() and s.tracking_code for s in shipped)
    assert not Order.objects.filter(shipment_status="shipped", payment_status="unpaid").exclude(
        payment_method=PaymentMethod.PAY_LATER
    )  # nobody ships a bank transfer that never came


def test_the_demo_customer_has_questions_in_every_state_and_the_orders_carry_the_marker():
    from django.db.models import Sum

    from tickets.models import Ticket, TicketAttachment

    output = seed()

    assert "klant@example.com" in output and "/account/login/" in output
    sanne = Ticket.objects.filter(customer__user__email="klant@example.com")
    assert sorted(sanne.values_list("status", flat=True)) == ["answered", "closed", "open"]
    assert TicketAttachment.objects.filter(message__ticket__in=sanne).count() == 1
    waiting = Ticket.objects.filter(status="open", order__isnull=False).count()
    assert waiting == 2 and Order.objects.aggregate(total=Sum("unanswered_tickets"))["total"] == waiting
