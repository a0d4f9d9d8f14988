"""Mijn account's forms. Their own errors speak the customer's language (texts.py); Django's come from Django."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed

from backoffice.forms.submit_key import SubmitKeyField
from tickets.attachments import MAX_FILES, MAX_SIZE, sniff
from tickets.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH

from .access import customer_of


class CustomerLoginForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}))
    password = forms.CharField(strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request, t: dict, *args, **kwargs):
        self.request, self.t, self.user = request, t, None
        super().__init__(*args, **kwargs)
        self.fields["email"].label, self.fields["password"].label = t["email"], t["password"]

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            user = authenticate(self.request, email=email.lower(), password=password)
            if user is not None and customer_of(user) is None:
                # A staff account's right password gets the answer of a wrong one, after the same check, and counts
                # as a failure for the rate limit: staff log in to the backoffice, never here by accident.
                user_login_failed.send(sender=__name__, credentials={"email": email.lower()}, request=self.request)
                user = None
            if user is None:
                raise forms.ValidationError(self.t["wrong_login"], code="invalid_login")
            self.user = user
        return cleaned


class ResetRequestForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}))

    def __init__(self, t: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = t["email"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


class MessageForm(forms.Form):
    """A reply in the conversation: text and attachments, checked by content."""

    submit_key = SubmitKeyField()  # a double click sends one message
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, strip=True)
    files = MultipleFileField()

    def __init__(self, t: dict, *args, **kwargs):
        self.t = t
        super().__init__(*args, **kwargs)
        self.fields["body"].label = t["message"]
        self.fields["files"].label = t["attachments"]
        self.fields["files"].help_text = t["attachments_help"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError(self.t["empty_message"])
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(self.t["too_long"] % {"max": BODY_MAX_LENGTH})
        return body

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(self.t["too_many_files"] % {"max": MAX_FILES})
        for upload in files:
            if upload.size > MAX_SIZE:
                raise forms.ValidationError(self.t["too_big"] % {"name": upload.name, "mb": MAX_SIZE // 2**20})
            if sniff(upload) is None:
                raise forms.ValidationError(self.t["bad_type"] % {"name": upload.name})
        return files


class QuestionForm(MessageForm):
    """Een vraag stellen: about one of the customer's orders or in general, a subject, the message, attachments."""

    about = forms.ChoiceField(required=False)
    subject = forms.CharField(required=False, strip=True)

    field_order = ["submit_key", "about", "subject", "body", "files"]

    def __init__(self, t: dict, orders: list, *args, **kwargs):
        super().__init__(t, *args, **kwargs)
        self.orders = {order.number: order for order in orders}
        self.fields["about"].label = t["about"]
        self.fields["about"].choices = [("", t["general"])] + [
            (order.number, t["about_order"] % {"number": order.number}) for order in orders
        ]
        self.fields["subject"].label = t["subject"]
        self.fields["subject"].widget.attrs["maxlength"] = SUBJECT_MAX_LENGTH

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if not subject:
            raise forms.ValidationError(self.t["empty_subject"])
        if len(subject) > SUBJECT_MAX_LENGTH:
            raise forms.ValidationError(self.t["too_long"] % {"max": SUBJECT_MAX_LENGTH})
        return subject

    def order(self):
        return self.orders.get(self.cleaned_data.get("about") or "")
