from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("support/", views.support, name="support"),
    path("support/emails/<int:message_id>/retry/", views.email_retry, name="email_retry"),
    path("support/pdfs/<int:document_id>/retry/", views.document_retry, name="document_retry"),
    path("support/prints/<int:print_id>/retry/", views.print_retry, name="print_retry"),
    path("metrics", views.metrics, name="metrics"),
]
