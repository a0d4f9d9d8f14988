from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.mine, name="mine"),
    path("orders/<str:number>/blocks/tasks/", views.block, name="block"),
    path("orders/<str:number>/tasks/add/", views.add, name="add"),
    path("orders/<str:number>/tasks/<int:task_id>/", views.edit, name="edit"),
    path("orders/<str:number>/tasks/<int:task_id>/complete/", views.complete, name="complete"),
]
