from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.validators import refuse_line_breaks


class EmailTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=200, strip=False, validators=[refuse_line_breaks])
    body = forms.CharField(label=_("Tekst"), strip=False, widget=forms.Textarea(attrs={"rows": 16}))
    order = forms.CharField(
        label=_("Voorbeeld met order"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": _("Ordernummer; leeg: de nieuwste order")}),
    )
