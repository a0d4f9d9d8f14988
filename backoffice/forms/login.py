from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
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
            if user is not None and not user.is_staff:
                # A customer's right password gets the answer of a wrong one, after the same password check, and
                # counts as a failure for the rate limit: the staff login tells nobody whose password is right.
                user_login_failed.send(sender=__name__, credentials={"email": email.lower()}, request=self.request)
                user = None
            if user is None:
                raise forms.ValidationError(_("Het e-mailadres of het wachtwoord klopt niet."), code="invalid_login")
            self.user = user
        return cleaned
