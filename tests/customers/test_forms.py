"""The Klant tab's input rules: phone numbers, VAT numbers, postcodes per country."""

import pytest
from django import forms

from customers.forms import clean_phone, clean_postcode, clean_vat_number


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0612345678", "0612345678"),
        ("+31 (0)6 1234-5678", "+31 (0)6 1234-5678"),
        ("  020   123 4567 ", "020 123 4567"),
        ("12345678", "12345678"),  # 8 digits
        ("+123456789012345", "+123456789012345"),  # 15 digits
        ("", ""),
    ],
)
def test_valid_phone_numbers(typed, stored):
    assert clean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "+1234567890123456", "06 1234 5678 of 020", "06/12345678", "phone"])
def test_invalid_phone_numbers(typed):
    with pytest.raises(forms.ValidationError, match="8 tot 15 cijfers"):
        clean_phone(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("NL123456789B01", "NL123456789B01"),
        ("nl 1234.56.789.b01", "NL123456789B01"),
        ("BE0123456789", "BE0123456789"),
        ("BE 1234 567 890", "BE1234567890"),
        ("DE123456789", "DE123456789"),  # other countries: a country code and letters or digits
        ("", ""),
    ],
)
def test_valid_vat_numbers(typed, stored):
    assert clean_vat_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NL123456789", "NL, 9 cijfers, B en 2 cijfers"),
        ("NL12345678B01", "NL, 9 cijfers, B en 2 cijfers"),
        ("NL123456789B1", "NL, 9 cijfers, B en 2 cijfers"),
        ("BE2123456789", "BE, een 0 of 1 en 9 cijfers"),
        ("BE012345678", "BE, een 0 of 1 en 9 cijfers"),
        ("123456789", "begint met de landcode"),
    ],
)
def test_invalid_vat_numbers(typed, message):
    with pytest.raises(forms.ValidationError, match=message):
        clean_vat_number(typed)


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("NL", "1012 LG", "1012LG"),
        ("NL", "1012lg", "1012LG"),
        ("BE", "1000", "1000"),
        ("DE", "10115", "10115"),
        ("FR", "75001", "75001"),
        ("LU", "L-1234", "L-1234"),
    ],
)
def test_valid_postcodes(country, typed, stored):
    assert clean_postcode(typed, country) == stored


@pytest.mark.parametrize(
    ("country", "typed"),
    [("NL", "1012"), ("NL", "0123 AB"), ("NL", "1012 L"), ("BE", "10000"), ("BE", "B-1000"), ("DE", "1011")],
)
def test_invalid_postcodes(country, typed):
    with pytest.raises(forms.ValidationError):
        clean_postcode(typed, country)
