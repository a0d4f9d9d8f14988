from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.registry import email_kinds


class SupportFilterForm(forms.Form):
    """Storingen: which kind of work (e-mails, PDFs, print jobs), which problems, which e-mail; `before` is the keyset
    cursor (the id below which the next page starts)."""

    SHOW = [("email", _("E-mails")), ("pdf", _("PDF’s van facturen")), ("print", _("Pakbonnen printen"))]
    PROBLEMS = [("", _("Mislukt en wachtend")), ("failed", _("Mislukt")), ("waiting", _("Wachtend"))]

    show = forms.ChoiceField(label=_("Soort"), required=False, choices=SHOW)
    problem = forms.ChoiceField(label=_("Toestand"), required=False, choices=PROBLEMS)
    kind = forms.ChoiceField(label=_("E-mail"), required=False)
    before = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle e-mails")), *((kind.value, kind.label) for kind in email_kinds())]

    def filters(self) -> dict:
        """The valid filters; an invalid value counts as not given."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "show": data.get("show") or "email",
            "problem": data.get("problem") or "",
            "kind": data.get("kind") or "",
            "before": data.get("before"),
        }
