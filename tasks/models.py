from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX_LENGTH = 1000


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Bezig")
    DONE = "done", _("Afgerond")


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class TaskPriority(models.TextChoices):
    LOW = "low", _("Laag")
    NORMAL = "normal", _("Normaal")
    HIGH = "high", _("Hoog")


class TaskQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def assigned_to(self, user):
        return self.filter(assignee=user)


class Task(models.Model):
    """A staff to-do about an order (Taak), assigned to a colleague or to yourself."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="tasks")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("toegewezen aan")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangemaakt door")
    )
    due_at = models.DateTimeField(_("uiterlijk"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    priority = models.CharField(
        _("prioriteit"), max_length=8, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    description = models.TextField(_("omschrijving"), max_length=DESCRIPTION_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        indexes = [
            # Mijn taken and the top bar's counter: my open tasks by due time.
            models.Index(
                fields=["assignee", "due_at", "id"],
                name="task_open_by_assignee",
                condition=Q(status__in=["open", "in_progress"]),
            ),
            # Mijn taken with "ook afgerond", and a Beheerder's list of everyone's tasks.
            models.Index(fields=["assignee", "due_at", "id"], name="task_by_assignee"),
            models.Index(fields=["due_at", "id"], name="task_by_due"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.description[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())
