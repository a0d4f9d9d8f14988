"""The staff side of Tickets: the order's Tickets tab, the conversation popup (the magnifier) with reply, close and
assign, the attachments as downloads, and DIENST > Tickets."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.htmx import order_changed, render_page_or_partial, vary_on_htmx
from orders.pages import get_order_or_404, render_order_page

from . import attachments, rules, selectors, services
from .forms import AssignForm, ReplyForm, TicketFilterForm
from .models import Ticket, TicketAttachment

TICKETS_CHANGED = "tickets-changed"  # DIENST > Tickets refreshes its rows


def _ticket_or_404(ticket_id: int) -> Ticket:
    try:
        return Ticket.objects.select_related("customer", "order", "assignee").get(pk=ticket_id)
    except Ticket.DoesNotExist:
        raise Http404(_("Dit ticket bestaat niet.")) from None


@staff_required
@require_GET
def tab(request, number):
    """The order's Tickets tab: subject, date, last message, status and the magnifier."""
    order = get_order_or_404(request, number)
    return render_order_page(request, order, tab="tickets", template="tickets/tab.html",
                             context=selectors.tickets_tab(order))  # fmt: skip


def _popup(
    request, ticket: Ticket, *, reply_form=None, assign_form=None, error=None, status: int = 200, answered=False
):
    """The conversation popup. After an action (`answered`) it also brings the messages and, on the order's page,
    the order's notices (the unanswered marker) out of band."""
    on_order_page = bool(request.htmx and (request.htmx.current_url_abs_path or "").startswith("/orders/"))
    context = {
        "error": error,
        "answered": answered,
        "notices_oob": answered and ticket.order is not None and on_order_page,
        "ticket": ticket,
        "conversation": selectors.conversation(ticket),
        "reply_form": reply_form or ReplyForm(),
        "assign_form": assign_form or AssignForm(initial={"assignee": ticket.assignee_id}),
        "can_reply": rules.reply_refusal(ticket) is None,
        "can_close": rules.close_refusal(ticket) is None,
    }
    template = "tickets/detail.html#dialog" if request.htmx else "tickets/detail.html"
    return vary_on_htmx(render(request, template, context, status=status))


@staff_required
@require_GET
def detail(request, ticket_id):
    """The magnifier: the conversation in a popup (HTMX), or a page of its own."""
    return _popup(request, _ticket_or_404(ticket_id))


def _answer(request, ticket: Ticket, action, *, done: str, **forms):
    """Run one action on the ticket: the popup again (with the error, 422), or afresh with `done` and the events
    that make the order page and DIENST > Tickets refresh."""
    try:
        action()
    except ActionRefused as refusal:
        if not request.htmx:
            messages.error(request, refusal.message)
            return redirect("tickets:detail", ticket.pk)
        for form in forms.values():
            form.add_error(None, refusal.message)
        error = None if forms else refusal.message
        return _popup(request, _ticket_or_404(ticket.pk), **forms, error=error, status=422, answered=True)
    messages.success(request, done)
    if not request.htmx:
        return redirect("tickets:detail", ticket.pk)
    response = _popup(request, _ticket_or_404(ticket.pk), answered=True)
    response = order_changed(response) if ticket.order_id else response
    return trigger_client_event(response, TICKETS_CHANGED)


@staff_required
@require_POST
def reply(request, ticket_id):
    """Beantwoorden: the customer gets the "Ticket beantwoord" e-mail."""
    ticket = _ticket_or_404(ticket_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _popup(request, ticket, reply_form=form, status=422)
    body, key = form.cleaned_data["body"], form.cleaned_data["submit_key"]
    return _answer(
        request, ticket, lambda: services.ticket_reply(ticket=ticket, actor=request.user, body=body, submit_key=key),
        done=_("Het antwoord is verstuurd."), reply_form=form,
    )  # fmt: skip


@staff_required
@require_POST
def close(request, ticket_id):
    ticket = _ticket_or_404(ticket_id)
    return _answer(request, ticket, lambda: services.ticket_close(ticket=ticket, actor=request.user),
                   done=_("Het ticket is gesloten."))  # fmt: skip


@staff_required
@require_POST
def assign(request, ticket_id):
    ticket = _ticket_or_404(ticket_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _popup(request, ticket, assign_form=form, status=422)
    assignee = form.cleaned_data["assignee"]
    return _answer(
        request, ticket, lambda: services.ticket_assign(ticket=ticket, actor=request.user, assignee=assignee),
        done=_("Het ticket is toegewezen."), assign_form=form,
    )  # fmt: skip


@staff_required
@require_GET
def attachment(request, ticket_id, attachment_id):
    """An attachment, always as a download."""
    ticket = _ticket_or_404(ticket_id)
    try:
        found = selectors.attachment_of(ticket, attachment_id)
    except TicketAttachment.DoesNotExist:
        raise Http404(_("Deze bijlage bestaat niet.")) from None
    return attachments.download(found)


@staff_required
@require_GET
def ticket_list(request):
    """DIENST > Tickets: every ticket, the longest-waiting unanswered first; by status and "aan mij toegewezen"."""
    form = TicketFilterForm(request.GET)
    filters = form.filters()
    page = selectors.ticket_list(user=request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render_page_or_partial(request, "tickets/list.html", "results", context)
