"""Money: Decimal only, rounded once, half up. Prices are consumer prices including VAT.

VAT per rate follows EN16931 BR-CO-17 on the per-rate base: the gross amounts of one rate are added
first, then split into base and VAT once, so per-rate base + VAT always adds up to what the customer pays.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def quantize(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


def vat_breakdown(amounts: Iterable[tuple[Decimal, Decimal]]) -> list[VatLine]:
    """(gross amount, VAT rate in percent) pairs -> one VatLine per rate, highest rate first."""
    gross_per_rate: dict[Decimal, Decimal] = {}
    for gross, rate in amounts:
        rate = Decimal(rate).normalize()
        gross_per_rate[rate] = gross_per_rate.get(rate, ZERO) + gross
    lines = []
    for rate, gross in sorted(gross_per_rate.items(), reverse=True):
        gross = quantize(gross)
        net = quantize(gross * 100 / (100 + rate))
        lines.append(VatLine(rate=rate, gross=gross, net=net, vat=gross - net))
    return lines


def format_money(amount: Decimal | None, language: str = "nl", currency: str = "EUR") -> str:
    """`€ 1.234,56` in Dutch (and German/French style), `€1,234.56` in English."""
    if amount is None:
        return ""
    amount = quantize(amount)
    symbol = "€" if currency == "EUR" else currency + " "
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):,.2f}".split(".")
    if language.startswith("en"):
        return f"{sign}{symbol}{whole}.{cents}"
    return f"{sign}{symbol}\N{NO-BREAK SPACE}{whole.replace(',', '.')},{cents}"


def format_rate(rate: Decimal, language: str = "nl") -> str:
    text = f"{Decimal(rate).normalize():f}"
    if not language.startswith("en"):
        text = text.replace(".", ",")
    return f"{text}%"
