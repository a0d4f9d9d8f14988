"""The order's pages and popups, and the one way to answer an action on an order.

Every app's views use these (and nothing from `orders.views`): find the order the user may see, render a tab or a
popup of it, and answer an action with `block_answer` — parse → service → answer, the same for every block:

    @staff_required
    @require_POST
    def mark_paid(request, number):
        order = get_order_or_404(request, number)
        return block_answer(
            request, order, lambda: payment_mark_paid(order=order, actor=request.user),
            done=_("De order staat op betaald."), partial="payments/block.html#posted", partial_context=_context,
        )
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from backoffice import blocks
from backoffice.db import prepare_statements
from backoffice.exceptions import ActionRefused
from backoffice.htmx import is_partial_request, order_changed, vary_on_htmx
from backoffice.redirects import safe_next

from . import selectors, sorting
from .models import Order

# The answer after a bottom-bar action: the bar afresh, the status badge and the messages (out of band); the popup
# slot it was posted from is emptied.
BAR_DONE = "orders/actions.html#done"


def bar_context(order: Order) -> dict:
    return {"actions": blocks.actions_for(order)}


def cursor_from_request(request, sort: str = sorting.DEFAULT_SORT) -> selectors.Cursor | None:
    """The list position in ?cursor=…; one we did not make, or one of another sort than `sort` (the list's), gives
    the first page and a message."""
    if token := request.GET.get("cursor"):
        try:
            cursor = selectors.Cursor.decode(token)
        except ValueError:
            cursor = None
        if cursor is not None and cursor.sort == sort:
            return cursor
        messages.warning(request, _("Die pagina bestaat niet (meer); u ziet de eerste pagina."))
    return None


def list_url(request) -> str:
    """Where the order page's breadcrumb "Orders" goes: the list the order was opened from (?back=, with its filters,
    sort and position), when that is the orders list of this site; else the list's first page."""
    first_page = reverse("orders:list")
    back = safe_next(request, first_page, field="back")
    return back if back == first_page or back.startswith(f"{first_page}?") else first_page


def get_order_or_404(request, number: str, *, presence: bool = False) -> Order:
    """The order of an order page (the dashboard, a block, a tab, a dialog), or 404. Every query of such a page is
    keyed by this order, so from here on its statements are prepared (backoffice/db.py). `presence`: for the
    dashboard, whether the order has anything for the blocks that can skip their query (backoffice/blocks.py)."""
    prepare_statements()
    try:
        return selectors.order_for_dashboard(user=request.user, number=number, presence=presence)
    except Order.DoesNotExist:
        raise Http404(_("Order %(number)s bestaat niet.") % {"number": number}) from None


def render_order_page(request, order: Order, *, tab: str, template: str, context: dict, status: int = 200):
    """A page of the order: the tab's content alone for HTMX, inside the whole order page otherwise.

    Every tab (of any app) renders through here, so each tab is a real URL that also works on its own.
    """
    context = {"order": order, **context}
    if is_partial_request(request):
        response = render(request, template, context, status=status)
    else:
        content = render_to_string(template, context, request)
        page = {"order": order, "tabs": blocks.tabs(), "active_tab": tab, "tab_content": mark_safe(content),
                "list_url": list_url(request)}  # fmt: skip
        response = render(request, "orders/order_page.html", page, status=status)
    return vary_on_htmx(response)


def render_order_dialog(request, order: Order, template: str, context: dict, *, status: int = 200):
    """A popup of the order (a <dialog>, see backoffice/_dialog.html): alone for HTMX, inside the order page (open)
    for a plain request."""
    context = {"order": order, **context}
    if request.htmx:
        return render(request, template, context, status=status)
    return render_order_page(request, order, tab="dashboard", template=template, context=context, status=status)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def block_answer[T](
    request,
    order: Order,
    action: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    partial: str | None,
    partial_context: Callable[[Order], dict] = lambda order: {},
    form: forms.Form | None = None,
    dialog: tuple[str, dict] | Callable[[dict], HttpResponse] | None = None,
    typed: dict | None = None,
    redirect_to: str | Callable[[T], str] | None = None,
) -> HttpResponse:
    """Parse → service → answer: every action on an order answers through here.

    `action()` calls the service; with a `form`, only once the form is valid.
    Refused (the service's `ActionRefused`, or an invalid form): nothing changed and nothing is fired.
      - With a `dialog` ((template, context) of the popup, or a callable that renders a form in a page): the form
        again, HTTP 422. A form with fields keeps them and gets the refusal as its error; a confirmation shows only
        the refusal (`refusal` in the context) and no submit button, since trying again cannot help.
      - Without: a plain request gets the refusal as a message and goes back to the dashboard; HTMX gets `partial`
        with `error` (and what the user `typed`), HTTP 422.
    Done: the success message (`done`, or `done(result)`). A plain request goes to `redirect_to` (default: the
    dashboard); HTMX gets `partial` with the order as the service left it and `order-changed`, so the other blocks
    and the bottom bar refresh themselves. Without a `partial`, HTMX goes to `redirect_to` too.
    """
    refusal = None
    if form is not None and not form.is_valid():
        refusal = _form_errors(form)
    else:
        try:
            result = action()
        except ActionRefused as refused:
            refusal = refused.message
            if form is not None and form.fields and dialog is not None:
                form.add_error(None, refusal)
    if refusal is not None:
        if dialog is not None:
            extra = {} if form is not None and form.errors else {"refusal": refusal}
            if callable(dialog):
                return dialog(extra)
            template, context = dialog
            return render_order_dialog(request, order, template, {**context, **extra}, status=422)
        if not request.htmx:
            messages.error(request, refusal)
            return redirect("orders:dashboard", order.number)
        order = get_order_or_404(request, order.number)  # as it is now, whatever made the action pointless
        context = {"order": order, **partial_context(order), **(typed or {}), "error": refusal}
        return render(request, partial, context, status=422)

    messages.success(request, done(result) if callable(done) else done)
    url = redirect_to(result) if callable(redirect_to) else redirect_to
    url = url or reverse("orders:dashboard", args=[order.number])
    if not request.htmx:
        return redirect(url)
    if partial is None:
        return HttpResponseClientRedirect(url)
    order = get_order_or_404(request, order.number)  # as the service left it
    return order_changed(render(request, partial, {"order": order, **partial_context(order)}))


def order_action(
    request, number: str, *, form_class, service, done, dialog: dict | Callable[[Order], dict], **answer: Any
):
    """One action of the bottom bar: GET shows its dialog (orders/actions.html#dialog), POST performs it.

    `dialog` gives the dialog's title, explanation, warning, submit label (or a callable of the order that does).
    The answer is `block_answer`'s: by default the bar afresh (`BAR_DONE`) and `order-changed`.
    """
    order = get_order_or_404(request, number)
    form = form_class(request.POST if request.method == "POST" else None)
    context = {"form": form, **(dialog(order) if callable(dialog) else dialog)}
    if request.method != "POST":
        return render_order_dialog(request, order, "orders/actions.html#dialog", context)
    answer = {"partial": BAR_DONE, "partial_context": bar_context, **answer}
    return block_answer(
        request,
        order,
        lambda: service(order=order, actor=request.user, **form.cleaned_data),
        done=done,
        form=form,
        dialog=("orders/actions.html#dialog", context),
        **answer,
    )
