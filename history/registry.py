"""Every event type has a human sentence. Apps register their EventType enum and one formatter per member;
`missing_formatters()` lets a test prove none is forgotten (Sentry's audit-log registry)."""

from collections.abc import Callable

from django.db.models import TextChoices

Formatter = Callable[[dict], str]

_types: dict[str, TextChoices] = {}
_formatters: dict[str, Formatter] = {}


def event_types[E: type[TextChoices]](enum: E) -> E:
    """Class decorator: register every member of an app's EventType enum."""
    for member in enum:
        if member.value in _types:
            raise ValueError(f"Event type {member.value} is registered twice.")
        _types[member.value] = member
    return enum


def formatter(event_type: TextChoices) -> Callable[[Formatter], Formatter]:
    """Function decorator: `data` (the event's stored parameters) -> the sentence, in the active language."""

    def decorator(function: Formatter) -> Formatter:
        _formatters[event_type.value] = function
        return function

    return decorator


def sentence(event_type: str, data: dict) -> str:
    return _formatters[event_type](data)


def label(event_type: str) -> str:
    member = _types.get(event_type)
    return str(member.label) if member is not None else event_type


def is_registered(event_type: str) -> bool:
    return event_type in _types


def registered_types() -> list[str]:
    return sorted(_types)


def missing_formatters() -> list[str]:
    return sorted(set(_types) - set(_formatters))
