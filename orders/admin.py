from django.contrib import admin

from backoffice.admin import ViewOnlyAdmin, ViewOnlyInline

from .models import Order, OrderLine


class OrderLineInline(ViewOnlyInline):
    model = OrderLine


@admin.register(Order)
class OrderAdmin(ViewOnlyAdmin):
    """View-only: every change to an order is a service (locked, with its history event and status follow-up)."""

    list_display = ["number", "placed_at", "billing_name", "total", "payment_status", "shipment_status", "status"]
    list_filter = ["status", "payment_status", "shipment_status"]
    search_fields = ["number", "email"]
    raw_id_fields = ["customer"]
    inlines = [OrderLineInline]
    show_full_result_count = False
