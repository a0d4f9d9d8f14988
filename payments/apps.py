from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Betalingen")

    def ready(self) -> None:
        from backoffice import blocks

        from . import events, selectors  # noqa: F401  (registers the event types)

        blocks.register_block(
            blocks.Block(
                name="payments",
                slot=blocks.Slot.LEFT,
                position=20,  # under Factuuradres (10)
                template="payments/block.html#block",
                context=selectors.payments_block,
            )
        )
