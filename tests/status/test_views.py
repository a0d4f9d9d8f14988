"""The Status block, the orders list's status filter and badges, and Instellingen > Workflow > Order status."""

import json

import pytest

from orders.models import Order
from payments.services import payment_mark_paid
from status.models import CustomStatus
from status.services import custom_status_activate, order_custom_status_set
from tests.orders.factories import make_order
from tests.status.factories import make_custom_status
from tests.support import HTMX, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def block(client, order):
    return client.get(f"/orders/{order.number}/blocks/status/", headers=HTMX).text


# --- the Status block -----------------------------------------------------------------------------------------


def test_without_custom_statuses_a_beheerder_is_told_where_to_make_them_a_medewerker_just_sees_the_status(
    admin_client, client, staff
):
    order = make_order()

    for_admin = block(admin_client, order)
    client.force_login(staff)
    for_staff = block(client, order)

    assert element(for_admin, data_status="current").text == "Nieuw"
    assert element(for_admin, "a", href="/settings/workflow/order-statuses/")
    assert element(for_staff, data_status="current").text == "Nieuw"
    assert "/settings/workflow/order-statuses/" not in for_staff and "<select" not in for_staff


def test_the_drop_down_offers_the_active_statuses_in_their_order(staff_client):
    order = make_order()
    make_custom_status("Wacht op leverancier", mail=True)
    make_custom_status("Wordt gecontroleerd")
    custom_status_activate(status=make_custom_status("Oud"), active=False, actor=None)

    html = block(staff_client, order)

    options = [option.text for option in elements(html, "option")]
    assert options == ["— systeemstatus —", "Wacht op leverancier · e-mailt de klant", "Wordt gecontroleerd"]


def test_choosing_answers_with_the_block_the_header_badge_and_order_changed(staff_client, staff):
    order = make_order()
    payment_mark_paid(order=order, actor=staff)
    waiting = make_custom_status("Wacht op leverancier", colour="amber")

    response = staff_client.post(f"/orders/{order.number}/status/", {"status": waiting.pk}, headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    assert "order-changed" in json.loads(response["HX-Trigger"])
    assert element(response.text, data_status="current").text == "Wacht op leverancier"
    assert element(response.text, data_status="system").text == "systeemstatus: In behandeling"
    badge = element(response.text, id="order-status-badge")
    assert badge.text == "Wacht op leverancier" and "badge-colour-amber" in badge.attrs["class"]
    assert "De status is nu “Wacht op leverancier”." in response.text
    assert element(response.text, "option", value=str(waiting.pk)).has("selected")


def test_clearing_shows_the_system_status_again(staff_client, staff):
    order = make_order()
    order_custom_status_set(order=order, status=make_custom_status(), actor=staff)

    response = staff_client.post(f"/orders/{order.number}/status/", {"status": ""}, headers=HTMX)

    assert element(response.text, id="order-status-badge").text == "Nieuw"
    assert "De order toont weer de systeemstatus: Nieuw." in response.text
    assert Order.objects.get(pk=order.pk).custom_status_id is None


def test_a_status_that_is_not_offered_is_refused_in_the_block(staff_client):
    order = make_order()
    other = make_custom_status()
    custom_status_activate(status=other, active=False, actor=None)

    response = staff_client.post(f"/orders/{order.number}/status/", {"status": other.pk}, headers=HTMX)

    assert response.status_code == 422 and element(response.text, role="alert")
    assert Order.objects.get(pk=order.pk).custom_status_id is None


def test_without_htmx_choosing_goes_back_to_the_dashboard(staff_client):
    order = make_order()
    waiting = make_custom_status()

    response = staff_client.post(f"/orders/{order.number}/status/", {"status": waiting.pk})

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"


def test_the_dashboard_shows_the_status_block_above_the_klant_block(staff_client):
    order = make_order()

    html = staff_client.get(f"/orders/{order.number}/").text

    assert html.index('id="block-status"') < html.index('id="block-customers"')


def test_the_block_costs_one_query_of_its_own(staff_client, staff, django_assert_num_queries):
    order = make_order()
    for name in ("A", "B", "C"):
        make_custom_status(name)
    order_custom_status_set(order=order, status=CustomStatus.objects.first(), actor=staff)

    with django_assert_num_queries(2 + 1 + 1):  # session, user; the order (with its custom status); the statuses
        staff_client.get(f"/orders/{order.number}/blocks/status/", headers=HTMX)


# --- the orders list and the customer page: the same badge, the same filter -----------------------------------


def test_the_list_shows_the_custom_status_in_its_colour_and_filters_on_it(staff_client, staff):
    waiting = make_custom_status("Wacht op leverancier", en="Awaiting supplier", colour="purple")
    marked, plain = make_order(), make_order()
    order_custom_status_set(order=marked, status=waiting, actor=staff)

    everything = staff_client.get("/orders/").text
    waiting_only = staff_client.get("/orders/", {"status": f"custom-{waiting.pk}"}).text
    new_only = staff_client.get("/orders/", {"status": "new"}).text

    badge = element(everything, "tr", id=f"order-{marked.pk}").element("span", class_="badge-colour-purple")
    assert badge.text == "Wacht op leverancier"
    assert element(everything, "option", value=f"custom-{waiting.pk}").text == "Wacht op leverancier"
    assert f"order-{marked.pk}" in waiting_only and f"order-{plain.pk}" not in waiting_only
    assert f"order-{plain.pk}" in new_only and f"order-{marked.pk}" not in new_only  # its badge does not say Nieuw


def test_in_english_the_list_and_the_header_speak_the_english_name(staff_client, staff):
    waiting = make_custom_status("Wacht op leverancier", en="Awaiting supplier")
    order = make_order()
    order_custom_status_set(order=order, status=waiting, actor=staff)
    staff_client.cookies["backoffice_language"] = "en"

    listing = staff_client.get("/orders/").text
    dashboard = staff_client.get(f"/orders/{order.number}/").text

    assert element(listing, "option", value=f"custom-{waiting.pk}").text == "Awaiting supplier"
    assert element(dashboard, id="order-status-badge").text == "Awaiting supplier"


def test_a_deactivated_status_leaves_the_filter_but_stays_on_its_orders(staff_client, staff):
    waiting = make_custom_status("Wacht op leverancier")
    order = make_order()
    order_custom_status_set(order=order, status=waiting, actor=staff)
    custom_status_activate(status=waiting, active=False, actor=staff)

    html = staff_client.get("/orders/").text

    assert f'value="custom-{waiting.pk}"' not in html
    assert element(html, "tr", id=f"order-{order.pk}").element("span", class_="badge-colour-amber").text == (
        "Wacht op leverancier"
    )


def test_the_customer_page_shows_the_same_badge(staff_client, staff):
    order = make_order()
    order_custom_status_set(order=order, status=make_custom_status("Wacht op leverancier"), actor=staff)

    html = staff_client.get(f"/customers/{order.customer_id}/").text

    assert element(html, "tr", id=f"order-{order.pk}").element("span", class_="badge-colour-amber").text == (
        "Wacht op leverancier"
    )


def test_custom_statuses_on_many_orders_cost_the_list_no_extra_query(staff_client, staff, django_assert_num_queries):
    statuses = [make_custom_status(name) for name in ("A", "B", "C")]
    for index in range(12):
        order_custom_status_set(order=make_order(), status=statuses[index % 3], actor=staff)

    # session, user, permissions (1); the filter's custom statuses, one page of orders joined with theirs, the count
    with django_assert_num_queries(3 + 3 + 1):  # as the list is pinned (+1: the saved views)
        staff_client.get("/orders/")


# --- ALGEMEEN > Instellingen > Workflow > Order status ---------------------------------------------------------


def test_a_beheerder_adds_a_status_with_an_english_name(admin_client):
    data = {"name_nl": "Wacht op leverancier", "name_en": "Awaiting supplier", "name_de": "", "name_fr": "",
            "colour": "teal", "mail_customer": "on"}  # fmt: skip

    response = admin_client.post("/settings/workflow/order-statuses/", data, follow=True)

    added = CustomStatus.objects.get()
    assert added.names == {"nl": "Wacht op leverancier", "en": "Awaiting supplier"} and added.mail_customer
    assert "Status “Wacht op leverancier” is toegevoegd." in response.text
    assert element(response.text, "tr", id=f"custom-status-{added.pk}").element("span", class_="badge-colour-teal")


def test_a_refused_status_comes_back_with_the_reason(admin_client):
    make_custom_status("Wacht op leverancier")

    response = admin_client.post(
        "/settings/workflow/order-statuses/", {"name_nl": "wacht op leverancier", "colour": "teal"}
    )

    assert response.status_code == 422 and "Er is al een status “wacht op leverancier”." in response.text
    assert CustomStatus.objects.count() == 1


def test_the_list_offers_move_deactivate_and_delete_only_where_they_can_work(admin_client, staff):
    used, unused = make_custom_status("Wacht op leverancier"), make_custom_status("Wordt gecontroleerd")
    order_custom_status_set(order=make_order(), status=used, actor=staff)

    html = admin_client.get("/settings/workflow/order-statuses/").text

    first, last = (
        element(html, "tr", id=f"custom-status-{used.pk}"),
        element(html, "tr", id=f"custom-status-{unused.pk}"),
    )
    assert [button.attrs["data-action"] for button in first.elements("button")] == ["down", "deactivate"]
    assert [button.attrs["data-action"] for button in last.elements("button")] == ["up", "deactivate", "delete"]


def test_settings_actions_answer_with_the_list_and_a_message(admin_client):
    waiting = make_custom_status("Wacht op leverancier")

    deactivated = admin_client.post(f"/settings/workflow/order-statuses/{waiting.pk}/active/", follow=True)
    moved = admin_client.post(f"/settings/workflow/order-statuses/{waiting.pk}/up/", follow=True)

    assert "“Wacht op leverancier” is gedeactiveerd; orders met deze status houden hem." in deactivated.text
    assert "Deze status staat al bovenaan." in moved.text
    assert not CustomStatus.objects.get(pk=waiting.pk).is_active


def test_a_mailing_status_gets_its_own_email_in_emails_and_texts(admin_client):
    waiting = make_custom_status("Wacht op leverancier", mail=True)
    quiet = make_custom_status("Intern")

    listing = admin_client.get("/emails/").text
    editor = admin_client.get(f"/emails/custom_status-{waiting.pk}/de/")

    assert (
        element(listing, "tr", id=f"email-custom_status-{waiting.pk}").elements("td")[0].text
        == "Status: Wacht op leverancier"
    )
    assert f"email-custom_status-{quiet.pk}" not in listing
    assert editor.status_code == 200 and "{{ status }}" in editor.text
    assert admin_client.get(f"/emails/custom_status-{quiet.pk}/nl/").status_code == 404
