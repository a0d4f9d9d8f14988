"""Demo data for `manage.py seed_demo`: the demo logins, a Dutch shop, and orders that look real.

Two ways to make orders:
- `demo_orders_create()`: ~50 hand-shaped orders through `orders.services.order_create`, so numbering and
  history are exactly what the webshop would produce.
- `orders_bulk_create(total=N)`: tops the database up to N orders for benchmarks. It bypasses the service
  (1,000,000 orders must take minutes) but writes the same shape: totals that add up, normalized postcodes,
  one ORDER_CREATED event per order, numbers that continue the "order" counter. Its memory does not grow with N
  (10,000,000 orders are a benchmark): rows are made and written a batch at a time, and a customer is computed
  from its id wherever an order needs it, never kept (`_BulkCustomers`).

Everything is deterministic (`random.Random(2026)`); only dates move with the day you run it.
"""

import functools
import itertools
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from addresses.geocoding import address_key
from addresses.models import GeocodedAddress, GeocodeStatus
from backoffice.models import InvoiceTiming, NumberCounter, ShopSettings, User
from backoffice.money import quantize
from backoffice.numbering import number_format
from backoffice.roles import Role, ensure_roles
from backoffice.services import shop_settings_update
from customers.models import Customer
from history.models import OrderEvent
from invoicing.models import Invoice
from memos.services import memo_add
from orders.events import OrderEventType
from orders.lifecycle import Facts, system_status
from orders.models import Address, CancelReason, Carrier, Order, OrderLine, PaymentMethod, ShipmentStatus
from orders.services import ORDER_SERIES, LineInput, order_cancel, order_create, order_hold
from returns.models import ReturnAction, ReturnReason, ReturnStatus
from returns.services import return_create, return_credit, return_status_change
from shipping.methods.services import shipping_method_save
from shipping.models import Shipment, ShippingMethod
from shipping.services import order_mark_shipped, shipment_create, shipment_mark_shipped
from status.models import CustomStatus
from status.services import custom_status_create, order_custom_status_set
from tasks.models import Task, TaskPriority, TaskStatus
from tasks.services import task_add
from tickets.services import ticket_close, ticket_open, ticket_reply

SEED = 2026
D = Decimal

# --- accounts and the shop ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str  # weak on purpose: demo only, set without the password validators
    first_name: str
    last_name: str
    role: Role | None  # None: a customer's login (My Account), not staff


DEMO_ACCOUNTS = [
    DemoAccount("admin@example.com", "admin", "Anne", "Bakker", Role.ADMIN),
    DemoAccount("medewerker@example.com", "medewerker", "Mila", "de Vries", Role.STAFF),
    DemoAccount("klant@example.com", "klant", "Sanne", "Jansen", None),
]
CUSTOMER_ACCOUNT = DEMO_ACCOUNTS[2]
CUSTOMER_PHONE = "06 41278390"

DEMO_LOGO = "invoicing/logo.svg"  # a static file
SHOP = {
    "name": "De Gouden Boon",
    "street": "Oudegracht 158",
    "postcode": "3511AZ",
    "city": "Utrecht",
    "country": "NL",
    "email": "winkel@example.com",
    "phone": "030 234 56 78",
    "vat_number": "NL814792054B01",  # passes the RSIN eleven-test
    "coc_number": "68750110",
    "iban": "NL44RABO0123456789",  # valid mod-97
    "languages": ["nl", "en", "de", "fr"],
    "order_prefix": "ORD",
    "invoice_timing": InvoiceTiming.ON_ORDER,  # as a new shop starts: every demo order has its invoice
    "invoice_prefix": "F",
}


def accounts_ensure() -> list[User]:
    """The three demo logins. Made once; a second run leaves them (and changed passwords) alone."""
    ensure_roles()
    users = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "language": "nl",
                "is_staff": account.role is not None,
            },
        )
        if created:
            user.set_password(account.password)
            user.save(update_fields=["password"])
        if account.role is not None:
            user.groups.add(Group.objects.get(name=account.role.value))
        users.append(user)
    customer_user = users[DEMO_ACCOUNTS.index(CUSTOMER_ACCOUNT)]
    if not Customer.objects.filter(user=customer_user).exists():
        Customer.objects.create(
            user=customer_user,
            email=customer_user.email,
            first_name=customer_user.first_name,
            last_name=customer_user.last_name,
            phone=CUSTOMER_PHONE,
            language="nl",
        )
    return users


def shop_settings_fill() -> ShopSettings:
    """A realistic Dutch shop, unless someone has filled in the settings already; the demo logo, unless the shop
    has a logo."""
    shop = ShopSettings.load()
    if not shop.vat_number:
        for field, value in SHOP.items():
            setattr(shop, field, value)
        shop.save()
    if not shop.logo:
        with open(finders.find(DEMO_LOGO), "rb") as file:
            logo = ContentFile(file.read(), name="logo.svg")
        shop = shop_settings_update(changes={"logo": logo}, actor=None)
    return shop


# --- data: places, people, products ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    street: str
    house_number: str
    postcode: str
    city: str
    country: str
    region: str  # "nl", "vl" (Flanders, Dutch-speaking) or "fr" (Brussels, Wallonia)


# Real streets with their own postcode area; the house number and the postcode letters are best effort.
PLACES = [
    Place("Prinsengracht", "263", "1016 GV", "Amsterdam", "NL", "nl"),
    Place("Museumstraat", "1", "1071 XX", "Amsterdam", "NL", "nl"),
    Place("Kalverstraat", "92", "1012 PH", "Amsterdam", "NL", "nl"),
    Place("Plantage Kerklaan", "38", "1018 CZ", "Amsterdam", "NL", "nl"),
    Place("Ferdinand Bolstraat", "118", "1072 LN", "Amsterdam", "NL", "nl"),
    Place("Haarlemmerdijk", "41", "1013 KA", "Amsterdam", "NL", "nl"),
    Place("Javastraat", "67", "1094 HC", "Amsterdam", "NL", "nl"),
    Place("Overtoom", "301", "1054 HW", "Amsterdam", "NL", "nl"),
    Place("Vredenburgkade", "11", "3511 WC", "Utrecht", "NL", "nl"),
    Place("Twijnstraat", "24", "3511 ZK", "Utrecht", "NL", "nl"),
    Place("Biltstraat", "106", "3572 BH", "Utrecht", "NL", "nl"),
    Place("Amsterdamsestraatweg", "214", "3551 CR", "Utrecht", "NL", "nl"),
    Place("Jaarbeursplein", "6", "3521 AL", "Utrecht", "NL", "nl"),
    Place("Coolsingel", "40", "3011 AD", "Rotterdam", "NL", "nl"),
    Place("Witte de Withstraat", "50", "3012 BR", "Rotterdam", "NL", "nl"),
    Place("Nieuwe Binnenweg", "176", "3015 BJ", "Rotterdam", "NL", "nl"),
    Place("Zwart Janstraat", "89", "3035 AN", "Rotterdam", "NL", "nl"),
    Place("Spui", "70", "2511 BT", "Den Haag", "NL", "nl"),
    Place("Frederik Hendriklaan", "133", "2582 CB", "Den Haag", "NL", "nl"),
    Place("Grote Markt", "2", "2011 RD", "Haarlem", "NL", "nl"),
    Place("Breestraat", "117", "2311 CL", "Leiden", "NL", "nl"),
    Place("Oude Ebbingestraat", "56", "9712 HL", "Groningen", "NL", "nl"),
    Place("Stratumseind", "32", "5611 ET", "Eindhoven", "NL", "nl"),
    Place("Lange Hezelstraat", "19", "6511 CA", "Nijmegen", "NL", "nl"),
    Place("Vrijthof", "47", "6211 LE", "Maastricht", "NL", "nl"),
    Place("Diezerstraat", "81", "8011 RC", "Zwolle", "NL", "nl"),
    Place("Markt", "87", "2611 GW", "Delft", "NL", "nl"),
    Place("Langestraat", "63", "3811 AD", "Amersfoort", "NL", "nl"),
    Place("Veldstraat", "82", "9000", "Gent", "BE", "vl"),
    Place("Korenmarkt", "16", "9000", "Gent", "BE", "vl"),
    Place("Overpoortstraat", "49", "9000", "Gent", "BE", "vl"),
    Place("Meir", "78", "2000", "Antwerpen", "BE", "vl"),
    Place("Kammenstraat", "21", "2000", "Antwerpen", "BE", "vl"),
    Place("Statiestraat", "135", "2600", "Berchem", "BE", "vl"),
    Place("Bondgenotenlaan", "58", "3000", "Leuven", "BE", "vl"),
    Place("Steenstraat", "40", "8000", "Brugge", "BE", "vl"),
    Place("Bruul", "27", "2800", "Mechelen", "BE", "vl"),
    Place("Rue Neuve", "111", "1000", "Bruxelles", "BE", "fr"),
    Place("Avenue Louise", "212", "1050", "Ixelles", "BE", "fr"),
    Place("Rue Saint-Gilles", "33", "4000", "Liège", "BE", "fr"),
    Place("Rue de Fer", "18", "5000", "Namur", "BE", "fr"),
]

# Where the places are, so `make run` shows a map for every demo address without asking any geocoder: approximate
# coordinates of each street (read off a map, street level; not geocoder output), cached as geocoded (found).
PLACE_COORDINATES = {
    ("Prinsengracht", "Amsterdam"): (52.3752, 4.8840), ("Museumstraat", "Amsterdam"): (52.3600, 4.8852),
    ("Kalverstraat", "Amsterdam"): (52.3705, 4.8910), ("Plantage Kerklaan", "Amsterdam"): (52.3664, 4.9166),
    ("Ferdinand Bolstraat", "Amsterdam"): (52.3540, 4.8925), ("Haarlemmerdijk", "Amsterdam"): (52.3823, 4.8877),
    ("Javastraat", "Amsterdam"): (52.3632, 4.9379), ("Overtoom", "Amsterdam"): (52.3597, 4.8668),
    ("Vredenburgkade", "Utrecht"): (52.0925, 5.1130), ("Twijnstraat", "Utrecht"): (52.0840, 5.1230),
    ("Biltstraat", "Utrecht"): (52.0930, 5.1330), ("Amsterdamsestraatweg", "Utrecht"): (52.1030, 5.1010),
    ("Jaarbeursplein", "Utrecht"): (52.0880, 5.1050), ("Coolsingel", "Rotterdam"): (51.9225, 4.4792),
    ("Witte de Withstraat", "Rotterdam"): (51.9160, 4.4760), ("Nieuwe Binnenweg", "Rotterdam"): (51.9140, 4.4620),
    ("Zwart Janstraat", "Rotterdam"): (51.9290, 4.4810), ("Spui", "Den Haag"): (52.0770, 4.3170),
    ("Frederik Hendriklaan", "Den Haag"): (52.0960, 4.2830), ("Grote Markt", "Haarlem"): (52.3812, 4.6366),
    ("Breestraat", "Leiden"): (52.1585, 4.4900), ("Oude Ebbingestraat", "Groningen"): (53.2200, 6.5660),
    ("Stratumseind", "Eindhoven"): (51.4375, 5.4820), ("Lange Hezelstraat", "Nijmegen"): (51.8470, 5.8620),
    ("Vrijthof", "Maastricht"): (50.8490, 5.6880), ("Diezerstraat", "Zwolle"): (52.5130, 6.0950),
    ("Markt", "Delft"): (52.0115, 4.3585), ("Langestraat", "Amersfoort"): (52.1570, 5.3880),
    ("Veldstraat", "Gent"): (51.0520, 3.7220), ("Korenmarkt", "Gent"): (51.0546, 3.7213),
    ("Overpoortstraat", "Gent"): (51.0425, 3.7270), ("Meir", "Antwerpen"): (51.2180, 4.4100),
    ("Kammenstraat", "Antwerpen"): (51.2170, 4.3990), ("Statiestraat", "Berchem"): (51.1990, 4.4300),
    ("Bondgenotenlaan", "Leuven"): (50.8810, 4.7070), ("Steenstraat", "Brugge"): (51.2070, 3.2220),
    ("Bruul", "Mechelen"): (51.0260, 4.4800), ("Rue Neuve", "Bruxelles"): (50.8530, 4.3560),
    ("Avenue Louise", "Ixelles"): (50.8260, 4.3650), ("Rue Saint-Gilles", "Liège"): (50.6390, 5.5640),
    ("Rue de Fer", "Namur"): (50.4650, 4.8660),
}  # fmt: skip

# Deliberately wrong addresses, cached as not found: a few demo orders ship there, so the warning "Adres niet
# gevonden — controleer het adres" and the list's "Adres controleren" can be seen (and corrected).
WRONG_PLACES = [
    Place("Kalverstraat", "92", "9999 ZZ", "Amsterdam", "NL", "nl"),  # a postcode that does not exist
    Place("Biltstraat", "1060", "3572 BH", "Utrecht", "NL", "nl"),  # no such house number
    Place("Meir", "78", "9000", "Antwerpen", "BE", "vl"),  # Gent's postcode with Antwerp's street
]
WRONG_ORDER_POSITIONS = (5, 18, 33)  # which demo orders ship to them (counted in the order they are placed)


def _place_address(place: Place) -> Address:
    return Address("", "", place.street, place.house_number, place.postcode, place.city, place.country, "")


def geocode_cache_fill() -> int:
    """The demo addresses in the geocoding cache: every place found at its coordinates, the wrong ones not found.
    Idempotent. Runs before the demo orders are placed, so their geocode jobs find everything in the cache."""
    now = timezone.now()
    rows = {}
    for place in PLACES:
        latitude, longitude = PLACE_COORDINATES[(place.street, place.city)]
        rows[address_key(_place_address(place))] = {
            "status": GeocodeStatus.FOUND, "latitude": latitude, "longitude": longitude, "expires_at": None,
            "display_name": f"{place.street} {place.house_number}, {place.city}",
        }  # fmt: skip
    for place in WRONG_PLACES:
        rows[address_key(_place_address(place))] = {
            "status": GeocodeStatus.NOT_FOUND, "latitude": None, "longitude": None, "display_name": "",
            "expires_at": now + timedelta(days=3650),  # the demo keeps its wrong addresses wrong
        }  # fmt: skip
    for key, fields in rows.items():
        GeocodedAddress.objects.update_or_create(key=key, defaults={**fields, "provider": "demo", "looked_up_at": now})
    return len(rows)


# Bulk orders spread Dutch customers over their city's postcode areas (a postcode matches a few orders, as in
# a real shop); the street then no longer matches the postcode exactly. Belgian postcodes stay as they are.
# fmt: off
NL_POSTCODE_AREAS = {
    "Amsterdam": (1011, 1109), "Utrecht": (3511, 3585), "Rotterdam": (3011, 3089), "Den Haag": (2491, 2599),
    "Haarlem": (2011, 2037), "Leiden": (2311, 2334), "Groningen": (9711, 9747), "Eindhoven": (5611, 5658),
    "Nijmegen": (6511, 6546), "Maastricht": (6211, 6229), "Zwolle": (8011, 8046), "Delft": (2611, 2629),
    "Amersfoort": (3811, 3829),
}
# fmt: on

# fmt: off
FIRST_NAMES = {
    "nl": [
        "Anne", "Sanne", "Lotte", "Emma", "Julia", "Sophie", "Lisa", "Eva", "Fleur", "Anouk", "Iris", "Noor",
        "Femke", "Marloes", "Esther", "Inge", "Linda", "Marieke", "Kim", "Daphne", "Floor", "Roos", "Tessa",
        "Maud", "Lieke", "Evi", "Saar", "Nina", "Yara", "Sara", "Ilse", "Janneke", "Wendy", "Mirjam", "Petra",
        "Daan", "Sem", "Lucas", "Levi", "Finn", "Thijs", "Bram", "Jesse", "Ruben", "Tim", "Thomas", "Niels",
        "Joris", "Pieter", "Jeroen", "Bas", "Wouter", "Maarten", "Koen", "Sander", "Stijn", "Jasper", "Gijs",
        "Rik", "Hidde", "Jelle", "Sjoerd", "Tom", "Mark", "Erik", "Kees", "Johan", "Willem", "Henk", "Gerrit",
        "Jan", "Dirk", "Arjen", "Floris", "Lars", "Mees", "Noah", "Luuk", "Milan", "Teun", "Siem", "Hanna",
    ],
    "vl": [
        "Wout", "Arne", "Jens", "Seppe", "Pieter-Jan", "Lotte", "Elke", "Griet", "Hanne", "Fien", "Lore",
        "Ine", "Kato", "Marie", "Lien", "An", "Katrien", "Bart", "Tom", "Koen", "Stijn", "Wim", "Dries",
        "Jef", "Lander", "Febe", "Nele", "Jolien", "Ruben", "Matthias",
    ],
    "fr": [
        "Marie", "Camille", "Louise", "Chloé", "Manon", "Julie", "Charlotte", "Léa", "Élise", "Sophie",
        "Julien", "Antoine", "Maxime", "Nicolas", "Thomas", "Olivier", "François", "Pierre", "Hugo", "Arnaud",
    ],
}
LAST_NAMES = {
    "nl": [
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
        "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
        "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok",
        "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
        "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
        "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Kuipers", "Veenstra",
        "Post", "Kramer", "van Wijk", "Postma", "Boersma", "Bosman", "Wijnands", "Timmermans", "Groen",
    ],
    "vl": [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
        "De Smet", "Vermeulen", "Van Damme", "Desmet", "Lemmens", "Verstraete", "De Backer", "Hermans",
        "Michiels", "Van den Broeck", "Aerts", "Coppens", "Verbeke", "De Clercq", "Van de Velde", "Martens",
    ],
    "fr": [
        "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Simon", "Laurent", "Lejeune", "Renard",
        "Leclercq", "Denis", "Lefebvre", "Collard", "Gérard", "François", "Mathieu", "Fontaine", "Hubert",
    ],
}

COMPANIES = {
    "nl": [
        "Bakkerij Van Dijk", "Architectenbureau Noord", "De Groene Vlinder B.V.", "Tandartspraktijk Oost",
        "Studio Lumen", "Fietsenmaker De Spaak", "Kapsalon Knip", "Café Het Pleintje", "Notariskantoor Visser",
        "Bloemenhuis Roos", "Bitwerk B.V.", "Boekhandel De Omslag", "Yogastudio Adem", "Kantoor aan de Gracht",
    ],
    "vl": ["Brouwerij 't Hoppke", "Advocatenkantoor Peeters", "Frituur De Kroon", "Drukkerij Maes BV"],
    "fr": ["Boulangerie Dupont", "Cabinet Lambert SRL", "Librairie du Parc"],
}
# fmt: on

NOTES = {
    "nl": [
        "Graag bij de buren afgeven als ik niet thuis ben.",
        "Het is een cadeau, graag zonder pakbon met prijzen.",
        "Bel even aan, de bel doet het slecht.",
    ],
    "en": ["Please leave the parcel with the neighbours."],
    "de": ["Bitte beim Nachbarn abgeben."],
    "fr": ["Merci de livrer après 17h."],
}


@dataclass(frozen=True)
class Product:
    name: str
    sku: str
    price: Decimal  # including VAT
    vat_rate: Decimal


def _products(vat: str, rows: list[tuple[str, str, str]]) -> list[Product]:
    return [Product(name, sku, D(price), D(vat)) for name, sku, price in rows]


# Coffee, tea, food and books at 9 %; everything else at 21 %.
PRODUCTS = _products(
    "9",
    [
        ("Koffiebonen Espresso Blend 1 kg", "KB-ESP-1000", "24.95"),
        ("Koffiebonen Colombia Huila 500 g", "KB-COL-500", "14.50"),
        ("Koffiebonen Ethiopië Yirgacheffe 250 g", "KB-ETH-250", "9.95"),
        ("Filterkoffie gemalen 500 g", "KF-FIL-500", "8.95"),
        ("Decafé bonen 500 g", "KB-DEC-500", "12.95"),
        ("Earl Grey thee los 100 g", "TH-EG-100", "6.95"),
        ("Groene thee Sencha 100 g", "TH-SEN-100", "7.50"),
        ("Rooibos vanille 100 g", "TH-ROO-100", "5.95"),
        ("Chai kruidenmix 150 g", "TH-CHA-150", "8.50"),
        ("Roomboter stroopwafels 8 stuks", "ZT-STW-8", "4.49"),
        ("Pure hagelslag 400 g", "ZT-HAG-400", "3.79"),
        ("Speculaasbrokken 300 g", "ZT-SPE-300", "3.95"),
        ("Karamelsiroop 250 ml", "SI-KAR-250", "6.95"),
        ("Boek: Koffie, van boon tot kop", "BK-KOF-01", "24.99"),
        ("Boek: Het theeboek", "BK-THE-01", "19.95"),
        ("Boek: Zelf koffie branden", "BK-BRA-01", "29.50"),
    ],
) + _products(
    "21",
    [
        ("Espressokopjes, set van 4", "SV-ESP-4", "19.95"),
        ("Cappuccinokop met schotel", "SV-CAP-1", "8.95"),
        ("Theepot gietijzer 1,2 l", "TP-GIE-12", "39.95"),
        ("Glazen theepot 1 l", "TP-GLA-10", "24.95"),
        ("Moka pot 6 kops", "ZA-MOK-6", "34.95"),
        ("French press 1 l", "ZA-FRP-10", "29.95"),
        ("Handkoffiemolen keramisch", "MO-HAN-01", "44.95"),
        ("Elektrische koffiemolen", "MO-ELE-01", "89.00"),
        ("Melkopschuimer", "AP-MEL-01", "69.95"),
        ("Waterkoker met temperatuurregeling", "AP-WAT-01", "79.95"),
        ("Pour-over dripper", "ZA-DRI-02", "22.50"),
        ("Papieren filters, 100 stuks", "ZA-FLT-100", "6.95"),
        ("Barista-tamper 58 mm", "AC-TAM-58", "27.50"),
        ("Thermosbeker 350 ml", "AC-THE-350", "17.95"),
        ("Theedoek linnen", "TX-DOE-01", "12.95"),
        ("Ontkalker 500 ml", "AC-ONT-500", "9.95"),
        ("Bewaarblik voor bonen 500 g", "AC-BLI-500", "14.95"),
        ("Espressomachine halfautomaat", "AP-ESP-01", "449.00"),
    ],
)

# (carrier, shipping method, cost NL, cost BE); free shipping in the Netherlands from € 75.
CARRIERS = {
    Carrier.POSTNL: ("PostNL pakket", D("4.95"), D("7.95")),
    Carrier.DHL: ("DHL pakket", D("5.95"), D("8.95")),
    Carrier.PICKUP: ("Afhalen", D("0"), D("0")),
}
FREE_SHIPPING_FROM = D("75")


def shipping_methods_ensure() -> list[ShippingMethod]:
    """A ShippingMethod for every name the demo and bulk orders carry, with its carrier's own link. A name that
    exists already (in any case) is left alone, with whatever someone changed about it."""
    names = {name: carrier for carrier, (name, _cost_nl, _cost_be) in CARRIERS.items()}
    names |= {name: carrier for table in _CARRIERS.values() for carrier, name, _cents in table}
    methods = []
    for name, carrier in names.items():
        method = ShippingMethod.objects.filter(name__iexact=name).first()
        if method is None:
            method = shipping_method_save(name=name, carrier=carrier, tracking_url="", actor=None)
        methods.append(method)
    return methods


# The shop's own statuses (ALGEMEEN > Instellingen > Workflow > Order status): (names, colour, e-mail the customer).
CUSTOM_STATUSES = [
    ({"nl": "Wacht op leverancier", "en": "Awaiting supplier", "de": "Wartet auf Lieferant",
      "fr": "En attente du fournisseur"}, "amber", True),
    ({"nl": "Klaar om af te halen", "en": "Ready for pick-up", "de": "Abholbereit", "fr": "Prêt à retirer"},
     "green", True),
    ({"nl": "Wordt gecontroleerd", "en": "Under review"}, "purple", False),
]  # fmt: skip


def custom_statuses_ensure() -> list[CustomStatus]:
    """The demo's custom statuses; one that exists already (by its Dutch name) is left as it is."""
    statuses = []
    for names, colour, mail in CUSTOM_STATUSES:
        status = CustomStatus.objects.filter(names__nl=names["nl"]).first()
        if status is None:
            status = custom_status_create(names=names, colour=colour, mail_customer=mail, actor=None)
        statuses.append(status)
    return statuses


@functools.lru_cache(maxsize=1024)  # names from the lists above: the bulk seed asks for each a million times
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isalnum() and char.isascii()).lower()


def _email(first_name: str, last_name: str, country: str, suffix: str = "") -> str:
    return f"{_ascii(first_name)}.{_ascii(last_name)}{suffix}@example.{country.lower()}"


def _phone(rng: random.Random, country: str) -> str:
    if country == "BE":
        return f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"06 {rng.randint(10000000, 99999999)}"


def _language(rng: random.Random, region: str) -> str:
    """Mostly the language of the region; some customers prefer English or German."""
    roll = rng.random()
    if roll < 0.07:
        return "en"
    if roll < 0.10 and region == "nl":
        return "de"
    return "fr" if region == "fr" else "nl"


def _payment_method(rng: random.Random, country: str) -> PaymentMethod:
    if country == "BE":
        table = [PaymentMethod.BANCONTACT] * 6 + [PaymentMethod.PAYPAL] * 2 + [PaymentMethod.BANK_TRANSFER] * 2
    else:
        table = [PaymentMethod.IDEAL] * 7 + [PaymentMethod.PAYPAL] * 2 + [PaymentMethod.BANK_TRANSFER]
    return rng.choice(table)


def _carrier(rng: random.Random, country: str) -> Carrier:
    table = [Carrier.POSTNL] * 6 + [Carrier.DHL] * 3 + ([Carrier.PICKUP] if country == "NL" else [])
    return rng.choice(table)


def shipping_cost(carrier: Carrier, country: str, subtotal: Decimal) -> Decimal:
    _method, cost_nl, cost_be = CARRIERS[carrier]
    if country == "NL":
        return D("0.00") if subtotal >= FREE_SHIPPING_FROM else cost_nl
    return cost_be


# --- the hand-shaped demo orders ------------------------------------------------------------------------

DEMO_ORDER_COUNT = 50
DEMO_DAYS = 60
DEMO_SHIPPED_AFTER_DAYS = 4  # demo orders older than this have been shipped


@dataclass(frozen=True)
class DemoCustomer:
    first_name: str
    last_name: str
    email: str
    language: str
    phone: str
    company: str
    place: Place


def _demo_customers(rng: random.Random) -> list[DemoCustomer]:
    """One customer per place; the demo login (klant@example.com) lives in Utrecht."""
    account = CUSTOMER_ACCOUNT
    utrecht = next(place for place in PLACES if place.street == "Biltstraat")
    customers = [DemoCustomer(account.first_name, account.last_name, account.email, "nl", CUSTOMER_PHONE, "", utrecht)]
    emails = {account.email}
    for place in PLACES:
        if place is utrecht:
            continue
        first_name = rng.choice(FIRST_NAMES[place.region])
        last_name = rng.choice(LAST_NAMES[place.region])
        email = _email(first_name, last_name, place.country)
        while email in emails:
            email = _email(first_name, last_name, place.country, str(rng.randint(2, 99)))
        emails.add(email)
        company = rng.choice(COMPANIES[place.region]) if rng.random() < 0.18 else ""
        customers.append(
            DemoCustomer(
                first_name=first_name,
                last_name=last_name,
                email=email,
                language=_language(rng, place.region),
                phone=_phone(rng, place.country),
                company=company,
                place=place,
            )
        )
    return customers


def _address(name: str, company: str, place: Place, phone: str) -> Address:
    return Address(
        name=name,
        company=company,
        street=place.street,
        house_number=place.house_number,
        postcode=place.postcode,
        city=place.city,
        country=place.country,
        phone=phone,
    )


def _demo_lines(rng: random.Random) -> list[LineInput]:
    count = rng.choice([1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6])
    lines = []
    for product in rng.sample(PRODUCTS, count):
        quantity = rng.choice([1, 1, 1, 1, 2, 2, 3]) if product.price < 50 else 1
        discount = D("0")
        if rng.random() < 0.15:
            discount = quantize(product.price * quantity / 10)  # 10 % off this line
        lines.append(
            LineInput(
                product_name=product.name,
                sku=product.sku,
                quantity=quantity,
                unit_price=product.price,
                vat_rate=product.vat_rate,
                discount=discount,
            )
        )
    return lines


@transaction.atomic
def demo_orders_create() -> list[Order]:
    """~50 orders over the last two months, through the real service. Does nothing if they exist."""
    rng = random.Random(SEED)
    geocode_cache_fill()
    demo_customers = _demo_customers(rng)
    if Order.objects.filter(email__in=[customer.email for customer in demo_customers]).exists():
        return []
    customers = {}
    for demo in demo_customers:
        customer = Customer.objects.filter(email=demo.email).order_by("pk").first()
        if customer is None:
            customer = Customer.objects.create(
                email=demo.email,
                first_name=demo.first_name,
                last_name=demo.last_name,
                company=demo.company,
                phone=demo.phone,
                language=demo.language,
            )
        customers[demo.email] = customer
    # Every customer orders once, the demo login three times, some others twice.
    buyers = demo_customers + [demo_customers[0]] * 2
    buyers += rng.sample(demo_customers[1:], DEMO_ORDER_COUNT - len(buyers))
    rng.shuffle(buyers)
    now = timezone.now().replace(second=0, microsecond=0)
    ages = sorted((rng.uniform(0.02, DEMO_DAYS) for _ in buyers), reverse=True)
    orders = []
    for position, (demo, age) in enumerate(zip(buyers, ages, strict=True)):
        customer = customers[demo.email]
        name = f"{demo.first_name} {demo.last_name}"
        billing = _address(name, demo.company, demo.place, demo.phone)
        carrier = _carrier(rng, demo.place.country)
        shipping = None
        if carrier != Carrier.PICKUP and rng.random() < 0.2:  # a present, or delivered at work
            other = rng.choice([place for place in PLACES if place.country == demo.place.country])
            recipient = f"{rng.choice(FIRST_NAMES[other.region])} {rng.choice(LAST_NAMES[other.region])}"
            shipping = _address(recipient, "", other, "")
        if position in WRONG_ORDER_POSITIONS:  # a wrong address (does not touch rng: the rest stays as it was)
            wrong = WRONG_PLACES[WRONG_ORDER_POSITIONS.index(position)]
            shipping = _address(name, demo.company, wrong, demo.phone)
        lines = _demo_lines(rng)
        subtotal = sum((line.unit_price * line.quantity - line.discount for line in lines), D("0"))
        country = (shipping or billing).country
        placed_at = now - timedelta(days=age)
        order = _order_create_dated(
            customer=customer,
            lines=lines,
            billing=billing,
            shipping=shipping,
            payment_method=_payment_method(rng, demo.place.country),
            shipping_method=CARRIERS[carrier][0],
            carrier=carrier,
            shipping_cost=shipping_cost(carrier, country, subtotal),
            placed_at=placed_at,
            customer_note=rng.choice(NOTES[demo.language]) if rng.random() < 0.12 else "",
        )
        orders.append(order)
    for customer in customers.values():  # "Klant sinds": their first order, not the day the demo was seeded
        first = min(order.placed_at for order in orders if order.customer_id == customer.pk)
        Customer.objects.filter(pk=customer.pk, created_at__gt=first).update(created_at=first)
    _demo_actions(rng, orders)
    return orders


@transaction.atomic  # dated before the commit, when the invoice's PDF is rendered
def _order_create_dated(**fields) -> Order:
    """order_create, and the invoice it made dated at the order: the demo's orders were placed in the past,
    and the service dates an invoice today."""
    order = order_create(**fields)
    for invoice in Invoice.objects.filter(order=order):
        issued = order.placed_at
        invoice.issued_at, invoice.invoice_date = issued, timezone.localdate(issued)
        invoice.due_date = invoice.invoice_date + timedelta(days=invoice.payment_term_days)
        invoice.save(update_fields=["issued_at", "invoice_date", "due_date"])
    return order


# The shop's return reasons and actions to start with (VERKOOP > Retouren), in the document languages.
RETURN_REASONS = [
    {"nl": "Te klein", "en": "Too small", "de": "Zu klein", "fr": "Trop petit"},
    {"nl": "Te groot", "en": "Too large", "de": "Zu groß", "fr": "Trop grand"},
    {"nl": "Beschadigd ontvangen", "en": "Arrived damaged", "de": "Beschädigt angekommen", "fr": "Reçu endommagé"},
    {"nl": "Verkeerd artikel", "en": "Wrong item", "de": "Falscher Artikel", "fr": "Mauvais article"},
    {"nl": "Niet naar wens", "en": "Not as expected", "de": "Nicht wie erwartet", "fr": "Ne convient pas"},
]
RETURN_ACTIONS = [
    {"nl": "Geld terug", "en": "Refund", "de": "Geld zurück", "fr": "Remboursement"},
    {"nl": "Ruilen", "en": "Exchange", "de": "Umtausch", "fr": "Échange"},
    {"nl": "Tegoedbon", "en": "Voucher", "de": "Gutschein", "fr": "Bon d'achat"},
]


def return_choices_ensure() -> None:
    """The default reasons and actions, when the shop has none yet (a shop's own lists are left alone)."""
    for model, defaults in ((ReturnReason, RETURN_REASONS), (ReturnAction, RETURN_ACTIONS)):
        if not model.objects.exists():
            model.objects.bulk_create(model(names=names, position=position) for position, names in enumerate(defaults))


def _demo_returns(rng: random.Random, orders: list[Order], actor) -> None:
    """A few shipped orders (see _demo_shipments) with returns: one just registered, one received, one credited
    (locked), so the Retour block, the Retouren tab, VERKOOP > Retouren and the ledger have something to show."""
    return_choices_ensure()
    reasons, actions = list(ReturnReason.objects.in_order()), list(ReturnAction.objects.in_order())
    shipped = Order.objects.filter(pk__in=[order.pk for order in orders], shipment_status="shipped", custom_status=None)
    candidates = list(shipped.filter(payment_status="paid").order_by("placed_at"))
    for step, order in enumerate(rng.sample(candidates, min(3, len(candidates)))):
        first = order.lines.order_by("position").first()
        ret = return_create(
            order=order, actor=actor, quantities={first.pk: 1}, reason=rng.choice(reasons), action=rng.choice(actions)
        )
        if step >= 1:
            return_status_change(ret=ret, status=ReturnStatus.RECEIVED, actor=actor)
        if step == 2 and Invoice.objects.filter(order=order).exists():
            return_credit(ret=ret, actor=actor, send=False)


def _demo_actions(rng: random.Random, orders: list[Order]) -> None:
    """What staff did to some demo orders, through the real services: a few on hold, a few cancelled, most older
    ones shipped, two waiting for the supplier (a custom status), a few returns."""
    actor = User.objects.get(email=DEMO_ACCOUNTS[1].email)
    unpaid = [order for order in orders if order.payment_status == "unpaid"]
    for order in rng.sample(unpaid, min(2, len(unpaid))):
        order_cancel(order=order, actor=actor, reason=CancelReason.PAYMENT_NOT_RECEIVED, note="")
    candidates = [order for order in orders[-15:] if order.payment_status == "paid"]
    for order in rng.sample(candidates, min(3, len(candidates))):
        order_hold(order=order, actor=actor, reason=rng.choice(["Wacht op nalevering", "Adres controleren"]))
    _demo_shipments(rng, orders, actor)
    # Waiting for the supplier: a part shipped, the rest not yet, or not shipped at all.
    waiting = CustomStatus.objects.filter(names__nl=CUSTOM_STATUSES[0][0]["nl"]).first()
    open_orders = list(
        Order.objects.filter(pk__in=[order.pk for order in orders], status__in=["new", "processing"])
        .exclude(shipment_status="shipped")
        .order_by("-shipment_status", "placed_at")
    )
    for order in open_orders[:2] if waiting else []:
        order_custom_status_set(order=order, status=waiting, actor=actor)
    _demo_returns(rng, orders, actor)
    _demo_tasks_and_memos(orders)
    _demo_tickets(orders)


# A one-page PDF the demo customer "attached" (what a scan of a receipt would be, reduced to its frame).
DEMO_ATTACHMENT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_tickets(orders: list[Order]) -> None:
    """Questions in every state, through the real services: the demo customer (klant@example.com) has one waiting
    for an answer (with a PDF), one answered and a closed general question; another customer waits too."""
    staff = User.objects.get(email=DEMO_ACCOUNTS[1].email)
    sanne = Customer.objects.get(user__email=CUSTOMER_ACCOUNT.email)
    hers = sorted((order for order in orders if order.customer_id == sanne.pk), key=lambda order: order.placed_at)
    if len(hers) < 2:
        return
    receipt = SimpleUploadedFile("bon.pdf", DEMO_ATTACHMENT, content_type="application/pdf")
    ticket_open(
        customer=sanne, user=sanne.user, order=hers[-1], subject="Verkeerde maling geleverd",
        body="Ik had bonen besteld, maar kreeg gemalen koffie. De pakbon zit als PDF in de bijlage.", files=[receipt],
    )  # fmt: skip
    answered = ticket_open(
        customer=sanne, user=sanne.user, order=hers[0], subject="Wanneer wordt mijn bestelling verzonden?",
        body="Ik zie nog geen Track & Trace. Komt het pakket voor het weekend?",
    )  # fmt: skip
    ticket_reply(ticket=answered, actor=staff, body="Dank voor uw vraag. Het pakket gaat vandaag nog mee met PostNL.")
    general = ticket_open(
        customer=sanne, user=sanne.user, subject="Verkopen jullie ook cadeaubonnen?",
        body="Ik zoek een cadeau voor een collega.",
    )  # fmt: skip
    ticket_reply(ticket=general, actor=staff, body="Ja, vanaf € 10. U vindt ze onder Cadeaus in de webwinkel.")
    ticket_close(ticket=general, actor=staff)
    others = [order for order in orders if order.customer_id != sanne.pk and order.status != "cancelled"]
    if others:
        other = others[-1]
        ticket_open(
            customer=other.customer, user=None, order=other, subject="Factuur op bedrijfsnaam",
            body="Kan de factuur op onze bedrijfsnaam komen te staan?",
        )  # fmt: skip


@transaction.atomic
def _demo_shipments(rng: random.Random, orders: list[Order], actor) -> None:
    """Orders older than a few days that are paid (or paid later: Achteraf betalen) have left, through Verzonden
    with a Track & Trace code, a few of them in two parts; dated a day or two after the order, so the history and
    the status read as a real shop's. The status follows by itself: Afgerond when paid, Verzonden when the payment
    is still open; a bank transfer that never came stays Nieuw."""
    shippable = Order.objects.filter(
        Q(payment_status="paid") | Q(payment_method=PaymentMethod.PAY_LATER),
        pk__in=[order.pk for order in orders],
        placed_at__lt=timezone.now() - timedelta(days=DEMO_SHIPPED_AFTER_DAYS),
        is_on_hold=False,
        cancelled_at__isnull=True,
    ).order_by("placed_at")
    for order in shippable:
        before = OrderEvent.objects.filter(order=order).order_by("-pk").values_list("pk", flat=True).first()
        lines = list(order.lines.order_by("position"))
        code = f"3S{rng.randrange(10**11, 10**12)}"
        if len(lines) > 1 and rng.random() < 0.2:  # the first line went ahead, the rest a few days later
            first = shipment_create(order=order, actor=actor, quantities={lines[0].pk: lines[0].quantity})
            shipment_mark_shipped(shipment=first, actor=actor, tracking_code=code)
            if rng.random() < 0.5:
                order_mark_shipped(order=order, actor=actor, tracking_code=f"3S{rng.randrange(10**11, 10**12)}")
        else:
            order_mark_shipped(order=order, actor=actor, tracking_code=code)
        shipped_at = order.placed_at + timedelta(hours=rng.uniform(20, 60))
        Shipment.objects.filter(order=order).update(created_at=shipped_at, shipped_at=shipped_at)
        OrderEvent.objects.filter(order=order, pk__gt=before or 0).update(created_at=shipped_at)


def _demo_tasks_and_memos(orders: list[Order]) -> None:
    """Taken and Memo between the two demo colleagues, through the real services: Mila has tasks from Anne (one
    overdue, one due tomorrow at 10:00) and an unread memo, so her header counters show something."""
    admin = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    staff = User.objects.get(email=DEMO_ACCOUNTS[1].email)
    untouched = Order.objects.filter(pk__in=[order.pk for order in orders], is_on_hold=False).exclude(
        status="cancelled"
    )
    open_orders = list(untouched.order_by("-placed_at")[:4])
    if len(open_orders) < 4:
        return
    now = timezone.localtime()
    tomorrow_ten = (now + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    late = task_add(
        order=open_orders[0],
        actor=admin,
        assignee=staff,
        due_at=now + timedelta(minutes=1),
        description="Klant terugbellen over de levertijd",
        priority=TaskPriority.HIGH,
    )
    Task.objects.filter(pk=late.pk).update(due_at=now - timedelta(hours=3))  # the demo's time passed: overdue
    task_add(
        order=open_orders[1],
        actor=admin,
        assignee=staff,
        due_at=tomorrow_ten,
        description="Controleer of het afleveradres klopt",
    )
    task_add(
        order=open_orders[2],
        actor=staff,
        assignee=staff,
        due_at=tomorrow_ten + timedelta(days=2),
        description="Nalevering van de molen inplannen",
        status=TaskStatus.IN_PROGRESS,
        priority=TaskPriority.LOW,
    )
    task_add(
        order=open_orders[2],
        actor=staff,
        assignee=admin,
        due_at=tomorrow_ten,
        description="Creditfactuur voor de beschadigde mok maken",
    )
    memo_add(
        order=open_orders[0],
        actor=admin,
        addressee=staff,
        text="De klant belde: liever na 17:00 bellen. Zie ook https://www.postnl.nl/ voor de zending.",
    )
    memo_add(
        order=open_orders[1], actor=staff, addressee=admin, text="Adres navragen bij de klant, huisnummer ontbreekt?"
    )
    memo_add(order=open_orders[3], actor=staff, addressee=staff, text="Cadeauverpakking gevraagd per telefoon.")


# --- bulk orders for benchmarks -------------------------------------------------------------------------

BULK_YEARS = 3
BULK_BATCH = 10_000
ORDERS_PER_CUSTOMER = 3

# fmt: off
ORDER_COLUMNS = [
    "id", "number", "placed_at", "language", "currency", "customer_id", "email",
    "billing_name", "billing_company", "billing_street", "billing_house_number", "billing_postcode",
    "billing_city", "billing_country", "billing_phone",
    "shipping_name", "shipping_company", "shipping_street", "shipping_house_number", "shipping_postcode",
    "shipping_city", "shipping_country", "shipping_phone",
    "payment_method", "payment_status", "paid_at", "shipping_method", "carrier", "shipping_cost",
    "shipping_vat_rate", "shipment_status", "status", "is_on_hold", "hold_reason", "cancelled_at", "cancel_reason",
    "subtotal", "discount_total", "total", "customer_note", "updated_at",
]
# fmt: on
# fmt: off
LINE_COLUMNS = [
    "order_id", "position", "product_name", "sku", "quantity", "unit_price", "discount", "vat_rate", "total",
]
# fmt: on
EVENT_COLUMNS = ["order_id", "type", "actor_id", "actor_name", "created_at", "data"]
# fmt: off
CUSTOMER_COLUMNS = [
    "id", "email", "first_name", "last_name", "company", "vat_number", "phone", "language", "user_id",
    "created_at",
]
# fmt: on

# Postcode letters never used in the Netherlands.
_POSTCODE_LETTERS = [
    first + second
    for first in "ABCDEFGHJKLMNPRSTVWXZ"
    for second in "ABCDEFGHJKLMNPRSTVWXZ"
    if first + second not in {"SA", "SD", "SS"}
]


def _table(weights: dict) -> list:
    """A list in which each value appears `weight` times: `table[int(random() * len(table))]` picks fast."""
    return [value for value, weight in weights.items() for _ in range(weight)]


_LINE_COUNTS = _table({1: 35, 2: 25, 3: 16, 4: 11, 5: 7, 6: 6})
_QUANTITIES = _table({1: 70, 2: 20, 3: 6, 4: 2, 6: 1, 10: 1})
_PAYMENT = {
    "NL": _table({"ideal": 70, "paypal": 10, "bank_transfer": 10, "credit_card": 4, "pay_later": 6}),
    "BE": _table({"bancontact": 60, "paypal": 15, "bank_transfer": 15, "credit_card": 10}),
}
_CANCEL_REASONS = _table({"customer_request": 60, "out_of_stock": 25, "fraud": 3, "other": 12})
_HOLD_REASONS = ["Wacht op nalevering", "Adres controleren", "Klant belt terug", ""]
_PAYS_DIRECTLY = {method.value for method in PaymentMethod if method.pays_directly}
# The bulk seed writes rows with COPY, not through the services: their status comes from the same state table.
_STATUS = {
    (cancelled, on_hold, shipped.value, paid): system_status(Facts(cancelled, on_hold, shipped, paid)).value
    for cancelled, on_hold, shipped, paid in itertools.product(*[(False, True)] * 2, ShipmentStatus, (False, True))
}
# fmt: off
_CARRIERS = {
    "NL": _table({("postnl", "PostNL pakket", 495): 60, ("dhl", "DHL pakket", 595): 30, ("pickup", "Afhalen", 0): 10}),
    "BE": _table({("postnl", "PostNL pakket", 795): 55, ("dhl", "DHL pakket", 895): 35, ("bpost", "bpost", 695): 10}),
}
# fmt: on
_PRODUCTS = [(p.name, p.sku, int(p.price * 100), str(p.vat_rate)) for p in PRODUCTS]
_CENTS_FREE_SHIPPING = int(FREE_SHIPPING_FROM * 100)


class _Writer:
    """Where bulk rows go: PostgreSQL COPY, or bulk_create elsewhere (SQLite for `make run`)."""

    def money(self, cents: int) -> str:
        return f"{cents // 100}.{cents % 100:02d}"

    def event_data(self, number: str):
        return {"number": number}

    def reserve_ids(self, model, count: int) -> list[int]:
        return list(self.reserve_range(model, count))

    def reserve_range(self, model, count: int) -> range:
        """`count` consecutive ids nobody else will use."""
        start = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        return range(start, start + count)

    def write(self, model, columns: list[str], rows: list[tuple]) -> None:
        model.objects.bulk_create((model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=500)

    def finish(self) -> None:
        pass


class _PostgresWriter(_Writer):
    def __init__(self) -> None:
        self.cursor = connection.cursor()

    def event_data(self, number: str) -> str:
        return f'{{"number": "{number}"}}'  # jsonb as text; numbers never contain quotes

    def reserve_ids(self, model, count: int) -> list[int]:
        table = model._meta.db_table
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in self.cursor.fetchall()]

    def reserve_range(self, model, count: int) -> range:
        # Under a lock that keeps out other inserts (and so their nextval()): the ids are consecutive.
        table = model._meta.db_table
        with transaction.atomic():
            self.cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
            self.cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = self.cursor.fetchone()[0]
        return range(last - count + 1, last + 1)

    def write(self, model, columns: list[str], rows: list[tuple]) -> None:
        # Fields this module does not know (added to the model later) get their model default.
        extra = [
            field for field in model._meta.concrete_fields if field.attname not in columns and not field.primary_key
        ]
        defaults = tuple(
            field.get_db_prep_save(
                timezone.now()
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                else field.get_default(),
                connection,
            )
            for field in extra
        )
        quote = connection.ops.quote_name
        names = ", ".join(quote(name) for name in [*columns, *(field.column for field in extra)])
        with self.cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            write_row = copy.write_row
            if defaults:
                for row in rows:
                    write_row(row + defaults)
            else:
                for row in rows:
                    write_row(row)

    def finish(self) -> None:
        self.cursor.execute("ANALYZE")
        self.cursor.close()


def _writer() -> _Writer:
    return _PostgresWriter() if connection.vendor == "postgresql" else _Writer()


class _BulkCustomers(Sequence):
    """The customers of one bulk run, ids `ids.start` … `ids.stop - 1`, as a sequence that keeps nothing: each
    customer is drawn from a random generator seeded with its id, so an order reads the same person (name, e-mail,
    home address) that `rows()` wrote, and 10,000,000 orders take the memory of 10,000. An order picks its customer
    uniformly over the run's customers (~3 orders each, as in a shop with many repeat customers)."""

    def __init__(self, ids: range, since) -> None:
        self.ids = ids
        self.since = since
        self._rng = random.Random()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> tuple:
        """(id, name, e-mail, language, phone, company, address) of the index-th customer."""
        customer_id = self.ids[index]
        first_name, last_name, email, language, phone, company, address, _created = self._draw(customer_id)
        return customer_id, f"{first_name} {last_name}", email, language, phone, company, address

    def rows(self, ids: range):
        """Customer rows (CUSTOMER_COLUMNS) for the ids given, made as they are read."""
        for customer_id in ids:
            first_name, last_name, email, language, phone, company, _address, created_at = self._draw(customer_id)
            yield customer_id, email, first_name, last_name, company, "", phone, language, None, created_at

    def _draw(self, customer_id: int) -> tuple:
        rng = self._rng
        rng.seed(SEED * 2**40 + customer_id)
        place = PLACES[int(rng.random() * len(PLACES))]
        first_name = rng.choice(FIRST_NAMES[place.region])
        last_name = rng.choice(LAST_NAMES[place.region])
        email = _email(first_name, last_name, place.country, f".{customer_id}")  # demo e-mails have no dot here
        language = _language(rng, place.region)
        phone = _phone(rng, place.country)
        company = rng.choice(COMPANIES[place.region]) if rng.random() < 0.08 else ""
        postcode = place.postcode
        if place.country == "NL":
            low, high = NL_POSTCODE_AREAS[place.city]
            postcode = f"{rng.randint(low, high)}{_POSTCODE_LETTERS[int(rng.random() * len(_POSTCODE_LETTERS))]}"
        house_number = str(rng.randint(1, 240)) + rng.choice(["", "", "", "", "", "A", "B", "-2", "-3"])
        address = (place.street, house_number, postcode, place.city, place.country)
        created_at = self.since - timedelta(days=rng.random() * 365)
        return first_name, last_name, email, language, phone, company, address, created_at


def _bulk_customers(writer: _Writer, count: int, since, progress: Callable[[str], None]) -> _BulkCustomers:
    """`count` new customers, written in batches; returns them as a sequence that is computed, not stored."""
    customers = _BulkCustomers(writer.reserve_range(Customer, count), since)
    ids = customers.ids
    for start in range(0, count, BULK_BATCH):
        with transaction.atomic():
            writer.write(Customer, CUSTOMER_COLUMNS, customers.rows(ids[start : start + BULK_BATCH]))
        if start + BULK_BATCH >= count or (start // BULK_BATCH) % 10 == 9:
            progress(f"{min(start + BULK_BATCH, count):>10,} / {count:,} customers  ({_memory()})")
    return customers


def _memory() -> str:
    """The process's resident memory now (Linux; elsewhere its peak): the progress lines show it stays flat."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return f"RSS {int(line.split()[1]) / 1024:,.0f} MB"
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return "RSS unknown"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return f"peak RSS {peak / (2**20 if sys.platform == 'darwin' else 2**10):,.0f} MB"


def _bulk_batch(rng, writer, customers, order_ids, first_number, prefix, moments, now):
    """Rows for one batch of orders: (orders, lines, events). Money is handled in cents until written."""
    random = rng.random
    money = writer.money
    event_data = writer.event_data
    products, n_products = _PRODUCTS, len(_PRODUCTS)
    n_customers = len(customers)
    orders, lines, events = [], [], []
    created_type = OrderEventType.ORDER_CREATED.value
    for index, order_id in enumerate(order_ids):
        number = number_format(prefix, first_number + index)
        placed_at = moments[index]
        _id, name, email, language, phone, company, billing = customers[int(random() * n_customers)]
        country = billing[4]
        if random() < 0.08:  # a present, or delivered at work
            other = customers[int(random() * n_customers)]
            shipping_name, shipping_company, shipping = other[1], other[5], other[6]
        else:
            shipping_name, shipping_company, shipping = name, company, billing

        count = 35 + int(random() * 11) if random() < 0.002 else _LINE_COUNTS[int(random() * 100)]
        subtotal = discount_total = 0
        for position in range(1, count + 1):
            product_name, sku, price, vat_rate = products[int(random() * n_products)]
            quantity = _QUANTITIES[int(random() * 100)]
            gross = price * quantity
            discount = gross // 10 if random() < 0.07 else 0
            total = gross - discount
            subtotal += total
            discount_total += discount
            # fmt: off
            lines.append(
                (order_id, position, product_name, sku, quantity, money(price), money(discount), vat_rate,
                 money(total))
            )
            # fmt: on

        payments = _PAYMENT[country]
        payment_method = payments[int(random() * len(payments))]
        carriers = _CARRIERS[shipping[4]]
        carrier, shipping_method, cost = carriers[int(random() * len(carriers))]
        if carrier == "pickup" and shipping is not billing:
            carrier, shipping_method, cost = carriers[0]
        if shipping[4] == "NL" and subtotal >= _CENTS_FREE_SHIPPING:
            cost = 0

        # How far along the order is depends on its age.
        age_days = (now - placed_at).days
        roll = random()
        on_hold, hold_reason = False, ""
        cancelled_at, cancel_reason = None, ""
        cancelled = roll < 0.03
        if cancelled:
            shipment_status = "not_shipped"
            cancelled_at = placed_at + timedelta(hours=1 + roll * 1000)
            cancel_reason = _CANCEL_REASONS[int(random() * 100)]
        elif age_days >= 10:
            shipment_status = "shipped"
        elif age_days >= 2:
            shipment_status = "shipped" if roll < 0.8 else "partially_shipped"
        else:
            shipment_status = "not_shipped"
            if roll > 0.95:
                on_hold, hold_reason = True, _HOLD_REASONS[int(random() * 4)]
        if payment_method in _PAYS_DIRECTLY:
            payment_status, paid_at = "paid", placed_at
        elif not cancelled and (age_days >= 10 or (age_days >= 3 and roll < 0.9)):
            payment_status, paid_at = "paid", placed_at + timedelta(days=1 + roll * 4)
        else:
            payment_status, paid_at = "unpaid", None
            if cancelled:
                cancel_reason = "payment_not_received"
        status = _STATUS[(cancelled, on_hold, shipment_status, payment_status == "paid")]

        # fmt: off
        orders.append((
            order_id, number, placed_at, language, "EUR", _id, email,
            name, company, billing[0], billing[1], billing[2], billing[3], country, phone,
            shipping_name, shipping_company, shipping[0], shipping[1], shipping[2], shipping[3], shipping[4], "",
            payment_method, payment_status, paid_at, shipping_method, carrier, money(cost), "21",
            shipment_status, status, on_hold, hold_reason, cancelled_at, cancel_reason,
            money(subtotal), money(discount_total), money(subtotal + cost), "",
            max(placed_at, paid_at or placed_at, cancelled_at or placed_at),
        ))
        # fmt: on
        events.append((order_id, created_type, None, "", placed_at, event_data(number)))
    return orders, lines, events


def orders_bulk_create(*, total: int, progress: Callable[[str], None] = print) -> int:
    """Top the database up to `total` orders, fast. Returns how many orders it made."""
    needed = total - Order.objects.count()
    if needed <= 0:
        progress(f"There are already {total:,} or more orders; nothing to do.")
        return 0
    rng = random.Random(SEED)
    shop = ShopSettings.load()
    NumberCounter.objects.get_or_create(series=ORDER_SERIES)
    writer = _writer()
    started = time.monotonic()
    now = timezone.now().replace(microsecond=0)
    since = now - timedelta(days=365 * BULK_YEARS)
    customers = _bulk_customers(writer, max(1, needed // ORDERS_PER_CUSTOMER), since, progress)
    progress(f"{len(customers):,} customers ({time.monotonic() - started:.0f} s)")
    # Evenly spread, oldest first, so the numbers follow the dates.
    step = (now - since).total_seconds() / needed
    made, batch_started = 0, time.monotonic()
    while made < needed:
        size = min(BULK_BATCH, needed - made)
        moments = [since + timedelta(seconds=int((made + i + rng.random()) * step)) for i in range(size)]
        with transaction.atomic():
            counter = NumberCounter.objects.select_for_update().get(series=ORDER_SERIES)
            first_number = max(counter.last_number + 1, shop.order_start_number)
            order_ids = writer.reserve_ids(Order, size)
            orders, lines, events = _bulk_batch(
                rng, writer, customers, order_ids, first_number, shop.order_prefix, moments, now
            )
            writer.write(Order, ORDER_COLUMNS, orders)
            writer.write(OrderLine, LINE_COLUMNS, lines)
            writer.write(OrderEvent, EVENT_COLUMNS, events)
            counter.last_number = first_number + size - 1
            counter.save(update_fields=["last_number"])
        made += size
        batch_ended = time.monotonic()
        rate, batch_started = size / (batch_ended - batch_started), batch_ended
        progress(f"{made:>10,} / {needed:,} orders  ({batch_ended - started:.0f} s, {rate:,.0f} orders/s, {_memory()})")
    writer.finish()
    progress(f"Done: {made:,} orders in {time.monotonic() - started:.0f} s.")
    return made
