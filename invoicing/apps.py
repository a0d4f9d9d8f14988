from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Facturen")

    def ready(self) -> None:
        from backoffice import blocks
        from orders import hooks, ledger

        from . import events, selectors, services  # noqa: F401  (registers the event types)

        hooks.on_order_placed(services.invoices_after_order_placed)
        hooks.on_order_cancelled(services.invoices_after_cancellation)
        blocks.register_block(
            blocks.Block(
                name="invoicing",
                slot=blocks.Slot.LEFT,
                position=30,  # under Betaalmethoden (20)
                template="invoicing/block.html#block",
                context=selectors.invoices_block,
            )
        )
        blocks.register_tab(blocks.Tab(name="invoices", label=_("Facturen"), url_name="invoicing:tab", position=30))
        ledger.register_column(
            ledger.Column(name="invoiced", label=_("Gefactureerd"), position=30, rows=selectors.invoiced_rows)
        )
        ledger.register_column(
            ledger.Column(name="credited", label=_("Gecrediteerd"), position=50, rows=selectors.credited_rows)
        )
        # VERKOOP > Orders: the chosen orders' stored invoice PDFs as one PDF (invoicing/printing/).
        blocks.register_list_action(
            blocks.ListAction(
                name="invoices", label=_("Facturen printen"), url_name="invoicing_bulk:start", position=20
            )
        )
