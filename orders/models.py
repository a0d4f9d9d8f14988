import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.choices import ChoiceLabels
from backoffice.compiled import CompiledQuery
from backoffice.languages import DOCUMENT_LANGUAGES
from backoffice.money import vat_breakdown


class OrderStatus(models.TextChoices):
    """The system status: what has happened to the order, decided by the state table in orders/lifecycle.py.
    A custom status (status app) is shown instead when one is set."""

    NEW = "new", _("Nieuw")
    PROCESSING = "processing", _("In behandeling")
    SHIPPED = "shipped", _("Verzonden")
    COMPLETED = "completed", _("Afgerond")
    ON_HOLD = "on_hold", _("In de wacht")
    RETURN = "return", _("Retour")
    CANCELLED = "cancelled", _("Geannuleerd")


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Niet betaald")
    PAID = "paid", _("Betaald")


class ShipmentStatus(models.TextChoices):
    NOT_SHIPPED = "not_shipped", _("Niet verzonden")
    PARTIALLY_SHIPPED = "partially_shipped", _("Deels verzonden")
    SHIPPED = "shipped", _("Verzonden")


class PaymentMethod(models.TextChoices):
    IDEAL = "ideal", "iDEAL"
    BANCONTACT = "bancontact", "Bancontact"
    PAYPAL = "paypal", "PayPal"
    CREDIT_CARD = "credit_card", _("Creditcard")
    BANK_TRANSFER = "bank_transfer", _("Bankoverschrijving")
    PAY_LATER = "pay_later", _("Achteraf betalen")

    @property
    def pays_directly(self) -> bool:
        """Paid at checkout: such an order arrives paid (and can be set back to unpaid)."""
        return self in {self.IDEAL, self.BANCONTACT, self.PAYPAL, self.CREDIT_CARD}


class CancelReason(models.TextChoices):
    CUSTOMER_REQUEST = "customer_request", _("Op verzoek van de klant")
    PAYMENT_NOT_RECEIVED = "payment_not_received", _("Betaling niet ontvangen")
    OUT_OF_STOCK = "out_of_stock", _("Niet op voorraad")
    FRAUD = "fraud", _("Fraude vermoed")
    OTHER = "other", _("Andere reden")


class Carrier(models.TextChoices):
    POSTNL = "postnl", "PostNL"
    DHL = "dhl", "DHL"
    DPD = "dpd", "DPD"
    BPOST = "bpost", "bpost"
    PICKUP = "pickup", _("Afhalen")


@dataclass(frozen=True)
class Address:
    """An address as the order holds it (a snapshot taken at checkout)."""

    name: str
    company: str
    street: str
    house_number: str
    postcode: str
    city: str
    country: str
    phone: str

    @property
    def street_line(self) -> str:
        return f"{self.street} {self.house_number}".strip()

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.postcode or self.city)


ADDRESS_PARTS = ["name", "company", "street", "house_number", "postcode", "city", "country", "phone"]


def normalize_postcode(postcode: str) -> str:
    """'1012 ab' -> '1012AB': how postcodes are stored for searching."""
    return "".join(postcode.split()).upper()


def sees_orders(user) -> bool:
    """Whether `user` may see the shop's orders: every active staff member sees every order (for now; the order
    page's compiled query, orders.selectors.order_for_dashboard, relies on that too)."""
    return user.is_authenticated and user.is_active and user.is_staff


class OrderQuerySet(models.QuerySet):
    def for_staff(self, user) -> "OrderQuerySet":
        """What a staff member may see (`sees_orders`)."""
        return self if sees_orders(user) else self.none()

    def newest_first(self) -> "OrderQuerySet":
        return self.order_by("-placed_at", "-id")

    def lock(self, order: "Order") -> "Order":
        """`order` read afresh and locked until the transaction ends: every service that changes an order takes
        this first, so two clicks (or a click and a job) act one after the other, each on what the other left."""
        return self.select_for_update().get(pk=order.pk)


class Order(ChoiceLabels, models.Model):
    number = models.CharField(_("ordernummer"), max_length=20, unique=True)
    placed_at = models.DateTimeField(_("besteldatum"), default=timezone.now)
    language = models.CharField(_("taal"), max_length=8, default="nl", choices=DOCUMENT_LANGUAGES)
    currency = models.CharField(_("valuta"), max_length=3, default="EUR")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("klant"), on_delete=models.PROTECT, related_name="orders"
    )
    email = models.EmailField(_("e-mailadres"))

    billing_name = models.CharField(_("naam"), max_length=200)
    billing_company = models.CharField(_("bedrijf"), max_length=200, blank=True)
    billing_street = models.CharField(_("straat"), max_length=200)
    billing_house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    billing_postcode = models.CharField(_("postcode"), max_length=12)
    billing_city = models.CharField(_("plaats"), max_length=100)
    billing_country = models.CharField(_("land"), max_length=2, default="NL")
    billing_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)

    shipping_name = models.CharField(_("naam"), max_length=200)
    shipping_company = models.CharField(_("bedrijf"), max_length=200, blank=True)
    shipping_street = models.CharField(_("straat"), max_length=200)
    shipping_house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    shipping_postcode = models.CharField(_("postcode"), max_length=12)
    shipping_city = models.CharField(_("plaats"), max_length=100)
    shipping_country = models.CharField(_("land"), max_length=2, default="NL")
    shipping_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)

    payment_method = models.CharField(_("betaalmethode"), max_length=20, choices=PaymentMethod.choices)
    payment_status = models.CharField(
        _("betaalstatus"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)

    shipping_method = models.CharField(_("verzendmethode"), max_length=100)
    carrier = models.CharField(_("vervoerder"), max_length=20, choices=Carrier.choices)
    shipping_cost = models.DecimalField(_("verzendkosten"), max_digits=12, decimal_places=2, default=Decimal("0"))
    shipping_vat_rate = models.DecimalField(
        _("btw-tarief verzendkosten"), max_digits=5, decimal_places=2, default=Decimal("21")
    )
    shipment_status = models.CharField(
        _("verzendstatus"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.NOT_SHIPPED
    )

    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.NEW)
    # Chosen by staff in the Status block; shown instead of `status`. Indexed by order_custom_status_recent.
    custom_status = models.ForeignKey(
        "status.CustomStatus",
        verbose_name=_("eigen status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Returns registered or received and not yet handled or rejected, kept by the returns app's services so the
    # state table reads it from this row (the list never joins returns).
    open_returns = models.PositiveIntegerField(_("open retouren"), default=0, db_default=0)  # db: bulk inserts
    # The customer's questions that wait for an answer (tickets app): the marker on the dashboard and in the orders
    # list, read from this row. Kept by the tickets services under the order's row lock.
    unanswered_tickets = models.PositiveIntegerField(_("onbeantwoorde tickets"), default=0)
    # A colleague's to-dos about the order that are not done (tasks app): the list's "Open taken" filter, read from
    # this row. Kept by the tasks services under the order's row lock.
    open_tasks = models.PositiveIntegerField(_("open taken"), default=0, db_default=0)  # db: bulk inserts
    is_on_hold = models.BooleanField(_("in de wacht"), default=False)
    hold_reason = models.CharField(_("reden wacht"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden annulering"), max_length=30, choices=CancelReason.choices, blank=True)

    subtotal = models.DecimalField(_("subtotaal"), max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(_("korting"), max_digits=12, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(_("totaal"), max_digits=12, decimal_places=2)
    customer_note = models.TextField(_("opmerking van de klant"), blank=True)
    # "Adres controleren": the geocoder did not find the billing or shipping address (the addresses app sets it).
    address_check = models.BooleanField(_("adres controleren"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            # The list: newest first, keyset-paginated on (placed_at, id); each filter with the same order.
            models.Index(fields=["-placed_at", "-id"], name="order_recent"),
            # The status filter: a system status means the orders that show it, so those without a custom status.
            # On PostgreSQL it carries the payment and shipment status (INCLUDE, migration 0015), so a status filter
            # combined with them (the shop's saved view "Te verzenden") is counted from the index alone.
            models.Index(
                fields=["status", "-placed_at", "-id"],
                name="order_status_recent",
                condition=models.Q(custom_status__isnull=True),
            ),
            models.Index(
                fields=["custom_status", "-placed_at", "-id"],
                name="order_custom_status_recent",
                condition=models.Q(custom_status__isnull=False),
            ),
            # The payment status filter (read backwards: newest first) and the payment status sort (orders/sorting.py).
            # On PostgreSQL it carries the shipment status (INCLUDE, migration 0016): "unpaid and not shipped" (a saved
            # view) is counted from the index alone.
            models.Index(fields=["payment_status", "placed_at", "id"], name="order_payment_sort"),
            models.Index(fields=["shipment_status", "-placed_at", "-id"], name="order_shipment_recent"),
            # The other sorts, each on exactly its keyset columns (orders/sorting.py); the number's is its unique index.
            # (total, id) also answers the "Totaal vanaf / tot en met" filter.
            models.Index(fields=["total", "id"], name="order_total_sort"),
            models.Index(fields=["billing_name", "id"], name="order_customer_sort"),
            models.Index(fields=["status", "placed_at", "id"], name="order_status_sort"),
            # The filters on a few values where some are rare (Achteraf betalen, bpost, Luxemburg).
            models.Index(fields=["payment_method", "-placed_at", "-id"], name="order_payment_method_recent"),
            models.Index(fields=["carrier", "-placed_at", "-id"], name="order_carrier_recent"),
            models.Index(fields=["shipping_country", "-placed_at", "-id"], name="order_country_recent"),
            models.Index(fields=["billing_postcode"], name="order_billing_postcode"),
            models.Index(fields=["shipping_postcode"], name="order_shipping_postcode"),
            models.Index(Upper("email"), name="order_email_upper"),
            models.Index(fields=["customer", "-placed_at"], name="order_customer_recent"),
            # The list's "Adres controleren" filter: only the flagged few are in it.
            models.Index(
                fields=["-placed_at", "-id"], condition=models.Q(address_check=True), name="order_address_check_recent"
            ),
            # The export's VAT columns: the rates present, found by a skip scan (orders/export/services.py).
            models.Index(fields=["shipping_vat_rate"], name="order_shipping_vat_rate"),
            # "Onbeantwoorde vraag" and "Open taken": only the few orders that have them are in these.
            models.Index(
                fields=["-placed_at", "-id"],
                condition=models.Q(unanswered_tickets__gt=0),
                name="order_unanswered_recent",
            ),
            models.Index(
                fields=["-placed_at", "-id"], condition=models.Q(open_tasks__gt=0), name="order_open_tasks_recent"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def read_once[T](self, key: str, read: Callable[[], T]) -> T:
        """What a selector read about this order, kept on this instance: the dashboard renders every block from one
        Order instance, and blocks that need the same rows (the packing slips for Verzendmethoden and Verzendingen,
        the geocoding of an address that is both billing and shipping address, the shop's settings) read them once.
        For selectors only: a service reads what it locks afresh. `refresh_from_db()` forgets what was read."""
        reads = self.__dict__.setdefault("_reads", {})
        if key not in reads:
            reads[key] = read()
        return reads[key]

    def lines_by_position(self) -> list["OrderLine"]:
        """The order's lines in their order, read once per instance (the Retour and Product blocks both need them),
        each knowing this order as `self.lines` would make it; SQL compiled once (backoffice/compiled.py)."""
        return self.read_once("orders.lines", self._lines_by_position)

    def _lines_by_position(self) -> list["OrderLine"]:
        lines = _LINES_BY_POSITION.fetch(order_id=self.pk)
        order_field = OrderLine._meta.get_field("order")
        for line in lines:
            order_field.set_cached_value(line, self)
        return lines

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_reads", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def billing_address(self) -> Address:
        return Address(**{part: getattr(self, f"billing_{part}") for part in ADDRESS_PARTS})

    @property
    def shipping_address(self) -> Address:
        return Address(**{part: getattr(self, f"shipping_{part}") for part in ADDRESS_PARTS})

    @property
    def is_cancelled(self) -> bool:
        return self.status == OrderStatus.CANCELLED

    @property
    def status_label(self) -> str:
        """What the status badge says wherever staff see the order: the custom status when one is set, else the
        system status. (Read `custom_status` with select_related, or it costs a query per order.)"""
        if self.custom_status_id is not None:
            return self.custom_status.name
        return self.get_status_display()

    @property
    def status_badge_class(self) -> str:
        """The badge's colour class: the custom status's colour, else the system status's."""
        if self.custom_status_id is not None:
            return f"badge-colour-{self.custom_status.colour}"
        return f"badge-{self.status}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("positie"))
    product_name = models.CharField(_("product"), max_length=200)
    sku = models.CharField(_("artikelnummer"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("aantal"))
    unit_price = models.DecimalField(_("prijs per stuk"), max_digits=12, decimal_places=2)
    discount = models.DecimalField(_("korting"), max_digits=12, decimal_places=2, default=Decimal("0"))
    vat_rate = models.DecimalField(_("btw-tarief"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("totaal"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("orderregel")
        verbose_name_plural = _("orderregels")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="orderline_unique_position"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="orderline_quantity_positive"),
            models.CheckConstraint(condition=models.Q(discount__gte=0), name="orderline_discount_not_negative"),
        ]
        # The export's VAT columns: the rates present, found by a skip scan (orders/export/services.py).
        indexes = [models.Index(fields=["vat_rate"], name="orderline_vat_rate")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"


_LINES_BY_POSITION = CompiledQuery(
    OrderLine, lambda order_id: OrderLine.objects.filter(order_id=order_id).order_by("position")
)


def custom_statuses() -> models.QuerySet:
    """The shop's custom statuses (the status app's CustomStatus), reached through Order's own field: orders never
    imports a block app."""
    return Order._meta.get_field("custom_status").related_model.objects.all()


@functools.cache
def _active_custom_statuses() -> CompiledQuery:
    return CompiledQuery(
        Order._meta.get_field("custom_status").related_model, lambda: custom_statuses().active().in_order()
    )


def active_custom_statuses() -> list:
    """The active custom statuses in the drop-down's order: the list's status filter and the Status block on every
    page. One query, compiled once (backoffice/compiled.py)."""
    return _active_custom_statuses().fetch()


def order_vat_breakdown(order: Order, lines) -> list:
    """VAT per rate over the lines and the shipping cost, on the per-rate base."""
    amounts = [(line.total, line.vat_rate) for line in lines]
    if order.shipping_cost:
        amounts.append((order.shipping_cost, order.shipping_vat_rate))
    return vat_breakdown(amounts)


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class OrderExport(models.Model):
    """An export of VERKOOP > Orders too large to send while the browser waits (orders/export/): a job writes the
    file, the status page polls this row, and only the person who started it may download the file."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    format = models.CharField(_("formaat"), max_length=4, choices=ExportFormat.choices)
    query = models.CharField(max_length=2000, blank=True)  # the list's query string: its filters, as they were asked
    columns = models.JSONField(default=list)  # the chosen column names, in the export's order
    language = models.CharField(max_length=8, default="nl")  # of the person who started it: headers and labels
    total = models.PositiveIntegerField(_("orders"), default=0)
    done = models.PositiveIntegerField(_("verwerkt"), default=0)
    file = models.CharField(max_length=200, blank=True)  # path in default_storage
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)  # the job's last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)

    # Its file deleted by beat after PRINT_RESULT_RETENTION_DAYS (orders.expire_exports): it holds personal data.
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("orderexport")
        verbose_name_plural = _("orderexports")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expired_at is not None


class SavedView(models.Model):
    """A saved view of VERKOOP > Orders: the list's filter, sort and search (its query string, normalised by
    orders/saved_views.py) under a name, shown as a tab above the list. Personal (the owner's alone) or shared with
    everyone (made, renamed and deleted by a Beheerder only: orders/rules.py). The views the shop starts with carry a
    `key` and are named in the reader's language (`label`) until someone renames them."""

    name = models.CharField(_("naam"), max_length=80)
    key = models.CharField(max_length=40, blank=True)  # a built-in view (orders/saved_views.py BUILT_IN_NAMES)
    query = models.CharField(max_length=1000, blank=True)  # "payment_status=unpaid&placed_before_days=14"
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    is_shared = models.BooleanField(_("gedeeld met iedereen"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opgeslagen weergave")
        verbose_name_plural = _("opgeslagen weergaven")
        constraints = [
            # Unique per owner (personal) and among the shared ones, whatever the capitals.
            models.UniqueConstraint(
                Upper("name"), "owner", condition=models.Q(is_shared=False), name="saved_view_personal_name"
            ),
            models.UniqueConstraint(Upper("name"), condition=models.Q(is_shared=True), name="saved_view_shared_name"),
            models.CheckConstraint(
                condition=models.Q(is_shared=True) | models.Q(owner__isnull=False), name="saved_view_personal_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Bulk actions on the orders list (orders/bulk/): the run and its items are this app's models.
from .bulk.models import BulkOutcome, BulkRun, BulkRunItem, BulkRunState  # noqa: E402, F401
