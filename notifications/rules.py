"""The rules of notifications: when an order's customer can be mailed, and what an e-mail template's texts may
hold. The services refuse with these; the editor's live preview shows the same problems before saving."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.validators import has_line_break

from . import registry
from .models import OutboxStatus
from .rendering import template_problems


def mail_refusal(order) -> str | None:
    """Why no e-mail can go to `order`'s customer, or None."""
    if not order.email:
        return _("Deze klant heeft geen e-mailadres.")
    return None


def template_text_problems(*, kind: str, subject: str, body: str) -> list[str]:
    """Unknown placeholders and stray braces in the texts of e-mail `kind`, each said once."""
    allowed = registry.placeholder_names(kind)
    return list(dict.fromkeys(template_problems(subject, allowed) + template_problems(body, allowed)))


def template_save_refusal(*, kind: str, subject: str, body: str) -> str | None:
    """Why these texts cannot be stored as the shop's own e-mail `kind`, or None."""
    problems = template_text_problems(kind=kind, subject=subject, body=body)
    if not subject.strip() or not body.strip():
        problems.insert(0, _("Onderwerp en tekst mogen niet leeg zijn."))
    if has_line_break(subject.strip()):
        problems.insert(0, _("Het onderwerp is één regel: haal de regelovergang weg."))
    return " ".join(problems) or None


# A message that waits this long without being sent is stuck (its job was lost): it may be offered again by hand.
OUTBOX_STUCK_AFTER = timedelta(minutes=10)


def outbox_is_stuck(message, *, now=None) -> bool:
    """Waiting for a job that does not come (pending long after it was handed over), or claimed by a worker that
    went silent (sending past the lease)."""
    now = now or timezone.now()
    if message.status == OutboxStatus.PENDING:
        return (message.enqueued_at or message.created_at) < now - OUTBOX_STUCK_AFTER
    if message.status == OutboxStatus.SENDING:
        lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
        return message.claimed_at is None or message.claimed_at < now - lease
    return False


def outbox_retry_refusal(message, *, now=None) -> str | None:
    """Why this e-mail cannot be offered again (Storingen › Opnieuw proberen), or None: only a failed or stuck one."""
    if message.status == OutboxStatus.SENT:
        return _("Deze e-mail is al verstuurd.")
    if message.status == OutboxStatus.FAILED or outbox_is_stuck(message, now=now):
        return None
    return _("Deze e-mail staat al in de wachtrij en wordt zo verstuurd.")
