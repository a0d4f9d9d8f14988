"""The refusals of the Gebruikers tab: one check decides whether a button shows and whether the service refuses."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
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


def create_refusal(*, email: str) -> str | None:
    """A new staff account (manage.py create_staff_user): a valid address that no account has yet."""
    try:
        validate_email(email)
    except ValidationError:
        return _("Vul een geldig e-mailadres in.")
    if get_user_model().objects.filter(email__iexact=email).exists():
        return _("Er bestaat al een account met dit e-mailadres.")
    return None
