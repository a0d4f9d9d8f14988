"""Every write of Taken: add, change (reassign, reschedule, status, …) and complete a task. One transaction each,
under the order's row lock, with one history event; the e-mail to the colleague goes through the outbox. Each keeps
`Order.open_tasks` (the orders list's "Open taken" filter) equal to the number of the order's tasks not done."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from history import services as history
from notifications.services import outbox_queue
from orders.models import Order

from . import rules
from .events import TaskEventType
from .models import Task, TaskPriority, TaskStatus

TASK_EMAIL_KIND = "staff_task"
EDITABLE = ("assignee", "due_at", "status", "priority", "description")


def _name(user) -> str:
    return user.get_full_name() or user.email


def _refuse(problem: str | None) -> None:
    if problem:
        raise ActionRefused(problem)


def task_email_queue(*, task: Task, actor, site_url: str):
    """E-mail de collega: what the task is and a link to the order, in the colleague's language, via the outbox.
    Staff mail like the password reset link: not a customer's e-mail template, never to the customer."""
    assignee = task.assignee
    language = assignee.language if assignee.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {
        "task": task,
        "actor": _name(actor),
        "link": site_url.rstrip("/") + reverse("orders:dashboard", args=[task.order.number]),
        "order_number": task.order.number,
    }
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        subject = render_to_string("tasks/task_email_subject.txt", context)
        body = render_to_string("tasks/task_email.txt", context)
    return outbox_queue(
        to=assignee.email, kind=TASK_EMAIL_KIND, language=language, subject=subject, body=body, actor=actor,
        order=task.order,
    )  # fmt: skip


@transaction.atomic
def task_add(
    *,
    order: Order,
    actor,
    assignee,
    due_at,
    description: str,
    status: str = TaskStatus.OPEN,
    priority: str = TaskPriority.NORMAL,
    notify: bool = False,
    site_url: str = "",
    submit_key=None,
) -> Task:
    """Taak toevoegen. The assignee is an active staff member, the due time lies ahead. A second submit of the same
    dialog (`submit_key`) makes nothing more and answers with the first one's task."""
    description = description.strip()
    _refuse(rules.assignee_refusal(assignee) or rules.description_refusal(description) or rules.due_refusal(due_at))
    order = Order.objects.lock(order)
    if earlier := history.earlier_submit(order, TaskEventType.TASK_ADDED, submit_key):
        return Task.objects.get(pk=earlier.data["task_id"])
    now = timezone.now()
    task = Task.objects.create(
        order=order, assignee=assignee, created_by=actor, due_at=due_at, description=description, status=status,
        priority=priority, created_at=now,
        **({"completed_at": now, "completed_by": actor} if status == TaskStatus.DONE else {}),
    )  # fmt: skip
    _count_open(order, 1 if task.is_open else 0)
    emailed = task_email_queue(task=task, actor=actor, site_url=site_url).to if notify else ""
    history.record(
        order, TaskEventType.TASK_ADDED, actor=actor, task_id=task.pk, assignee=_name(assignee),
        due_at=due_at.isoformat(), description=description, emailed=emailed, submit_key=submit_key,
    )  # fmt: skip
    return task


def _count_open(order: Order, change: int) -> None:
    """Under the order's row lock (every service here takes it first)."""
    if change:
        Order.objects.filter(pk=order.pk).update(open_tasks=F("open_tasks") + change)


def _locked(task: Task) -> tuple[Order, Task]:
    order = Order.objects.lock(task.order)
    return order, Task.objects.select_related("assignee", "created_by", "order").select_for_update(of=("self",)).get(
        pk=task.pk
    )


def _stored(field: str, value):
    if field == "assignee":
        return _name(value)
    if field == "due_at":
        return value.isoformat()
    return value


@transaction.atomic
def task_update(*, task: Task, actor, changes: dict, notify: bool = False, site_url: str = "") -> Task:
    """Change a task from its popup: reassign, reschedule, status, priority, description (`changes`: field -> new
    value). A Medewerker changes only the tasks she made (rules.edit_refusal). A new assignee must be active; a
    deactivated assignee must be replaced before anything else is saved. A new due time must lie ahead; an overdue
    task keeps its time. Setting the status to Afgerond completes it."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not a field of a task: {', '.join(sorted(unknown))}")
    order, task = _locked(task)
    _refuse(rules.edit_refusal(task, actor))
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    differences = [
        {"field": field, "old": getattr(task, field), "new": changes[field]}
        for field in EDITABLE
        if field in changes and changes[field] != getattr(task, field)
    ]
    if not differences:
        raise ActionRefused(_("Er is niets gewijzigd."))
    changed = {change["field"] for change in differences}
    _refuse(rules.assignee_refusal(changes.get("assignee", task.assignee)))
    if "description" in changed:
        _refuse(rules.description_refusal(changes["description"]))
    if "due_at" in changed:
        _refuse(rules.due_refusal(changes["due_at"]))
    was_open = task.is_open
    for change in differences:
        setattr(task, change["field"], change["new"])
    if "status" in changed:
        done = task.status == TaskStatus.DONE
        task.completed_at, task.completed_by = (timezone.now(), actor) if done else (None, None)
    task.save()
    _count_open(order, int(task.is_open) - int(was_open))
    emailed = task_email_queue(task=task, actor=actor, site_url=site_url).to if notify else ""
    history.record(
        order, TaskEventType.TASK_UPDATED, actor=actor, task_id=task.pk, task=task.description[:80],
        changes=[{"field": c["field"], "old": _stored(c["field"], c["old"]), "new": _stored(c["field"], c["new"])}
                 for c in differences],
        emailed=emailed,
    )  # fmt: skip
    return task


@transaction.atomic
def task_complete(*, task: Task, actor) -> Task:
    """Afronden, one click: the colleague it is assigned to, whoever made it, or a Beheerder. Twice is refused."""
    order, task = _locked(task)
    _refuse(rules.complete_refusal(task, actor))
    task.status, task.completed_at, task.completed_by = TaskStatus.DONE, timezone.now(), actor
    task.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    _count_open(order, -1)  # complete_refusal refuses a task that is done already
    history.record(
        order, TaskEventType.TASK_COMPLETED, actor=actor, task_id=task.pk, task=task.description[:80],
        assignee=_name(task.assignee),
    )  # fmt: skip
    return task
