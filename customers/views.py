from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from orders.views import action_done, cursor_from_request, get_order_or_404, render_order_page

from . import selectors, services
from .forms import AddressForm, CustomerForm, InformForm
from .models import Customer

ADDRESS_TITLES = {"billing": gettext_lazy("Factuuradres"), "shipping": gettext_lazy("Verzendadres")}
ADDRESS_SAVED = {
    "billing": gettext_lazy("Het factuuradres is opgeslagen."),
    "shipping": gettext_lazy("Het verzendadres is opgeslagen."),
}


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "customers/block.html#block", {"order": order, **selectors.customer_block(order)})


@staff_required
@require_GET
def customer_detail(request, customer_id):
    try:
        detail = selectors.customer_detail(
            user=request.user, customer_id=customer_id, cursor=cursor_from_request(request)
        )
    except Customer.DoesNotExist:
        raise Http404(_("Deze klant bestaat niet.")) from None
    context = {"customer": detail.customer, "page": detail.orders}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "customers/detail.html#orders", context)
    else:
        response = render(request, "customers/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Klant inlichten: a dialog like the bottom bar's order actions, with a Voorbeeld step before Versturen.


def inform_done(request, email):
    done = action_done(_("Het bericht is verstuurd naar %(email)s.") % {"email": email.to})
    return done(request, email.order)


@staff_required
@require_http_methods(["GET", "POST"])
def inform(request, number):
    """GET: the dialog. POST with `preview`: the dialog with the complete e-mail. Other POSTs: send it."""
    order = get_order_or_404(request, number)
    form = InformForm(request.POST if request.method == "POST" else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]
        if "preview" in request.POST:
            preview = selectors.customer_inform_preview(order, message)
        else:
            try:
                email = services.customer_inform(order=order, actor=request.user, message=message)
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return inform_done(request, email)
    context = {"order": order, "form": form, "preview": preview}
    status = 422 if form.errors else 200
    if request.htmx:
        return render(request, "customers/inform.html#dialog", context, status=status)
    response = render_order_page(
        request, order, tab="dashboard", template="customers/inform.html#dialog", context=context
    )
    response.status_code = status
    return response


# The Klant tab: the customer record and the order's addresses, each section its own form.


def _address(order, kind: str, form=None) -> dict:
    return {"kind": kind, "title": ADDRESS_TITLES[kind], "form": form or AddressForm.of(order, kind)}


def _tab_context(order, *, customer_form=None, address_forms=None) -> dict:
    """The whole tab; a form given (bound, with its errors) replaces that section's fresh one."""
    address_forms = address_forms or {}
    return {
        **selectors.customer_tab(order),
        "customer_form": customer_form or CustomerForm.of(order.customer),
        "addresses": [_address(order, kind, address_forms.get(kind)) for kind in ADDRESS_TITLES],
    }


@staff_required
@require_GET
def tab(request, number):
    order = get_order_or_404(request, number)
    return render_order_page(
        request, order, tab="customer", template="customers/tab.html#tab", context=_tab_context(order)
    )


def _section_saved(request, number, *, message: str, section: str):
    """After a save: the section afresh with the message and `order-changed` (HTMX), or the tab again."""
    messages.success(request, message)
    if not request.htmx:
        return redirect("customers:tab", number)
    order = get_order_or_404(request, number)  # as it is now
    if section == "customer":
        context, partial = {"customer_form": CustomerForm.of(order.customer)}, "customer"
    else:
        context, partial = {"address": _address(order, section)}, "address"
    response = render(request, f"customers/tab.html#{partial}", {"order": order, "oob_messages": True, **context})
    return trigger_client_event(response, "order-changed")


def _section_invalid(request, order, *, partial: str, context: dict, tab_context: dict):
    """The form back with its errors, HTTP 422: the section alone (HTMX) or the whole tab."""
    if request.htmx:
        return render(request, f"customers/tab.html#{partial}", {"order": order, **context}, status=422)
    response = render_order_page(request, order, tab="customer", template="customers/tab.html#tab", context=tab_context)
    response.status_code = 422
    return response


@staff_required
@require_POST
def customer_update(request, number):
    order = get_order_or_404(request, number)
    form = CustomerForm.of(order.customer, request.POST)
    if form.is_valid():
        try:
            services.customer_update(order=order, actor=request.user, changes=form.changes())
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return _section_saved(request, number, message=_("De klantgegevens zijn opgeslagen."), section="customer")
    return _section_invalid(
        request,
        order,
        partial="customer",
        context={"customer_form": form},
        tab_context=_tab_context(order, customer_form=form),
    )


@staff_required
@require_POST
def address_update(request, number, kind):
    if kind not in ADDRESS_TITLES:
        raise Http404
    order = get_order_or_404(request, number)
    form = AddressForm.of(order, kind, request.POST)
    if form.is_valid():
        try:
            services.order_address_update(order=order, actor=request.user, kind=kind, changes=form.changes())
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return _section_saved(request, number, message=str(ADDRESS_SAVED[kind]), section=kind)
    return _section_invalid(
        request,
        order,
        partial="address",
        context={"address": _address(order, kind, form)},
        tab_context=_tab_context(order, address_forms={kind: form}),
    )
