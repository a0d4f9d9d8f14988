from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "shipping"
    verbose_name = _("Verzending")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the event types)

        from backoffice.blocks import ListAction, register_list_action

        # VERKOOP > Orders: the chosen orders' packing slips as one PDF (shipping/bulk.py).
        register_list_action(
            ListAction(name="packing_slips", label=_("Pakbonnen printen"), url_name="shipping_bulk:start", position=10)
        )
