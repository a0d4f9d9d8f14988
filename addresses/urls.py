from django.urls import path

from . import views

app_name = "addresses"

urlpatterns = [
    path("orders/<str:number>/blocks/address/<str:kind>/", views.block, name="block"),
    path("orders/<str:number>/address/<str:kind>/", views.edit, name="edit"),
]
