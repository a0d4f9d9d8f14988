import pytest

from backoffice.roles import Role
from tests.backoffice.factories import StaffFactory, UserFactory


@pytest.fixture
def staff(db):
    return StaffFactory(email="medewerker@example.com", first_name="Mila", last_name="de Vries")


@pytest.fixture
def admin_user(db):
    return StaffFactory(email="beheerder@example.com", first_name="Anne", last_name="Bakker", role=Role.ADMIN)


@pytest.fixture
def customer_user(db):
    return UserFactory(email="klant@example.com")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
