"""The left menu. Each app registers the pages it owns in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Section(TextChoices):
    SALES = "sales", _("Verkoop")
    GENERAL = "general", _("Algemeen")
    SERVICE = "service", _("Dienst")


@dataclass(frozen=True)
class NavItem:
    section: Section
    label: str
    url_name: str
    permission: str | None = None
    position: int = 100


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str
    is_current: bool


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def menu_for(user, path: str) -> list[tuple[Section, list[MenuEntry]]]:
    """The sections this user may see, each with its entries in menu order; the one `path` is under is current."""
    visible = [item for item in _items.values() if item.permission is None or user.has_perm(item.permission)]
    menu = []
    for section in Section:
        items = sorted((item for item in visible if item.section == section), key=lambda item: item.position)
        if items:
            entries = []
            for item in items:
                url = reverse(item.url_name)
                entries.append(MenuEntry(label=item.label, url=url, is_current=path.startswith(url)))
            menu.append((section, entries))
    return menu


@dataclass(frozen=True)
class HeaderCounter:
    """A counter in the top bar (Mijn taken, ongelezen memo's): what is waiting for the logged-in user.

    `count(user)` answers (how many, how many of them are urgent) in one query. The counters are not part of a page's
    first paint: the top bar fetches them (backoffice:counters) right after it loads, every 30 seconds and after every
    `order-changed`, so no page pays for them and a colleague's assignment shows up without a reload.
    """

    name: str
    short_label: str  # what the top bar shows next to the number: "Taken"
    label: str  # "Mijn taken: %(count)s open, waarvan %(urgent)s te laat": the accessible text of the link
    url_name: str
    count: Callable[[Any], tuple[int, int]]
    position: int = 100


@dataclass(frozen=True)
class CounterValue:
    name: str
    url: str
    count: int
    urgent: int
    short_label: str
    label: str


_counters: dict[str, HeaderCounter] = {}


def register_counter(counter: HeaderCounter) -> None:
    _counters[counter.name] = counter


def counters_for(user) -> list[CounterValue]:
    values = []
    for counter in sorted(_counters.values(), key=lambda counter: counter.position):
        count, urgent = counter.count(user)
        label = str(counter.label) % {"count": count, "urgent": urgent}
        values.append(
            CounterValue(counter.name, reverse(counter.url_name), count, urgent, str(counter.short_label), label)
        )
    return values
