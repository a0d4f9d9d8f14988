from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry
from orders.events import name_in_active_language


@registry.event_types
class StatusEventType(TextChoices):
    CUSTOM_STATUS_SET = "CUSTOM_STATUS_SET", gettext_lazy("Eigen status gekozen")
    CUSTOM_STATUS_CLEARED = "CUSTOM_STATUS_CLEARED", gettext_lazy("Eigen status weggehaald")


@registry.formatter(StatusEventType.CUSTOM_STATUS_SET)
def _set(data: dict) -> str:
    names = {"name": name_in_active_language(data["names"])}
    if data.get("previous"):
        sentence = _("Eigen status “%(previous)s” vervangen door “%(name)s”.") % {
            **names,
            "previous": name_in_active_language(data["previous"]),
        }
    else:
        sentence = _("Eigen status “%(name)s” gekozen.") % names
    if data.get("email_id"):
        sentence += " " + _("De klant kreeg er een e-mail over.")
    return sentence


@registry.formatter(StatusEventType.CUSTOM_STATUS_CLEARED)
def _cleared(data: dict) -> str:
    return _("Eigen status “%(name)s” weggehaald; de order toont weer de systeemstatus.") % {
        "name": name_in_active_language(data["previous"])
    }
