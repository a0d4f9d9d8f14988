from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True}))
