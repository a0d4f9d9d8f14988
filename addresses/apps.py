from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = _("Adressen")

    def ready(self) -> None:
        from backoffice import blocks
        from orders import hooks

        from . import events, selectors, services  # noqa: F401  (registers the event types)

        blocks.register_block(
            blocks.Block(
                name="billing_address",
                slot=blocks.Slot.LEFT,
                position=10,  # above Betaalmethoden (20)
                template="addresses/block.html#block",
                context=selectors.billing_block,
            )
        )
        blocks.register_block(
            blocks.Block(
                name="shipping_address",
                slot=blocks.Slot.RIGHT,
                position=10,  # above Verzendmethoden
                template="addresses/block.html#block",
                context=selectors.shipping_block,
            )
        )
        hooks.on_order_placed(services.geocode_after_order_placed)
        hooks.on_address_changed(services.geocode_after_address_changed)
