from django import forms
from django.http import QueryDict

from backoffice.forms.ids import IdListField
from backoffice.forms.submit_key import SubmitKeyField

from ..forms import OrderFilterForm


class BulkSelectionForm(forms.Form):
    """Which orders a bulk action is for, as the orders list's form sends them (the same fields as Pakbonnen
    printen): the ticked rows (`order`), the page's (`page_orders`), or with `all_matching` every order that the
    list's filter (`filter`, its query string) finds. The confirmation dialog carries them on as hidden fields,
    with the dialog's `run_key` (one run per click)."""

    order = IdListField(required=False)
    page_orders = IdListField(required=False)
    all_matching = forms.BooleanField(required=False, widget=forms.HiddenInput)
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    run_key = SubmitKeyField()  # one run per click of the dialog

    def order_ids(self) -> list[int]:
        return [*self.cleaned_data["order"], *self.cleaned_data["page_orders"]]

    def filters(self) -> dict | None:
        """The list's valid filters when all matching orders are meant (invalid ones dropped, as the list drops
        them), else None."""
        if not self.cleaned_data["all_matching"]:
            return None
        return OrderFilterForm(QueryDict(self.cleaned_data["filter"])).valid_filters()

    def carried_on(self) -> "BulkSelectionForm":
        """The same choice as hidden fields for the dialog, with a fresh submit key."""
        return BulkSelectionForm(
            initial={
                "order": self.order_ids(),
                "all_matching": self.cleaned_data["all_matching"],
                "filter": self.cleaned_data["filter"],
                "run_key": self.cleaned_data.get("run_key") or self.fields["run_key"].initial(),
            }
        )
