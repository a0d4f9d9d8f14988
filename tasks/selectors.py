"""Every read of Taken: the order's block, Mijn taken and the top bar's counter."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from backoffice import blocks
from backoffice.roles import is_admin

from . import rules
from .models import OPEN_STATUSES, Task, TaskPriority, TaskStatus

PAGE_SIZE = 50
TASK_FIELDS = ("order", "assignee", "created_by", "due_at", "status", "priority", "description", "completed_at")
EVERYONE = "all"


@dataclass(frozen=True)
class TaskRow:
    task: Task
    overdue: bool
    can_edit: bool
    can_complete: bool
    status_label: str
    priority_label: str


class _Labels:
    """The status and priority names, translated once per list instead of once per row (get_FOO_display is slow)."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in TaskStatus.choices}
        self.priority = {value: str(label) for value, label in TaskPriority.choices}


def _row(task: Task, user, now, labels: _Labels) -> TaskRow:
    return TaskRow(
        task=task,
        overdue=task.is_overdue(now),
        can_edit=rules.edit_refusal(task, user) is None,
        can_complete=rules.complete_refusal(task, user) is None,
        status_label=labels.status.get(task.status, task.status),
        priority_label=labels.priority.get(task.priority, task.priority),
    )


def tasks_block(order, user) -> dict:
    """The order's tasks, open ones first by due time, then the completed ones (newest first). One query, whatever
    the number of tasks (assignee and maker joined), none when the dashboard read that there are none; the user's
    rights come from her cached permissions."""
    if blocks.nothing_for(order, "tasks"):
        return {"task_rows": []}
    tasks = (
        Task.objects.filter(order=order)
        .select_related("assignee", "created_by")
        .annotate(done=Case(When(status=TaskStatus.DONE, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("done", "due_at", "-completed_at", "id")
    )
    now, labels = timezone.now(), _Labels()
    return {"task_rows": [_row(task, user, now, labels) for task in tasks]}


@dataclass(frozen=True)
class TaskPage:
    rows: list[TaskRow]
    page: int
    has_next: bool
    everyone: bool  # a Beheerder looking at everyone's tasks (the list shows the assignee)


def task_list(*, user, status: str = "", include_done: bool = False, assignee: str = "", page: int = 1) -> TaskPage:
    """Mijn taken: the user's tasks (a Beheerder: anyone's, or everyone's with `assignee="all"`) by due time,
    open ones unless `include_done`; `status` narrows to one status. One query for a page of PAGE_SIZE (one row
    more tells whether there is a next page), joined with the order and the assignee."""
    # Only what a row shows: the order's number (for its link), the assignee's name and whether she is active.
    tasks = Task.objects.select_related("order", "assignee").only(
        *TASK_FIELDS, "order__number", "assignee__first_name", "assignee__last_name", "assignee__email",
        "assignee__is_active",
    )  # fmt: skip
    everyone = False
    if is_admin(user) and assignee == EVERYONE:
        everyone = True
    elif is_admin(user) and assignee.isdigit() and assignee != str(user.pk):
        tasks = tasks.filter(assignee_id=int(assignee))
        everyone = True
    else:
        tasks = tasks.filter(assignee=user)
    if status:
        tasks = tasks.filter(status=status)
    elif not include_done:
        tasks = tasks.filter(status__in=OPEN_STATUSES)
    offset = (page - 1) * PAGE_SIZE
    found = list(tasks.order_by("due_at", "id")[offset : offset + PAGE_SIZE + 1])
    now, labels = timezone.now(), _Labels()
    rows = [_row(task, user, now, labels) for task in found[:PAGE_SIZE]]
    return TaskPage(rows=rows, page=page, has_next=len(found) > PAGE_SIZE, everyone=everyone)


def open_task_count(user) -> tuple[int, int]:
    """The top bar: (my open tasks, how many of them are overdue), in one query."""
    counts = (
        Task.objects.assigned_to(user)
        .still_open()
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.now())))
    )
    return counts["open"], counts["overdue"]
