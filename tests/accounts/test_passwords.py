"""Wachtwoord vergeten (a reset link mailed through the outbox), Wachtwoord wijzigen, and what both do to the
other sessions of the account; the idle timeout."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import PASSWORD_RESET_KIND
from backoffice.middleware import IdleTimeoutMiddleware
from notifications.models import OutboxMessage
from notifications.services import outbox_deliver
from tests.support import element

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return client.get("/orders/").status_code == 200


def reset_link(message: OutboxMessage) -> str:
    return re.search(r"https?://[^/\s]+(/password-reset/\S+/)", message.body).group(1)


def test_a_reset_link_goes_through_the_outbox_and_sets_a_new_password(client, django_user_model, staff):
    # given Mila is logged in on another computer
    other = type(client)()
    other.force_login(staff)

    # when she asks for a link
    response = client.post("/password-reset/", {"email": "Medewerker@example.com"})

    # then the answer is the same as for an unknown address, and the mail waits in the outbox, about no order
    assert response.status_code == 302 and response.url == "/password-reset/sent/"
    message = OutboxMessage.objects.get()
    assert (message.kind, message.to, message.order, message.language) == (PASSWORD_RESET_KIND, staff.email, None, "nl")
    assert message.subject == "Stel een nieuw wachtwoord in voor de backoffice van Webwinkel"
    outbox_deliver(message_id=message.pk)
    assert mail.outbox[0].to == [staff.email]

    # when she follows the link and chooses a new password
    form_page = client.get(reset_link(message), follow=True)
    assert element(form_page.text, "h1").text == "Nieuw wachtwoord"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"}
    )
    assert response.status_code == 302 and response.url == "/password-reset/done/"

    # then the new password logs in, the old one doesn't, the other session is over and the link is used up
    staff.refresh_from_db()
    assert staff.check_password("a-new-Passw0rd!")
    assert not logged_in(other)
    again = client.get(reset_link(message), follow=True)
    assert "Deze link werkt niet meer" in element(again.text, "div", role="alert").text


@pytest.mark.parametrize("email", ["nobody@example.com", "klant@example.com"])
def test_the_reset_form_never_says_whether_an_account_exists(client, staff, customer_user, email):
    asked_for_staff = client.post("/password-reset/", {"email": staff.email})
    asked_for_other = client.post("/password-reset/", {"email": email})

    assert asked_for_other.status_code == asked_for_staff.status_code == 302
    assert asked_for_other.url == asked_for_staff.url
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [staff.email]


def test_asking_again_within_five_minutes_sends_no_second_mail(client, staff):
    for _attempt in range(3):
        assert client.post("/password-reset/", {"email": staff.email}).url == "/password-reset/sent/"
    assert OutboxMessage.objects.count() == 1

    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=6))
    client.post("/password-reset/", {"email": staff.email})
    assert OutboxMessage.objects.count() == 2


def test_an_inactive_account_gets_no_reset_link(client, staff):
    staff.is_active = False
    staff.save()

    assert client.post("/password-reset/", {"email": staff.email}).url == "/password-reset/sent/"
    assert not OutboxMessage.objects.exists()


def test_the_reset_form_refuses_what_is_not_an_address(client):
    response = client.post("/password-reset/", {"email": "not an address"})

    assert response.status_code == 422
    assert not OutboxMessage.objects.exists()


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, staff):
    # given Mila is logged in twice
    client.force_login(staff)
    other = type(client)()
    other.force_login(staff)
    assert logged_in(other)

    # when she changes her password here (the link is in the top bar)
    page = client.get("/orders/")
    assert element(page.text, "a", href="/password/").text == "Wachtwoord wijzigen"
    response = client.post(
        "/password/",
        {"old_password": "secret-password", "new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"},
    )

    # then she stays logged in here and is logged out elsewhere
    assert response.status_code == 302
    assert logged_in(client)
    assert not logged_in(other)
    staff.refresh_from_db()
    assert staff.check_password("a-new-Passw0rd!")


def test_a_wrong_old_password_changes_nothing(staff_client, staff):
    response = staff_client.post(
        "/password/", {"old_password": "wrong", "new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"}
    )

    assert response.status_code == 422
    staff.refresh_from_db()
    assert staff.check_password("secret-password")


def test_the_password_page_needs_a_staff_login(client, customer_user):
    assert client.get("/password/").status_code == 302
    client.force_login(customer_user)
    assert client.get("/password/").status_code == 403


def test_a_session_ends_after_the_idle_timeout(settings, staff_client):
    settings.BACKOFFICE_IDLE_TIMEOUT = timedelta(minutes=5)
    assert logged_in(staff_client)

    # four minutes later she is still logged in
    session = staff_client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - 4 * 60
    session.save()
    assert logged_in(staff_client)

    # after six minutes without a request she is logged out and the next page asks for the login
    session = staff_client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - 6 * 60
    session.save()
    response = staff_client.get("/orders/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in staff_client.session
