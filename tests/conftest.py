import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from backoffice.models import InvoiceTiming, ShopSettings
from backoffice.roles import Role
from tests.backoffice.factories import StaffFactory, UserFactory
from tests.support import SHOP, shop_settings


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache (the process's own, locmem): what one test counted, rendered or rate
    limited (a capped order count, the list's filter fields, a password reset per address) never meets another."""
    cache.clear()


@pytest.fixture(autouse=True)
def dutch():
    """Every test starts in Dutch, as a request does (backoffice.middleware.UserLanguageMiddleware): a request of
    an English-speaking user leaves its language active in this thread, and a later test's messages would be
    English."""
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored files (invoice PDFs) of one test never meet another's: numbers start at 1 in every test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TICKET_ATTACHMENT_ROOT = tmp_path / "ticket-attachments"
    return settings.MEDIA_ROOT


DATABASE_FIXTURES = {
    "db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback",
}  # fmt: skip


@pytest.fixture(autouse=True)
def invoices_by_hand(request, _django_db_helper):
    """The shop makes invoices by hand in tests that are about something else, so an order placed by a test
    has just its own history and mail. Invoicing tests ask for `invoice_on_order` (the shop's real default)."""
    if request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames):
        ShopSettings.objects.update_or_create(pk=1, defaults={"invoice_timing": InvoiceTiming.MANUAL})


@pytest.fixture
def invoice_on_order(invoices_by_hand):
    """The shop as it starts out: every order gets its invoice when it is placed."""
    shop_settings(invoice_timing=InvoiceTiming.ON_ORDER)


@pytest.fixture
def shop(invoices_by_hand):
    """The shop with its details filled in (name, address, VAT and KvK numbers, IBAN; documents in nl, en, de and
    fr): what invoices, packing slips and e-mails print. Returns the ShopSettings row; change it with
    `shop_settings(...)` (tests.support). It invoices by hand unless the test also asks for `invoice_on_order`."""
    return shop_settings(**SHOP)


@pytest.fixture
def nominatim(settings):
    """A fake Nominatim on a local port, and the settings pointing the real geopy client at it (no wait between
    requests unless a test sets GEOCODER_MIN_INTERVAL; a short timeout). See tests/addresses/fake_nominatim.py."""
    from tests.addresses.fake_nominatim import Server

    with Server() as fake:
        settings.GEOCODER_PROVIDER = "nominatim"
        settings.GEOCODER_URL = fake.url
        settings.GEOCODER_TIMEOUT = 0.5
        settings.GEOCODER_MIN_INTERVAL = 0.0
        yield fake


@pytest.fixture
def geocode_redis(settings):
    """The geocoding limiter in Redis (db 15 of the local server, emptied before and after), as with REDIS_URL."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url)
    client.flushdb()
    settings.REDIS_URL = url
    yield client
    client.flushdb()
    client.close()
