"""The orders a list action works on, as VERKOOP > Orders' form sends them (backoffice.blocks.ListAction): the
ticked rows (`order`), the page's (`page_orders`), or with `all_matching` every order the list's filter (`filter`,
its query string) finds. Apps above orders build their action's form on `OrderChoiceForm`."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

ID = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits only ("²".isdigit() is true), within a bigint


class IdListField(forms.Field):
    """Order ids: one per value, or several separated by spaces (the "select all on this page" box). Anything but
    positive whole numbers is refused, not skipped."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Die keuze van orders klopt niet. Kies de orders opnieuw.")}

    def to_python(self, value) -> list[int]:
        words = " ".join(value or []).split()
        if not all(ID.fullmatch(word) for word in words):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(word) for word in words]


class OrderChoiceForm(forms.Form):
    order = IdListField(required=False)
    page_orders = IdListField(required=False)
    all_matching = forms.BooleanField(required=False)
    filter = forms.CharField(required=False, max_length=2000)

    def order_ids(self) -> list[int]:
        return [*self.cleaned_data["order"], *self.cleaned_data["page_orders"]]
