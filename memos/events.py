"""The Memo side of an order's history: written, corrected, removed (with what it said)."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history import registry


@registry.event_types
class MemoEventType(TextChoices):
    MEMO_ADDED = "MEMO_ADDED", gettext_lazy("Memo geschreven")
    MEMO_EDITED = "MEMO_EDITED", gettext_lazy("Memo aangepast")
    MEMO_REMOVED = "MEMO_REMOVED", gettext_lazy("Memo verwijderd")


@registry.formatter(MemoEventType.MEMO_ADDED)
def _memo_added(data: dict) -> str:
    return _("Memo aan %(addressee)s: “%(text)s”") % data


@registry.formatter(MemoEventType.MEMO_EDITED)
def _memo_edited(data: dict) -> str:
    return _("Memo aan %(addressee)s aangepast: “%(old)s” → “%(new)s”") % data


@registry.formatter(MemoEventType.MEMO_REMOVED)
def _memo_removed(data: dict) -> str:
    return _("Memo aan %(addressee)s verwijderd. Hij luidde: “%(text)s”") % data
