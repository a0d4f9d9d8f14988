import re

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from .models import ShopSettings


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


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


class ShopSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen van de webwinkel"),
        choices=settings.DOCUMENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Facturen en e-mails zijn in deze talen te kiezen."),
    )

    class Meta:
        model = ShopSettings
        fields = [
            "name", "street", "postcode", "city", "country", "email", "phone",
            "vat_number", "coc_number", "iban", "languages", "order_prefix", "order_start_number",
        ]  # fmt: skip

    def clean_iban(self) -> str:
        iban = "".join(self.cleaned_data["iban"].split()).upper()
        if iban and not iban_is_valid(iban):
            raise forms.ValidationError(_("Dit is geen geldig IBAN."))
        return iban

    def clean_vat_number(self) -> str:
        vat = "".join(self.cleaned_data["vat_number"].split()).upper().replace(".", "")
        if vat and not re.fullmatch(r"NL\d{9}B\d{2}|BE[01]\d{9}|[A-Z]{2}[0-9A-Z]{2,13}", vat):
            raise forms.ValidationError(_("Dit is geen geldig btw-nummer (bijvoorbeeld NL123456789B01)."))
        return vat

    def clean_coc_number(self) -> str:
        coc = "".join(self.cleaned_data["coc_number"].split())
        if coc and not re.fullmatch(r"\d{8}", coc):
            raise forms.ValidationError(_("Een KvK-nummer heeft 8 cijfers."))
        return coc

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise forms.ValidationError(_("Gebruik de landcode van twee letters, bijvoorbeeld NL."))
        return country

    def clean_order_prefix(self) -> str:
        prefix = self.cleaned_data["order_prefix"].strip().upper()
        if not re.fullmatch(r"[A-Z]{0,10}", prefix):
            raise forms.ValidationError(_("Een voorvoegsel bestaat alleen uit letters."))
        return prefix
