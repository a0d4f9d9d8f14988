from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from backoffice.money import format_money, format_rate, quantize, vat_breakdown

D = Decimal


def test_quantize_rounds_half_up():
    assert quantize(D("0.005")) == D("0.01")
    assert quantize(D("2.345")) == D("2.35")
    assert quantize(D("-2.345")) == D("-2.35")


NBSP, NNBSP = "\N{NO-BREAK SPACE}", "\N{NARROW NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nl", "1234.5", f"€{NBSP}1.234,50"),
        ("nl", "-3", f"€{NBSP}-3,00"),
        ("en", "1234.5", "€1,234.50"),
        ("en", "-3", "-€3.00"),
        ("en-us", "1234567.891", "€1,234,567.89"),  # Django's code for a region: Babel's en_US
        ("de", "1234.5", f"1.234,50{NBSP}€"),
        ("de", "-1234.5", f"-1.234,50{NBSP}€"),
        ("fr", "1234.5", f"1{NNBSP}234,50{NBSP}€"),
        ("fr", "-0.005", f"-0,01{NBSP}€"),  # rounded half up to the cent first, like every amount
    ],
)
def test_format_money_writes_the_amount_as_the_language_does(language, amount, expected):
    assert format_money(D(amount), language) == expected


def test_format_money_without_an_amount_or_language():
    assert format_money(None) == ""
    assert format_money(D("0.5"), "") == f"€{NBSP}0,50"  # no active language: Dutch


def test_format_rate():
    assert format_rate(D("21.00"), "nl") == "21%"
    assert format_rate(D("5.50"), "nl") == "5,5%"
    assert format_rate(D("5.50"), "en") == "5.5%"
    assert format_rate(D("19"), "de") == f"19{NBSP}%"
    assert format_rate(D("5.5"), "fr") == f"5,5{NBSP}%"


@pytest.mark.parametrize(("language", "expected"), [("nl", f"€{NBSP}1.234,50 · 5,5%"), ("en", "€1,234.50 · 5.5%")])
def test_screens_write_amounts_in_the_backoffices_language(language, expected):
    template = Template("{% load backoffice %}{{ amount|euro }} · {{ rate|vat_rate }}")

    with translation.override(language):
        assert template.render(Context({"amount": D("1234.5"), "rate": D("5.50")})) == expected


def test_vat_breakdown_groups_per_rate_on_the_per_rate_base():
    # Three lines at 9 %: rounding per line would give 0.83 + 0.83 + 0.83 = 2.49; on the base it is 2.48.
    lines = vat_breakdown([(D("10.00"), D("9")), (D("10.00"), D("9.00")), (D("10.00"), D("9")), (D("12.10"), D("21"))])
    assert [(line.rate, line.gross, line.net, line.vat) for line in lines] == [
        (D("21"), D("12.10"), D("10.00"), D("2.10")),
        (D("9"), D("30.00"), D("27.52"), D("2.48")),
    ]


money = st.decimals(min_value=D("0.00"), max_value=D("99999.99"), places=2)
rates = st.sampled_from([D("0"), D("9"), D("21"), D("6"), D("5.5")])


@given(st.lists(st.tuples(money, rates), min_size=1, max_size=40))
def test_vat_breakdown_always_adds_up_to_the_cent(amounts):
    lines = vat_breakdown(amounts)
    assert sum(line.gross for line in lines) == sum(amount for amount, _rate in amounts)
    for line in lines:
        assert line.net + line.vat == line.gross
        # The VAT is the rate applied to the base, within the half cent that rounding the base allows.
        assert abs(line.net * line.rate / 100 - line.vat) <= D("0.005") * (1 + line.rate / 100)
