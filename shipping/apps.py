from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "shipping"
    verbose_name = _("Verzending")

    def ready(self) -> None:
        from backoffice import blocks
        from orders import ledger

        from . import events, selectors  # noqa: F401  (registers the event types)
        from .methods.audit import register_area

        register_area()

        blocks.register_block(
            blocks.Block(
                name="shipping",
                slot=blocks.Slot.RIGHT,
                position=20,  # under Verzendadres (10), next to Betaalmethoden
                template="shipping/methods.html#block",
                context=selectors.shipping_methods_block,
            )
        )
        blocks.register_block(
            blocks.Block(
                name="shipments",
                slot=blocks.Slot.RIGHT,
                position=30,  # under Verzendmethoden, next to Facturen
                template="shipping/shipments.html#block",
                context=selectors.shipments_block,
            )
        )
        ledger.register_column(
            ledger.Column(
                name="shipped",
                label=_("Verzonden"),
                position=20,
                rows=selectors.shipped_rows,
                complete=selectors.shipped_complete,
            )
        )
        blocks.register_tab(blocks.Tab(name="shipments", label=_("Verzendingen"), url_name="shipping:tab", position=40))

        from backoffice.blocks import ListAction, register_list_action

        # VERKOOP > Orders: the chosen orders' packing slips as one PDF (shipping/printing/).
        register_list_action(
            ListAction(name="packing_slips", label=_("Pakbonnen printen"), url_name="shipping_bulk:start", position=10)
        )

        from orders import bulk

        from . import services

        # VERKOOP > Orders › Bulkacties: Verzonden without a Track & Trace code, as the Verzonden button by hand.
        bulk.register(
            bulk.BulkAction(
                name="mark-shipped",
                label=_("Verzonden zetten"),
                position=20,
                perform=lambda *, order, actor, params: services.order_mark_shipped(order=order, actor=actor),
                explanation=_(
                    "Alles van elke order dat nog niet verzonden is, gaat nu (zonder Track & Trace-code). "
                    "De klant krijgt per order de e-mail “Order verzonden”."
                ),
            )
        )
