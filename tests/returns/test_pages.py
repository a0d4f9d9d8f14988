"""VERKOOP > Retouren: the list over all orders with its filters, and the tabs Retour reden and Retour acties that a
Beheerder manages (a name per shop language; one in use is deactivated, never deleted)."""

import pytest
from django.test import Client

from returns.models import ReturnReason, ReturnStatus
from returns.services import return_status_change
from tests.returns.factories import make_reason, make_return, shipped_order
from tests.shipping.factories import lines
from tests.support import element, elements, shop_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def test_the_list_shows_every_return_with_a_link_to_its_order_and_filters(staff_client):
    small, large = make_reason("Te klein"), make_reason("Te groot")
    first, second = shipped_order(), shipped_order()
    make_return(first, reason=small)
    ret = make_return(second, reason=large)
    return_status_change(ret=ret, status=ReturnStatus.REJECTED, actor=None)

    html = staff_client.get("/returns/").text
    links = {a.text: a.attrs["href"] for a in element(html, "table").elements("a")}
    assert links == {
        first.number: f"/orders/{first.number}/returns/",
        second.number: f"/orders/{second.number}/returns/",
    }

    by_status = staff_client.get("/returns/", {"status": "rejected"}).text
    assert second.number in by_status and first.number not in by_status
    by_reason = staff_client.get("/returns/", {"reason": small.pk}).text
    assert first.number in by_reason and second.number not in by_reason
    assert "Geen retouren gevonden" in staff_client.get("/returns/", {"created_from": "2999-01-01"}).text


def test_a_medewerker_sees_the_list_but_not_the_tabs_of_the_beheerder(staff_client):
    html = staff_client.get("/returns/").text
    assert not elements(html, data_tab="reasons")
    assert staff_client.get("/returns/reasons/").status_code == 403


def test_a_beheerder_adds_a_reason_with_a_name_per_shop_language(admin_client):
    shop_settings(languages=["nl", "en"])

    response = admin_client.post(
        "/returns/reasons/", {"name_nl": "Te klein", "name_en": "Too small", "position": 1, "is_active": "on"}
    )

    assert response.status_code == 302
    reason = ReturnReason.objects.get()
    assert reason.names == {"nl": "Te klein", "en": "Too small"} and reason.is_active
    assert "Te klein" in admin_client.get("/returns/reasons/").text


def test_a_reason_without_a_dutch_name_or_a_double_is_refused(admin_client):
    make_reason("Te klein")
    assert admin_client.post("/returns/reasons/", {"name_nl": "", "position": 0}).status_code == 422
    response = admin_client.post("/returns/reasons/", {"name_nl": "te klein", "position": 0})
    assert response.status_code == 422 and "staat al in de lijst" in response.text
    assert ReturnReason.objects.count() == 1


def test_a_reason_in_use_is_deactivated_not_deleted_and_no_longer_offered(admin_client, staff):
    reason = make_reason("Te klein")
    order = shipped_order()
    make_return(order, quantities={lines(order)[0].pk: 1}, reason=reason)

    response = admin_client.post(f"/returns/reasons/{reason.pk}/delete/")
    assert response.status_code == 302 and ReturnReason.objects.filter(pk=reason.pk).exists()
    html = admin_client.get(f"/returns/reasons/{reason.pk}/").text
    assert not elements(html, data_action="choice-delete")

    admin_client.post(f"/returns/reasons/{reason.pk}/", {"name_nl": "Te klein", "position": 0})  # not ticked: inactive
    reason.refresh_from_db()
    assert not reason.is_active
    staff_client = Client()
    staff_client.force_login(staff)
    popup = staff_client.get(f"/orders/{order.number}/returns/new/").text
    assert [option.text for option in element(popup, "select", name="reason").elements("option")] == ["(geen)"]
    assert "Te klein" in staff_client.get(f"/orders/{order.number}/returns/").text  # the return keeps it


def test_a_reason_not_in_use_can_be_deleted(admin_client):
    reason = make_reason("Verkeerd besteld")
    assert admin_client.post(f"/returns/reasons/{reason.pk}/delete/").status_code == 302
    assert not ReturnReason.objects.exists()
