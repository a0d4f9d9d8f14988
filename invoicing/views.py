from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.languages import enabled_language, language_name
from backoffice.models import ShopSettings
from orders.pages import block_answer, get_order_or_404, render_order_dialog, render_order_page

from . import selectors, services
from .forms import CreditForm, InvoiceEditForm
from .models import DocumentStatus, Invoice
from .pdf import merge_pdfs
from .rules import LOCKED_FIELD_LABELS, creditable, open_invoices


def _context(order, **extra) -> dict:
    return {"order": order, **selectors.invoices_block(order), **extra}


# After a change: the block afresh (out of band), the popup closed, the message shown, the other blocks told.
POSTED = "invoicing/block.html#posted"


def _get_invoice(order, invoice_number: str) -> Invoice:
    try:
        return Invoice.objects.select_related("credited_invoice").get(order=order, number=invoice_number)
    except Invoice.DoesNotExist:
        raise Http404(_("Factuur %(number)s hoort niet bij deze order.") % {"number": invoice_number}) from None


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "invoicing/block.html#block", _context(order))


@staff_required
@require_GET
def tab(request, number):
    order = get_order_or_404(request, number)
    context = _context(order, document_languages=ShopSettings.load().enabled_languages)
    return render_order_page(request, order, tab="invoices", template="invoicing/tab.html", context=context)


@staff_required
@require_POST
def issue(request, number):
    """Factuur aanmaken: its answer goes to the popup slot (empty); a refusal shows in the block, in place."""
    order = get_order_or_404(request, number)
    return block_answer(
        request,
        order,
        lambda: services.invoice_issue(order=order, actor=request.user),
        done=lambda invoice: _("Factuur %(number)s is aangemaakt.") % {"number": invoice.number},
        partial=POSTED,
        partial_context=_context,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request, number, invoice_number):
    """The blue i: GET the popup; POST "Factuur aanpassen" stores what may change on an issued invoice."""
    order = get_order_or_404(request, number)
    invoice = _get_invoice(order, invoice_number)
    form = InvoiceEditForm(request.POST if request.method == "POST" else None, invoice=invoice)
    dialog = ("invoicing/block.html#edit", {"invoice": invoice, "form": form})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    # A field that is fixed on an issued invoice is refused by the service, with the reason.
    locked = {field: request.POST[field] for field in LOCKED_FIELD_LABELS if field in request.POST}
    return block_answer(
        request,
        order,
        lambda: services.invoice_update(invoice=invoice, actor=request.user, changes=form.cleaned_data | locked),
        form=form,
        dialog=dialog,
        done=_("Factuur %(number)s is aangepast.") % {"number": invoice.number},
        partial=POSTED,
        partial_context=_context,
    )


@staff_required
@require_POST
def resend(request, number, invoice_number):
    """Opnieuw versturen: from the popup; a refusal (sent a moment ago) comes back in the popup."""
    order = get_order_or_404(request, number)
    invoice = _get_invoice(order, invoice_number)
    return block_answer(
        request,
        order,
        lambda: services.invoice_resend(invoice=invoice, actor=request.user),
        dialog=("invoicing/block.html#edit", {"invoice": invoice, "form": InvoiceEditForm(invoice=invoice)}),
        done=_("Factuur %(number)s is opnieuw naar %(email)s gestuurd.") % {
            "number": invoice.number, "email": order.email,
        },
        partial=POSTED,
        partial_context=_context,
    )  # fmt: skip


@staff_required
@require_http_methods(["GET", "POST"])
def credit(request, number):
    """Credit factuur aanmaken: all of an invoice, or chosen quantities per line."""
    order = get_order_or_404(request, number)
    candidates = open_invoices(selectors.order_invoices(order))
    if not candidates:
        message = _("Deze order heeft geen factuur die nog gecrediteerd kan worden.")
        return render_order_dialog(request, order, "invoicing/block.html#credit", {"refusal": message}, status=422)
    chosen = request.POST.get("invoice") or request.GET.get("invoice")
    invoice = next((candidate for candidate in candidates if candidate.number == chosen), candidates[-1])
    form = CreditForm(request.POST if request.method == "POST" else None, remaining=creditable(invoice))
    dialog = ("invoicing/block.html#credit", {"invoice": invoice, "candidates": candidates, "form": form})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    everything = "everything" in request.POST
    return block_answer(
        request,
        order,
        lambda: services.credit_invoice_create(
            invoice=invoice,
            actor=request.user,
            quantities=None if everything else form.quantities(),
            send=form.cleaned_data["send"],
            submit_key=form.cleaned_data["submit_key"],
        ),
        form=form,
        dialog=dialog,
        done=lambda credit_invoice: _("Creditfactuur %(number)s is aangemaakt.") % {"number": credit_invoice.number},
        partial=POSTED,
        partial_context=_context,
    )


def _pdf_response(content, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _language(request, order) -> str:
    return enabled_language(request.GET.get("language") or selectors.print_options(order)["print_language"])


def _pending(request, order, *, url: str, what: str):
    """ "PDF wordt gemaakt…": the fragment asks again every second and is replaced when the PDF is there."""
    context = {"order": order, "poll_url": url, "what": what}
    if request.htmx:
        return render(request, "invoicing/block.html#pending", context, status=202)
    response = render(request, "invoicing/pending.html", context, status=202)
    response["Refresh"] = f"2; url={url}"
    return response


@staff_required
@require_GET
def document(request, number, invoice_number):
    """One invoice's stored PDF (the current revision), in ?language= or the customer's language."""
    order = get_order_or_404(request, number)
    invoice = _get_invoice(order, invoice_number)
    asked = request.GET.get("language")
    try:
        language = enabled_language(asked) if asked else invoice.language
    except ActionRefused as refusal:
        raise Http404(refusal.message) from None
    [stored] = services.invoice_documents_request(invoices=[invoice], language=language)
    if stored.status != DocumentStatus.READY:
        return _pending(request, order, url=request.get_full_path(), what=invoice.number)
    return FileResponse(
        default_storage.open(stored.file, "rb"), content_type="application/pdf", filename=f"{invoice.number}.pdf"
    )


@staff_required
@require_GET
def print_invoices(request, number):
    """Print facturen: once every invoice's PDF in the chosen language is stored, off to the merged download;
    until then "PDF wordt gemaakt…", asked again every second."""
    order = get_order_or_404(request, number)
    try:
        language = _language(request, order)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("orders:dashboard", number)
    invoices = selectors.order_invoices(order)
    if not invoices:
        messages.error(request, _("Deze order heeft nog geen facturen."))
        return redirect("orders:dashboard", number)
    documents = services.invoice_documents_request(invoices=invoices, language=language)
    print_url = f"{reverse('invoicing:print', args=[order.number])}?language={language}"
    if any(document.status != DocumentStatus.READY for document in documents):
        return _pending(request, order, url=f"{print_url}&poll=1", what=_("de facturen"))
    download = f"{reverse('invoicing:print_pdf', args=[order.number])}?language={language}"
    if request.htmx and request.GET.get("poll"):  # it was being made: now the link, no surprise download
        context = {"download_url": download, "language_name": language_name(language)}
        return render(request, "invoicing/block.html#print_ready", context)
    return HttpResponseClientRedirect(download) if request.htmx else redirect(download)


@staff_required
@require_GET
def print_pdf(request, number):
    """All invoices and credit invoices of the order as one PDF: the stored files merged, nothing re-rendered."""
    order = get_order_or_404(request, number)
    try:
        language = _language(request, order)
    except ActionRefused as refusal:
        raise Http404(refusal.message) from None
    files = selectors.print_files(order, language)
    if files is None:  # not all stored yet: the page that waits for them
        return redirect(f"{reverse('invoicing:print', args=[order.number])}?language={language}")
    opened = [default_storage.open(path, "rb") for path in files]
    try:
        content = merge_pdfs(opened)
    finally:
        for file in opened:
            file.close()
    return _pdf_response(content, f"facturen-{order.number}-{language}.pdf", attachment=True)
