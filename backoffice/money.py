"""Money: Decimal only, rounded once, half up. Prices are consumer prices including VAT.

VAT per rate follows EN16931 BR-CO-17 on the per-rate base: the gross amounts of one rate are added
first, then split into base and VAT once, so per-rate base + VAT always adds up to what the customer pays.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_percent
from django.utils.translation import to_locale

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
    """The amount as people who read `language` write it (Babel, CLDR), rounded half up to the cent first:
    `€ 1.234,50` (nl), `€1,234.50` (en), `1.234,50 €` (de), `1 234,50 €` (fr); negative `€ -1.234,50` (nl),
    `-€1,234.50` (en), `-1.234,50 €` (de, fr).

    The spaces do not break: U+00A0 between amount and symbol; French groups thousands with U+202F (narrow
    no-break space). Screens pass the backoffice's language, documents and e-mails the customer's.
    """
    if amount is None:
        return ""
    return _formatted(str(quantize(amount)), language, currency)


@lru_cache(maxsize=4096)
def _formatted(amount: str, language: str, currency: str) -> str:
    """Babel's formatting, remembered: a page shows the same amounts again (a 40-line order's dashboard formats ~150,
    prices that repeat), and each took Babel ~50 µs. Keyed by the rounded amount's text, so -0.00 stays itself."""
    return format_currency(Decimal(amount), currency, locale=_locale(language))


def format_rate(rate: Decimal, language: str = "nl") -> str:
    """A VAT rate as `language` writes a percentage: `5,5%` (nl), `5.5%` (en), `5,5 %` (de, fr: U+00A0)."""
    return format_percent(Decimal(rate) / 100, locale=_locale(language), decimal_quantization=False)


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    """Django's language code ("nl", "en-us") as Babel's locale ("nl", "en_US"), parsed once per language: a list
    page formats 50 amounts, and parsing the locale name was half of each."""
    return Locale.parse(to_locale(language or "nl"))
