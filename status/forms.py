from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.languages import CODES, language_name

from .models import Colour, CustomStatus
from .rules import NAME_MAX_LENGTH


class OrderStatusForm(forms.Form):
    """The Status block's drop-down: one of `choices`, or empty for the system status."""

    status = forms.ChoiceField(label=_("Eigen status"), required=False)

    def __init__(self, *args, choices: list[CustomStatus], **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = {str(status.pk): status for status in choices}
        self.fields["status"].choices = [
            ("", _("— systeemstatus —")),
            *((pk, status.name) for pk, status in self.statuses.items()),
        ]

    def chosen(self) -> CustomStatus | None:
        return self.statuses.get(self.cleaned_data["status"])


class CustomStatusForm(forms.Form):
    """A custom status: a name per shop language (Dutch required), a colour, and whether the customer is mailed."""

    colour = forms.ChoiceField(label=_("Kleur"), choices=Colour.choices, initial=Colour.BLUE)
    mail_customer = forms.BooleanField(
        label=_("De klant e-mailen wanneer een order deze status krijgt"),
        required=False,
        help_text=_("De tekst staat bij DIENST › E-mails & teksten, per taal, zodra de status is opgeslagen."),
    )

    def __init__(self, *args, status: CustomStatus | None = None, **kwargs):
        if status is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{f"name_{code}": status.names.get(code, "") for code in CODES},
                "colour": status.colour,
                "mail_customer": status.mail_customer,
            }
        super().__init__(*args, **kwargs)
        names = {
            f"name_{code}": forms.CharField(
                label=_("Naam (%(language)s)") % {"language": language_name(code)},
                max_length=NAME_MAX_LENGTH,
                required=code == "nl",
            )
            for code in CODES
        }
        self.fields = {**names, **self.fields}

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"name_{code}"] for code in CODES}
