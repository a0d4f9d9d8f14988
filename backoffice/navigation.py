"""The left menu. Each app registers the pages it owns in its AppConfig.ready()."""

from dataclasses import dataclass

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
