from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Betalingen")

    def ready(self) -> None:
        from backoffice import blocks

        from . import events, rules, selectors  # noqa: F401  (registers the event types)

        blocks.register_block(
            blocks.Block(
                name="payments",
                slot=blocks.Slot.LEFT,
                position=20,  # under Factuuradres (10)
                template="payments/block.html#block",
                context=selectors.payments_block,
            )
        )
        blocks.register_action(
            blocks.Action(
                name="payment_reminder",
                label=_("Betaalherinnering"),
                url_name="payments:reminder",
                position=20,  # after Klant inlichten (10), before Order kopiëren (30)
                available=rules.can_remind,
            )
        )
