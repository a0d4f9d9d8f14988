"""The forms of ALGEMEEN > Instellingen: Winkelgegevens (the shop's details and logo) and Geavanceerd >
Administratie (invoices, numbering, packing slips, payment, privacy)."""

import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ..languages import DOCUMENT_LANGUAGES
from ..logo import logo_validate
from ..models import ShopSettings
from ..numbering import CREDIT_INVOICE_SERIES, INVOICE_SERIES, PACKING_SLIP_SERIES
from ..rules import iban_is_valid, last_number, number_in_both_series


class ShopSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen van de webwinkel"),
        choices=DOCUMENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Facturen en e-mails zijn in deze talen te kiezen."),
    )

    class Meta:
        model = ShopSettings
        fields = [
            "name", "street", "postcode", "city", "country", "email", "phone",
            "vat_number", "coc_number", "iban", "languages", "logo", "order_prefix", "order_start_number",
        ]  # fmt: skip
        error_messages = {
            "logo": {
                "contradiction": _("Kies een nieuw logo óf vink ‘Logo verwijderen’ aan, niet allebei."),
                "empty": _("Dit bestand is leeg."),
            }
        }

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        if isinstance(logo, UploadedFile):  # not: unchanged (the stored file) or cleared (False)
            logo_validate(logo)
        return logo

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


# ALGEMEEN > Instellingen > Geavanceerd > Administratie: (legend, fields) in the order of the page.
ADMINISTRATION_FIELDSETS = [
    (_("Facturen"), ["invoice_timing", "invoice_send_on_issue"]),
    (
        _("Nummering"),
        [
            "invoice_prefix",
            "invoice_start_number",
            "credit_invoice_own_series",
            "credit_invoice_prefix",
            "credit_invoice_start_number",
        ],
    ),
    (_("Pakbonnen"), ["packing_slip_prefix", "packing_slip_start_number"]),
    (_("Betaling"), ["payment_term_days", "payment_reminder_after_days"]),
    (_("Privacy op de factuur"), ["invoice_hide_email", "invoice_hide_phone"]),
]


class AdministrationForm(forms.ModelForm):
    """ALGEMEEN > Instellingen > Geavanceerd > Administratie: invoices, numbering, packing slips, payment, privacy."""

    invoice_start_number = forms.IntegerField(
        label=_("startnummer facturen"),
        help_text=_(
            "Het nummer van de eerste factuur. Nummers worden nooit opnieuw gebruikt: "
            "een nieuw startnummer moet hoger zijn dan het laatst uitgegeven factuurnummer."
        ),
        min_value=1,
        error_messages={"min_value": _("Een startnummer is 1 of hoger.")},
    )
    credit_invoice_start_number = forms.IntegerField(
        label=_("startnummer creditfacturen"),
        help_text=_("Alleen bij een eigen nummerreeks. Ook deze nummers worden nooit opnieuw gebruikt."),
        min_value=1,
        error_messages={"min_value": _("Een startnummer is 1 of hoger.")},
    )
    packing_slip_start_number = forms.IntegerField(
        label=_("startnummer pakbonnen"),
        help_text=_(
            "Het nummer van de eerste pakbon. Nummers worden nooit opnieuw gebruikt: "
            "een nieuw startnummer moet hoger zijn dan het laatst gebruikte pakbonnummer."
        ),
        min_value=1,
        error_messages={"min_value": _("Een startnummer is 1 of hoger.")},
    )
    payment_term_days = forms.IntegerField(
        label=_("betaaltermijn in dagen"),
        help_text=_(
            "Zoveel dagen na de factuurdatum moet de klant betaald hebben; de vervaldatum staat op de factuur. "
            "0: direct."
        ),
        min_value=0,
        max_value=365,
        error_messages={
            "min_value": _("Kies een betaaltermijn van 0 tot en met 365 dagen."),
            "max_value": _("Kies een betaaltermijn van 0 tot en met 365 dagen."),
        },
    )
    payment_reminder_after_days = forms.IntegerField(
        label=_("automatische betaalherinnering na (dagen)"),
        help_text=_(
            "Is een order zoveel dagen na de besteldatum nog niet betaald, dan krijgt de klant één keer "
            "een betaalherinnering per e-mail, met de factuur als bijlage. Leeg: geen automatische herinnering."
        ),
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "min_value": _("Kies 1 tot en met 365 dagen, of laat het veld leeg voor geen betaalherinnering."),
            "max_value": _("Kies 1 tot en met 365 dagen, of laat het veld leeg voor geen betaalherinnering."),
        },
    )

    class Meta:
        model = ShopSettings
        fields = [name for _legend, names in ADMINISTRATION_FIELDSETS for name in names]
        widgets = {"invoice_timing": forms.RadioSelect}
        error_messages = {
            "invoice_prefix": {"max_length": _("Een voorvoegsel heeft hoogstens 10 tekens.")},
            "credit_invoice_prefix": {"max_length": _("Een voorvoegsel heeft hoogstens 10 tekens.")},
            "packing_slip_prefix": {"max_length": _("Een voorvoegsel heeft hoogstens 10 tekens.")},
        }
        help_texts = {
            "invoice_timing": _(
                "Wanneer een order zijn factuur krijgt. Bij ‘Handmatig’ staat op het dashboard van de order "
                "een knop ‘Factuur aanmaken’ en maakt u elke factuur zelf aan."
            ),
            "invoice_send_on_issue": _(
                "De klant krijgt de factuur als pdf per e-mail zodra die is aangemaakt. "
                "Uit: de factuur wordt alleen gemaakt, niet verstuurd."
            ),
            "invoice_prefix": _(
                "Komt voor elk factuurnummer, bijvoorbeeld F: F00001. Hoogstens 10 tekens: letters, cijfers en -; "
                "leeg mag ook. Een nieuw voorvoegsel geldt voor facturen die daarna worden aangemaakt."
            ),
            "credit_invoice_own_series": _(
                "Aan: creditfacturen krijgen hun eigen voorvoegsel en nummers (hieronder). "
                "Uit: ze krijgen het volgende nummer uit de reeks van de facturen."
            ),
            "credit_invoice_prefix": _(
                "Alleen bij een eigen nummerreeks. Moet anders zijn dan het voorvoegsel van facturen, "
                "zodat een factuur en een creditfactuur nooit hetzelfde nummer hebben."
            ),
            "packing_slip_prefix": _(
                "Komt voor elk pakbonnummer, bijvoorbeeld P: P00001. Hoogstens 10 tekens: letters, cijfers en -; "
                "leeg mag ook. Een nieuw voorvoegsel geldt voor pakbonnen die daarna worden aangemaakt."
            ),
            "invoice_hide_email": _("Het e-mailadres van de klant komt niet op de factuur."),
            "invoice_hide_phone": _("Het telefoonnummer van de klant komt niet op de factuur."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("invoice_prefix", "credit_invoice_prefix", "packing_slip_prefix"):
            self.fields[name].required = False  # a number without a prefix is fine

    def grouped_fields(self):
        """[(legend, [bound fields])] for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in ADMINISTRATION_FIELDSETS]

    def _clean_prefix(self, name: str) -> str:
        prefix = self.cleaned_data[name].strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]*", prefix):
            raise forms.ValidationError(_("Een voorvoegsel bestaat alleen uit letters, cijfers en het streepje (-)."))
        return prefix

    def clean_invoice_prefix(self) -> str:
        return self._clean_prefix("invoice_prefix")

    def clean_credit_invoice_prefix(self) -> str:
        return self._clean_prefix("credit_invoice_prefix")

    def clean_packing_slip_prefix(self) -> str:
        return self._clean_prefix("packing_slip_prefix")

    def _clean_start_number(self, name: str, series: str, message) -> int:
        """Numbers are never reused: a new start number lies above the last number of its series."""
        number = self.cleaned_data[name]
        if name in self.changed_data:
            last = last_number(series)
            if number <= last:
                raise forms.ValidationError(message, code="number_used", params={"last": last})
        return number

    def clean_invoice_start_number(self) -> int:
        return self._clean_start_number(
            "invoice_start_number",
            INVOICE_SERIES,
            _("Er zijn al facturen tot en met nummer %(last)s uitgegeven; kies een hoger startnummer."),
        )

    def clean_credit_invoice_start_number(self) -> int:
        return self._clean_start_number(
            "credit_invoice_start_number",
            CREDIT_INVOICE_SERIES,
            _("Er zijn al creditfacturen tot en met nummer %(last)s uitgegeven; kies een hoger startnummer."),
        )

    def clean_packing_slip_start_number(self) -> int:
        return self._clean_start_number(
            "packing_slip_start_number",
            PACKING_SLIP_SERIES,
            _("Er zijn al pakbonnen tot en met nummer %(last)s aangemaakt; kies een hoger startnummer."),
        )

    def clean(self):
        cleaned = super().clean()
        invoice_prefix, credit_prefix = cleaned.get("invoice_prefix"), cleaned.get("credit_invoice_prefix")
        if cleaned.get("credit_invoice_own_series") and invoice_prefix is not None and credit_prefix is not None:
            if number := number_in_both_series(invoice_prefix, credit_prefix):
                self.add_error(
                    "credit_invoice_prefix",
                    forms.ValidationError(
                        _(
                            "Kies een ander voorvoegsel dan voor facturen: nu kunnen een factuur en een creditfactuur "
                            "hetzelfde nummer krijgen, bijvoorbeeld %(number)s."
                        ),
                        code="prefix_collision",
                        params={"number": number},
                    ),
                )
        return cleaned
