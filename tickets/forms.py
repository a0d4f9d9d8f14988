from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField
from backoffice.roles import active_staff

from .models import BODY_MAX_LENGTH, TicketStatus


class ReplyForm(forms.Form):
    submit_key = SubmitKeyField()
    body = forms.CharField(
        label=_("Antwoord"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Platte tekst. De klant krijgt het antwoord per e-mail en ziet het in Mijn account."),
    )  # fmt: skip


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Toewijzen aan"), queryset=active_staff(), required=False,
                                      empty_label=_("Niemand"))  # fmt: skip


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *TicketStatus.choices])
    mine = forms.BooleanField(label=_("Aan mij toegewezen"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or "", "mine": bool(data.get("mine")), "page": data.get("page") or 1}
