"""The outbox's side of an order's history: an e-mail that could not be sent, after every attempt, and one that a
Beheerder offered again (Storingen)."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry


@registry.event_types
class NotificationEventType(TextChoices):
    EMAIL_FAILED = "EMAIL_FAILED", gettext_lazy("E-mail kon niet worden verstuurd")
    EMAIL_RETRIED = "EMAIL_RETRIED", gettext_lazy("E-mail opnieuw aangeboden")


@registry.formatter(NotificationEventType.EMAIL_FAILED)
def _email_failed(data: dict) -> str:
    return _("De e-mail “%(subject)s” aan %(to)s kon niet worden verstuurd, ook niet na %(attempts)s pogingen.") % data


@registry.formatter(NotificationEventType.EMAIL_RETRIED)
def _email_retried(data: dict) -> str:
    return _("De e-mail “%(subject)s” aan %(to)s wordt opnieuw verstuurd.") % data
