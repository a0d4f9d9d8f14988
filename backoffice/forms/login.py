from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True}))
    password = forms.CharField(label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            user = authenticate(self.request, email=email.lower(), password=password)
            if user is None:
                raise forms.ValidationError(_("Het e-mailadres of het wachtwoord klopt niet."), code="invalid_login")
            if not user.is_staff:
                raise forms.ValidationError(
                    _("Dit account heeft geen toegang tot de backoffice. Klanten loggen in via Mijn account."),
                    code="not_staff",
                )
            self.user = user
        return cleaned
