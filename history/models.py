from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class OrderEvent(models.Model):
    """One thing that happened to an order. Written by the service that did it; never changed or deleted.

    The sentence is not stored: it is formatted from `type` and `data` in the reader's language.
    """

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("soort"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("door"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")
        indexes = [models.Index(fields=["order", "-created_at", "-id"], name="orderevent_order_recent")]

    def __str__(self) -> str:
        return f"{self.type} @ {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Order history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Order history is append-only.")
