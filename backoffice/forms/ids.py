import re

from django import forms
from django.utils.translation import gettext_lazy as _

ID = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits only ("²".isdigit() is true), within a bigint


class IdListField(forms.Field):
    """Order ids as the orders list's check boxes send them: one per value, or several separated by spaces (the
    "select all on this page" box). Anything but positive whole numbers is refused, not skipped. Shared by the
    list's actions (Pakbonnen printen, the bulk actions)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Die keuze van orders klopt niet. Kies de orders opnieuw.")}

    def to_python(self, value) -> list[int]:
        words = " ".join(value or []).split()
        if not all(ID.fullmatch(word) for word in words):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(word) for word in words]
