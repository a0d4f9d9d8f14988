from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("orders/<str:number>/blocks/returns/", views.block, name="block"),
    path("orders/<str:number>/returns/", views.tab, name="tab"),
    path("orders/<str:number>/returns/new/", views.create, name="create"),
    path("orders/<str:number>/returns/quote/", views.quote, name="quote"),
    path("orders/<str:number>/returns/<int:sequence>/", views.detail, name="detail"),
    path("orders/<str:number>/returns/<int:sequence>/status/", views.change_status, name="status"),
    path("orders/<str:number>/returns/<int:sequence>/credit/", views.credit, name="credit"),
    path("orders/<str:number>/returns/<int:sequence>/refunded/", views.refunded, name="refunded"),
]
