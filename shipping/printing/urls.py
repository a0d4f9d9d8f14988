from django.urls import path

from . import views

app_name = "shipping_bulk"

# Included at orders/packing-slips/ before orders.urls, so VERKOOP > Orders stays the current menu entry.
urlpatterns = [
    path("print/", views.start, name="start"),
    path("prints/<int:print_id>/", views.status, name="status"),
    path("prints/<int:print_id>/pakbonnen.pdf", views.download, name="download"),
]
