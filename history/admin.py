from django.contrib import admin

from .models import OrderEvent


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ["order", "type", "actor_name", "created_at"]
    list_filter = ["type"]
    raw_id_fields = ["order", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
