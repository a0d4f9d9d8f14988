from django.urls import path

from . import views

app_name = "status"

urlpatterns = [
    path("orders/<str:number>/blocks/status/", views.block, name="block"),
    path("orders/<str:number>/status/", views.choose, name="choose"),
    # ALGEMEEN > Instellingen > Workflow > Order status
    path("settings/workflow/order-statuses/", views.settings_list, name="settings"),
    path("settings/workflow/order-statuses/<int:pk>/", views.settings_edit, name="settings_edit"),
    path("settings/workflow/order-statuses/<int:pk>/up/", views.settings_move, {"direction": "up"}, name="settings_up"),
    path(
        "settings/workflow/order-statuses/<int:pk>/down/",
        views.settings_move,
        {"direction": "down"},
        name="settings_down",
    ),
    path("settings/workflow/order-statuses/<int:pk>/active/", views.settings_active, name="settings_active"),
    path("settings/workflow/order-statuses/<int:pk>/delete/", views.settings_delete, name="settings_delete"),
]
