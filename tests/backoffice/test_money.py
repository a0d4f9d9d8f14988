from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.money import format_money, format_rate, quantize, vat_breakdown

D = Decimal


def test_quantize_rounds_half_up():
    assert quantize(D("0.005")) == D("0.01")
    assert quantize(D("2.345")) == D("2.35")
    assert quantize(D("-2.345")) == D("-2.35")


def test_format_money_per_language():
    assert format_money(D("1234.5"), "nl") == "€\u00a01.234,50"
    assert format_money(D("1234.5"), "en") == "€1,234.50"
    assert format_money(D("-3"), "nl") == "-€\u00a03,00"
    assert format_money(None) == ""


def test_format_rate():
    assert format_rate(D("21.00"), "nl") == "21%"
    assert format_rate(D("5.50"), "nl") == "5,5%"
    assert format_rate(D("5.50"), "en") == "5.5%"


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
