"""An address formatted the way the post of its country wants it (the lines under the name).

NL, BE, DE, FR, LU: street and number, then postcode and city (NL with a space in the postcode: 1012 AB);
FR puts the city in capitals. Other countries: the same, with the country's name last.
"""

from django.utils.translation import gettext_lazy as _

from orders.models import Address

COUNTRY_NAMES = {
    "NL": _("Nederland"),
    "BE": _("België"),
    "DE": _("Duitsland"),
    "FR": _("Frankrijk"),
    "LU": _("Luxemburg"),
}


def postcode_shown(postcode: str, country: str) -> str:
    """Stored '1012AB' shown as '1012 AB' (NL); '75001' as is; Luxembourg as 'L-1234'."""
    if country == "NL" and len(postcode) == 6:
        return f"{postcode[:4]} {postcode[4:]}"
    if country == "LU" and postcode.isdigit():
        return f"L-{postcode}"
    return postcode


def address_lines(address: Address) -> list[str]:
    """The name first, then the lines below it; the country's name last (a domestic letter would leave it out,
    but the shop ships abroad, so it is always there)."""
    country = address.country.upper()
    city = address.city.upper() if country == "FR" else address.city
    lines = [address.name, address.street_line, f"{postcode_shown(address.postcode, country)} {city}".strip()]
    lines.append(str(COUNTRY_NAMES.get(country, country)))
    return [line for line in lines if line]
