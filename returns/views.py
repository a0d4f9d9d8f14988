"""The Retour block, the Retouren tab and the popups of returns. Thin: parse, call a service, answer through
`orders.pages.block_answer`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice import languages
from backoffice.decorators import permission_required, staff_required
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from invoicing.models import Invoice
from invoicing.rules import open_invoices
from orders.pages import block_answer, get_order_or_404, render_order_dialog, render_order_page

from . import selectors, services
from .choices import KINDS, in_use, return_choice_delete, return_choice_save
from .forms import ReturnChoiceForm, ReturnForm, ReturnListFilterForm, ReturnStatusForm
from .models import Return, ReturnStatus

# After a change from a popup: the Retour block afresh and the status badge (out of band), the popup closed, the
# message shown, the other blocks (Facturen, Product) told through order-changed.
POSTED = "returns/block.html#posted"


def _context(order) -> dict:
    return {"order": order, **selectors.returns_block(order)}


def _get_return(order, sequence: int) -> Return:
    ret = selectors.return_for_order(order, sequence)
    if ret is None:
        raise Http404(_("Retour %(sequence)s hoort niet bij deze order.") % {"sequence": sequence})
    return ret


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "returns/block.html#block", _context(order))


@staff_required
@require_GET
def tab(request, number):
    order = get_order_or_404(request, number)
    return render_order_page(request, order, tab="returns", template="returns/block.html#tab", context=_context(order))


def _form(request, order, *, credit: bool) -> ReturnForm:
    items = services.order_returnable(order)
    can_credit = bool(open_invoices(list(Invoice.objects.for_order(order))))
    return ReturnForm(
        request.POST if request.method == "POST" else None,
        items=items,
        shipping_cost=order.shipping_cost,
        can_credit=can_credit,
        credit=credit,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def create(request, number):
    """Retour aanmaken (Retour block) and Credit factuur aanmaken (Facturen block, ?credit=1): the same popup, the
    latter with "Direct een creditfactuur aanmaken" ticked."""
    order = get_order_or_404(request, number)
    credit = request.GET.get("credit") == "1"
    create_url = reverse("returns:create", args=[order.number]) + ("?credit=1" if credit else "")
    if refusal := selectors.returns_block(order)["create_refusal"]:
        context = {"refusal": refusal, "credit": credit, "create_url": create_url}
        return render_order_dialog(request, order, "returns/block.html#create", context, status=422)
    form = _form(request, order, credit=credit)
    dialog = ("returns/block.html#create", {"form": form, "credit": credit, "create_url": create_url, "amount": None})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)

    def done(ret: Return) -> str:
        if ret.credit_invoice_id:
            return _("Retour %(sequence)s en creditfactuur %(number)s zijn aangemaakt.") % {
                "sequence": ret.sequence, "number": ret.credit_invoice.number,
            }  # fmt: skip
        return _("Retour %(sequence)s is aangemaakt.") % {"sequence": ret.sequence}

    return block_answer(
        request,
        order,
        lambda: services.return_create(order=order, actor=request.user, **form.service_arguments()),
        form=form,
        dialog=dialog,
        done=done,
        partial=POSTED,
        partial_context=_context,
    )


@staff_required
@require_POST
def quote(request, number):
    """The popup's amount, asked again whenever a drop-down or the shipping tick changes."""
    order = get_order_or_404(request, number)
    form = _form(request, order, credit=False)
    context = {"order": order}
    if not form.is_valid():
        context["quote_error"] = " ".join(str(error) for errors in form.errors.values() for error in errors)
    else:
        try:
            _chosen, shipping, total = services.return_quote(
                order=order,
                quantities=form.quantities(),
                refund_shipping=form.cleaned_data.get("refund_shipping", False),
            )
            context.update(amount=total, shipping_amount=shipping)
        except ActionRefused as refusal:
            context["quote_error"] = refusal.message
    return render(request, "returns/block.html#amount", context)


@staff_required
@require_GET
def detail(request, number, sequence):
    """The blue i next to a return: its lines, reason, action, amount; its next status, credit, paid back."""
    order = get_order_or_404(request, number)
    ret = _get_return(order, sequence)
    return render_order_dialog(request, order, "returns/block.html#detail", selectors.return_dialog(ret))


def _answer(request, order, sequence, action, done):
    def refused(extra: dict):
        now = {**selectors.return_dialog(_get_return(order, sequence)), **extra}  # as it is now
        return render_order_dialog(request, order, "returns/block.html#detail", now, status=422)

    return block_answer(request, order, action, dialog=refused, done=done, partial=POSTED, partial_context=_context)


@staff_required
@require_POST
def change_status(request, number, sequence):
    """Ontvangen, Afgehandeld, Afgewezen (the buttons of the popup)."""
    order = get_order_or_404(request, number)
    ret = _get_return(order, sequence)
    form = ReturnStatusForm(request.POST)
    status = form.cleaned_data["status"] if form.is_valid() else request.POST.get("status", "")
    mail_customer = request.POST.get("mail_customer") == "on"
    return _answer(
        request,
        order,
        sequence,
        lambda: services.return_status_change(ret=ret, status=status, actor=request.user, mail_customer=mail_customer),
        lambda changed: (
            _("Retour %(sequence)s staat op %(status)s.")
            % {
                "sequence": changed.sequence,
                "status": ReturnStatus(changed.status).label,
            }
        ),  # fmt: skip
    )


@staff_required
@require_POST
def credit(request, number, sequence):
    """Creditfactuur aanmaken from a return (its popup): one credit invoice; the return is locked from then on."""
    order = get_order_or_404(request, number)
    ret = _get_return(order, sequence)
    send = request.POST.get("send_credit") == "on"
    return _answer(
        request,
        order,
        sequence,
        lambda: services.return_credit(ret=ret, actor=request.user, send=send),
        lambda invoice: (
            _("Creditfactuur %(number)s is aangemaakt; retour %(sequence)s ligt vast.")
            % {
                "number": invoice.number,
                "sequence": ret.sequence,
            }
        ),  # fmt: skip
    )


@staff_required
@require_POST
def refunded(request, number, sequence):
    """Terugbetaald: recorded with who and when."""
    order = get_order_or_404(request, number)
    ret = _get_return(order, sequence)
    return _answer(
        request,
        order,
        sequence,
        lambda: services.return_mark_refunded(ret=ret, actor=request.user),
        _("Retour %(sequence)s staat op terugbetaald.") % {"sequence": ret.sequence},
    )


# VERKOOP > Retouren


@staff_required
@require_GET
def return_list(request):
    """All returns across orders, newest first; filters status, reason, date; each links to its order."""
    form = ReturnListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    returns, more = selectors.return_list(filters)
    context = {"form": form, "returns": returns, "more": more, "active_tab": "returns"}
    return render(request, "returns/list.html", context)


def _languages():
    return languages.named(ShopSettings.load().enabled_languages)


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def choices(request, kind):
    """Retour reden / Retour acties: the list, and the form that adds one."""
    model, _field, label, plural = KINDS[kind]
    form = ReturnChoiceForm(request.POST if request.method == "POST" else None, languages=_languages())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                added = return_choice_save(
                    model=model, names=form.names(), position=form.cleaned_data["position"],
                    is_active=form.cleaned_data["is_active"], actor=request.user,
                )  # fmt: skip
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("“%(name)s” is toegevoegd.") % {"name": added.name})
                return redirect(f"returns:{kind}")
        status = 422
    rows = [(choice, in_use(choice)) for choice in model.objects.in_order()]
    context = {"form": form, "rows": rows, "kind": kind, "label": label, "plural": plural, "active_tab": kind}
    return render(request, "returns/choices.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def choice_edit(request, kind, pk):
    model, _field, label, plural = KINDS[kind]
    choice = get_object_or_404(model, pk=pk)
    form = ReturnChoiceForm(request.POST if request.method == "POST" else None, languages=_languages(), choice=choice)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = return_choice_save(
                    model=model, choice=choice, names=form.names(), position=form.cleaned_data["position"],
                    is_active=form.cleaned_data["is_active"], actor=request.user,
                )  # fmt: skip
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("“%(name)s” is opgeslagen.") % {"name": saved.name})
                return redirect(f"returns:{kind}")
        status = 422
    context = {"form": form, "choice": choice, "in_use": in_use(choice), "kind": kind, "label": label,
               "plural": plural, "active_tab": kind}  # fmt: skip
    return render(request, "returns/choice_edit.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_POST
def choice_delete(request, kind, pk):
    model = KINDS[kind][0]
    choice = get_object_or_404(model, pk=pk)
    try:
        return_choice_delete(choice=choice, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("“%(name)s” is verwijderd.") % {"name": choice.name})
    return redirect(f"returns:{kind}")
