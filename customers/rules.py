"""The rules of Klant inlichten: what a message to the customer may be. The service enforces them; the form
takes its length limit from here."""

from django.utils.translation import gettext as _

MESSAGE_MAX_LENGTH = 5000


def message_problem(message: str) -> str | None:
    """Why `message` (stripped) cannot go to the customer, or None."""
    if not message:
        return _("Schrijf eerst een bericht aan de klant.")
    if len(message) > MESSAGE_MAX_LENGTH:
        return _("Het bericht is te lang: hoogstens %(limit)d tekens, dit zijn er %(length)d.") % {
            "limit": MESSAGE_MAX_LENGTH,
            "length": len(message),
        }
    return None
