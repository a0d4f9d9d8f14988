from django.contrib import admin

from backoffice.admin import ViewOnlyAdmin, ViewOnlyInline

from .models import Invoice, InvoiceLine, InvoiceVatRate


class InvoiceLineInline(ViewOnlyInline):
    model = InvoiceLine


class InvoiceVatRateInline(ViewOnlyInline):
    model = InvoiceVatRate


@admin.register(Invoice)
class InvoiceAdmin(ViewOnlyAdmin):
    """Invoices and credit invoices are issued documents: numbered from a locked series, never changed but for what the
    Facturen block allows, never deleted. View-only here, for support; their PDFs are not shown (only the backoffice's
    views that check the user send stored documents)."""

    list_display = ["number", "kind", "order", "invoice_date", "total", "is_paid"]
    list_filter = ["kind", "is_paid"]
    search_fields = ["number"]
    raw_id_fields = ["order", "credited_invoice", "created_by"]
    inlines = [InvoiceLineInline, InvoiceVatRateInline]
    show_full_result_count = False
