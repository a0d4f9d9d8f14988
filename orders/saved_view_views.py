"""The saved views' popups (Weergave opslaan, Hernoemen, Verwijderen) and the tabs' counts. Thin: the forms parse,
orders/saved_views.py decides and writes. A popup is the shared <dialog> (backoffice/_dialog.html): alone for HTMX,
or, without JavaScript, on a page of its own."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.htmx import vary_on_htmx

from . import rules, saved_views
from .forms import ConfirmForm, SavedViewForm, SavedViewRenameForm
from .models import SavedView

DIALOG = "orders/saved_view_dialog.html"


def _view_or_404(request, view_id: int) -> SavedView:
    try:
        return saved_views.saved_view_for(user=request.user, pk=view_id)
    except SavedView.DoesNotExist:
        raise Http404(_("Deze weergave bestaat niet (meer).")) from None


def _dialog(request, context: dict, *, status: int = 200):
    template = f"{DIALOG}#dialog" if request.htmx else DIALOG
    return vary_on_htmx(render(request, template, context, status=status))


def _go(request, url: str):
    """Done: to the list as `url` shows it, the whole page (the tabs, the list and the message)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _list_url(view: SavedView | None) -> str:
    base = reverse("orders:list")
    return f"{base}?{view.query}" if view is not None and view.query else base


@staff_required
@require_GET
def counts(request):
    """The tabs' counts, asked for by the tab bar once the list is on screen (out-of-band spans, one per tab)."""
    context = {"counts": saved_views.saved_view_counts(user=request.user)}
    return render(request, "orders/_saved_views.html#counts", context)


@staff_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Weergave opslaan: the list's current filter, sort and search under a name."""
    can_share = rules.saved_view_share_refusal(request.user) is None
    if request.method == "GET":
        form = SavedViewForm(initial={"query": request.GET.get("query", "")[:1000]}, can_share=can_share)
        return _dialog(request, {"form": form, "kind": "create"})
    form = SavedViewForm(request.POST, can_share=can_share)
    if form.is_valid():
        try:
            view = saved_views.saved_view_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                shared=form.cleaned_data.get("shared", False),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("De weergave “%(name)s” is opgeslagen.") % {"name": view.name})
            return _go(request, _list_url(view))
    return _dialog(request, {"form": form, "kind": "create"}, status=422)


@staff_required
@require_http_methods(["GET", "POST"])
def rename(request, view_id):
    view = _view_or_404(request, view_id)
    refusal = rules.saved_view_change_refusal(view, request.user)
    context = {"view": view, "kind": "rename", "refusal": refusal}
    if request.method == "GET":
        form = SavedViewRenameForm(initial={"name": saved_views.saved_view_label(view)})
        return _dialog(request, {**context, "form": form})
    form = SavedViewRenameForm(request.POST)
    if form.is_valid():
        try:
            view = saved_views.saved_view_rename(actor=request.user, view=view, name=form.cleaned_data["name"])
        except ActionRefused as refused:
            form.add_error(None, refused.message)
            context["refusal"] = rules.saved_view_change_refusal(view, request.user)
        else:
            messages.success(request, _("De weergave heet nu “%(name)s”.") % {"name": view.name})
            return _go(request, _list_url(view))
    return _dialog(request, {**context, "form": form}, status=422)


@staff_required
@require_http_methods(["GET", "POST"])
def delete(request, view_id):
    view = _view_or_404(request, view_id)
    label = saved_views.saved_view_label(view)
    context = {
        "view": view,
        "label": label,
        "kind": "delete",
        "refusal": rules.saved_view_change_refusal(view, request.user),
    }
    form = ConfirmForm(request.POST or None)
    if request.method == "GET":
        return _dialog(request, {**context, "form": form})
    try:
        saved_views.saved_view_delete(actor=request.user, view=view)
    except ActionRefused as refused:
        return _dialog(request, {**context, "form": form, "refusal": refused.message}, status=422)
    messages.success(request, _("De weergave “%(name)s” is verwijderd.") % {"name": label})
    return _go(request, _list_url(None))
