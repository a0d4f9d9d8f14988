from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ExportFormat
from .services import COLUMN_NAMES, COLUMNS


class ExportForm(forms.Form):
    """Exporteren: the list's query string (`filter`), the format and the columns (all ticked at first)."""

    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    format = forms.ChoiceField(
        label=_("Formaat"), choices=ExportFormat.choices, initial=ExportFormat.CSV, widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label=_("Kolommen"),
        choices=COLUMNS,
        initial=COLUMN_NAMES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één kolom.")},
    )

    def clean_columns(self) -> list[str]:
        chosen = set(self.cleaned_data["columns"])
        return [name for name in COLUMN_NAMES if name in chosen]  # the file's order, whatever the order sent
