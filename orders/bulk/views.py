"""Bulk actions from VERKOOP > Orders: the confirmation dialog, the start, the progress page with the summary.

The list's Bulkacties menu posts the list's choice (the same fields as Pakbonnen printen) to `confirm`, which
answers with the dialog: the action's parameters and how many orders it is for. The dialog posts to `start`,
which starts the run and goes to its progress page. Any staff member may follow any run, like any order.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from backoffice.decorators import staff_required
from backoffice.exceptions import ActionRefused
from backoffice.htmx import render_page_or_partial, vary_on_htmx

from .. import bulk
from .forms import BulkSelectionForm
from .models import BulkRun
from .services import bulk_order_ids, bulk_run_for, bulk_run_requeue, bulk_run_start, bulk_run_summary

DIALOG = "orders/bulk/confirm.html"


def _action(request, name: str) -> bulk.BulkAction:
    action = bulk.get(name)
    if action is None:
        raise Http404(_("Die bulkactie bestaat niet."))
    if not action.may(request.user):  # what she may not do by hand, she may not do in bulk
        raise PermissionDenied
    return action


def _chosen(selection: BulkSelectionForm, user) -> list[int]:
    """The ids of the chosen orders, or ActionRefused with the reason (an invalid choice included)."""
    if not selection.is_valid():
        raise ActionRefused(" ".join(str(error) for errors in selection.errors.values() for error in errors))
    return bulk_order_ids(user=user, order_ids=selection.order_ids(), filters=selection.filters())


def _dialog(request, action, selection, form, *, count=None, refusal=None, status=200):
    """The dialog: alone for HTMX (into the list's #bulk-dialog-slot), as a page of its own otherwise."""
    context = {
        "bulk_action": action,
        "selection": selection.carried_on() if selection.is_valid() else None,
        "all_matching": selection.is_valid() and selection.cleaned_data["all_matching"],
        "form": form,
        "count": count,
        "refusal": refusal,
        "back": _back(selection),
    }
    template = f"{DIALOG}#dialog" if request.htmx else DIALOG
    return vary_on_htmx(render(request, template, context, status=status))


def _back(selection: BulkSelectionForm) -> str:
    """The orders list as it was: with its filter."""
    query = selection.cleaned_data.get("filter", "") if selection.is_valid() else ""
    return reverse("orders:list") + (f"?{query}" if query else "")


@staff_required
@require_POST
def confirm(request, action):
    """The dialog for the list's choice: the parameters to fill in, the number of orders (or why it cannot be)."""
    action = _action(request, action)
    selection = BulkSelectionForm(request.POST)
    form = action.form(None)
    try:
        ids = _chosen(selection, request.user)
    except ActionRefused as refusal:
        return _dialog(request, action, selection, form, refusal=refusal.message, status=422)
    return _dialog(request, action, selection, form, count=len(ids))


@staff_required
@require_POST
def start(request, action):
    """Start the run and go to its progress page; the dialog again (422) with the reason when it cannot start."""
    action = _action(request, action)
    selection = BulkSelectionForm(request.POST)
    form = action.form(request.POST)
    try:
        ids = _chosen(selection, request.user)
    except ActionRefused as refusal:
        return _dialog(request, action, selection, form, refusal=refusal.message, status=422)
    if not form.is_valid():
        return _dialog(request, action, selection, form, count=len(ids), status=422)
    try:
        run = bulk_run_start(
            user=request.user,
            action=action,
            params=action.params(form),
            order_ids=selection.order_ids(),
            filters=selection.filters(),
            submit_key=selection.cleaned_data["run_key"],
        )
    except ActionRefused as refusal:
        return _dialog(request, action, selection, form, refusal=refusal.message, status=422)
    url = reverse("orders_bulk:status", args=[run.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@staff_required
@require_GET
def status(request, run_id):
    """The progress bar and, at the end, the summary; it asks again every second (HTMX) until the run is done."""
    try:
        run = bulk_run_for(user=request.user, run_id=run_id)
    except BulkRun.DoesNotExist:
        raise Http404(_("Die bulkactie bestaat niet.")) from None
    if bulk_run_requeue(run):  # only when its job was lost (run in-process, it is done by now)
        run.refresh_from_db()
    action = bulk.get(run.action)
    context = {"run": run, "label": action.label if action else run.action, **bulk_run_summary(run)}
    return render_page_or_partial(request, "orders/bulk/status.html", "progress", context)
