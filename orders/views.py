from django.contrib import messages
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backoffice import blocks
from backoffice.db import replica_reads
from backoffice.decorators import staff_required
from backoffice.htmx import render_page_or_partial
from history import selectors as history

from . import list_page, rules, saved_views, selectors, services, sorting
from .forms import CancelForm, ConfirmForm, CopyForm, HoldForm, OrderFilterForm, copy_invoice_is_mailable
from .models import Order, PaymentStatus
from .pages import bar_context, cursor_from_request, get_order_or_404, order_action, render_order_page


@staff_required
@require_GET
@replica_reads  # a list a second behind is fine; the session and the login check ran on the primary
def order_list(request):
    form = OrderFilterForm(request.GET)
    filters = form.valid_filters()
    for errors in form.errors.values():
        for error in errors:
            messages.warning(request, error)
    cursor = cursor_from_request(request, sorting.sort_named(filters.get("sort")).name)
    page = selectors.order_list(user=request.user, filters=filters, cursor=cursor)
    # The actions other apps register (Pakbonnen printen) work on the ticked orders or on all that match.
    context = {"form": form, "page": page, "list_actions": blocks.list_actions()}
    context |= list_page.list_context(request, form, filters, page)  # query, headers, chips, back
    context["saved_views"] = saved_views.saved_view_tabs(user=request.user, form=form)  # the tabs over the list
    return render_page_or_partial(request, "orders/list.html", "results", context)


def render_slot(request, order: Order, slot: blocks.Slot) -> list[str]:
    def context(block: blocks.Block) -> dict:
        return block.context(order, request.user) if block.for_user else block.context(order)

    return [
        mark_safe(render_to_string(block.template, {"order": order, **context(block)}, request))
        for block in blocks.blocks_in(slot)
    ]


@staff_required
@require_GET
def dashboard(request, number):
    order = get_order_or_404(request, number, presence=True)
    context = {
        "slots": {slot.value: render_slot(request, order, slot) for slot in blocks.Slot},
        **bar_context(order),
    }
    return render_order_page(request, order, tab="dashboard", template="orders/dashboard.html", context=context)


@staff_required
@require_GET
def action_bar(request, number):
    """The bottom bar alone: it fetches itself afresh on `order-changed`, like a block."""
    order = get_order_or_404(request, number)
    return render(request, "orders/actions.html#bar", {"order": order, **bar_context(order)})


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


@staff_required
@require_GET
def history_tab(request, number):
    """The Geschiedenis tab: the order's history (history's selector), on the dashboard's page."""
    order = get_order_or_404(request, number)
    return render_order_page(
        request, order, tab="history", template="orders/history.html", context={"events": history.history_tab(order)}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def copy(request, number):
    return order_action(
        request,
        number,
        form_class=CopyForm,
        service=services.order_copy,
        done=_("Dit is de nieuwe order, een kopie van de vorige."),
        partial=None,
        redirect_to=lambda new_order: reverse("orders:dashboard", args=[new_order.number]),
        dialog={
            "title": _("Order kopiëren"),
            "explanation": _(
                "Er wordt een nieuwe, onbetaalde order gemaakt voor dezelfde klant, "
                "met dezelfde producten, adressen en verzendmethode."
            ),
            # What the customer gets: the shop's invoice-on-order mail only when ticked; otherwise nothing.
            "warning": _(
                "De nieuwe order krijgt meteen een factuur. Vink hieronder aan als de klant die nu per e-mail "
                "moet krijgen; anders kunt u hem later sturen met Opnieuw versturen."
            )
            if copy_invoice_is_mailable()
            else _("De klant krijgt hierover geen e-mail."),
            "submit_label": _("Kopie maken"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def hold(request, number):
    return order_action(
        request,
        number,
        form_class=HoldForm,
        service=services.order_hold,
        done=_("De order staat in de wacht."),
        dialog={
            "title": _("Order in de wacht zetten"),
            "explanation": _("Een order in de wacht kan niet worden verzonden tot u hem uit de wacht haalt."),
            "submit_label": _("In de wacht zetten"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def release(request, number):
    return order_action(
        request,
        number,
        form_class=ConfirmForm,
        service=services.order_release,
        done=_("De order is uit de wacht gehaald."),
        dialog={"title": _("Order uit de wacht halen"), "submit_label": _("Uit de wacht halen")},
    )


def cancel_consequences(order: Order) -> str:
    """What cancelling does to the invoices and what the customer gets (invoicing's rule, said in words)."""
    if order.payment_status == PaymentStatus.PAID:
        return _(
            "Deze order is betaald. Een openstaande factuur wordt gecrediteerd met een creditfactuur; "
            "betaal het bedrag terug aan de klant. De klant krijgt de creditfactuur per e-mail als de factuur "
            "ook is verstuurd."
        )
    return _(
        "Deze order is niet betaald. Een openstaande factuur wordt gecrediteerd met een creditfactuur die het "
        "openstaande bedrag opheft: er is niets terug te betalen. De klant krijgt de creditfactuur alleen per "
        "e-mail als de factuur ook is verstuurd."
    )


@staff_required
@require_http_methods(["GET", "POST"])
def cancel(request, number):
    return order_action(
        request,
        number,
        form_class=CancelForm,
        service=services.order_cancel,
        done=_("De order is geannuleerd."),
        dialog=lambda order: {
            "title": _("Order annuleren"),
            "explanation": _("Een geannuleerde order kan niet meer worden verzonden. Dit is niet terug te draaien."),
            "warning": rules.cancel_refusal(order) or cancel_consequences(order),
            "submit_label": _("Order annuleren"),
            "danger": True,
        },
    )
