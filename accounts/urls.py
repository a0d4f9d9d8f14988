from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password/", views.password_change, name="password_change"),
    path("settings/users/", views.users, name="users"),
    path("settings/users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("settings/users/<int:pk>/activate/", views.user_activate, name="user_activate"),
    path("settings/users/<int:pk>/password-reset/", views.user_force_password_reset, name="user_force_password_reset"),
]
