from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    """Customers' questions (tickets): the order's Tickets tab, the conversation popup and DIENST > Tickets. The
    customer's side (Mijn account) is the shopaccount app, which calls these services."""

    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from backoffice import blocks, navigation

        from . import events  # noqa: F401  (registers the event types)

        blocks.register_tab(blocks.Tab(name="tickets", label=_("Tickets"), url_name="tickets:tab", position=60))
        navigation.register(navigation.NavItem(navigation.Section.SERVICE, _("Tickets"), "tickets:list", position=10))
