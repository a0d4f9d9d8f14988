from django.urls import path

from . import views

app_name = "invoicing_bulk"

# Included at orders/invoices/ before orders.urls, so VERKOOP > Orders stays the current menu entry.
urlpatterns = [
    path("print/", views.start, name="start"),
    path("prints/<int:invoice_print_id>/", views.status, name="status"),
    path("prints/<int:invoice_print_id>/facturen.pdf", views.download, name="download"),
]
