"""Error reports: Sentry only when SENTRY_DSN is set, and an error report holds nothing personal but is tagged with
the request id. The events are kept by a transport in this process (sentry_sdk's `transport=`): nothing is sent."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import sentry_sdk
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.transport import Transport

from backoffice.observability import sentry_init, sentry_init_from_settings
from backoffice.urls import urlpatterns as backoffice_urlpatterns

DSN = "https://public@sentry.example.com/1"
SECRET_FIELD = "geheime-opmerking-van-de-klant"


class KeptEvents(Transport):
    def __init__(self) -> None:
        super().__init__({"dsn": DSN})
        self.events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@csrf_exempt
def fails(request):
    raise RuntimeError("Bezorging mislukt voor klant@example.com")


urlpatterns = [path("tests/fails/", fails), *backoffice_urlpatterns]


@pytest.fixture
def sentry_off():
    """Whatever a test initialised is closed and forgotten afterwards: other tests run without Sentry."""
    yield
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@pytest.fixture
def sentry_events(sentry_off):
    transport = KeptEvents()
    sentry_init(dsn=DSN, environment="test", release="backoffice@1.2.3", traces_sample_rate=0.0, transport=transport)
    return transport.events


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_is_reported_tagged_with_the_request_id_and_without_personal_data(
    staff, client, live_server, sentry_events
):
    """Through a real WSGI server (Sentry hooks into Django's WSGI handler, which the test client passes by)."""
    client.force_login(staff)
    session_id = client.cookies["sessionid"].value
    request = urllib.request.Request(
        f"{live_server.url}/tests/fails/?q=jansen",
        data=urllib.parse.urlencode({"email": "klant@example.com", "note": SECRET_FIELD}).encode(),
        headers={"X-Request-ID": "sentry-req-1", "Cookie": f"sessionid={session_id}; backoffice_language=nl"},
    )

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)

    assert answer.value.code == 500
    (event,) = sentry_events
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == "sentry-req-1"
    assert (event["environment"], event["release"]) == ("test", "backoffice@1.2.3")
    assert event["request"]["method"] == "POST" and event["request"]["url"].endswith("/tests/fails/")
    sent = json.dumps(event, default=str)
    for personal in ("klant@example.com", staff.email, SECRET_FIELD, session_id, "jansen", "sessionid"):
        assert personal not in sent, personal
    assert "[e-mail]" in event["exception"]["values"][-1]["value"]
    assert "user" not in event


def test_sentry_is_not_initialised_without_a_dsn(settings, sentry_off):
    settings.SENTRY_DSN = ""

    sentry_init_from_settings()

    assert not sentry_sdk.get_client().is_active()


def test_sentry_is_initialised_from_the_settings_with_a_dsn(settings, sentry_off):
    settings.SENTRY_DSN = DSN
    settings.SENTRY_ENVIRONMENT = "staging"
    settings.SENTRY_RELEASE = "backoffice@2.0"
    settings.SENTRY_TRACES_SAMPLE_RATE = 0.25

    sentry_init_from_settings()

    client = sentry_sdk.get_client()
    assert client.is_active()
    options = client.options
    assert (options["environment"], options["release"], options["traces_sample_rate"]) == (
        "staging",
        "backoffice@2.0",
        0.25,
    )
    collected = options["data_collection"]
    assert collected["user_info"] is False and collected["stack_frame_variables"] is False
    assert collected["http_bodies"] == [] and collected["cookies"]["mode"] == "off"
    assert {"django", "celery"} <= set(client.integrations)
