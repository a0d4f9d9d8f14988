"""Facturen printen from VERKOOP > Orders: choose the language, start the print, watch its progress, download.

Every staff member may see and download every print, like every order and its invoices.
"""

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.htmx import render_page_or_partial
from orders.forms import OrderFilterForm

from ..models import InvoicePrint, InvoicePrintStatus
from .forms import InvoicePrintForm
from .services import invoice_print_choice, invoice_print_for, invoice_print_requeue, invoice_print_start


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@staff_required
@require_POST
def start(request):
    """From the list (no language yet): the page that asks for the language, with the choice carried along. With
    the language: the print starts and it is off to its status page. A refusal goes back to the list."""
    form = InvoicePrintForm(request.POST)
    valid = form.is_valid()
    query = QueryDict(form.cleaned_data.get("filter", ""))
    back = reverse("orders:list") + (f"?{query.urlencode()}" if query else "")
    if not valid:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _go(request, back)
    choice = (
        {"filters": OrderFilterForm(query).valid_filters()}
        if form.cleaned_data["all_matching"]
        else {"order_ids": form.order_ids()}
    )
    try:
        if not form.cleaned_data["language"]:
            count = len(invoice_print_choice(user=request.user, **choice))
            context = {"form": form, "count": count, "back": back}
            return render(request, "invoicing/bulk/choose.html", context)
        job = invoice_print_start(user=request.user, language=form.cleaned_data["language"], **choice)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return _go(request, back)
    return _go(request, reverse("invoicing_bulk:status", args=[job.pk]))


def _get(request, print_id: int) -> InvoicePrint:
    try:
        return invoice_print_for(user=request.user, print_id=print_id)
    except InvoicePrint.DoesNotExist:
        raise Http404(_("Die printopdracht bestaat niet.")) from None


@staff_required
@require_GET
def status(request, invoice_print_id):
    """The progress bar; it asks again every second (HTMX) until the print is done or failed."""
    job = _get(request, invoice_print_id)
    if invoice_print_requeue(job):
        job.refresh_from_db()
    context = {"job": job, "retention_days": settings.PRINT_RESULT_RETENTION_DAYS}
    return render_page_or_partial(request, "invoicing/bulk/status.html", "progress", context)


@staff_required
@require_GET
def download(request, invoice_print_id):
    job = _get(request, invoice_print_id)
    if job.status != InvoicePrintStatus.DONE or not job.file or job.is_expired:
        return redirect("invoicing_bulk:status", job.pk)
    try:
        content = default_storage.open(job.file, "rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van deze printopdracht is er niet meer.")) from None
    filename = f"facturen-{job.pk}-{job.language}.pdf"
    return FileResponse(content, as_attachment=True, filename=filename, content_type="application/pdf")
