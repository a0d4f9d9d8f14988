"""The Klant block, Bekijk klant, Klant inlichten and the Klant tab, as staff use them."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from customers.events import CustomerEventType
from customers.models import Customer
from history.models import OrderEvent
from notifications.models import OutboxMessage
from orders.models import Order, OrderStatus
from tests.customers.factories import CustomerFactory
from tests.orders.factories import make_order
from tests.support import HTMX, element, elements, event_types

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def customer_with_orders(count: int) -> Customer:
    customer = CustomerFactory(first_name="Jan", last_name="Jansen", company="Bakkerij Jansen")
    for _ in range(count):
        make_order(customer=customer)
    return customer


def form_data(html: str, form_id: str) -> dict:
    """What the browser would post from the section `form_id`: every input's value, the selected options."""
    section = html[html.index(f'id="{form_id}"') :]
    section = section[: section.index("</form>")]
    data = {name: value for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', section)}
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', section, re.S):
        data[name] = re.search(r'<option value="([^"]*)"[^>]*selected', options).group(1)
    data.pop("csrfmiddlewaretoken", None)
    return data


# The Klant block


def test_the_dashboard_shows_the_klant_block_and_inform_first_in_the_bottom_bar(staff_client):
    order = make_order(customer=CustomerFactory(first_name="Jan", last_name="Jansen", email="jan@example.nl"))

    html = staff_client.get(f"/orders/{order.number}/").text

    assert 'id="block-customers"' in html and "Jan Jansen" in html
    actions = re.findall(r'data-action="([a-z]+)"', html[html.index('id="order-actions"') :])
    assert actions[0] == "inform"


def test_block_url_renders_the_block_alone(staff_client):
    customer = CustomerFactory(
        first_name="Jan", last_name="Jansen", company="Bakkerij Jansen", email="jan@example.nl", phone="0612345678"
    )
    order = make_order(customer=customer)

    response = staff_client.get(f"/orders/{order.number}/blocks/customer/", headers=HTMX)

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="block-customers"')
    assert 'hx-trigger="order-changed from:body"' in html
    assert "Jan Jansen" in html and "Bakkerij Jansen" in html and "0612345678" in html and "Nederlands" in html
    assert '<a href="mailto:jan@example.nl">jan@example.nl</a>' in html
    assert f'href="/customers/{customer.pk}/"' in html and "Bekijk klant" in html
    assert f'hx-get="/orders/{order.number}/customer/inform/"' in html and "Klant inlichten" in html


@pytest.mark.parametrize("orders", [2, 30])
def test_block_query_count_does_not_grow_with_the_customers_orders(staff_client, django_assert_num_queries, orders):
    order = Order.objects.filter(customer=customer_with_orders(orders)).first()

    # session, user, the order with its customer
    with django_assert_num_queries(3):
        staff_client.get(f"/orders/{order.number}/blocks/customer/", headers=HTMX)


# Bekijk klant


def test_customer_page_shows_the_customer_and_all_their_orders_newest_first(staff_client):
    customer = customer_with_orders(3)
    Customer.objects.filter(pk=customer.pk).update(vat_number="NL123456789B01", phone="020 1234567")
    newest_first = list(Order.objects.filter(customer=customer).order_by("-placed_at", "-id"))
    make_order()  # someone else's

    response = staff_client.get(f"/customers/{customer.pk}/")

    html = response.text
    assert response.status_code == 200
    for text in ("Jan Jansen", "Bakkerij Jansen", customer.email, "020 1234567", "NL123456789B01", "Nederlands"):
        assert text in html
    assert "3 orders" in html
    links = elements(html, "a", class_="order-number")
    assert [link.text for link in links] == [order.number for order in newest_first]
    assert [link.attrs["href"] for link in links] == [f"/orders/{order.number}/" for order in newest_first]
    assert "Niet betaald" in html and "Niet verzonden" in html and "Nieuw" in html


def test_customer_page_pages_through_thousands_of_orders_by_keyset(staff_client):
    customer = customer_with_orders(5)

    with override_settings(ORDERS_PER_PAGE=2):
        first = staff_client.get(f"/customers/{customer.pk}/")
        cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', first.text).group(1)
        second = staff_client.get(f"/customers/{customer.pk}/", {"cursor": cursor}, headers=HTMX)

    first_numbers = [link.text for link in elements(first.text, class_="order-number")]
    second_numbers = [link.text for link in elements(second.text, class_="order-number")]
    assert len(first_numbers) == len(second_numbers) == 2 and not set(first_numbers) & set(second_numbers)
    assert "<html" not in second.text and second.text.lstrip().startswith('<section id="customer-orders"')
    assert 'rel="prev"' in second.text and 'rel="next"' in second.text


@pytest.mark.parametrize("orders", [2, 30])
def test_customer_page_query_count_does_not_grow_with_the_orders(staff_client, django_assert_num_queries, orders):
    customer = customer_with_orders(orders)

    # session, user, customer with account, one page of orders, their count; the menu: the user's permissions (1)
    with django_assert_num_queries(6):
        response = staff_client.get(f"/customers/{customer.pk}/")
    assert len(elements(response.text, class_="order-number")) == min(orders, 25)


def test_customer_page_is_for_staff_only(client, customer_user):
    customer = customer_with_orders(1)

    assert client.get(f"/customers/{customer.pk}/").status_code == 302
    client.force_login(customer_user)
    assert client.get(f"/customers/{customer.pk}/").status_code == 403


def test_unknown_customer_is_a_404(staff_client):
    assert staff_client.get("/customers/999999/").status_code == 404


def test_a_broken_cursor_shows_the_first_page(staff_client):
    customer = customer_with_orders(1)

    response = staff_client.get(f"/customers/{customer.pk}/", {"cursor": "nonsense"})

    assert response.status_code == 200 and "u ziet de eerste pagina" in response.text


# Klant inlichten


def test_inform_dialog_is_a_partial_over_htmx_and_a_page_without(staff_client):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))

    partial = staff_client.get(f"/orders/{order.number}/customer/inform/", headers=HTMX)
    page = staff_client.get(f"/orders/{order.number}/customer/inform/")

    assert "<html" not in partial.text and "<dialog" in partial.text and " open>" not in partial.text
    assert "jan@example.nl" in partial.text and 'name="preview"' in partial.text and 'name="send"' in partial.text
    assert "<html" in page.text and 'aria-labelledby="dialog-title" open>' in page.text


def test_voorbeeld_shows_the_whole_email_and_sends_nothing(staff_client):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))

    response = staff_client.post(
        f"/orders/{order.number}/customer/inform/",
        {"message": "Uw pakket komt morgen.", "preview": "1"},
        headers=HTMX,
    )

    html = response.text
    assert response.status_code == 200 and "<html" not in html
    assert f"Bericht over uw bestelling {order.number}" in html  # the subject of the default text
    body = element(html, "pre", class_="email-body").text_raw
    assert f"Beste {order.billing_name}," in body and "Uw pakket komt morgen." in body
    assert ">\nUw pakket komt morgen.</textarea>" in html  # the message stays in the form, to send or edit
    assert OutboxMessage.objects.count() == 0 and event_types(order) == ["ORDER_CREATED"]


def test_voorbeeld_of_an_empty_message_is_422(staff_client):
    order = make_order()

    response = staff_client.post(
        f"/orders/{order.number}/customer/inform/", {"message": "  ", "preview": "1"}, headers=HTMX
    )

    assert response.status_code == 422 and "Schrijf eerst een bericht aan de klant." in response.text


def test_versturen_queues_one_email_sends_it_and_the_history_links_it(staff_client, django_capture_on_commit_callbacks):
    order = make_order(customer=CustomerFactory(email="jan@example.nl"))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/orders/{order.number}/customer/inform/",
            {"message": "Uw pakket komt morgen.", "send": "1"},
            headers=HTMX,
        )

    assert response.status_code == 200 and "<html" not in response.text and "<dialog" not in response.text
    assert "order-changed" in response.headers["HX-Trigger"]
    assert "Het bericht is verstuurd naar jan@example.nl." in response.text
    email = OutboxMessage.objects.get()
    assert "Uw pakket komt morgen." in email.body
    assert len(mail.outbox) == 1 and mail.outbox[0].body == email.body and mail.outbox[0].to == ["jan@example.nl"]
    history = staff_client.get(f"/orders/{order.number}/history/", headers=HTMX).text
    assert "Klant ingelicht" in history and "Bericht aan jan@example.nl: Uw pakket komt morgen." in history
    assert f'href="/outbox/{email.pk}/"' in history and "Bekijk e-mail" in history and "Mila de Vries" in history


def test_inform_refused_comes_back_in_the_dialog_with_422(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(email="")

    response = staff_client.post(f"/orders/{order.number}/customer/inform/", {"message": "Hallo"}, headers=HTMX)

    assert response.status_code == 422
    assert "<dialog" in response.text and "Deze klant heeft geen e-mailadres." in response.text
    assert OutboxMessage.objects.count() == 0 and event_types(order) == ["ORDER_CREATED"]


def test_inform_a_cancelled_order_is_allowed(staff_client):
    order = make_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    response = staff_client.post(f"/orders/{order.number}/customer/inform/", {"message": "Sorry!"}, headers=HTMX)

    assert response.status_code == 200 and OutboxMessage.objects.count() == 1


def test_inform_without_javascript_posts_and_redirects_back(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/customer/inform/", {"message": "Hallo", "send": "1"})

    assert response.status_code == 302 and response.url == f"/orders/{order.number}/"
    assert OutboxMessage.objects.count() == 1


def test_too_long_a_message_is_422_and_sends_nothing(staff_client):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/customer/inform/", {"message": "x" * 5001}, headers=HTMX)

    assert response.status_code == 422 and OutboxMessage.objects.count() == 0


# The Klant tab


def test_the_tab_is_a_real_page_and_an_htmx_partial_with_the_checkout_data(staff_client):
    customer = CustomerFactory(first_name="Jan", last_name="Jansen", vat_number="NL123456789B01", phone="0612345678")
    order = make_order(customer=customer)
    url = f"/orders/{order.number}/customer/"

    page = staff_client.get(url)
    partial = staff_client.get(url, headers=HTMX)

    assert page.status_code == partial.status_code == 200
    assert "<html" in page.text and 'data-tab="customer" aria-selected="true"' in page.text
    assert "<html" not in partial.text and 'data-tab-content="customer"' in partial.text
    html = partial.text
    assert 'name="customer-vat_number" value="NL123456789B01"' in html
    assert 'name="customer-first_name" value="Jan"' in html
    assert 'name="billing-postcode" value="1012LG"' in html and 'name="shipping-city" value="Amsterdam"' in html
    assert '<option value="NL" selected>' in html


def test_the_klant_tab_comes_before_producten(staff_client):
    order = make_order()

    html = staff_client.get(f"/orders/{order.number}/").text

    tabs = re.findall(r'data-tab="([a-z]+)"', html)
    assert tabs[:3] == ["dashboard", "customer", "products"]


@pytest.mark.parametrize("orders", [2, 30])
def test_tab_query_count_does_not_grow_with_the_customers_orders(staff_client, django_assert_num_queries, orders):
    order = Order.objects.filter(customer=customer_with_orders(orders)).first()

    # session, user, the order with its customer
    with django_assert_num_queries(3):
        staff_client.get(f"/orders/{order.number}/customer/", headers=HTMX)


def test_saving_the_customer_over_htmx_returns_the_section_and_tells_the_blocks(staff_client):
    order = make_order(customer=CustomerFactory(email="oud@example.nl"))
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "customer-details")
    data |= {"customer-email": "nieuw@example.nl", "customer-vat_number": "be 0123.456.789"}

    response = staff_client.post(f"/orders/{order.number}/customer/details/", data, headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="customer-details"')
    assert "order-changed" in response.headers["HX-Trigger"]
    assert 'id="messages"' in response.text and "De klantgegevens zijn opgeslagen." in response.text
    assert 'name="customer-email" value="nieuw@example.nl"' in response.text
    customer = Customer.objects.get(pk=order.customer_id)
    assert (customer.email, customer.vat_number) == ("nieuw@example.nl", "BE0123456789")
    assert Order.objects.get(pk=order.pk).email == "nieuw@example.nl"
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == CustomerEventType.CUSTOMER_UPDATED
    assert [change["field"] for change in event.data["changes"]] == ["email", "vat_number"]


def test_a_colleagues_change_to_another_field_is_not_overwritten(staff_client):
    order = make_order(customer=CustomerFactory(email="oud@example.nl", phone="0612345678"))
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "customer-details")
    Customer.objects.filter(pk=order.customer_id).update(email="collega@example.nl")  # meanwhile

    staff_client.post(f"/orders/{order.number}/customer/details/", data | {"customer-phone": "020 1234567"})

    customer = Customer.objects.get(pk=order.customer_id)
    assert (customer.email, customer.phone) == ("collega@example.nl", "020 1234567")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("customer-email", "geen-e-mail", "e-mailadres"),
        ("customer-phone", "06-1234", "8 tot 15 cijfers"),
        ("customer-phone", "0612345678 ext. 5", "8 tot 15 cijfers"),
        ("customer-vat_number", "NL123456789", "NL, 9 cijfers, B en 2 cijfers"),
        ("customer-vat_number", "BE2123456789", "BE, een 0 of 1 en 9 cijfers"),
        ("customer-first_name", "", "verplicht"),
        ("customer-language", "xx", "geen beschikbare keuze"),
        ("customer-last_name", "Jansen\r\nBcc: x@example.com", "één regel"),  # names end up in e-mail subjects
        ("customer-company", "Jansen\nBV", "één regel"),
    ],
)
def test_invalid_customer_data_comes_back_with_errors_and_422(staff_client, field, value, error):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "customer-details")
    before = Customer.objects.values().get(pk=order.customer_id)

    response = staff_client.post(f"/orders/{order.number}/customer/details/", data | {field: value}, headers=HTMX)

    assert response.status_code == 422 and "<html" not in response.text
    assert error in response.text
    assert Customer.objects.values().get(pk=order.customer_id) == before
    assert event_types(order) == ["ORDER_CREATED"]


def test_saving_without_a_change_is_refused_with_422(staff_client):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "customer-details")

    response = staff_client.post(f"/orders/{order.number}/customer/details/", data, headers=HTMX)

    assert response.status_code == 422 and "Er is niets gewijzigd." in response.text
    assert event_types(order) == ["ORDER_CREATED"]


def test_without_javascript_a_save_redirects_to_the_tab_and_an_error_shows_the_whole_tab(staff_client):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "customer-details")

    saved = staff_client.post(f"/orders/{order.number}/customer/details/", data | {"customer-company": "Jansen BV"})
    invalid = staff_client.post(f"/orders/{order.number}/customer/details/", data | {"customer-email": "x"})

    assert saved.status_code == 302 and saved.url == f"/orders/{order.number}/customer/"
    assert invalid.status_code == 422 and "<html" in invalid.text and 'data-tab-content="customer"' in invalid.text
    assert Customer.objects.get(pk=order.customer_id).company == "Jansen BV"


@pytest.mark.parametrize(
    ("country", "postcode", "stored"),
    [("NL", "3511 ab", "3511AB"), ("BE", "1000", "1000"), ("DE", "10115", "10115"), ("FR", "75001", "75001")],
)
def test_saving_an_address_stores_the_postcode_of_its_country(staff_client, country, postcode, stored):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "address-shipping")

    response = staff_client.post(
        f"/orders/{order.number}/customer/address/shipping/",
        data | {"shipping-country": country, "shipping-postcode": postcode},
        headers=HTMX,
    )

    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="address-shipping"')
    assert "order-changed" in response.headers["HX-Trigger"] and "Het verzendadres is opgeslagen." in response.text
    order.refresh_from_db()
    assert (order.shipping_country, order.shipping_postcode) == (country, stored)
    assert (order.billing_country, order.billing_postcode) == ("NL", "1012LG")
    assert OrderEvent.objects.filter(order=order).latest("id").type == CustomerEventType.ADDRESS_UPDATED


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"billing-postcode": "123 AB"}, "4 cijfers en 2 letters"),
        ({"billing-country": "BE"}, "Een Belgische postcode is 4 cijfers."),  # 1012LG is no Belgian postcode
        ({"billing-country": "DE", "billing-postcode": "1234"}, "Een Duitse postcode is 5 cijfers."),
        ({"billing-country": "FR", "billing-postcode": "1" * 13}, "niet meer dan 12 tekens"),
        ({"billing-country": "GB"}, "geen beschikbare keuze"),
        ({"billing-phone": "abc12345678"}, "8 tot 15 cijfers"),
        ({"billing-city": ""}, "verplicht"),
        ({"billing-name": "Sanne\r\nJansen"}, "één regel"),
        ({"billing-street": "Dorps\u2028straat"}, "één regel"),
    ],
)
def test_invalid_address_comes_back_with_errors_and_422(staff_client, changes, error):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "address-billing")
    before = Order.objects.values().get(pk=order.pk)

    response = staff_client.post(f"/orders/{order.number}/customer/address/billing/", data | changes, headers=HTMX)

    assert response.status_code == 422 and error in response.text
    assert response.text.lstrip().startswith('<section id="address-billing"')
    assert Order.objects.values().get(pk=order.pk) == before


def test_an_unknown_address_kind_is_a_404(staff_client):
    order = make_order()

    assert staff_client.post(f"/orders/{order.number}/customer/address/delivery/", {}).status_code == 404


# Escaping: what customers and staff type is shown as text, everywhere


def test_customer_input_and_staff_messages_are_shown_as_text(staff_client, staff):
    from customers.services import customer_inform

    customer = CustomerFactory(first_name=SCRIPT, company=f"<b>{SCRIPT}</b>")
    order = make_order(customer=customer)
    customer_inform(order=order, actor=staff, message=SCRIPT)

    pages = {
        "block": staff_client.get(f"/orders/{order.number}/blocks/customer/", headers=HTMX).text,
        "tab": staff_client.get(f"/orders/{order.number}/customer/", headers=HTMX).text,
        "customer page": staff_client.get(f"/customers/{customer.pk}/").text,
        "history": staff_client.get(f"/orders/{order.number}/history/", headers=HTMX).text,
        "preview": staff_client.post(
            f"/orders/{order.number}/customer/inform/", {"message": SCRIPT, "preview": "1"}, headers=HTMX
        ).text,
        "sent e-mail": staff_client.get(f"/outbox/{OutboxMessage.objects.get().pk}/", headers=HTMX).text,
    }

    for name, html in pages.items():
        assert SCRIPT not in html, name
        assert ESCAPED in html, name


def test_a_new_billing_name_shows_in_the_order_header_at_once(staff_client):
    order = make_order()
    data = form_data(staff_client.get(f"/orders/{order.number}/customer/").text, "address-billing")

    response = staff_client.post(
        f"/orders/{order.number}/customer/address/billing/", data | {"billing-name": "Joke Smit"}, headers=HTMX
    )

    assert response.status_code == 200
    summary = element(response.text, id="order-summary")
    assert summary.attrs["hx-swap-oob"] == "true" and "· Joke Smit ·" in summary.text
