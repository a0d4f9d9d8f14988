"""Invoice PDFs: HTML from a template, rendered by WeasyPrint; stored PDFs merged for Print facturen.

WeasyPrint fetches what the HTML refers to (stylesheet, the shop's logo). The fetcher (backoffice.documents,
shared with the packing slips) serves only our own static files and the shop's current logo: invoice data is
typed by customers and staff, and a URL in it must never read a local file or reach the network.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfWriter
from weasyprint import HTML

from backoffice.documents import BASE_URL, DocumentFetcher, format_date, logo_url
from backoffice.money import format_money, format_rate

from .document_texts import credit_note, texts
from .models import Invoice

StaticFilesOnly = DocumentFetcher  # the fetcher's former name, for code that imports it from here


def invoice_context(invoice: Invoice, language: str) -> dict:
    """Everything the invoice template shows, formatted for `language`."""
    words = texts(language)
    order = invoice.order

    def money(amount):
        return format_money(amount, language, invoice.currency)

    lines = [
        {
            "description": line.description,
            "sku": line.sku,
            "quantity": line.quantity,
            "unit_price": money(line.unit_price),
            "discount": money(-line.discount if line.quantity < 0 else line.discount) if line.discount else "",
            "vat_rate": format_rate(line.vat_rate, language),
            "total": money(line.total),
        }
        for line in invoice.lines.all()
    ]
    vat_rates = [
        {
            "rate": format_rate(rate.rate, language),
            "net": money(rate.net),
            "vat": money(rate.vat),
            "gross": money(rate.net + rate.vat),
        }
        for rate in invoice.vat_rates.all()
    ]
    seller = invoice.seller
    context = {
        "invoice": invoice,
        "words": words,
        "language": language,
        "title": words["credit_invoice"] if invoice.is_credit else words["invoice"],
        "seller": seller,
        "lines": lines,
        "vat_rates": vat_rates,
        "net_total": money(invoice.net_total),
        "vat_total": money(invoice.vat_total),
        "total": money(invoice.total),
        "invoice_date": format_date(invoice.invoice_date, language),
        "supply_date": format_date(invoice.supply_date, language),
        "due_date": format_date(invoice.due_date, language) if invoice.due_date else "",
        "order_number": order.number,
        "order_date": format_date(timezone.localdate(order.placed_at), language),
        "credits": "",
        "payment_terms": "",
        "note": "",
        "logo_url": logo_url(),
    }
    if invoice.is_credit:
        original = invoice.credited_invoice
        context["credits"] = words["credits"] % {
            "number": original.number,
            "date": format_date(original.invoice_date, language),
        }
        context["note"] = credit_note(invoice, language)
    elif invoice.is_paid:
        context["note"] = words["paid"]
    elif invoice.due_date:
        key = "payment_terms" if seller.get("iban") else "payment_terms_no_iban"
        context["payment_terms"] = words[key] % {
            "amount": money(invoice.total),
            "days": invoice.payment_term_days,
            "due": context["due_date"],
            "iban": seller.get("iban", ""),
            "number": invoice.number,
        }
    return context


def invoice_html(invoice: Invoice, language: str) -> str:
    with translation.override(language):
        return render_to_string("invoicing/invoice_pdf.html", invoice_context(invoice, language))


def invoice_pdf(invoice: Invoice, language: str) -> bytes:
    """The PDF of `invoice` in `language` as it is now."""
    html = HTML(string=invoice_html(invoice, language), base_url=BASE_URL, url_fetcher=DocumentFetcher())
    return html.write_pdf()


def merge_pdfs(files) -> bytes:
    """One PDF of the given PDF files (open binary files or paths), in that order; nothing is re-rendered."""
    writer = PdfWriter()
    for file in files:
        writer.append(file)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
