from django.contrib import admin

from .models import GeocodedAddress


@admin.register(GeocodedAddress)
class GeocodedAddressAdmin(admin.ModelAdmin):
    """The geocoding cache. Deleting a row makes the next job for that address ask the geocoder again."""

    list_display = ["key", "status", "latitude", "longitude", "provider", "looked_up_at", "expires_at"]
    list_filter = ["status", "provider"]
    search_fields = ["key"]
