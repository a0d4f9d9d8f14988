from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.decorators import staff_required
from customers import services as customer_services
from customers.forms import AddressForm
from orders.pages import block_answer, get_order_or_404, render_order_dialog

from . import selectors

SAVED = {
    "billing": lambda: _("Het factuuradres is opgeslagen; de kaart wordt bijgewerkt."),
    "shipping": lambda: _("Het verzendadres is opgeslagen; de kaart wordt bijgewerkt."),
}


def _kind(kind: str) -> str:
    if kind not in selectors.TITLES:
        raise Http404
    return kind


def _context(order, kind: str) -> dict:
    return {"address": selectors.address_block(order, kind)}


@staff_required
@require_GET
def block(request, number, kind):
    kind = _kind(kind)
    order = get_order_or_404(request, number)
    return render(request, "addresses/block.html#block", {"order": order, **_context(order, kind)})


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request, number, kind):
    """Adres corrigeren, from the block: the Klant tab's form and service (the same validation and history), in a
    popup. Saved: the block afresh (it fetches itself again until the new address is geocoded) and `order-changed`."""
    kind = _kind(kind)
    order = get_order_or_404(request, number)
    form = AddressForm.of(order, kind, request.POST if request.method == "POST" else None)
    dialog = ("addresses/block.html#edit", {"form": form, "kind": kind, "title": selectors.TITLES[kind]})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    return block_answer(
        request,
        order,
        lambda: customer_services.order_address_update(
            order=order, actor=request.user, kind=kind, changes=form.changes()
        ),
        form=form,
        dialog=dialog,
        done=SAVED[kind](),
        partial="addresses/block.html#posted",
        partial_context=lambda order: _context(order, kind),
    )
