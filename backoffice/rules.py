"""The rules of the shop's settings that the forms check before anything is stored: a valid IBAN, numbers that are
never reused, and prefixes that can never print the same number for an invoice and a credit invoice."""

import re

from .models import NumberCounter
from .numbering import number_format


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def last_number(series: str) -> int:
    """The last number handed out in `series` (0: none yet)."""
    return NumberCounter.objects.filter(series=series).values_list("last_number", flat=True).first() or 0


def number_in_both_series(first: str, second: str) -> str | None:
    """A number that both the `first` and the `second` prefix could print (number_format), or None.

    Equal prefixes clearly can; so can "F" and "F1": once the F-series reaches 100001 it prints F100001,
    which is also number 1 of the F1-series. Numbers have at least five digits, so extra digits that start
    with 0 ("F" and "F0") never lead to the same number.
    """
    shorter, longer = sorted([first, second], key=len)
    rest = longer.removeprefix(shorter)
    if longer.startswith(shorter) and (rest == "" or (rest.isdigit() and rest[0] != "0")):
        return number_format(longer, 1)
    return None
