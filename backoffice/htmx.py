"""What every view shares about HTMX: which requests get a partial, the Vary header, the client event.

A page that HTMX can swap in part answers its partial to an HTMX request and the whole page otherwise; both come
from the same URL, so the answer varies on the HX-Request header (a cache must not hand one for the other).
After Back, htmx restores a page it no longer has with a "history restore" request: that one needs the whole page.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event

ORDER_CHANGED = "order-changed"  # the blocks of the order page listen for it `from:body` and refresh themselves


def is_partial_request(request) -> bool:
    """HTMX swaps part of the page: answer with the partial. False for a plain request and for a history restore."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def vary_on_htmx(response):
    patch_vary_headers(response, ["HX-Request"])
    return response


def render_page_or_partial(request, template: str, partial: str, context: dict, *, status: int = 200):
    """`template#partial` for an HTMX swap, the whole `template` otherwise (a list's rows, a progress bar)."""
    name = f"{template}#{partial}" if is_partial_request(request) else template
    return vary_on_htmx(render(request, name, context, status=status))


def order_changed(response):
    """Tell the order page that its order changed: every block (and the bottom bar) fetches itself afresh."""
    return trigger_client_event(response, ORDER_CHANGED)
