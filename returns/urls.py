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
    # VERKOOP > Retouren, with the tabs Retour reden and Retour acties (Beheerder)
    path("returns/", views.return_list, name="list"),
    path("returns/reasons/", views.choices, {"kind": "reasons"}, name="reasons"),
    path("returns/reasons/<int:pk>/", views.choice_edit, {"kind": "reasons"}, name="reason"),
    path("returns/reasons/<int:pk>/delete/", views.choice_delete, {"kind": "reasons"}, name="reason_delete"),
    path("returns/actions/", views.choices, {"kind": "actions"}, name="actions"),
    path("returns/actions/<int:pk>/", views.choice_edit, {"kind": "actions"}, name="action"),
    path("returns/actions/<int:pk>/delete/", views.choice_delete, {"kind": "actions"}, name="action_delete"),
]
