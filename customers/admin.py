from django.contrib import admin

from backoffice.admin import ViewOnlyAdmin

from .models import Customer


@admin.register(Customer)
class CustomerAdmin(ViewOnlyAdmin):
    """View-only: customer data is corrected on the Klant tab, whose service records old → new in the history."""

    list_display = ["email", "first_name", "last_name", "company", "language"]
    search_fields = ["email", "first_name", "last_name", "company"]
    raw_id_fields = ["user"]
