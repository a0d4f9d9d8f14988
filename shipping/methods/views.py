"""ALGEMEEN > Instellingen > Verzendmethoden (Beheerder): the shop's shipping methods and their Track & Trace
links. Thin views: the form parses, `shipping_method_save` writes."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.decorators import permission_required
from backoffice.exceptions import ActionRefused
from orders.models import Carrier

from ..models import DEFAULT_TRACKING_URLS, ShippingMethod
from .forms import ShippingMethodForm
from .rules import SAMPLE_CODE, SAMPLE_COUNTRY, SAMPLE_POSTCODE, tracking_example, tracking_pattern_problem
from .services import shipping_method_save


@dataclass(frozen=True)
class TrackingExample:
    """What a method's link looks like: its own pattern or its carrier's, and the link for the sample parcel."""

    pattern: str
    is_default: bool
    carrier_label: str
    url: str
    problem: str | None = None


def _example(carrier: str, pattern: str) -> TrackingExample:
    carrier_label = Carrier(carrier).label if carrier in Carrier.values else ""
    problem = tracking_pattern_problem(pattern)
    if pattern:
        return TrackingExample(pattern, False, carrier_label, "" if problem else tracking_example(pattern), problem)
    default = DEFAULT_TRACKING_URLS.get(carrier, "")
    return TrackingExample(default, True, carrier_label, tracking_example(default))


def _sample() -> dict:
    return {"code": SAMPLE_CODE, "postcode": SAMPLE_POSTCODE, "country": SAMPLE_COUNTRY}


def _save(request, form: ShippingMethodForm, method: ShippingMethod | None) -> ShippingMethod | None:
    """The saved method, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    try:
        return shipping_method_save(
            method=method,
            name=form.cleaned_data["name"],
            carrier=form.cleaned_data["carrier"],
            tracking_url=form.cleaned_data["tracking_url"],
            actor=request.user,
        )
    except ActionRefused as refusal:
        form.add_error(None, refusal.message)
        return None


def _form_context(form: ShippingMethodForm) -> dict:
    data = form.data if form.is_bound else {}
    carrier = data.get("carrier", form["carrier"].initial or "")
    tracking = data.get("tracking_url", form["tracking_url"].initial or "").strip()
    return {"form": form, "example": _example(carrier, tracking), "sample": _sample()}


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def method_list(request):
    """The list of shipping methods, and the form that adds one."""
    form = ShippingMethodForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if method := _save(request, form, None):
            messages.success(request, _("Verzendmethode “%(name)s” is toegevoegd.") % {"name": method.name})
            return redirect("shipping_settings:list")
        status = 422
    rows = [(method, _example(method.carrier, method.tracking_url)) for method in ShippingMethod.objects.all()]
    context = {"rows": rows, **_form_context(form)}
    return render(request, "shipping/settings/methods.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_http_methods(["GET", "POST"])
def method_edit(request, pk: int):
    method = get_object_or_404(ShippingMethod, pk=pk)
    form = ShippingMethodForm(request.POST if request.method == "POST" else None, method=method)
    status = 200
    if request.method == "POST":
        if saved := _save(request, form, method):
            messages.success(request, _("Verzendmethode “%(name)s” is opgeslagen.") % {"name": saved.name})
            return redirect("shipping_settings:list")
        status = 422
    context = {"method": method, **_form_context(form)}
    return render(request, "shipping/settings/method_edit.html", context, status=status)


@permission_required("backoffice.manage_shop")
@require_POST
def tracking_example_preview(request):
    """The example link beside the form, while typing."""
    example = _example(request.POST.get("carrier", ""), request.POST.get("tracking_url", "").strip())
    return render(request, "shipping/settings/form.html#example", {"example": example, "sample": _sample()})
