from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("emails/", views.template_list, name="templates"),
    path("emails/<str:kind>/<str:language>/", views.template_edit, name="template"),
    path("emails/<str:kind>/<str:language>/preview/", views.template_preview, name="template_preview"),
    path("emails/<str:kind>/<str:language>/reset/", views.template_reset, name="template_reset"),
    path("outbox/<int:message_id>/", views.outbox_message, name="message"),
]
