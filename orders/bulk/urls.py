from django.urls import path

from . import views

app_name = "orders_bulk"

# Included at orders/bulk/ before orders.urls, so VERKOOP > Orders stays the current menu entry.
urlpatterns = [
    path("runs/<int:run_id>/", views.status, name="status"),
    path("<slug:action>/", views.confirm, name="confirm"),
    path("<slug:action>/start/", views.start, name="start"),
]
