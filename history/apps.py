from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("Geschiedenis")

    def ready(self) -> None:
        from backoffice import blocks

        blocks.register_tab(blocks.Tab(name="history", label=_("Geschiedenis"), url_name="history:tab", position=70))
