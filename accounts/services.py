"""Every write on staff accounts. Each action is logged (logger "accounts") and goes into the configuration log
(backoffice/audit.py: who deactivated, activated or forced a password reset, and when)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from backoffice import audit
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from backoffice.roles import Role, ensure_roles
from notifications.models import OutboxMessage
from notifications.services import outbox_queue

from .rules import activate_refusal, create_refusal, deactivate_refusal, force_reset_refusal

logger = logging.getLogger(__name__)

PASSWORD_RESET_KIND = "staff_password_reset"
# Asking again within this time sends no second mail: the form cannot be used to flood a colleague's mailbox.
PASSWORD_RESET_QUIET = timedelta(minutes=5)


def staff_users():
    """The accounts the Gebruikers tab lists: every staff member, active ones first."""
    return get_user_model().objects.filter(is_staff=True).prefetch_related("groups").order_by("-is_active", "email")


def password_reset_mail_queue(*, user, site_url: str, actor=None):
    """Write the mail with a reset link for `user` to the outbox (in the caller's transaction). The link holds
    Django's token: it works once, for PASSWORD_RESET_TIMEOUT, and dies as soon as the password changes."""
    language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    uidb64, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    context = {
        "user": user,
        "link": site_url.rstrip("/") + path,
        "shop_name": ShopSettings.load().name,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "forced": actor is not None,
    }
    with translation.override(language):
        subject = render_to_string("accounts/password_reset_subject.txt", context)
        body = render_to_string("accounts/password_reset_email.txt", context)
    return outbox_queue(
        to=user.email, kind=PASSWORD_RESET_KIND, language=language, subject=subject, body=body, actor=actor
    )


@transaction.atomic
def password_reset_request(*, email: str, site_url: str) -> None:
    """Wachtwoord vergeten: a reset link to the active staff account with this address, if there is one. The
    caller says the same thing either way, so the form tells nobody whether an account exists."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True, is_staff=True).first()
    if user is None:
        logger.info("Password reset asked for an address without an active staff account.")
        return
    user = _locked(user)  # two requests at once: one mail
    recent = timezone.now() - PASSWORD_RESET_QUIET
    if OutboxMessage.objects.filter(kind=PASSWORD_RESET_KIND, to=user.email, created_at__gte=recent).exists():
        logger.info("Password reset for user %s asked again within %s: no second mail.", user.pk, PASSWORD_RESET_QUIET)
        return
    password_reset_mail_queue(user=user, site_url=site_url)
    logger.info("Password reset link queued for user %s.", user.pk)


def _audit(user, changes: list[dict], *, actor) -> None:
    """The configuration log (ALGEMEEN > Instellingen > Wijzigingslog): "Gebruiker jan@…: actief: ja → nee"."""
    audit.audit_record(actor=actor, area="user", subject=user.email, object_id=user.pk, changes=changes)


def _locked(user):
    return get_user_model().objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def staff_user_deactivate(*, user, actor):
    """Gebruikers > Deactiveren: the colleague can no longer log in; her open sessions end at her next request."""
    user = _locked(user)
    if refusal := deactivate_refusal(user=user, actor=actor):
        raise ActionRefused(refusal)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit(user, [{"field": "is_active", "old": True, "new": False}], actor=actor)
    logger.warning("User %s deactivated user %s.", actor.pk, user.pk)  # ids only: no addresses in the logs
    return user


@transaction.atomic
def staff_user_activate(*, user, actor):
    user = _locked(user)
    if refusal := activate_refusal(user=user):
        raise ActionRefused(refusal)
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit(user, [{"field": "is_active", "old": False, "new": True}], actor=actor)
    logger.warning("User %s activated user %s.", actor.pk, user.pk)
    return user


@transaction.atomic
def staff_user_force_password_reset(*, user, actor, site_url: str):
    """Gebruikers > Wachtwoord opnieuw laten instellen: the old password stops working at once (every session of
    the colleague ends with it) and she gets a reset link by mail."""
    user = _locked(user)
    if refusal := force_reset_refusal(user=user, actor=actor):
        raise ActionRefused(refusal)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _audit(user, [{"field": "password_reset"}], actor=actor)  # the log never holds a password (hash)
    password_reset_mail_queue(user=user, site_url=site_url, actor=actor)
    logger.warning("User %s forced a password reset for user %s.", actor.pk, user.pk)
    return user


@transaction.atomic
def staff_user_create(*, email: str, password: str, role: Role, first_name: str = "", last_name: str = ""):
    """A staff account with a role (`manage.py create_staff_user`): the first Beheerder of a new installation, or a
    colleague. Refuses an address that has an account (staff or customer) and a password the validators reject."""
    email = email.strip().lower()
    if refusal := create_refusal(email=email):
        raise ActionRefused(refusal)
    User = get_user_model()
    try:
        validate_password(password, user=User(email=email, first_name=first_name, last_name=last_name))
    except ValidationError as invalid:
        raise ActionRefused(" ".join(invalid.messages)) from invalid
    ensure_roles()  # the groups exist after every migrate; this also covers a database migrated before they did
    try:
        with transaction.atomic():  # the same address created at the same moment elsewhere: refused, not a 500
            user = User.objects.create_user(
                email, password, first_name=first_name.strip(), last_name=last_name.strip(), is_staff=True
            )
    except IntegrityError as taken:
        raise ActionRefused(_("Er bestaat al een account met dit e-mailadres.")) from taken
    user.groups.add(Group.objects.get(name=Role(role).value))
    # In the configuration log like every other change to an account; made on the command line, so by nobody here.
    audit.audit_record(
        actor=None, area="user", subject=user.email, object_id=user.pk, action=audit.Action.CREATED,
        changes=[{"field": "groups", "old": None, "new": Role(role).value}],
    )  # fmt: skip
    logger.warning("Staff account %s created with the role %s.", user.pk, Role(role).value)
    return user
