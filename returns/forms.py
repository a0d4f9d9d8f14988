"""The popups of returns: Retour aanmaken (also Credit factuur aanmaken) and the status of one return."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField

from .models import ReturnAction, ReturnReason, ReturnStatus
from .rules import Returnable


class ChoiceNameField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ReturnForm(forms.Form):
    """Per product a drop-down from 0 to what can still be returned; reason, action, note; the shipping cost."""

    reason = ChoiceNameField(
        label=_("Retour reden"), queryset=ReturnReason.objects.none(), required=False, empty_label=_("(geen)")
    )
    action = ChoiceNameField(
        label=_("Retour actie"), queryset=ReturnAction.objects.none(), required=False, empty_label=_("(geen)")
    )
    note = forms.CharField(
        label=_("Notitie"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    refund_shipping = forms.BooleanField(label=_("Verzendkosten terugbetalen"), required=False)
    credit = forms.BooleanField(
        label=_("Direct een creditfactuur aanmaken"),
        required=False,
        help_text=_("De creditfactuur ligt direct vast, en de retour daarmee ook."),
    )
    send_credit = forms.BooleanField(
        label=_("Creditfactuur per e-mail naar de klant sturen"), required=False, initial=True
    )
    mail_customer = forms.BooleanField(label=_("De klant e-mailen dat de retour is aangemeld"), required=False)
    submit_key = SubmitKeyField()  # one return per click

    def __init__(
        self, *args, items: list[Returnable], shipping_cost=None, can_credit: bool = False, credit=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = ReturnReason.objects.active().in_order()
        self.fields["action"].queryset = ReturnAction.objects.active().in_order()
        self.line_fields = []
        for item in items:
            name = f"line_{item.line.pk}"
            # Choices up to what can be returned; more is refused by the field, and by the service under the lock.
            field = forms.TypedChoiceField(
                label=item.line.product_name,
                choices=[(str(number), str(number)) for number in range(item.left + 1)],
                coerce=int,
                initial="0",
                required=False,
                empty_value=0,
            )
            field.widget.attrs.update({"class": "quantity-select"})
            self.fields[name] = field
            self.line_fields.append((item, name))
        if not shipping_cost:
            del self.fields["refund_shipping"]
        else:
            self.shipping_cost = shipping_cost
        if can_credit:
            self.fields["credit"].initial = bool(credit)
        else:
            del self.fields["credit"]
            del self.fields["send_credit"]

    def quantities(self) -> dict[int, int]:
        return {item.line.pk: self.cleaned_data.get(name) or 0 for item, name in self.line_fields}

    def lines(self):
        """(Returnable, bound field) for the template."""
        return [(item, self[name]) for item, name in self.line_fields]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "quantities": self.quantities(),
            "reason": data.get("reason"),
            "action": data.get("action"),
            "note": data.get("note", ""),
            "refund_shipping": data.get("refund_shipping", False),
            "credit": data.get("credit", False),
            "send_credit": data.get("send_credit", False),
            "mail_customer": data.get("mail_customer", False),
            "submit_key": data.get("submit_key"),
        }


class ReturnStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ReturnStatus.choices)
    mail_customer = forms.BooleanField(required=False)


class ReturnChoiceForm(forms.Form):
    """A reason or an action: a name per shop language (Dutch required), the order, active or not."""

    position = forms.IntegerField(label=_("Volgorde"), min_value=0, max_value=9999, initial=0)
    is_active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, languages: list[tuple[str, str]], choice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for code, name in languages:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Naam (%(language)s)") % {"language": name}, max_length=100, required=code == "nl"
            )
        self.order_fields([f"name_{code}" for code, _name in languages] + ["position", "is_active"])
        if choice is not None:
            for code, _name in languages:
                self.fields[f"name_{code}"].initial = choice.names.get(code, "")
            self.fields["position"].initial = choice.position
            self.fields["is_active"].initial = choice.is_active

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code, _name in self.languages}


class ReturnListFilterForm(forms.Form):
    """VERKOOP > Retouren: status, reason, date."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    reason = ChoiceNameField(label=_("Retour reden"), queryset=ReturnReason.objects.none(), required=False,
                             empty_label=_("Alle"))  # fmt: skip
    created_from = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    created_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle")), *ReturnStatus.choices]
        self.fields["reason"].queryset = ReturnReason.objects.in_order()
