import re

import pytest
from playwright.sync_api import expect

from orders.models import Carrier
from shipping.models import ShippingMethod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_beheerder_adds_dhl_express_with_its_own_tracking_link(admin_page):
    ShippingMethod.objects.create(name="PostNL pakket", carrier=Carrier.POSTNL)
    page = admin_page
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Instellingen").click()

    # Anne opens the Verzendmethoden tab: PostNL pakket uses PostNL's own link
    page.get_by_role("tab", name="Verzendmethoden").click()
    expect(page).to_have_url(re.compile(r"/settings/shipping-methods/$"))
    expect(page.get_by_role("tab", name="Verzendmethoden")).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel", name="Verzendmethoden")
    expect(panel.get_by_role("row", name=re.compile("PostNL pakket"))).to_contain_text("(standaard van PostNL)")

    # she adds DHL Express with DHL's express tracking page; the example follows what she types
    form = panel.get_by_role("region", name="Verzendmethode toevoegen")
    form.get_by_label("Naam").fill("DHL Express")
    form.get_by_label("Vervoerder").select_option(label="DHL")
    form.get_by_label("Track & Trace-link").fill("https://www.dhl.com/nl-nl/home/express/volgen.html?AWB={code}")
    expect(form.locator("#tracking-example")).to_contain_text(
        "https://www.dhl.com/nl-nl/home/express/volgen.html?AWB=3SABCD1234567"
    )
    form.get_by_role("button", name="Toevoegen").click()

    expect(page.locator("#messages")).to_have_text("Verzendmethode “DHL Express” is toegevoegd.")
    row = page.get_by_role("row", name=re.compile("DHL Express"))
    expect(row).to_contain_text("https://www.dhl.com/nl-nl/home/express/volgen.html?AWB={code}")
    expect(row).to_contain_text("https://www.dhl.com/nl-nl/home/express/volgen.html?AWB=3SABCD1234567")
    method = ShippingMethod.objects.get(name="DHL Express")
    assert (method.carrier, method.tracking_url) == (
        Carrier.DHL,
        "https://www.dhl.com/nl-nl/home/express/volgen.html?AWB={code}",
    )
