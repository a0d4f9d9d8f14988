from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.forms.submit_key import SubmitKeyField
from backoffice.models import User
from backoffice.roles import active_staff

from .models import DESCRIPTION_MAX_LENGTH, TaskPriority, TaskStatus
from .selectors import EVERYONE

# A due date a person can mean; anything else (year 9999) is a typing error.
DUE_YEARS = (2000, 2100)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return str(user)


class TaskForm(forms.Form):
    """Taak toevoegen and the task's own popup: for whom, when, what and how urgent."""

    submit_key = SubmitKeyField()  # one task per click
    assignee = StaffChoiceField(label=_("Toegewezen aan"), queryset=active_staff(), empty_label=None)
    due_date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    priority = forms.ChoiceField(label=_("Prioriteit"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)
    description = forms.CharField(
        label=_("Omschrijving"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    notify = forms.BooleanField(
        label=_("E-mail de collega"), required=False, help_text=_("Een e-mail met de taak en een link naar de order.")
    )

    @classmethod
    def for_new(cls, user, data=None) -> "TaskForm":
        tomorrow = timezone.localdate() + timedelta(days=1)
        initial = {"assignee": user.pk, "due_date": tomorrow, "due_time": time(10, 0), "status": TaskStatus.OPEN}
        return cls(data, initial=initial)

    @classmethod
    def of(cls, task, data=None) -> "TaskForm":
        due = timezone.localtime(task.due_at)
        initial = {
            "assignee": task.assignee_id if task.assignee.is_active else None,
            "due_date": due.date(),
            "due_time": due.time().replace(second=0, microsecond=0),
            "status": task.status,
            "priority": task.priority,
            "description": task.description,
        }
        return cls(data, initial=initial)

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if not DUE_YEARS[0] <= value.year <= DUE_YEARS[1]:
            raise forms.ValidationError(_("Kies een datum tussen %(first)s en %(last)s.") % {
                "first": DUE_YEARS[0], "last": DUE_YEARS[1]})  # fmt: skip
        return value

    def due_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["due_date"], self.cleaned_data["due_time"]))

    def values(self) -> dict:
        return {
            "assignee": self.cleaned_data["assignee"],
            "due_at": self.due_at(),
            "status": self.cleaned_data["status"],
            "priority": self.cleaned_data["priority"],
            "description": self.cleaned_data["description"],
        }


class TaskFilterForm(forms.Form):
    """Mijn taken: status, "ook afgerond", and for a Beheerder whose tasks."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle open taken")), *TaskStatus.choices]
    )
    include_done = forms.BooleanField(label=_("Ook afgerond"), required=False)
    assignee = forms.ChoiceField(label=_("Van"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args, admin: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if admin:  # also a deactivated colleague: her tasks are there to be reassigned
            staff = [
                (str(user.pk), str(user) if user.is_active else _("%(name)s (gedeactiveerd)") % {"name": user})
                for user in User.objects.filter(is_staff=True).order_by("-is_active", "first_name", "last_name")
            ]
            self.fields["assignee"].choices = [("", _("Mijn taken")), (EVERYONE, _("Iedereen")), *staff]
        else:
            del self.fields["assignee"]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "include_done": bool(data.get("include_done")),
            "assignee": data.get("assignee") or "",
            "page": data.get("page") or 1,
        }
