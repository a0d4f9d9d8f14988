from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mails & teksten")

    def ready(self) -> None:
        from backoffice import audit, navigation

        from . import events  # noqa: F401  (registers the event types)

        audit.register_area(
            audit.Area(
                key="email_template",
                label=_("E-mail"),
                fields={"subject": _("onderwerp"), "body": _("tekst")},
                position=40,
            )
        )

        navigation.register(
            navigation.NavItem(
                section=navigation.Section.SERVICE,
                label=_("E-mails & teksten"),
                url_name="notifications:templates",
                permission="backoffice.manage_shop",
                position=10,
            )
        )
