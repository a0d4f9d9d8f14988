from django.contrib import admin

from .models import GeocodedAddress


@admin.register(GeocodedAddress)
class GeocodedAddressAdmin(admin.ModelAdmin):
    """The geocoding cache. Deleting a row makes the next job for that address ask the geocoder again; adding or
    changing one by hand would put a made-up answer in it, so neither is offered."""

    list_display = ["key", "status", "latitude", "longitude", "provider", "looked_up_at", "expires_at"]
    list_filter = ["status", "provider"]
    search_fields = ["key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
