from django.contrib import admin

from backoffice.admin import ViewOnlyAdmin

from .models import OrderEvent


@admin.register(OrderEvent)
class OrderEventAdmin(ViewOnlyAdmin):
    """The order history is append-only."""

    list_display = ["order", "type", "actor_name", "created_at"]
    list_filter = ["type"]
    raw_id_fields = ["order", "actor"]
