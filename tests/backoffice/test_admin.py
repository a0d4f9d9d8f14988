"""Django's admin site is a window, not a second way in: what a service owns is view-only there (a superuser's POST to
add, change or delete is 403 and changes nothing), and what stays editable (user accounts) is written to the
configuration log."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.test import RequestFactory

from backoffice import audit
from backoffice.models import ConfigChange, NumberCounter, ShopSettings, User
from backoffice.roles import Role
from invoicing.models import Invoice
from orders.models import Order
from tests.backoffice.factories import StaffFactory
from tests.invoicing.factories import make_invoice
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db

# Registered and editable on purpose: accounts (every change audited, below), the role groups (remade after every
# migrate), and django-axes' lock-outs (deleting one lifts it: README, Logins).
EDITABLE = {"backoffice.user", "auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


@pytest.fixture
def superuser(db):
    return StaffFactory(email="root@example.com", first_name="Root", last_name="", is_superuser=True, role=Role.ADMIN)


@pytest.fixture
def root(client, superuser):
    client.force_login(superuser)
    return client


def row(instance) -> dict:
    return model_to_dict(type(instance).objects.get(pk=instance.pk))


def url(instance, view: str) -> str:
    meta = instance._meta
    suffix = "add/" if view == "add" else f"{instance.pk}/{view}/"
    return f"/django-admin/{meta.app_label}/{meta.model_name}/{suffix}"


@pytest.fixture
def issued(shop, admin_user):
    order = make_order()
    invoice = make_invoice(order=order, actor=admin_user)
    counter = NumberCounter.objects.get(series=invoice.series)
    return {"order": order, "invoice": invoice, "counter": counter, "shop": ShopSettings.load()}


@pytest.mark.parametrize("name", ["order", "invoice", "counter", "shop"])
def test_a_superuser_sees_but_cannot_change_add_or_delete_what_a_service_owns(root, issued, name):
    instance = issued[name]
    before = row(instance)
    count = type(instance).objects.count()
    changed = {**{key: value for key, value in before.items() if isinstance(value, (str, int))}, "number": "HACK1",
               "last_number": 0, "total": "0.00", "name": "Gehackt", "invoice_prefix": "X"}  # fmt: skip

    assert root.get(url(instance, "change")).status_code == 200  # view-only
    assert root.post(url(instance, "change"), changed).status_code == 403
    assert root.post(url(instance, "add"), changed).status_code == 403
    assert root.post(url(instance, "delete"), {"post": "yes"}).status_code == 403
    assert row(instance) == before and type(instance).objects.count() == count


def test_the_bulk_delete_action_is_not_offered_for_orders(root, issued):
    response = root.post(
        "/django-admin/orders/order/", {"action": "delete_selected", "_selected_action": [issued["order"].pk],
                                        "post": "yes"},
    )  # fmt: skip

    assert response.status_code in {200, 302}
    assert Order.objects.filter(pk=issued["order"].pk).exists()
    assert "delete_selected" not in root.get("/django-admin/orders/order/").text


def test_the_shop_settings_link_to_their_pages(root, issued):
    response = root.get(url(issued["shop"], "change"))

    assert 'href="/settings/"' in response.text and 'href="/settings/advanced/administration/"' in response.text


def test_every_other_registered_model_is_view_only(superuser):
    request = RequestFactory().get("/django-admin/")
    request.user = superuser
    writable = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in EDITABLE:
            continue
        may = (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
               model_admin.has_delete_permission(request))  # fmt: skip
        if any(may) and model._meta.label_lower != "addresses.geocodedaddress":
            writable.append(model._meta.label_lower)
        for inline in model_admin.get_inline_instances(request):
            if inline.has_add_permission(request, None) or inline.has_change_permission(request):
                writable.append(f"{model._meta.label_lower} inline {inline.model._meta.label_lower}")
    assert not writable, "add it to EDITABLE with the reason, or make it view-only (backoffice.admin.ViewOnlyAdmin)"
    assert Invoice in admin.site._registry and Order in admin.site._registry


def test_the_geocoding_cache_can_only_be_deleted(superuser):
    from addresses.models import GeocodedAddress

    request = RequestFactory().get("/django-admin/")
    request.user = superuser
    model_admin = admin.site._registry[GeocodedAddress]
    assert not model_admin.has_add_permission(request) and not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request)  # the next job asks the geocoder again


# --- user accounts: editable, and every change audited ----------------------------------------------------------


def user_form(user: User, **changes) -> dict:
    data = {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name, "language": user.language,
        "is_active": "on" if user.is_active else "", "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }  # fmt: skip
    return {key: value for key, value in (data | changes).items() if value not in ("", None)}


def test_a_role_given_in_the_admin_is_in_the_configuration_log(root, superuser):
    colleague = StaffFactory(email="collega@example.com")
    admin_group = Group.objects.get(name=Role.ADMIN.value)

    response = root.post(url(colleague, "change"), user_form(colleague, groups=[str(admin_group.pk)], is_active=""))

    assert response.status_code == 302
    entry = ConfigChange.objects.get()
    assert (entry.actor, entry.area, entry.subject) == (superuser, "user", "collega@example.com")
    assert audit.sentence(entry) == "Gebruiker collega@example.com: actief: ja → nee; rol: Medewerker → Beheerder"


def test_saving_a_user_unchanged_in_the_admin_writes_nothing(root):
    colleague = StaffFactory(email="collega@example.com")

    assert root.post(url(colleague, "change"), user_form(colleague)).status_code == 302
    assert not ConfigChange.objects.exists()


def test_a_password_set_in_the_admin_is_logged_without_it(root):
    colleague = StaffFactory(email="collega@example.com")

    response = root.post(
        f"/django-admin/backoffice/user/{colleague.pk}/password/",
        {"password1": "Een-nieuw-wachtwoord-42", "password2": "Een-nieuw-wachtwoord-42", "set_usable_password": "true"},
    )

    assert response.status_code == 302
    entry = ConfigChange.objects.get()
    assert entry.changes == [{"field": "password"}]
    assert audit.sentence(entry) == "Gebruiker collega@example.com: wachtwoord gewijzigd"


def test_a_user_added_and_deleted_in_the_admin_is_logged(root):
    response = root.post(
        "/django-admin/backoffice/user/add/",
        {"email": "nieuw@example.com", "password1": "Een-nieuw-wachtwoord-42", "password2": "Een-nieuw-wachtwoord-42",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(email="nieuw@example.com")

    assert root.post(url(user, "delete"), {"post": "yes"}).status_code == 302

    assert [audit.title(entry) for entry in ConfigChange.objects.order_by("id")] == [
        "Gebruiker nieuw@example.com toegevoegd",
        "Gebruiker nieuw@example.com verwijderd",
    ]
    assert "password" not in str(ConfigChange.objects.order_by("id").first().changes)
