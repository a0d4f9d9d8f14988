"""`manage.py create_staff_user`: the way into a new installation without seed_demo (accounts.services
.staff_user_create); every refusal creates nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.services import staff_user_create
from backoffice.models import ConfigChange
from backoffice.roles import Role, is_admin, role_of
from tests.backoffice.factories import StaffFactory, UserFactory
from tests.concurrency import click_twice_at_once

pytestmark = pytest.mark.django_db

PASSWORD = "kroket-met-mosterd-42"
User = get_user_model()


def create(*arguments: str) -> None:
    call_command("create_staff_user", *arguments)


def test_the_first_beheerder_from_an_environment_variable_can_log_in(monkeypatch, client, capsys):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", PASSWORD)

    create("--email", " Eigenaar@Example.com ", "--role", "beheerder", "--password-from-env", "FIRST_ADMIN_PASSWORD")

    user = User.objects.get(email="eigenaar@example.com")
    assert (user.is_staff, user.is_superuser, user.is_active) == (True, False, True)
    assert role_of(user) == Role.ADMIN and is_admin(user)
    assert "Created eigenaar@example.com (Beheerder)" in capsys.readouterr().out
    assert client.post("/login/", {"email": "eigenaar@example.com", "password": PASSWORD}).status_code == 302
    assert client.get("/settings/").status_code == 200  # a Beheerder's page
    # In the configuration log (Wijzigingslog), made on the command line: by nobody in the backoffice.
    [entry] = ConfigChange.objects.filter(area="user", object_id=str(user.pk))
    assert (entry.action, entry.actor, entry.changes) == (
        "created",
        None,
        [{"field": "groups", "old": None, "new": "Beheerder"}],
    )


def test_a_medewerker_is_asked_the_password_twice_on_the_terminal(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    create("--email", "mila@example.com", "--role", "Medewerker", "--first-name", "Mila", "--last-name", "de Vries")

    user = User.objects.get(email="mila@example.com")
    assert role_of(user) == Role.STAFF and not is_admin(user)
    assert (user.get_full_name(), user.check_password(PASSWORD)) == ("Mila de Vries", True)


def test_two_different_passwords_on_the_terminal_create_nothing(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="The two passwords differ"):
        create("--email", "mila@example.com", "--role", "medewerker")
    assert not User.objects.filter(email="mila@example.com").exists()


def test_without_a_terminal_or_a_variable_nothing_is_created(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="use --password-from-env"):
        create("--email", "mila@example.com", "--role", "medewerker")
    monkeypatch.delenv("UNSET_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="UNSET_PASSWORD is empty or not set"):
        create("--email", "mila@example.com", "--role", "medewerker", "--password-from-env", "UNSET_PASSWORD")
    assert not User.objects.filter(email="mila@example.com").exists()


@pytest.mark.parametrize("existing", [StaffFactory, UserFactory], ids=["staff", "customer login"])
def test_an_address_with_an_account_is_refused_and_left_alone(existing, monkeypatch):
    account = existing(email="anne@example.com")
    password_before = account.password
    monkeypatch.setenv("NEW_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="Er bestaat al een account met dit e-mailadres. Nothing was created."):
        create("--email", "ANNE@example.com", "--role", "beheerder", "--password-from-env", "NEW_PASSWORD")

    account.refresh_from_db()
    assert account.password == password_before and not is_admin(account)
    assert User.objects.filter(email__iexact="anne@example.com").count() == 1


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("geen-adres", PASSWORD, "Vul een geldig e-mailadres in."),
        ("anne@example.com", "kort", "te kort|too short"),  # Django's validators, in Django's own translation
        ("anne@example.com", "password123", "te algemeen|too common"),
    ],
)
def test_a_bad_address_or_a_weak_password_is_refused(email, password, message, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        create("--email", email, "--role", "beheerder", "--password-from-env", "NEW_PASSWORD")
    assert not User.objects.exists()


def test_an_unknown_role_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'klant'"):
        create("--email", "anne@example.com", "--role", "klant", "--password-from-env", "X")
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_address_twice_at_once_makes_one_account():
    outcomes = click_twice_at_once(
        lambda: staff_user_create(email="anne@example.com", password=PASSWORD, role=Role.ADMIN)
    )

    assert outcomes == ["done", "refused"]
    assert User.objects.filter(email="anne@example.com").count() == 1
