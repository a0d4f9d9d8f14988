from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from backoffice import blocks, navigation

        from . import events, selectors  # noqa: F401  (registers the event types)

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
        blocks.register_tab(blocks.Tab(name="products", label=_("Producten"), url_name="orders:products", position=20))
