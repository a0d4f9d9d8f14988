from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import staff_required
from backoffice.forms.submit_key import submitted_key
from orders.pages import block_answer, get_order_or_404, render_order_dialog, render_order_page

from . import selectors, services
from .forms import PackingSlipForm, TrackingCodeForm
from .models import Shipment
from .pdf import packing_slip_pdf
from .rules import ship_refusal


def _methods_context(order) -> dict:
    return {"order": order, **selectors.shipping_methods_block(order)}


def _shipments_context(order) -> dict:
    return {"order": order, **selectors.shipments_block(order)}


def _get_shipment(order, shipment_number: str) -> Shipment:
    try:
        return selectors.shipment_for_order(order, shipment_number)
    except Shipment.DoesNotExist:
        raise Http404(_("Pakbon %(number)s hoort niet bij deze order.") % {"number": shipment_number}) from None


# After a change from a popup: the Verzendingen block afresh and the header's status badge (out of band), the popup
# closed, the message shown, the other blocks told.
POSTED = "shipping/shipments.html#posted"


def _shipped_message(order, code: str, shipment: Shipment | None = None) -> str:
    """What Verzonden did, and which e-mail the customer got (the service sends one of two, or none)."""
    if shipment is None:
        if not order.email:
            return _("De order is verzonden (geen e-mailadres, dus geen e-mail).")
        if code:
            return _("De order is verzonden; de klant kreeg de Track & Trace-e-mail.")
        return _("De order is verzonden; de klant kreeg de e-mail ‘Order verzonden’.")
    values = {"number": shipment.number}
    if not order.email:
        return _("Pakbon %(number)s is verzonden (geen e-mailadres, dus geen e-mail).") % values
    if code:
        return _("Pakbon %(number)s is verzonden; de klant kreeg de Track & Trace-e-mail.") % values
    return _("Pakbon %(number)s is verzonden; de klant kreeg de e-mail ‘Order verzonden’.") % values


# The blocks and the tab


@staff_required
@require_GET
def methods_block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "shipping/methods.html#block", _methods_context(order))


@staff_required
@require_GET
def shipments_block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "shipping/shipments.html#block", _shipments_context(order))


@staff_required
@require_GET
def tab(request, number):
    order = get_order_or_404(request, number)
    context = selectors.shipments_tab(order)
    return render_order_page(request, order, tab="shipments", template="shipping/tab.html", context=context)


# Verzonden (the Verzendmethoden block)


@staff_required
@require_POST
def mark_shipped(request, number):
    """The blue Verzonden: everything not shipped yet goes now, with the Track & Trace code if one was typed.

    A refusal changed nothing: it is shown inside the block (with what was typed), HTTP 422, no `order-changed`.
    """
    order = get_order_or_404(request, number)
    form = TrackingCodeForm(request.POST)
    return block_answer(
        request,
        order,
        lambda: services.order_mark_shipped(
            order=order, actor=request.user, tracking_code=form.cleaned_data["tracking_code"]
        ),
        form=form,
        typed={"tracking_code": request.POST.get("tracking_code", "")},
        done=lambda shipments: _shipped_message(order, shipments[-1].tracking_code),
        partial="shipping/methods.html#posted",
        partial_context=_methods_context,
    )


# The Verzendingen block: Pakbon aanmaken, the blue i, the printer


@staff_required
@require_http_methods(["GET", "POST"])
def create(request, number):
    """Pakbon aanmaken: how many of each line go on this packing slip; "Alles op één pakbon" takes all that is
    left."""
    order = get_order_or_404(request, number)
    remaining = selectors.packing_choices(order)
    refusal = ship_refusal(order)
    if refusal is None and not any(left > 0 for left in remaining.values()):
        refusal = _("Alle producten van deze order staan al op een pakbon.")
    if refusal:
        return render_order_dialog(request, order, "shipping/shipments.html#create", {"refusal": refusal}, status=422)
    everything = "everything" in request.POST
    form = PackingSlipForm(request.POST if request.method == "POST" else None, remaining=remaining)
    dialog = ("shipping/shipments.html#create", {"form": form})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    return block_answer(
        request,
        order,
        lambda: services.shipment_create(
            order=order,
            actor=request.user,
            quantities=None if everything else form.quantities(),
            submit_key=submitted_key(request.POST),
        ),
        form=None if everything else form,
        dialog=dialog,
        done=lambda shipment: _("Pakbon %(number)s is aangemaakt.") % {"number": shipment.number},
        partial=POSTED,
        partial_context=_shipments_context,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def detail(request, number, shipment_number):
    """The blue i next to a packing slip: GET its lines (and when and by whom it was shipped); POST Verzonden with
    the Track & Trace code of this parcel."""
    order = get_order_or_404(request, number)
    shipment = _get_shipment(order, shipment_number)
    form = TrackingCodeForm(request.POST if request.method == "POST" else None)
    context = {"shipment": shipment, "form": form, "ship_refusal": ship_refusal(order)}
    if request.method == "GET":
        return render_order_dialog(request, order, "shipping/shipments.html#shipment", context)

    def refused(extra: dict):
        # as it is now, whatever made it pointless
        now = {**context, "shipment": _get_shipment(order, shipment_number), **extra}
        return render_order_dialog(request, order, "shipping/shipments.html#shipment", now, status=422)

    return block_answer(
        request,
        order,
        lambda: services.shipment_mark_shipped(
            shipment=shipment, actor=request.user, tracking_code=form.cleaned_data["tracking_code"]
        ),
        form=form,
        dialog=refused,
        done=lambda shipped: _shipped_message(order, shipped.tracking_code, shipped),
        partial=POSTED,
        partial_context=_shipments_context,
    )


@staff_required
@require_GET
def packing_slip(request, number, shipment_number):
    """The packing slip as a PDF, made now (it is not stored), to print from the browser's PDF viewer."""
    order = get_order_or_404(request, number)
    try:
        shipment = Shipment.objects.get(order=order, number=shipment_number)
    except Shipment.DoesNotExist:
        raise Http404(_("Pakbon %(number)s hoort niet bij deze order.") % {"number": shipment_number}) from None
    shipment.order = order
    response = HttpResponse(packing_slip_pdf([shipment]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{shipment.number}.pdf"'
    return response
