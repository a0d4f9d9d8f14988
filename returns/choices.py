"""VERKOOP > Retouren > Retour reden / Retour acties (Beheerder): the shop's own lists of reasons and actions.

A name per shop language (Dutch required), an order, active or not. One that a return carries is deactivated,
never deleted (the return keeps showing it); one that no return carries yet may be deleted.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice import audit
from backoffice.exceptions import ActionRefused

from .models import Return, ReturnAction, ReturnReason

KINDS = {
    "reasons": (ReturnReason, "reason", gettext_lazy("Retour reden"), gettext_lazy("Retour redenen")),
    "actions": (ReturnAction, "action", gettext_lazy("Retour actie"), gettext_lazy("Retour acties")),
}


AUDITED_FIELDS = ("names", "position", "is_active")  # the configuration log, old → new


def _audit(choice, before: dict, *, actor, action=audit.Action.CHANGED) -> None:
    """The configuration log: "Retour reden Te klein: actief: ja → nee"."""
    audit.audit_record(
        actor=actor,
        area="return_reason" if isinstance(choice, ReturnReason) else "return_action",
        subject=(before.get("names") or choice.names).get("nl", ""),
        object_id=choice.pk,
        action=action,
        changes=[] if action == audit.Action.DELETED else audit.diff(before, audit.values(choice, AUDITED_FIELDS)),
    )


def in_use(choice) -> bool:
    field = "reason" if isinstance(choice, ReturnReason) else "action"
    return Return.objects.filter(**{field: choice}).exists()


@transaction.atomic
def return_choice_save(*, model, choice=None, names: dict[str, str], position: int, is_active: bool, actor):
    """Add (`choice` None) or change a reason or an action. Dutch is its name wherever no other is given."""
    names = {language: name.strip() for language, name in names.items() if name and name.strip()}
    if not names.get("nl"):
        raise ActionRefused(_("Vul minstens de Nederlandse naam in."))
    taken = model.objects.filter(names__nl__iexact=names["nl"])
    if choice is not None:
        taken = taken.exclude(pk=choice.pk)
    if taken.exists():
        raise ActionRefused(_("“%(name)s” staat al in de lijst.") % {"name": names["nl"]})
    if choice is None:
        choice = model.objects.create(names=names, position=position, is_active=is_active)
        _audit(choice, {}, actor=actor, action=audit.Action.CREATED)
        return choice
    choice = model.objects.select_for_update().get(pk=choice.pk)
    before = audit.values(choice, AUDITED_FIELDS)
    choice.names, choice.position, choice.is_active = names, position, is_active
    choice.save(update_fields=["names", "position", "is_active"])
    _audit(choice, before, actor=actor)
    return choice


@transaction.atomic
def return_choice_delete(*, choice, actor) -> None:
    """Only one that no return carries: one in use is deactivated instead (the refusal says so)."""
    choice = type(choice).objects.select_for_update().get(pk=choice.pk)
    if in_use(choice):
        raise ActionRefused(
            _("“%(name)s” staat op een retour en kan niet worden verwijderd; zet hem op niet actief.")
            % {"name": choice.names.get("nl", "")}
        )
    _audit(choice, audit.values(choice, AUDITED_FIELDS), actor=actor, action=audit.Action.DELETED)
    choice.delete()
