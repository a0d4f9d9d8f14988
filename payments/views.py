from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from orders.forms import ConfirmForm
from orders.views import action_done, get_order_or_404, order_action, render_order_page

from . import selectors, services
from .rules import mark_unpaid_refusal


def _context(order, **extra) -> dict:
    return {"order": order, **selectors.payments_block(order), **extra}


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "payments/block.html#block", _context(order))


def _perform(request, number, *, service, done_message: str):
    """Call the service; answer with the block afresh (HTMX) or go back to the dashboard with a message.

    A refusal changed nothing: it is shown inside the block, with HTTP 422, and no `order-changed` is fired.
    The answer also closes the Niet betaald dialog when the request came from there.
    """
    order = get_order_or_404(request, number)
    try:
        order = service(order=order, actor=request.user)
    except ActionRefused as refusal:
        if not request.htmx:
            messages.error(request, refusal.message)
            return redirect("orders:dashboard", number)
        order = get_order_or_404(request, number)  # as it is now, whatever made the action pointless
        return render(request, "payments/block.html#posted", _context(order, error=refusal.message), status=422)
    messages.success(request, done_message)
    if not request.htmx:
        return redirect("orders:dashboard", number)
    response = render(request, "payments/block.html#posted", _context(order))
    return trigger_client_event(response, "order-changed")


@staff_required
@require_POST
def mark_paid(request, number):
    return _perform(request, number, service=services.payment_mark_paid, done_message=_("De order staat op betaald."))


@staff_required
@require_http_methods(["GET", "POST"])
def mark_unpaid(request, number):
    """GET: the dialog that asks for confirmation. POST: set the order back to unpaid."""
    if request.method == "POST":
        return _perform(
            request, number, service=services.payment_mark_unpaid, done_message=_("De order staat op niet betaald.")
        )
    order = get_order_or_404(request, number)
    context = _context(order, refusal=mark_unpaid_refusal(order))
    if request.htmx:
        return render(request, "payments/block.html#confirm_unpaid", context)
    return render_order_page(
        request, order, tab="dashboard", template="payments/block.html#confirm_unpaid", context=context
    )


# Betaalherinnering: an order action of the bottom bar (the dialog and its answers are orders' own).


def reminder_done(request, reminder):
    done = action_done(_("De betaalherinnering is verstuurd naar %(email)s.") % {"email": reminder.email.to})
    return done(request, reminder.order)


@staff_required
@require_http_methods(["GET", "POST"])
def reminder(request, number):
    """GET: the dialog (to whom, how much, which invoice goes along). POST: send the reminder."""
    return order_action(
        request,
        number,
        form_class=ConfirmForm,
        service=services.payment_reminder_send,
        done=reminder_done,
        dialog=lambda order: selectors.payment_reminder_dialog(order, show_refusal=request.method == "GET"),
    )
