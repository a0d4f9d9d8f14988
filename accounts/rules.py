"""The refusals of the Gebruikers tab: one check decides whether a button shows and whether the service refuses."""

from django.utils.translation import gettext as _


def deactivate_refusal(*, user, actor) -> str | None:
    if user.pk == actor.pk:
        return _("U kunt uw eigen account niet deactiveren.")
    if not user.is_active:
        return _("Dit account is al gedeactiveerd.")
    return None


def activate_refusal(*, user) -> str | None:
    if user.is_active:
        return _("Dit account is al actief.")
    return None


def force_reset_refusal(*, user, actor) -> str | None:
    if user.pk == actor.pk:
        return _("Wijzig uw eigen wachtwoord via Wachtwoord wijzigen.")
    if not user.is_active:
        return _("Activeer het account eerst: een gedeactiveerd account kan geen wachtwoord instellen.")
    return None
