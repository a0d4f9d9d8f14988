from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemosConfig(AppConfig):
    name = "memos"
    verbose_name = _("Memo's")

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from backoffice import blocks, navigation

        from . import events, selectors, views  # noqa: F401  (registers the event types)
        from .models import Memo

        blocks.register_block(
            blocks.Block(
                name="memos",
                slot=blocks.Slot.MAIN,
                position=50,  # under Taken (30) and Retour (40), as the seed lays it out
                template="memos/block.html#block",
                context=views.block_context,
                for_user=True,
                presence=lambda: Exists(Memo.objects.filter(order=OuterRef("pk"))),
            )
        )
        navigation.register_counter(
            navigation.HeaderCounter(
                name="memos",
                short_label=_("Memo's"),
                label=_("Ongelezen memo's: %(count)s"),
                url_name="memos:unread",
                count=selectors.unread_memo_count,
                position=20,
            )
        )
