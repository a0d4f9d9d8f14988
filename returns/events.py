"""The returns side of an order's history: registered, status moved, credited, paid back."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry

from .models import ReturnStatus


@registry.event_types
class ReturnEventType(TextChoices):
    RETURN_REGISTERED = "RETURN_REGISTERED", gettext_lazy("Retour aangemaakt")
    RETURN_STATUS_CHANGED = "RETURN_STATUS_CHANGED", gettext_lazy("Retourstatus gewijzigd")
    RETURN_CREDITED = "RETURN_CREDITED", gettext_lazy("Retour gecrediteerd")
    RETURN_REFUNDED = "RETURN_REFUNDED", gettext_lazy("Retour terugbetaald")


def _items(data: dict) -> str:
    return ", ".join(f"{quantity} × {name}" for name, quantity in data["items"])


def _status(value: str) -> str:
    return str(ReturnStatus(value).label) if value in ReturnStatus.values else value


@registry.formatter(ReturnEventType.RETURN_REGISTERED)
def _registered(data: dict) -> str:
    sentence = _("Retour %(sequence)s aangemaakt: %(items)s; terug te betalen € %(amount)s.") % {
        "sequence": data["sequence"],
        "items": _items(data),
        "amount": data["amount"],
    }
    if data.get("reason"):
        sentence += " " + _("Reden: %(reason)s.") % {"reason": data["reason"]}
    if data.get("action"):
        sentence += " " + _("Actie: %(action)s.") % {"action": data["action"]}
    if data.get("email_id"):
        sentence += " " + _("De klant kreeg de e-mail “Retour aangemeld”.")
    return sentence


@registry.formatter(ReturnEventType.RETURN_STATUS_CHANGED)
def _status_changed(data: dict) -> str:
    sentence = _("Retour %(sequence)s: %(previous)s → %(status)s.") % {
        "sequence": data["sequence"],
        "previous": _status(data["previous"]),
        "status": _status(data["status"]),
    }
    if data.get("email_id"):
        sentence += " " + _("De klant kreeg de e-mail “Retour afgehandeld”.")
    return sentence


@registry.formatter(ReturnEventType.RETURN_CREDITED)
def _credited(data: dict) -> str:
    sentence = _(
        "Retour %(sequence)s gecrediteerd met creditfactuur %(number)s (€ %(amount)s); de retour ligt vast."
    ) % {
        "sequence": data["sequence"],
        "number": data["number"],
        "amount": data["amount"],
    }
    if data.get("email_id"):
        sentence += " " + _("De klant kreeg de e-mail “Retour afgehandeld”.")
    return sentence


@registry.formatter(ReturnEventType.RETURN_REFUNDED)
def _refunded(data: dict) -> str:
    return _("Retour %(sequence)s terugbetaald (€ %(amount)s).") % {
        "sequence": data["sequence"],
        "amount": data["amount"],
    }
