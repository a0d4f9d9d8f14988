from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import staff_required
from orders.forms import ConfirmForm
from orders.pages import block_answer, get_order_or_404, order_action, render_order_dialog

from . import selectors, services
from .rules import mark_unpaid_refusal


def _context(order, **extra) -> dict:
    return {**selectors.payments_block(order), **extra}


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "payments/block.html#block", {"order": order, **_context(order)})


# Betaald and Niet betaald answer with the block afresh; the answer also closes the Niet betaald dialog.


@staff_required
@require_POST
def mark_paid(request, number):
    order = get_order_or_404(request, number)
    return block_answer(
        request,
        order,
        lambda: services.payment_mark_paid(order=order, actor=request.user),
        done=_("De order staat op betaald."),
        partial="payments/block.html#posted",
        partial_context=_context,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def mark_unpaid(request, number):
    """GET: the dialog that asks for confirmation. POST: set the order back to unpaid."""
    order = get_order_or_404(request, number)
    if request.method == "GET":
        context = _context(order, refusal=mark_unpaid_refusal(order))
        return render_order_dialog(request, order, "payments/block.html#confirm_unpaid", context)
    return block_answer(
        request,
        order,
        lambda: services.payment_mark_unpaid(order=order, actor=request.user),
        done=_("De order staat op niet betaald."),
        partial="payments/block.html#posted",
        partial_context=_context,
    )


# Betaalherinnering: an order action of the bottom bar.


@staff_required
@require_http_methods(["GET", "POST"])
def reminder(request, number):
    """GET: the dialog (to whom, how much, which invoice goes along). POST: send the reminder."""
    return order_action(
        request,
        number,
        form_class=ConfirmForm,
        service=services.payment_reminder_send,
        done=lambda reminder: _("De betaalherinnering is verstuurd naar %(email)s.") % {"email": reminder.email.to},
        dialog=selectors.payment_reminder_dialog,
    )
