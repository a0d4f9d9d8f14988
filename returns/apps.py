from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Retouren")

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from backoffice import audit, blocks, navigation
        from orders import ledger

        from . import events, selectors  # noqa: F401  (registers the event types)
        from .choices import AUDITED_FIELDS
        from .models import Return, ReturnReason

        fields = {name: ReturnReason._meta.get_field(name).verbose_name for name in AUDITED_FIELDS}
        audit.register_area(audit.Area(key="return_reason", label=_("Retour reden"), fields=fields, position=60))
        audit.register_area(audit.Area(key="return_action", label=_("Retour actie"), fields=fields, position=70))

        navigation.register(
            navigation.NavItem(
                section=navigation.Section.SALES, label=_("Retouren"), url_name="returns:list", position=20
            )
        )
        blocks.register_block(
            blocks.Block(
                name="returns",
                slot=blocks.Slot.MAIN,
                position=40,  # after Klant (20) and Taken (30), before Memo
                template="returns/block.html#block",
                context=selectors.returns_block,
                presence=lambda: Exists(Return.objects.filter(order=OuterRef("pk"))),
            )
        )
        blocks.register_tab(blocks.Tab(name="returns", label=_("Retouren"), url_name="returns:tab", position=50))
        ledger.register_column(
            ledger.Column(name="returned", label=_("Retour"), position=40, rows=selectors.returned_rows)
        )
