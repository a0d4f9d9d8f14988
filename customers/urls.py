from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("customers/<int:customer_id>/", views.customer_detail, name="detail"),
    path("orders/<str:number>/customer/", views.tab, name="tab"),
    path("orders/<str:number>/customer/details/", views.customer_update, name="update"),
    path("orders/<str:number>/customer/address/<str:kind>/", views.address_update, name="address_update"),
    path("orders/<str:number>/customer/inform/", views.inform, name="inform"),
    path("orders/<str:number>/blocks/customer/", views.block, name="block"),
]
