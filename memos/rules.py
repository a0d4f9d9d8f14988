"""When a memo action is refused; one function decides whether the button shows and whether the service refuses."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.roles import is_admin

from .models import TEXT_MAX_LENGTH

EDIT_WINDOW = timedelta(minutes=5)  # the author may correct a memo this long after writing it


def text_refusal(text: str) -> str | None:
    if not text:
        return _("Schrijf eerst een memo.")
    if len(text) > TEXT_MAX_LENGTH:
        return _("Een memo is hoogstens %(limit)d tekens, dit zijn er %(length)d.") % {
            "limit": TEXT_MAX_LENGTH,
            "length": len(text),
        }
    return None


def addressee_refusal(user) -> str | None:
    if user is None or not user.is_staff:
        return _("Een memo is voor uzelf of een collega van de backoffice.")
    if not user.is_active:
        return _("%(name)s is gedeactiveerd: kies een collega die nog actief is.") % {"name": user}
    return None


def edit_refusal(memo, user, *, now=None) -> str | None:
    """Only the author corrects a memo, and only within EDIT_WINDOW of writing it."""
    if memo.author_id != user.pk:
        return _("Alleen wie de memo schreef kan hem aanpassen.")
    if (now or timezone.now()) - memo.created_at > EDIT_WINDOW:
        return _("Een memo kan tot %(minutes)d minuten na het schrijven worden aangepast.") % {
            "minutes": EDIT_WINDOW.seconds // 60
        }
    return None


def remove_refusal(memo, user) -> str | None:
    """The author or a Beheerder removes a memo; the history keeps what it said."""
    if memo.author_id == user.pk or is_admin(user):
        return None
    return _("Alleen wie de memo schreef of een beheerder kan hem verwijderen.")
