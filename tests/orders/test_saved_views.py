"""Saved views of VERKOOP > Orders (orders/saved_views.py): who may save, share, rename and delete, the normalised
query, the tabs and their counts, and the popups."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from backoffice.exceptions import ActionRefused
from backoffice.roles import Role
from orders import saved_views
from orders.forms import OrderFilterForm
from orders.models import Order, PaymentStatus, SavedView
from orders.selectors import order_filter
from status.models import CustomStatus
from tests.backoffice.factories import StaffFactory
from tests.orders.factories import make_order
from tests.support import HTMX, element, elements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_counts():
    cache.clear()
    yield
    cache.clear()


def colleague():
    return StaffFactory(email="collega@example.com")


def placed_days_ago(order: Order, days: float) -> Order:
    Order.objects.filter(pk=order.pk).update(placed_at=timezone.now() - timedelta(days=days))
    return Order.objects.get(pk=order.pk)


# ----------------------------------------------------------------------------------------- the shop's own views


def test_the_shop_starts_with_four_shared_views_named_in_the_readers_language(staff):
    views = list(saved_views.saved_views_for(staff))
    assert [view.key for view in views] == ["to_ship", "unpaid_14_days", "on_hold", "address_check"]
    assert all(view.is_shared and view.owner is None for view in views)
    assert [saved_views.saved_view_label(view) for view in views] == [
        "Te verzenden", "Niet betaald > 14 dagen", "In de wacht", "Adres controleren",
    ]  # fmt: skip
    # every built-in query is valid for today's form: it loses nothing when normalised again
    assert all(saved_views.query_of(view.query) == view.query for view in views)


def test_te_verzenden_is_paid_not_shipped_not_on_hold(staff):
    to_ship = SavedView.objects.get(key="to_ship")
    paid = make_order(payment_method="ideal")  # arrives paid: In behandeling
    unpaid = make_order()
    held = make_order(payment_method="ideal")
    Order.objects.filter(pk=held.pk).update(status="on_hold", is_on_hold=True)

    filters = OrderFilterForm(QueryDict(to_ship.query)).valid_filters()
    found = set(order_filter(Order.objects.for_staff(staff), filters))

    assert paid.payment_status == PaymentStatus.PAID
    assert found == {paid}
    assert unpaid not in found and held not in found


def test_placed_before_days_means_placed_more_than_that_many_days_ago(staff):
    old = placed_days_ago(make_order(), 15)
    almost = placed_days_ago(make_order(), 13.9)
    form = OrderFilterForm({"payment_status": "unpaid", "placed_before_days": "14"})

    found = set(order_filter(Order.objects.for_staff(staff), form.valid_filters()))

    assert found == {old} and almost not in found


@pytest.mark.parametrize("value", ["0", "-3", "36501", "veertien", "1.5"])
def test_placed_before_days_refuses_what_is_not_a_number_of_days(value):
    form = OrderFilterForm({"placed_before_days": value})
    assert "placed_before_days" not in form.valid_filters()
    assert form.errors["placed_before_days"]


# ----------------------------------------------------------------------------------------- the normalised query


def test_a_view_stores_only_the_valid_non_empty_filters_and_never_the_cursor(staff):
    query = "q=%20jansen%20&status=&payment_status=unpaid&placed_from=2026-02-30&cursor=abc&foo=bar&address_check=1"

    view = saved_views.saved_view_create(actor=staff, name="Mijn lijst", query=query)

    assert view.query == "q=jansen&payment_status=unpaid&address_check=on"
    assert not view.is_shared and view.owner == staff


def test_a_sort_is_kept_unless_it_is_the_lists_own_order(staff):
    assert "sort=total" in saved_views.query_of("payment_status=paid&sort=total")
    assert "sort" not in saved_views.query_of("payment_status=paid&sort=-placed_at")


# ----------------------------------------------------------------------------------------- who may do what


def test_a_medewerker_saves_a_personal_view_that_colleagues_do_not_see(staff):
    view = saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="payment_status=unpaid")

    assert view in saved_views.saved_views_for(staff)
    assert view not in saved_views.saved_views_for(colleague())
    assert view not in saved_views.saved_views_for(StaffFactory(email="baas@example.com", role=Role.ADMIN))


def test_a_medewerker_may_not_share_a_view(staff):
    with pytest.raises(ActionRefused, match="Alleen een beheerder"):
        saved_views.saved_view_create(actor=staff, name="Voor iedereen", query="status=new", shared=True)
    assert not SavedView.objects.filter(name="Voor iedereen").exists()


def test_a_beheerder_shares_a_view_with_everyone(admin_user, staff):
    view = saved_views.saved_view_create(actor=admin_user, name="Grote orders", query="status=new", shared=True)

    assert view.is_shared and view in saved_views.saved_views_for(staff)
    assert list(saved_views.saved_views_for(staff)).index(view) == 4  # after the shop's four shared views


@pytest.mark.parametrize("action", ["rename", "delete"])
def test_a_medewerker_may_not_touch_a_shared_view(staff, action):
    view = SavedView.objects.get(key="on_hold")
    with pytest.raises(ActionRefused, match="Alleen een beheerder"):
        if action == "rename":
            saved_views.saved_view_rename(actor=staff, view=view, name="Wacht")
        else:
            saved_views.saved_view_delete(actor=staff, view=view)
    view.refresh_from_db()
    assert view.name == "In de wacht" and view.key == "on_hold"


@pytest.mark.parametrize("actor_role", [Role.STAFF, Role.ADMIN])
def test_nobody_touches_a_colleagues_personal_view(staff, actor_role):
    view = saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="status=new")
    other = StaffFactory(email="ander@example.com", role=actor_role)

    with pytest.raises(ActionRefused, match="collega"):
        saved_views.saved_view_rename(actor=other, view=view, name="Van mij")
    with pytest.raises(ActionRefused, match="collega"):
        saved_views.saved_view_delete(actor=other, view=view)
    view.refresh_from_db()
    assert view.name == "Mijn lijst"


def test_a_beheerder_renames_a_built_in_view_which_then_keeps_its_typed_name(admin_user):
    view = saved_views.saved_view_rename(actor=admin_user, view=SavedView.objects.get(key="on_hold"), name="Wacht")

    assert (view.name, view.key) == ("Wacht", "")
    assert saved_views.saved_view_label(view) == "Wacht"


def test_the_owner_renames_and_deletes_a_personal_view(staff):
    view = saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="status=new")

    saved_views.saved_view_rename(actor=staff, view=view, name="  Nieuwe   orders ")
    view.refresh_from_db()
    assert view.name == "Nieuwe orders"

    saved_views.saved_view_delete(actor=staff, view=view)
    assert not SavedView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_is_required_and_not_too_long(staff, name):
    with pytest.raises(ActionRefused):
        saved_views.saved_view_create(actor=staff, name=name, query="status=new")
    assert not SavedView.objects.filter(owner=staff).exists()


def test_a_name_is_unique_per_owner_whatever_the_capitals(staff):
    saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="status=new")

    with pytest.raises(ActionRefused, match="Er is al een weergave"):
        saved_views.saved_view_create(actor=staff, name="MIJN LIJST", query="status=shipped")
    # a colleague may use the same name for her own
    saved_views.saved_view_create(actor=colleague(), name="Mijn lijst", query="status=shipped")
    assert SavedView.objects.filter(name__iexact="mijn lijst").count() == 2


def test_a_shared_name_is_unique_among_the_shared_views(admin_user):
    with pytest.raises(ActionRefused, match="Er is al een weergave"):
        saved_views.saved_view_create(actor=admin_user, name="in de wacht", query="status=new", shared=True)
    other = saved_views.saved_view_create(actor=admin_user, name="Oud", query="status=new", shared=True)
    with pytest.raises(ActionRefused, match="Er is al een weergave"):
        saved_views.saved_view_rename(actor=admin_user, view=other, name="Te verzenden")


def test_two_saves_of_the_same_name_at_once_make_one_view(staff):
    """The database's unique constraint catches what the check before it could not see (a colleague's click at the
    same moment): the second save is refused, not a 500."""
    first = SavedView.objects.create(name="Mijn lijst", owner=staff, query="status=new")
    view = SavedView(name="mijn lijst", owner=staff, query="status=shipped")
    with transaction.atomic(), pytest.raises(ActionRefused):
        saved_views._save_unique(view, view.name)
    assert list(SavedView.objects.filter(owner=staff)) == [first]


# ----------------------------------------------------------------------------------------- tabs and counts


def test_the_tabs_are_all_orders_then_shared_then_mine_and_the_active_one_is_marked(staff_client, staff):
    saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="status=new")

    html = staff_client.get("/orders/", {"status": "on_hold"}).text

    links = [link for link in elements(html, "a") if "view-tab" in link.classes]
    assert [link.attrs["id"] for link in links][:1] == ["saved-view-all"]
    assert [link.text.split(" (")[0] for link in links] == [
        "Alle orders", "Te verzenden", "Niet betaald > 14 dagen", "In de wacht", "Adres controleren", "Mijn lijst",
    ]  # fmt: skip
    active = [link for link in links if link.attrs.get("aria-current") == "page"]
    assert [link.text for link in active] == ["In de wacht"]
    assert element(html, "a", id="saved-view-all").attrs["href"] == "/orders/"


def test_all_orders_is_active_without_filters_and_a_new_filter_can_be_saved(staff_client):
    html = staff_client.get("/orders/").text
    assert element(html, "a", id="saved-view-all").attrs.get("aria-current") == "page"
    assert not elements(html, "button", data_action="save-view")

    html = staff_client.get("/orders/", {"payment_status": "paid", "cursor": "x"}).text
    assert not [link for link in elements(html, "a") if "view-tab" in link.classes and link.attrs.get("aria-current")]
    opener = element(html, "button", data_action="save-view")
    assert opener.text == "Weergave opslaan"
    assert element(html, "input", name="query").attrs["value"] == "payment_status=paid"


def test_a_search_over_htmx_brings_the_tabs_out_of_band(staff_client):
    response = staff_client.get("/orders/", {"status": "on_hold"}, headers=HTMX)

    bar = element(response.text, "div", id="saved-views")
    assert bar.attrs["hx-swap-oob"] == "true"
    assert [link.text for link in bar.elements("a") if link.attrs.get("aria-current")] == ["In de wacht"]


def test_rename_and_delete_show_on_the_active_tab_for_who_may_use_them(staff_client, admin_user):
    html = staff_client.get("/orders/", {"status": "on_hold"}).text
    assert not elements(html, "button", data_action="rename-view")  # a shared view: the Beheerder's

    admin_client = Client()
    admin_client.force_login(admin_user)
    html = admin_client.get("/orders/", {"status": "on_hold"}).text
    assert element(html, "button", data_action="rename-view") and element(html, "button", data_action="delete-view")


def test_a_stored_parameter_that_is_no_longer_valid_is_left_out_with_a_message(staff_client, staff):
    custom = CustomStatus.objects.create(names={"nl": "Wacht op leverancier"}, position=1)
    view = saved_views.saved_view_create(actor=staff, name="Leverancier", query=f"status=custom-{custom.pk}")
    held = make_order()
    Order.objects.filter(pk=held.pk).update(custom_status=custom)
    other = make_order()
    CustomStatus.objects.filter(pk=custom.pk).update(is_active=False)

    response = staff_client.get(f"/orders/?{view.query}")

    assert response.status_code == 200
    html = response.text
    assert other.number in html and held.number in html  # opened without the status filter
    assert "geldige keuze" in html  # the list's message about the value it left out
    tab = element(html, "a", id=f"saved-view-{view.pk}")
    assert tab.attrs.get("aria-current") == "page"  # still the tab you clicked


def test_the_counts_come_in_one_request_bounded_and_cached(staff_client, staff, settings, django_assert_num_queries):
    settings.ORDERS_COUNT_LIMIT = 2
    for _ in range(3):
        make_order()
    Order.objects.filter(pk=make_order().pk).update(status="on_hold", is_on_hold=True)
    mine = saved_views.saved_view_create(actor=staff, name="Nieuw", query="status=new")

    # session, user, the views; then per tab not yet cached (the five views and "Alle orders") the filter form's
    # custom statuses and a bounded count
    with django_assert_num_queries(2 + 1 + 6 * 2):
        response = staff_client.get("/orders/views/counts/", headers=HTMX)
    counts = {span.attrs["id"]: span.text for span in elements(response.text, "span", class_="view-tab-count")}
    assert counts["saved-view-all-count"] == "2+"  # five orders, more than the limit
    assert counts[f"saved-view-{mine.pk}-count"] == "2+"  # four new ones
    assert counts[f"saved-view-{SavedView.objects.get(key='on_hold').pk}-count"] == "1"
    assert counts[f"saved-view-{SavedView.objects.get(key='address_check').pk}-count"] == "0"
    assert all(span.attrs["hx-swap-oob"] == "true" for span in elements(response.text, "span"))

    # Within the minute: from the cache, only session, user and the views
    make_order()
    with django_assert_num_queries(2 + 1):
        again = staff_client.get("/orders/views/counts/", headers=HTMX)
    assert again.text == response.text


# ----------------------------------------------------------------------------------------- the popups


def test_save_from_the_list_makes_a_tab_and_goes_to_it(staff_client, staff):
    dialog = staff_client.get("/orders/views/new/", {"query": "payment_status=unpaid"}, headers=HTMX)
    assert dialog.status_code == 200 and "<html" not in dialog.text
    assert element(dialog.text, "dialog").attrs["aria-labelledby"]
    assert element(dialog.text, "input", name="query").attrs["value"] == "payment_status=unpaid"
    assert not elements(dialog.text, "input", name="shared")  # a Medewerker cannot share

    response = staff_client.post(
        "/orders/views/new/", {"name": "Open", "query": "payment_status=unpaid", "shared": "on"}, headers=HTMX
    )

    view = SavedView.objects.get(owner=staff, name="Open")
    assert not view.is_shared  # the box was not hers to tick
    assert response.status_code == 200 and response["HX-Redirect"] == "/orders/?payment_status=unpaid"
    page = staff_client.get(response["HX-Redirect"]).text
    assert element(page, "a", id=f"saved-view-{view.pk}").attrs.get("aria-current") == "page"
    assert "De weergave “Open” is opgeslagen." in page


def test_a_beheerder_may_tick_delen_met_iedereen(admin_client):
    dialog = admin_client.get("/orders/views/new/", {"query": "status=new"}, headers=HTMX)
    assert element(dialog.text, "input", name="shared")

    admin_client.post("/orders/views/new/", {"name": "Nieuw", "query": "status=new", "shared": "on"}, headers=HTMX)

    assert SavedView.objects.get(name="Nieuw").is_shared


def test_save_without_a_name_answers_the_form_with_422_and_saves_nothing(staff_client, staff):
    response = staff_client.post("/orders/views/new/", {"name": " ", "query": "status=new"}, headers=HTMX)

    assert response.status_code == 422
    assert element(response.text, "dialog")
    assert not SavedView.objects.filter(owner=staff).exists()


def test_save_without_javascript_is_a_page_and_a_redirect(staff_client, staff):
    page = staff_client.get("/orders/views/new/", {"query": "status=new"})
    assert "<html" in page.text and element(page.text, "dialog", id="saved-view-dialog").has("open")

    response = staff_client.post("/orders/views/new/", {"name": "Nieuw", "query": "status=new"})
    assert response.status_code == 302 and response.url == "/orders/?status=new"


def test_a_medewerker_sees_why_she_may_not_rename_a_shared_view_and_nothing_changes(staff_client):
    view = SavedView.objects.get(key="on_hold")

    dialog = staff_client.get(f"/orders/views/{view.pk}/rename/", headers=HTMX)
    assert "Alleen een beheerder" in element(dialog.text, "div", role="alert").text
    assert not elements(dialog.text, "button", type="submit")

    response = staff_client.post(f"/orders/views/{view.pk}/rename/", {"name": "Wacht"}, headers=HTMX)
    assert response.status_code == 422
    response = staff_client.post(f"/orders/views/{view.pk}/delete/", headers=HTMX)
    assert response.status_code == 422
    view.refresh_from_db()
    assert view.name == "In de wacht"


def test_a_colleagues_personal_view_is_not_found(admin_client, staff):
    view = saved_views.saved_view_create(actor=staff, name="Mijn lijst", query="status=new")
    for url in (f"/orders/views/{view.pk}/rename/", f"/orders/views/{view.pk}/delete/"):
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"name": "Van mij"}).status_code == 404
    assert SavedView.objects.filter(pk=view.pk, name="Mijn lijst").exists()


def test_the_beheerder_renames_and_deletes_a_shared_view(admin_client):
    view = SavedView.objects.get(key="on_hold")

    response = admin_client.post(f"/orders/views/{view.pk}/rename/", {"name": "Wacht"}, headers=HTMX)
    assert response["HX-Redirect"] == "/orders/?status=on_hold"
    view.refresh_from_db()
    assert view.name == "Wacht"

    response = admin_client.post(f"/orders/views/{view.pk}/delete/", headers=HTMX)
    assert response["HX-Redirect"] == "/orders/"
    assert not SavedView.objects.filter(pk=view.pk).exists()
