from django.urls import path

from . import views

app_name = "shipping"

urlpatterns = [
    path("orders/<str:number>/blocks/shipping/", views.methods_block, name="methods_block"),
    path("orders/<str:number>/blocks/shipments/", views.shipments_block, name="shipments_block"),
    path("orders/<str:number>/shipping/shipped/", views.mark_shipped, name="mark_shipped"),
    path("orders/<str:number>/shipments/", views.tab, name="tab"),
    path("orders/<str:number>/shipments/new/", views.create, name="create"),
    path("orders/<str:number>/shipments/<str:shipment_number>/", views.detail, name="shipment"),
    path("orders/<str:number>/shipments/<str:shipment_number>.pdf", views.packing_slip, name="packing_slip"),
]
