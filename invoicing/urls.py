from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("orders/<str:number>/blocks/invoices/", views.block, name="block"),
    path("orders/<str:number>/invoices/", views.tab, name="tab"),
    path("orders/<str:number>/invoices/new/", views.issue, name="issue"),
    path("orders/<str:number>/invoices/credit/", views.credit, name="credit"),
    path("orders/<str:number>/invoices/print/", views.print_invoices, name="print"),
    path("orders/<str:number>/invoices/print.pdf", views.print_pdf, name="print_pdf"),
    path("orders/<str:number>/invoices/<str:invoice_number>/", views.edit, name="edit"),
    path("orders/<str:number>/invoices/<str:invoice_number>/resend/", views.resend, name="resend"),
    path("orders/<str:number>/invoices/<str:invoice_number>.pdf", views.document, name="document"),
]
