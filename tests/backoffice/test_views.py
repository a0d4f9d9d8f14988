import pytest

from backoffice.models import ShopSettings
from backoffice.roles import Role
from tests.backoffice.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_staff_log_in_with_email_and_land_on_the_orders(client, staff):
    response = client.post("/login/", {"email": "Medewerker@Example.com", "password": "secret-password"})

    assert response.status_code == 302
    assert response.url == "/orders/"


def test_login_returns_to_the_page_asked_for_but_never_elsewhere(client, staff):
    response = client.post("/login/?next=/orders/ORD1/", {"email": staff.email, "password": "secret-password"})
    assert response.url == "/orders/ORD1/"
    client.logout()
    response = client.post(
        "/login/", {"email": staff.email, "password": "secret-password", "next": "https://evil.example/"}
    )
    assert response.url == "/orders/"


def test_wrong_password_is_a_clear_message(client, staff):
    response = client.post("/login/", {"email": staff.email, "password": "wrong"})

    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.text
    assert "_auth_user_id" not in client.session


def test_customers_cannot_log_in_to_the_backoffice(client, customer_user):
    response = client.post("/login/", {"email": customer_user.email, "password": "secret-password"})

    assert response.status_code == 422
    assert "geen toegang tot de backoffice" in response.text
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(staff_client):
    assert staff_client.get("/logout/").status_code == 405
    assert staff_client.post("/logout/").url == "/login/"
    assert staff_client.get("/orders/").status_code == 302


def test_dutch_is_the_default_whatever_the_browser_says(staff_client):
    response = staff_client.get("/orders/", headers={"Accept-Language": "en-US,en;q=0.9"})

    assert '<html lang="nl">' in response.text
    assert "Zoeken" in response.text


def test_language_switch_is_remembered_on_the_user(staff_client, staff):
    response = staff_client.post("/language/", {"language": "en", "next": "/orders/"})

    assert response.url == "/orders/"
    staff.refresh_from_db()
    assert staff.language == "en"
    page = staff_client.get("/orders/")
    assert '<html lang="en">' in page.text
    assert "Search" in page.text and "Zoeken" not in page.text

    staff_client.post("/language/", {"language": "nl"})
    assert '<html lang="nl">' in staff_client.get("/orders/").text


def test_unknown_language_changes_nothing(staff_client, staff):
    staff_client.post("/language/", {"language": "xx"})

    staff.refresh_from_db()
    assert staff.language == ""
    assert "Die taal kent de backoffice niet." in staff_client.get("/orders/").text


def test_only_admins_see_general_and_service(client, staff, admin_user):
    client.force_login(staff)
    assert "Instellingen" not in client.get("/orders/").text
    assert client.get("/settings/").status_code == 403

    client.force_login(admin_user)
    page = client.get("/orders/").text
    assert "Algemeen" in page and 'href="/settings/"' in page
    assert client.get("/settings/").status_code == 200


def test_admin_updates_the_shop_settings(admin_client):
    data = {
        "name": "Koffie & Co",
        "street": "Oudegracht 12",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "country": "nl",
        "email": "info@koffie.example",
        "phone": "030 123 4567",
        "vat_number": "NL 123456789 B01",
        "coc_number": "12345678",
        "iban": "NL91 ABNA 0417 1643 00",
        "languages": ["nl", "en", "de"],
        "order_prefix": "kc",
        "order_start_number": "100",
    }

    response = admin_client.post("/settings/", data)

    assert response.status_code == 302
    shop = ShopSettings.load()
    assert (shop.name, shop.iban, shop.vat_number, shop.order_prefix) == (
        "Koffie & Co",
        "NL91ABNA0417164300",
        "NL123456789B01",
        "KC",
    )
    assert shop.languages == ["nl", "en", "de"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "NL91 ABNA 0417 1643 01", "geen geldig IBAN"),
        ("vat_number", "123", "geen geldig btw-nummer"),
        ("coc_number", "1234", "8 cijfers"),
        ("order_prefix", "OR-", "alleen uit letters"),
        ("languages", [], "Dit veld is verplicht"),
    ],
)
def test_bad_shop_settings_are_refused_and_change_nothing(admin_client, field, value, message):
    before = ShopSettings.load()
    data = {"name": "Nieuw", "country": "NL", "languages": ["nl"], "order_prefix": "ORD", "order_start_number": "1"}
    data[field] = value

    response = admin_client.post("/settings/", data)

    assert response.status_code == 422
    assert message in response.text
    after = ShopSettings.load()
    assert (after.name, after.iban) == (before.name, before.iban)


def test_django_admin_is_for_superusers_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/django-admin/").status_code == 302
    superuser = StaffFactory(role=Role.ADMIN, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/django-admin/").status_code == 200
