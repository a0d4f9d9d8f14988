"""What the geocoder said about an address, cached per normalised address (found and not found alike).

The order itself carries only the "adres controleren" flag (`Order.address_check`, for the orders list); the
coordinates live here, keyed by the address's normalised text, so two orders to the same address share one lookup.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeocodeStatus(models.TextChoices):
    FOUND = "found", _("Gevonden")
    NOT_FOUND = "not_found", _("Niet gevonden")
    # The geocoder could not be asked (timeout, 5xx, no network): says nothing about the address; not a cache hit.
    UNAVAILABLE = "unavailable", _("Geocoder niet bereikbaar")


class GeocodedAddress(models.Model):
    key = models.CharField(max_length=500, unique=True)  # addresses.geocoding.address_key()
    status = models.CharField(max_length=20, choices=GeocodeStatus.choices)
    latitude = models.FloatField(null=True, blank=True)  # coordinates: floats are what they are (not money)
    longitude = models.FloatField(null=True, blank=True)
    display_name = models.CharField(max_length=500, blank=True)  # what the geocoder calls the place it found
    provider = models.CharField(max_length=50, blank=True)
    looked_up_at = models.DateTimeField()
    # Not found is asked again after this (the geocoder's data grows); found never expires. Unavailable: now.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gecodeerd adres")
        verbose_name_plural = _("gecodeerde adressen")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="found") | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="geocoded_found_has_coordinates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"
