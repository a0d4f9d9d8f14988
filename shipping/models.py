"""Shipping: how the shop ships (ShippingMethod), and what left the warehouse (Shipment, its packing slip).

A Shipment is one packing slip (pakbon) with its own number, for all the order's remaining items or for
chosen quantities per line (a partial shipment, deelzending). It is made first and marked shipped when the
parcel leaves, with an optional Track & Trace code. An order line can never be on packing slips for more
than was ordered.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import Carrier

# The carriers' public tracking pages; {code}, {postcode} and {country} are filled in. A shipping method may
# have its own pattern (ALGEMEEN > Instellingen > Verzendmethoden); without one, its carrier's is used.
DEFAULT_TRACKING_URLS = {
    Carrier.POSTNL: "https://jouw.postnl.nl/track-and-trace/{code}-{country}-{postcode}",
    Carrier.DHL: "https://www.dhl.com/nl-nl/home/tracking/tracking-parcel.html?submit=1&tracking-id={code}",
    Carrier.DPD: "https://www.dpdgroup.com/nl/mydpd/my-parcels/search?lang=nl&parcelNumber={code}",
    Carrier.BPOST: "https://track.bpost.cloud/btr/web/#/search?itemCode={code}&postalCode={postcode}&lang=nl",
}
TRACKING_PLACEHOLDERS = ("code", "postcode", "country")


class ShippingMethod(models.Model):
    """A shipping method the webshop offers, by the name orders carry (`Order.shipping_method`)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    carrier = models.CharField(_("vervoerder"), max_length=20, choices=Carrier.choices)
    tracking_url = models.CharField(
        _("Track & Trace-link"),
        max_length=300,
        blank=True,
        help_text=_("Met {code} (en eventueel {postcode} en {country}). Leeg: de link van de vervoerder."),
    )

    class Meta:
        verbose_name = _("verzendmethode")
        verbose_name_plural = _("verzendmethoden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tracking_url_pattern(self) -> str:
        return self.tracking_url or DEFAULT_TRACKING_URLS.get(self.carrier, "")


class ShipmentQuerySet(models.QuerySet):
    def for_order(self, order) -> "ShipmentQuerySet":
        return self.filter(order=order).order_by("created_at", "id")


class Shipment(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="shipments")
    number = models.CharField(_("pakbonnummer"), max_length=30, unique=True)
    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipped_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tracking_code = models.CharField(_("Track & Trace-code"), max_length=40, blank=True)
    tracking_url = models.CharField(_("Track & Trace-link"), max_length=400, blank=True)

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")
        indexes = [models.Index(fields=["order", "created_at"], name="shipment_order_created")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_shipped(self) -> bool:
        return self.shipped_at is not None


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="shipment_lines")
    quantity = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("pakbonregel")
        verbose_name_plural = _("pakbonregels")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "order_line"], name="shipmentline_unique_order_line"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipmentline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.product_name}"


class PackingSlipPrintStatus(models.TextChoices):
    PENDING = "pending", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class PackingSlipPrint(models.Model):
    """Pakbonnen printen from VERKOOP > Orders: jobs that give the chosen orders a packing slip and make one PDF of
    their unshipped slips, in chunks (backoffice.PrintChunk). The status page polls this row until it is done."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=PackingSlipPrintStatus.choices, default=PackingSlipPrintStatus.PENDING
    )
    order_ids = models.JSONField(default=list)  # the orders chosen, newest first, as they were at the start
    total = models.PositiveIntegerField(_("orders"), default=0)
    done = models.PositiveIntegerField(_("verwerkt"), default=0)
    slip_count = models.PositiveIntegerField(_("pakbonnen"), default=0)
    skipped = models.JSONField(default=list)  # [[order number, reason], …]
    file = models.CharField(max_length=200, blank=True)  # path in default_storage
    error = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="nl")  # of the person who started it: the skip reasons
    updated_at = models.DateTimeField(null=True, blank=True)  # the jobs' last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # runs started (Storingen shows them)
    # When beat deleted the merged PDF (PRINT_RESULT_RETENTION_DAYS after it was made): the download says "verlopen".
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pakbonnen-printopdracht")
        verbose_name_plural = _("pakbonnen-printopdrachten")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PackingSlipPrintStatus.DONE, PackingSlipPrintStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expired_at is not None
