"""The invoicing side of an order's history: invoices and credit invoices issued, changed and sent."""

from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from backoffice.money import format_money
from history import registry


def _money(data: dict) -> dict:
    return data | {"total": format_money(Decimal(data["total"]), get_language() or "nl")}


@registry.event_types
class InvoiceEventType(TextChoices):
    INVOICE_ISSUED = "INVOICE_ISSUED", gettext_lazy("Factuur aangemaakt")
    CREDIT_INVOICE_ISSUED = "CREDIT_INVOICE_ISSUED", gettext_lazy("Creditfactuur aangemaakt")
    INVOICE_UPDATED = "INVOICE_UPDATED", gettext_lazy("Factuur aangepast")
    INVOICE_SENT = "INVOICE_SENT", gettext_lazy("Factuur verstuurd")
    INVOICE_PDF_RETRIED = "INVOICE_PDF_RETRIED", gettext_lazy("PDF van een factuur opnieuw gemaakt")


def _field_label(field: str) -> str:
    return {
        "delivery_time": _("levertijd"),
        "custom_text": _("eigen tekst"),
        "is_paid": _("terugbetaald"),
    }.get(field, field)


def _value(field: str, value) -> str:
    if field == "is_paid":
        return _("ja") if value else _("nee")
    return f"“{value}”" if value else _("(leeg)")


@registry.formatter(InvoiceEventType.INVOICE_ISSUED)
def _invoice_issued(data: dict) -> str:
    sentence = _("Factuur %(number)s aangemaakt (%(total)s).") % _money(data)
    if data.get("email_id"):
        sentence += " " + _("Per e-mail naar de klant gestuurd.")
    return sentence


@registry.formatter(InvoiceEventType.CREDIT_INVOICE_ISSUED)
def _credit_invoice_issued(data: dict) -> str:
    sentence = _("Creditfactuur %(number)s aangemaakt voor factuur %(original)s (%(total)s).") % _money(data)
    if data.get("email_id"):
        sentence += " " + _("Per e-mail naar de klant gestuurd.")
    return sentence


@registry.formatter(InvoiceEventType.INVOICE_UPDATED)
def _invoice_updated(data: dict) -> str:
    changes = "; ".join(
        _("%(field)s van %(old)s naar %(new)s")
        % {"field": _field_label(field), "old": _value(field, old), "new": _value(field, new)}
        for field, (old, new) in data["changes"].items()
    )
    return _("Factuur %(number)s aangepast: %(changes)s.") % {"number": data["number"], "changes": changes}


@registry.formatter(InvoiceEventType.INVOICE_SENT)
def _invoice_sent(data: dict) -> str:
    return _("Factuur %(number)s opnieuw naar de klant gestuurd.") % data


@registry.formatter(InvoiceEventType.INVOICE_PDF_RETRIED)
def _invoice_pdf_retried(data: dict) -> str:
    return _("De PDF van factuur %(number)s (%(language)s) wordt opnieuw gemaakt.") % data
