"""The refusals of Tickets: one check decides both whether a button shows and whether the service refuses."""

from django.utils.translation import gettext as _

from .attachments import MAX_FILES, MAX_SIZE, sniff
from .models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Ticket, TicketStatus


def subject_refusal(subject: str) -> str | None:
    if not subject.strip():
        return _("Vul een onderwerp in.")
    if len(subject) > SUBJECT_MAX_LENGTH:
        return _("Het onderwerp is te lang (hoogstens %(max)s tekens).") % {"max": SUBJECT_MAX_LENGTH}
    return None


def body_refusal(body: str) -> str | None:
    if not body.strip():
        return _("Het bericht is leeg.")
    if len(body) > BODY_MAX_LENGTH:
        return _("Het bericht is te lang (hoogstens %(max)s tekens).") % {"max": BODY_MAX_LENGTH}
    return None


def files_refusal(files: list) -> str | None:
    if len(files) > MAX_FILES:
        return _("Hoogstens %(max)s bijlagen per bericht.") % {"max": MAX_FILES}
    for upload in files:
        if upload.size > MAX_SIZE:
            return _("%(name)s is te groot (hoogstens %(mb)s MB).") % {"name": upload.name, "mb": MAX_SIZE // 2**20}
        if sniff(upload) is None:
            return _("%(name)s is geen PDF, PNG of JPEG.") % {"name": upload.name}
    return None


def reply_refusal(ticket: Ticket) -> str | None:
    """Staff answer: any ticket that is not closed."""
    if ticket.status == TicketStatus.CLOSED:
        return _("Dit ticket is gesloten.")
    return None


def close_refusal(ticket: Ticket) -> str | None:
    if ticket.status == TicketStatus.CLOSED:
        return _("Dit ticket is al gesloten.")
    return None


def assignee_refusal(assignee) -> str | None:
    if assignee is not None and not (assignee.is_active and assignee.is_staff):
        return _("Een ticket kan alleen aan een actieve medewerker worden toegewezen.")
    return None
