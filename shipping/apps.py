from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "shipping"
    verbose_name = _("Verzending")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the event types)
