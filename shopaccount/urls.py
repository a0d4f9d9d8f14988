from django.urls import path

from . import views

app_name = "shopaccount"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("orders/<str:number>/", views.order_detail, name="order"),
    path("orders/<str:number>/invoices/<str:invoice_number>/", views.invoice_pdf, name="invoice"),
    path("questions/new/", views.ask, name="ask"),
    path("questions/<int:ticket_id>/", views.ticket_detail, name="ticket"),
    path("questions/<int:ticket_id>/attachments/<int:attachment_id>/", views.ticket_attachment, name="attachment"),
]
