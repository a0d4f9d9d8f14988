"""Exporteren on VERKOOP > Orders: the dialog (format, columns), the export itself, and for a large one the status
page and the download. See services.py for what is exported and how."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.decorators import staff_required
from backoffice.htmx import render_page_or_partial

from ..models import ExportFormat, ExportStatus, OrderExport
from . import services
from .forms import ExportForm

DIALOG = "orders/export/dialog.html"


def _list_query(raw: str) -> str:
    """The list's query string without its page position: an export is of the whole filtered list."""
    query = QueryDict(raw, mutable=True)
    query.pop("cursor", None)
    return query.urlencode()


def _dialog(request, form: ExportForm, *, refusal: str = "", status: int = 200):
    context = {"form": form, "refusal": refusal, "query": _list_query(form["filter"].value() or "")}
    return render_page_or_partial(request, DIALOG, "dialog", context, status=status)


@staff_required
@require_GET
def dialog(request):
    """The popup: opened from the list with its query string in `filter`."""
    return _dialog(request, ExportForm(initial={"filter": _list_query(request.GET.get("filter", ""))}))


@staff_required
@require_POST
def start(request):
    """A small export is the answer itself (CSV streamed, XLSX sent); a large one goes to its status page."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _dialog(request, form, status=422)
    query = _list_query(form.cleaned_data["filter"])
    filters = services.filters_from(query)
    export_format, columns = form.cleaned_data["format"], form.cleaned_data["columns"]
    limit = services.stream_limit(export_format)
    count = services.export_count(user=request.user, filters=filters, limit=limit)
    if not count:
        refusal = _("Geen enkele order voldoet aan het filter: er is niets te exporteren.")
        return _dialog(request, form, refusal=refusal, status=422)
    if count > limit:
        export = services.order_export_start(user=request.user, query=query, format=export_format, columns=columns)
        return redirect("orders_export:status", export.pk)
    language = translation.get_language()
    filename = services.export_filename(export_format)
    if export_format == ExportFormat.XLSX:
        content = services.xlsx_file(user=request.user, filters=filters, columns=columns, language=language)
        return FileResponse(
            content,
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    rates = services.rates_present() if "vat" in columns else []
    rows = services.csv_stream(user=request.user, filters=filters, columns=columns, rates=rates, language=language)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Accel-Buffering"] = "no"  # a proxy in front passes the rows on as they come
    return response


def _get(request, export_id: int) -> OrderExport:
    try:
        return services.order_export_for(user=request.user, export_id=export_id)
    except OrderExport.DoesNotExist:
        raise Http404(_("Die export bestaat niet.")) from None


@staff_required
@require_GET
def status(request, export_id):
    """The progress bar; it asks again every second (HTMX) until the export is done or failed."""
    export = _get(request, export_id)
    if services.order_export_requeue(export):
        export.refresh_from_db()
    context = {"export": export, "retention_days": settings.PRINT_RESULT_RETENTION_DAYS}
    return render_page_or_partial(request, "orders/export/status.html", "progress", context)


@staff_required
@require_GET
def download(request, export_id):
    export = _get(request, export_id)
    if export.status != ExportStatus.DONE or not export.file or export.is_expired:
        return redirect("orders_export:status", export.pk)
    try:
        content = default_storage.open(export.file, "rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van deze export is er niet meer.")) from None
    filename = services.export_filename(export.format, now=export.created_at)
    return FileResponse(content, as_attachment=True, filename=filename)
