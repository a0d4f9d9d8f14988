"""The Taken side of an order's history: added, changed (reassigned, rescheduled, …) and completed."""

from django.db.models import TextChoices
from django.utils import formats
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry

from .models import Task, TaskPriority, TaskStatus


@registry.event_types
class TaskEventType(TextChoices):
    TASK_ADDED = "TASK_ADDED", gettext_lazy("Taak toegevoegd")
    TASK_UPDATED = "TASK_UPDATED", gettext_lazy("Taak gewijzigd")
    TASK_COMPLETED = "TASK_COMPLETED", gettext_lazy("Taak afgerond")


def when(value: str) -> str:
    """A stored ISO time as the reader's date and time."""
    moment = parse_datetime(value)
    return formats.date_format(localtime(moment), "DATETIME_FORMAT") if moment else value


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


SHOWN = {
    "assignee": lambda value: value,  # stored as the name it had
    "due_at": when,
    "status": lambda value: _label(TaskStatus, value),
    "priority": lambda value: _label(TaskPriority, value),
    "description": lambda value: f"“{value}”",
}


def describe_change(change: dict) -> str:
    field = change["field"]
    try:
        label = str(Task._meta.get_field(field).verbose_name)
    except Exception:  # a field that no longer exists: the history outlives the model
        label = field
    shown = SHOWN.get(field, str)
    return f"{label} {shown(change['old'])} → {shown(change['new'])}"


@registry.formatter(TaskEventType.TASK_ADDED)
def _task_added(data: dict) -> str:
    return _("Taak voor %(assignee)s, uiterlijk %(due)s: %(description)s") % {
        "assignee": data["assignee"],
        "due": when(data["due_at"]),
        "description": data["description"],
    } + (" " + _("E-mail naar %(to)s.") % {"to": data["emailed"]} if data.get("emailed") else "")


@registry.formatter(TaskEventType.TASK_UPDATED)
def _task_updated(data: dict) -> str:
    changes = "; ".join(describe_change(change) for change in data["changes"])
    sentence = _("Taak “%(description)s” gewijzigd: %(changes)s") % {"description": data["task"], "changes": changes}
    if data.get("emailed"):
        sentence += " " + _("E-mail naar %(to)s.") % {"to": data["emailed"]}
    return sentence


@registry.formatter(TaskEventType.TASK_COMPLETED)
def _task_completed(data: dict) -> str:
    return _("Taak “%(description)s” afgerond (toegewezen aan %(assignee)s).") % {
        "description": data["task"],
        "assignee": data["assignee"],
    }
