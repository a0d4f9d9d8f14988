from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Backoffice")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_started

        from . import db, navigation, observability, permissions, roles
        from .audit_areas import register_areas
        from .middleware import IdleTimeoutMiddleware

        observability.sentry_init_from_settings()  # only when SENTRY_DSN is set
        user_logged_in.connect(IdleTimeoutMiddleware.on_login, dispatch_uid="backoffice.idle_timeout_login")
        request_started.connect(db.plan_each_statement, dispatch_uid="backoffice.plan_each_statement")
        permissions.connect_signals()  # a change to who may do what replaces the cached permissions

        # After every app has migrated its permissions exist; running it per app is cheap and idempotent.
        post_migrate.connect(roles.ensure_roles, dispatch_uid="backoffice.ensure_roles")
        register_areas()
        navigation.register(
            navigation.NavItem(
                section=navigation.Section.GENERAL,
                label=_("Instellingen"),
                url_name="backoffice:settings",
                permission="backoffice.manage_shop",
                position=10,
            )
        )
