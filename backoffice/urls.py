from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from . import views

admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "Backoffice (superusers)"

backoffice_patterns = (
    [
        path("", views.home, name="home"),
        path("login/", views.login_view, name="login"),
        path("logout/", views.logout_view, name="logout"),
        path("language/", views.set_language, name="set_language"),
        path("counters/", views.header_counters, name="counters"),
        path("settings/", views.shop_settings, name="settings"),
        path("settings/advanced/administration/", views.settings_administration, name="settings_administration"),
        path("settings/changes/", views.settings_changes, name="settings_changes"),
    ],
    "backoffice",
)

urlpatterns = [
    # Browsers and tools ask for /favicon.ico whatever the page's <link rel=icon> says.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("backoffice/favicon.svg"), permanent=True)),
    path("", include(backoffice_patterns)),
    path("settings/shipping-methods/", include("shipping.methods.urls")),
    path("orders/packing-slips/", include("shipping.printing.urls")),  # before orders/<number>/
    path("orders/bulk/", include("orders.bulk.urls")),  # before orders/<number>/
    path("orders/export/", include("orders.export.urls")),  # before orders/<number>/
    path("orders/invoices/", include("invoicing.printing.urls")),  # before orders/<number>/
    path("orders/", include("orders.urls")),
    path("", include("customers.urls")),
    path("", include("addresses.urls")),
    path("", include("payments.urls")),
    path("", include("invoicing.urls")),
    path("", include("shipping.urls")),
    path("", include("status.urls")),
    path("", include("tasks.urls")),
    path("", include("memos.urls")),
    path("", include("returns.urls")),
    path("", include("tickets.urls")),
    path("account/", include("shopaccount.urls")),
    path("", include("notifications.urls")),
    path("", include("accounts.urls")),
    path("", include("operations.urls")),  # ALGEMEEN > Storingen, /metrics
    path("django-admin/", admin.site.urls),
]
# Stored files (invoice PDFs, packing slips, the logo) are never served from MEDIA_URL, not even with DEBUG:
# only the views that check the user send them (invoicing:document, invoicing:print_pdf, shipping:packing_slip,
# shipping_bulk:download, orders_export:download, invoicing_bulk:download).
