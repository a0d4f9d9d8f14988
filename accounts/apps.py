from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: password reset (mailed through the outbox), password change, and
    ALGEMEEN > Instellingen > Gebruikers. The login itself is the staff shell's (backoffice)."""

    name = "accounts"
    verbose_name = _("Gebruikers")
