"""The shop's settings in tests: the `shop` fixture fills them in, `shop_settings` changes them."""

from backoffice.models import ShopSettings

SHOP = {
    "name": "De Gouden Boon",
    "street": "Keizersgracht 12",
    "postcode": "1015 CS",
    "city": "Amsterdam",
    "email": "info@degoudenboon.nl",
    "phone": "020 555 0101",
    "vat_number": "NL814792054B01",
    "coc_number": "68750110",
    "iban": "NL44RABO0123456789",
    "languages": ["nl", "en", "de", "fr"],
}


def shop_settings(**fields) -> ShopSettings:
    """Change the shop's settings, as an administrator would have saved them; returns the row as it now is.

    Change settings through this, not with `.save()` on a row a fixture loaded earlier: that would write back
    whatever the row held then (another fixture may have changed e.g. `invoice_timing` since)."""
    ShopSettings.objects.filter(pk=1).update(**fields)
    return ShopSettings.load()
