from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # what str.splitlines() breaks on


def has_line_break(value: str) -> bool:
    return any(character in LINE_BREAKS for character in value)


def refuse_line_breaks(value: str) -> None:
    """A one-line field (a name, a street, an e-mail subject) holds no line break: one in a name that ends up in an
    e-mail subject would make the mail unsendable."""
    if has_line_break(value):
        raise ValidationError(_("Dit veld is één regel: haal de regelovergang weg."), code="line_break")
