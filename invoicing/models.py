"""Invoices and credit invoices: legal documents (Dutch "factuureisen").

An Invoice row is an issued document: it has its number from the moment it exists, it is never deleted,
and what it says (seller, buyer, lines, amounts) is a snapshot taken at issue. Only what may legally change
on an issued invoice changes afterwards: whether it is paid, the delivery time and the custom text. A mistake
in anything else is corrected with a credit invoice that refers to the original.

Amounts are consumer amounts including VAT, as on the order; VAT per rate on the per-rate base
(backoffice.money.vat_breakdown). A credit invoice carries negative amounts.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.choices import ChoiceLabels


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Factuur")
    CREDIT = "credit", _("Creditfactuur")


class InvoiceQuerySet(models.QuerySet):
    def for_order(self, order) -> "InvoiceQuerySet":
        return self.filter(order=order).order_by("issued_at", "id")


class Invoice(ChoiceLabels, models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(_("soort"), max_length=10, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    number = models.CharField(_("factuurnummer"), max_length=30, unique=True)
    series = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()  # the counter's number behind `number`
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("gecrediteerde factuur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_invoices",
    )
    issued_at = models.DateTimeField(_("aangemaakt op"))
    invoice_date = models.DateField(_("factuurdatum"))
    supply_date = models.DateField(_("leverdatum"))
    due_date = models.DateField(_("vervaldatum"), null=True, blank=True)
    payment_term_days = models.PositiveIntegerField(_("betaaltermijn in dagen"))
    language = models.CharField(_("taal"), max_length=8)  # the customer's: the document as sent

    # Who sells, who buys: as they were at issue.
    seller = models.JSONField(_("verkoper"))  # name, street, postcode, city, country, vat_number, coc_number, iban…
    buyer_name = models.CharField(_("naam"), max_length=200)
    buyer_company = models.CharField(_("bedrijf"), max_length=200, blank=True)
    buyer_street = models.CharField(_("straat en huisnummer"), max_length=220)
    buyer_postcode = models.CharField(_("postcode"), max_length=12)
    buyer_city = models.CharField(_("plaats"), max_length=100)
    buyer_country = models.CharField(_("land"), max_length=2)
    buyer_vat_number = models.CharField(_("btw-nummer"), max_length=20, blank=True)
    buyer_email = models.CharField(_("e-mailadres"), max_length=254, blank=True)  # empty when hidden
    buyer_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)  # empty when hidden

    # total == net_total + vat_total == the sum of the lines, always (tests/invoicing/test_totals.py). Not a
    # CHECK constraint: SQLite (make run) compares decimals as floats and would refuse correct invoices.
    net_total = models.DecimalField(_("totaal exclusief btw"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("btw"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("totaal"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("valuta"), max_length=3, default="EUR")

    # What may change after issue.
    is_paid = models.BooleanField(_("betaald"), default=False)
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    delivery_time = models.CharField(_("levertijd"), max_length=100, blank=True)
    custom_text = models.TextField(_("eigen tekst"), blank=True)
    revision = models.PositiveIntegerField(default=1)  # +1 for every change that shows on the document
    # A credit invoice of an invoice that was not paid when it was made lowers what is still to be paid:
    # there is nothing to refund ("verrekend"), unlike the credit of a paid invoice.
    settles_amount_due = models.BooleanField(_("verrekend met het openstaande bedrag"), default=False)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    # The last "Opnieuw versturen": a second one within services.RESEND_INTERVAL is refused (a double click).
    resent_at = models.DateTimeField(_("opnieuw verstuurd op"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        indexes = [models.Index(fields=["order", "issued_at"], name="invoice_order_issued")]
        constraints = [
            models.UniqueConstraint(fields=["series", "sequence"], name="invoice_unique_series_sequence"),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credited_invoice__isnull=True)
                | models.Q(kind="credit", credited_invoice__isnull=False),
                name="invoice_credit_refers_to_original",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit(self) -> bool:
        return self.kind == InvoiceKind.CREDIT

    @property
    def paid_when_issued(self) -> bool:
        """Paid before the invoice existed (iDEAL at checkout)."""
        return self.paid_at is not None and self.paid_at <= self.issued_at


class InvoiceLineKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SHIPPING = "shipping", _("Verzendkosten")


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=InvoiceLineKind.choices, default=InvoiceLineKind.PRODUCT)
    order_line = models.ForeignKey(
        "orders.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines"
    )
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_lines"
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    sku = models.CharField(_("artikelnummer"), max_length=64, blank=True)
    quantity = models.IntegerField(_("aantal"))  # negative on a credit invoice
    unit_price = models.DecimalField(_("prijs per stuk"), max_digits=12, decimal_places=2)  # incl. VAT, positive
    discount = models.DecimalField(_("korting"), max_digits=12, decimal_places=2, default=Decimal("0"))
    vat_rate = models.DecimalField(_("btw-tarief"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("totaal"), max_digits=12, decimal_places=2)  # incl. VAT, signed

    class Meta:
        verbose_name = _("factuurregel")
        verbose_name_plural = _("factuurregels")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoiceline_unique_position"),
            models.CheckConstraint(condition=~models.Q(quantity=0), name="invoiceline_quantity_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"


class InvoiceVatRate(models.Model):
    """One line of the invoice's VAT summary: the base and VAT of one rate (signed like the invoice)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="vat_rates")
    rate = models.DecimalField(_("btw-tarief"), max_digits=5, decimal_places=2)
    net = models.DecimalField(_("bedrag exclusief btw"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("btw"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-rate"]
        constraints = [models.UniqueConstraint(fields=["invoice", "rate"], name="invoicevatrate_unique_rate")]

    def __str__(self) -> str:
        return f"{self.rate}%: {self.net} + {self.vat}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("PDF wordt gemaakt…")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


class InvoiceDocument(models.Model):
    """The PDF of one revision of an invoice in one language, rendered once by a job and then kept.

    The customer's language is rendered at issue (the document as sent); another language when somebody
    first prints in it. A changed delivery time or custom text makes a new revision; older files stay.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="documents")
    revision = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    file = models.CharField(max_length=300, blank=True)  # path in the default storage
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)  # renders started (Storingen shows them)
    queued_at = models.DateTimeField(null=True, blank=True)  # offered again by hand (Storingen › Opnieuw proberen)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "revision", "language"], name="invoicedocument_unique_revision_language"
            )
        ]
        indexes = [
            # Storingen: the documents that are not ready (few), and the counters of the last hour / 24 hours.
            models.Index(
                fields=["status", "created_at"],
                name="invoicedocument_unready",
                condition=models.Q(status__in=["pending", "failed"]),
            ),
            models.Index(fields=["rendered_at"], name="invoicedocument_rendered"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number} r{self.revision} {self.language}"

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY


class InvoicePrintStatus(models.TextChoices):
    PENDING = "pending", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class InvoicePrint(models.Model):
    """Facturen printen from VERKOOP > Orders: jobs that merge the stored invoice PDFs of the chosen orders (in one
    language) into one PDF, in chunks (backoffice.PrintChunk). The status page polls this row until it is done."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoicePrintStatus.choices, default=InvoicePrintStatus.PENDING
    )
    order_ids = models.JSONField(default=list)  # the orders chosen, newest first, as they were at the start
    language = models.CharField(_("taal"), max_length=8)  # of the documents
    total = models.PositiveIntegerField(_("orders"), default=0)
    done = models.PositiveIntegerField(_("verwerkt"), default=0)
    document_count = models.PositiveIntegerField(_("facturen"), default=0)
    skipped = models.JSONField(default=list)  # [[order number, reason], …]
    file = models.CharField(max_length=200, blank=True)  # path in default_storage
    error = models.TextField(blank=True)
    ui_language = models.CharField(max_length=8, default="nl")  # of the person who started it: the skip reasons
    updated_at = models.DateTimeField(null=True, blank=True)  # the jobs' last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # runs of its start job (backoffice/printing.py)
    # Its PDF deleted by beat after PRINT_RESULT_RETENTION_DAYS (invoicing.expire_print_results): "verlopen".
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("facturen-printopdracht")
        verbose_name_plural = _("facturen-printopdrachten")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (InvoicePrintStatus.DONE, InvoicePrintStatus.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expired_at is not None
