"""The configuration log's areas that backoffice owns: Winkelgegevens, Geavanceerd > Administratie and the accounts
(Gebruikers, and the Django admin's users)."""

from django.utils.translation import gettext_lazy as _

from . import audit
from .languages import language_name
from .models import InvoiceTiming, ShopSettings, User
from .services import ADMINISTRATION_FIELDS


def _labels(model, names) -> dict:
    return {name: model._meta.get_field(name).verbose_name for name in names}


def _languages(codes) -> str:
    return ", ".join(language_name(code) for code in codes)


def _timing(value) -> str:
    return str(dict(InvoiceTiming.choices).get(value, value))


def register_areas() -> None:
    shop_fields = [
        field.name
        for field in ShopSettings._meta.get_fields()
        if field.concrete and not field.primary_key and field.name not in ADMINISTRATION_FIELDS and field.name != "logo"
    ]
    audit.register_area(
        audit.Area(
            key="shop",
            label=_("Winkelgegevens"),
            fields=_labels(ShopSettings, shop_fields),
            formats={"languages": _languages},
            secret={"logo": _("logo gewijzigd")},
            position=10,
        )
    )
    audit.register_area(
        audit.Area(
            key="administration",
            label=_("Administratie"),
            fields=_labels(ShopSettings, ADMINISTRATION_FIELDS),
            formats={"invoice_timing": _timing},
            position=20,
        )
    )
    audit.register_area(
        audit.Area(
            key="user",
            label=_("Gebruiker"),
            fields={
                **_labels(User, ["email", "first_name", "last_name", "language", "is_active", "is_staff"]),
                "is_superuser": _("superuser (Django-beheer)"),
                "groups": _("rol"),
                "user_permissions": _("eigen rechten"),
            },
            secret={"password": _("wachtwoord gewijzigd"), "password_reset": _("wachtwoord-reset afgedwongen")},
            position=80,
        )
    )
