from decimal import Decimal

from django import template
from django.template import engines
from django.utils.safestring import mark_safe
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


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values) -> str:
    """`{% jinja "orders/order_table.html" show_customer=True %}`: a Jinja2 template (backoffice/rendering.py says
    which and why) rendered with this template's context and `values`. Jinja2 escaped what it printed."""
    template = engines["jinja2"].get_template(template_name)
    return mark_safe(template.render(context.flatten() | values, request=context.get("request")))  # noqa: S308
