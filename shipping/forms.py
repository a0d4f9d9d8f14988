"""The forms of the Verzendmethoden and Verzendingen blocks (the settings' form is in shipping/methods/forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField
from orders.models import OrderLine


class PackingSlipForm(forms.Form):
    """Pakbon aanmaken: how many of each order line go on this packing slip (default: all that are left)."""

    submit_key = SubmitKeyField()  # one packing slip per click

    def __init__(self, *args, remaining: dict[OrderLine, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line, left in remaining.items():
            name = f"line_{line.pk}"
            # No max_value: more than is left gets the service's refusal, which says how many are left.
            field = forms.IntegerField(label=line.product_name, min_value=0, initial=max(left, 0), required=False)
            field.widget.attrs.update({"class": "quantity-input", "max": max(left, 0)})
            self.fields[name] = field
            self.line_fields.append((line, left, name))

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(name) or 0 for line, left, name in self.line_fields if left > 0}

    def lines(self):
        """(order line, quantity left, bound field) for the template."""
        return [(line, left, self[name]) for line, left, name in self.line_fields]


class TrackingCodeForm(forms.Form):
    """The Track & Trace code typed next to a Verzonden button; its format is the service's to judge."""

    tracking_code = forms.CharField(
        label=_("Track & Trace code"),
        max_length=100,
        required=False,
        strip=True,
        help_text=_("Met een code krijgt de klant de Track & Trace-e-mail, zonder code de e-mail ‘Order verzonden’."),
    )
