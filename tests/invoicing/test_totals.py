"""Invoice amounts add up to the cent (issue #4), for random orders credited in random pieces.

Every document: per VAT rate net + VAT is the gross of that rate's lines (VAT on the per-rate base, EN16931
BR-CO-17); the rates add up to the totals, the totals to the lines and, for an invoice, to the order. Credit
invoices never credit more than was invoiced, and a fully credited invoice nets to exactly zero, line by line.
What the Facturen block and the PDF show are those same amounts.
"""

import re
import tempfile
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from backoffice.exceptions import ActionRefused
from backoffice.money import CENT, ZERO, format_money, quantize
from invoicing.models import Invoice, InvoiceLine
from invoicing.pdf import invoice_pdf
from invoicing.rules import creditable
from tests.invoicing.factories import make_credit_invoice, make_invoice
from tests.orders.factories import line, make_order
from tests.support import HTMX, normalised, pdf_text, shop_settings

pytestmark = pytest.mark.django_db
# Even without an example database Hypothesis caches what it reads in the source (`.hypothesis/constants`), and
# its pytest plugin does so while collecting, before any fixture: set here, so that it goes to /tmp, not the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-backoffice")
D = Decimal
EXAMPLES = settings(
    deadline=None,
    database=None,  # no .hypothesis directory in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the database is set up per example, below
)


@st.composite
def order_line(draw):
    quantity = draw(st.integers(1, 20))
    unit_price = draw(st.decimals(D("0.01"), D("999.99"), places=2))
    discount = draw(st.decimals(D("0.00"), unit_price * quantity, places=2))
    return line(
        product_name="Product",
        sku="",
        quantity=quantity,
        unit_price=unit_price,
        discount=discount,
        vat_rate=draw(st.sampled_from([D("0"), D("9"), D("21")])),
    )


orders = st.fixed_dictionaries(
    {
        "lines": st.lists(order_line(), min_size=1, max_size=8),
        "shipping_cost": st.decimals(D("0.00"), D("25.00"), places=2),
        "shipping_vat_rate": st.sampled_from([D("21"), D("9")]),
    }
)


@pytest.fixture(autouse=True)
def no_mail(invoices_by_hand):
    """Amounts, not mail: the invoices are made by hand (Factuur aanmaken) and not e-mailed."""
    shop_settings(invoice_send_on_issue=False)


def place_and_invoice(spec: dict) -> Invoice:
    lines = [
        replace(drawn, product_name=f"Product {position}") for position, drawn in enumerate(spec["lines"], start=1)
    ]
    order = make_order(lines=lines, shipping_cost=spec["shipping_cost"], shipping_vat_rate=spec["shipping_vat_rate"])
    return make_invoice(order, actor=None)


def credit_in_pieces(invoice: Invoice, data) -> list[Invoice]:
    """Up to four credit invoices of randomly chosen quantities per line, then one for whatever is left."""
    credits = []
    for _piece in range(data.draw(st.integers(0, 4), label="partial credits")):
        left = {line.pk: quantity for line, (quantity, _amount) in creditable(invoice).items() if quantity > 0}
        if not left:
            break
        quantities = {
            pk: data.draw(st.integers(0, quantity), label=f"credit line {pk}") for pk, quantity in left.items()
        }
        if not any(quantities.values()):
            with pytest.raises(ActionRefused, match="minstens één regel"):
                make_credit_invoice(invoice, quantities=quantities, send=False, actor=None)
            continue
        credits.append(make_credit_invoice(invoice, quantities=quantities, send=False, actor=None))
        assert_credited_so_far(invoice, credits)
    if any(quantity for quantity, _amount in creditable(invoice).values()):
        credits.append(make_credit_invoice(invoice, send=False, actor=None))
        assert_credited_so_far(invoice, credits)
    return credits


def assert_adds_up(document: Invoice) -> None:
    """One invoice or credit invoice: lines -> VAT per rate -> totals, to the cent."""
    lines = list(document.lines.all())
    rates = list(document.vat_rates.all())
    gross_per_rate = defaultdict(lambda: ZERO)
    for invoice_line in lines:
        gross_per_rate[invoice_line.vat_rate] += invoice_line.total
    assert {rate.rate: rate.net + rate.vat for rate in rates} == gross_per_rate
    for rate in rates:  # BR-CO-17: the VAT of a rate is its base times the rate, give or take the base's rounding
        assert abs(rate.vat - quantize(rate.net * rate.rate / 100)) <= CENT
    assert sum((rate.net for rate in rates), ZERO) == document.net_total
    assert sum((rate.vat for rate in rates), ZERO) == document.vat_total
    assert document.net_total + document.vat_total == document.total == sum((ln.total for ln in lines), ZERO)


def assert_credited_so_far(invoice: Invoice, credits: list[Invoice]) -> None:
    """After each credit invoice: it adds up, it is negative line by line, and no line of the invoice (hence not
    the invoice) has been credited beyond what it says."""
    latest = credits[-1]
    assert_adds_up(latest)
    assert all(credit_line.quantity < 0 and credit_line.total <= 0 for credit_line in latest.lines.all())
    assert -sum((credit.total for credit in credits), ZERO) <= invoice.total
    for invoice_line in invoice.lines.all():
        credit_lines = InvoiceLine.objects.filter(credited_line=invoice_line)
        assert -sum((credit_line.quantity for credit_line in credit_lines), 0) <= invoice_line.quantity
        assert ZERO <= -sum((credit_line.total for credit_line in credit_lines), ZERO) <= invoice_line.total


@settings(EXAMPLES, max_examples=100)
@given(spec=orders, data=st.data())
def test_invoices_and_credit_invoices_add_up_to_the_cent_and_the_block_shows_them(spec, data, staff_client):
    invoice = place_and_invoice(spec)
    order = invoice.order

    assert_adds_up(invoice)
    assert invoice.total == order.total == sum((line.total for line in order.lines.all()), order.shipping_cost)

    credits = credit_in_pieces(invoice, data)

    assert invoice.total + sum((credit.total for credit in credits), ZERO) == 0
    for invoice_line in invoice.lines.all():
        credit_lines = list(InvoiceLine.objects.filter(credited_line=invoice_line))
        assert -sum((credit_line.quantity for credit_line in credit_lines), 0) == invoice_line.quantity
        assert invoice_line.total + sum((credit_line.total for credit_line in credit_lines), ZERO) == 0
    with pytest.raises(ActionRefused, match="al helemaal gecrediteerd"):
        make_credit_invoice(invoice, send=False, actor=None)

    response = staff_client.get(f"/orders/{order.number}/blocks/invoices/", headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    for document in [invoice, *credits]:
        row = re.search(rf'<tr id="invoice-{document.pk}".*?</tr>', html, re.DOTALL).group()
        assert f">{format_money(document.total, 'nl')}<" in row
    assert "Gecrediteerd" in re.search(rf'<tr id="invoice-{invoice.pk}".*?</tr>', html, re.DOTALL).group()


def invoice_text(document: Invoice, language: str) -> str:
    return pdf_text(invoice_pdf(document, language))  # "€\xa01.234,56" may come back with any kind of space


@settings(EXAMPLES, max_examples=15)
@given(spec=orders, data=st.data(), language=st.sampled_from(["nl", "en", "de", "fr"]))
def test_the_pdf_shows_the_totals_and_the_vat_per_rate(spec, data, language):
    invoice = place_and_invoice(spec)
    credits = credit_in_pieces(invoice, data)

    for document in [invoice, credits[0]]:
        text = invoice_text(document, language)
        amounts = [document.total, document.net_total, document.vat_total]
        for rate in document.vat_rates.all():
            amounts += [rate.net, rate.vat]
        for amount in amounts:
            assert normalised(format_money(amount, language)) in text, (amount, text)


@pytest.mark.parametrize(
    ("quantity", "unit_price", "discount"),
    [(4, D("0.01"), D("0.02")), (20, D("0.10"), D("1.90")), (3, D("0.01"), D("0.01"))],
    ids=["4-for-2-cents", "20-stickers-95%-off", "3-for-1-cent"],
)
def test_a_cheap_line_credited_piece_by_piece_is_never_credited_beyond_what_it_cost(quantity, unit_price, discount):
    """Half cents rounded up piece after piece must not add up to more than the line: each piece credits what the
    pieces so far come to, rounded once, minus what was credited before."""
    order = make_order(
        lines=[line(quantity=quantity, unit_price=unit_price, discount=discount, vat_rate=D("21"))], shipping_cost=ZERO
    )
    invoice = make_invoice(order, actor=None)
    invoice_line = invoice.lines.get()

    credits = []
    for _piece in range(quantity):
        credits.append(make_credit_invoice(invoice, quantities={invoice_line.pk: 1}, send=False, actor=None))
        assert_credited_so_far(invoice, credits)

    assert invoice.total + sum((credit.total for credit in credits), ZERO) == 0
