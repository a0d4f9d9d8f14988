"""Every automatic e-mail the shop sends, with the placeholders its text may use.

The default texts (nl, en, de, fr) live in defaults.py; a shop's own texts in EmailTemplate rows.
"""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .defaults import DEFAULTS, PLACEHOLDERS


class EmailKind(TextChoices):
    INFORM_CUSTOMER = "inform_customer", _("Klant inlichten")
    ORDER_SHIPPED = "order_shipped", _("Order verzonden")
    TRACK_AND_TRACE = "track_and_trace", _("Track & Trace")
    PAYMENT_REMINDER = "payment_reminder", _("Betaalherinnering")
    INVOICE = "invoice", _("Factuur")
    CREDIT_INVOICE = "credit_invoice", _("Creditfactuur")
    TICKET_ANSWERED = "ticket_answered", _("Ticket beantwoord")
    RETURN_REGISTERED = "return_registered", _("Retour aangemeld")
    RETURN_HANDLED = "return_handled", _("Retour afgehandeld")


PLACEHOLDER_HELP = {
    "shop_name": _("naam van de winkel"),
    "shop_email": _("e-mailadres van de winkel"),
    "customer_name": _("naam van de klant"),
    "order_number": _("ordernummer"),
    "order_date": _("besteldatum"),
    "order_total": _("totaalbedrag van de order"),
    "message": _("het bericht van de medewerker"),
    "shipping_method": _("verzendmethode"),
    "carrier": _("vervoerder"),
    "tracking_code": _("Track & Trace-code"),
    "tracking_url": _("link om de zending te volgen"),
    "amount_due": _("openstaand bedrag"),
    "invoice_number": _("factuurnummer"),
    "due_date": _("uiterste betaaldatum"),
    "payment_note": _("of de factuur betaald is, of tot wanneer te betalen (een zin)"),
    "iban": _("IBAN van de winkel"),
    "amount": _("bedrag"),
    "credit_invoice_number": _("nummer van de creditfactuur"),
    "credit_note": _("of het bedrag wordt terugbetaald of afgaat van een onbetaalde factuur (een zin)"),
    "ticket_subject": _("onderwerp van het ticket"),
    "reply": _("het antwoord van de medewerker"),
    "return_items": _("de producten die retour komen, met hun aantal (een regel per product)"),
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str


def placeholders(kind: str) -> list[Placeholder]:
    return [Placeholder(name, str(PLACEHOLDER_HELP[name])) for name in PLACEHOLDERS[kind]]


def default_text(kind: str, language: str) -> tuple[str, str]:
    texts = DEFAULTS[kind]
    return texts.get(language) or texts["nl"]
