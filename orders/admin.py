from django.contrib import admin

from .models import Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "placed_at", "billing_name", "total", "payment_status", "shipment_status", "status"]
    list_filter = ["status", "payment_status", "shipment_status"]
    search_fields = ["number", "email"]
    raw_id_fields = ["customer"]
    inlines = [OrderLineInline]
    show_full_result_count = False
