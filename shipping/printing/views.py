"""Pakbonnen printen from VERKOOP > Orders: start the print, watch its progress, download the PDF.

Every staff member may see and download every print, like every order: the slips show nothing a colleague
cannot see on the orders themselves, and the warehouse shares the work.
"""

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.htmx import render_page_or_partial
from orders.forms import OrderFilterForm

from ..models import PackingSlipPrint, PackingSlipPrintStatus
from .forms import PackingSlipPrintForm
from .services import packing_slip_print_for, packing_slip_print_requeue, packing_slip_print_start


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@staff_required
@require_POST
def start(request):
    """The list's form: the ticked orders, or with `all_matching` every order the list's filter (`filter`, its
    query string) finds. Off to the status page; a refusal goes back to the list with the reason."""
    form = PackingSlipPrintForm(request.POST)
    valid = form.is_valid()
    query = QueryDict(form.cleaned_data.get("filter", ""))
    back = reverse("orders:list") + (f"?{query.urlencode()}" if query else "")
    if not valid:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _go(request, back)
    try:
        if form.cleaned_data["all_matching"]:
            job = packing_slip_print_start(user=request.user, filters=OrderFilterForm(query).valid_filters())
        else:
            job = packing_slip_print_start(user=request.user, order_ids=form.order_ids())
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return _go(request, back)
    return _go(request, reverse("shipping_bulk:status", args=[job.pk]))


def _get(request, print_id: int) -> PackingSlipPrint:
    try:
        return packing_slip_print_for(user=request.user, print_id=print_id)
    except PackingSlipPrint.DoesNotExist:
        raise Http404(_("Die printopdracht bestaat niet.")) from None


@staff_required
@require_GET
def status(request, print_id):
    """The progress bar; it asks again every second (HTMX) until the print is done or failed."""
    job = _get(request, print_id)
    if packing_slip_print_requeue(job):  # only when its job was lost (run in-process, it is done by now)
        job.refresh_from_db()
    context = {"job": job, "retention_days": settings.PRINT_RESULT_RETENTION_DAYS}
    return render_page_or_partial(request, "shipping/bulk/status.html", "progress", context)


@staff_required
@require_GET
def download(request, print_id):
    job = _get(request, print_id)
    if job.status != PackingSlipPrintStatus.DONE or not job.file or job.is_expired:
        return redirect("shipping_bulk:status", job.pk)  # the page says why: not ready, nothing to print, verlopen
    try:
        content = default_storage.open(job.file, "rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van deze printopdracht is er niet meer.")) from None
    return FileResponse(content, as_attachment=True, filename=f"pakbonnen-{job.pk}.pdf", content_type="application/pdf")
