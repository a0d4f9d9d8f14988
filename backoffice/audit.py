"""The configuration log (ALGEMEEN > Instellingen > Wijzigingslog): who changed a setting, what (field: old → new) and
when. The project's own append-only log rather than django-simple-history: one table for every area instead of a
history table per model, written explicitly by the service that changes a setting (in its transaction), never by
signals, and a secret (the logo, a password) is never stored — the same way the order history works.

Each app registers the areas it owns (`register_area`) in its AppConfig.ready(), with a label per field and how its
values read, so this module (the lowest layer) imports no app above it. A settings service then does:

    before = audit.values(method, FIELDS)
    … change and save …
    audit.audit_record(actor=actor, area="shipping_method", subject=method.name, object_id=method.pk,
                       changes=audit.diff(before, audit.values(method, FIELDS)))

A change that changes nothing writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .languages import CODES as LANGUAGE_CODES
from .models import ConfigChange


class Action(models.TextChoices):
    CREATED = "created", gettext_lazy("toegevoegd")
    CHANGED = "changed", gettext_lazy("gewijzigd")
    DELETED = "deleted", gettext_lazy("verwijderd")


@dataclass(frozen=True)
class Area:
    """One part of the configuration: its label ("Verzendmethode"), a label per field, and for a field whose value
    does not read as it is stored, how to show it (`formats`: a choice's label, a language's name). A field in
    `secret` is stored by name only and shown as its sentence ("logo gewijzigd")."""

    key: str
    label: Any
    fields: dict[str, Any]
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    secret: dict[str, Any] = field(default_factory=dict)
    position: int = 100


_areas: dict[str, Area] = {}


def register_area(area: Area) -> None:
    _areas[area.key] = area


def areas() -> list[Area]:
    return sorted(_areas.values(), key=lambda area: (area.position, area.key))


def area(key: str) -> Area | None:
    return _areas.get(key)


def _json(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(each) for each in value]
    if isinstance(value, dict):
        return {str(key): _json(each) for key, each in value.items()}
    return value


def values(instance, fields) -> dict[str, Any]:
    """{field: value} of `instance` as JSON can hold it (a file by its name), to compare before and after a change."""
    return {name: _json(instance._meta.get_field(name).value_from_object(instance)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"field", "old", "new"}] of the fields whose value differs, in the order of `after`."""
    return [
        {"field": name, "old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    ]


def audit_record(
    *,
    actor,
    area: str,
    subject: str,
    changes: list[dict],
    action: str = Action.CHANGED,
    object_id="",
) -> ConfigChange | None:
    """Append one entry to the configuration log, inside the settings service's own transaction. A change (not an
    addition or removal) without any field that changed writes nothing. Secret fields keep only their name."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() belongs inside the service's transaction.")
    known = _areas.get(area)
    if known is None:
        raise ValueError(f"Unknown area {area!r}: register it with backoffice.audit.register_area().")
    if action not in Action.values:
        raise ValueError(f"Unknown action {action!r}.")
    if action == Action.CHANGED and not changes:
        return None
    stored = []
    for change in changes:
        name = change["field"]
        if name not in known.fields and name not in known.secret:
            raise ValueError(f"Field {name!r} has no label in the area {area!r}.")
        if name in known.secret:
            stored.append({"field": name})  # what it was and became stays out of the log
        else:
            stored.append({"field": name, "old": _json(change.get("old")), "new": _json(change.get("new"))})
    return ConfigChange.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.email) if actor is not None else "",
        area=area,
        action=str(action),
        subject=str(subject)[:200],
        object_id=str(object_id or ""),
        changes=stored,
    )


# --- reading ------------------------------------------------------------------------------------------------------

VALUE_LENGTH = 120  # a long text (an e-mail's body) is shortened on the page; the log keeps it whole


def format_value(value) -> str:
    """How a stored value reads when its area says nothing about it."""
    if value is None or value == "" or value == [] or value == {}:
        return _("(leeg)")
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if isinstance(value, list):
        return ", ".join(format_value(each) for each in value)
    if isinstance(value, dict):  # names per language: in the languages' own order (the database sorts the keys)
        keys = sorted(value, key=lambda key: (LANGUAGE_CODES.index(key) if key in LANGUAGE_CODES else 99, key))
        return ", ".join(f"{key}: {format_value(value[key])}" for key in keys)
    return str(value)


def _value(known: Area | None, name: str, value) -> str:
    formatter = known.formats.get(name) if known is not None else None
    text = formatter(value) if formatter is not None and value not in (None, "") else format_value(value)
    return Truncator(" ".join(str(text).split())).chars(VALUE_LENGTH)


def change_texts(entry: ConfigChange) -> list[str]:
    """One text per field: "prijs: € 6,95 → € 7,50"; on an addition only the value; a secret its own sentence."""
    known = _areas.get(entry.area)
    texts = []
    for change in entry.changes:
        name = change["field"]
        if known is not None and name in known.secret:
            texts.append(str(known.secret[name]))
            continue
        label = str(known.fields.get(name, name)) if known is not None else name
        new = _value(known, name, change.get("new"))
        if entry.action == Action.CREATED:
            texts.append(f"{label}: {new}")
        else:
            texts.append(f"{label}: {_value(known, name, change.get('old'))} → {new}")
    return texts


def title(entry: ConfigChange) -> str:
    """ "Verzendmethode PostNL", and "toegevoegd" / "verwijderd" when it was added or removed."""
    known = _areas.get(entry.area)
    text = " ".join(part for part in (str(known.label) if known else entry.area, entry.subject) if part)
    if entry.action != Action.CHANGED:
        text = f"{text} {Action(entry.action).label}"
    return text


def sentence(entry: ConfigChange) -> str:
    """The whole entry as one sentence: "Verzendmethode PostNL: prijs: € 6,95 → € 7,50"."""
    texts = change_texts(entry)
    return f"{title(entry)}: {'; '.join(texts)}" if texts else title(entry)


PAGE_SIZE = 50


@dataclass(frozen=True)
class LogRow:
    entry: ConfigChange
    title: str
    changes: list[str]


@dataclass(frozen=True)
class LogPage:
    rows: list[LogRow]
    next_before: int | None  # the cursor of the next (older) page, or None on the last one


def config_change_list(*, area: str = "", actor_id: int | None = None, before: int | None = None) -> LogPage:
    """Wijzigingslog: newest first, `PAGE_SIZE` a page, keyset on the id (append-only: ids grow with time), filtered
    by area and by who made the change. One query."""
    entries = ConfigChange.objects.order_by("-id")
    if area:
        entries = entries.filter(area=area)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if before is not None:
        entries = entries.filter(id__lt=before)
    found = list(entries[: PAGE_SIZE + 1])
    rows = [LogRow(entry, title(entry), change_texts(entry)) for entry in found[:PAGE_SIZE]]
    return LogPage(rows, found[PAGE_SIZE - 1].pk if len(found) > PAGE_SIZE else None)
