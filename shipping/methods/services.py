"""Every write of ALGEMEEN > Instellingen > Verzendmethoden: add or change a shipping method.

Orders name their shipping method (`Order.shipping_method`); a ShippingMethod with that name gives the
parcel's Track & Trace link (`services.tracking_url_pattern`). Methods are never deleted: a name the webshop
no longer sends simply matches no order.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from backoffice import audit
from backoffice.exceptions import ActionRefused
from backoffice.models import ShopSettings
from orders.models import Carrier

from ..models import ShippingMethod
from .rules import shipping_method_name_problem, tracking_pattern_problem

AUDITED_FIELDS = ("name", "carrier", "tracking_url")  # what the configuration log records, old → new


@transaction.atomic
def shipping_method_save(
    *, method: ShippingMethod | None = None, name: str, carrier: str, tracking_url: str, actor
) -> ShippingMethod:
    """Add a shipping method (no `method`) or change `method`: its name, carrier and Track & Trace link
    (empty: the carrier's own link). Parcels marked shipped from now on get the new link; shipments that
    were already shipped keep the link they were sent with."""
    # Settings writes queue on the shop's settings row: two clicks on Toevoegen add one method (the second
    # sees the first's name), and two people can't slip names that differ only in case past each other.
    ShopSettings.objects.select_for_update().get(pk=ShopSettings.load().pk)
    if method is not None:
        method = ShippingMethod.objects.select_for_update().get(pk=method.pk)
    name, tracking_url = name.strip(), tracking_url.strip()
    if problem := shipping_method_name_problem(name, method=method):
        raise ActionRefused(problem)
    if carrier not in Carrier.values:
        raise ActionRefused(_("Kies een vervoerder uit de lijst."))
    if problem := tracking_pattern_problem(tracking_url):
        raise ActionRefused(problem)
    adding = method is None
    method = method or ShippingMethod()
    before = {} if adding else audit.values(method, AUDITED_FIELDS)
    method.name, method.carrier, method.tracking_url = name, carrier, tracking_url
    method.save()
    audit.audit_record(
        actor=actor,
        area="shipping_method",
        subject=before.get("name") or method.name,
        object_id=method.pk,
        action=audit.Action.CREATED if adding else audit.Action.CHANGED,
        changes=audit.diff(before, audit.values(method, AUDITED_FIELDS)),
    )
    return method
