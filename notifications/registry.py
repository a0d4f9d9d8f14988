"""Every automatic e-mail the shop sends, with the placeholders its text may use.

The default texts (nl, en, de, fr) live in defaults.py; a shop's own texts in EmailTemplate rows. Most e-mails are
fixed (EmailKind); a family is one e-mail per row of another app (one per custom status that mails the customer),
which that app registers in its AppConfig.ready(): kind `<family>-<pk>`, the family's placeholders and default texts.
"""

from collections.abc import Callable
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
    TICKET_RECEIVED = "ticket_received", _("Vraag ontvangen")
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
    "status": _("de nieuwe status van de order, in de taal van de klant"),
    "return_items": _("de producten die retour komen, met hun aantal (een regel per product)"),
}


@dataclass(frozen=True)
class Kind:
    """One e-mail as the editor shows it: its key and its name."""

    value: str
    label: str


@dataclass(frozen=True)
class EmailFamily:
    name: str  # the key of its PLACEHOLDERS and DEFAULTS
    kinds: Callable[[], list[Kind]]  # the e-mails of the family that exist now, in their order
    samples: Callable[[str, str], dict[str, str]]  # (kind, language) -> preview values of its own placeholders


_families: dict[str, EmailFamily] = {}


def register_family(family: EmailFamily) -> None:
    _families[family.name] = family


def family_of(kind: str) -> str:
    """The key of `kind`'s placeholders and default texts: itself, or its family's ("custom_status-7")."""
    name, _dash, pk = kind.rpartition("-")
    return name if name in _families and pk.isdigit() else kind


def email_kinds() -> list[Kind]:
    """Every e-mail: the fixed ones, then each family's."""
    fixed = [Kind(kind.value, str(kind.label)) for kind in EmailKind]
    return fixed + [kind for family in _families.values() for kind in family.kinds()]


def email_kind(kind: str) -> Kind | None:
    """The e-mail called `kind`, or None when there is none (a family's row may be gone)."""
    if kind in EmailKind.values:
        return Kind(kind, str(EmailKind(kind).label))
    if (family := _families.get(family_of(kind))) is not None:
        return next((known for known in family.kinds() if known.value == kind), None)
    return None


def family_samples(kind: str, language: str) -> dict[str, str]:
    family = _families.get(family_of(kind))
    return family.samples(kind, language) if family is not None else {}


def placeholder_names(kind: str) -> list[str]:
    return PLACEHOLDERS[family_of(kind)]


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str


def placeholders(kind: str) -> list[Placeholder]:
    return [Placeholder(name, str(PLACEHOLDER_HELP[name])) for name in placeholder_names(kind)]


def default_text(kind: str, language: str) -> tuple[str, str]:
    texts = DEFAULTS[family_of(kind)]
    return texts.get(language) or texts["nl"]
