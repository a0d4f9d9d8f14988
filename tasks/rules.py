"""When a task action is refused. One function decides both whether the button shows and whether the service
refuses (STYLE.md §11)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.roles import is_admin

from .models import DESCRIPTION_MAX_LENGTH, TaskStatus


def assignee_refusal(user) -> str | None:
    """A task is for an active staff member."""
    if user is None or not user.is_staff:
        return _("Een taak is voor een medewerker van de backoffice.")
    if not user.is_active:
        return _("%(name)s is gedeactiveerd: kies een collega die nog actief is.") % {"name": user}
    return None


def description_refusal(description: str) -> str | None:
    if not description:
        return _("Beschrijf wat er moet gebeuren.")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        return _("De omschrijving is te lang: hoogstens %(limit)d tekens.") % {"limit": DESCRIPTION_MAX_LENGTH}
    return None


def due_refusal(due_at, *, now=None) -> str | None:
    """A new task (or a new due time) in the past is refused; an overdue task keeps its time when edited."""
    if due_at < (now or timezone.now()):
        return _("Dit tijdstip is al voorbij: kies een moment in de toekomst.")
    return None


def edit_refusal(task, user) -> str | None:
    """Changing a task (anything but completing it): a Beheerder always, a Medewerker only the tasks she made."""
    if is_admin(user) or task.created_by_id == user.pk:
        return None
    return _("Alleen wie de taak aanmaakte of een beheerder kan deze taak wijzigen.")


def complete_refusal(task, user) -> str | None:
    """Afronden: whoever may edit it, and the colleague it is assigned to."""
    if task.status == TaskStatus.DONE:
        return _("Deze taak is al afgerond.")
    if task.assignee_id == user.pk:
        return None
    return edit_refusal(task, user)
