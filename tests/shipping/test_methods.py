"""ALGEMEEN > Instellingen > Verzendmethoden: the Beheerder adds and changes shipping methods and their
Track & Trace links; every rule is the service's and comes back on the page with 422."""

import time
from html import unescape

import pytest

from backoffice.exceptions import ActionRefused
from orders.models import Carrier
from shipping.methods import services as settings_services
from shipping.methods.services import shipping_method_save
from shipping.models import ShippingMethod
from shipping.services import order_mark_shipped
from tests.concurrency import click_twice_at_once
from tests.orders.factories import address, make_order
from tests.support import HTMX

pytestmark = pytest.mark.django_db

URL = "/settings/shipping-methods/"
EXAMPLE_URL = f"{URL}example/"
POSTNL_EXAMPLE = "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012AB"


def edit_url(method: ShippingMethod) -> str:
    return f"{URL}{method.pk}/"


def stored() -> list[tuple[str, str, str]]:
    return list(ShippingMethod.objects.order_by("pk").values_list("name", "carrier", "tracking_url"))


def posted(**changes) -> dict:
    return {"name": "DHL Express", "carrier": Carrier.DHL, "tracking_url": ""} | changes


@pytest.fixture
def postnl():
    return ShippingMethod.objects.create(name="PostNL pakket", carrier=Carrier.POSTNL)


# Every refusal of a method's fields: (fields, the message the Beheerder reads).
REFUSALS = [
    pytest.param({"name": "  "}, "Vul de naam in, precies zoals de webwinkel", id="no-name"),
    pytest.param({"name": "x" * 101}, "Een naam heeft hoogstens 100 tekens.", id="long-name"),
    pytest.param(
        {"name": "postnl PAKKET"},
        "Er is al een verzendmethode “PostNL pakket”. Kies een andere naam, of pas die verzendmethode aan.",
        id="name-taken-in-another-case",
    ),
    pytest.param({"carrier": "tnt"}, "Kies een vervoerder uit de lijst.", id="unknown-carrier"),
    pytest.param(
        {"tracking_url": "http://track.example.nl/{code}"}, "Een Track & Trace-link begint met https://", id="http"
    ),
    pytest.param(
        {"tracking_url": "track.example.nl/{code}"}, "Een Track & Trace-link begint met https://", id="no-scheme"
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/zoek?postcode={postcode}"},
        "Zet {code} in de link: daar komt de Track & Trace-code van het pakket.",
        id="no-code",
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{code}?klant={name}"},
        "De link bevat {name}; die wordt niet ingevuld. Gebruik alleen {code}, {postcode} en {country}.",
        id="unknown-placeholder",
    ),
    pytest.param({"tracking_url": "https://track.example.nl/{}/{code}"}, "De link bevat {};", id="empty-placeholder"),
    pytest.param({"tracking_url": "https://track.example.nl/{0}/{code}"}, "De link bevat {0};", id="positional"),
    pytest.param({"tracking_url": "https://track.example.nl/{code!r}"}, "De link bevat {code!r};", id="conversion"),
    pytest.param({"tracking_url": "https://track.example.nl/{code:>20}"}, "De link bevat {code:>20};", id="format"),
    pytest.param({"tracking_url": "https://track.example.nl/{code.upper}"}, "De link bevat {code.upper};", id="attr"),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{code}}"}, "De link bevat een losse accolade ({ of }).", id="stray-}"
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{code}/{postcode"},
        "De link bevat een losse accolade ({ of }).",
        id="unclosed-{",
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{{code}}"},
        "De link bevat een losse accolade ({ of }).",
        id="escaped-braces",
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{code} {postcode}"},
        "Een Track & Trace-link bevat geen spaties.",
        id="space",
    ),
    pytest.param(
        {"tracking_url": 'https://track.example.nl/{code}?x="><script>'},
        'Een Track & Trace-link bevat geen " < >: die tekens horen niet in een link.',
        id="quote-and-angle-brackets",
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/{code}?a='b'"},
        "Een Track & Trace-link bevat geen ': die tekens horen niet in een link.",
        id="single-quote",
    ),
    pytest.param(
        {"tracking_url": "https://{code}/"}, "Dit wordt geen geldige link: https://3SABCD1234567/", id="no-host"
    ),
    pytest.param(
        {"tracking_url": "https://track.example.nl/" + "x" * 280 + "/{code}"},
        "Een Track & Trace-link heeft hoogstens 300 tekens",
        id="long-link",
    ),
]


# --- the page -----------------------------------------------------------------------------------------------


def test_a_beheerder_sees_the_methods_with_their_links_and_examples(admin_client, postnl):
    ShippingMethod.objects.create(
        name="Brievenbuspakje", carrier=Carrier.POSTNL, tracking_url="https://t.example.nl/{code}?pc={postcode}"
    )
    ShippingMethod.objects.create(name="Afhalen", carrier=Carrier.PICKUP)

    page = admin_client.get(URL)

    assert page.status_code == 200
    html = page.text
    assert 'id="settings-tab-shipping-methods" role="tab" aria-selected="true"' in html
    assert 'id="settings-tab-shop" role="tab" aria-selected="false"' in html
    assert html.index("Afhalen") < html.index("Brievenbuspakje") < html.index("PostNL pakket")  # by name
    postnl_row = html[html.index(f'id="shipping-method-{postnl.pk}"') :]
    postnl_row = postnl_row[: postnl_row.index("</tr>")]
    assert "(standaard van PostNL)" in postnl_row and POSTNL_EXAMPLE in postnl_row
    assert f'href="{edit_url(postnl)}"' in postnl_row
    assert "https://t.example.nl/{code}?pc={postcode}" in html
    assert "https://t.example.nl/3SABCD1234567?pc=1012AB" in html
    assert "precies zoals de webwinkel hem meestuurt" in html  # orders find their method by name
    # the other settings tabs lead here too
    assert f'href="{URL}"' in admin_client.get("/settings/advanced/administration/").text


def test_a_beheerder_adds_a_method(admin_client):
    link = "https://www.dhl.nl/volgen?code={code}&land={country}"

    response = admin_client.post(URL, posted(name=" DHL Express ", tracking_url=f" {link} "))

    assert response.status_code == 302
    assert response.url == URL
    assert stored() == [("DHL Express", Carrier.DHL, link)]
    page = admin_client.get(URL).text
    assert "Verzendmethode “DHL Express” is toegevoegd." in page
    assert "https://www.dhl.nl/volgen?code=3SABCD1234567&amp;land=NL" in page


def test_a_beheerder_changes_a_method(admin_client, postnl):
    page = admin_client.get(edit_url(postnl))
    assert page.status_code == 200
    assert 'value="PostNL pakket"' in page.text and 'aria-selected="true"' in page.text

    response = admin_client.post(
        edit_url(postnl),
        posted(name="PostNL Pakket", carrier=Carrier.POSTNL, tracking_url="https://t.example.nl/{code}"),
    )

    assert response.status_code == 302
    assert response.url == URL
    assert stored() == [("PostNL Pakket", Carrier.POSTNL, "https://t.example.nl/{code}")]  # its own name, other case
    assert "Verzendmethode “PostNL Pakket” is opgeslagen." in admin_client.get(URL).text


def test_emptying_the_link_goes_back_to_the_carriers_link(admin_client):
    method = ShippingMethod.objects.create(name="DHL", carrier=Carrier.DHL, tracking_url="https://t.example.nl/{code}")

    admin_client.post(edit_url(method), posted(name="DHL", tracking_url=""))

    assert stored() == [("DHL", Carrier.DHL, "")]


def test_a_method_that_does_not_exist_is_404(admin_client):
    assert admin_client.get(f"{URL}999999/").status_code == 404


def test_a_medewerker_can_neither_see_nor_change_methods(staff_client, postnl):
    before = stored()

    assert staff_client.get(URL).status_code == 403
    assert staff_client.post(URL, posted()).status_code == 403
    assert staff_client.get(edit_url(postnl)).status_code == 403
    assert staff_client.post(edit_url(postnl), posted(name="Gewijzigd")).status_code == 403
    assert staff_client.post(EXAMPLE_URL, {"carrier": "dhl", "tracking_url": ""}).status_code == 403
    assert stored() == before


def test_without_login_it_is_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize(("changes", "message"), REFUSALS)
def test_a_refused_new_method_is_not_saved(admin_client, postnl, changes, message):
    before = stored()

    response = admin_client.post(URL, posted(**changes))

    assert response.status_code == 422
    assert message in unescape(response.text)
    assert "De verzendmethode is niet opgeslagen." in response.text
    assert stored() == before


@pytest.mark.parametrize(("changes", "message"), REFUSALS)
def test_a_refused_change_is_not_saved(admin_client, postnl, changes, message):
    method = ShippingMethod.objects.create(name="DHL Express", carrier=Carrier.DHL)
    before = stored()

    response = admin_client.post(edit_url(method), posted(**changes))

    assert response.status_code == 422
    assert message in unescape(response.text)
    assert stored() == before


def test_a_refusal_of_the_service_comes_back_on_the_form(admin_client, monkeypatch):
    """The form checks what it can; what only the locked service sees (a name taken a moment ago) is shown too."""
    from shipping.methods import views as settings_views

    def taken_meanwhile(**kwargs):
        raise ActionRefused("Er is al een verzendmethode “DHL Express”.")

    monkeypatch.setattr(settings_views, "shipping_method_save", taken_meanwhile)

    response = admin_client.post(URL, posted())

    assert response.status_code == 422
    assert "Er is al een verzendmethode “DHL Express”." in response.text
    assert stored() == []


# --- the example link ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carrier", "link", "example"),
    [
        (Carrier.POSTNL, "", POSTNL_EXAMPLE),
        (
            Carrier.DHL,
            "https://t.example.nl/{country}/{postcode}/{code}",
            "https://t.example.nl/NL/1012AB/3SABCD1234567",
        ),
    ],
)
def test_the_form_shows_the_example_link_while_typing(admin_client, carrier, link, example):
    typed = {"carrier": carrier, "tracking_url": link}

    response = admin_client.post(EXAMPLE_URL, typed, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text  # the example partial only
    assert 'id="tracking-example"' in response.text
    assert f'<a href="{example}"' in response.text
    assert "Voorbeeld voor een pakket met code 3SABCD1234567 naar postcode 1012AB (NL)" in response.text


def test_the_example_says_what_is_wrong_with_the_link(admin_client):
    response = admin_client.post(EXAMPLE_URL, {"carrier": "dhl", "tracking_url": "https://t.example.nl/{name}"})

    assert "De link bevat {name}" in unescape(response.text)
    assert "<a href" not in response.text


def test_the_example_for_a_carrier_without_a_link(admin_client):
    response = admin_client.post(EXAMPLE_URL, {"carrier": Carrier.PICKUP, "tracking_url": ""})

    assert "Geen Track & Trace-link: Afhalen heeft geen standaardlink." in unescape(response.text)


# --- the service --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "message"), REFUSALS)
def test_the_service_refuses_what_the_page_refuses(admin_user, postnl, changes, message):
    before = stored()

    with pytest.raises(ActionRefused) as refused:
        shipping_method_save(**posted(**changes), actor=admin_user)

    assert message in refused.value.message
    assert stored() == before


def test_a_saved_link_is_the_one_a_shipped_parcel_gets(admin_user, staff):
    shipping_method_save(
        name="PostNL pakket",
        carrier=Carrier.POSTNL,
        tracking_url="https://volg.example.nl/{code}?pc={postcode}&land={country}",
        actor=admin_user,
    )
    order = make_order(shipping_method="PostNL pakket", billing=address(postcode="1012 LG", country="NL"))

    [shipment] = order_mark_shipped(order=order, actor=staff, tracking_code="3SABCD1234567")

    assert shipment.tracking_url == "https://volg.example.nl/3SABCD1234567?pc=1012LG&land=NL"


def test_a_changed_link_is_used_for_the_next_parcel(admin_user, staff, postnl):
    first = make_order(shipping_method="PostNL pakket")
    [before] = order_mark_shipped(order=first, actor=staff, tracking_code="3SFIRST0001")

    link = "https://t.example.nl/{code}"
    shipping_method_save(
        method=postnl, name="PostNL pakket", carrier=Carrier.POSTNL, tracking_url=link, actor=admin_user
    )
    second = make_order(shipping_method="PostNL pakket")
    [after] = order_mark_shipped(order=second, actor=staff, tracking_code="3SNEXT0002")

    assert before.tracking_url.startswith("https://jouw.postnl.nl/track-and-trace/3SFIRST0001")
    assert after.tracking_url == "https://t.example.nl/3SNEXT0002"
    before.refresh_from_db()
    assert before.tracking_url.startswith("https://jouw.postnl.nl/")  # a parcel that left keeps its link


@pytest.mark.django_db(transaction=True)
def test_two_people_adding_the_same_name_at_once_add_one_method(admin_user, monkeypatch):
    """Each has checked the name before the other has saved it; without the lock both would insert."""
    check = settings_services.shipping_method_name_problem

    def slow_check(name, **kwargs):
        problem = check(name, **kwargs)
        time.sleep(0.3)
        return problem

    monkeypatch.setattr(settings_services, "shipping_method_name_problem", slow_check)
    names = iter(["DHL Express", "dhl express"])

    outcomes = click_twice_at_once(
        lambda: shipping_method_save(name=next(names), carrier=Carrier.DHL, tracking_url="", actor=admin_user)
    )

    assert outcomes == ["done", "refused"]
    assert ShippingMethod.objects.count() == 1
