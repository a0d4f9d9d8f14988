"""Mijn account's login, logout and password reset: apart from the staff login, rate-limited, telling nobody
whether an address has an account."""

import re
from datetime import timedelta

import pytest

from notifications.models import OutboxMessage
from tests.backoffice.test_login_limits import RIGHT, WRONG, age_failures, password_checks, short_limits  # noqa: F401
from tests.support import element
from tests.tickets.factories import customer_account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shop")]


def log_in(client, email, password, address="127.0.0.1"):
    return client.post("/account/login/", {"email": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def customer():
    return customer_account("sanne@example.com")


def test_a_customer_logs_in_sees_mijn_account_and_logs_out(client, customer):
    response = log_in(client, customer.email, RIGHT)
    assert response.status_code == 302 and response.url == "/account/"
    page = client.get("/account/")
    assert page.status_code == 200 and "Mijn bestellingen" in page.text
    assert client.post("/account/logout/").url == "/account/login/"
    assert client.get("/account/").url == "/account/login/?next=%2Faccount%2F"


def test_a_staff_account_is_refused_like_a_wrong_password_and_staff_sessions_get_no_customer_pages(client, staff):
    response = log_in(client, staff.email, "secret-password")
    assert response.status_code == 422
    assert element(response.text, "div", role="alert").text == "Het e-mailadres of het wachtwoord klopt niet."
    assert "_auth_user_id" not in client.session
    client.force_login(staff)
    assert client.get("/account/").status_code == 403


def test_a_customer_is_refused_at_the_staff_login(client, customer):
    response = client.post("/login/", {"email": customer.email, "password": RIGHT})
    assert response.status_code == 422 and "_auth_user_id" not in client.session


def test_the_sixth_password_is_refused_without_being_checked_and_works_after_the_cool_off(
    client,
    customer,
    password_checks,  # noqa: F811
):
    for _attempt in range(4):
        assert log_in(client, customer.email, WRONG).status_code == 422
    fifth = log_in(client, customer.email, WRONG)
    assert fifth.status_code == 429
    assert "Te veel mislukte inlogpogingen" in element(fifth.text, "div", role="alert").text
    assert "Mijn account" in fifth.text  # the customer's own page, not the backoffice login
    sixth = log_in(client, customer.email, RIGHT)
    assert sixth.status_code == 429
    assert password_checks == [WRONG] * 5  # the sixth was not checked
    assert "_auth_user_id" not in client.session

    age_failures(timedelta(minutes=2))
    assert log_in(client, customer.email, RIGHT).status_code == 302


def test_failures_from_another_address_do_not_lock_the_customer_out(client, customer):
    for _attempt in range(6):
        log_in(client, customer.email, WRONG, address="203.0.113.9")
    assert log_in(client, customer.email, RIGHT, address="198.51.100.1").status_code == 302


def test_the_page_speaks_the_customers_language(client):
    german = customer_account("hans@example.com", language="de")
    client.force_login(german.user)
    assert "Meine Bestellungen" in client.get("/account/").text
    assert 'lang="de"' in client.get("/account/").text
    anonymous = client.__class__()
    assert "Mot de passe" in anonymous.get("/account/login/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).text


def test_password_reset_mails_a_link_that_sets_the_password_and_tells_nobody_whether_the_address_exists(
    client, customer, django_capture_on_commit_callbacks, staff
):
    customer.user.set_unusable_password()  # made at checkout, without a password
    customer.user.save()
    answers = [
        client.post("/account/password-reset/", {"email": email})
        for email in (customer.email, "nobody@example.com", staff.email)
    ]
    assert {(answer.status_code, answer.url) for answer in answers} == {(302, "/account/password-reset/sent/")}
    [mail] = OutboxMessage.objects.filter(kind="customer_password_reset")
    assert mail.to == customer.email  # none for the unknown address, none for the staff member
    # asking again at once sends no second mail
    client.post("/account/password-reset/", {"email": customer.email})
    assert OutboxMessage.objects.filter(kind="customer_password_reset").count() == 1

    link = re.search(r"https?://\S+", mail.body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "een-nieuw-wachtwoord", "new_password2": "een-nieuw-wachtwoord"})
    assert done.url == "/account/password-reset/done/"
    assert log_in(client, customer.email, "een-nieuw-wachtwoord").status_code == 302


def test_a_staff_members_reset_link_does_not_work_in_mijn_account(client, staff):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid, token = urlsafe_base64_encode(force_bytes(staff.pk)), default_token_generator.make_token(staff)
    page = client.get(f"/account/password-reset/{uid}/{token}/", follow=True)
    assert "Deze link werkt niet (meer)" in page.text


def test_reset_requests_from_one_address_are_limited(client, settings):
    for _attempt in range(10):
        assert client.post("/account/password-reset/", {"email": "x@example.com"}).status_code == 302
    assert client.post("/account/password-reset/", {"email": "x@example.com"}).status_code == 429


def test_a_customer_made_at_checkout_without_a_login_sets_a_password_through_the_reset_link(client):
    from customers.models import Customer
    from tests.customers.factories import CustomerFactory

    checkout = CustomerFactory(email="nieuw@example.com", user=None)
    CustomerFactory(email="twee@example.com", user=None)
    CustomerFactory(email="twee@example.com", user=None)  # the same address twice: which one is hers? none gets one

    for email in ("nieuw@example.com", "twee@example.com"):
        assert client.post("/account/password-reset/", {"email": email}).url == "/account/password-reset/sent/"

    [mail] = OutboxMessage.objects.filter(kind="customer_password_reset")
    assert mail.to == "nieuw@example.com"
    user = Customer.objects.get(pk=checkout.pk).user
    assert user is not None and not user.is_staff and not user.has_usable_password()
    path = re.search(r"https?://\S+", mail.body).group(0).split("testserver", 1)[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "een-nieuw-wachtwoord", "new_password2": "een-nieuw-wachtwoord"})
    assert log_in(client, "nieuw@example.com", "een-nieuw-wachtwoord").status_code == 302
    assert not Customer.objects.filter(email="twee@example.com", user__isnull=False).exists()
