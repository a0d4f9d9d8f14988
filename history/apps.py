from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    """The order's history: the OrderEvent model, the registry of event types, `record` and the selector.
    Its Geschiedenis tab is the dashboard's (orders)."""

    name = "history"
    verbose_name = _("Geschiedenis")
