from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField
from backoffice.roles import active_staff

from .models import TEXT_MAX_LENGTH


class AddresseeField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return str(user)


def _text_field() -> forms.CharField:
    return forms.CharField(
        label=_("Memo"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "data-char-counter": ""}),
        help_text=_("Platte tekst; links worden klikbaar."),
    )


class MemoForm(forms.Form):
    submit_key = SubmitKeyField()  # one memo per click
    addressee = AddresseeField(label=_("Aan"), queryset=active_staff(), empty_label=None)
    text = _text_field()

    @classmethod
    def for_new(cls, user, data=None) -> "MemoForm":
        return cls(data, initial={"addressee": user.pk})


class MemoEditForm(forms.Form):
    text = _text_field()
