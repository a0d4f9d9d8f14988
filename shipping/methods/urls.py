from django.urls import path

from . import views

# Included by backoffice/urls.py under settings/shipping-methods/ (ALGEMEEN > Instellingen > Verzendmethoden).
app_name = "shipping_settings"

urlpatterns = [
    path("", views.method_list, name="list"),
    path("<int:pk>/", views.method_edit, name="edit"),
    path("example/", views.tracking_example_preview, name="example"),
]
