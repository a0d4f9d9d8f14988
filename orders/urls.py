from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("<str:number>/", views.dashboard, name="dashboard"),
    path("<str:number>/products/", views.products_tab, name="products"),
    path("<str:number>/history/", views.history_tab, name="history"),
    path("<str:number>/blocks/products/", views.products_block, name="products_block"),
    path("<str:number>/actions/", views.action_bar, name="actions"),
    path("<str:number>/copy/", views.copy, name="copy"),
    path("<str:number>/hold/", views.hold, name="hold"),
    path("<str:number>/release/", views.release, name="release"),
    path("<str:number>/cancel/", views.cancel, name="cancel"),
]
