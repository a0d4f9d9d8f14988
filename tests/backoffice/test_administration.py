import pytest

from backoffice import views
from backoffice.forms.shop import AdministrationForm
from backoffice.models import InvoiceTiming, NumberCounter, ShopSettings
from backoffice.numbering import CREDIT_INVOICE_SERIES, INVOICE_SERIES, PACKING_SLIP_SERIES
from tests.orders.factories import make_order
from tests.shipping.factories import make_shipment

pytestmark = pytest.mark.django_db

URL = "/settings/advanced/administration/"
FIELDS = AdministrationForm.Meta.fields


def stored() -> dict:
    """The Administratie settings as the database has them."""
    ShopSettings.load()
    return ShopSettings.objects.values(*FIELDS).get(pk=1)


def posted(**changes) -> dict:
    """What the page posts: the stored settings with `changes` (True/False: box ticked or not, None: empty)."""
    data = {}
    for field, value in (stored() | changes).items():
        if value is True:
            data[field] = "on"
        elif value is not False:  # an unticked box is not posted at all
            data[field] = "" if value is None else str(value)
    return data


def test_a_beheerder_opens_the_administration_tab(admin_client):
    page = admin_client.get(URL)

    assert page.status_code == 200
    html = page.text
    assert 'id="settings-tab-administration" role="tab" aria-selected="true"' in html
    assert 'id="settings-tab-shop" role="tab" aria-selected="false"' in html
    for legend in ["Facturen", "Nummering", "Pakbonnen", "Betaling", "Privacy op de factuur"]:
        assert f"<legend>{legend}</legend>" in html
    assert 'type="radio" name="invoice_timing" value="manual"' in html
    assert "knop ‘Factuur aanmaken’" in html  # the help text says what Handmatig does
    assert 'name="packing_slip_prefix" value="P"' in html
    assert "laatst gebruikte pakbonnummer" in html  # the help text says numbers are never reused
    # the existing page has the tabs too, the other way round
    shop_page = admin_client.get("/settings/").text
    assert 'id="settings-tab-shop" role="tab" aria-selected="true"' in shop_page
    assert f'href="{URL}"' in shop_page


def test_a_medewerker_can_neither_open_nor_save_it(staff_client):
    before = stored()

    assert staff_client.get(URL).status_code == 403
    assert staff_client.post(URL, posted(payment_term_days=30)).status_code == 403
    assert stored() == before


def test_saving_stores_the_cleaned_values(admin_client):
    data = posted(
        invoice_timing=InvoiceTiming.MANUAL,
        invoice_send_on_issue=False,
        invoice_prefix=" f2026- ",
        invoice_start_number=100,
        credit_invoice_own_series=True,
        credit_invoice_prefix="cf2026-",
        credit_invoice_start_number=5,
        packing_slip_prefix=" pb-26 ",
        packing_slip_start_number=50,
        payment_term_days=30,
        payment_reminder_after_days=7,
        invoice_hide_email=True,
    )

    response = admin_client.post(URL, data)

    assert response.status_code == 302
    assert response.url == URL
    assert stored() == {
        "invoice_timing": InvoiceTiming.MANUAL,
        "invoice_send_on_issue": False,
        "invoice_prefix": "F2026-",
        "invoice_start_number": 100,
        "credit_invoice_own_series": True,
        "credit_invoice_prefix": "CF2026-",
        "credit_invoice_start_number": 5,
        "packing_slip_prefix": "PB-26",
        "packing_slip_start_number": 50,
        "payment_term_days": 30,
        "payment_reminder_after_days": 7,
        "invoice_hide_email": True,
        "invoice_hide_phone": False,
    }
    assert "De instellingen zijn opgeslagen." in admin_client.get(URL).text


def test_only_the_changed_fields_go_to_the_service(admin_client, monkeypatch):
    calls = []
    real_update = views.shop_settings_update

    def update(*, changes, actor):
        calls.append(changes)
        return real_update(changes=changes, actor=actor)

    monkeypatch.setattr(views, "shop_settings_update", update)

    admin_client.post(URL, posted(payment_term_days=30, invoice_hide_phone=True))

    assert calls == [{"payment_term_days": 30, "invoice_hide_phone": True}]


def test_an_empty_reminder_turns_the_automatic_reminder_off(admin_client):
    ShopSettings.objects.filter(pk=ShopSettings.load().pk).update(payment_reminder_after_days=7)

    admin_client.post(URL, posted(payment_reminder_after_days=None))

    assert stored()["payment_reminder_after_days"] is None


def test_an_empty_prefix_is_allowed(admin_client):
    response = admin_client.post(URL, posted(invoice_prefix="", packing_slip_prefix=""))

    assert response.status_code == 302
    assert (stored()["invoice_prefix"], stored()["packing_slip_prefix"]) == ("", "")


def test_the_next_packing_slip_gets_the_new_prefix_and_start_number(admin_client, staff):
    admin_client.post(URL, posted(packing_slip_prefix="PB", packing_slip_start_number=500))

    shipment = make_shipment(make_order(), actor=staff)

    assert shipment.number == "PB00500"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"invoice_prefix": "F 1"}, "alleen uit letters, cijfers en het streepje"),
        ({"invoice_prefix": "F/"}, "alleen uit letters, cijfers en het streepje"),
        ({"credit_invoice_prefix": "CF_"}, "alleen uit letters, cijfers en het streepje"),
        ({"invoice_prefix": "FACTUUR-2026"}, "hoogstens 10 tekens"),
        ({"credit_invoice_prefix": "CREDIT-2026"}, "hoogstens 10 tekens"),
        ({"packing_slip_prefix": "P B"}, "alleen uit letters, cijfers en het streepje"),
        ({"packing_slip_prefix": "PAKBON-2026"}, "hoogstens 10 tekens"),
        ({"invoice_start_number": 0}, "Een startnummer is 1 of hoger."),
        ({"credit_invoice_start_number": -3}, "Een startnummer is 1 of hoger."),
        ({"packing_slip_start_number": 0}, "Een startnummer is 1 of hoger."),
        ({"payment_term_days": -1}, "Kies een betaaltermijn van 0 tot en met 365 dagen."),
        ({"payment_term_days": 366}, "Kies een betaaltermijn van 0 tot en met 365 dagen."),
        ({"payment_reminder_after_days": 0}, "Kies 1 tot en met 365 dagen, of laat het veld leeg"),
        ({"payment_reminder_after_days": 366}, "Kies 1 tot en met 365 dagen, of laat het veld leeg"),
        # two series with the same prefix could print the same number
        pytest.param(
            {"credit_invoice_own_series": True, "invoice_prefix": "F", "credit_invoice_prefix": "f"},
            "Kies een ander voorvoegsel dan voor facturen: nu kunnen een factuur en een creditfactuur hetzelfde "
            "nummer krijgen, bijvoorbeeld F00001.",
            id="same-prefix",
        ),
        pytest.param(
            {"credit_invoice_own_series": True, "invoice_prefix": "", "credit_invoice_prefix": ""},
            "bijvoorbeeld 00001.",
            id="both-empty",
        ),
        # F100001 is invoice 100001 of the F-series and credit invoice 1 of the F1-series
        pytest.param(
            {"credit_invoice_own_series": True, "invoice_prefix": "F", "credit_invoice_prefix": "F1"},
            "bijvoorbeeld F100001.",
            id="prefix-plus-digits",
        ),
        pytest.param(
            {"credit_invoice_own_series": True, "invoice_prefix": "2026", "credit_invoice_prefix": ""},
            "bijvoorbeeld 202600001.",
            id="digits-plus-nothing",
        ),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(admin_client, changes, message):
    before = stored()
    # valid changes alongside: the whole form is refused, not just the bad field
    data = posted(**({"invoice_timing": InvoiceTiming.MANUAL, "invoice_hide_phone": True} | changes))

    response = admin_client.post(URL, data)

    assert response.status_code == 422
    assert message in response.text
    assert "De instellingen zijn niet opgeslagen." in response.text
    assert stored() == before


def test_the_same_prefix_is_fine_when_credit_invoices_share_the_invoice_series(admin_client):
    response = admin_client.post(
        URL, posted(credit_invoice_own_series=False, invoice_prefix="F", credit_invoice_prefix="F")
    )

    assert response.status_code == 302
    assert stored()["credit_invoice_prefix"] == "F"


@pytest.mark.parametrize("credit_prefix", ["CF", "F0", "F-", "FC"])
def test_prefixes_that_can_never_print_the_same_number_are_fine(admin_client, credit_prefix):
    data = posted(credit_invoice_own_series=True, invoice_prefix="F", credit_invoice_prefix=credit_prefix)

    assert admin_client.post(URL, data).status_code == 302
    assert stored()["credit_invoice_prefix"] == credit_prefix


class TestStartNumbersAreNeverReused:
    """Given invoices up to 12, credit invoices up to 4 and packing slips up to 7 have been numbered."""

    @pytest.fixture(autouse=True)
    def counters(self, db):
        NumberCounter.objects.create(series=INVOICE_SERIES, last_number=12)
        NumberCounter.objects.create(series=CREDIT_INVOICE_SERIES, last_number=4)
        NumberCounter.objects.create(series=PACKING_SLIP_SERIES, last_number=7)

    @pytest.mark.parametrize("start", [2, 12])
    def test_an_invoice_start_number_at_or_below_the_last_one_is_refused(self, admin_client, start):
        before = stored()

        response = admin_client.post(URL, posted(invoice_start_number=start))

        assert response.status_code == 422
        assert "Er zijn al facturen tot en met nummer 12 uitgegeven; kies een hoger startnummer." in response.text
        assert stored() == before

    def test_a_credit_invoice_start_number_at_or_below_its_own_last_one_is_refused(self, admin_client):
        before = stored()

        response = admin_client.post(URL, posted(credit_invoice_own_series=True, credit_invoice_start_number=4))

        assert response.status_code == 422
        assert "Er zijn al creditfacturen tot en met nummer 4 uitgegeven; kies een hoger startnummer." in response.text
        assert stored() == before

    @pytest.mark.parametrize("start", [3, 7])
    def test_a_packing_slip_start_number_at_or_below_the_last_one_is_refused(self, admin_client, start):
        before = stored()

        response = admin_client.post(URL, posted(packing_slip_start_number=start))

        assert response.status_code == 422
        assert "Er zijn al pakbonnen tot en met nummer 7 aangemaakt; kies een hoger startnummer." in response.text
        assert stored() == before

    def test_a_higher_start_number_is_stored(self, admin_client):
        response = admin_client.post(
            URL, posted(invoice_start_number=13, credit_invoice_start_number=5, packing_slip_start_number=8)
        )

        assert response.status_code == 302
        assert (
            stored()["invoice_start_number"],
            stored()["credit_invoice_start_number"],
            stored()["packing_slip_start_number"],
        ) == (13, 5, 8)

    def test_an_unchanged_start_number_does_not_block_other_changes(self, admin_client):
        # below the counters, but nobody touched them
        assert stored()["invoice_start_number"] == stored()["packing_slip_start_number"] == 1

        response = admin_client.post(URL, posted(payment_term_days=30))

        assert response.status_code == 302
        assert stored()["payment_term_days"] == 30
