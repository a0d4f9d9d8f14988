"""The rules of custom statuses: when an order can get one, and what a status's names may be. The services refuse
with these; the Status block offers the choice only where the service would accept it."""

from django.utils.translation import gettext as _

from orders.models import Order

from .models import CustomStatus

NAME_MAX_LENGTH = 40


def set_refusal(order: Order, status: CustomStatus | None) -> str | None:
    """Why `order` cannot be given `status` (None: back to the system status) now, or None."""
    if order.is_cancelled:
        return _("Een geannuleerde order krijgt geen eigen status.")
    if status is not None and not status.is_active and status.pk != order.custom_status_id:
        return _("De status “%(name)s” is niet meer actief.") % {"name": status.name}
    return None


def names_problem(names: dict[str, str], *, status: CustomStatus | None = None) -> str | None:
    """What is wrong with a status's names ({language: name}), or None. Dutch is required; no two statuses may be
    called the same in one language (the list filter and the drop-down would not tell them apart)."""
    if not names.get("nl", "").strip():
        return _("Geef de status een Nederlandse naam.")
    if any(len(name) > NAME_MAX_LENGTH for name in names.values()):
        return _("Een naam is hoogstens %(count)s tekens.") % {"count": NAME_MAX_LENGTH}
    others = CustomStatus.objects.exclude(pk=status.pk) if status is not None else CustomStatus.objects.all()
    for other in others:
        for language, name in names.items():
            if name and other.names.get(language, "").casefold() == name.casefold():
                return _("Er is al een status “%(name)s”.") % {"name": name}
    return None
