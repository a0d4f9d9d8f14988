"""Status wijzigen as a bulk action of VERKOOP > Orders (orders/bulk/): the Status block's choice for many orders,
order by order through the same service (`order_custom_status_set`, its refusals, history and e-mail)."""

from django.utils.translation import gettext as _

from backoffice.exceptions import ActionRefused
from orders.models import Order

from .forms import OrderStatusForm
from .models import CustomStatus
from .services import order_custom_status_set


def form(data=None) -> OrderStatusForm:
    """The drop-down of the Status block: the active statuses, or back to the system status."""
    return OrderStatusForm(data, choices=list(CustomStatus.objects.active().in_order()))


def params(form: OrderStatusForm) -> dict:
    return {"status": form.cleaned_data["status"]}  # a status's id as text, "" for the system status


def perform(*, order: Order, actor, params: dict) -> Order:
    status = None
    if params.get("status"):
        status = CustomStatus.objects.filter(pk=int(params["status"])).first()
        if status is None:  # deleted since the run started (a status no order ever had can be)
            raise ActionRefused(_("Die status bestaat niet meer."))
    return order_custom_status_set(order=order, status=status, actor=actor)
