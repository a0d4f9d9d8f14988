"""The Memo block and its popups, as staff use them: unread highlighted until the addressee opens the order."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from history.models import OrderEvent
from memos.events import MemoEventType
from memos.models import Memo
from tests.backoffice.factories import StaffFactory
from tests.memos.factories import make_memo
from tests.orders.factories import make_order
from tests.support import HTMX, element, elements, parse, top

pytestmark = pytest.mark.django_db


def counter(client) -> list[str]:
    return element(client.get("/counters/", headers=HTMX).text, "a", data_counter="memos").text.split()


def test_the_addressee_sees_an_unread_memo_highlighted_once_and_her_counter_goes_down(client, staff, admin_user):
    memo = make_memo(actor=admin_user, addressee=staff, text="Klant belt om 3 uur")
    client.force_login(staff)
    assert counter(client) == ["Memo's", "1"]

    html = client.get(f"/orders/{memo.order.number}/").text  # opening the order reads it

    item = element(html, "li", id=f"memo-{memo.pk}")
    assert "is-unread" in item.classes and "Nieuw voor u" in item.text
    assert "Anne Bakker aan Mila de Vries" in item.text and "Klant belt om 3 uur" in item.text
    assert counter(client) == ["Memo's", "0"]
    again = client.get(f"/orders/{memo.order.number}/blocks/memos/", headers=HTMX).text
    assert "is-unread" not in element(again, "li", id=f"memo-{memo.pk}").classes


def test_the_author_and_others_do_not_see_it_as_unread_and_it_stays_unread_for_the_addressee(client, staff, admin_user):
    memo = make_memo(actor=admin_user, addressee=staff)

    client.force_login(admin_user)
    html = client.get(f"/orders/{memo.order.number}/blocks/memos/", headers=HTMX).text
    assert "is-unread" not in element(html, "li", id=f"memo-{memo.pk}").classes
    client.force_login(StaffFactory())
    client.get(f"/orders/{memo.order.number}/")

    client.force_login(staff)
    assert counter(client) == ["Memo's", "1"]


def test_the_block_refreshes_alone_newest_first(staff_client, staff):
    order = make_order()
    first = make_memo(order=order, actor=staff, text="Eerste")
    second = make_memo(order=order, actor=staff, text="Tweede")

    response = staff_client.get(f"/orders/{order.number}/blocks/memos/", headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.text
    assert top(response.text).attrs["id"] == "block-memos"
    assert [item.attrs["id"] for item in elements(response.text, "li")] == [f"memo-{second.pk}", f"memo-{first.pk}"]


def test_a_memo_is_plain_text_with_clickable_links(staff_client, staff):
    memo = make_memo(actor=staff, text="Zie https://example.com/track?a=1&b=2 <b>vet</b> <script>alert(1)</script>")

    html = staff_client.get(f"/orders/{memo.order.number}/blocks/memos/", headers=HTMX).text

    text = element(html, "li", id=f"memo-{memo.pk}").element("p")
    assert text.element("a").attrs["href"] == "https://example.com/track?a=1&b=2"
    assert not text.elements("b") and not text.elements("script")
    assert "&lt;script&gt;" in html and "<b>" not in html


def test_memo_toevoegen_answers_with_the_block_and_fires_order_changed(staff_client, staff, admin_user):
    order = make_order()
    dialog = staff_client.get(f"/orders/{order.number}/memos/add/", headers=HTMX).text
    assert top(dialog).tag == "dialog" and element(dialog, "textarea", name="text").attrs["maxlength"] == "500"
    assert element(dialog, data_char_counter_for="id_text").text == "500 tekens over"
    key = re.search(r'name="submit_key" value="([^"]+)"', dialog).group(1)

    data = {"submit_key": key, "addressee": admin_user.pk, "text": "Voor jou"}
    response = staff_client.post(f"/orders/{order.number}/memos/add/", data, headers=HTMX)
    staff_client.post(f"/orders/{order.number}/memos/add/", data, headers=HTMX)  # a double click

    assert response.status_code == 200 and "order-changed" in response.headers["HX-Trigger"]
    memo = Memo.objects.get()
    assert (memo.author, memo.addressee, memo.text) == (staff, admin_user, "Voor jou")
    assert f'id="memo-{memo.pk}"' in response.text


def test_a_memo_that_is_too_long_comes_back_with_422_and_its_count(staff_client, staff):
    order = make_order()

    response = staff_client.post(f"/orders/{order.number}/memos/add/", {"addressee": staff.pk, "text": "x" * 501},
                                 headers=HTMX)  # fmt: skip

    assert response.status_code == 422 and not Memo.objects.exists()
    assert element(response.text, data_char_counter_for="id_text").text == "-1 tekens over"


def test_the_author_corrects_her_memo_others_see_why_not(client, staff, admin_user):
    memo = make_memo(actor=staff, addressee=admin_user, text="Bel om 3 uur")
    url = f"/orders/{memo.order.number}/memos/{memo.pk}/"

    client.force_login(admin_user)
    assert "Alleen wie de memo schreef" in client.get(url, headers=HTMX).text
    assert client.post(url, {"text": "Anders"}, headers=HTMX).status_code == 422
    block = client.get(f"/orders/{memo.order.number}/blocks/memos/", headers=HTMX).text
    assert not parse(block).elements(data_action="edit-memo")

    client.force_login(staff)
    response = client.post(url, {"text": "Bel om 4 uur"}, headers=HTMX)
    assert response.status_code == 200 and "(aangepast)" in response.text
    assert Memo.objects.get().text == "Bel om 4 uur"


def test_no_correcting_after_a_few_minutes(staff_client, staff):
    memo = make_memo(actor=staff, text="Bel om 3 uur")
    Memo.objects.filter(pk=memo.pk).update(created_at=timezone.now() - timedelta(minutes=10))

    block = staff_client.get(f"/orders/{memo.order.number}/blocks/memos/", headers=HTMX).text

    assert not parse(block).elements(data_action="edit-memo") and parse(block).elements(data_action="remove-memo")


def test_removing_a_memo_asks_first_and_the_history_keeps_its_text(staff_client, staff):
    memo = make_memo(actor=staff, text="Weg ermee")
    url = f"/orders/{memo.order.number}/memos/{memo.pk}/remove/"

    assert "geschiedenis van de order bewaart" in staff_client.get(url, headers=HTMX).text
    response = staff_client.post(url, headers=HTMX)

    assert response.status_code == 200 and "order-changed" in response.headers["HX-Trigger"]
    assert not Memo.objects.exists()
    event = OrderEvent.objects.filter(order=memo.order).last()
    assert event.type == MemoEventType.MEMO_REMOVED
    history = staff_client.get(f"/orders/{memo.order.number}/history/").text
    assert "Weg ermee" in history


def test_the_counters_page_lists_my_unread_memos_linking_to_their_orders(staff_client, staff, admin_user):
    memo = make_memo(actor=admin_user, addressee=staff, text="Even kijken")
    make_memo(actor=staff, addressee=admin_user, text="Niet voor mij")

    html = staff_client.get("/memos/").text

    assert element(html, "a", href=f"/orders/{memo.order.number}/").text == f"Order {memo.order.number}"
    assert "Even kijken" in html and "Niet voor mij" not in html


def test_the_memo_block_has_pinned_queries(staff_client, staff, admin_user, django_assert_num_queries):
    order = make_order()
    for _ in range(10):
        make_memo(order=order, actor=admin_user, addressee=staff)
    # session, user, order; the memos with author, addressee and whether she read them; the reads recorded;
    # the permissions (may she remove a colleague's memo)
    with django_assert_num_queries(3 + 1 + 1 + 1):
        staff_client.get(f"/orders/{order.number}/blocks/memos/", headers=HTMX)
    with django_assert_num_queries(3 + 1 + 1):  # read now: nothing to record
        staff_client.get(f"/orders/{order.number}/blocks/memos/", headers=HTMX)
