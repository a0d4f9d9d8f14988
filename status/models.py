"""A shop's own order statuses (ALGEMEEN > Instellingen > Workflow > Order status).

An order may carry one (`Order.custom_status`); it replaces the system status wherever staff see the order, while
the system status (orders/lifecycle.py) keeps following what happens underneath.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

EMAIL_FAMILY = "custom_status"


class Colour(models.TextChoices):
    """The badge colours: a fixed palette, each a class in backoffice.css with text that passes WCAG AA contrast
    (a free colour picker would let a shop pick yellow on white, and the CSP allows no inline style)."""

    GREY = "grey", _("Grijs")
    BLUE = "blue", _("Blauw")
    TEAL = "teal", _("Blauwgroen")
    GREEN = "green", _("Groen")
    AMBER = "amber", _("Oranje")
    RED = "red", _("Rood")
    PINK = "pink", _("Roze")
    PURPLE = "purple", _("Paars")


class CustomStatusQuerySet(models.QuerySet):
    def active(self) -> "CustomStatusQuerySet":
        return self.filter(is_active=True)

    def in_order(self) -> "CustomStatusQuerySet":
        return self.order_by("position", "pk")


class CustomStatus(models.Model):
    """A status of the shop's own. Never deleted once an order has carried it: deactivated, it is no longer offered,
    and the orders that carry it keep showing it."""

    names = models.JSONField(_("namen"), default=dict)  # {"nl": "Wacht op leverancier", "en": "Awaiting supplier"}
    colour = models.CharField(_("kleur"), max_length=10, choices=Colour.choices, default=Colour.BLUE)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    mail_customer = models.BooleanField(_("klant e-mailen"), default=False)
    # Set the first time an order gets it: from then on it is deactivated, never deleted (the history names it).
    is_used = models.BooleanField(_("in gebruik"), default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CustomStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("eigen status")
        verbose_name_plural = _("eigen statussen")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language`, else the Dutch one (every status has a Dutch name)."""
        return self.names.get(language) or self.names.get("nl", "")

    @property
    def name(self) -> str:
        """The name in the active language (the staff member's UI language)."""
        return self.name_in((get_language() or "nl").split("-")[0])

    @property
    def email_kind(self) -> str:
        """Its own e-mail in DIENST > E-mails & teksten (notifications' "custom_status" family)."""
        return f"{EMAIL_FAMILY}-{self.pk}"
