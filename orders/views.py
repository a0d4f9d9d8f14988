from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from backoffice import blocks
from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused

from . import rules, selectors, services
from .forms import CancelForm, ConfirmForm, CopyForm, HoldForm, OrderFilterForm, copy_invoice_is_mailable
from .models import Order, PaymentStatus


def cursor_from_request(request) -> selectors.Cursor | None:
    """The list position in ?cursor=…; one we did not make gives the first page and a message."""
    if token := request.GET.get("cursor"):
        try:
            return selectors.Cursor.decode(token)
        except ValueError:
            messages.warning(request, _("Die pagina bestaat niet (meer); u ziet de eerste pagina."))
    return None


@staff_required
@require_GET
def order_list(request):
    form = OrderFilterForm(request.GET)
    filters = form.valid_filters()
    for errors in form.errors.values():
        for error in errors:
            messages.warning(request, error)
    page = selectors.order_list(user=request.user, filters=filters, cursor=cursor_from_request(request))
    query = request.GET.copy()
    query.pop("cursor", None)
    # The actions other apps register (Pakbonnen printen) work on the ticked orders or on all that match.
    context = {"form": form, "page": page, "query": query.urlencode(), "list_actions": blocks.list_actions()}
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


def render_order_dialog(request, order: Order, template: str, context: dict, *, status: int = 200):
    """A popup of the order (a <dialog>): alone for HTMX, inside the order page (open) for a plain request."""
    context = {"order": order, **context}
    if request.htmx:
        return render(request, template, context, status=status)
    response = render_order_page(request, order, tab="dashboard", template=template, context=context)
    response.status_code = status
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
        "actions": blocks.actions_for(order),
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


def order_action(request, number, *, form_class, service, done, dialog):
    """One order action (bottom bar): GET shows its dialog, POST validates, calls the service and reports.

    A refusal from the service is shown in the dialog (422) and nothing changed.
    """
    order = get_order_or_404(request, number)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(order=order, actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return done(request, result)
    context = {"order": order, "form": form, **(dialog(order) if callable(dialog) else dialog)}
    status = 422 if form.errors else 200
    if request.htmx:
        return render(request, "orders/actions.html#dialog", context, status=status)
    response = render_order_page(
        request, order, tab="dashboard", template="orders/actions.html#dialog", context=context
    )
    response.status_code = status
    return response


def action_done(message: str):
    """After an action on this order: close the dialog, refresh the bar, badge and messages, tell the blocks."""

    def done(request, order: Order):
        messages.success(request, message)
        if not request.htmx:
            return redirect("orders:dashboard", order.number)
        response = render(request, "orders/actions.html#done", {"order": order, "actions": blocks.actions_for(order)})
        return trigger_client_event(response, "order-changed")

    return done


def copy_done(request, new_order: Order):
    messages.success(request, _("Dit is de nieuwe order, een kopie van de vorige."))
    url = reverse("orders:dashboard", args=[new_order.number])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@staff_required
@require_http_methods(["GET", "POST"])
def copy(request, number):
    return order_action(
        request,
        number,
        form_class=CopyForm,
        service=services.order_copy,
        done=copy_done,
        dialog=lambda order: {
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
        done=action_done(_("De order staat in de wacht.")),
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
        done=action_done(_("De order is uit de wacht gehaald.")),
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
        done=action_done(_("De order is geannuleerd.")),
        dialog=lambda order: {
            "title": _("Order annuleren"),
            "explanation": _("Een geannuleerde order kan niet meer worden verzonden. Dit is niet terug te draaien."),
            "warning": rules.cancel_refusal(order) or cancel_consequences(order),
            "submit_label": _("Order annuleren"),
            "danger": True,
        },
    )
