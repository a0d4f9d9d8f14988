from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.languages import named
from backoffice.models import ShopSettings
from orders.selection import OrderChoiceForm


class InvoicePrintForm(OrderChoiceForm):
    """The orders list's Facturen printen: the list's choice (orders.selection), and the documents' language. The
    list's button sends no language: then the page asks for it, with the choice carried along."""

    language = forms.ChoiceField(label=_("Taal van de facturen"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = ShopSettings.load().enabled_languages
        self.fields["language"].choices = named(languages)
        self.fields["language"].initial = languages[0]
