"""A bulk action's run: which action, with which parameters, by whom, and one item per chosen order with its
outcome. The job walks the items; an item that has an outcome is never acted on again (see services.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulkRunState(models.TextChoices):
    PENDING = "pending", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")


class BulkOutcome(models.TextChoices):
    DONE = "done", _("Gedaan")
    REFUSED = "refused", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


class BulkRun(models.Model):
    action = models.CharField(_("actie"), max_length=40)  # the name in orders.bulk's registry
    params = models.JSONField(default=dict)  # the dialog's answers (a message, a reason, a status id)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    state = models.CharField(_("status"), max_length=10, choices=BulkRunState.choices, default=BulkRunState.PENDING)
    total = models.PositiveIntegerField(_("orders"), default=0)
    language = models.CharField(max_length=8, default="nl")  # of the person who started it: the refusal reasons
    # The dialog's key: a second submit of the same dialog (a double click) gets the first run, not a second one.
    submit_key = models.UUIDField(null=True, blank=True, unique=True)
    updated_at = models.DateTimeField(null=True, blank=True)  # the job's last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulkactie")
        verbose_name_plural = _("bulkacties")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} ({self.action})"

    @property
    def is_finished(self) -> bool:
        return self.state == BulkRunState.DONE


class BulkRunItem(models.Model):
    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="items")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()  # newest order first, as the list shows them
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=BulkOutcome.choices, blank=True)  # "": to do
    message = models.TextField(_("reden"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order van een bulkactie")
        verbose_name_plural = _("orders van een bulkactie")
        constraints = [models.UniqueConstraint(fields=["run", "order"], name="bulk_run_item_once_per_order")]
        indexes = [models.Index(fields=["run", "position"], name="bulk_run_item_position")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.order_id}: {self.outcome or '…'}"
