from html import unescape

import pytest
from django.db import transaction

from notifications.models import EmailTemplate
from notifications.registry import EmailKind
from notifications.services import mail_queue
from tests.orders.factories import make_order
from tests.support import HTMX

pytestmark = pytest.mark.django_db
EDIT = "/emails/inform_customer/nl/"


def test_only_admins_manage_the_email_texts(staff_client):
    assert staff_client.get("/emails/").status_code == 403
    assert staff_client.get(EDIT).status_code == 403


def test_the_list_shows_every_email_per_enabled_language(admin_client):
    html = admin_client.get("/emails/").text

    for kind in EmailKind:
        assert str(kind.label) in html.replace("&amp;", "&")
    assert 'href="/emails/track_and_trace/nl/"' in html
    assert 'href="/emails/track_and_trace/de/"' not in html  # the shop offers only Dutch


def test_the_editor_lists_the_placeholders_and_previews_on_a_real_order(admin_client):
    order = make_order()

    html = admin_client.get(EDIT).text

    assert "{{ message }}" in html and "{{ order_number }}" in html
    assert f"met order {order.number}" in html
    assert order.billing_name in unescape(html)  # as read: a name like "d' Heripon" is escaped in the HTML


def test_live_preview_is_a_partial_and_reports_problems(admin_client):
    order = make_order()

    good = admin_client.post(
        f"{EDIT}preview/", {"subject": "Over {{ order_number }}", "body": "Hoi {{ customer_name }}"}, headers=HTMX
    )
    bad = admin_client.post(f"{EDIT}preview/", {"subject": "x", "body": "{{ geheim }}"}, headers=HTMX)

    assert "<html" not in good.text and f"Over {order.number}" in good.text and f"Hoi {order.billing_name}" in good.text
    assert "Onbekende plaatshouder {{ geheim }}." in bad.text


def test_saving_a_broken_template_is_refused_with_422(admin_client):
    response = admin_client.post(EDIT, {"subject": "Over {{ order_number }}", "body": "{{ message }"})

    assert response.status_code == 422
    assert "zonder geldige plaatshouder" in response.text
    assert EmailTemplate.objects.count() == 0


def test_a_subject_with_a_line_break_is_refused_with_422(admin_client):
    response = admin_client.post(EDIT, {"subject": "Over {{ order_number }}\r\nBcc: x@y.z", "body": "{{ message }}"})

    assert response.status_code == 422
    assert "Dit veld is één regel: haal de regelovergang weg." in response.text
    assert EmailTemplate.objects.count() == 0


def test_save_and_reset(admin_client):
    response = admin_client.post(EDIT, {"subject": "Over {{ order_number }}", "body": "{{ message }}"})
    assert response.status_code == 302
    assert EmailTemplate.objects.get().subject == "Over {{ order_number }}"
    assert "De winkel gebruikt een eigen tekst." in admin_client.get(EDIT).text

    admin_client.post(f"{EDIT}reset/")
    assert EmailTemplate.objects.count() == 0
    assert "Dit is de standaardtekst." in admin_client.get(EDIT).text


def test_unknown_email_or_language_is_a_404(admin_client):
    assert admin_client.get("/emails/nonsense/nl/").status_code == 404
    assert admin_client.get("/emails/inform_customer/fr/").status_code == 404  # not enabled


def test_a_sent_email_is_viewable_exactly_as_sent_and_escaped(staff_client):
    order = make_order()
    with transaction.atomic():
        message = mail_queue(
            order=order, kind=EmailKind.INFORM_CUSTOMER, extra={"message": "<script>alert(1)</script>"}, actor=None
        )

    dialog = staff_client.get(f"/outbox/{message.pk}/", headers=HTMX)
    page = staff_client.get(f"/outbox/{message.pk}/")

    assert "<html" not in dialog.text and "<dialog" in dialog.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dialog.text and "<script>alert(1)" not in dialog.text
    assert message.subject in page.text and "<html" in page.text
    assert staff_client.get("/outbox/999999/").status_code == 404
