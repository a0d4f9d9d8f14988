from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.compiled import CompiledQuery


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who logs in: staff (is_staff, with a role group) and customers (My Account)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    language = models.CharField(_("taal"), max_length=8, blank=True, help_text=_("Taal van de backoffice."))
    is_staff = models.BooleanField(_("medewerker"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("lid sinds"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class InvoiceTiming(models.TextChoices):
    """When an order's invoice is made (ALGEMEEN > Instellingen > Geavanceerd > Administratie)."""

    ON_ORDER = "on_order", _("Direct bij de bestelling")
    ON_PAYMENT = "on_payment", _("Wanneer de order betaald is")
    MANUAL = "manual", _("Handmatig (knop Factuur aanmaken)")


class ShopSettings(models.Model):
    """The shop's own data, one row (pk=1). Later apps add their settings here."""

    name = models.CharField(_("winkelnaam"), max_length=120, default="Webwinkel")
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="NL")
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    vat_number = models.CharField(_("btw-nummer"), max_length=20, blank=True)
    coc_number = models.CharField(_("KvK-nummer"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    languages = models.JSONField(
        _("talen"), default=list, help_text=_("Talen van de webwinkel, voor facturen en e-mails.")
    )
    logo = models.FileField(
        _("logo"),
        upload_to="shop/",
        blank=True,
        help_text=_("Staat op facturen en pakbonnen. PNG, JPG of SVG, hoogstens 1 MB."),
    )
    order_prefix = models.CharField(_("voorvoegsel ordernummer"), max_length=10, default="ORD")
    order_start_number = models.PositiveIntegerField(_("startnummer orders"), default=1)

    # Geavanceerd > Administratie
    invoice_timing = models.CharField(
        _("factuur aanmaken"), max_length=20, choices=InvoiceTiming.choices, default=InvoiceTiming.ON_ORDER
    )
    invoice_prefix = models.CharField(_("voorvoegsel factuurnummer"), max_length=10, default="F")
    invoice_start_number = models.PositiveIntegerField(_("startnummer facturen"), default=1)
    credit_invoice_own_series = models.BooleanField(
        _("creditfacturen in een eigen nummerreeks"),
        default=False,
        help_text=_("Anders krijgen creditfacturen het volgende nummer uit de reeks van de facturen."),
    )
    credit_invoice_prefix = models.CharField(_("voorvoegsel creditfactuurnummer"), max_length=10, default="CF")
    credit_invoice_start_number = models.PositiveIntegerField(_("startnummer creditfacturen"), default=1)
    payment_term_days = models.PositiveIntegerField(_("betaaltermijn in dagen"), default=14)
    invoice_hide_email = models.BooleanField(_("e-mailadres van de klant niet op de factuur"), default=False)
    invoice_hide_phone = models.BooleanField(_("telefoonnummer van de klant niet op de factuur"), default=False)
    invoice_send_on_issue = models.BooleanField(_("factuur bij aanmaken naar de klant e-mailen"), default=True)
    packing_slip_prefix = models.CharField(_("voorvoegsel pakbonnummer"), max_length=10, default="P")
    packing_slip_start_number = models.PositiveIntegerField(_("startnummer pakbonnen"), default=1)
    payment_reminder_after_days = models.PositiveIntegerField(
        _("automatische betaalherinnering na (dagen)"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen automatische betaalherinnering."),
    )

    class Meta:
        verbose_name = _("winkelinstellingen")
        verbose_name_plural = _("winkelinstellingen")
        permissions = [("manage_shop", _("Kan instellingen en e-mailteksten beheren"))]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def load(cls) -> "ShopSettings":
        """The one row, made on first use. Most pages read it: its SQL is compiled once (backoffice/compiled.py)."""
        if found := _SHOP_SETTINGS.fetch():
            return found[0]
        settings, _created = cls.objects.get_or_create(pk=1, defaults={"languages": ["nl"]})
        return settings

    @property
    def enabled_languages(self) -> list[str]:
        return self.languages or ["nl"]


_SHOP_SETTINGS = CompiledQuery(ShopSettings, lambda: ShopSettings.objects.filter(pk=1))


class NumberCounter(models.Model):
    """The last number handed out in one series (orders, later invoices and packing slips).

    Numbers come from this locked row in the transaction that uses them: no gaps, no duplicates
    (database sequences leave gaps on rollback).
    """

    series = models.CharField(max_length=40, unique=True)
    last_number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerreeks")
        verbose_name_plural = _("nummerreeksen")

    def __str__(self) -> str:
        return f"{self.series}: {self.last_number}"


class AppendOnlyError(Exception):
    pass


class ConfigChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The configuration log is append-only.")

    def delete(self):
        raise AppendOnlyError("The configuration log is append-only.")


class ConfigChange(models.Model):
    """Who changed the shop's configuration, what (field: old → new) and when: one row per saved change, written by the
    settings service in its own transaction (`backoffice.audit.audit_record`); never changed or deleted.

    The sentence is not stored: it is formatted from `area`, `action` and `changes` in the reader's language.
    `changes` is [{"field": name, "old": value, "new": value}], JSON values as the model holds them; a secret field
    (the logo, a password) is stored by its name alone.
    """

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    actor = models.ForeignKey("User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(_("door"), max_length=200, blank=True)
    area = models.CharField(_("onderdeel"), max_length=40)
    action = models.CharField(_("handeling"), max_length=20)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    changes = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)

    objects = ConfigChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging van de instellingen")
        verbose_name_plural = _("wijzigingslog")
        indexes = [
            models.Index(fields=["area", "-id"], name="configchange_area_recent"),
            models.Index(fields=["actor", "-id"], name="configchange_actor_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.subject} @ {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The configuration log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The configuration log is append-only.")


class PrintStatus(models.TextChoices):
    """Of a chunked print and of each of its chunks (backoffice/printing.py); the prints' own status choices
    (PackingSlipPrintStatus, InvoicePrintStatus) have the same values."""

    PENDING = "pending", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class PrintChunk(models.Model):
    """One chunk of a print of many orders (Pakbonnen printen, Facturen printen): its orders, rendered by a job of its
    own on queue `pdf`, its PDF in default_storage until the merge. The print is named by its model's label and id
    (`print_type`, `print_id`), so one table serves every kind of print. The row is what makes a chunk count once:
    it is claimed with a lease and finished under the print's row lock (backoffice/printing.py)."""

    print_type = models.CharField(max_length=60)  # the print's model label, "shipping.packingslipprint"
    print_id = models.PositiveBigIntegerField()
    index = models.PositiveIntegerField()  # the chunk's place in the print: the merge follows it
    order_ids = models.JSONField(default=list)  # this chunk's orders, in the print's order
    status = models.CharField(max_length=10, choices=PrintStatus.choices, default=PrintStatus.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a job took it (its lease starts)
    worker = models.CharField(max_length=200, blank=True)  # the Celery worker that took it last
    attempts = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=200, blank=True)  # its PDF in default_storage, until the merge
    count = models.PositiveIntegerField(default=0)  # documents (packing slips, invoices) in its PDF
    skipped = models.JSONField(default=list)  # [[order number, reason], …] in the chunk's order
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("printdeel")
        verbose_name_plural = _("printdelen")
        constraints = [
            models.UniqueConstraint(fields=["print_type", "print_id", "index"], name="printchunk_once_per_index")
        ]

    def __str__(self) -> str:
        return f"{self.print_type} {self.print_id} #{self.index}"
