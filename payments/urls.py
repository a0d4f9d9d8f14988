from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("orders/<str:number>/blocks/payments/", views.block, name="block"),
    path("orders/<str:number>/payment/paid/", views.mark_paid, name="mark_paid"),
    path("orders/<str:number>/payment/unpaid/", views.mark_unpaid, name="mark_unpaid"),
    path("orders/<str:number>/payment/reminder/", views.reminder, name="reminder"),
]
