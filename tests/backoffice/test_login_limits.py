"""Failed logins are limited (django-axes, backoffice/login_limits.py): per account from one address and per
address, on the staff login and the admin login, with a cool-off that grows; a customer's right password gets the
same answer as a wrong one."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone

from backoffice.login_limits import cool_off
from backoffice.models import User
from tests.backoffice.factories import StaffFactory
from tests.support import element

pytestmark = pytest.mark.django_db

WRONG = "wrong-password"
RIGHT = "secret-password"


@pytest.fixture(autouse=True)
def short_limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_COOLOFF_BASE = timedelta(minutes=1)
    settings.LOGIN_COOLOFF_MAX = timedelta(minutes=10)


@pytest.fixture
def password_checks(monkeypatch):
    """Every password that is checked against an account, in order."""
    checked = []
    check_password = User.check_password

    def spy(user, raw_password):
        checked.append(raw_password)
        return check_password(user, raw_password)

    monkeypatch.setattr(User, "check_password", spy)
    return checked


def log_in(client, email, password, address="127.0.0.1"):
    return client.post("/login/", {"email": email, "password": password}, REMOTE_ADDR=address)


def age_failures(by: timedelta) -> None:
    """Let time pass for the rate limit: its records are dated `by` earlier."""
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - by)


def test_the_sixth_password_is_refused_without_being_checked_and_works_after_the_cool_off(
    client, staff, password_checks, caplog
):
    # given four wrong passwords, each answered as wrong
    for _attempt in range(4):
        assert log_in(client, staff.email, WRONG).status_code == 422
    # when the fifth is wrong too, the login page says to wait, and until when
    fifth = log_in(client, staff.email, WRONG)
    assert fifth.status_code == 429
    alert = element(fifth.text, "div", role="alert").text
    assert alert.startswith("Te veel mislukte inlogpogingen. Probeer het na ")
    expected = timezone.localtime(timezone.now() + timedelta(minutes=1)).strftime("%H:%M")
    assert expected in alert
    assert password_checks == [WRONG] * 5
    assert "Locking out" in caplog.text and "127.0.0.1" in caplog.text

    # when the right password comes next, it is refused without being checked
    sixth = log_in(client, staff.email, RIGHT)
    assert sixth.status_code == 429
    assert password_checks == [WRONG] * 5
    assert "_auth_user_id" not in client.session

    # then after the cool-off the right password logs in
    age_failures(timedelta(minutes=2))
    response = log_in(client, staff.email, RIGHT)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    # and a success starts the count again
    assert not AccessAttempt.objects.filter(username=staff.email).exists()


def test_the_lock_out_speaks_english_when_the_user_chose_it(client, staff):
    client.cookies["backoffice_language"] = "en"
    for _attempt in range(5):
        response = log_in(client, staff.email, WRONG)

    assert response.status_code == 429
    assert element(response.text, "div", role="alert").text.startswith("Too many failed login attempts. Try again")


def test_nobody_can_lock_a_colleague_out_from_another_address(client, staff):
    # given someone elsewhere types wrong passwords for Mila's address until he is locked out
    for _attempt in range(6):
        log_in(client, staff.email, WRONG, address="203.0.113.7")
    assert log_in(client, staff.email, RIGHT, address="203.0.113.7").status_code == 429

    # then Mila, at her own address, logs in at once
    assert log_in(client, staff.email, RIGHT).status_code == 302


def test_one_address_trying_many_accounts_is_locked_out(client, staff):
    for number in range(5):
        log_in(client, f"guess{number}@example.com", WRONG, address="203.0.113.7")

    assert log_in(client, staff.email, RIGHT, address="203.0.113.7").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_limited_too(client, password_checks):
    superuser = StaffFactory(email="root@example.com", is_superuser=True)
    for _attempt in range(5):
        response = client.post("/django-admin/login/", {"username": superuser.email, "password": WRONG})
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.text

    response = client.post("/django-admin/login/", {"username": superuser.email, "password": RIGHT})

    assert response.status_code == 429
    assert password_checks == [WRONG] * 5
    assert "_auth_user_id" not in client.session


def test_the_cool_off_grows_with_the_failures_of_the_last_day_and_stops_at_the_maximum():
    request = SimpleNamespace(axes_ip_address="203.0.113.7")

    def failures(count, age=timedelta(minutes=5)):
        AccessFailureLog.objects.bulk_create(
            AccessFailureLog(ip_address="203.0.113.7", username="x@example.com", user_agent="", http_accept="",
                             path_info="/login/", attempt_time=timezone.now() - age, locked_out=False)
            for _number in range(count)
        )  # fmt: skip

    failures(5)
    assert cool_off(request) == timedelta(minutes=1)
    failures(5)
    assert cool_off(request) == timedelta(minutes=2)
    failures(5)
    assert cool_off(request) == timedelta(minutes=4)
    failures(100)
    assert cool_off(request) == timedelta(minutes=10)
    # failures older than the maximum don't count
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    assert cool_off(request) == timedelta(minutes=1)


def test_a_customers_right_password_gets_the_answer_of_a_wrong_one_after_the_same_check(
    client, customer_user, password_checks
):
    right = log_in(client, customer_user.email, RIGHT)
    wrong = log_in(client, customer_user.email, WRONG)

    assert right.status_code == wrong.status_code == 422
    assert (
        element(right.text, "div", role="alert").text
        == element(wrong.text, "div", role="alert").text
        == ("Het e-mailadres of het wachtwoord klopt niet.")
    )
    assert password_checks == [RIGHT, WRONG]  # checked as a staff member's would be
    assert "_auth_user_id" not in client.session
    # and both count for the rate limit
    assert AccessAttempt.objects.get(username=customer_user.email).failures_since_start == 2
