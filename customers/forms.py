import re

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.countries import COUNTRIES
from backoffice.forms.submit_key import SubmitKeyField
from backoffice.validators import refuse_line_breaks
from orders.models import ADDRESS_PARTS, Order, normalize_postcode

from .models import Customer
from .rules import MESSAGE_MAX_LENGTH
from .services import CUSTOMER_FIELDS

PHONE_CHARACTERS = re.compile(r"^[0-9 +\-()]+$")
VAT_NUMBERS = {
    "NL": (re.compile(r"^NL\d{9}B\d{2}$"), _("Een Nederlands btw-nummer is NL, 9 cijfers, B en 2 cijfers.")),
    "BE": (re.compile(r"^BE[01]\d{9}$"), _("Een Belgisch btw-nummer is BE, een 0 of 1 en 9 cijfers.")),
}
VAT_NUMBER_OTHER = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")
POSTCODES = {
    "NL": (
        re.compile(r"^[1-9]\d{3} ?[A-Z]{2}$"),
        _("Een Nederlandse postcode is 4 cijfers en 2 letters, zoals 1234 AB."),
    ),
    "BE": (re.compile(r"^[1-9]\d{3}$"), _("Een Belgische postcode is 4 cijfers.")),
    "DE": (re.compile(r"^\d{5}$"), _("Een Duitse postcode is 5 cijfers.")),
}


def clean_phone(value: str) -> str:
    """Digits, spaces, +, - and parentheses, with 8 to 15 digits. Blank is allowed."""
    value = " ".join(value.split())
    if not value:
        return value
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.match(value) or not 8 <= digits <= 15:
        raise forms.ValidationError(
            _("Een telefoonnummer heeft 8 tot 15 cijfers en verder alleen spaties, +, - en haakjes."), code="phone"
        )
    return value


def clean_vat_number(value: str) -> str:
    """NL123456789B01 / BE0123456789, checked by their country's format; stored without spaces or dots."""
    value = re.sub(r"[\s.]", "", value).upper()
    if not value:
        return value
    pattern, message = VAT_NUMBERS.get(value[:2], (VAT_NUMBER_OTHER, _("Een btw-nummer begint met de landcode.")))
    if not pattern.match(value):
        raise forms.ValidationError(message, code="vat_number")
    return value


def clean_postcode(postcode: str, country: str) -> str:
    """The postcode checked by its country's format (others: free text), stored as order_create stores it."""
    postcode = " ".join(postcode.split()).upper()
    if country in POSTCODES:
        pattern, message = POSTCODES[country]
        if not pattern.match(postcode):
            raise forms.ValidationError(message, code="postcode")
    return normalize_postcode(postcode)


class ChangesForm(forms.Form):
    """A form over existing data that knows which fields the employee changed.

    Every field carries the value the employee saw (a hidden initial), so `changes()` holds only what they
    edited: a colleague's change to another field in the meantime is not overwritten with the old value.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(refuse_line_breaks)  # names end up in e-mail subjects

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


def _model_field(model, name: str, **overrides) -> forms.Field:
    return model._meta.get_field(name).formfield(**overrides)


class CustomerForm(ChangesForm):
    """The customer record, as the customer entered it at checkout."""

    first_name = _model_field(Customer, "first_name")
    last_name = _model_field(Customer, "last_name")
    company = _model_field(Customer, "company")
    email = _model_field(Customer, "email")
    phone = _model_field(Customer, "phone")
    vat_number = _model_field(Customer, "vat_number", help_text=_("Bijvoorbeeld NL123456789B01 of BE0123456789."))
    language = _model_field(Customer, "language")

    @classmethod
    def of(cls, customer: Customer, data=None) -> "CustomerForm":
        return cls(data, initial={field: getattr(customer, field) for field in CUSTOMER_FIELDS}, prefix="customer")

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_vat_number(self) -> str:
        return clean_vat_number(self.cleaned_data["vat_number"])


class AddressForm(ChangesForm):
    """The order's billing or shipping address (`prefix` is the kind, so both fit on one page)."""

    name = _model_field(Order, "billing_name")
    company = _model_field(Order, "billing_company")
    street = _model_field(Order, "billing_street")
    house_number = _model_field(Order, "billing_house_number")
    postcode = _model_field(Order, "billing_postcode")
    city = _model_field(Order, "billing_city")
    country = forms.ChoiceField(label=_("Land"), choices=COUNTRIES)
    phone = _model_field(Order, "billing_phone")

    @classmethod
    def of(cls, order: Order, kind: str, data=None) -> "AddressForm":
        return cls(data, initial={part: getattr(order, f"{kind}_{part}") for part in ADDRESS_PARTS}, prefix=kind)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if "postcode" in cleaned and "country" in cleaned:
            try:
                cleaned["postcode"] = clean_postcode(cleaned["postcode"], cleaned["country"])
            except forms.ValidationError as error:
                self.add_error("postcode", error)
        return cleaned

    def changes(self) -> dict:
        # postcode and country are checked as a pair, so a new country is written with the postcode checked for it
        changes = super().changes()
        if "country" in changes and "postcode" in self.cleaned_data:
            changes["postcode"] = self.cleaned_data["postcode"]
        return changes


class InformForm(forms.Form):
    submit_key = SubmitKeyField()  # one e-mail per click
    message = forms.CharField(
        label=_("Bericht aan de klant"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Schrijf eerst een bericht aan de klant.")},
        help_text=_("Het bericht komt in de e-mail “Klant inlichten” (DIENST › E-mails & teksten)."),
    )
