from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """ALGEMEEN > Storingen (Beheerder): failed and waiting e-mails, invoice PDFs and Pakbonnen printen jobs across all
    orders, with Opnieuw proberen; the counters of the last hour and day, also for Prometheus at /metrics. It reads
    notifications, invoicing and shipping and calls their retry services, so it sits above the block apps."""

    name = "operations"
    verbose_name = _("Storingen")

    def ready(self) -> None:
        from backoffice import navigation

        navigation.register(
            navigation.NavItem(
                section=navigation.Section.GENERAL,
                label=_("Storingen"),
                url_name="operations:support",
                permission="backoffice.manage_shop",
                position=20,
            )
        )
