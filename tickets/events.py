"""The Tickets side of an order's history: a question asked, a reply either way, closed, assigned."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry


@registry.event_types
class TicketEventType(TextChoices):
    TICKET_OPENED = "TICKET_OPENED", gettext_lazy("Vraag gesteld")
    TICKET_CUSTOMER_REPLIED = "TICKET_CUSTOMER_REPLIED", gettext_lazy("Klant reageerde op ticket")
    TICKET_ANSWERED = "TICKET_ANSWERED", gettext_lazy("Ticket beantwoord")
    TICKET_CLOSED = "TICKET_CLOSED", gettext_lazy("Ticket gesloten")
    TICKET_ASSIGNED = "TICKET_ASSIGNED", gettext_lazy("Ticket toegewezen")


def _files(data: dict) -> str:
    count = data.get("attachments", 0)
    return (" " + _("Met %(count)s bijlage(n).") % {"count": count}) if count else ""


@registry.formatter(TicketEventType.TICKET_OPENED)
def _opened(data: dict) -> str:
    return _("De klant stelde een vraag: “%(subject)s”.") % {"subject": data["subject"]} + _files(data)


@registry.formatter(TicketEventType.TICKET_CUSTOMER_REPLIED)
def _customer_replied(data: dict) -> str:
    sentence = _("De klant reageerde op “%(subject)s”.") % {"subject": data["subject"]} + _files(data)
    if data.get("reopened"):
        sentence += " " + _("Het ticket staat weer open.")
    return sentence


@registry.formatter(TicketEventType.TICKET_ANSWERED)
def _answered(data: dict) -> str:
    sentence = _("Ticket “%(subject)s” beantwoord.") % {"subject": data["subject"]}
    if data.get("emailed"):
        sentence += " " + _("E-mail naar %(to)s.") % {"to": data["emailed"]}
    return sentence


@registry.formatter(TicketEventType.TICKET_CLOSED)
def _closed(data: dict) -> str:
    return _("Ticket “%(subject)s” gesloten.") % {"subject": data["subject"]}


@registry.formatter(TicketEventType.TICKET_ASSIGNED)
def _assigned(data: dict) -> str:
    if not data.get("assignee"):
        return _("Ticket “%(subject)s”: niemand meer toegewezen.") % {"subject": data["subject"]}
    return _("Ticket “%(subject)s” toegewezen aan %(assignee)s.") % {
        "subject": data["subject"],
        "assignee": data["assignee"],
    }
