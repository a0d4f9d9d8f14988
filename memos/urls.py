from django.urls import path

from . import views

app_name = "memos"

urlpatterns = [
    path("memos/", views.unread, name="unread"),
    path("orders/<str:number>/blocks/memos/", views.block, name="block"),
    path("orders/<str:number>/memos/add/", views.add, name="add"),
    path("orders/<str:number>/memos/<int:memo_id>/", views.edit, name="edit"),
    path("orders/<str:number>/memos/<int:memo_id>/remove/", views.remove, name="remove"),
]
