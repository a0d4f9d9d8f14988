from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.languages import DOCUMENT_LANGUAGES


class Customer(models.Model):
    """A shop customer. Orders keep their own snapshot of name and addresses; this is the living record."""

    email = models.EmailField(_("e-mailadres"))
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    company = models.CharField(_("bedrijf"), max_length=200, blank=True)
    vat_number = models.CharField(_("btw-nummer"), max_length=20, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    language = models.CharField(_("taal"), max_length=8, default="nl", choices=DOCUMENT_LANGUAGES)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
    )
    created_at = models.DateTimeField(_("klant sinds"), default=timezone.now)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        indexes = [models.Index(Upper("email"), name="customer_email_upper")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
