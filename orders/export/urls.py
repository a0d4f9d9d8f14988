from django.urls import path

from . import views

app_name = "orders_export"

# Included at orders/export/ before orders.urls, so VERKOOP > Orders stays the current menu entry.
urlpatterns = [
    path("", views.dialog, name="dialog"),
    path("start/", views.start, name="start"),
    path("<int:export_id>/", views.status, name="status"),
    path("<int:export_id>/download/", views.download, name="download"),
]
