from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import staff_required
from backoffice.htmx import render_page_or_partial
from orders.pages import (
    BAR_DONE,
    bar_context,
    block_answer,
    cursor_from_request,
    get_order_or_404,
    render_order_dialog,
    render_order_page,
)

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
    return render_page_or_partial(request, "customers/detail.html", "orders", context)


# Klant inlichten: a dialog like the bottom bar's order actions, with a Voorbeeld step before Versturen.


@staff_required
@require_http_methods(["GET", "POST"])
def inform(request, number):
    """GET: the dialog. POST with `preview`: the dialog with the complete e-mail. Other POSTs: send it."""
    order = get_order_or_404(request, number)
    form = InformForm(request.POST if request.method == "POST" else None)
    dialog = ("customers/inform.html#dialog", {"form": form})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    if "preview" in request.POST and form.is_valid():
        preview = selectors.customer_inform_preview(order, form.cleaned_data["message"])
        return render_order_dialog(request, order, dialog[0], {**dialog[1], "preview": preview})
    return block_answer(
        request,
        order,
        lambda: services.customer_inform(
            order=order,
            actor=request.user,
            message=form.cleaned_data["message"],
            submit_key=form.cleaned_data["submit_key"],
        ),
        form=form,
        dialog=dialog,
        done=lambda email: _("Het bericht is verstuurd naar %(email)s.") % {"email": email.to},
        partial=BAR_DONE,
        partial_context=bar_context,
    )


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


def _section_answer(request, order, action, *, form, done: str, kind: str):
    """A section's Opslaan (`kind` is "customer", "billing" or "shipping"). Saved: the section afresh with the
    message and `order-changed` (HTMX), or the tab again. Invalid or refused: the form back with its errors, HTTP
    422 — the section alone (HTMX) or the whole tab."""
    if kind == "customer":
        partial, fresh = "customer", lambda order: {"customer_form": CustomerForm.of(order.customer)}
        invalid, tab_forms = {"customer_form": form}, {"customer_form": form}
    else:
        partial, fresh = "address", lambda order: {"address": _address(order, kind)}
        invalid, tab_forms = {"address": _address(order, kind, form)}, {"address_forms": {kind: form}}

    def again(extra: dict):
        if request.htmx:
            return render(request, f"customers/tab.html#{partial}", {"order": order, **invalid}, status=422)
        context = _tab_context(order, **tab_forms)
        return render_order_page(
            request, order, tab="customer", template="customers/tab.html#tab", context=context, status=422
        )

    return block_answer(
        request,
        order,
        action,
        form=form,
        dialog=again,
        done=done,
        partial=f"customers/tab.html#{partial}",
        partial_context=lambda order: {"oob_messages": True, **fresh(order)},
        redirect_to=reverse("customers:tab", args=[order.number]),
    )


@staff_required
@require_POST
def customer_update(request, number):
    order = get_order_or_404(request, number)
    form = CustomerForm.of(order.customer, request.POST)
    return _section_answer(
        request,
        order,
        lambda: services.customer_update(order=order, actor=request.user, changes=form.changes()),
        form=form,
        done=_("De klantgegevens zijn opgeslagen."),
        kind="customer",
    )


@staff_required
@require_POST
def address_update(request, number, kind):
    if kind not in ADDRESS_TITLES:
        raise Http404
    order = get_order_or_404(request, number)
    form = AddressForm.of(order, kind, request.POST)
    return _section_answer(
        request,
        order,
        lambda: services.order_address_update(order=order, actor=request.user, kind=kind, changes=form.changes()),
        form=form,
        done=str(ADDRESS_SAVED[kind]),
        kind=kind,
    )
