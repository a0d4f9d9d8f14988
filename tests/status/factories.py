"""Custom statuses, made through ALGEMEEN > Instellingen > Workflow > Order status's service."""

from status.models import CustomStatus
from status.services import custom_status_create


def make_custom_status(name: str = "Wacht op leverancier", *, en: str = "", colour: str = "amber", mail: bool = False,
                       **names) -> CustomStatus:  # fmt: skip
    """A custom status with Dutch `name` (and `en`, or other languages as `de=…`, `fr=…`)."""
    names = {"nl": name, "en": en, **names}
    return custom_status_create(names=names, colour=colour, mail_customer=mail, actor=None)
