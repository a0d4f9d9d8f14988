from django.urls import path

from . import views

app_name = "history"

urlpatterns = [
    path("orders/<str:number>/history/", views.tab, name="tab"),
]
