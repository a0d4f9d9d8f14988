"""ALGEMEEN > Instellingen > Gebruikers: a Beheerder deactivates and activates colleagues and has their password
set again; never her own account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services
from backoffice.exceptions import ActionRefused
from notifications.models import OutboxMessage
from tests.backoffice.factories import StaffFactory
from tests.concurrency import click_twice_at_once
from tests.support import element, elements

pytestmark = pytest.mark.django_db


def test_the_tab_lists_the_staff_with_their_actions(admin_client, admin_user, staff, customer_user):
    response = admin_client.get("/settings/users/")

    assert response.status_code == 200
    rows = {row.attrs["id"]: row for row in elements(response.text, "tr") if row.attrs.get("id")}
    assert set(rows) == {f"user-{admin_user.pk}", f"user-{staff.pk}"}  # no customers
    colleague = [button.text for button in rows[f"user-{staff.pk}"].elements("button")]
    assert colleague == [f"Deactiveren {staff.email}", f"Wachtwoord opnieuw laten instellen {staff.email}"]
    assert rows[f"user-{admin_user.pk}"].elements("button") == []  # not herself
    assert element(response.text, "a", id="settings-tab-users").attrs["aria-selected"] == "true"


def test_only_a_beheerder_manages_users(staff_client, staff):
    colleague = StaffFactory()

    assert staff_client.get("/settings/users/").status_code == 403
    assert staff_client.post(f"/settings/users/{colleague.pk}/deactivate/").status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


def test_a_deactivated_colleague_is_logged_out_and_cannot_log_in(client, admin_client, staff):
    other = type(client)()
    other.force_login(staff)

    response = admin_client.post(f"/settings/users/{staff.pk}/deactivate/", follow=True)

    assert "Het account van Mila de Vries is gedeactiveerd." in response.text
    staff.refresh_from_db()
    assert not staff.is_active
    assert other.get("/orders/").status_code == 302
    assert other.post("/login/", {"email": staff.email, "password": "secret-password"}).status_code == 422

    admin_client.post(f"/settings/users/{staff.pk}/activate/")
    staff.refresh_from_db()
    assert staff.is_active


def test_a_beheerder_cannot_deactivate_herself(admin_client, admin_user):
    response = admin_client.post(f"/settings/users/{admin_user.pk}/deactivate/", follow=True)

    assert "U kunt uw eigen account niet deactiveren." in response.text
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_a_forced_reset_ends_the_password_and_mails_a_link(client, admin_client, admin_user, staff):
    other = type(client)()
    other.force_login(staff)

    response = admin_client.post(f"/settings/users/{staff.pk}/password-reset/", follow=True)

    assert "Het wachtwoord van Mila de Vries werkt niet meer" in response.text
    staff.refresh_from_db()
    assert not staff.has_usable_password()
    assert other.get("/orders/").status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.to, message.created_by, message.order) == (staff.email, admin_user, None)
    assert "Een beheerder van de backoffice van Webwinkel heeft uw wachtwoord uitgezet." in message.body
    assert "/password-reset/" in message.body
    # and she can ask for a new link herself too (after the five quiet minutes)
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=6))
    client.post("/password-reset/", {"email": staff.email})
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_deactivations_at_once_have_one_effect(admin_user, staff):
    outcomes = click_twice_at_once(lambda: services.staff_user_deactivate(user=staff, actor=admin_user))

    assert outcomes == ["done", "refused"]
    with pytest.raises(ActionRefused):
        services.staff_user_deactivate(user=staff, actor=admin_user)
