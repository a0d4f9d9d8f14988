"""Mijn account (/account/): the customer's pages. Thin views: parse, call a selector or a service, render.

Every lookup goes through `request.customer` (access.customer_required): another customer's order, invoice, ticket
or attachment is 404. Pages are plain HTML forms (no JavaScript needed), in the customer's language.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.documents import logo_data_url
from backoffice.exceptions import ActionRefused
from backoffice.login_limits import client_address
from backoffice.models import ShopSettings
from backoffice.redirects import safe_next
from invoicing.models import DocumentStatus, Invoice
from invoicing.services import invoice_documents_request
from orders.models import Order
from tickets import attachments
from tickets import services as tickets
from tickets.models import Ticket, TicketAttachment
from tickets.selectors import attachment_of, conversation, customer_tickets

from . import selectors, services
from .access import customer_of, customer_required, public_page
from .forms import CustomerLoginForm, MessageForm, QuestionForm, ResetRequestForm

logger = logging.getLogger(__name__)

HOME = "shopaccount:home"
RESET_REQUESTS_PER_HOUR = 10  # per client address: the reset form is no way to probe or flood


def _shell(request) -> dict:
    """What every page's frame shows: the shop's name and logo, the customer's words and language."""
    return {"t": request.account_words, "language": request.account_language, "shop": ShopSettings.load(),
            "logo": logo_data_url(), "customer": getattr(request, "customer", None)}  # fmt: skip


def _render(request, template: str, context: dict | None = None, *, status: int = 200):
    return render(request, template, {**_shell(request), **(context or {})}, status=status)


def _lockout_answer(request, until):
    t = request.account_words
    moment = until.strftime("%H:%M") if until.date() == timezone.localdate() else until.strftime("%d-%m %H:%M")
    form = CustomerLoginForm(request, t)
    return _render(request, "shopaccount/login.html", {"form": form, "locked": t["locked"] % {"time": moment}},
                   status=429)  # fmt: skip


@public_page
@require_http_methods(["GET", "POST"])
def login_view(request):
    """The customers' login: not the staff login. A staff account is refused here like a wrong password."""
    if customer_of(request.user) is not None:
        return redirect(safe_next(request, reverse(HOME)))
    request.login_lockout_answer = _lockout_answer  # a lock-out (django-axes) answers with this page
    form = CustomerLoginForm(request, request.account_words, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(safe_next(request, reverse(HOME)))
    context = {"form": form, "next": safe_next(request, ""), "staff_session": request.user.is_authenticated}
    return _render(request, "shopaccount/login.html", context, status=422 if form.errors else 200)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("shopaccount:login")


def _too_many_resets(request) -> bool:
    key = f"shopaccount:reset:{client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > RESET_REQUESTS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


@public_page
@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Wachtwoord vergeten: the same answer whether or not the address belongs to a customer account."""
    form = ResetRequestForm(request.account_words, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _render(request, "shopaccount/password_reset.html", {"form": form}, status=422)
        if _too_many_resets(request):
            logger.warning("Too many customer password reset requests from one address.")
            context = {"form": form, "refused": request.account_words["too_many_requests"]}
            return _render(request, "shopaccount/password_reset.html", context, status=429)
        services.customer_password_reset_request(
            email=form.cleaned_data["email"], site_url=request.build_absolute_uri("/")
        )
        return redirect("shopaccount:password_reset_done")
    return _render(request, "shopaccount/password_reset.html", {"form": form})


@public_page
@require_GET
def password_reset_done(request):
    return _render(request, "shopaccount/message.html", {
        "title": request.account_words["reset_title"],
        "text": request.account_words["reset_sent"] % {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    })  # fmt: skip


@method_decorator(public_page, name="dispatch")
class CustomerPasswordResetConfirmView(PasswordResetConfirmView):
    """The link from the mail: choose a password. Only for a customer account; a staff member's link is no link
    here. Every session of the account ends with the old password."""

    template_name = "shopaccount/password_reset_confirm.html"
    success_url = reverse_lazy("shopaccount:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and customer_of(user) is not None else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_shell(self.request)}


password_reset_confirm = CustomerPasswordResetConfirmView.as_view()


@public_page
@require_GET
def password_reset_complete(request):
    return _render(request, "shopaccount/message.html", {
        "title": request.account_words["reset_title"], "text": request.account_words["reset_done"], "login_link": True,
    })  # fmt: skip


@customer_required
@require_GET
def home(request):
    """Mijn account: my orders (newest first) and my questions."""
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    orders, has_next = selectors.customer_orders(request.customer, page=min(page, 10_000))
    rows = [(order, selectors.status_name(order, request.account_language, request.account_words)) for order in orders]
    return _render(request, "shopaccount/home.html", {
        "rows": rows, "page": page, "has_next": has_next, "tickets": customer_tickets(request.customer),
        "hello": request.account_words["hello"] % {"name": request.customer.full_name},
    })  # fmt: skip


def _order_or_404(request, number: str) -> Order:
    try:
        return selectors.customer_order(request.customer, number)
    except Order.DoesNotExist:
        raise Http404 from None


@customer_required
@require_GET
def order_detail(request, number):
    """One of my orders: status, payment, shipping, invoices as PDF, Track & Trace, my questions about it."""
    order = _order_or_404(request, number)
    status = selectors.status_name(order, request.account_language, request.account_words)
    page = selectors.order_page(order, request.account_words)
    title = request.account_words["order"] % {"number": order.number}
    return _render(request, "shopaccount/order.html", {"page": page, "status": status, "order_title": title})


@customer_required
@require_GET
def invoice_pdf(request, number, invoice_number):
    """An invoice or credit invoice of my order: the stored PDF as sent (the invoice's own language)."""
    order = _order_or_404(request, number)
    try:
        invoice = selectors.customer_invoice(order, invoice_number)
    except Invoice.DoesNotExist:
        raise Http404 from None
    [stored] = invoice_documents_request(invoices=[invoice], language=invoice.language)
    if stored.status != DocumentStatus.READY:
        context = {"title": invoice.number, "text": request.account_words["pdf_pending"], "refresh": True}
        return _render(request, "shopaccount/message.html", context, status=202)
    response = FileResponse(default_storage.open(stored.file, "rb"), content_type="application/pdf",
                            filename=f"{invoice.number}.pdf", as_attachment=True)  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@customer_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """Een vraag stellen: about one of my orders (?order=…) or in general."""
    t = request.account_words
    orders = selectors.order_choices(request.customer)
    asked_about = request.GET.get("order", "")
    if asked_about and asked_about not in {order.number for order in orders}:
        orders.append(_order_or_404(request, asked_about))  # an older order of mine; another's is 404
    if request.method == "POST":
        form = QuestionForm(t, orders, request.POST, request.FILES)
        if form.is_valid():
            try:
                data = form.cleaned_data
                ticket = tickets.ticket_open(
                    customer=request.customer, user=request.user, order=form.order(), subject=data["subject"],
                    body=data["body"], files=data["files"], submit_key=data["submit_key"],
                )  # fmt: skip
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, t["asked"])
                return redirect("shopaccount:ticket", ticket.pk)
        return _render(request, "shopaccount/ask.html", {"form": form}, status=422)
    form = QuestionForm(t, orders, initial={"about": asked_about})
    return _render(request, "shopaccount/ask.html", {"form": form})


def _ticket_or_404(request, ticket_id: int) -> Ticket:
    try:
        return selectors.customer_ticket(request.customer, ticket_id)
    except Ticket.DoesNotExist:
        raise Http404 from None


@customer_required
@require_http_methods(["GET", "POST"])
def ticket_detail(request, ticket_id):
    """My question: the conversation, and a reply (which opens an answered or closed question again)."""
    t = request.account_words
    ticket = _ticket_or_404(request, ticket_id)
    form = MessageForm(t, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                tickets.ticket_customer_reply(ticket=ticket, user=request.user, body=data["body"],
                                              files=data["files"], submit_key=data["submit_key"])  # fmt: skip
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, t["replied"])
                return redirect("shopaccount:ticket", ticket.pk)
        status = 422
    context = {"ticket": ticket, "conversation": conversation(ticket), "form": form}
    return _render(request, "shopaccount/ticket.html", context, status=status)


@customer_required
@require_GET
def ticket_attachment(request, ticket_id, attachment_id):
    """An attachment of my question, always as a download."""
    ticket = _ticket_or_404(request, ticket_id)
    try:
        found = attachment_of(ticket, attachment_id)
    except TicketAttachment.DoesNotExist:
        raise Http404 from None
    return attachments.download(found)
