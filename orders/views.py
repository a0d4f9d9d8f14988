from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backoffice import blocks
from backoffice.decorators import staff_required

from . import selectors
from .forms import OrderFilterForm
from .models import Order


@staff_required
@require_GET
def order_list(request):
    form = OrderFilterForm(request.GET)
    filters = form.valid_filters()
    for errors in form.errors.values():
        for error in errors:
            messages.warning(request, error)
    cursor = None
    if token := request.GET.get("cursor"):
        try:
            cursor = selectors.Cursor.decode(token)
        except ValueError:
            messages.warning(request, _("Die pagina bestaat niet (meer); u ziet de eerste pagina."))
    page = selectors.order_list(user=request.user, filters=filters, cursor=cursor)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "orders/list.html#results", context)
    else:
        response = render(request, "orders/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def get_order_or_404(request, number: str) -> Order:
    try:
        return selectors.order_for_dashboard(user=request.user, number=number)
    except Order.DoesNotExist:
        raise Http404(_("Order %(number)s bestaat niet.") % {"number": number}) from None


def render_order_page(request, order: Order, *, tab: str, template: str, context: dict):
    """A page of the order: the tab's content alone for HTMX, inside the whole order page otherwise.

    Every tab (of any app) renders through here, so each tab is a real URL that also works on its own.
    """
    context = {"order": order, **context}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, template, context)
    else:
        content = render_to_string(template, context, request)
        response = render(
            request,
            "orders/order_page.html",
            {"order": order, "tabs": blocks.tabs(), "active_tab": tab, "tab_content": mark_safe(content)},
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def render_slot(request, order: Order, slot: blocks.Slot) -> list[str]:
    return [
        mark_safe(render_to_string(block.template, {"order": order, **block.context(order)}, request))
        for block in blocks.blocks_in(slot)
    ]


@staff_required
@require_GET
def dashboard(request, number):
    order = get_order_or_404(request, number)
    context = {
        "slots": {slot.value: render_slot(request, order, slot) for slot in blocks.Slot},
    }
    return render_order_page(request, order, tab="dashboard", template="orders/dashboard.html", context=context)


@staff_required
@require_GET
def products_block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "orders/products.html#block", {"order": order, **selectors.products_block(order)})


@staff_required
@require_GET
def products_tab(request, number):
    order = get_order_or_404(request, number)
    return render_order_page(
        request, order, tab="products", template="orders/products.html#tab", context=selectors.products_block(order)
    )
