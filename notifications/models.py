import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.languages import DOCUMENT_LANGUAGES


class EmailTemplate(models.Model):
    """A shop's own text for one automatic e-mail in one language. Without a row, the default text is used."""

    kind = models.CharField(_("e-mail"), max_length=40)
    language = models.CharField(_("taal"), max_length=8, choices=DOCUMENT_LANGUAGES)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("e-mailtekst")
        verbose_name_plural = _("e-mailteksten")
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="emailtemplate_unique_kind_language")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("In de wachtrij")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")


class OutboxMessage(models.Model):
    """One e-mail to a customer, written in the transaction of the action that sends it.

    A job delivers it; the row makes that idempotent (a second delivery of the job finds it sent) and
    survives a broker that was down (a periodic job enqueues what was never picked up).
    """

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="emails")
    kind = models.CharField(_("e-mail"), max_length=40)
    language = models.CharField(_("taal"), max_length=8)
    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("tekst"))
    attachments = models.JSONField(default=list, blank=True)  # [{"path": storage path, "name": file name}]
    message_id = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        indexes = [
            models.Index(
                fields=["status", "enqueued_at"],
                name="outbox_unsent",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
            # Storingen (operations): the failed messages, and the counters of the last hour / 24 hours.
            models.Index(fields=["created_at"], name="outbox_failed", condition=models.Q(status="failed")),
            models.Index(fields=["sent_at"], name="outbox_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.status})"

    def save(self, *args, **kwargs) -> None:
        if not self.message_id:
            domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "backoffice.local"
            self.message_id = f"<{uuid.uuid4()}@{domain}>"
        super().save(*args, **kwargs)
