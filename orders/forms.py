import hashlib
from datetime import date

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from backoffice.countries import COUNTRIES
from backoffice.forms.submit_key import SubmitKeyField
from backoffice.models import InvoiceTiming, ShopSettings

from .models import (
    CancelReason,
    Carrier,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShipmentStatus,
    active_custom_statuses,
)
from .sorting import SORT_CHOICES

CUSTOM_STATUS_PREFIX = "custom-"  # ?status=custom-7: the orders that carry custom status 7
# The dates a filter may name: beyond them the list would compute a day that does not exist (9999-12-31 + 1 day).
FILTER_DATES = (date(1900, 1, 1), date(2999, 12, 31))
MAX_AGE_DAYS = 36_500  # "ouder dan N dagen": at most a century


class OrderFilterForm(forms.Form):
    """The list's search and filters, all from the query string. Invalid values are dropped with a message."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    payment_status = forms.ChoiceField(
        label=_("Betaalstatus"), required=False, choices=[("", _("Alle betaalstatussen")), *PaymentStatus.choices]
    )
    shipment_status = forms.ChoiceField(
        label=_("Verzendstatus"), required=False, choices=[("", _("Alle verzendstatussen")), *ShipmentStatus.choices]
    )
    address_check = forms.BooleanField(label=_("Adres controleren"), required=False)
    placed_from = forms.DateField(
        label=_("Besteld vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    placed_to = forms.DateField(
        label=_("Besteld tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Relative, so a saved view ("Niet betaald > 14 dagen") stays true tomorrow: placed more than N days ago.
    placed_before_days = forms.IntegerField(
        label=_("Ouder dan (dagen)"), required=False, min_value=1, max_value=MAX_AGE_DAYS
    )
    payment_method = forms.ChoiceField(
        label=_("Betaalmethode"), required=False, choices=[("", _("Alle betaalmethoden")), *PaymentMethod.choices]
    )
    carrier = forms.ChoiceField(
        label=_("Vervoerder"), required=False, choices=[("", _("Alle vervoerders")), *Carrier.choices]
    )
    # The shipping country: where the parcel goes, what a shop sorts its parcels and carriers by.
    country = forms.ChoiceField(label=_("Verzendland"), required=False, choices=[("", _("Alle landen")), *COUNTRIES])
    total_from = forms.DecimalField(
        label=_("Totaal vanaf"), required=False, min_value=0, max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )  # fmt: skip
    total_to = forms.DecimalField(
        label=_("Totaal tot en met"), required=False, min_value=0, max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )  # fmt: skip
    unanswered_tickets = forms.BooleanField(label=_("Onbeantwoorde vraag"), required=False)
    open_tasks = forms.BooleanField(label=_("Open taken"), required=False)
    sort = forms.ChoiceField(label=_("Sorteren"), required=False, choices=[("", "—"), *SORT_CHOICES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the badges can say: the system statuses, then the shop's active custom statuses in their order.
        custom = active_custom_statuses()
        custom = [(f"{CUSTOM_STATUS_PREFIX}{status.pk}", status.name) for status in custom]
        self.fields["status"].choices = [("", _("Alle statussen")), *OrderStatus.choices, *custom]

    @cached_property
    def fragment_key(self) -> str:
        """What the rendered filter fields depend on: the query string (values and errors follow from it) and the
        status choices. The list caches the fields' HTML under it with the language (templates/orders/list.html):
        rendering them was ~2 ms of every list page, a cache read is ~0.2."""
        data = sorted((name, tuple(values)) for name, values in self.data.lists())
        choices = [(value, str(label)) for value, label in self.fields["status"].choices]
        return hashlib.sha256(repr((data, choices)).encode()).hexdigest()

    def clean_q(self) -> str:
        q = " ".join(self.cleaned_data["q"].split())
        if q and len(q) < 3 and not q.isdigit():
            raise forms.ValidationError(_("Typ minstens 3 tekens om te zoeken."))
        return q

    def _clean_date(self, name: str) -> date | None:
        value = self.cleaned_data[name]
        if value is not None and not FILTER_DATES[0] <= value <= FILTER_DATES[1]:
            raise forms.ValidationError(
                _("Kies een datum tussen %(first)s en %(last)s.")
                % {"first": FILTER_DATES[0].year, "last": FILTER_DATES[1].year}
            )
        return value

    def clean_placed_from(self) -> date | None:
        return self._clean_date("placed_from")

    def clean_placed_to(self) -> date | None:
        return self._clean_date("placed_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("placed_from"), cleaned.get("placed_to")
        if start and end and start > end:
            self.add_error("placed_to", _("De einddatum ligt vóór de begindatum."))
        low, high = cleaned.get("total_from"), cleaned.get("total_to")
        if low is not None and high is not None and low > high:
            self.add_error("total_to", _("Het totaal tot en met is lager dan het totaal vanaf."))
        return cleaned

    def valid_filters(self) -> dict:
        """The filters that passed validation; the invalid ones are left out (and reported by the view)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if not _empty(value)}


def _empty(value) -> bool:
    """An unused filter: nothing typed, nothing chosen, not ticked. (Not `value in ("", None, False)`: a total of
    0 equals False.)"""
    return value is None or value is False or value == ""


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (voor collega's)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Bijvoorbeeld: wacht op nalevering")}),
    )


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=[("", "—"), *CancelReason.choices])
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """Actions that need nothing but a deliberate click."""


def copy_invoice_is_mailable() -> bool:
    """Whether the shop would e-mail a new order's invoice at once (invoices on order, mailed on issue)."""
    shop = ShopSettings.load()
    return shop.invoice_timing == InvoiceTiming.ON_ORDER and shop.invoice_send_on_issue


class CopyForm(forms.Form):
    """Order kopiëren: whether the customer gets the new order's invoice now. Off unless ticked; offered only
    when the shop would mail it."""

    send_invoice = forms.BooleanField(label=_("Factuur naar de klant sturen"), required=False, initial=False)
    submit_key = SubmitKeyField()  # one copy per click

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not copy_invoice_is_mailable():
            del self.fields["send_invoice"]


class SavedViewForm(forms.Form):
    """Weergave opslaan: a name for the list's current filter, sort and search (`query`, carried from the list).
    "Delen met iedereen" only for a Beheerder."""

    name = forms.CharField(label=_("Naam"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    shared = forms.BooleanField(label=_("Delen met iedereen"), required=False)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, can_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_share:
            del self.fields["shared"]


class SavedViewRenameForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"}))
