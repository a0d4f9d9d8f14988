"""The rules of notifications: when an order's customer can be mailed, and what an e-mail template's texts may
hold. The services refuse with these; the editor's live preview shows the same problems before saving."""

from django.utils.translation import gettext as _

from backoffice.validators import has_line_break

from . import registry
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
