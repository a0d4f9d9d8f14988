from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import Carrier

from ..models import ShippingMethod
from .rules import NAME_MAX_LENGTH, TRACKING_URL_MAX_LENGTH, shipping_method_name_problem, tracking_pattern_problem


class ShippingMethodForm(forms.Form):
    """ALGEMEEN > Instellingen > Verzendmethoden: add or change one shipping method.

    The rules are the service's (`shipping_method_save` checks them again); here they come back per field.
    """

    name = forms.CharField(
        label=_("naam"),
        max_length=NAME_MAX_LENGTH,
        help_text=_(
            "Precies zoals de webwinkel de verzendmethode bij een order meestuurt, bijvoorbeeld ‘PostNL pakket’."
        ),
        error_messages={
            "required": _("Vul de naam in, precies zoals de webwinkel de verzendmethode bij een order meestuurt."),
            "max_length": _("Een naam heeft hoogstens %(limit_value)d tekens."),
        },
    )
    carrier = forms.ChoiceField(
        label=_("vervoerder"),
        choices=Carrier.choices,
        initial=Carrier.POSTNL,
        help_text=_("Zonder eigen Track & Trace-link krijgt de klant de link van deze vervoerder."),
        error_messages={
            "required": _("Kies een vervoerder uit de lijst."),
            "invalid_choice": _("Kies een vervoerder uit de lijst."),
        },
    )
    tracking_url = forms.CharField(
        label=_("Track & Trace-link"),
        required=False,
        max_length=TRACKING_URL_MAX_LENGTH,
        help_text=_(
            "Leeg: de link van de vervoerder. Een eigen link begint met https:// en bevat {code}, waar de "
            "Track & Trace-code komt; {postcode} en {country} (postcode en landcode van het verzendadres) mogen ook."
        ),
        error_messages={"max_length": _("Een Track & Trace-link heeft hoogstens %(limit_value)d tekens.")},
        widget=forms.TextInput(
            attrs={"placeholder": "https://www.vervoerder.nl/volg/{code}", "spellcheck": "false", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, method: ShippingMethod | None = None, **kwargs):
        self.method = method
        if method is not None:
            kwargs.setdefault(
                "initial", {"name": method.name, "carrier": method.carrier, "tracking_url": method.tracking_url}
            )
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]  # stripped by CharField
        if problem := shipping_method_name_problem(name, method=self.method):
            raise forms.ValidationError(problem, code="name")
        return name

    def clean_tracking_url(self) -> str:
        pattern = self.cleaned_data["tracking_url"]
        if problem := tracking_pattern_problem(pattern):
            raise forms.ValidationError(problem, code="tracking_url")
        return pattern
