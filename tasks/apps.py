from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Taken")

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from backoffice import blocks, navigation

        from . import events, selectors  # noqa: F401  (registers the event types)
        from .models import Task

        blocks.register_block(
            blocks.Block(
                name="tasks",
                slot=blocks.Slot.MAIN,
                position=30,  # under the status bar and Klant, above Retour and Memo
                template="tasks/block.html#block",
                context=selectors.tasks_block,
                for_user=True,
                presence=lambda: Exists(Task.objects.filter(order=OuterRef("pk"))),
            )
        )
        navigation.register(navigation.NavItem(navigation.Section.SALES, _("Mijn taken"), "tasks:mine", position=20))
        navigation.register_counter(
            navigation.HeaderCounter(
                name="tasks",
                short_label=_("Taken"),
                label=_("Mijn taken: %(count)s open, waarvan %(urgent)s te laat"),
                url_name="tasks:mine",
                count=selectors.open_task_count,
                position=10,
            )
        )
