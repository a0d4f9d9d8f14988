"""Every write of the status app: the Status block's choice of a custom status for an order, and ALGEMEEN >
Instellingen > Workflow > Order status (add, change, reorder, deactivate, delete a custom status).

The system status is not written here: orders/lifecycle.py decides it for every service.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from backoffice import audit
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from history import services as history
from notifications.services import email_language, mail_queue
from orders.models import Order

from .events import StatusEventType
from .models import Colour, CustomStatus
from .rules import names_problem, set_refusal


@transaction.atomic
def order_custom_status_set(*, order: Order, status: CustomStatus | None, actor) -> Order:
    """The Status block: give `order` the shop's own status `status`, or none (it shows the system status again).

    Two people choosing at the same moment: the row lock puts one after the other and the last one wins; each
    sees the order as it is after the block refreshes. A status that mails the customer queues its e-mail (through
    the outbox, in the customer's language) in the same transaction.
    """
    order = Order.objects.lock(order)
    if status is not None:
        status = CustomStatus.objects.get(pk=status.pk)  # as it is now: it may have been deactivated meanwhile
    if refusal := set_refusal(order, status):
        raise ActionRefused(refusal)
    if (status.pk if status is not None else None) == order.custom_status_id:
        return order  # already so: nothing changes, nothing is recorded, nobody is mailed twice
    previous = order.custom_status
    order.custom_status = status
    order.save(update_fields=["custom_status", "updated_at"])
    if status is None:
        history.record(order, StatusEventType.CUSTOM_STATUS_CLEARED, actor=actor, previous=previous.names)
        return order
    if not status.is_used:
        CustomStatus.objects.filter(pk=status.pk).update(is_used=True)
    email = None
    if status.mail_customer and order.email:
        language = email_language(order)
        email = mail_queue(order=order, kind=status.email_kind, extra={"status": status.name_in(language)}, actor=actor)
    history.record(
        order,
        StatusEventType.CUSTOM_STATUS_SET,
        actor=actor,
        status_id=status.pk,
        names=status.names,
        **({"previous": previous.names} if previous is not None else {}),
        **({"email_id": email.pk} if email is not None else {}),
    )
    return order


# --- ALGEMEEN > Instellingen > Workflow > Order status (Beheerder) ---------------------------------------------


AUDITED_FIELDS = ("names", "colour", "mail_customer", "is_active", "position")  # the configuration log, old → new


def _audit(status: CustomStatus, before: dict, *, actor, action=audit.Action.CHANGED) -> None:
    """The configuration log: "Order status Wacht: kleur: Blauw → Rood"; a removal names the status only."""
    audit.audit_record(
        actor=actor,
        area="custom_status",
        subject=(before.get("names") or status.names).get("nl", ""),
        object_id=status.pk,
        action=action,
        changes=[] if action == audit.Action.DELETED else audit.diff(before, audit.values(status, AUDITED_FIELDS)),
    )


def _settings_lock() -> None:
    """Settings writes queue on the shop's settings row (as shipping methods do): two clicks on Toevoegen add one
    status, and two people can't slip equal names past each other."""
    ShopSettings.objects.select_for_update().get(pk=ShopSettings.load().pk)


def _clean_names(names: dict[str, str]) -> dict[str, str]:
    return {language: " ".join(name.split()) for language, name in names.items() if name and name.strip()}


def _checked(names: dict[str, str], colour: str, status: CustomStatus | None = None) -> dict[str, str]:
    names = _clean_names(names)
    if problem := names_problem(names, status=status):
        raise ActionRefused(problem)
    if colour not in Colour.values:
        raise ActionRefused(_("Kies een kleur uit de lijst."))
    return names


@transaction.atomic
def custom_status_create(*, names: dict[str, str], colour: str, mail_customer: bool, actor) -> CustomStatus:
    """Status toevoegen: a new active status at the end of the list."""
    _settings_lock()
    names = _checked(names, colour)
    last = CustomStatus.objects.aggregate(last=Max("position"))["last"]
    status = CustomStatus.objects.create(
        names=names,
        colour=colour,
        mail_customer=mail_customer,
        position=(last or 0) + 1,
        created_by=actor,
    )
    _audit(status, {}, actor=actor, action=audit.Action.CREATED)
    return status


@transaction.atomic
def custom_status_update(
    *, status: CustomStatus, names: dict[str, str], colour: str, mail_customer: bool, actor
) -> CustomStatus:
    """Wijzigen: names, colour, and whether an order that gets it e-mails the customer. Orders that carry it show
    the new name at once; their history keeps the name it had."""
    _settings_lock()
    status = CustomStatus.objects.select_for_update().get(pk=status.pk)
    before = audit.values(status, AUDITED_FIELDS)
    status.names, status.colour, status.mail_customer = _checked(names, colour, status), colour, mail_customer
    status.save(update_fields=["names", "colour", "mail_customer"])
    _audit(status, before, actor=actor)
    return status


@transaction.atomic
def custom_status_move(*, status: CustomStatus, up: bool, actor) -> CustomStatus:
    """Omhoog / Omlaag: swap with its neighbour. The drop-down and the list filter offer the statuses in this order."""
    _settings_lock()
    ordered = list(CustomStatus.objects.in_order())
    index = next(index for index, other in enumerate(ordered) if other.pk == status.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        raise ActionRefused(_("Deze status staat al bovenaan.") if up else _("Deze status staat al onderaan."))
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        if each.position != position:
            before = audit.values(each, AUDITED_FIELDS)
            each.position = position
            each.save(update_fields=["position"])
            _audit(each, before, actor=actor)
    return ordered[other]


@transaction.atomic
def custom_status_activate(*, status: CustomStatus, active: bool, actor) -> CustomStatus:
    """Deactiveren: no longer offered in the drop-down and the list filter; the orders that carry it keep it.
    Activeren: offered again."""
    _settings_lock()
    status = CustomStatus.objects.select_for_update().get(pk=status.pk)
    if status.is_active == active:
        raise ActionRefused(_("Deze status is al actief.") if active else _("Deze status is al niet actief."))
    before = audit.values(status, AUDITED_FIELDS)
    status.is_active = active
    status.save(update_fields=["is_active"])
    _audit(status, before, actor=actor)
    return status


@transaction.atomic
def custom_status_delete(*, status: CustomStatus, actor) -> None:
    """Verwijderen: only a status no order ever had (a typo just added). One that was used is deactivated instead:
    the orders and the history that name it keep their meaning."""
    _settings_lock()
    status = CustomStatus.objects.select_for_update().get(pk=status.pk)
    if status.is_used or Order.objects.filter(custom_status=status).exists():
        raise ActionRefused(
            _("“%(name)s” is al gebruikt en kan niet worden verwijderd. Deactiveer de status in plaats daarvan.")
            % {"name": status.name}
        )
    _audit(status, audit.values(status, AUDITED_FIELDS), actor=actor, action=audit.Action.DELETED)
    status.delete()
