from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import permission_required, staff_required
from backoffice.exceptions import ActionRefused
from backoffice.languages import enabled_language, language_name
from backoffice.models import ShopSettings

from . import registry, selectors, services
from .forms import EmailTemplateForm
from .models import OutboxMessage


def _kind_and_language(kind: str, language: str) -> tuple[registry.Kind, str]:
    try:
        language = enabled_language(language)
    except ActionRefused:
        raise Http404(_("Deze e-mail of taal bestaat niet.")) from None
    if (known := registry.email_kind(kind)) is None:
        raise Http404(_("Deze e-mail of taal bestaat niet."))
    return known, language


@permission_required("backoffice.manage_shop")
@require_GET
def template_list(request):
    return render(request, "notifications/templates.html", {"rows": selectors.email_template_list()})


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def template_edit(request, kind, language):
    kind, language = _kind_and_language(kind, language)
    subject, body, is_custom = selectors.email_template_texts(kind.value, language)
    form = EmailTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.email_template_save(
                    kind=kind.value,
                    language=language,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    actor=request.user,
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("De tekst van “%(kind)s” is opgeslagen.") % {"kind": kind.label})
                return redirect("notifications:template", kind.value, language)
        status = 422
    data = form.data if form.is_bound else form.initial
    preview = selectors.email_template_preview(
        kind=kind.value,
        language=language,
        subject=data.get("subject", ""),
        body=data.get("body", ""),
        order_number=data.get("order", ""),
    )
    context = {
        "kind": kind,
        "language": language,
        "language_name": language_name(language),
        "languages": ShopSettings.load().enabled_languages,
        "form": form,
        "is_custom": is_custom,
        "placeholders": registry.placeholders(kind.value),
        "preview": preview,
    }
    return render(request, "notifications/template_edit.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_POST
def template_preview(request, kind, language):
    """The live preview beside the editor, while typing."""
    kind, language = _kind_and_language(kind, language)
    preview = selectors.email_template_preview(
        kind=kind.value,
        language=language,
        subject=request.POST.get("subject", ""),
        body=request.POST.get("body", ""),
        order_number=request.POST.get("order", ""),
    )
    return render(request, "notifications/template_edit.html#preview", {"preview": preview})


@permission_required("backoffice.manage_shop")
@require_POST
def template_reset(request, kind, language):
    kind, language = _kind_and_language(kind, language)
    services.email_template_reset(kind=kind.value, language=language, actor=request.user)
    messages.success(request, _("“%(kind)s” gebruikt weer de standaardtekst.") % {"kind": kind.label})
    return redirect("notifications:template", kind.value, language)


@staff_required
@require_GET
def outbox_message(request, message_id):
    """An e-mail exactly as it was sent (or is waiting to be), opened from the order's history."""
    try:
        message = selectors.outbox_message_for_staff(user=request.user, message_id=message_id)
    except OutboxMessage.DoesNotExist:
        raise Http404(_("Deze e-mail bestaat niet.")) from None
    template = "notifications/message.html#dialog" if request.htmx else "notifications/message.html"
    return render(request, template, {"message": message})
