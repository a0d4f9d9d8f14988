from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.documents import format_date
from backoffice.models import ShopSettings
from backoffice.money import format_money
from orders.models import Order

from . import registry
from .models import EmailTemplate, OutboxMessage
from .rendering import render
from .rules import template_text_problems
from .services import order_email_context


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    label: str
    languages: list[tuple[str, bool]]  # (language, has the shop's own text)


def email_template_list() -> list[TemplateRow]:
    """DIENST > E-mails & teksten: every e-mail, per enabled language whether the shop changed its text."""
    languages = ShopSettings.load().enabled_languages
    custom = set(EmailTemplate.objects.values_list("kind", "language"))
    return [
        TemplateRow(kind.value, kind.label, [(language, (kind.value, language) in custom) for language in languages])
        for kind in registry.email_kinds()
    ]


def email_template_texts(kind: str, language: str) -> tuple[str, str, bool]:
    """(subject, body, is the shop's own text) as the editor starts."""
    template = EmailTemplate.objects.filter(kind=kind, language=language).first()
    if template is not None:
        return template.subject, template.body, True
    subject, body = registry.default_text(kind, language)
    return subject, body, False


def sample_extras(kind: str, order: Order, language: str) -> dict[str, str]:
    """Believable values for the placeholders that belong to one action (a message, a tracking code…)."""
    shop = ShopSettings.load()
    due_date = format_date(timezone.localdate() + timedelta(days=14), language)
    with translation.override(language):
        samples = {
            "message": _("Uw bestelling is later dan gepland: het pakket gaat morgen de deur uit."),
            "shipping_method": order.shipping_method,
            "carrier": order.get_carrier_display(),
            "tracking_code": "3SABCD1234567",
            "tracking_url": "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012AB",
            "amount_due": format_money(order.total, language),
            "invoice_number": "F2026-00042",
            "due_date": due_date,
            "iban": shop.iban or "NL91ABNA0417164300",
            "amount": format_money(order.total, language),
            "credit_invoice_number": "C2026-00007",
            "payment_note": _("Te betalen vóór %(date)s.") % {"date": due_date},
            "credit_note": _("Het bedrag van deze creditfactuur wordt aan u terugbetaald of verrekend."),
            "ticket_subject": _("Vraag over mijn bestelling"),
            "reply": _("Dank voor uw vraag. Het pakket is onderweg en wordt morgen bezorgd."),
        }
    samples |= registry.family_samples(kind, language)
    return {name: samples[name] for name in registry.placeholder_names(kind) if name in samples}


@dataclass(frozen=True)
class Preview:
    order: Order | None
    subject: str
    body: str
    problems: list[str]


def email_template_preview(*, kind: str, language: str, subject: str, body: str, order_number: str = "") -> Preview:
    """The e-mail as a customer would get it, on a real order (the one asked for, else the newest)."""
    problems = template_text_problems(kind=kind, subject=subject, body=body)
    orders = Order.objects.all()
    order = (orders.filter(number=order_number.strip().upper()).first() if order_number else None) or (
        orders.order_by("-placed_at", "-id").first()
    )
    if order is None or problems:
        return Preview(order=order, subject="", body="", problems=problems)
    context = order_email_context(order, language) | sample_extras(kind, order, language)
    return Preview(order=order, subject=render(subject, context), body=render(body, context), problems=[])


def outbox_message_for_staff(*, user, message_id: int) -> OutboxMessage:
    return OutboxMessage.objects.select_related("order", "created_by").get(pk=message_id)
