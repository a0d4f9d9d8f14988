"""ALGEMEEN > Storingen (Beheerder only) and /metrics. Thin: parse, call the owning app's service, answer."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.decorators import permission_required
from backoffice.exceptions import ActionRefused
from invoicing.models import InvoiceDocument
from invoicing.services import invoice_document_retry
from notifications.models import OutboxMessage
from notifications.services import outbox_retry
from shipping.models import PackingSlipPrint
from shipping.printing.services import packing_slip_print_retry

from . import selectors
from .forms import SupportFilterForm
from .metrics import may_scrape, metrics_text


@permission_required("backoffice.manage_shop")
@require_GET
def support(request):
    """The counters, then the failed and waiting work of one kind (e-mails, invoice PDFs, print jobs), newest first."""
    form = SupportFilterForm(request.GET)
    filters = form.filters()
    page = selectors.support_page(**filters)
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "counters": selectors.support_counters(),
        "backlog": selectors.support_backlog(),
    }
    return render(request, "operations/support.html", context)


def _retry(request, show: str, service, item, done: str):
    try:
        service(actor=request.user, **item)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(f"{reverse('operations:support')}?show={show}")


@permission_required("backoffice.manage_shop")
@require_POST
def email_retry(request, message_id: int):
    message = get_object_or_404(OutboxMessage, pk=message_id)
    done = _("De e-mail aan %(to)s wordt opnieuw verstuurd.") % {"to": message.to}
    return _retry(request, "email", outbox_retry, {"message": message}, done)


@permission_required("backoffice.manage_shop")
@require_POST
def document_retry(request, document_id: int):
    document = get_object_or_404(InvoiceDocument.objects.select_related("invoice"), pk=document_id)
    done = _("De PDF van factuur %(number)s wordt opnieuw gemaakt.") % {"number": document.invoice.number}
    return _retry(request, "pdf", invoice_document_retry, {"document": document}, done)


@permission_required("backoffice.manage_shop")
@require_POST
def print_retry(request, print_id: int):
    job = get_object_or_404(PackingSlipPrint, pk=print_id)
    done = _("Printopdracht %(number)s wordt opnieuw gemaakt.") % {"number": job.pk}
    return _retry(request, "print", packing_slip_print_retry, {"job": job}, done)


@require_GET
def metrics(request):
    """Prometheus' scrape: from an allowed address or with the bearer token (operations/metrics.py), else 403."""
    if not may_scrape(request):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain")
    return HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
