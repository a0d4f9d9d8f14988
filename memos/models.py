from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 500  # a memo is short: the popup counts down as you type


class Memo(models.Model):
    """A short message on an order's dashboard, to yourself or to a colleague ("iets anders dan een taak")."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="memos")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    addressee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memos", verbose_name=_("aan")
    )
    text = models.TextField(_("memo"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memo's")
        indexes = [
            models.Index(fields=["order", "-created_at", "-id"], name="memo_order_newest"),
            models.Index(fields=["addressee", "-created_at"], name="memo_by_addressee"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class MemoRead(models.Model):
    """Gelezen, per user: when she first saw the memo on the order's dashboard."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["memo", "user"], name="memoread_once_per_user")]

    def __str__(self) -> str:
        return f"{self.memo_id} read by {self.user_id}"
