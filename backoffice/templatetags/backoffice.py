from decimal import Decimal

from django import template
from django.utils.translation import get_language

from backoffice import money

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    """`{{ order.total|euro }}` -> € 1.234,56 (nl) or €1,234.56 (en)."""
    return money.format_money(amount, get_language() or "nl")


@register.filter
def vat_rate(rate: Decimal) -> str:
    return money.format_rate(rate, get_language() or "nl")
