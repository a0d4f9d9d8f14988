from django.urls import path

from . import bulk_views

app_name = "shipping_bulk"

# Included at orders/packing-slips/ before orders.urls, so VERKOOP > Orders stays the current menu entry.
urlpatterns = [
    path("print/", bulk_views.start, name="start"),
    path("prints/<int:print_id>/", bulk_views.status, name="status"),
    path("prints/<int:print_id>/pakbonnen.pdf", bulk_views.download, name="download"),
]
