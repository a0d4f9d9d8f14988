"""Saved views of VERKOOP > Orders: the list's filter, sort and search under a name, as tabs above the list.

A view stores the list's query string, normalised: parsed with `OrderFilterForm` (so every filter the form knows
works here too, including the ones added later), only the valid, non-empty parameters plus `sort` (never `cursor`).
Opening a view is opening the list with that query string; the list validates it again, so a parameter that is no
longer valid (a custom status that was deactivated) is left out with the list's own message.

The tabs' counts cost a count query per tab, so they are not part of the list page: the tab bar asks for them in
one request after the page has loaded (`saved_view_counts`), and each count is cached for COUNT_CACHE_SECONDS per
query string, bounded like the list's own count (`settings.ORDERS_COUNT_LIMIT`).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Upper
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.compiled import CompiledQuery
from backoffice.exceptions import ActionRefused

from . import rules
from .forms import OrderFilterForm
from .models import Order, SavedView
from .selectors import order_filter

COUNT_CACHE_SECONDS = 60
DEFAULT_SORT = "-placed_at"  # the list's own order: not stored
NAME_MAX_LENGTH = SavedView._meta.get_field("name").max_length

# The views the shop starts with (migration orders 0010), named in the reader's language until someone renames them.
BUILT_IN_NAMES = {
    "to_ship": gettext_lazy("Te verzenden"),
    "unpaid_14_days": gettext_lazy("Niet betaald > 14 dagen"),
    "on_hold": gettext_lazy("In de wacht"),
    "address_check": gettext_lazy("Adres controleren"),
}


# --------------------------------------------------------------------------------------------- the query string


def _as_text(value) -> list[str]:
    if isinstance(value, list | tuple | set):
        return [text for item in value for text in _as_text(item)]
    if value is True:
        return ["on"]
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, models.Model):
        return [str(value.pk)]
    return [str(value)]


def normalised_query(form: OrderFilterForm) -> str:
    """The list's state as a view stores it: the valid, non-empty filters of a bound `form` (in the form's field
    order, dates as ISO dates, a ticked box as `on`) and `sort` unless it is the list's default; never `cursor`."""
    filters = form.valid_filters()
    pairs = [(name, text) for name in form.fields if name in filters for text in _as_text(filters[name])]
    pairs = [(name, text) for name, text in pairs if not (name == "sort" and text == DEFAULT_SORT)]
    sort = form.data.get("sort", "")
    if "sort" not in form.fields and sort and sort != DEFAULT_SORT:  # until the list's form knows `sort` itself
        pairs.append(("sort", sort))
    return urlencode(pairs)


def query_of(data: QueryDict | str) -> str:
    """`normalised_query` of a query string or QueryDict."""
    return normalised_query(OrderFilterForm(QueryDict(data) if isinstance(data, str) else data))


def _canonical(query: str) -> tuple:
    return tuple(sorted((name, value) for name, value in parse_qsl(query) if name != "cursor" and value))


# --------------------------------------------------------------------------------------------- reads


def saved_views_for(user) -> models.QuerySet:
    """The views `user` sees: the shared ones first, then the user's own, each in their order. Never a colleague's
    personal view."""
    return _views_of(user.pk)


def _views_of(user_id: int) -> models.QuerySet:
    return SavedView.objects.filter(Q(is_shared=True) | Q(owner_id=user_id)).order_by("-is_shared", "position", "id")


_TABS = CompiledQuery(SavedView, _views_of)  # the tabs over every list page: compiled once (backoffice/compiled.py)


def saved_view_label(view: SavedView) -> str:
    """The name on the tab: a built-in view's in the reader's language, any other as it was typed."""
    return str(BUILT_IN_NAMES[view.key]) if view.key in BUILT_IN_NAMES else view.name


@dataclass(frozen=True)
class Tab:
    view: SavedView | None  # None: "Alle orders"
    label: str
    url: str
    is_active: bool
    can_change: bool  # rename and delete (orders/rules.py: the same check the services refuse with)

    @property
    def dom_id(self) -> str:
        return f"saved-view-{self.view.pk if self.view else 'all'}"


def saved_view_tabs(*, user, form: OrderFilterForm) -> dict:
    """The tab bar over the list for the list's bound `form`: "Alle orders", the shared views, the user's own; which
    one the list shows now; and the query string a new view would save. One query."""
    current = normalised_query(form)
    raw = urlencode([(name, value) for name, values in form.data.lists() for value in values])
    matches = {_canonical(current), _canonical(raw)}
    base = reverse("orders:list")
    found = not matches - {()}  # one tab at most is active: the first that shows what the list shows
    tabs = [Tab(None, _("Alle orders"), base, found, False)]
    for view in _TABS.fetch(user_id=user.pk):
        is_active = not found and _canonical(view.query) in matches
        found = found or is_active
        # Rename and delete for the active tab only: the Beheerder check behind them may cost a query.
        can_change = is_active and rules.saved_view_change_refusal(view, user) is None
        url = f"{base}?{view.query}" if view.query else base
        tabs.append(Tab(view, saved_view_label(view), url, is_active, can_change))
    active = next((tab for tab in tabs if tab.is_active and tab.view), None)
    return {"tabs": tabs, "active_tab": active, "current_query": current}


@dataclass(frozen=True)
class TabCount:
    dom_id: str
    count: int
    is_capped: bool  # more than `count` orders match


def _count_key(query: str) -> str:
    return "orders:saved-view-count:" + hashlib.sha256(query.encode()).hexdigest()


def saved_view_counts(*, user) -> list[TabCount]:
    """The number of orders each tab would show, at most ORDERS_COUNT_LIMIT ("10.000+"), each cached per query string
    for COUNT_CACHE_SECONDS: one query for the views and one cache read, plus a bounded count for each query that is
    not cached. Every staff member sees every order (`Order.objects.for_staff`), so a count is the same for all."""
    views = list(saved_views_for(user).only("id", "query"))
    queries = {"saved-view-all": "", **{f"saved-view-{view.pk}": view.query for view in views}}
    cached = cache.get_many([_count_key(query) for query in set(queries.values())])
    limit = settings.ORDERS_COUNT_LIMIT
    counts = []
    for dom_id, query in queries.items():
        key = _count_key(query)
        if key not in cached:
            filters = OrderFilterForm(QueryDict(query)).valid_filters()
            matching = order_filter(Order.objects.for_staff(user), filters)
            cached[key] = matching.order_by()[: limit + 1].count()
            cache.set(key, cached[key], COUNT_CACHE_SECONDS)
        counts.append(TabCount(dom_id, min(cached[key], limit), cached[key] > limit))
    return counts


def saved_view_for(*, user, pk: int) -> SavedView:
    """A view `user` sees (shared, or the user's own). Raises SavedView.DoesNotExist."""
    return saved_views_for(user).get(pk=pk)


# --------------------------------------------------------------------------------------------- writes


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused(_("Geef de weergave een naam."))
    if len(name) > NAME_MAX_LENGTH:
        raise ActionRefused(_("Een naam heeft hoogstens %(max)d tekens.") % {"max": NAME_MAX_LENGTH})
    return name


def _refuse_taken(name: str, *, owner, shared: bool, exclude: int | None = None) -> None:
    same = SavedView.objects.annotate(upper_name=Upper("name")).filter(upper_name=name.upper(), is_shared=shared)
    if not shared:
        same = same.filter(owner=owner)
    if same.exclude(pk=exclude).exists():
        raise ActionRefused(_("Er is al een weergave met de naam “%(name)s”.") % {"name": name})


def _save_unique(view: SavedView, name: str) -> None:
    """Save; a colleague who took the name at the same moment meets the database's unique constraint."""
    try:
        with transaction.atomic():
            view.save()
    except IntegrityError:
        raise ActionRefused(_("Er is al een weergave met de naam “%(name)s”.") % {"name": name}) from None


@transaction.atomic
def saved_view_create(*, actor, name: str, query: QueryDict | str, shared: bool = False) -> SavedView:
    """Weergave opslaan: the list's current filter, sort and search (normalised) under `name`, for the actor alone
    or (a Beheerder only) shared with everyone; it becomes the last tab of its kind."""
    name = _clean_name(name)
    if shared and (refusal := rules.saved_view_share_refusal(actor)):
        raise ActionRefused(refusal)
    _refuse_taken(name, owner=actor, shared=shared)
    siblings = SavedView.objects.filter(is_shared=True) if shared else SavedView.objects.filter(owner=actor)
    last = siblings.filter(is_shared=shared).aggregate(last=Max("position"))["last"] or 0
    view = SavedView(name=name, query=query_of(query), owner=actor, is_shared=shared, position=last + 1)
    _save_unique(view, name)
    return view


@transaction.atomic
def saved_view_rename(*, actor, view: SavedView, name: str) -> SavedView:
    view = SavedView.objects.select_for_update().get(pk=view.pk)
    if refusal := rules.saved_view_change_refusal(view, actor):
        raise ActionRefused(refusal)
    name = _clean_name(name)
    _refuse_taken(name, owner=view.owner, shared=view.is_shared, exclude=view.pk)
    view.name, view.key = name, ""  # renamed: from now on the name as typed, in every language
    _save_unique(view, name)
    return view


@transaction.atomic
def saved_view_delete(*, actor, view: SavedView) -> None:
    view = SavedView.objects.select_for_update().get(pk=view.pk)
    if refusal := rules.saved_view_change_refusal(view, actor):
        raise ActionRefused(refusal)
    view.delete()
