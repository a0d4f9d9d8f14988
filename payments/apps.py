from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Betalingen")

    def ready(self) -> None:
        from backoffice import blocks
        from orders import bulk

        from . import events, rules, selectors, services  # noqa: F401  (registers the event types)

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
        # VERKOOP > Orders › Bulkacties: Betaald zetten, order by order through the same service as Betaald.
        bulk.register(
            bulk.BulkAction(
                name="mark-paid",
                label=_("Betaald zetten"),
                position=10,
                perform=lambda *, order, actor, params: services.payment_mark_paid(order=order, actor=actor),
                explanation=_("Elke order komt op betaald te staan, precies als met de knop Betaald bij de order."),
            )
        )
