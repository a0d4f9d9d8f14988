"""What the orders list page shows around its rows: the sortable column headers, the active filters as chips (the
empty state's), and the list's own address for the order links' `?back=` (the breadcrumb back to this position)."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import get_language

from backoffice.money import format_money

from . import sorting


@dataclass(frozen=True)
class Chip:
    label: str  # "Betaalmethode: iDEAL"
    remove_url: str  # the list without this filter (and from its first page)


def _shown(field: forms.Field, value) -> str:
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DateField):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, forms.DecimalField):
        return format_money(value, get_language() or "nl")
    return str(value)


def filter_chips(form, filters: dict, query: QueryDict) -> list[Chip]:
    """One chip per filter in use (in the form's order), each with a link that drops it."""
    chips = []
    for name, field in form.fields.items():
        if name == "sort" or name not in filters:
            continue
        params = query.copy()
        params.pop(name, None)
        params.pop("cursor", None)
        value = _shown(field, filters[name])
        label = f"{field.label}: {value}" if value else str(field.label)
        chips.append(Chip(label=label, remove_url=f"?{params.urlencode()}"))
    return chips


def list_context(request, form, filters: dict, page) -> dict:
    query = request.GET.copy()
    query.pop("cursor", None)
    cleared = QueryDict(mutable=True)
    if page.sort != sorting.DEFAULT_SORT:
        cleared["sort"] = page.sort  # "Filters wissen" keeps the sort
    return {
        "query": query.urlencode(),
        "sort_links": sorting.sort_links(query, page.sort),
        "chips": filter_chips(form, filters, query),
        "clear_url": f"?{cleared.urlencode()}",
        # The order links carry the list's address with its cursor (the same page); the bare list needs none.
        "back": list_address(request),
    }


def list_address(request) -> str:
    """The list's own address for the order links' `?back=`: its path with the parameters that say something (the
    filter form sends its empty fields too), cursor included; "" for the bare list, whose links need none."""
    kept = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if values := [value for value in values if value]:
            kept.setlist(key, values)
    return f"{request.path}?{kept.urlencode()}" if kept else ""
