from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField

from .models import Invoice


class InvoiceEditForm(forms.Form):
    """The popup behind the blue i: what may change on an issued invoice.

    Paid back or not is a field only for a credit invoice; an invoice's paid / unpaid is the order's payment,
    offered in the popup as buttons that post to payments (Betaald / Niet betaald).
    """

    is_paid = forms.TypedChoiceField(
        label=_("Betaalstatus"),
        choices=[("0", _("Niet betaald")), ("1", _("Betaald"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    delivery_time = forms.CharField(
        label=_("Levertijd"),
        max_length=100,
        required=False,
        help_text=_("Staat op de factuur, bijvoorbeeld “1-2 werkdagen” of “week 49”."),
    )
    custom_text = forms.CharField(
        label=_("Eigen tekst"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Een eigen levertijd of opmerking; staat onder aan de factuur."),
    )

    def __init__(self, *args, invoice: Invoice, **kwargs):
        initial = {
            "is_paid": "1" if invoice.is_paid else "0",
            "delivery_time": invoice.delivery_time,
            "custom_text": invoice.custom_text,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if invoice.settles_amount_due:  # it lowers an unpaid invoice: nothing to pay back, nothing to mark
            del self.fields["is_paid"]
        elif invoice.is_credit:
            self.fields["is_paid"].label = _("Terugbetaald")
            self.fields["is_paid"].choices = [("0", _("Nog niet terugbetaald")), ("1", _("Terugbetaald"))]
        else:
            del self.fields["is_paid"]

    def clean_delivery_time(self) -> str:
        return self.cleaned_data["delivery_time"].strip()

    def clean_custom_text(self) -> str:
        return self.cleaned_data["custom_text"].strip()


class CreditForm(forms.Form):
    """Credit factuur aanmaken: how many of each line of the invoice to credit (0 = none)."""

    send = forms.BooleanField(label=_("Creditfactuur per e-mail naar de klant sturen"), required=False, initial=True)
    submit_key = SubmitKeyField()  # one credit invoice per click

    def __init__(self, *args, remaining: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line, (left, _amount) in remaining.items():
            name = f"line_{line.pk}"
            # No max_value: more than is left gets the service's refusal, which says how many are left.
            field = forms.IntegerField(label=line.description, min_value=0, initial=0, required=False)
            field.widget.attrs.update({"class": "quantity-input", "max": max(left, 0)})
            self.fields[name] = field
            self.line_fields.append((line, left, name))

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(name) or 0 for line, _left, name in self.line_fields}

    def lines(self):
        """(line, quantity left, bound field) for the template."""
        return [(line, left, self[name]) for line, left, name in self.line_fields]
