"""One effect per click for actions that create something (Order kopiëren, Pakbon aanmaken, …).

The dialog's form carries a fresh random key (a hidden field, new each time the dialog opens). The service records
it in the history event it writes anyway, under the order's row lock; a second submit of the same form (a double
click, a browser resending, ten clicks at once) waits for the first one's lock, finds its event
(`history.services.earlier_submit`) and answers with what the first one made instead of making another.
"""

import uuid

from django import forms


class SubmitKeyField(forms.UUIDField):
    """The hidden key of one opened dialog. A post without one (not from our forms) is not deduplicated."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)


def submitted_key(data) -> uuid.UUID | None:
    """The key a posted form carries, or None (none, or not a key: such a post is simply not deduplicated). For views
    that act without validating the whole form (Alles op één pakbon)."""
    try:
        return uuid.UUID(str(data.get("submit_key", "")))
    except ValueError:
        return None
