from django.urls import path

from . import settings_views

# Included by backoffice/urls.py under settings/shipping-methods/ (ALGEMEEN > Instellingen > Verzendmethoden).
app_name = "shipping_settings"

urlpatterns = [
    path("", settings_views.method_list, name="list"),
    path("<int:pk>/", settings_views.method_edit, name="edit"),
    path("example/", settings_views.tracking_example_preview, name="example"),
]
