from django import forms

from backoffice.forms.ids import IdListField


class PackingSlipPrintForm(forms.Form):
    """The orders list's Pakbonnen printen: the ticked rows (`order`), the page's (`page_orders`), or with
    `all_matching` every order the list's filter (`filter`, its query string) finds."""

    order = IdListField(required=False)
    page_orders = IdListField(required=False)
    all_matching = forms.BooleanField(required=False)
    filter = forms.CharField(required=False, max_length=2000)

    def order_ids(self) -> list[int]:
        return [*self.cleaned_data["order"], *self.cleaned_data["page_orders"]]
