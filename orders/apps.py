from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from backoffice import blocks, navigation

        from . import events, rules, selectors  # noqa: F401  (registers the event types)

        navigation.register(
            navigation.NavItem(section=navigation.Section.SALES, label=_("Orders"), url_name="orders:list", position=10)
        )
        blocks.register_block(
            blocks.Block(
                name="products",
                slot=blocks.Slot.BOTTOM,
                position=10,
                template="orders/products.html#block",
                context=selectors.products_block,
            )
        )
        blocks.register_action(
            blocks.Action(name="copy", label=_("Order kopiëren"), url_name="orders:copy", position=30)
        )
        blocks.register_action(
            blocks.Action(
                name="hold",
                label=_("In de wacht zetten"),
                url_name="orders:hold",
                position=40,
                available=lambda order: not order.is_on_hold and not order.is_cancelled,
            )
        )
        blocks.register_action(
            blocks.Action(
                name="release",
                label=_("Uit de wacht halen"),
                url_name="orders:release",
                position=40,
                available=lambda order: order.is_on_hold,
            )
        )
        blocks.register_action(
            blocks.Action(
                name="cancel",
                label=_("Order annuleren"),
                url_name="orders:cancel",
                position=50,
                available=lambda order: not order.is_cancelled,
                refusal=rules.cancel_refusal,  # shipped: shown as not possible, with the reason
                danger=True,
            )
        )
        blocks.register_tab(blocks.Tab(name="products", label=_("Producten"), url_name="orders:products", position=20))
        self._register_bulk_actions()
        blocks.register_tab(blocks.Tab(name="history", label=_("Geschiedenis"), url_name="orders:history", position=70))

    def _register_bulk_actions(self) -> None:
        """VERKOOP > Orders › Bulkacties (orders/bulk/): In de wacht zetten and Uit de wacht halen, through the
        services of the buttons by hand."""
        from . import bulk, services
        from .forms import HoldForm

        bulk.register(
            bulk.BulkAction(
                name="hold",
                label=_("In de wacht zetten"),
                position=40,
                form=HoldForm,
                perform=lambda *, order, actor, params: services.order_hold(
                    order=order, actor=actor, reason=params.get("reason", "")
                ),
                explanation=_("Een order in de wacht kan niet worden verzonden tot u hem uit de wacht haalt."),
            )
        )
        bulk.register(
            bulk.BulkAction(
                name="release",
                label=_("Uit de wacht halen"),
                position=50,
                perform=lambda *, order, actor, params: services.order_release(order=order, actor=actor),
            )
        )
