"""ALGEMEEN > Instellingen > Wijzigingslog: the filters (area, person) and the keyset cursor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import audit
from ..models import User


class ConfigChangeFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Onderdeel"), required=False)
    actor = forms.ChoiceField(label=_("Door"), required=False)
    before = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Alle onderdelen"))] + [(area.key, area.label) for area in audit.areas()]
        # Every staff account, also a deactivated one: what she changed stays hers.
        people = User.objects.filter(is_staff=True).order_by("-is_active", "first_name", "last_name", "email")
        self.fields["actor"].choices = [("", _("Iedereen"))] + [(str(user.pk), str(user)) for user in people]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "area": data.get("area") or "",
            "actor_id": int(data["actor"]) if data.get("actor") else None,
            "before": data.get("before"),
        }
