"""The rules of ALGEMEEN > Instellingen > Verzendmethoden: what a shipping method may be called, what a tracking
link pattern may look like, and the link it gives for a sample parcel. The form and the service ask the same
functions."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from orders.models import Order

from ..models import TRACKING_PLACEHOLDERS, ShippingMethod
from ..rules import tracking_url

# The sample parcel of the settings page's example links.
SAMPLE_CODE = "3SABCD1234567"
SAMPLE_POSTCODE = "1012AB"
SAMPLE_COUNTRY = "NL"

NAME_MAX_LENGTH = ShippingMethod._meta.get_field("name").max_length
TRACKING_URL_MAX_LENGTH = ShippingMethod._meta.get_field("tracking_url").max_length


def tracking_example(pattern: str) -> str:
    """The link `pattern` gives for the sample parcel; "" without a pattern, or when it cannot be filled in."""
    sample = Order(shipping_postcode=SAMPLE_POSTCODE, shipping_country=SAMPLE_COUNTRY)
    try:
        return tracking_url(pattern, code=SAMPLE_CODE, order=sample)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):  # what str.format raises on a bad pattern
        return ""


def tracking_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be a shipping method's tracking link, or None. Empty is fine (the carrier's link).

    A pattern is an https:// link with {code} in it, and optionally {postcode} and {country}; any other
    brace would make str.format fail or fill in something else when a parcel is marked shipped.
    """
    if not pattern:
        return None
    if len(pattern) > TRACKING_URL_MAX_LENGTH:
        return _("Een Track & Trace-link heeft hoogstens %(max)s tekens; deze heeft er %(length)s.") % {
            "max": TRACKING_URL_MAX_LENGTH,
            "length": len(pattern),
        }
    if any(char.isspace() for char in pattern):
        return _("Een Track & Trace-link bevat geen spaties.")
    if not pattern.lower().startswith("https://"):
        return _("Een Track & Trace-link begint met https://, bijvoorbeeld https://www.vervoerder.nl/volg/{code}.")
    stray_brace = _(
        "De link bevat een losse accolade ({ of }). Accolades staan alleen om {code}, {postcode} en {country}."
    )
    try:
        parts = list(Formatter().parse(pattern))
    except ValueError:  # "Single '}' encountered", "expected '}' before end of string"
        return stray_brace
    placeholders = set()
    for literal, name, format_spec, conversion in parts:
        if "{" in literal or "}" in literal:  # {{ and }} come back as a literal brace
            return stray_brace
        if name is None:
            continue
        if name not in TRACKING_PLACEHOLDERS or format_spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{format_spec}" if format_spec else "")
            return _(
                "De link bevat %(placeholder)s; die wordt niet ingevuld. "
                "Gebruik alleen {code}, {postcode} en {country}."
            ) % {"placeholder": written + "}"}
        placeholders.add(name)
    # Escaped on every page, but there is no reason to store what could break out of an attribute.
    if forbidden := [char for char in "\"'<>\\`" if char in pattern]:
        return _("Een Track & Trace-link bevat geen %(characters)s: die tekens horen niet in een link.") % {
            "characters": " ".join(forbidden)
        }
    if "code" not in placeholders:
        return _("Zet {code} in de link: daar komt de Track & Trace-code van het pakket.")
    example = tracking_example(pattern)
    try:
        URLValidator(schemes=["https"])(example)
    except ValidationError:
        return _("Dit wordt geen geldige link: %(example)s") % {"example": example}
    return None


def shipping_method_name_problem(name: str, *, method: ShippingMethod | None = None) -> str | None:
    """Why `name` (stripped) cannot be the name of `method` (None: a new one), or None.

    Names are unique regardless of case: "DHL Express" and "dhl express" would be two rows that look alike,
    of which an order matches only one.
    """
    if not name:
        return _("Vul de naam in, precies zoals de webwinkel de verzendmethode bij een order meestuurt.")
    if len(name) > NAME_MAX_LENGTH:
        return _("Een naam heeft hoogstens %(max)s tekens.") % {"max": NAME_MAX_LENGTH}
    others = ShippingMethod.objects.filter(name__iexact=name)
    if method is not None:
        others = others.exclude(pk=method.pk)
    if other := others.first():
        return _("Er is al een verzendmethode “%(name)s”. Kies een andere naam, of pas die verzendmethode aan.") % {
            "name": other.name
        }
    return None
