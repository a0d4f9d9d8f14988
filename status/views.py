"""The Status block (choose a custom status for an order) and ALGEMEEN > Instellingen > Workflow > Order status.
Thin views: the form parses, a service writes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import permission_required, staff_required
from backoffice.exceptions import ActionRefused
from orders.pages import block_answer, get_order_or_404

from . import selectors, services
from .forms import CustomStatusForm, OrderStatusForm
from .models import CustomStatus


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "status/block.html#block", {"order": order, **selectors.status_block(order)})


def _chosen_message(order) -> str:
    if order.custom_status_id is None:
        return _("De order toont weer de systeemstatus: %(status)s.") % {"status": order.get_status_display()}
    return _("De status is nu “%(status)s”.") % {"status": order.custom_status.name}


@staff_required
@require_POST
def choose(request, number):
    """The drop-down: a custom status, or back to the system status."""
    order = get_order_or_404(request, number)
    form = OrderStatusForm(request.POST, choices=selectors.status_block(order)["status_block"].choices)
    return block_answer(
        request,
        order,
        lambda: services.order_custom_status_set(order=order, status=form.chosen(), actor=request.user),
        form=form,
        done=_chosen_message,
        partial="status/block.html#posted",
        partial_context=selectors.status_block,
    )


# --- ALGEMEEN > Instellingen > Workflow > Order status ---------------------------------------------------------


def _save(request, form: CustomStatusForm, status: CustomStatus | None) -> CustomStatus | None:
    """The saved status, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    values = {
        "names": form.names(),
        "colour": form.cleaned_data["colour"],
        "mail_customer": form.cleaned_data["mail_customer"],
        "actor": request.user,
    }
    try:
        if status is None:
            return services.custom_status_create(**values)
        return services.custom_status_update(status=status, **values)
    except ActionRefused as refusal:
        form.add_error(None, refusal.message)
        return None


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def settings_list(request):
    """Every custom status with its actions, and the form that adds one."""
    form = CustomStatusForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if added := _save(request, form, None):
            messages.success(request, _("Status “%(name)s” is toegevoegd.") % {"name": added.name})
            return redirect("status:settings")
        status = 422
    context = {"statuses": selectors.custom_status_list(), "form": form}
    return render(request, "status/settings/list.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def settings_edit(request, pk: int):
    custom = get_object_or_404(CustomStatus, pk=pk)
    form = CustomStatusForm(request.POST if request.method == "POST" else None, status=custom)
    status = 200
    if request.method == "POST":
        if saved := _save(request, form, custom):
            messages.success(request, _("Status “%(name)s” is opgeslagen.") % {"name": saved.name})
            return redirect("status:settings")
        status = 422
    return render(request, "status/settings/edit.html", {"custom": custom, "form": form}, status=status)


def _settings_action(request, action, done: str):
    """Omhoog, Omlaag, Deactiveren, Activeren, Verwijderen: the service, then the list with what happened."""
    try:
        action()
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect("status:settings")


@permission_required("backoffice.manage_shop")
@require_POST
def settings_move(request, pk: int, direction: str):
    custom = get_object_or_404(CustomStatus, pk=pk)
    up = direction == "up"
    return _settings_action(
        request,
        lambda: services.custom_status_move(status=custom, up=up, actor=request.user),
        _("“%(name)s” staat een plaats hoger.") % {"name": custom.name}
        if up
        else _("“%(name)s” staat een plaats lager.") % {"name": custom.name},
    )


@permission_required("backoffice.manage_shop")
@require_POST
def settings_active(request, pk: int):
    custom = get_object_or_404(CustomStatus, pk=pk)
    active = not custom.is_active
    return _settings_action(
        request,
        lambda: services.custom_status_activate(status=custom, active=active, actor=request.user),
        _("“%(name)s” is weer actief.") % {"name": custom.name}
        if active
        else _("“%(name)s” is gedeactiveerd; orders met deze status houden hem.") % {"name": custom.name},
    )


@permission_required("backoffice.manage_shop")
@require_POST
def settings_delete(request, pk: int):
    custom = get_object_or_404(CustomStatus, pk=pk)
    return _settings_action(
        request,
        lambda: services.custom_status_delete(status=custom, actor=request.user),
        _("“%(name)s” is verwijderd.") % {"name": custom.name},
    )
