import base64
import io
import random

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.text
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


# --- the shop's logo (Winkelgegevens) -------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


def png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1f4e79").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), "#f2c14e").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def post_logo(client, **data):
    """Winkelgegevens saved as they are, with `data` (logo=<file> and/or logo-clear=on) on top."""
    form = {"name": "Webwinkel", "country": "NL", "languages": ["nl"], "order_prefix": "ORD", "order_start_number": "1"}
    return client.post("/settings/", {**form, **data})


def stored_files(media_root) -> list[str]:
    folder = media_root / "shop"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_the_settings_form_takes_a_file(admin_client):
    page = admin_client.get("/settings/").text

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="logo"' in page
    assert "Logo verwijderen" not in page  # nothing to remove yet


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("Logo Gouden Boon.png", png(), "image/png"),
        ("logo.JPG", jpeg(), "image/jpeg"),
        ("logo.svg", SVG.format('<defs><path id="a" d="M0 0h5v5z"/></defs><use xlink:href="#a"/><use href="#a"/>'),
         "image/svg+xml"),
        ("ingebed.svg", SVG.format(f'<image href="data:image/png;base64,{base64.b64encode(png(2, 2)).decode()}"/>'),
         "image/svg+xml"),
        ("met-stijl.svg", SVG.format('<style>.a { fill: url(#v) }</style><rect class="a" style="fill: url(#v)"/>'),
         "image/svg+xml"),
        ("inkscape.svg", '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n'
         + SVG.format('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>'),
         "image/svg+xml"),
    ],
    ids=["png", "jpeg", "svg", "svg-with-embedded-png", "svg-with-internal-css", "svg-from-inkscape"],
)  # fmt: skip
def test_a_logo_is_stored_and_previewed(admin_client, media_root, name, content, mime_type):
    response = post_logo(admin_client, logo=upload(name, content))

    assert response.status_code == 302
    shop = ShopSettings.load()
    assert shop.logo.name.startswith("shop/")
    with shop.logo.open("rb") as file:
        assert file.read() == (content.encode() if isinstance(content, str) else content)
    page = admin_client.get("/settings/").text
    assert f'src="data:{mime_type};base64,' in page  # media files are not served: the preview is inline
    assert 'name="logo-clear"' in page and "Logo verwijderen" in page


def test_the_demo_logo_passes(admin_client):
    with open(finders.find("invoicing/logo.svg"), "rb") as file:
        response = post_logo(admin_client, logo=upload("logo.svg", file.read()))

    assert response.status_code == 302 and ShopSettings.load().logo


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", "Dit is gewoon tekst.", "geen PNG-afbeelding"),
        ("logo.jpg", png(), "geen JPEG-afbeelding"),  # a PNG with a .jpg name
        ("logo.png", png()[:60], "geen PNG-afbeelding"),  # cut off
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Kies een PNG-, JPEG- of SVG-bestand."),
        ("logo", png(), "Kies een PNG-, JPEG- of SVG-bestand."),
        ("logo.png", png(4001, 10), "hoogstens 4000"),
        ("logo.svg", SVG.format("<script>alert(document.cookie)</script>"), "geen scripts"),
        ("logo.svg", SVG.format('<script xlink:href="https://example.com/x.js"/>'), "geen scripts"),
        ("logo.svg", SVG.format('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'), "geen scripts"),
        ("logo.svg", SVG.format('<rect width="5" height="5" onclick="alert(1)"/>'), "geen scripts"),
        ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "geen scripts"),
        ("logo.svg", SVG.format("<foreignObject><p>hoi</p></foreignObject>"), "geen scripts"),
        ("logo.svg", SVG.format('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://example.com"/>'),
         "geen scripts"),
        ("logo.svg", SVG.format('<image xlink:href="https://example.com/tracker.png"/>'), "verwijst naar"),
        ("logo.svg", SVG.format('<image href="file:///etc/passwd"/>'), "verwijst naar"),
        ("logo.svg", SVG.format('<image href="logo.png"/>'), "verwijst naar"),
        ("logo.svg", SVG.format('<a href="javascript:alert(1)"><rect width="5" height="5"/></a>'), "verwijst naar"),
        ("logo.svg", SVG.format('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>'), "verwijst naar"),
        ("logo.svg", SVG.format('<style>@import "https://example.com/x.css";</style>'), "verwijst naar"),
        ("logo.svg", SVG.format('<rect style="fill: url(https://example.com/x.svg#p)"/>'), "verwijst naar"),
        ("logo.svg", '<!DOCTYPE svg [<!ENTITY lol "lol">]>' + SVG.format("<text>&lol;</text>"), "DOCTYPE"),
        ("logo.svg", '<!DOCTYPE svg SYSTEM "file:///etc/passwd">' + SVG.format(""), "DOCTYPE"),
        ("logo.svg", '<?xml-stylesheet href="https://example.com/x.css"?>' + SVG.format(""), "DOCTYPE"),
        ("logo.svg", '<html xmlns="http://www.w3.org/1999/xhtml"><body>hoi</body></html>', "begint niet met"),
        ("logo.svg", '<svg xmlns="http://example.com/not-svg"/>', "begint niet met"),
        ("logo.svg", "<svg><rect></svg>", "geen geldig SVG-bestand"),
        ("logo.svg", SVG.format("<text>café</text>").encode("utf-16"), "geen UTF-8-tekst"),
        ("logo.svg", png(), "geen UTF-8-tekst"),
        ("logo.svg", b"", "leeg"),
    ],
)  # fmt: skip
def test_a_logo_that_is_not_a_plain_image_is_refused_and_nothing_is_stored(admin_client, media_root, name, content,
                                                                           message):  # fmt: skip
    response = post_logo(admin_client, logo=upload(name, content))

    assert response.status_code == 422
    assert message in response.text
    assert ShopSettings.load().logo.name == ""
    assert stored_files(media_root) == []


def test_a_logo_over_1_mb_is_refused(admin_client, media_root):
    noise = Image.frombytes("RGB", (700, 700), random.Random(4).randbytes(700 * 700 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")  # a real PNG, only too large
    assert buffer.tell() > 1024 * 1024

    response = post_logo(admin_client, logo=upload("foto.png", buffer.getvalue()))

    assert response.status_code == 422
    assert "Het logo mag hoogstens 1 MB zijn; dit bestand is 1,4\xa0MB." in response.text
    assert ShopSettings.load().logo.name == "" and stored_files(media_root) == []


def test_a_refused_logo_leaves_the_current_one(admin_client, media_root):
    post_logo(admin_client, logo=upload("logo.png", png()))
    before = ShopSettings.load().logo.name

    response = post_logo(admin_client, logo=upload("logo.svg", SVG.format("<script>alert(1)</script>")))

    assert response.status_code == 422
    assert ShopSettings.load().logo.name == before and stored_files(media_root) == ["logo.png"]
    assert 'src="data:image/png;base64,' in response.text  # the preview still shows the stored logo


def test_a_new_logo_replaces_the_old_file(admin_client, media_root, django_capture_on_commit_callbacks):
    post_logo(admin_client, logo=upload("oud.png", png()))

    with django_capture_on_commit_callbacks(execute=True):
        response = post_logo(admin_client, logo=upload("nieuw.svg", SVG.format("")))

    assert response.status_code == 302
    assert ShopSettings.load().logo.name == "shop/nieuw.svg"
    assert stored_files(media_root) == ["nieuw.svg"]  # issued invoices keep their logo inside their stored PDF


def test_logo_verwijderen_clears_the_logo_and_deletes_the_file(admin_client, media_root,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    post_logo(admin_client, logo=upload("logo.png", png()))

    with django_capture_on_commit_callbacks(execute=True):
        response = post_logo(admin_client, **{"logo-clear": "on"})

    assert response.status_code == 302
    assert ShopSettings.load().logo.name == ""
    assert stored_files(media_root) == []
    assert "Logo verwijderen" not in admin_client.get("/settings/").text


def test_saving_other_settings_keeps_the_logo(admin_client, media_root, django_capture_on_commit_callbacks):
    post_logo(admin_client, logo=upload("logo.png", png()))

    with django_capture_on_commit_callbacks(execute=True):
        response = post_logo(admin_client, name="Koffie & Co")

    assert response.status_code == 302
    shop = ShopSettings.load()
    assert (shop.name, shop.logo.name) == ("Koffie & Co", "shop/logo.png")
    assert stored_files(media_root) == ["logo.png"]


def test_a_new_logo_and_logo_verwijderen_at_once_is_refused(admin_client, media_root):
    post_logo(admin_client, logo=upload("logo.png", png()))

    response = post_logo(admin_client, logo=upload("nieuw.png", png()), **{"logo-clear": "on"})

    assert response.status_code == 422
    assert "niet allebei" in response.text
    assert ShopSettings.load().logo.name == "shop/logo.png" and stored_files(media_root) == ["logo.png"]
