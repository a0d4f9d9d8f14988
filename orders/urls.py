from django.urls import path

from . import saved_view_views, views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    # Saved views (before "<number>/": a view is never an order)
    path("views/counts/", saved_view_views.counts, name="saved_view_counts"),
    path("views/new/", saved_view_views.create, name="saved_view_create"),
    path("views/<int:view_id>/rename/", saved_view_views.rename, name="saved_view_rename"),
    path("views/<int:view_id>/delete/", saved_view_views.delete, name="saved_view_delete"),
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
